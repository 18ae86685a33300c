// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: a vdev entry of the resource table as a virtio device on the
 * kernel's virtio core.
 *
 * As the remoteproc convention has it, the device's features, status and config space live
 * in the vdev entry of the table in the remote's memory, where both sides read them: the
 * remote offers dfeatures, the host writes gfeatures and status. The vrings were placed and
 * their addresses written into the table before the remote started; the remote waits for
 * DRIVER_OK before it touches them. The device is registered once the remote runs and
 * unregistered before it is stopped.
 *
 * The virtqueues drivers get run on private rings (amp_rproc_vring.c): the driver's notify
 * publishes its buffers into the shared ring, a doorbell collects the checked used entries
 * back. The remote's writes to the shared ring never reach the kernel's virtio_ring.
 */

#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include "amp_rproc_internal.h"

#define to_amp_rproc_vdev(v)	container_of(v, struct amp_rproc_vdev, vdev)

/* The vdev entry in the remote's memory. */
static struct fw_rsc_vdev *amp_rproc_vdev_rsc(struct amp_rproc_vdev *rvdev)
{
	return rvdev->rproc->amp->loaded_table + rvdev->rsc_offset;
}

/*
 * Indirect descriptors would live in kernel memory the remote cannot reach. Event indices
 * are the shadow's business with the remote (amp_rproc_vring.c), on the shared rings: the
 * driver's private ring kicks and takes interrupts as a legacy ring does. Neither is
 * offered to drivers.
 */
#define AMP_RPROC_VIRTIO_HIDDEN_FEATURES \
	(BIT_ULL(VIRTIO_RING_F_INDIRECT_DESC) | BIT_ULL(VIRTIO_RING_F_EVENT_IDX))

static bool event_idx = true;
module_param(event_idx, bool, 0644);
MODULE_PARM_DESC(event_idx,
		 "negotiate VIRTIO_RING_F_EVENT_IDX with a remote that offers it (read when a vdev's driver binds; default on)");

static u64 amp_rproc_virtio_get_features(struct virtio_device *vdev)
{
	u64 offered = READ_ONCE(amp_rproc_vdev_rsc(to_amp_rproc_vdev(vdev))->dfeatures);

	return offered & ~AMP_RPROC_VIRTIO_HIDDEN_FEATURES;
}

/*
 * The driver's features, and the transport's own: EVENT_IDX on the shared rings if the
 * remote offers it (read once: the table's word may change under us).
 */
static int amp_rproc_virtio_finalize_features(struct virtio_device *vdev)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);
	struct fw_rsc_vdev *rsc = amp_rproc_vdev_rsc(rvdev);
	u32 offered = READ_ONCE(rsc->dfeatures);
	u32 features;

	vring_transport_features(vdev);
	/* The table has 32 feature bits: a driver may not negotiate more. */
	if (upper_32_bits(vdev->features)) {
		dev_err(&vdev->dev, "features 0x%llx do not fit the vdev entry\n", vdev->features);
		return -EINVAL;
	}
	features = lower_32_bits(vdev->features);
	rvdev->event_idx = READ_ONCE(event_idx) && (offered & BIT(VIRTIO_RING_F_EVENT_IDX));
	if (rvdev->event_idx)
		features |= BIT(VIRTIO_RING_F_EVENT_IDX);
	WRITE_ONCE(rsc->gfeatures, features);
	return 0;
}

/* Our own copy: the remote may write the table's, and must not steer the driver with it. */
static u8 amp_rproc_virtio_get_status(struct virtio_device *vdev)
{
	return to_amp_rproc_vdev(vdev)->status;
}

