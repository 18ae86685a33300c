// SPDX-License-Identifier: GPL-2.0
/*
 * amp_upstream_rproc - the reference platform's glue for upstream's remoteproc API, written
 * as a SoC's in-tree driver is: against <linux/remoteproc.h>, its private
 * "remoteproc_internal.h" and the mailbox framework. The same source builds, unmodified,
 * against the kernel's in-tree remoteproc (make bench's upstream stack: remoteproc,
 * virtio_rpmsg_bus, rpmsg_char) and against our core (tests/remoteproc/glue.sh): the
 * proof that a board's upstream driver runs on our core.
 *
 * It binds the same DT node as amp_qemu_virt_rproc (dts/amp,qemu-virt-rproc.yaml) and
 * speaks the same firmware protocol (include/linux/amp/fw_ctl.h): the platform words of
 * the control block are filled in from the DT before start, a start waits for the firmware
 * to say it runs, a stop is a request plus a doorbell, then PSCI AFFINITY_INFO until the
 * core is off. Its doorbells are the "vq"
 * channel of the platform's mailbox (amp,qemu-virt-mbox). It is a comparison baseline,
 * not a product: no crash detection, watchdog or coredump.
 */
#include <linux/arm-smccc.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mailbox_client.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_irq.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/remoteproc.h>
#include <linux/sched.h>
#include <uapi/linux/psci.h>

#include <linux/amp/fw_ctl.h>

#include "remoteproc_internal.h"	/* the rproc_elf_* helpers, as in-tree drivers use */

#define AUR_MSI_SETSPI_NS	0x40
#define AUR_STOP_TIMEOUT_MS	1000
#define AUR_BOOT_TIMEOUT_MS	1000

/**
 * struct aur - one remote core
 * @dev: the platform device
 * @rproc: its remote
 * @cl: the mailbox client
 * @chan: the "vq" channel: a send rings the remote, a message received is its doorbell
 * @vq_worker: the thread that serves the vrings for a doorbell
 * @vq_work: its work
 * @doorbell_pa: the GICv2m frame's MSI_SETSPI_NS, given to the firmware
 * @fw_intid: the INTID that interrupts the remote, given to the firmware
 * @host_intid: the INTID the remote writes to interrupt us, given to the firmware
 * @mpidr: the remote core's MPIDR, for PSCI
 * @loaded_table: the resource table in the loaded image (the core only keeps the cached
 *	copy's pointer by the time stop runs)
 * @ctl_offset: offset of the control block in the table, or -1 until one is seen
 */
struct aur {
	struct device *dev;
	struct rproc *rproc;
	struct mbox_client cl;
	struct mbox_chan *chan;
	struct kthread_worker *vq_worker;
	struct kthread_work vq_work;
	phys_addr_t doorbell_pa;
	u32 fw_intid;
	u32 host_intid;
	u64 mpidr;
	struct resource_table *loaded_table;
	int ctl_offset;
};

static long aur_psci(u32 fn, u64 a1, u64 a2, u64 a3)
{
	struct arm_smccc_res res;

	/* QEMU 7.2 reports SMCCC 1.0: arm_smccc_1_1_invoke() would silently do nothing. */
	arm_smccc_1_1_hvc(fn, a1, a2, a3, &res);
	return (long)res.a0;
}

static int aur_mem_alloc(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	void __iomem *va = ioremap_wc(mem->dma, mem->len);

	if (!va) {
		dev_err(rproc->dev.parent, "cannot map carveout %s (%pad, %zu bytes)\n",
			mem->name, &mem->dma, mem->len);
		return -ENOMEM;
	}
	mem->va = (__force void *)va;
	mem->is_iomem = true;
	return 0;
}

static int aur_mem_release(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	iounmap((__force void __iomem *)mem->va);
	return 0;
}

/*
 * Every boot: the DT's reserved-memory regions as carveouts, DA == PA (the core frees them
 * at stop), and no control block until this boot's table shows one.
 */
