// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: registration of remote processors and their life cycle, behind
 * upstream's platform-driver API (<linux/remoteproc.h>).
 *
 * Boot: firmware -> ELF check -> sanity_check -> prepare -> carveouts checked -> parse_fw
 * (the table copied) -> the copy checked -> carveout entries claimed or allocated ->
 * carveouts mapped (their alloc callbacks) -> traces, vdevs, vendor entries -> the copy
 * checked again -> load (segments checked, copied) -> the copy written over the table in the
 * remote's memory -> start. Shutdown undoes it in reverse. Both run under rproc->lock, so
 * sysfs, /dev/remoteprocN and the platform driver see one state.
 *
 * Unlike upstream's core, a stop (or a start that cannot be undone) that fails leaves the
 * remote crashed with all of its boot kept: memory that a core may still run in is never
 * freed, unmapped or loaded into.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/amp/rproc_elf.h>
#include <linux/dma-mapping.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "amp_rproc_internal.h"

#define CREATE_TRACE_POINTS
#include "amp_rproc_trace.h"

static DEFINE_IDA(amp_rproc_ida);
/* protects amp_rproc_list's changes; readers walk it under RCU */
static DEFINE_MUTEX(amp_rproc_list_mutex);
static LIST_HEAD(amp_rproc_list);

static void amp_rproc_crash_work(struct work_struct *work);
static void amp_rproc_keep_running_boot(struct rproc *rproc);
static void amp_rproc_release_boot(struct rproc *rproc, bool keep_allocations);

static const char * const amp_rproc_state_names[] = {
	[RPROC_OFFLINE]		= "offline",
	[RPROC_SUSPENDED]	= "suspended",
	[RPROC_RUNNING]		= "running",
	[RPROC_CRASHED]		= "crashed",
	[RPROC_ATTACHED]	= "attached",
	[RPROC_DETACHED]	= "detached",
};

/**
 * amp_rproc_state_name() - sysfs name of a state
 * @state: the state
 *
 * Return: the name, "invalid" for a value out of range (as upstream).
 */
const char *amp_rproc_state_name(unsigned int state)
{
	if (state >= ARRAY_SIZE(amp_rproc_state_names))
		return "invalid";
	return amp_rproc_state_names[state];
}

/* Every state change after rproc_alloc() goes through here: trace event amp_rproc_state. */
static void amp_rproc_set_state(struct rproc *rproc, unsigned int state)
{
	trace_amp_rproc_state(rproc, rproc->state, state);
	rproc->state = state;
}
EXPORT_SYMBOL_GPL(amp_rproc_state_name);

static const char * const amp_rproc_crash_names[] = {
	[RPROC_MMUFAULT]	= "mmufault",
	[RPROC_WATCHDOG]	= "watchdog",
	[RPROC_FATAL_ERROR]	= "fatal error",
	[RPROC_PROTOCOL_ERROR]	= "protocol violation",
};

/**
 * amp_rproc_crash_name() - a crash type as the log and the coredump name it
 * @type: the type
 *
 * Return: its name, or "unknown".
 */
const char *amp_rproc_crash_name(enum rproc_crash_type type)
{
	return (unsigned int)type < ARRAY_SIZE(amp_rproc_crash_names) ?
	       amp_rproc_crash_names[type] : "unknown";
}
EXPORT_SYMBOL_GPL(amp_rproc_crash_name);

static void amp_rproc_release(struct device *dev)
{
	struct rproc *rproc = to_rproc(dev);
	struct amp_rproc_devmem *dm, *tmp;
	struct rproc_mem_entry *mem, *mtmp;

	/* a driver's carveouts of a remote never booted (or whose boot was kept) */
	list_for_each_entry_safe(mem, mtmp, &rproc->carveouts, node) {
		list_del(&mem->node);
		kfree(mem);
	}
	amp_rproc_coredump_cleanup(rproc);
	if (rproc->amp) {
		amp_rproc_traces_free(rproc);
		list_for_each_entry_safe(dm, tmp, &rproc->amp->devmems, node) {
			list_del(&dm->node);
			kfree(dm);
		}
		mutex_destroy(&rproc->amp->vq_lock);
		kfree(rproc->amp);
	}
	idr_destroy(&rproc->notifyids);
	kfree(rproc->firmware);
	kfree_const(rproc->name);
	kfree(rproc->ops);
	if (rproc->index >= 0)
		ida_free(&amp_rproc_ida, rproc->index);
	mutex_destroy(&rproc->lock);
	kfree(rproc);
}

/* as upstream's: uevents of a remote carry DEVTYPE=remoteproc */
static const struct device_type amp_rproc_type = {
	.name = "remoteproc",
};

struct class amp_rproc_class = {
	.name = "remoteproc",
	.dev_groups = amp_rproc_groups,
};

/* The ELF defaults, as upstream's: a driver without its own load uses them all. */
static int amp_rproc_alloc_ops(struct rproc *rproc, const struct rproc_ops *ops)
{
	rproc->ops = kmemdup(ops, sizeof(*ops), GFP_KERNEL);
	if (!rproc->ops)
		return -ENOMEM;
	if (rproc->ops->load)
		return 0;
	rproc->ops->load = rproc_elf_load_segments;
	rproc->ops->parse_fw = rproc_elf_load_rsc_table;
	rproc->ops->find_loaded_rsc_table = rproc_elf_find_loaded_rsc_table;
	rproc->ops->sanity_check = rproc_elf_sanity_check;
	rproc->ops->get_boot_addr = rproc_elf_get_boot_addr;
	return 0;
}

/*
 * The default firmware name, or the driver's: a file name of at most NAME_MAX bytes, with
 * neither NUL nor newline.
 */
static const char *amp_rproc_firmware_name(struct device *dev, const char *name,
					   const char *firmware)
{
	size_t len;

	if (!firmware)
		return kasprintf(GFP_KERNEL, "rproc-%s-fw", name);
	len = strnlen(firmware, NAME_MAX + 1);
	if (!len || len > NAME_MAX || strchr(firmware, '\n')) {
		dev_err(dev, "remoteproc %s: firmware name of %zu bytes refused (1..%d, no newline)\n",
			name, len, NAME_MAX);
		return NULL;
	}
	return kstrdup(firmware, GFP_KERNEL);
}