static void amp_rproc_virtio_set_status(struct virtio_device *vdev, u8 status)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);
	u8 old = rvdev->status;

	rvdev->status = status;
	/* The vrings' setup is in memory before the remote can see DRIVER_OK. */
	wmb();
	WRITE_ONCE(amp_rproc_vdev_rsc(rvdev)->status, status);
	/*
	 * The driver gave up on a live device: the remote broke the virtio protocol. (A probe
	 * that fails sets FAILED too, but before DRIVER_OK: that is no crash of the remote.)
	 */
	if ((status & VIRTIO_CONFIG_S_FAILED) && !(old & VIRTIO_CONFIG_S_FAILED) &&
	    (old & VIRTIO_CONFIG_S_DRIVER_OK)) {
		dev_err(&vdev->dev, "its driver gave up on it: the remote broke the virtio protocol\n");
		rproc_report_crash(rvdev->rproc, RPROC_PROTOCOL_ERROR);
	}
	if (status & VIRTIO_CONFIG_S_DRIVER_OK && rvdev->rproc->ops->kick)
		rvdev->rproc->ops->kick(rvdev->rproc, rvdev->notifyid);
}

/* The remote is told at once: it must stop using the vrings before they are made anew. */
static void amp_rproc_virtio_reset(struct virtio_device *vdev)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);

	rvdev->status = 0;
	WRITE_ONCE(amp_rproc_vdev_rsc(rvdev)->status, 0);
	if (rvdev->rproc->ops->kick)
		rvdev->rproc->ops->kick(rvdev->rproc, rvdev->notifyid);
}

/* Config space: after the vrings; its length is the checked copy's, not the remote's. */
static void *amp_rproc_virtio_config(struct virtio_device *vdev, unsigned int offset,
				     unsigned int len)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);
	struct fw_rsc_vdev *rsc = amp_rproc_vdev_rsc(rvdev);

	if (offset > rvdev->config_len || len > rvdev->config_len - offset) {
		dev_err(&vdev->dev, "config access at %u + %u beyond config_len %u\n", offset,
			len, rvdev->config_len);
		return NULL;
	}
	return (void *)&rsc->vring[rvdev->nvrings] + offset;
}

static void amp_rproc_virtio_get(struct virtio_device *vdev, unsigned int offset, void *buf,
				 unsigned int len)
{
	void *cfg = amp_rproc_virtio_config(vdev, offset, len);

	if (cfg)
		memcpy(buf, cfg, len);
	else
		memset(buf, 0, len);
}

static void amp_rproc_virtio_set(struct virtio_device *vdev, unsigned int offset,
				 const void *buf, unsigned int len)
{
	void *cfg = amp_rproc_virtio_config(vdev, offset, len);

	if (cfg)
		memcpy(cfg, buf, len);
}

/* The driver's new buffers go to the shared ring; the remote is kicked if it wants it. */
static bool amp_rproc_virtio_notify(struct virtqueue *vq)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vq->vdev);
	struct amp_rproc_vring *vring = vq->priv;

	if (amp_vring_shadow_publish(&vring->shadow))
		rvdev->rproc->ops->kick(rvdev->rproc, vring->notifyid);
	return true;
}

static void amp_rproc_virtio_del_vqs(struct virtio_device *vdev)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);
	struct rproc *rproc = rvdev->rproc;
	unsigned int i;

	for (i = 0; i < rvdev->nvrings; i++) {
		struct virtqueue *vq;

		/* Unpublish first: the doorbell never sees a vq being freed. */
		mutex_lock(&rproc->amp->vq_lock);
		spin_lock_irq(&rproc->amp->vq_irq_lock);
		vq = rvdev->vrings[i].vq;
		rvdev->vrings[i].vq = NULL;
		rvdev->vrings[i].handoff = NULL;
		spin_unlock_irq(&rproc->amp->vq_irq_lock);
		mutex_unlock(&rproc->amp->vq_lock);
		if (vq) {
			vring_del_virtqueue(vq);
			amp_vring_shadow_free(&rvdev->vrings[i].shadow);
		}
	}
}

