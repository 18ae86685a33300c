// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: registration of remote processors and their life cycle.
 *
 * Boot: firmware -> ELF check -> prepare -> map memory -> resource table (copied, checked,
 * resources applied to the copy) -> segments loaded -> the copy written over the table in
 * the remote's memory -> vendor resources -> start. Shutdown undoes it in reverse. Both run
 * under rproc->lock, so sysfs, /dev/remoteprocN and the platform driver see one state.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/amp/rproc_elf.h>
#include <linux/dma-mapping.h>
#include <linux/firmware.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "amp_rproc_internal.h"

#define AMP_RPROC_RSC_SECTION	".resource_table"

static DEFINE_IDA(amp_rproc_ida);

static void amp_rproc_abandon_boot(struct amp_rproc *rproc);
static int amp_rproc_stop_op(struct amp_rproc *rproc);
static void amp_rproc_keep_running_boot(struct amp_rproc *rproc);
static void amp_rproc_crash_work(struct work_struct *work);

static const char * const amp_rproc_state_names[] = {
	[AMP_RPROC_OFFLINE]	= "offline",
	[AMP_RPROC_SUSPENDED]	= "suspended",
	[AMP_RPROC_RUNNING]	= "running",
	[AMP_RPROC_CRASHED]	= "crashed",
	[AMP_RPROC_DELETED]	= "deleted",
	[AMP_RPROC_ATTACHED]	= "attached",
	[AMP_RPROC_DETACHED]	= "detached",
};

/**
 * amp_rproc_state_name() - sysfs name of a state
 * @state: the state
 *
 * Return: the name, "invalid" for a value out of range.
 */
const char *amp_rproc_state_name(enum amp_rproc_state state)
{
	if (state >= ARRAY_SIZE(amp_rproc_state_names))
		return "invalid";
	return amp_rproc_state_names[state];
}
EXPORT_SYMBOL_GPL(amp_rproc_state_name);

static void amp_rproc_release(struct device *dev)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	struct amp_rproc_mem *mem, *tmp;

	amp_rproc_traces_free(rproc);
	list_for_each_entry_safe(mem, tmp, &rproc->mems, node) {
		list_del(&mem->node);
		kfree(mem);
	}
	kfree(rproc->firmware);
	kfree_const(rproc->name);
	if (rproc->index >= 0)
		ida_free(&amp_rproc_ida, rproc->index);
	mutex_destroy(&rproc->vq_lock);
	mutex_destroy(&rproc->lock);
	kfree(rproc);
}

struct class amp_rproc_class = {
	.name = "remoteproc",
	.dev_groups = amp_rproc_groups,
};

/**
 * amp_rproc_alloc() - allocate a remote processor
 * @dev: the platform device of the remote
 * @name: its name (sysfs "name"); copied
 * @ops: its operations; must outlive the remote; start and stop are required
 * @firmware: default firmware file name, or NULL for "rproc-<name>-fw"; copied
 * @priv_len: bytes of driver data to allocate with it (amp_rproc_priv())
 *
 * Context: may sleep.
 * Return: the remote, to be published with amp_rproc_add() and released with
 * amp_rproc_put(); NULL on bad arguments or no memory.
 */
struct amp_rproc *amp_rproc_alloc(struct device *dev, const char *name,
				  const struct amp_rproc_ops *ops, const char *firmware,
				  size_t priv_len)
{
	struct amp_rproc *rproc;

	if (!dev || !name || !ops || !ops->start || !ops->stop)
		return NULL;
	rproc = kzalloc(struct_size(rproc, priv, priv_len), GFP_KERNEL);
	if (!rproc)
		return NULL;
	mutex_init(&rproc->lock);
	mutex_init(&rproc->vq_lock);
	INIT_LIST_HEAD(&rproc->vdevs);
	INIT_LIST_HEAD(&rproc->mems);
	INIT_LIST_HEAD(&rproc->traces);
	INIT_WORK(&rproc->crash_work, amp_rproc_crash_work);
	spin_lock_init(&rproc->crash_lock);
	rproc->ops = ops;
	rproc->state = AMP_RPROC_OFFLINE;
	rproc->index = -1;
	device_initialize(&rproc->dev);
	/* From here on the device's release frees everything. */
	rproc->dev.release = amp_rproc_release;
	rproc->dev.parent = dev;
	rproc->dev.class = &amp_rproc_class;
	rproc->dev.dma_mask = dev->dma_mask;
	rproc->dev.coherent_dma_mask = dev->coherent_dma_mask;
	rproc->name = kstrdup_const(name, GFP_KERNEL);
	if (firmware)
		rproc->firmware = kstrdup(firmware, GFP_KERNEL);
	else
		rproc->firmware = kasprintf(GFP_KERNEL, "rproc-%s-fw", name);
	rproc->index = ida_alloc(&amp_rproc_ida, GFP_KERNEL);
	if (!rproc->name || !rproc->firmware || rproc->index < 0 ||
	    dev_set_name(&rproc->dev, "remoteproc%d", rproc->index)) {
		put_device(&rproc->dev);
		return NULL;
	}
	amp_rproc_cdev_prepare(rproc);
	return rproc;
}
EXPORT_SYMBOL_GPL(amp_rproc_alloc);