static int aur_prepare(struct rproc *rproc)
{
	struct aur *a = rproc->priv;
	struct device *dev = rproc->dev.parent;
	struct device_node *np = dev->of_node;
	struct rproc_mem_entry *mem;
	struct reserved_mem *rmem;
	struct device_node *rnp;
	const char *name;
	int i, n;

	/* this boot's firmware says where its control block is, if it has one */
	a->ctl_offset = -1;
	a->loaded_table = NULL;
	n = of_property_count_strings(np, "memory-region-names");
	if (n <= 0) {
		dev_err(dev, "no memory-region-names (%d)\n", n);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (of_property_read_string_index(np, "memory-region-names", i, &name))
			return -EINVAL;
		rnp = of_parse_phandle(np, "memory-region", i);
		rmem = rnp ? of_reserved_mem_lookup(rnp) : NULL;
		of_node_put(rnp);
		if (!rmem) {
			dev_err(dev, "memory-region %d (%s) is not reserved memory\n", i, name);
			return -EINVAL;
		}
		/* the rpmsg buffers: virtio_rpmsg_bus allocates them from this dma pool */
		if (!strcmp(name, "vdev0buffer"))
			mem = rproc_of_resm_mem_entry_init(dev, i, rmem->size, rmem->base, name);
		else
			mem = rproc_mem_entry_init(dev, NULL, (dma_addr_t)rmem->base, rmem->size,
						   rmem->base, aur_mem_alloc, aur_mem_release,
						   name);
		if (!mem)
			return -ENOMEM;
		rproc_add_carveout(rproc, mem);
	}
	return 0;
}

/* The control block, in the cached table: the core copies it into the image before start. */
static int aur_handle_rsc(struct rproc *rproc, u32 rsc_type, void *rsc, int offset, int avail)
{
	struct aur *a = rproc->priv;
	struct amp_fw_ctl *ctl = rsc;
	u64 db = a->doorbell_pa;

	if (rsc_type != AMP_RSC_FW_CTL)
		return RSC_IGNORED;
	if (avail < (int)sizeof(*ctl)) {
		dev_err(a->dev, "control block: %d bytes, want %zu\n", avail, sizeof(*ctl));
		return -EINVAL;
	}
	if (ctl->magic != AMP_FW_CTL_MAGIC || ctl->version != AMP_FW_CTL_VERSION) {
		dev_err(a->dev, "control block: magic 0x%x, version %u\n", ctl->magic,
			ctl->version);
		return -EINVAL;
	}
	/* it declares its length: this glue uses every word of this version */
	if (ctl->len < sizeof(*ctl) || ctl->len > avail) {
		dev_err(a->dev, "control block: declares %u bytes, want %zu..%d\n", ctl->len,
			sizeof(*ctl), avail);
		return -EINVAL;
	}
	ctl->doorbell_lo = lower_32_bits(db);
	ctl->doorbell_hi = upper_32_bits(db);
	ctl->host_intid = a->host_intid;
	ctl->fw_intid = a->fw_intid;
	ctl->request = AMP_FW_REQ_NONE;
	a->ctl_offset = offset;
	return RSC_HANDLED;
}

static struct resource_table *
aur_find_loaded_rsc_table(struct rproc *rproc, const struct firmware *fw)
{
	struct aur *a = rproc->priv;

	a->loaded_table = rproc_elf_find_loaded_rsc_table(rproc, fw);
	return a->loaded_table;
}

/* Any context: the send does not block, and the write is the whole transfer. */
static void aur_ring(struct aur *a)
{
	int ret = mbox_send_message(a->chan, NULL);

	if (ret < 0)
		dev_err_ratelimited(a->dev, "doorbell to the remote lost: %d\n", ret);
	else
		mbox_client_txdone(a->chan, 0);
}