/**
 * rproc_alloc() - allocate a remote processor
 * @dev: the platform device of the remote
 * @name: its name (sysfs "name"); copied
 * @ops: its operations; copied (the driver may edit &rproc.ops until rproc_add())
 * @firmware: default firmware file name, or NULL for "rproc-<name>-fw"; copied
 * @len: bytes of driver data to allocate with it (&rproc.priv)
 *
 * Without a load op, the ELF defaults are used (upstream's rule).
 * Context: may sleep.
 * Return: the remote, to be published with rproc_add() and released with rproc_free();
 * NULL on bad arguments (each reported) or no memory.
 */
struct rproc *rproc_alloc(struct device *dev, const char *name, const struct rproc_ops *ops,
			  const char *firmware, int len)
{
	struct rproc *rproc;

	if (!dev || !name || !ops || len < 0) {
		pr_err("%s: missing %s\n", __func__, !dev ? "device" : !name ? "name" :
		       !ops ? "ops" : "a valid length of private data");
		return NULL;
	}
	rproc = kzalloc(sizeof(*rproc) + len, GFP_KERNEL);
	if (!rproc)
		return NULL;
	rproc->priv = &rproc[1];
	rproc->index = -1;
	rproc->auto_boot = true;
	rproc->elf_class = ELFCLASSNONE;
	rproc->elf_machine = EM_NONE;
	rproc->state = RPROC_OFFLINE;
	rproc->max_notifyid = -1;
	mutex_init(&rproc->lock);
	INIT_LIST_HEAD(&rproc->node);
	INIT_LIST_HEAD(&rproc->traces);
	INIT_LIST_HEAD(&rproc->carveouts);
	INIT_LIST_HEAD(&rproc->mappings);
	INIT_LIST_HEAD(&rproc->rvdevs);
	INIT_LIST_HEAD(&rproc->subdevs);
	INIT_LIST_HEAD(&rproc->dump_segments);
	idr_init(&rproc->notifyids);
	INIT_WORK(&rproc->crash_handler, amp_rproc_crash_work);
	device_initialize(&rproc->dev);
	/* From here on the device's release frees everything. */
	rproc->dev.release = amp_rproc_release;
	rproc->dev.parent = dev;
	rproc->dev.class = &amp_rproc_class;
	rproc->dev.type = &amp_rproc_type;
	rproc->dev.dma_mask = dev->dma_mask;
	rproc->dev.coherent_dma_mask = dev->coherent_dma_mask;

	rproc->amp = kzalloc(sizeof(*rproc->amp), GFP_KERNEL);
	if (!rproc->amp)
		goto err_put;
	rproc->amp->rproc = rproc;
	INIT_LIST_HEAD(&rproc->amp->claims);
	INIT_LIST_HEAD(&rproc->amp->devmems);
	INIT_LIST_HEAD(&rproc->amp->traces);
	INIT_LIST_HEAD(&rproc->amp->vdevs);
	mutex_init(&rproc->amp->vq_lock);
	spin_lock_init(&rproc->amp->vq_irq_lock);
	spin_lock_init(&rproc->amp->crash_lock);
	init_completion(&rproc->amp->auto_boot_done);
	complete_all(&rproc->amp->auto_boot_done);

	rproc->name = kstrdup_const(name, GFP_KERNEL);
	if (!rproc->name)
		goto err_put;
	rproc->firmware = amp_rproc_firmware_name(dev, name, firmware);
	if (!rproc->firmware || amp_rproc_alloc_ops(rproc, ops))
		goto err_put;
	rproc->index = ida_alloc(&amp_rproc_ida, GFP_KERNEL);
	if (rproc->index < 0 || dev_set_name(&rproc->dev, "remoteproc%d", rproc->index))
		goto err_put;
	amp_rproc_cdev_prepare(rproc);
	return rproc;

err_put:
	put_device(&rproc->dev);
	return NULL;
}
EXPORT_SYMBOL(rproc_alloc);

/**
 * rproc_free() - undo rproc_alloc()
 * @rproc: the remote; after rproc_add(), call rproc_del() first
 *
 * Context: may sleep.
 */
void rproc_free(struct rproc *rproc)
{
	put_device(&rproc->dev);
}
EXPORT_SYMBOL(rproc_free);

/**
 * rproc_put() - drop a reference rproc_get_by_phandle() or rproc_get_by_child() took
 * @rproc: the remote
 *
 * Context: may sleep.
 */
void rproc_put(struct rproc *rproc)
{
	if (rproc->dev.parent && rproc->dev.parent->driver)
		module_put(rproc->dev.parent->driver->owner);
	put_device(&rproc->dev);
}
EXPORT_SYMBOL(rproc_put);

static void devm_rproc_free(struct device *dev, void *res)
{
	rproc_free(*(struct rproc **)res);
}

/**
 * devm_rproc_alloc() - rproc_alloc(), freed when @dev is unbound
 * @dev: the platform device of the remote
 * @name: its name
 * @ops: its operations
 * @firmware: default firmware file name, or NULL
 * @len: bytes of driver data
 *
 * Context: may sleep.
 * Return: the remote or NULL.
 */
struct rproc *devm_rproc_alloc(struct device *dev, const char *name,
			       const struct rproc_ops *ops, const char *firmware, int len)
{
	struct rproc **ptr, *rproc;

	ptr = devres_alloc(devm_rproc_free, sizeof(*ptr), GFP_KERNEL);
	if (!ptr)
		return NULL;
	rproc = rproc_alloc(dev, name, ops, firmware, len);
	if (rproc) {
		*ptr = rproc;
		devres_add(dev, ptr);
	} else {
		devres_free(ptr);
	}
	return rproc;
}
EXPORT_SYMBOL(devm_rproc_alloc);

/* What rproc_add() needs of the ops: each missing one is named. */
static int amp_rproc_validate(struct rproc *rproc)
{
	const struct rproc_ops *ops = rproc->ops;
	int ret;

	switch (rproc->state) {
	case RPROC_OFFLINE:
		if (!ops->start || !ops->stop) {
			dev_err(&rproc->dev, "%s: no %s op: it could never be %s\n", rproc->name,
				!ops->start ? "start" : "stop",
				!ops->start ? "started" : "stopped");
			return -EINVAL;
		}
		break;
	case RPROC_DETACHED:
		if (!ops->attach || rproc->cached_table) {
			dev_err(&rproc->dev, "%s: detached, but %s\n", rproc->name,
				!ops->attach ? "no attach op" : "a table is cached already");
			return -EINVAL;
		}
		break;
	default:
		dev_err(&rproc->dev, "%s: added in state %s (offline or detached only)\n",
			rproc->name, amp_rproc_state_name(rproc->state));
		return -EINVAL;
	}
	if (rproc->has_iommu) {
		dev_err(&rproc->dev, "%s: behind an IOMMU, which this core does not support\n",
			rproc->name);
		return -EOPNOTSUPP;
	}
	/* carveouts registered in probe: refused now (those of prepare, at each boot) */
	mutex_lock(&rproc->lock);
	ret = amp_rproc_check_carveouts(rproc);
	mutex_unlock(&rproc->lock);
	if (ret)
		return ret;
	if (ops->load && !ops->parse_fw)
		dev_info(&rproc->dev, "%s: the driver loads firmware itself, without a resource table\n",
			 rproc->name);
	return 0;
}