/**
 * amp_rproc_put() - drop the allocation's reference to a remote
 * @rproc: the remote, or NULL
 *
 * Undoes amp_rproc_alloc(); after amp_rproc_add(), call amp_rproc_del() first.
 * Context: may sleep.
 */
void amp_rproc_put(struct amp_rproc *rproc)
{
	if (rproc)
		put_device(&rproc->dev);
}
EXPORT_SYMBOL_GPL(amp_rproc_put);

static void devm_amp_rproc_put(void *rproc)
{
	amp_rproc_put(rproc);
}

/**
 * devm_amp_rproc_alloc() - amp_rproc_alloc(), released when @dev is unbound
 * @dev: the platform device of the remote
 * @name: its name
 * @ops: its operations
 * @firmware: default firmware file name, or NULL
 * @priv_len: bytes of driver data
 *
 * Context: may sleep.
 * Return: the remote or NULL.
 */
struct amp_rproc *devm_amp_rproc_alloc(struct device *dev, const char *name,
				       const struct amp_rproc_ops *ops, const char *firmware,
				       size_t priv_len)
{
	struct amp_rproc *rproc = amp_rproc_alloc(dev, name, ops, firmware, priv_len);

	if (rproc && devm_add_action_or_reset(dev, devm_amp_rproc_put, rproc))
		return NULL;
	return rproc;
}
EXPORT_SYMBOL_GPL(devm_amp_rproc_alloc);

/**
 * amp_rproc_add() - publish a remote: sysfs, /dev/remoteprocN, debugfs
 * @rproc: the remote
 *
 * Context: may sleep.
 * Return: 0 or a negative errno.
 */
int amp_rproc_add(struct amp_rproc *rproc)
{
	int ret;

	ret = cdev_device_add(&rproc->cdev, &rproc->dev);
	if (ret)
		return ret;
	amp_rproc_debugfs_add(rproc);
	dev_info(&rproc->dev, "%s is available (firmware %s)\n", rproc->name, rproc->firmware);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_add);

/**
 * amp_rproc_del() - unpublish a remote, stopping it if it runs
 * @rproc: the remote
 *
 * After this no op of the platform driver is called again, even while files stay open
 * on /dev/remoteprocN: their calls fail with -ENODEV.
 * Context: may sleep.
 */
void amp_rproc_del(struct amp_rproc *rproc)
{
	/*
	 * No report queues the work after this; one queued before is waited for (with an
	 * inline coredump being read, up to devcoredump's timeout).
	 */
	spin_lock_irq(&rproc->crash_lock);
	rproc->crash_closed = true;
	spin_unlock_irq(&rproc->crash_lock);
	cancel_work_sync(&rproc->crash_work);
	mutex_lock(&rproc->lock);
	if ((rproc->state == AMP_RPROC_RUNNING || rproc->state == AMP_RPROC_CRASHED ||
	     rproc->state == AMP_RPROC_ATTACHED) && amp_rproc_shutdown(rproc)) {
		/*
		 * The remote would not stop and may still run: only our bookkeeping of the
		 * boot goes, never memory it may use.
		 */
		dev_err(&rproc->dev, "%s is deleted while its core may still run\n", rproc->name);
		amp_rproc_abandon_boot(rproc);
	}
	rproc->state = AMP_RPROC_DELETED;
	mutex_unlock(&rproc->lock);
	amp_rproc_debugfs_remove(rproc);
	cdev_device_del(&rproc->cdev, &rproc->dev);
}
EXPORT_SYMBOL_GPL(amp_rproc_del);