static int aur_stop(struct rproc *rproc)
{
	struct aur *a = rproc->priv;
	struct amp_fw_ctl *ctl;
	ktime_t t0 = ktime_get();
	long info;

	if (aur_psci(PSCI_0_2_FN64_AFFINITY_INFO, a->mpidr, 0, 0) == PSCI_0_2_AFFINITY_LEVEL_OFF)
		return 0;
	if (a->loaded_table && a->ctl_offset >= 0) {
		ctl = (void *)a->loaded_table + a->ctl_offset;
		WRITE_ONCE(ctl->request, AMP_FW_REQ_STOP);
	}
	/* the controller's writel() orders the request before the doorbell */
	aur_ring(a);
	do {
		info = aur_psci(PSCI_0_2_FN64_AFFINITY_INFO, a->mpidr, 0, 0);
		if (info == PSCI_0_2_AFFINITY_LEVEL_OFF)
			return 0;
		usleep_range(50, 100);
	} while (ktime_ms_delta(ktime_get(), t0) < AUR_STOP_TIMEOUT_MS);
	dev_err(a->dev, "remote core 0x%llx still on after %d ms (AFFINITY_INFO %ld)\n",
		a->mpidr, AUR_STOP_TIMEOUT_MS, info);
	return -ETIMEDOUT;
}

/*
 * Start the core and wait for the firmware to say it runs. Returning earlier would let a
 * stop race the boot: QEMU 7.2 powers the core on asynchronously (AFFINITY_INFO may still
 * say OFF just after CPU_ON, and a stop believing it would leave the core on), and a
 * doorbell rung before the firmware has made its line edge-triggered is lost.
 */
static int aur_start(struct rproc *rproc)
{
	struct aur *a = rproc->priv;
	unsigned long deadline;
	struct amp_fw_ctl *ctl;
	long ret;
	u32 state;

	if (a->ctl_offset < 0 || !a->loaded_table) {
		dev_err(a->dev, "the firmware has no control block (vendor resource %d)\n",
			AMP_RSC_FW_CTL);
		return -EINVAL;
	}
	ctl = (void *)a->loaded_table + a->ctl_offset;
	WRITE_ONCE(ctl->request, AMP_FW_REQ_NONE);
	WRITE_ONCE(ctl->state, AMP_FW_STATE_OFF);
	/* the image and the table reach memory before the remote core starts */
	wmb();
	ret = aur_psci(PSCI_0_2_FN64_CPU_ON, a->mpidr, rproc->bootaddr, 0);
	if (ret) {
		dev_err(a->dev, "PSCI CPU_ON(0x%llx, 0x%llx) = %ld\n", a->mpidr, rproc->bootaddr,
			ret);
		return -EIO;
	}
	deadline = jiffies + msecs_to_jiffies(AUR_BOOT_TIMEOUT_MS);
	while (READ_ONCE(ctl->state) == AMP_FW_STATE_OFF && time_before(jiffies, deadline))
		usleep_range(100, 200);
	state = READ_ONCE(ctl->state);
	if (state == AMP_FW_STATE_RUNNING)
		return 0;
	dev_err(a->dev, "firmware did not come up: state %u\n", state);
	/* a core that would not stop may still run: say so */
	return aur_stop(rproc) ? -ETIMEDOUT : -EIO;
}

static void aur_kick(struct rproc *rproc, int vqid)
{
	/* the controller's writel() orders the vring updates before the doorbell */
	aur_ring(rproc->priv);
}

static const struct rproc_ops aur_ops = {
	.prepare		= aur_prepare,
	.start			= aur_start,
	.stop			= aur_stop,
	.kick			= aur_kick,
	.handle_rsc		= aur_handle_rsc,
	.load			= rproc_elf_load_segments,
	.parse_fw		= rproc_elf_load_rsc_table,
	.find_loaded_rsc_table	= aur_find_loaded_rsc_table,
	.sanity_check		= rproc_elf_sanity_check,
	.get_boot_addr		= rproc_elf_get_boot_addr,
};

/*
 * The remote's doorbell, in process context (virtio_rpmsg_bus's receive path takes a
 * mutex). It does not say which vring moved: look at every notify id.
 */
static void aur_vq_work(struct kthread_work *work)
{
	struct aur *a = container_of(work, struct aur, vq_work);
	int id;

	for (id = 0; id <= a->rproc->max_notifyid; id++)
		rproc_vq_interrupt(a->rproc, id);
}

/*
 * The mailbox's rx callback runs in hard IRQ context: defer to our thread, as upstream's
 * SoC drivers defer to a work item (a real-time thread here, as a threaded IRQ handler's).
 */
static void aur_rx(struct mbox_client *cl, void *msg)
{
	struct aur *a = container_of(cl, struct aur, cl);

	kthread_queue_work(a->vq_worker, &a->vq_work);
}