static void amp_rproc_auto_boot_callback(const struct firmware *fw, void *context)
{
	struct rproc *rproc = context;

	release_firmware(fw);
	rproc_boot(rproc);
	complete_all(&rproc->amp->auto_boot_done);
	put_device(&rproc->dev);
}

/*
 * As upstream: a remote with auto_boot boots (or attaches) as soon as it is added, the
 * firmware requested without waiting.
 */
static void amp_rproc_trigger_auto_boot(struct rproc *rproc)
{
	int ret;

	reinit_completion(&rproc->amp->auto_boot_done);
	get_device(&rproc->dev);
	ret = request_firmware_nowait(THIS_MODULE, FW_ACTION_UEVENT, rproc->firmware,
				      &rproc->dev, GFP_KERNEL, rproc,
				      amp_rproc_auto_boot_callback);
	if (ret < 0) {
		dev_err(&rproc->dev, "cannot request %s: %d\n", rproc->firmware, ret);
		complete_all(&rproc->amp->auto_boot_done);
		put_device(&rproc->dev);
	}
}

/**
 * rproc_add() - publish a remote: sysfs, /dev/remoteprocN, debugfs; boot it if auto_boot
 * @rproc: the remote
 *
 * With auto_boot, an offline remote boots in the background once its firmware file can be
 * read; a detached one is attached to before this returns, and if that fails it is not
 * added (upstream's rules).
 * Context: may sleep.
 * Return: 0 or a negative errno (a driver without start or stop, for example, is refused
 * here, with a message naming the missing op).
 */
int rproc_add(struct rproc *rproc)
{
	int ret;

	ret = amp_rproc_validate(rproc);
	if (ret)
		return ret;
	ret = cdev_device_add(&rproc->cdev, &rproc->dev);
	if (ret)
		return ret;
	amp_rproc_debugfs_add(rproc);
	dev_info(&rproc->dev, "%s is available (firmware %s)\n", rproc->name, rproc->firmware);
	mutex_lock(&amp_rproc_list_mutex);
	list_add_rcu(&rproc->node, &amp_rproc_list);
	mutex_unlock(&amp_rproc_list_mutex);
	if (!rproc->auto_boot)
		return 0;
	if (rproc->state != RPROC_DETACHED) {
		amp_rproc_trigger_auto_boot(rproc);
		return 0;
	}
	/* as upstream: a detached remote is attached to at once, or not added */
	ret = rproc_boot(rproc);
	if (ret)
		goto err_unpublish;
	return 0;

err_unpublish:
	mutex_lock(&amp_rproc_list_mutex);
	list_del_rcu(&rproc->node);
	mutex_unlock(&amp_rproc_list_mutex);
	synchronize_rcu();
	amp_rproc_debugfs_remove(rproc);
	cdev_device_del(&rproc->cdev, &rproc->dev);
	return ret;
}
EXPORT_SYMBOL(rproc_add);

/**
 * rproc_del() - unpublish a remote, stopping it if it runs
 * @rproc: the remote
 *
 * After this no op of the platform driver is called again, even while files stay open on
 * /dev/remoteprocN: their calls fail with -ENODEV. A remote that would not stop is left
 * running in its memory, which is never freed.
 * Context: may sleep.
 * Return: 0.
 */
int rproc_del(struct rproc *rproc)
{
	/* an auto boot in flight ends first */
	wait_for_completion(&rproc->amp->auto_boot_done);
	/*
	 * No report queues the work after this; one queued before is waited for (with an
	 * inline coredump being read, up to devcoredump's timeout).
	 */
	spin_lock_irq(&rproc->amp->crash_lock);
	rproc->amp->crash_closed = true;
	spin_unlock_irq(&rproc->amp->crash_lock);
	cancel_work_sync(&rproc->crash_handler);
	mutex_lock(&rproc->lock);
	WRITE_ONCE(rproc->deleting, true);
	if (rproc->state == RPROC_RUNNING || rproc->state == RPROC_CRASHED ||
	    rproc->state == RPROC_ATTACHED) {
		if (amp_rproc_shutdown_locked(rproc)) {
			/*
			 * It would not stop and may still run: only our bookkeeping of the boot
			 * goes, never memory it may use.
			 */
			dev_err(&rproc->dev, "%s is deleted while its core may still run\n",
				rproc->name);
			amp_rproc_release_boot(rproc, true);
		}
	}
	amp_rproc_set_state(rproc, RPROC_OFFLINE);
	mutex_unlock(&rproc->lock);
	mutex_lock(&amp_rproc_list_mutex);
	list_del_rcu(&rproc->node);
	mutex_unlock(&amp_rproc_list_mutex);
	synchronize_rcu();
	amp_rproc_debugfs_remove(rproc);
	cdev_device_del(&rproc->cdev, &rproc->dev);
	return 0;
}
EXPORT_SYMBOL(rproc_del);

static void devm_rproc_remove(void *rproc)
{
	rproc_del(rproc);
}

/**
 * devm_rproc_add() - rproc_add(), undone by rproc_del() when @dev is unbound
 * @dev: the platform device of the remote
 * @rproc: the remote
 *
 * Context: may sleep.
 * Return: 0 or a negative errno.
 */
int devm_rproc_add(struct device *dev, struct rproc *rproc)
{
	int ret = rproc_add(rproc);

	if (ret)
		return ret;
	return devm_add_action_or_reset(dev, devm_rproc_remove, rproc);
}
EXPORT_SYMBOL(devm_rproc_add);

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
int amp_rproc_set_firmware(struct rproc *rproc, const char *name, size_t len)
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
	if (rproc->state != RPROC_OFFLINE || rproc->deleting) {
		ret = -EBUSY;
	} else {
		kfree(rproc->firmware);
		rproc->firmware = copy;
		copy = NULL;
	}
	mutex_unlock(&rproc->lock);
	kfree(copy);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_set_firmware);