static void devm_amp_rproc_del(void *rproc)
{
	amp_rproc_del(rproc);
}

/**
 * devm_amp_rproc_add() - amp_rproc_add(), undone by amp_rproc_del() when @dev is unbound
 * @dev: the platform device of the remote
 * @rproc: the remote
 *
 * Context: may sleep.
 * Return: 0 or a negative errno.
 */
int devm_amp_rproc_add(struct device *dev, struct amp_rproc *rproc)
{
	int ret = amp_rproc_add(rproc);

	if (ret)
		return ret;
	return devm_add_action_or_reset(dev, devm_amp_rproc_del, rproc);
}
EXPORT_SYMBOL_GPL(devm_amp_rproc_add);

/**
 * amp_rproc_priv() - the platform driver's data of a remote
 * @rproc: the remote
 *
 * Return: the priv_len bytes allocated with the remote.
 */
void *amp_rproc_priv(struct amp_rproc *rproc)
{
	return rproc->priv;
}
EXPORT_SYMBOL_GPL(amp_rproc_priv);

/**
 * amp_rproc_dev() - the class device of a remote, for messages
 * @rproc: the remote
 *
 * Return: the device remoteprocN.
 */
struct device *amp_rproc_dev(struct amp_rproc *rproc)
{
	return &rproc->dev;
}
EXPORT_SYMBOL_GPL(amp_rproc_dev);

/**
 * amp_rproc_set_elf_machine() - require an ELF machine of the remote's firmware
 * @rproc: the remote, before amp_rproc_add()
 * @machine: e_machine (e.g. EM_AARCH64), or 0 for any
 */
void amp_rproc_set_elf_machine(struct amp_rproc *rproc, u16 machine)
{
	rproc->elf_machine = machine;
}
EXPORT_SYMBOL_GPL(amp_rproc_set_elf_machine);

/**
 * amp_rproc_bootaddr() - entry point of the loaded firmware
 * @rproc: the remote
 *
 * Context: from the start op (the core holds the remote's lock).
 * Return: the ELF entry point.
 */
u64 amp_rproc_bootaddr(struct amp_rproc *rproc)
{
	lockdep_assert_held(&rproc->lock);
	return rproc->bootaddr;
}
EXPORT_SYMBOL_GPL(amp_rproc_bootaddr);

/**
 * amp_rproc_set_firmware() - change the firmware file name
 * @rproc: the remote
 * @name: the new name, not NUL-terminated; a trailing newline is dropped
 * @len: its length
 *
 * Context: may sleep; takes the remote's lock.
 * Return: 0, -EBUSY unless the remote is offline, -EINVAL for a name that is empty, too
 * long or holds a NUL or a newline, -ENOMEM.
 */