static int amp_rproc_virtio_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
				     struct virtqueue *vqs[], vq_callback_t *callbacks[],
				     const char * const names[], const bool *ctx,
				     struct irq_affinity *desc)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);
	struct rproc *rproc = rvdev->rproc;
	unsigned int i, queue = 0;

	for (i = 0; i < nvqs; i++) {
		struct amp_rproc_vring *vring;
		struct virtqueue *vq;

		vqs[i] = NULL;
		if (!names[i])
			continue;
		if (queue >= rvdev->nvrings) {
			dev_err(&vdev->dev, "driver wants %u queues, the firmware has %u vrings\n",
				nvqs, rvdev->nvrings);
			goto err_del_vqs;
		}
		vring = &rvdev->vrings[queue];
		memset(vring->va, 0, vring->size);
		memset(&vring->shadow, 0, sizeof(vring->shadow));
		if (amp_vring_shadow_init(&vring->shadow, vdev, vring->va, vring->num,
					  vring->align, rvdev->event_idx))
			goto err_del_vqs;
		/* Weak barriers: only the host's CPUs use the private ring. */
		vq = vring_new_virtqueue(queue, vring->num, AMP_VRING_PRIV_ALIGN, vdev, true,
					 ctx ? ctx[i] : false, vring->shadow.priv,
					 amp_rproc_virtio_notify, callbacks[i], names[i]);
		if (!vq) {
			dev_err(&vdev->dev, "cannot create virtqueue %s\n", names[i]);
			amp_vring_shadow_free(&vring->shadow);
			goto err_del_vqs;
		}
		vq->priv = vring;
		mutex_lock(&rproc->amp->vq_lock);
		spin_lock_irq(&rproc->amp->vq_irq_lock);
		vring->vq = vq;
		vring->handoff = NULL;
		vring->handoffs = 0;
		spin_unlock_irq(&rproc->amp->vq_irq_lock);
		mutex_unlock(&rproc->amp->vq_lock);
		vqs[i] = vq;
		queue++;
	}
	return 0;

err_del_vqs:
	amp_rproc_virtio_del_vqs(vdev);
	return -EINVAL;
}

/* Region 0: the vdev's buffer pool, for a driver that keeps its buffers there (rpmsg). */
static bool amp_rproc_virtio_get_shm_region(struct virtio_device *vdev,
					    struct virtio_shm_region *region, u8 id)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(vdev);

	if (id != 0 || !rvdev->shm_len)
		return false;
	region->addr = rvdev->shm_pa;
	region->len = rvdev->shm_len;
	return true;
}

static const char *amp_rproc_virtio_bus_name(struct virtio_device *vdev)
{
	return dev_name(&to_amp_rproc_vdev(vdev)->rproc->dev);
}

static const struct virtio_config_ops amp_rproc_virtio_ops = {
	.get = amp_rproc_virtio_get,
	.set = amp_rproc_virtio_set,
	.get_status = amp_rproc_virtio_get_status,
	.set_status = amp_rproc_virtio_set_status,
	.reset = amp_rproc_virtio_reset,
	.find_vqs = amp_rproc_virtio_find_vqs,
	.del_vqs = amp_rproc_virtio_del_vqs,
	.get_features = amp_rproc_virtio_get_features,
	.finalize_features = amp_rproc_virtio_finalize_features,
	.bus_name = amp_rproc_virtio_bus_name,
	.get_shm_region = amp_rproc_virtio_get_shm_region,
};

/*
 * Upstream puts a platform device "rproc-virtio.N.auto", bound to its driver of that name,
 * between a remote and each of its virtio devices; so do we, so that the tree under
 * /sys/class/remoteproc/remoteprocN is upstream's. Our driver of that name only binds it:
 * the core registers and removes the virtio device itself, with the boot.
 */
static int amp_rproc_virtio_pdev_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver amp_rproc_virtio_pdrv = {
	.probe = amp_rproc_virtio_pdev_probe,
	.driver = {
		.name = AMP_RPROC_VIRTIO_PDEV,
	},
};

/**
 * amp_rproc_virtio_init() - register the driver of the vdevs' platform devices
 *
 * Return: 0 or the error of platform_driver_register().
 */
int amp_rproc_virtio_init(void)
{
	return platform_driver_register(&amp_rproc_virtio_pdrv);
}

/**
 * amp_rproc_virtio_exit() - unregister it
 */
void amp_rproc_virtio_exit(void)
{
	platform_driver_unregister(&amp_rproc_virtio_pdrv);
}

static void amp_rproc_vdev_release(struct device *dev)
{
	struct amp_rproc_vdev *rvdev = to_amp_rproc_vdev(dev_to_virtio(dev));

	put_device(&rvdev->rproc->dev);
	kfree(rvdev);
}