/**
 * rproc_set_firmware() - change the firmware file name
 * @rproc: the remote, offline
 * @fw_name: the new name
 *
 * Context: may sleep; takes the remote's lock.
 * Return: 0, -EBUSY unless the remote is offline, -EINVAL for a bad name, -ENOMEM.
 */
int rproc_set_firmware(struct rproc *rproc, const char *fw_name)
{
	if (!rproc || !fw_name)
		return -EINVAL;
	return amp_rproc_set_firmware(rproc, fw_name, strnlen(fw_name, NAME_MAX + 1));
}
EXPORT_SYMBOL(rproc_set_firmware);

/**
 * rproc_of_parse_firmware() - a firmware name from the device tree
 * @dev: the device whose node has "firmware-name"
 * @index: which of its strings
 * @fw_name: the name, on success
 *
 * Return: 0, or the error of of_property_read_string_index().
 */
int rproc_of_parse_firmware(struct device *dev, int index, const char **fw_name)
{
	return of_property_read_string_index(dev->of_node, "firmware-name", index, fw_name);
}
EXPORT_SYMBOL(rproc_of_parse_firmware);

/**
 * rproc_va_to_pa() - the physical address of kernel memory
 * @cpu_addr: a linear-map or vmalloc address
 *
 * Return: its physical address.
 */
phys_addr_t rproc_va_to_pa(void *cpu_addr)
{
	if (is_vmalloc_addr(cpu_addr))
		return page_to_phys(vmalloc_to_page(cpu_addr)) + offset_in_page(cpu_addr);
	WARN_ON(!virt_addr_valid(cpu_addr));
	return virt_to_phys(cpu_addr);
}
EXPORT_SYMBOL(rproc_va_to_pa);

/* The table parse_fw made (or the running firmware's, for an attach) becomes the boot's. */
static int amp_rproc_check_table(struct rproc *rproc)
{
	if (!rproc->cached_table)
		return 0;
	if (!rproc->table_sz || rproc->table_sz > AMP_RPROC_MAX_TABLE_SIZE) {
		dev_err(&rproc->dev, "resource table: size 0x%zx not in 1..0x%x\n",
			rproc->table_sz, AMP_RPROC_MAX_TABLE_SIZE);
		return -EINVAL;
	}
	return amp_rsc_table_check(&rproc->dev, rproc->cached_table, rproc->table_sz);
}

static void amp_rproc_free_table(struct rproc *rproc)
{
	kfree(rproc->cached_table);
	kfree(rproc->clean_table);
	rproc->cached_table = NULL;
	rproc->clean_table = NULL;
	rproc->table_ptr = NULL;
	rproc->table_sz = 0;
	rproc->amp->loaded_table = NULL;
}

/*
 * The resources of the checked copy: carveout entries claimed or allocated, every carveout
 * mapped, then traces, vdevs and vendor entries; the copy is checked again after the
 * core's writes into it.
 */
static int amp_rproc_apply(struct rproc *rproc)
{
	int ret;

	ret = amp_rproc_handle_resources(rproc);
	if (ret)
		return ret;
	/*
	 * A check holds only until the next writer: the table must still pass after the
	 * host's own writes into the copy (it does, as entries may not overlap).
	 */
	if (rproc->cached_table &&
	    amp_rsc_table_check(&rproc->dev, rproc->cached_table, rproc->table_sz)) {
		dev_err(&rproc->dev, "resource table: no longer valid after the host's writes\n");
		return -EINVAL;
	}
	return 0;
}

static void amp_rproc_unprepare(struct rproc *rproc)
{
	if (rproc->ops->unprepare)
		rproc->ops->unprepare(rproc);
}

static int amp_rproc_subdevs_prepare(struct rproc *rproc)
{
	struct rproc_subdev *sd;
	int ret;

	list_for_each_entry(sd, &rproc->subdevs, node) {
		if (!sd->prepare)
			continue;
		ret = sd->prepare(sd);
		if (ret)
			goto err_unprepare;
	}
	return 0;

err_unprepare:
	list_for_each_entry_continue_reverse(sd, &rproc->subdevs, node) {
		if (sd->unprepare)
			sd->unprepare(sd);
	}
	return ret;
}

static void amp_rproc_subdevs_unprepare(struct rproc *rproc)
{
	struct rproc_subdev *sd;

	list_for_each_entry_reverse(sd, &rproc->subdevs, node) {
		if (sd->unprepare)
			sd->unprepare(sd);
	}
}

static int amp_rproc_subdevs_start(struct rproc *rproc)
{
	struct rproc_subdev *sd;
	int ret;

	list_for_each_entry(sd, &rproc->subdevs, node) {
		if (!sd->start)
			continue;
		ret = sd->start(sd);
		if (ret)
			goto err_stop;
	}
	return 0;

err_stop:
	list_for_each_entry_continue_reverse(sd, &rproc->subdevs, node) {
		if (sd->stop)
			sd->stop(sd, true);
	}
	return ret;
}

static void amp_rproc_subdevs_stop(struct rproc *rproc, bool crashed)
{
	struct rproc_subdev *sd;

	list_for_each_entry_reverse(sd, &rproc->subdevs, node) {
		if (sd->stop)
			sd->stop(sd, crashed);
	}
}

/*
 * The loaded image's table gets the copy: what the core decided (addresses, vdev state) is
 * what the remote reads when it starts. A table the core applied must be found there.
 */
static int amp_rproc_write_table(struct rproc *rproc, const struct firmware *fw)
{
	struct resource_table *loaded = NULL;

	if (!rproc->cached_table)
		return 0;
	if (rproc->ops->find_loaded_rsc_table)
		loaded = rproc->ops->find_loaded_rsc_table(rproc, fw);
	if (IS_ERR_OR_NULL(loaded)) {
		dev_err(&rproc->dev, "resource table: not in the loaded image's memory\n");
		return -EINVAL;
	}
	memcpy(loaded, rproc->cached_table, rproc->table_sz);
	rproc->amp->loaded_table = loaded;
	rproc->table_ptr = loaded;
	return 0;
}