int amp_rproc_set_firmware(struct amp_rproc *rproc, const char *name, size_t len)
{
	char *copy;
	int ret = 0;

	if (len && name[len - 1] == '\n')
		len--;
	if (!len || len > NAME_MAX || memchr(name, '\0', len) || memchr(name, '\n', len))
		return -EINVAL;
	copy = kmemdup_nul(name, len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	mutex_lock(&rproc->lock);
	if (rproc->state != AMP_RPROC_OFFLINE)
		ret = -EBUSY;
	else
		swap(rproc->firmware, copy);
	mutex_unlock(&rproc->lock);
	kfree(copy);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_set_firmware);

static void *amp_rproc_elf_da_to_va(void *priv, u64 da, size_t len)
{
	return amp_rproc_da_to_va(priv, da, len);
}

/*
 * Take the table at @src (in the image, or in the running remote's memory) as this boot's:
 * copy it first, so a running remote cannot change it under the checks, then check the
 * copy, and find where it lies in the remote's memory (@da).
 */
static int amp_rproc_use_table(struct amp_rproc *rproc, const void *src, u64 da, u64 size)
{
	void *copy;
	int ret;

	if (!size || size > AMP_RPROC_MAX_TABLE_SIZE) {
		dev_err(&rproc->dev, "resource table: size 0x%llx not in 1..0x%x\n", size,
			AMP_RPROC_MAX_TABLE_SIZE);
		return -EINVAL;
	}
	/* its u32 fields are read and written in place, by the remote too */
	if (!IS_ALIGNED(da, sizeof(u32))) {
		dev_err(&rproc->dev, "resource table: da 0x%llx not 4-byte aligned\n", da);
		return -EINVAL;
	}
	copy = kmemdup(src, size, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	ret = amp_rsc_table_check(&rproc->dev, copy, size);
	if (ret)
		goto err_free_copy;
	rproc->loaded_table = amp_rproc_da_to_va(rproc, da, size);
	if (!rproc->loaded_table) {
		dev_err(&rproc->dev, "resource table at da 0x%llx size 0x%llx is outside every carveout\n",
			da, size);
		ret = -EINVAL;
		goto err_free_copy;
	}
	rproc->cached_table = copy;
	rproc->table_sz = size;
	rproc->table_da = da;
	return 0;

err_free_copy:
	kfree(copy);
	return ret;
}

/* The image's resource table, if it has one. */
static int amp_rproc_read_table(struct amp_rproc *rproc, const struct amp_elf_image *img)
{
	u64 addr, offset, size;
	int ret;

	ret = amp_elf_find_section(&rproc->dev, img, AMP_RPROC_RSC_SECTION, &addr, &offset,
				   &size);
	if (ret == -ENOENT) {
		dev_info(&rproc->dev, "%s has no resource table\n", rproc->firmware);
		return 0;
	}
	if (ret)
		return ret;
	if (offset > img->size || size > img->size - offset) {
		dev_err(&rproc->dev, "resource table: size 0x%llx at 0x%llx does not fit\n",
			size, offset);
		return -EINVAL;
	}
	return amp_rproc_use_table(rproc, img->data + offset, addr, size);
}

static void amp_rproc_free_table(struct amp_rproc *rproc)
{
	kfree(rproc->cached_table);
	rproc->cached_table = NULL;
	rproc->loaded_table = NULL;
	rproc->table_sz = 0;
	rproc->table_da = 0;
}

/*
 * Apply the table's resources, load the image's segments (none when attaching: @img NULL),
 * write the updated table over the remote's, and hand vendor entries to the platform.
 */
static int amp_rproc_apply(struct amp_rproc *rproc, const struct amp_elf_image *img)
{
	int ret;

	ret = amp_rproc_handle_resources(rproc);
	if (ret)
		goto err_release_resources;
	/*
	 * A check holds only until the next writer: the table must still pass after the
	 * host's own writes into the copy (it does, as entries may not overlap).
	 */
	if (rproc->cached_table &&
	    amp_rsc_table_check(&rproc->dev, rproc->cached_table, rproc->table_sz)) {
		dev_err(&rproc->dev, "resource table: no longer valid after the host's writes\n");
		ret = -EINVAL;
		goto err_release_resources;
	}
	if (img) {
		ret = amp_elf_load_segments(&rproc->dev, img, amp_rproc_elf_da_to_va, rproc);
		if (ret)
			goto err_release_resources;
		rproc->bootaddr = img->entry;
	}
	if (rproc->loaded_table)
		memcpy(rproc->loaded_table, rproc->cached_table, rproc->table_sz);
	ret = amp_rproc_handle_vendor_resources(rproc);
	if (ret)
		goto err_release_resources;
	return 0;

err_release_resources:
	amp_rproc_release_resources(rproc, false);
	amp_rproc_free_table(rproc);
	return ret;
}

static int amp_rproc_load(struct amp_rproc *rproc, const struct amp_elf_image *img)
{
	int ret = amp_rproc_read_table(rproc, img);

	return ret ? ret : amp_rproc_apply(rproc, img);
}

/**
 * amp_rproc_boot_image() - boot the remote from a firmware image in memory
 * @rproc: the remote, offline
 * @data: the ELF image
 * @size: its size
 *
 * The core's boot path after the firmware file is read; exported for the KUnit suite.
 * Context: may sleep; with the remote's lock held.
 * Return: 0, or a negative errno with the remote left offline and nothing held.
 */
int amp_rproc_boot_image(struct amp_rproc *rproc, const void *data, size_t size)
{
	struct amp_elf_image img;
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->state == AMP_RPROC_DELETED)
		return -ENODEV;
	if (rproc->state != AMP_RPROC_OFFLINE)
		return -EBUSY;
	/* A bad image is refused before anything is powered or mapped. */
	ret = amp_elf_check(&rproc->dev, data, size, rproc->elf_machine, &img);
	if (ret)
		return ret;
	/* The last boot's traces are kept until now: this boot makes its own. */
	amp_rproc_traces_free(rproc);

	if (rproc->ops->prepare) {
		ret = rproc->ops->prepare(rproc);
		if (ret)
			return ret;
	}
	ret = amp_rproc_map_mems(rproc);
	if (ret)
		goto err_unprepare;
	ret = amp_rproc_load(rproc, &img);
	if (ret)
		goto err_unmap;
	/* a new run: what is reported from now on is about it */
	WRITE_ONCE(rproc->boot_gen, rproc->boot_gen + 1);
	ret = rproc->ops->start(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot start %s: %d\n", rproc->name, ret);
		/* the platform could not make sure the core is off again */
		if (ret == -ETIMEDOUT)
			goto err_may_run;
		goto err_release_resources;
	}
	ret = amp_rproc_vdevs_register(rproc);
	if (ret)
		goto err_stop;
	rproc->state = AMP_RPROC_RUNNING;
	dev_info(&rproc->dev, "remote processor %s is up\n", rproc->name);
	return 0;

err_stop:
	amp_rproc_vdevs_remove(rproc);
	if (amp_rproc_stop_op(rproc))
		goto err_may_run;
err_release_resources:
	/* what the firmware printed says why it did not come up: keep it */
	amp_rproc_traces_stop(rproc);
	amp_rproc_release_resources(rproc, false);
	amp_rproc_free_table(rproc);
err_unmap:
	amp_rproc_unmap_mems(rproc);
err_unprepare:
	if (rproc->ops->unprepare)
		rproc->ops->unprepare(rproc);
	return ret;

err_may_run:
	amp_rproc_keep_running_boot(rproc);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_boot_image);

/*
 * Take over a remote that runs firmware the core did not load: its table (found by the
 * platform) is applied as a boot's would be, without loading anything.
 */
static int amp_rproc_attach(struct amp_rproc *rproc)
{
	const void *live;
	size_t size;
	u64 da;
	int ret;

	amp_rproc_traces_free(rproc);
	if (rproc->ops->prepare) {
		ret = rproc->ops->prepare(rproc);
		if (ret)
			return ret;
	}
	ret = amp_rproc_map_mems(rproc);
	if (ret)
		goto err_unprepare;
	ret = rproc->ops->find_loaded_rsc_table(rproc, &da, &size);
	if (ret) {
		dev_err(&rproc->dev, "cannot find the running firmware's resource table: %d\n",
			ret);
		goto err_unmap;
	}
	live = amp_rproc_da_to_va(rproc, da, size);
	if (!live) {
		dev_err(&rproc->dev, "running firmware's resource table at da 0x%llx size 0x%zx is outside every carveout\n",
			da, size);
		ret = -EINVAL;
		goto err_unmap;
	}
	ret = amp_rproc_use_table(rproc, live, da, size);
	if (ret)
		goto err_unmap;
	ret = amp_rproc_apply(rproc, NULL);
	if (ret)
		goto err_unmap;
	WRITE_ONCE(rproc->boot_gen, rproc->boot_gen + 1);
	ret = rproc->ops->attach(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot attach to %s: %d\n", rproc->name, ret);
		goto err_release_resources;
	}
	ret = amp_rproc_vdevs_register(rproc);
	if (ret)
		goto err_detach;
	rproc->state = AMP_RPROC_ATTACHED;
	dev_info(&rproc->dev, "attached to remote processor %s\n", rproc->name);
	return 0;

err_detach:
	amp_rproc_vdevs_remove(rproc);
	/* give it back as it was; if it cannot be, it runs in memory we must keep */
	if (rproc->ops->detach(rproc)) {
		amp_rproc_keep_running_boot(rproc);
		return ret;
	}
err_release_resources:
	amp_rproc_vdevs_remove(rproc);
	amp_rproc_release_resources(rproc, false);
	amp_rproc_free_table(rproc);
err_unmap:
	amp_rproc_unmap_mems(rproc);
err_unprepare:
	if (rproc->ops->unprepare)
		rproc->ops->unprepare(rproc);
	return ret;
}

/**
 * amp_rproc_boot() - start the remote: load the firmware file, or attach if it is detached
 * @rproc: the remote, offline or detached
 *
 * Context: may sleep; called with the remote's lock held.
 * Return: 0, or a negative errno with the remote left as it was and nothing held.
 */
int amp_rproc_boot(struct amp_rproc *rproc)
{
	const struct firmware *fw;
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->state == AMP_RPROC_DELETED)
		return -ENODEV;
	if (rproc->state == AMP_RPROC_DETACHED)
		return amp_rproc_attach(rproc);
	if (rproc->state != AMP_RPROC_OFFLINE)
		return -EBUSY;
	ret = request_firmware(&fw, rproc->firmware, &rproc->dev);
	if (ret) {
		dev_err(&rproc->dev, "cannot load firmware %s: %d\n", rproc->firmware, ret);
		return ret;
	}
	dev_info(&rproc->dev, "booting %s (%zu bytes)\n", rproc->firmware, fw->size);
	ret = amp_rproc_boot_image(rproc, fw->data, fw->size);
	release_firmware(fw);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_boot);