/**
 * amp_rproc_vdev_new() - describe a vdev entry of the table, placed but not registered
 * @rproc: the remote
 * @rsc: the entry in the core's copy of the table, its vrings placed
 * @nvrings: its vring count, as checked (at most %AMP_RSC_VDEV_MAX_VRINGS)
 * @rsc_offset: offset of the entry's payload in the table
 * @index: N of the vdev's regions vdev<N>vring<i> and vdev<N>buffer
 *
 * Context: may sleep; with the remote's lock held.
 * Return: 0, -ENOMEM, or -EINVAL for a count or a vring the caller did not check.
 */
int amp_rproc_vdev_new(struct rproc *rproc, const struct fw_rsc_vdev *rsc,
		       unsigned int nvrings, size_t rsc_offset, unsigned int index)
{
	struct rproc_mem_entry *pool;
	struct amp_rproc_vdev *rvdev;
	char name[AMP_RSC_NAME_LEN];
	unsigned int i;

	lockdep_assert_held(&rproc->lock);
	/* bounded here, where it sizes a write into rvdev->vrings */
	if (WARN_ON(nvrings > ARRAY_SIZE(rvdev->vrings)))
		return -EINVAL;
	rvdev = kzalloc(sizeof(*rvdev), GFP_KERNEL);
	if (!rvdev)
		return -ENOMEM;
	rvdev->rproc = rproc;
	rvdev->rsc_offset = rsc_offset;
	rvdev->id = rsc->id;
	rvdev->notifyid = rsc->notifyid;
	rvdev->nvrings = nvrings;
	rvdev->config_len = rsc->config_len;
	/* the buffer pool: the carveout vdev<N>buffer, at its physical address */
	snprintf(name, sizeof(name), "vdev%ubuffer", index);
	pool = amp_rproc_find_carveout(rproc, name);
	if (pool) {
		rvdev->shm_pa = pool->dma;
		rvdev->shm_len = pool->len;
	}
	for (i = 0; i < rvdev->nvrings; i++) {
		struct amp_rproc_vring *vring = &rvdev->vrings[i];

		vring->num = rsc->vring[i].num;
		vring->align = rsc->vring[i].align;
		vring->notifyid = rsc->vring[i].notifyid;
		vring->size = vring_size(vring->num, vring->align);
		/* Placed by the caller: inside mapped memory, for as long as the boot. */
		vring->va = rproc_da_to_va(rproc, rsc->vring[i].da, vring->size, NULL);
		if (WARN_ON(!vring->va)) {
			kfree(rvdev);
			return -EINVAL;
		}
	}
	mutex_lock(&rproc->amp->vq_lock);
	spin_lock_irq(&rproc->amp->vq_irq_lock);
	list_add_tail(&rvdev->node, &rproc->amp->vdevs);
	spin_unlock_irq(&rproc->amp->vq_irq_lock);
	mutex_unlock(&rproc->amp->vq_lock);
	return 0;
}

/**
 * amp_rproc_vdevs_register() - register the boot's vdevs on the virtio core
 * @rproc: the remote, just started
 *
 * Drivers bound now (rpmsg) probe from here and see a running remote.
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or a negative errno (the caller then stops the remote and calls
 * amp_rproc_vdevs_remove()).
 */