/*
 * Into the running firmware's table: what the core writes (carveout, devmem and vdev
 * entries) from @src, a table of the same layout. Vendor entries are the firmware's and its
 * platform's, and a running remote writes them: they are left alone.
 */
static void amp_rproc_write_entries(struct rproc *rproc, void *live, const void *src)
{
	struct amp_rsc_entry ent;
	u32 i;

	for (i = 0; !amp_rsc_table_entry(src, rproc->table_sz, i, &ent); i++) {
		const struct fw_rsc_vdev *v = ent.data;
		size_t len;

		if (ent.type == RSC_CARVEOUT)
			len = sizeof(struct fw_rsc_carveout);
		else if (ent.type == RSC_DEVMEM)
			len = sizeof(struct fw_rsc_devmem);
		else if (ent.type == RSC_VDEV)	/* its vrings and config space */
			len = size_add(struct_size(v, vring, v->num_of_vrings), v->config_len);
		else
			continue;
		/* a checked table: every standard entry lies inside it */
		memcpy(live + ent.offset, src + ent.offset, min(len, ent.len));
	}
}

/**
 * amp_rproc_boot_fw() - boot the remote from a firmware image
 * @rproc: the remote, offline
 * @fw: the image
 *
 * The core's boot path after the firmware file is read; exported for the KUnit suites.
 * Context: may sleep; with the remote's lock held.
 * Return: 0, or a negative errno with the remote left offline and nothing held; or, when
 * the platform could not make sure the core is off again after a failed start
 * (-ETIMEDOUT) or stop, the remote crashed with its boot kept.
 */
int amp_rproc_boot_fw(struct rproc *rproc, const struct firmware *fw)
{
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->deleting)
		return -ENODEV;
	if (rproc->state != RPROC_OFFLINE)
		return -EBUSY;
	/* A bad image is refused before anything is powered or mapped. */
	ret = amp_rproc_check_fw(rproc, fw);
	if (ret)
		return ret;
	if (rproc->ops->sanity_check) {
		ret = rproc->ops->sanity_check(rproc, fw);
		if (ret)
			return ret;
	}
	/* The last boot's traces are kept until now: this boot makes its own. */
	amp_rproc_traces_free(rproc);

	if (rproc->ops->prepare) {
		ret = rproc->ops->prepare(rproc);
		if (ret) {
			dev_err(&rproc->dev, "cannot prepare %s: %d\n", rproc->name, ret);
			goto err_cleanup;
		}
	}
	ret = amp_rproc_check_carveouts(rproc);
	if (ret)
		goto err_unprepare;
	rproc->bootaddr = rproc_get_boot_addr(rproc, fw);
	if (rproc->ops->parse_fw) {
		ret = rproc->ops->parse_fw(rproc, fw);
		if (ret)
			goto err_unprepare;
	}
	ret = amp_rproc_check_table(rproc);
	if (ret)
		goto err_unprepare;
	rproc->table_ptr = rproc->cached_table;
	ret = amp_rproc_apply(rproc);
	if (ret)
		goto err_release_resources;
	ret = rproc->ops->load(rproc, fw);
	if (ret) {
		dev_err(&rproc->dev, "cannot load %s: %d\n", rproc->firmware, ret);
		goto err_release_resources;
	}
	ret = amp_rproc_write_table(rproc, fw);
	if (ret)
		goto err_release_resources;
	ret = amp_rproc_subdevs_prepare(rproc);
	if (ret)
		goto err_release_resources;
	/* a new run: what is reported from now on is about it */
	WRITE_ONCE(rproc->amp->boot_gen, rproc->amp->boot_gen + 1);
	ret = rproc->ops->start(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot start %s: %d\n", rproc->name, ret);
		/* the platform could not make sure the core is off again */
		if (ret == -ETIMEDOUT)
			goto err_may_run;
		goto err_unprepare_subdevs;
	}
	ret = amp_rproc_subdevs_start(rproc);
	if (ret)
		goto err_stop;
	ret = amp_rproc_vdevs_register(rproc);
	if (ret)
		goto err_stop_subdevs;
	amp_rproc_set_state(rproc, RPROC_RUNNING);
	dev_info(&rproc->dev, "remote processor %s is up\n", rproc->name);
	return 0;

err_stop_subdevs:
	amp_rproc_vdevs_remove(rproc);
	amp_rproc_subdevs_stop(rproc, true);
err_stop:
	if (rproc->ops->stop(rproc)) {
		dev_err(&rproc->dev, "cannot stop %s again\n", rproc->name);
		goto err_may_run;
	}
err_unprepare_subdevs:
	amp_rproc_subdevs_unprepare(rproc);
err_release_resources:
	/* what the firmware printed says why it did not come up: keep it */
	amp_rproc_traces_stop(rproc);
err_unprepare:
	amp_rproc_release_boot(rproc, false);
	return ret;

err_cleanup:
	/* a prepare that failed may have registered carveouts already (the lock is held) */
	amp_rproc_release_resources(rproc, false);
	amp_rproc_free_table(rproc);
	return ret;

err_may_run:
	amp_rproc_keep_running_boot(rproc);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_boot_fw);

/*
 * Take over a remote that runs firmware the core did not load: its table (the platform
 * says where) is copied, checked and applied as a boot's would be, without loading
 * anything; the copy is written back over the running firmware's.
 */