/* Everything a boot took, once the remote is stopped (its traces' content is kept). */
static void amp_rproc_release_boot(struct amp_rproc *rproc)
{
	amp_rproc_traces_stop(rproc);
	amp_rproc_release_resources(rproc, false);
	amp_rproc_free_table(rproc);
	amp_rproc_unmap_mems(rproc);
	if (rproc->ops->unprepare)
		rproc->ops->unprepare(rproc);
}

/*
 * The platform's stop op, with the verdict it gives: on failure the core may still run,
 * in the memory of this boot.
 */
static int amp_rproc_stop_op(struct amp_rproc *rproc)
{
	int ret = rproc->ops->stop(rproc);

	if (ret)
		dev_err(&rproc->dev, "cannot stop %s: %d\n", rproc->name, ret);
	return ret;
}

/*
 * A boot the platform could not stop (nor, after a failed attach, detach): the remote may
 * still run in its memory, so everything stays as it is (mapped, allocated, the table
 * kept) and the remote is marked crashed. Stopping it again is the only way out.
 */
static void amp_rproc_keep_running_boot(struct amp_rproc *rproc)
{
	rproc->state = AMP_RPROC_CRASHED;
	dev_err(&rproc->dev, "%s may still run: it keeps its memory and is marked crashed; stop it to try again\n",
		rproc->name);
}