static void aur_destroy_worker(void *data)
{
	kthread_destroy_worker(data);
}

/* The firmware is told how its doorbells are wired: the mailbox channel's DT description. */
static int aur_parse_mbox(struct aur *a)
{
	struct device_node *np = a->dev->of_node;
	struct of_phandle_args mbox, irq;
	struct resource frame;
	int idx, ret;

	idx = of_property_match_string(np, "mbox-names", "vq");
	ret = of_parse_phandle_with_args(np, "mboxes", "#mbox-cells", idx < 0 ? 0 : idx, &mbox);
	if (ret)
		return dev_err_probe(a->dev, ret, "no mailbox channel \"vq\"\n");
	ret = -EINVAL;
	if (mbox.args_count == 1 && !of_address_to_resource(mbox.np, 0, &frame) &&
	    !of_property_read_u32_index(mbox.np, "amp,remote-intids", mbox.args[0],
					&a->fw_intid) &&
	    !of_irq_parse_one(mbox.np, mbox.args[0], &irq)) {
		of_node_put(irq.np);
		if (irq.args_count >= 2 && irq.args[0] == 0 /* GIC_SPI */) {
			a->doorbell_pa = frame.start + AUR_MSI_SETSPI_NS;
			a->host_intid = irq.args[1] + 32;
			ret = 0;
		}
	}
	of_node_put(mbox.np);
	if (ret)
		dev_err(a->dev, "mailbox channel \"vq\": not an amp,qemu-virt-mbox channel\n");
	return ret;
}

static void aur_free_mbox(void *data)
{
	mbox_free_channel(data);
}

static int aur_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	const char *fw_name = "amp-fw-cpu1.elf";
	struct rproc *rproc;
	struct aur *a;
	int ret;

	of_property_read_string(dev->of_node, "firmware-name", &fw_name);
	rproc = devm_rproc_alloc(dev, dev_name(dev), &aur_ops, fw_name, sizeof(*a));
	if (!rproc)
		return -ENOMEM;
	rproc->auto_boot = false;
	a = rproc->priv;
	a->dev = dev;
	a->rproc = rproc;
	a->ctl_offset = -1;
	if (of_property_read_u64(dev->of_node, "amp,remote-mpidr", &a->mpidr)) {
		dev_err(dev, "amp,remote-mpidr is required\n");
		return -EINVAL;
	}
	ret = aur_parse_mbox(a);
	if (ret)
		return ret;
	a->vq_worker = kthread_create_worker(0, "%s-vq", dev_name(dev));
	if (IS_ERR(a->vq_worker))
		return PTR_ERR(a->vq_worker);
	sched_set_fifo(a->vq_worker->task);
	kthread_init_work(&a->vq_work, aur_vq_work);
	ret = devm_add_action_or_reset(dev, aur_destroy_worker, a->vq_worker);
	if (ret)
		return ret;
	a->cl.dev = dev;
	a->cl.rx_callback = aur_rx;
	a->cl.knows_txdone = true;
	a->chan = mbox_request_channel_byname(&a->cl, "vq");
	if (IS_ERR(a->chan))
		return dev_err_probe(dev, PTR_ERR(a->chan), "mailbox channel \"vq\"\n");
	ret = devm_add_action_or_reset(dev, aur_free_mbox, a->chan);
	if (ret)
		return ret;
	platform_set_drvdata(pdev, rproc);
	return devm_rproc_add(dev, rproc);
}

static const struct of_device_id aur_of_match[] = {
	{ .compatible = "amp,qemu-virt-rproc" },
	{ }
};
MODULE_DEVICE_TABLE(of, aur_of_match);

static struct platform_driver aur_driver = {
	.probe = aur_probe,
	.driver = {
		.name = "amp-upstream-rproc",
		.of_match_table = aur_of_match,
	},
};
module_platform_driver(aur_driver);

/* its doorbells: modprobe loads the platform's mailbox controller first */
MODULE_SOFTDEP("pre: amp_qemu_virt_mbox");
MODULE_DESCRIPTION("Reference AMP platform glue, on upstream's remoteproc API");
MODULE_LICENSE("GPL");