static int amp_rproc_attach(struct rproc *rproc)
{
	struct resource_table *live;
	size_t size = 0;
	int ret;

	amp_rproc_traces_free(rproc);
	if (rproc->ops->prepare) {
		ret = rproc->ops->prepare(rproc);
		if (ret)
			goto err_cleanup;
	}
	ret = amp_rproc_check_carveouts(rproc);
	if (ret)
		goto err_unprepare;
	ret = amp_rproc_alloc_carveouts(rproc);
	if (ret)
		goto err_unprepare;
	live = rproc->ops->get_loaded_rsc_table ?
	       rproc->ops->get_loaded_rsc_table(rproc, &size) : NULL;
	if (IS_ERR(live)) {
		ret = PTR_ERR(live);
		dev_err(&rproc->dev, "cannot find the running firmware's resource table: %d\n",
			ret);
		goto err_unprepare;
	}
	if (live) {
		if (!size || size > AMP_RPROC_MAX_TABLE_SIZE) {
			dev_err(&rproc->dev, "resource table: size 0x%zx not in 1..0x%x\n", size,
				AMP_RPROC_MAX_TABLE_SIZE);
			ret = -EINVAL;
			goto err_unprepare;
		}
		/* copied first: the running remote could change it under the checks */
		rproc->cached_table = kmemdup(live, size, GFP_KERNEL);
		rproc->clean_table = kmemdup(live, size, GFP_KERNEL);
		if (!rproc->cached_table || !rproc->clean_table) {
			ret = -ENOMEM;
			goto err_unprepare;
		}
		rproc->table_sz = size;
		ret = amp_rproc_check_table(rproc);
		if (ret)
			goto err_unprepare;
		rproc->table_ptr = rproc->cached_table;
	}
	ret = amp_rproc_apply(rproc);
	if (ret)
		goto err_unprepare;
	if (live) {
		amp_rproc_write_entries(rproc, live, rproc->cached_table);
		rproc->amp->loaded_table = live;
		rproc->table_ptr = live;
	}
	ret = amp_rproc_subdevs_prepare(rproc);
	if (ret)
		goto err_unprepare;
	WRITE_ONCE(rproc->amp->boot_gen, rproc->amp->boot_gen + 1);
	ret = rproc->ops->attach(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot attach to %s: %d\n", rproc->name, ret);
		goto err_unprepare_subdevs;
	}
	ret = amp_rproc_subdevs_start(rproc);
	if (ret)
		goto err_detach;
	ret = amp_rproc_vdevs_register(rproc);
	if (ret)
		goto err_stop_subdevs;
	amp_rproc_set_state(rproc, RPROC_ATTACHED);
	dev_info(&rproc->dev, "attached to remote processor %s\n", rproc->name);
	return 0;

err_stop_subdevs:
	amp_rproc_vdevs_remove(rproc);
	amp_rproc_subdevs_stop(rproc, true);
err_detach:
	/* give it back as it was; if it cannot be, it runs in memory we must keep */
	if (!rproc->ops->detach || rproc->ops->detach(rproc)) {
		amp_rproc_keep_running_boot(rproc);
		return ret;
	}
err_unprepare_subdevs:
	amp_rproc_subdevs_unprepare(rproc);
err_unprepare:
	/* the running firmware's table is left as we found it */
	if (rproc->amp->loaded_table && rproc->clean_table)
		amp_rproc_write_entries(rproc, rproc->amp->loaded_table, rproc->clean_table);
	amp_rproc_release_boot(rproc, false);
	return ret;

err_cleanup:
	amp_rproc_release_resources(rproc, false);
	return ret;
}

/**
 * amp_rproc_boot_locked() - start the remote: load the firmware file, or attach if detached
 * @rproc: the remote, offline or detached
 *
 * Context: may sleep; called with the remote's lock held.
 * Return: 0, or a negative errno with the remote left as it was and nothing held (but
 * see amp_rproc_boot_fw()).
 */
int amp_rproc_boot_locked(struct rproc *rproc)
{
	const struct firmware *fw;
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->deleting)
		return -ENODEV;
	if (rproc->state == RPROC_DETACHED) {
		dev_info(&rproc->dev, "attaching to %s\n", rproc->name);
		return amp_rproc_attach(rproc);
	}
	if (rproc->state != RPROC_OFFLINE)
		return -EBUSY;
	ret = request_firmware(&fw, rproc->firmware, &rproc->dev);
	if (ret) {
		dev_err(&rproc->dev, "cannot load firmware %s: %d\n", rproc->firmware, ret);
		return ret;
	}
	dev_info(&rproc->dev, "booting %s (%zu bytes)\n", rproc->firmware, fw->size);
	ret = amp_rproc_boot_fw(rproc, fw);
	release_firmware(fw);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_boot_locked);

/**
 * rproc_boot() - boot (or attach to) the remote, or take one more reference on its boot
 * @rproc: the remote
 *
 * As upstream: the first call boots, later ones only count (&rproc.power); each is undone
 * by rproc_shutdown(). The state decides, not the count: a crashed remote is not booted.
 * Context: may sleep.
 * Return: 0 or a negative errno.
 */
int rproc_boot(struct rproc *rproc)
{
	int ret;

	if (!rproc)
		return -EINVAL;
	ret = mutex_lock_interruptible(&rproc->lock);
	if (ret)
		return ret;
	if (rproc->state == RPROC_RUNNING || rproc->state == RPROC_ATTACHED) {
		atomic_inc(&rproc->power);
	} else {
		ret = amp_rproc_boot_locked(rproc);
		if (!ret)
			atomic_set(&rproc->power, 1);
	}
	mutex_unlock(&rproc->lock);
	return ret;
}
EXPORT_SYMBOL(rproc_boot);

/* Everything a boot took, once the core is off (its traces' content is kept). */
static void amp_rproc_release_boot(struct rproc *rproc, bool keep_allocations)
{
	amp_rproc_traces_stop(rproc);
	amp_rproc_release_resources(rproc, keep_allocations);
	amp_rproc_free_table(rproc);
	amp_rproc_unprepare(rproc);
}

/*
 * A boot the platform could not stop (nor, after a failed attach, detach): the remote may
 * still run in its memory, so everything stays as it is (mapped, allocated, the table
 * kept) and the remote is marked crashed. Stopping it again is the only way out.
 */
static void amp_rproc_keep_running_boot(struct rproc *rproc)
{
	amp_rproc_set_state(rproc, RPROC_CRASHED);
	dev_err(&rproc->dev, "%s may still run: it keeps its memory and is marked crashed; stop it to try again\n",
		rproc->name);
}

/**
 * amp_rproc_shutdown_locked() - stop the remote and release what its boot took
 * @rproc: the remote, running, attached or crashed
 *
 * The traces' content is kept for debugfs until the next boot.
 * Context: may sleep; called with the remote's lock held.
 * Return: 0, -EINVAL if the remote is not running, -EBUSY while an inline coredump is read,
 * or the stop op's error (the remote is then marked crashed and keeps its resources: it may
 * still be using them).
 */