int amp_rproc_vdevs_register(struct rproc *rproc)
{
	struct platform_device *pdev;
	struct amp_rproc_vdev *rvdev;
	int ret;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(rvdev, &rproc->amp->vdevs, node) {
		if (rproc->amp->fail_vdev_register) {
			/* the debugfs fault knob: as if registration failed */
			rproc->amp->fail_vdev_register--;
			dev_warn(&rproc->dev, "fault injected: vdev registration\n");
			return -EIO;
		}
		pdev = platform_device_register_data(&rproc->dev, AMP_RPROC_VIRTIO_PDEV,
						     PLATFORM_DEVID_AUTO, NULL, 0);
		if (IS_ERR(pdev)) {
			dev_err(&rproc->dev, "cannot add the platform device of vdev %u: %ld\n",
				rvdev->id, PTR_ERR(pdev));
			return PTR_ERR(pdev);
		}
		rvdev->pdev = pdev;
		rvdev->vdev.id.device = rvdev->id;
		rvdev->vdev.config = &amp_rproc_virtio_ops;
		rvdev->vdev.dev.parent = &pdev->dev;
		rvdev->vdev.dev.release = amp_rproc_vdev_release;
		get_device(&rproc->dev);
		ret = register_virtio_device(&rvdev->vdev);
		if (ret) {
			dev_err(&rproc->dev, "cannot register vdev %u: %d\n", rvdev->id, ret);
			mutex_lock(&rproc->amp->vq_lock);
			spin_lock_irq(&rproc->amp->vq_irq_lock);
			list_del(&rvdev->node);
			spin_unlock_irq(&rproc->amp->vq_irq_lock);
			mutex_unlock(&rproc->amp->vq_lock);
			/* the virtio core's rule: put a failed device; its release frees it */
			put_device(&rvdev->vdev.dev);
			platform_device_unregister(pdev);
			return ret;
		}
		rvdev->registered = true;
	}
	return 0;
}

/**
 * amp_rproc_vdevs_recreate() - make the boot's vdevs again, after amp_rproc_vdevs_remove()
 * @rproc: the remote, still running (a detach failed)
 *
 * The vdev entries of the checked table copy describe them, their vrings still placed;
 * the remote sees its vdevs reset and set up again.
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or a negative errno (then no vdev is left).
 */
int amp_rproc_vdevs_recreate(struct rproc *rproc)
{
	const struct resource_table *table = rproc->cached_table;
	unsigned int nr_vdev = 0;
	struct amp_rsc_entry ent;
	int ret = 0;
	u32 i;

	lockdep_assert_held(&rproc->lock);
	if (!table)
		return 0;
	for (i = 0; i < table->num && !ret; i++) {
		const struct fw_rsc_vdev *v;

		ret = amp_rsc_table_entry(table, rproc->table_sz, i, &ent);
		if (ret || ent.type != RSC_VDEV)
			continue;
		v = ent.data;
		ret = amp_rproc_vdev_new(rproc, v, v->num_of_vrings, ent.offset, nr_vdev++);
	}
	if (!ret)
		ret = amp_rproc_vdevs_register(rproc);
	if (ret)
		amp_rproc_vdevs_remove(rproc);
	return ret;
}

/**
 * amp_rproc_vdevs_remove() - unregister and forget the boot's vdevs
 * @rproc: the remote, still running (drivers may talk to it while they unbind)
 *
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_vdevs_remove(struct rproc *rproc)
{
	struct amp_rproc_vdev *rvdev, *tmp;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry_safe(rvdev, tmp, &rproc->amp->vdevs, node) {
		mutex_lock(&rproc->amp->vq_lock);
		spin_lock_irq(&rproc->amp->vq_irq_lock);
		list_del(&rvdev->node);
		spin_unlock_irq(&rproc->amp->vq_irq_lock);
		mutex_unlock(&rproc->amp->vq_lock);
		if (rvdev->registered) {
			struct platform_device *pdev = rvdev->pdev;

			unregister_virtio_device(&rvdev->vdev);	/* may free it */
			platform_device_unregister(pdev);
		} else {
			kfree(rvdev);
		}
	}
}

/*
 * The remote broke a vring's protocol: its driver sees every virtqueue of the device
 * broken (its callbacks run once more so that it notices), and the remote has crashed.
 */
static void amp_rproc_vring_broken(struct amp_rproc_vdev *rvdev, unsigned int index,
				   const struct amp_vring_fault *f)
{
	unsigned int i;

	dev_err(&rvdev->vdev.dev, "remote broke vring %u: %s %u; device broken\n", index, f->what,
		f->value);
	virtio_break_device(&rvdev->vdev);
	for (i = 0; i < rvdev->nvrings; i++) {
		struct virtqueue *vq = rvdev->vrings[i].vq;

		if (vq && vq->callback)
			vq->callback(vq);
	}
	rproc_report_crash(rvdev->rproc, RPROC_PROTOCOL_ERROR);
}