/*
 * The remote goes away (amp_rproc_del()) while its core may still run: our bookkeeping of
 * the boot goes, but not the memory the core allocated for it, which is left to the remote
 * (leaked); the platform's reserved regions are never reused by Linux anyway.
 */
static void amp_rproc_abandon_boot(struct amp_rproc *rproc)
{
	amp_rproc_traces_stop(rproc);
	amp_rproc_release_resources(rproc, true);
	amp_rproc_free_table(rproc);
	amp_rproc_unmap_mems(rproc);
	if (rproc->ops->unprepare)
		rproc->ops->unprepare(rproc);
}

/**
 * amp_rproc_shutdown() - stop the remote and release what its boot took
 * @rproc: the remote, running or crashed
 *
 * The traces' content is kept for debugfs until the next boot.
 * Context: may sleep; called with the remote's lock held.
 * Return: 0, -EINVAL if the remote is not running, or the stop op's error (the remote
 * is then marked crashed and keeps its resources: it may still be using them).
 */
int amp_rproc_shutdown(struct amp_rproc *rproc)
{
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->state == AMP_RPROC_DELETED)
		return -ENODEV;
	if (rproc->state != AMP_RPROC_RUNNING && rproc->state != AMP_RPROC_CRASHED &&
	    rproc->state != AMP_RPROC_ATTACHED)
		return -EINVAL;
	/* an inline coredump is being read from its memory */
	if (rproc->dumping)
		return -EBUSY;

	amp_rproc_vdevs_remove(rproc);
	ret = amp_rproc_stop_op(rproc);
	if (ret) {
		amp_rproc_keep_running_boot(rproc);
		return ret;
	}
	amp_rproc_release_boot(rproc);
	rproc->state = AMP_RPROC_OFFLINE;
	dev_info(&rproc->dev, "stopped remote processor %s\n", rproc->name);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_shutdown);