int amp_rproc_shutdown_locked(struct rproc *rproc)
{
	bool crashed = rproc->state == RPROC_CRASHED;
	int ret;

	lockdep_assert_held(&rproc->lock);
	if (rproc->state != RPROC_RUNNING && rproc->state != RPROC_CRASHED &&
	    rproc->state != RPROC_ATTACHED)
		return -EINVAL;
	/* an inline coredump is being read from its memory */
	if (rproc->amp->dumping)
		return -EBUSY;
	if (!rproc->ops->stop) {
		dev_err(&rproc->dev, "%s has no stop op: it cannot be stopped\n", rproc->name);
		return -EINVAL;
	}
	amp_rproc_vdevs_remove(rproc);
	amp_rproc_subdevs_stop(rproc, crashed);
	ret = rproc->ops->stop(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot stop %s: %d\n", rproc->name, ret);
		amp_rproc_keep_running_boot(rproc);
		return ret;
	}
	amp_rproc_subdevs_unprepare(rproc);
	amp_rproc_release_boot(rproc, false);
	amp_rproc_set_state(rproc, RPROC_OFFLINE);
	dev_info(&rproc->dev, "stopped remote processor %s\n", rproc->name);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_shutdown_locked);

/**
 * rproc_shutdown() - drop a reference rproc_boot() took, stopping the remote at the last
 * @rproc: the remote
 *
 * Context: may sleep.
 * Return: 0 or a negative errno (see amp_rproc_shutdown_locked()).
 */
int rproc_shutdown(struct rproc *rproc)
{
	int ret;

	ret = mutex_lock_interruptible(&rproc->lock);
	if (ret)
		return ret;
	if (rproc->state != RPROC_RUNNING && rproc->state != RPROC_ATTACHED &&
	    rproc->state != RPROC_CRASHED) {
		ret = -EINVAL;
	} else if (atomic_read(&rproc->power) > 1) {
		/* another user still needs it running */
		atomic_dec(&rproc->power);
	} else {
		ret = amp_rproc_shutdown_locked(rproc);
		if (!ret)
			atomic_set(&rproc->power, 0);
	}
	mutex_unlock(&rproc->lock);
	return ret;
}
EXPORT_SYMBOL(rproc_shutdown);

/*
 * Give the remote back to its platform, running: the detach of rproc_detach() and of a
 * recovery by attaching again (RPROC_FEAT_ATTACH_ON_RECOVERY), where it is crashed.
 */
static int amp_rproc_do_detach(struct rproc *rproc, bool crashed)
{
	struct rproc_mem_entry *mem;
	int ret;

	if (!rproc->ops->detach)
		return -EINVAL;
	list_for_each_entry(mem, &rproc->carveouts, node) {
		if (mem->priv == rproc->amp) {
			dev_err(&rproc->dev, "cannot detach %s: it uses memory the core allocated\n",
				rproc->name);
			return -EBUSY;
		}
	}
	amp_rproc_vdevs_remove(rproc);
	amp_rproc_subdevs_stop(rproc, crashed);
	ret = rproc->ops->detach(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot detach %s: %d\n", rproc->name, ret);
		/* still ours: give its virtio devices back */
		if (amp_rproc_subdevs_start(rproc) || amp_rproc_vdevs_recreate(rproc))
			dev_err(&rproc->dev, "%s runs on without its virtio devices\n",
				rproc->name);
		return ret;
	}
	amp_rproc_subdevs_unprepare(rproc);
	if (rproc->amp->loaded_table && rproc->clean_table)
		amp_rproc_write_entries(rproc, rproc->amp->loaded_table, rproc->clean_table);
	amp_rproc_release_boot(rproc, false);
	amp_rproc_set_state(rproc, RPROC_DETACHED);
	dev_info(&rproc->dev, "detached remote processor %s\n", rproc->name);
	return 0;
}

/**
 * amp_rproc_detach_locked() - let the running remote go on without the core
 * @rproc: the remote, running or attached
 *
 * The virtio devices go, the running firmware's table gets back what it held when the core
 * took it (as upstream), and the core forgets the boot; the remote keeps running and can be
 * attached to again. If the platform cannot detach, the remote stays the core's, running,
 * its virtio devices made anew.
 * Context: may sleep; called with the remote's lock held.
 * Return: 0; -EINVAL if the remote is not running or its platform cannot detach; -EBUSY if
 * the core allocated memory for the remote (it would be freed under it); the platform's
 * error.
 */
int amp_rproc_detach_locked(struct rproc *rproc)
{
	lockdep_assert_held(&rproc->lock);
	if (rproc->state != RPROC_RUNNING && rproc->state != RPROC_ATTACHED)
		return -EINVAL;
	return amp_rproc_do_detach(rproc, false);
}
EXPORT_SYMBOL_GPL(amp_rproc_detach_locked);

/**
 * rproc_detach() - drop a reference, detaching the remote at the last
 * @rproc: the remote
 *
 * Context: may sleep.
 * Return: 0 or a negative errno (see amp_rproc_detach_locked()).
 */
int rproc_detach(struct rproc *rproc)
{
	int ret;

	ret = mutex_lock_interruptible(&rproc->lock);
	if (ret)
		return ret;
	if (rproc->state != RPROC_RUNNING && rproc->state != RPROC_ATTACHED) {
		ret = -EINVAL;
	} else if (atomic_read(&rproc->power) > 1) {
		atomic_dec(&rproc->power);
	} else {
		ret = amp_rproc_detach_locked(rproc);
		if (!ret)
			atomic_set(&rproc->power, 0);
	}
	mutex_unlock(&rproc->lock);
	return ret;
}
EXPORT_SYMBOL(rproc_detach);

/* A reference for a user of the remote: its device, and its platform driver's module. */
static struct rproc *amp_rproc_get(struct rproc *r)
{
	struct device_driver *drv = r->dev.parent ? r->dev.parent->driver : NULL;

	/* the platform driver stays while the caller uses its remote */
	if (drv && !try_module_get(drv->owner)) {
		dev_err(&r->dev, "its driver is going away\n");
		return NULL;
	}
	get_device(&r->dev);
	return r;
}

/**
 * rproc_get_by_phandle() - find the remote of a device-tree node
 * @phandle: the node's phandle
 *
 * Context: may sleep.
 * Return: the remote, with a reference (rproc_put() drops it), or NULL.
 */
struct rproc *rproc_get_by_phandle(phandle phandle)
{
	struct rproc *rproc = NULL, *r;
	struct device_node *np;

	np = of_find_node_by_phandle(phandle);
	if (!np)
		return NULL;
	rcu_read_lock();
	list_for_each_entry_rcu(r, &amp_rproc_list, node) {
		if (r->dev.parent && r->dev.parent->of_node == np) {
			rproc = amp_rproc_get(r);
			break;
		}
	}
	rcu_read_unlock();
	of_node_put(np);
	return rproc;
}
EXPORT_SYMBOL(rproc_get_by_phandle);