/*
 * What a doorbell does for vring @i of @rvdev: check and collect the remote's used entries,
 * then run the virtqueue's callback if there are any. Under @vq_lock.
 */
static irqreturn_t amp_rproc_vring_service(struct amp_rproc_vdev *rvdev, unsigned int i)
{
	struct amp_rproc_vring *vring = &rvdev->vrings[i];
	struct amp_vring_fault f;

	lockdep_assert_held(&rvdev->rproc->amp->vq_lock);
	if (rvdev->broken)
		return IRQ_NONE;
	if (amp_vring_shadow_collect(&vring->shadow, &f) < 0) {
		WRITE_ONCE(rvdev->broken, true);
		amp_rproc_vring_broken(rvdev, i, &f);
		return IRQ_HANDLED;
	}
	return vring_interrupt(0, vring->vq);
}

/**
 * rproc_vq_interrupt() - the remote signalled a vring: run its callbacks
 * @rproc: the remote
 * @notifyid: the vring's notify id, or -1 for every vring (a doorbell that does not say)
 *
 * The used entries the remote gave back are checked and moved to the private rings first.
 * Context: process context (a threaded IRQ handler or a work item): the callbacks may sleep.
 * Return: IRQ_HANDLED if a vring had work (or broke), IRQ_NONE otherwise, e.g. for a notify
 * id no vring has.
 */
irqreturn_t rproc_vq_interrupt(struct rproc *rproc, int notifyid)
{
	irqreturn_t ret = IRQ_NONE;
	struct amp_rproc_vdev *rvdev;
	unsigned int i;

	mutex_lock(&rproc->amp->vq_lock);
	list_for_each_entry(rvdev, &rproc->amp->vdevs, node) {
		for (i = 0; i < rvdev->nvrings; i++) {
			struct amp_rproc_vring *vring = &rvdev->vrings[i];

			if (!vring->vq || (notifyid >= 0 && vring->notifyid != notifyid))
				continue;
			if (amp_rproc_vring_service(rvdev, i) == IRQ_HANDLED)
				ret = IRQ_HANDLED;
		}
	}
	mutex_unlock(&rproc->amp->vq_lock);
	return ret;
}
EXPORT_SYMBOL(rproc_vq_interrupt);

/**
 * amp_rproc_vq_interrupt_handoff() - the remote signalled, seen from the doorbell's hard IRQ
 * @rproc: the remote
 *
 * For a platform driver whose doorbell arrives in hard IRQ context (a mailbox's rx
 * callback), before it defers the doorbell to process context: the vrings are not touched
 * here, only looked at. A device with news on a vring is handed to its driver's waiter, if
 * the driver has a hook (amp_rproc_vq_set_handoff()) and a waiter takes it: that waiter
 * serves the device's vrings from its own context (amp_rproc_vq_poll()), which spares a
 * context switch to the platform's thread and back.
 *
 * Context: hard IRQ (any atomic context); does not sleep.
 * Return: IRQ_HANDLED if every device with news was handed to a waiter: nothing else is
 * needed. IRQ_WAKE_THREAD otherwise (no news: the doorbell may be about something else; no
 * hook; no waiter; a broken device): the caller must run rproc_vq_interrupt() from process
 * context, as without this.
 */
irqreturn_t amp_rproc_vq_interrupt_handoff(struct rproc *rproc)
{
	irqreturn_t ret = IRQ_WAKE_THREAD;
	struct amp_rproc_vdev *rvdev;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&rproc->amp->vq_irq_lock, flags);
	list_for_each_entry(rvdev, &rproc->amp->vdevs, node) {
		bool news = false, handed = false;

		for (i = 0; i < rvdev->nvrings; i++)
			if (rvdev->vrings[i].vq &&
			    amp_vring_shadow_has_news(&rvdev->vrings[i].shadow))
				news = true;
		if (!news)
			continue;
		for (i = 0; i < rvdev->nvrings && !handed && !READ_ONCE(rvdev->broken); i++) {
			struct amp_rproc_vring *vring = &rvdev->vrings[i];

			if (vring->vq && vring->handoff && vring->handoff(vring->vq)) {
				vring->handoffs++;
				handed = true;
			}
		}
		if (!handed) {
			ret = IRQ_WAKE_THREAD;
			break;
		}
		ret = IRQ_HANDLED;
	}
	spin_unlock_irqrestore(&rproc->amp->vq_irq_lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_vq_interrupt_handoff);