static bool amp_rproc_has_allocations(struct amp_rproc *rproc)
{
	struct amp_rproc_mem *mem;

	list_for_each_entry(mem, &rproc->mems, node) {
		if (mem->from_table && mem->va)
			return true;
	}
	return false;
}

/**
 * amp_rproc_detach() - let the running remote go on without the core
 * @rproc: the remote, running or attached
 *
 * The virtio devices go, the core forgets the boot; the remote keeps running and can be
 * attached to again (by this core after the platform driver is loaded again, too).
 * Context: may sleep; called with the remote's lock held.
 * Return: 0; -EINVAL if the remote is not running or its platform cannot detach; -EBUSY if
 * the core allocated memory for the remote (it would be freed under it); the platform's
 * error.
 */
int amp_rproc_detach(struct amp_rproc *rproc)
{
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->state == AMP_RPROC_DELETED)
		return -ENODEV;
	if ((rproc->state != AMP_RPROC_RUNNING && rproc->state != AMP_RPROC_ATTACHED) ||
	    !rproc->ops->detach)
		return -EINVAL;
	if (amp_rproc_has_allocations(rproc)) {
		dev_err(&rproc->dev, "cannot detach %s: it uses memory the core allocated\n",
			rproc->name);
		return -EBUSY;
	}
	amp_rproc_vdevs_remove(rproc);
	ret = rproc->ops->detach(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot detach %s: %d\n", rproc->name, ret);
		/* still ours: give its virtio devices back */
		if (amp_rproc_vdevs_recreate(rproc))
			dev_err(&rproc->dev, "%s runs on without its virtio devices\n",
				rproc->name);
		return ret;
	}
	amp_rproc_release_boot(rproc);
	rproc->state = AMP_RPROC_DETACHED;
	dev_info(&rproc->dev, "detached remote processor %s\n", rproc->name);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_detach);

/**
 * amp_rproc_set_detached() - mark a remote as running firmware the core did not load
 * @rproc: the remote, before amp_rproc_add(); its ops have attach and find_loaded_rsc_table
 *
 * Starting it then attaches to it.
 */
void amp_rproc_set_detached(struct amp_rproc *rproc)
{
	if (WARN_ON(!rproc->ops->attach || !rproc->ops->find_loaded_rsc_table))
		return;
	rproc->state = AMP_RPROC_DETACHED;
}
EXPORT_SYMBOL_GPL(amp_rproc_set_detached);

/**
 * amp_rproc_loaded_table() - where this boot's resource table is in the remote's memory
 * @rproc: the remote
 * @da: its device address
 * @size: its size
 *
 * Context: with the remote's lock held (from an op).
 * Return: 0, or -ENOENT when the firmware has no table.
 */
int amp_rproc_loaded_table(struct amp_rproc *rproc, u64 *da, size_t *size)
{
	lockdep_assert_held(&rproc->lock);
	if (!rproc->loaded_table)
		return -ENOENT;
	*da = rproc->table_da;
	*size = rproc->table_sz;
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_loaded_table);

static const char * const amp_rproc_crash_reasons[] = {
	[AMP_RPROC_CRASH_EXCEPTION]	= "exception",
	[AMP_RPROC_CRASH_WATCHDOG]	= "watchdog",
	[AMP_RPROC_CRASH_PROTOCOL]	= "protocol violation",
};

/**
 * amp_rproc_crash_reason_name() - a crash reason as the log and the coredump name it
 * @reason: the reason
 *
 * Return: its name, or "unknown".
 */
const char *amp_rproc_crash_reason_name(enum amp_rproc_crash_reason reason)
{
	return reason < ARRAY_SIZE(amp_rproc_crash_reasons) ? amp_rproc_crash_reasons[reason] :
	       "unknown";
}
EXPORT_SYMBOL_GPL(amp_rproc_crash_reason_name);