/**
 * rproc_get_by_child() - find the remote a device is a descendant of
 * @dev: the device
 *
 * Context: any.
 * Return: the remote (no reference taken, as upstream), or NULL.
 */
struct rproc *rproc_get_by_child(struct device *dev)
{
	for (dev = dev ? dev->parent : NULL; dev; dev = dev->parent) {
		if (dev->class == &amp_rproc_class)
			return to_rproc(dev);
	}
	return NULL;
}
EXPORT_SYMBOL(rproc_get_by_child);

/**
 * rproc_add_subdev() - add a device that lives with the remote's boots
 * @rproc: the remote
 * @subdev: the subdevice
 */
void rproc_add_subdev(struct rproc *rproc, struct rproc_subdev *subdev)
{
	list_add_tail(&subdev->node, &rproc->subdevs);
}
EXPORT_SYMBOL(rproc_add_subdev);

/**
 * rproc_remove_subdev() - undo rproc_add_subdev()
 * @rproc: the remote
 * @subdev: the subdevice
 */
void rproc_remove_subdev(struct rproc *rproc, struct rproc_subdev *subdev)
{
	list_del(&subdev->node);
}
EXPORT_SYMBOL(rproc_remove_subdev);

/**
 * rproc_report_crash() - the platform saw the remote crash
 * @rproc: the remote
 * @type: why the platform thinks so
 *
 * The remote is marked crashed and, unless recovery is disabled, stopped (or found off)
 * and booted again, from a work item. A report while the remote is not running is
 * ignored, and so is one about a run that recovery has already replaced (it came in while
 * the crash was being handled, e.g. from the teardown of the crashed run).
 * Context: any; does not sleep.
 */
void rproc_report_crash(struct rproc *rproc, enum rproc_crash_type type)
{
	unsigned long flags;

	if (!rproc) {
		pr_err("crash reported for no remote\n");
		return;
	}
	spin_lock_irqsave(&rproc->amp->crash_lock, flags);
	if (!rproc->amp->crash_closed) {
		rproc->amp->crash_type = type;
		rproc->amp->crash_gen = READ_ONCE(rproc->amp->boot_gen);
		queue_work(system_long_wq, &rproc->crash_handler);
	}
	spin_unlock_irqrestore(&rproc->amp->crash_lock, flags);
}
EXPORT_SYMBOL(rproc_report_crash);

/* Recovery: stop (or find off) and boot again, or attach again; the state tells a failure. */
static int amp_rproc_recover(struct rproc *rproc)
{
	int ret;

	if (rproc_has_feature(rproc, RPROC_FEAT_ATTACH_ON_RECOVERY)) {
		ret = amp_rproc_do_detach(rproc, true);
		return ret ? ret : amp_rproc_boot_locked(rproc);
	}
	ret = amp_rproc_shutdown_locked(rproc);
	return ret ? ret : amp_rproc_boot_locked(rproc);
}

/**
 * rproc_trigger_recovery() - stop a crashed remote and boot it again
 * @rproc: the remote
 *
 * Context: may sleep; takes the remote's lock.
 * Return: 0 or a negative errno.
 */
int rproc_trigger_recovery(struct rproc *rproc)
{
	int ret;

	ret = mutex_lock_interruptible(&rproc->lock);
	if (ret)
		return ret;
	ret = rproc->state == RPROC_CRASHED ? amp_rproc_recover(rproc) : -EINVAL;
	mutex_unlock(&rproc->lock);
	return ret;
}
EXPORT_SYMBOL(rproc_trigger_recovery);

static void amp_rproc_crash_work(struct work_struct *work)
{
	struct rproc *rproc = container_of(work, struct rproc, crash_handler);
	struct amp_rproc_core *amp = rproc->amp;
	enum rproc_crash_type type;
	unsigned int gen;
	int ret;

	spin_lock_irq(&amp->crash_lock);
	type = amp->crash_type;
	gen = amp->crash_gen;
	spin_unlock_irq(&amp->crash_lock);

	mutex_lock(&rproc->lock);
	if (rproc->state != RPROC_RUNNING && rproc->state != RPROC_ATTACHED)
		goto out_unlock;
	if (gen != amp->boot_gen) {
		dev_dbg(&rproc->dev, "%s: stale crash report (%s) of run %u ignored in run %u\n",
			rproc->name, amp_rproc_crash_name(type), gen, amp->boot_gen);
		goto out_unlock;
	}
	amp_rproc_set_state(rproc, RPROC_CRASHED);
	rproc->crash_cnt++;
	trace_amp_rproc_crash(rproc, type, amp_rproc_crash_name(type), rproc->crash_cnt);
	dev_err(&rproc->dev, "%s crashed (%s), crash %u; recovery %s\n", rproc->name,
		amp_rproc_crash_name(type), rproc->crash_cnt,
		rproc->recovery_disabled ? "disabled" : "enabled");
	/* Before anything is stopped or released: the memory as the crash left it. */
	if (rproc->dump_conf != RPROC_COREDUMP_DISABLED && rproc->ops->coredump)
		rproc->ops->coredump(rproc);
	else if (rproc->dump_conf != RPROC_COREDUMP_DISABLED)
		amp_rproc_coredump(rproc);
	if (rproc->recovery_disabled)
		goto out_unlock;
	ret = amp_rproc_recover(rproc);
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

	/*
	 * Built in, the kernel's own core owns the class and /dev/remoteproc*: refuse cleanly.
	 * As a module (CONFIG_REMOTEPROC=m, 6.1 patched) it only conflicts while loaded, and
	 * then the module loader already refuses us, naming a symbol and its owner (remoteproc).
	 */
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
	ret = amp_rproc_virtio_init();
	if (ret)
		goto err_unregister_class;
	ret = amp_rproc_cdev_init();
	if (ret)
		goto err_virtio_exit;
	amp_rproc_debugfs_init();
	return 0;

err_virtio_exit:
	amp_rproc_virtio_exit();
err_unregister_class:
	class_unregister(&amp_rproc_class);
	return ret;
}
module_init(amp_rproc_init);

static void __exit amp_rproc_exit(void)
{
	amp_rproc_debugfs_exit();
	amp_rproc_cdev_exit();
	amp_rproc_virtio_exit();
	class_unregister(&amp_rproc_class);
	ida_destroy(&amp_rproc_ida);
}
module_exit(amp_rproc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP remoteproc core");