/**
 * amp_rproc_vq_set_handoff() - let the doorbell's hard IRQ hand a device to a waiter
 * @vq: a virtqueue
 * @handoff: called by amp_rproc_vq_interrupt_handoff(), in hard IRQ context, when a vring of
 *	@vq's device has news: it returns true if a waiter of the driver's takes the job of
 *	serving the device's vrings with amp_rproc_vq_poll() (wait true) from process
 *	context, soon and whatever happens to it; false leaves the job to the platform's
 *	process-context path, as without a hook. NULL removes the hook; del_vqs() does too.
 *
 * A driver finds this with symbol_get(), as amp_rproc_vq_poll().
 * Context: may sleep.
 * Return: false if @vq is not a virtqueue of ours.
 */
bool amp_rproc_vq_set_handoff(struct virtqueue *vq, bool (*handoff)(struct virtqueue *vq))
{
	struct amp_rproc_vdev *rvdev;
	struct amp_rproc_vring *vring;
	struct rproc *rproc;

	if (vq->vdev->config != &amp_rproc_virtio_ops)
		return false;
	rvdev = to_amp_rproc_vdev(vq->vdev);
	vring = vq->priv;
	rproc = rvdev->rproc;
	mutex_lock(&rproc->amp->vq_lock);
	spin_lock_irq(&rproc->amp->vq_irq_lock);
	if (vring->vq == vq)
		vring->handoff = handoff;
	spin_unlock_irq(&rproc->amp->vq_irq_lock);
	mutex_unlock(&rproc->amp->vq_lock);
	return true;
}
EXPORT_SYMBOL_GPL(amp_rproc_vq_set_handoff);

/**
 * amp_rproc_vq_poll() - collect and deliver what the remote gave back on a device, now
 * @vq: a virtqueue
 * @wait: wait for a doorbell's handler that serves the vrings meanwhile; without it, leave
 *	the work to that handler and return at once
 *
 * For a driver that busy-polls @vq instead of waiting for the remote's doorbell: @vq's
 * interrupt suppression (virtqueue_disable_cb(), virtqueue_enable_cb()) is made visible to
 * the remote, then every vring of the device is served as a doorbell serves them (checked
 * entries only, callbacks in the caller's context): a remote asked not to ring need not
 * ring for any of them. A driver finds this with symbol_get(), so that it does not depend
 * on this module for virtio devices of other transports.
 *
 * Context: process context; the virtqueue's callback may sleep.
 * Return: false if @vq is not a virtqueue of ours (the caller polls it another way).
 */
bool amp_rproc_vq_poll(struct virtqueue *vq, bool wait)
{
	struct amp_rproc_vdev *rvdev;
	struct amp_rproc_vring *vring;
	struct rproc *rproc;

	if (vq->vdev->config != &amp_rproc_virtio_ops)
		return false;
	rvdev = to_amp_rproc_vdev(vq->vdev);
	vring = vq->priv;
	rproc = rvdev->rproc;
	if (wait)
		mutex_lock(&rproc->amp->vq_lock);
	else if (!mutex_trylock(&rproc->amp->vq_lock))
		return true;
	/* the vq is the vring's until del_vqs() unpublishes it, under the lock */
	if (vring->vq == vq) {
		unsigned int i;

		amp_vring_shadow_sync_flags(&vring->shadow);
		for (i = 0; i < rvdev->nvrings; i++)
			if (rvdev->vrings[i].vq &&
			    amp_vring_shadow_has_news(&rvdev->vrings[i].shadow))
				amp_rproc_vring_service(rvdev, i);
	}
	mutex_unlock(&rproc->amp->vq_lock);
	return true;
}
EXPORT_SYMBOL_GPL(amp_rproc_vq_poll);