/**
 * amp_rproc_report_crash() - the platform saw the remote crash
 * @rproc: the remote
 * @reason: why the platform thinks so
 *
 * The remote is marked crashed and, unless recovery is disabled, stopped (or found off)
 * and booted again, from a work item. A report while the remote is not running is ignored,
 * and so is one about a run that recovery has already replaced (it came in while the crash
 * was being handled, e.g. from the teardown of the crashed run).
 * Context: any; does not sleep.
 */
void amp_rproc_report_crash(struct amp_rproc *rproc, enum amp_rproc_crash_reason reason)
{
	unsigned long flags;

	spin_lock_irqsave(&rproc->crash_lock, flags);
	if (!rproc->crash_closed) {
		rproc->crash_reason = reason;
		rproc->crash_gen = READ_ONCE(rproc->boot_gen);
		queue_work(system_long_wq, &rproc->crash_work);
	}
	spin_unlock_irqrestore(&rproc->crash_lock, flags);
}
EXPORT_SYMBOL_GPL(amp_rproc_report_crash);

static void amp_rproc_crash_work(struct work_struct *work)
{
	struct amp_rproc *rproc = container_of(work, struct amp_rproc, crash_work);
	enum amp_rproc_crash_reason reason;
	unsigned int gen;
	int ret;

	spin_lock_irq(&rproc->crash_lock);
	reason = rproc->crash_reason;
	gen = rproc->crash_gen;
	spin_unlock_irq(&rproc->crash_lock);

	mutex_lock(&rproc->lock);
	if (rproc->state != AMP_RPROC_RUNNING && rproc->state != AMP_RPROC_ATTACHED)
		goto out_unlock;
	if (gen != rproc->boot_gen) {
		dev_dbg(&rproc->dev, "%s: stale crash report (%s) of run %u ignored in run %u\n",
			rproc->name, amp_rproc_crash_reason_name(reason), gen, rproc->boot_gen);
		goto out_unlock;
	}
	rproc->state = AMP_RPROC_CRASHED;
	rproc->crashes++;
	dev_err(&rproc->dev, "%s crashed (%s), crash %u; recovery %s\n", rproc->name,
		amp_rproc_crash_reason_name(reason), rproc->crashes,
		rproc->recovery_disabled ? "disabled" : "enabled");
	/* Before anything is stopped or released: the memory as the crash left it. */
	amp_rproc_coredump(rproc, reason);
	if (rproc->recovery_disabled)
		goto out_unlock;
	/* Recovery: stop (or find off) and boot again; on failure the state tells why. */
	ret = amp_rproc_shutdown(rproc);
	if (!ret)
		ret = amp_rproc_boot(rproc);
	if (ret)
		dev_err(&rproc->dev, "recovery of %s failed: %d; it is %s\n", rproc->name, ret,
			amp_rproc_state_name(rproc->state));
	else
		dev_info(&rproc->dev, "recovered %s\n", rproc->name);
out_unlock:
	mutex_unlock(&rproc->lock);
}

static int __init amp_rproc_init(void)
{
	int ret;

	/* Built in, the kernel's own core owns the class and /dev/remoteproc*: refuse cleanly. */
	if (IS_BUILTIN(CONFIG_REMOTEPROC)) {
		pr_err("the kernel's built-in remoteproc core owns the remoteproc class: use a kernel built with CONFIG_REMOTEPROC=n\n");
		/* not -EEXIST: modprobe would take that for "already loaded" */
		return -EBUSY;
	}
	ret = class_register(&amp_rproc_class);
	if (ret == -EEXIST) {
		pr_err("the kernel's remoteproc core (module remoteproc) owns the remoteproc class: unload it, or use a kernel built with CONFIG_REMOTEPROC=n\n");
		return -EBUSY;
	}
	if (ret)
		return ret;
	ret = amp_rproc_cdev_init();
	if (ret)
		goto err_unregister_class;
	amp_rproc_debugfs_init();
	return 0;

err_unregister_class:
	class_unregister(&amp_rproc_class);
	return ret;
}
module_init(amp_rproc_init);

static void __exit amp_rproc_exit(void)
{
	amp_rproc_debugfs_exit();
	amp_rproc_cdev_exit();
	class_unregister(&amp_rproc_class);
	ida_destroy(&amp_rproc_ida);
}
module_exit(amp_rproc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP remoteproc core");
