// SPDX-License-Identifier: GPL-2.0
/*
 * Platform driver of the QEMU virt AMP reference platform, written against upstream's
 * remoteproc API as an SoC's driver is: a remote aarch64 core started with PSCI CPU_ON,
 * stopped by asking its firmware to call CPU_OFF, its doorbells through the mailbox
 * framework (drivers/mailbox/amp_qemu_virt_mbox.c: the GICv2m frame). Its memory is the
 * DT's reserved-memory regions, registered as carveouts at every boot (prepare), mapped and
 * unmapped by their alloc and release callbacks. Binding: dts/amp,qemu-virt-rproc.yaml.
 *
 * Detach and attach: detaching leaves the remote running and writes a handoff block (where
 * its resource table is) in the last page of the "firmware" region; a later probe that
 * finds the core on and a valid handoff marks the remote detached, and starting it then
 * attaches to the running firmware.
 *
 * On a board, PSCI becomes the SoC's reset controller or firmware call and the v2m frame
 * its mailbox; the rest of this file is what such a driver keeps.
 */

#include <linux/arm-smccc.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/elf.h>
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
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <uapi/linux/psci.h>

#include <linux/amp/fw_ctl.h>
#include <linux/amp/remoteproc.h>

#include "remoteproc_internal.h"

#define QVR_MSI_SETSPI_NS	0x40
#define QVR_BOOT_TIMEOUT_MS	1000
#define QVR_STOP_TIMEOUT_US	1000000
#define QVR_MAX_REGIONS		8
/*
 * The watchdog: a remote whose heartbeat does not move for this long is reported crashed.
 * On by default: a hung remote is a normal failure on real boards, and a check a second
 * costs nothing measurable. 0 turns it off.
 */
static unsigned int watchdog_ms = 1000;

/* 0, or a period that spans two heartbeats: a shorter one would report healthy firmware. */
static int qvr_set_watchdog_ms(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;
	int ret = kstrtouint(val, 0, &ms);

	if (ret)
		return ret;
	if (ms && ms < 2 * AMP_FW_HEARTBEAT_MS) {
		pr_err("amp_qemu_virt_rproc: watchdog_ms %u: below %u ms, it would see healthy firmware as hung (0 turns it off)\n",
		       ms, 2 * AMP_FW_HEARTBEAT_MS);
		return -EINVAL;
	}
	WRITE_ONCE(watchdog_ms, ms);
	return 0;
}

static const struct kernel_param_ops qvr_watchdog_ms_ops = {
	.set = qvr_set_watchdog_ms,
	.get = param_get_uint,
};
module_param_cb(watchdog_ms, &qvr_watchdog_ms_ops, &watchdog_ms, 0644);
MODULE_PARM_DESC(watchdog_ms,
		 "report a remote whose heartbeat stops for this long (0: off, else at least 200)");
#define QVR_HANDOFF_MAGIC	0x484d5041	/* "AMPH" */

/**
 * struct qvr_handoff - what a detach leaves for the next attach, in the firmware region
 * @magic: QVR_HANDOFF_MAGIC while valid
 * @table_da: device address of the running firmware's resource table
 * @table_size: its size
 */
struct qvr_handoff {
	u32 magic;
	u32 table_da;
	u32 table_size;
};

/**
 * enum qvr_fault - an op the debugfs "fault" knob makes fail
 * @QVR_FAULT_PREPARE: prepare fails (-EIO), nothing touched
 * @QVR_FAULT_START: start fails before CPU_ON (-EIO)
 * @QVR_FAULT_START_TIMEOUT: start powers the core on, then fails as if it could not stop
 *	it again (-ETIMEDOUT): the core keeps running
 * @QVR_FAULT_STOP: stop fails (-EIO) without touching the core, which keeps running
 * @QVR_FAULT_STOP_TIMEOUT: stop asks the firmware to stop but reports a timeout
 *	(-ETIMEDOUT) at once, whatever the core does
 * @QVR_FAULT_ATTACH: attach fails (-EIO)
 * @QVR_FAULT_DETACH: detach fails (-EIO)
 * @QVR_FAULT_KICK: a kick is lost (no doorbell)
 * @QVR_FAULT_NR: number of faults
 */
enum qvr_fault {
	QVR_FAULT_PREPARE,
	QVR_FAULT_START,
	QVR_FAULT_START_TIMEOUT,
	QVR_FAULT_STOP,
	QVR_FAULT_STOP_TIMEOUT,
	QVR_FAULT_ATTACH,
	QVR_FAULT_DETACH,
	QVR_FAULT_KICK,
	QVR_FAULT_NR,
};

static const char * const qvr_fault_names[QVR_FAULT_NR] = {
	[QVR_FAULT_PREPARE]		= "prepare",
	[QVR_FAULT_START]		= "start",
	[QVR_FAULT_START_TIMEOUT]	= "start-timeout",
	[QVR_FAULT_STOP]		= "stop",
	[QVR_FAULT_STOP_TIMEOUT]	= "stop-timeout",
	[QVR_FAULT_ATTACH]		= "attach",
	[QVR_FAULT_DETACH]		= "detach",
	[QVR_FAULT_KICK]		= "kick",
};

/**
 * struct qvr - one remote core
 * @dev: the platform device
 * @rproc: its remote processor
 * @cl: our side of the mailbox channel "vq"
 * @chan: the channel: a send rings the remote, its rx callback is the remote's doorbell
 * @vq_worker: the thread that serves the vrings for a doorbell no waiting reader took
 * @vq_work: its work: rproc_vq_interrupt()
 * @doorbell_pa: what the firmware writes to ring us: the frame's MSI_SETSPI_NS
 * @fw_intid: INTID that interrupts the remote (the firmware routes it to itself)
 * @host_intid: INTID the remote writes to interrupt us
 * @mpidr: the remote core
 * @hvc: the PSCI conduit is HVC (else SMC)
 * @ctl_lock: protects @ctl, @ctl_len and @crash_seen: the ops set and clear them under the
 *	core's lock too, but the doorbell's callback (hard IRQ) and the watchdog read them
 *	without it
 * @ctl: the firmware's control block in the loaded image, inside our mapping of the
 *	"firmware" carveout: from start (or attach) until that carveout is released or the
 *	boot unprepared, whichever comes first
 * @ctl_len: the length the block declares (checked against the table)
 * @ctl_offset: the block's offset in the resource table (handle_rsc), or 0 without one
 * @crash_seen: the firmware's crash was reported (once per boot)
 * @detached: the core runs firmware we may attach to (a valid handoff block was found, or
 *	we detached from it): prepare lets an attach through while the core is on
 * @watchdog: checks the firmware's heartbeat while it runs
 * @last_heartbeat: the heartbeat at the watchdog's last check
 * @handoff_da: device address of the handoff block: the last page of the firmware region
 * @fault_lock: protects @faults
 * @faults: the debugfs "fault" knob: how many of the next calls of each op fail
 * @debugfs: our debugfs directory
 */
struct qvr {
	struct device *dev;
	struct rproc *rproc;
	struct mbox_client cl;
	struct mbox_chan *chan;
	struct kthread_worker *vq_worker;
	struct kthread_work vq_work;
	u64 doorbell_pa;
	u32 fw_intid;
	u32 host_intid;
	u64 mpidr;
	bool hvc;
	spinlock_t ctl_lock;	/* @ctl, @ctl_len, @crash_seen, against the doorbell */
	struct amp_fw_ctl *ctl;
	size_t ctl_len;
	size_t ctl_offset;
	bool crash_seen;
	bool detached;
	struct delayed_work watchdog;
	u32 last_heartbeat;
	u64 handoff_da;
	spinlock_t fault_lock;	/* @faults */
	unsigned int faults[QVR_FAULT_NR];
	struct dentry *debugfs;
};

/* Whether the knob says this call of @op fails (and count it off). Any context. */
static bool qvr_fault(struct qvr *q, enum qvr_fault op)
{
	unsigned long flags;
	bool fail;

	/* the doorbell's path asks too: no lock while nothing is armed (a hint, checked below) */
	if (likely(!READ_ONCE(q->faults[op])))
		return false;
	spin_lock_irqsave(&q->fault_lock, flags);
	fail = q->faults[op] > 0;
	if (fail)
		q->faults[op]--;
	spin_unlock_irqrestore(&q->fault_lock, flags);
	if (fail)
		dev_warn(q->dev, "fault injected: %s\n", qvr_fault_names[op]);
	return fail;
}

static void qvr_set_ctl(struct qvr *q, struct amp_fw_ctl *ctl)
{
	spin_lock_irq(&q->ctl_lock);
	q->ctl = ctl;
	q->crash_seen = false;
	spin_unlock_irq(&q->ctl_lock);
}

/* Nobody reads the control block after this (its memory goes, or the boot does). */
static void qvr_forget_ctl(struct qvr *q)
{
	spin_lock_irq(&q->ctl_lock);
	q->ctl = NULL;
	spin_unlock_irq(&q->ctl_lock);
}

static void qvr_watchdog(struct work_struct *work)
{
	struct qvr *q = container_of(to_delayed_work(work), struct qvr, watchdog);
	unsigned int period = READ_ONCE(watchdog_ms);
	bool again = false;
	u32 beat;

	spin_lock_irq(&q->ctl_lock);
	if (q->ctl && !q->crash_seen &&
	    q->ctl_len >= offsetofend(struct amp_fw_ctl, heartbeat)) {
		beat = READ_ONCE(q->ctl->heartbeat);
		if (beat == q->last_heartbeat) {
			q->crash_seen = true;
			dev_err(q->dev, "no heartbeat from the firmware for %u ms (still %u): hung\n",
				period, beat);
			rproc_report_crash(q->rproc, RPROC_WATCHDOG);
		} else {
			q->last_heartbeat = beat;
			again = true;
		}
	}
	spin_unlock_irq(&q->ctl_lock);
	if (again && period)
		schedule_delayed_work(&q->watchdog, msecs_to_jiffies(period));
}

/* Watch the heartbeat of a firmware that has one, from now on. */
static void qvr_watchdog_start(struct qvr *q)
{
	unsigned int period = READ_ONCE(watchdog_ms);

	if (!period)
		return;
	if (q->ctl_len < offsetofend(struct amp_fw_ctl, heartbeat)) {
		dev_info(q->dev, "the firmware has no heartbeat: no watchdog\n");
		return;
	}
	q->last_heartbeat = READ_ONCE(q->ctl->heartbeat);
	schedule_delayed_work(&q->watchdog, msecs_to_jiffies(period));
}

/* Called by the ops that end the boot (stop, detach), before they do. */
static void qvr_watchdog_stop(struct qvr *q)
{
	cancel_delayed_work_sync(&q->watchdog);
}

static long qvr_psci(struct qvr *q, u32 fn, u64 a1, u64 a2, u64 a3)
{
	struct arm_smccc_res res;

	/* QEMU 7.2 reports SMCCC 1.0: arm_smccc_1_1_invoke() would silently do nothing. */
	if (q->hvc)
		arm_smccc_1_1_hvc(fn, a1, a2, a3, &res);
	else
		arm_smccc_1_1_smc(fn, a1, a2, a3, &res);
	return (long)res.a0;
}

static int qvr_psci_errno(long ret)
{
	switch (ret) {
	case PSCI_RET_SUCCESS:
		return 0;
	case PSCI_RET_ALREADY_ON:
	case PSCI_RET_ON_PENDING:
		return -EBUSY;
	case PSCI_RET_INVALID_PARAMS:
	case PSCI_RET_INVALID_ADDRESS:
		return -EINVAL;
	case PSCI_RET_DENIED:
		return -EPERM;
	default:
		return -EIO;
	}
}

/* Any context: the mailbox's send does not sleep (no tx_block), and the write is the send. */
static void qvr_ring(struct qvr *q)
{
	int ret = mbox_send_message(q->chan, NULL);

	if (ret < 0)
		dev_err_ratelimited(q->dev, "doorbell to the remote lost: %d\n", ret);
	else
		mbox_client_txdone(q->chan, 0);
}

static void qvr_kick(struct rproc *rproc, int vqid)
{
	struct qvr *q = rproc->priv;

	if (qvr_fault(q, QVR_FAULT_KICK))
		return;
	qvr_ring(q);
}

/* A mapping of a carveout: the remote's memory is normal memory to it (MMU off, no cache). */
static int qvr_mem_alloc(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	mem->va = memremap(mem->dma, mem->len, MEMREMAP_WC);
	if (!mem->va) {
		dev_err(&rproc->dev, "cannot map carveout %s at %pad\n", mem->name, &mem->dma);
		return -ENOMEM;
	}
	return 0;
}

/* The control block lives in the firmware's carveout: no pointer to it outlives its map. */
static int qvr_mem_release(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	struct qvr *q = rproc->priv;

	if (!mem->va)
		return 0;
	spin_lock_irq(&q->ctl_lock);
	if (q->ctl && (void *)q->ctl >= mem->va && (void *)q->ctl < mem->va + mem->len)
		q->ctl = NULL;
	spin_unlock_irq(&q->ctl_lock);
	memunmap(mem->va);
	mem->va = NULL;
	return 0;
}

/*
 * The DT's reserved-memory regions, as carveouts (registered at every boot: the core
 * releases them at every stop, as upstream's does). The buffer pool of a vdev is not mapped
 * here: its transport maps it.
 */
static int qvr_register_carveouts(struct qvr *q)
{
	struct device_node *np = q->dev->of_node;
	struct rproc_mem_entry *mem;
	int i, n;

	n = of_count_phandle_with_args(np, "memory-region", NULL);
	if (n <= 0 || n > QVR_MAX_REGIONS) {
		dev_err(q->dev, "memory-region: %d entries, want 1..%d\n", n, QVR_MAX_REGIONS);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct device_node *rn = of_parse_phandle(np, "memory-region", i);
		struct reserved_mem *rmem = rn ? of_reserved_mem_lookup(rn) : NULL;
		const char *name;

		of_node_put(rn);
		if (!rmem) {
			dev_err(q->dev, "memory-region %d is not reserved memory\n", i);
			return -EINVAL;
		}
		if (of_property_read_string_index(np, "memory-region-names", i, &name))
			name = rmem->name;
		/* The remote runs with its MMU off: device address = physical address. */
		if (strstarts(name, "vdev") && strstr(name, "buffer"))
			mem = rproc_of_resm_mem_entry_init(q->dev, i, rmem->size, rmem->base, name);
		else
			mem = rproc_mem_entry_init(q->dev, NULL, rmem->base, rmem->size, rmem->base,
						   qvr_mem_alloc, qvr_mem_release, name);
		if (!mem)
			return -ENOMEM;
		rproc_add_carveout(q->rproc, mem);
	}
	return 0;
}

/*
 * The control block: its header checked in the table the core is applying (its copy, which
 * the core writes over the loaded image later), the platform words written into it. Its
 * place is kept: start (or attach) finds it in the loaded image.
 */
static int qvr_handle_rsc(struct rproc *rproc, u32 type, void *rsc, int offset, int avail)
{
	struct amp_fw_ctl *ctl = rsc;
	struct qvr *q = rproc->priv;
	u32 declared;

	if (type != AMP_RSC_FW_CTL)
		return RSC_IGNORED;
	if (q->ctl_offset) {
		dev_err(q->dev, "control block: a second one, at table offset 0x%x\n", offset);
		return -EINVAL;
	}
	if (avail < (int)offsetofend(struct amp_fw_ctl, version)) {
		dev_err(q->dev, "control block: %d bytes left in the table, want at least %zu\n",
			avail, offsetofend(struct amp_fw_ctl, version));
		return -EINVAL;
	}
	declared = ctl->len;
	if (ctl->magic != AMP_FW_CTL_MAGIC || ctl->version != AMP_FW_CTL_VERSION) {
		dev_err(q->dev, "control block: magic 0x%x, version %u; want 0x%x, %u%s\n",
			ctl->magic, ctl->version, AMP_FW_CTL_MAGIC, AMP_FW_CTL_VERSION,
			ctl->version == 1 ? AMP_FW_CTL_V1_HINT : "");
		return -EINVAL;
	}
	if (declared < AMP_FW_CTL_MIN_LEN || declared > avail ||
	    !IS_ALIGNED(declared, sizeof(u32))) {
		dev_err(q->dev, "control block: declares %u bytes; want a multiple of 4 in %zu..%d (the table's end)\n",
			declared, AMP_FW_CTL_MIN_LEN, avail);
		return -EINVAL;
	}
	ctl->doorbell_lo = lower_32_bits(q->doorbell_pa);
	ctl->doorbell_hi = upper_32_bits(q->doorbell_pa);
	ctl->host_intid = q->host_intid;
	ctl->fw_intid = q->fw_intid;
	q->ctl_offset = offset;
	q->ctl_len = declared;
	return RSC_HANDLED;
}

/* The control block in the loaded image (the core wrote its table copy there). */
static struct amp_fw_ctl *qvr_loaded_ctl(struct qvr *q)
{
	if (!q->ctl_offset || !q->rproc->table_ptr)
		return NULL;
	return (void *)q->rproc->table_ptr + q->ctl_offset;
}

static int qvr_wait_off(struct qvr *q)
{
	ktime_t t0 = ktime_get();
	long info;

	do {
		info = qvr_psci(q, PSCI_0_2_FN64_AFFINITY_INFO, q->mpidr, 0, 0);
		if (info == PSCI_0_2_AFFINITY_LEVEL_OFF)
			return 0;
		usleep_range(50, 100);
	} while (ktime_us_delta(ktime_get(), t0) < QVR_STOP_TIMEOUT_US);
	dev_err(q->dev, "remote core 0x%llx still on after %d ms (AFFINITY_INFO %ld)\n",
		q->mpidr, QVR_STOP_TIMEOUT_US / 1000, info);
	return -ETIMEDOUT;
}

static bool qvr_core_off(struct qvr *q)
{
	return qvr_psci(q, PSCI_0_2_FN64_AFFINITY_INFO, q->mpidr, 0, 0) ==
	       PSCI_0_2_AFFINITY_LEVEL_OFF;
}

/* Ask the firmware to power its core off, and wait for it: 0, or -ETIMEDOUT if it may run. */
static int qvr_stop_core(struct qvr *q)
{
	if (qvr_core_off(q))
		return 0;	/* already off (crashed, or never came up) */
	if (!q->ctl) {
		dev_err(q->dev, "remote core 0x%llx is on, and without a control block cannot be asked to stop\n",
			q->mpidr);
		return -ETIMEDOUT;
	}
	WRITE_ONCE(q->ctl->request, AMP_FW_REQ_STOP);
	qvr_kick(q->rproc, -1);
	if (qvr_fault(q, QVR_FAULT_STOP_TIMEOUT))
		return -ETIMEDOUT;
	return qvr_wait_off(q);
}

static int qvr_stop(struct rproc *rproc)
{
	struct qvr *q = rproc->priv;

	if (qvr_fault(q, QVR_FAULT_STOP))
		return -EIO;
	qvr_watchdog_stop(q);
	return qvr_stop_core(q);
}

static int qvr_start(struct rproc *rproc)
{
	struct qvr *q = rproc->priv;
	u64 entry = rproc->bootaddr;
	unsigned long deadline;
	long ret;
	u32 state;

	if (!qvr_loaded_ctl(q)) {
		dev_err(q->dev, "the firmware has no control block (vendor resource %d): it could not be stopped, not starting it\n",
			AMP_RSC_FW_CTL);
		return -EINVAL;
	}
	if (qvr_fault(q, QVR_FAULT_START))
		return -EIO;
	qvr_set_ctl(q, qvr_loaded_ctl(q));
	q->ctl->request = AMP_FW_REQ_NONE;
	q->ctl->state = AMP_FW_STATE_OFF;
	/* The image and the table reach memory before the remote core starts. */
	wmb();
	ret = qvr_psci(q, PSCI_0_2_FN64_CPU_ON, q->mpidr, entry, q->mpidr);
	if (ret) {
		dev_err(q->dev, "PSCI CPU_ON(0x%llx, 0x%llx) failed: %ld\n", q->mpidr, entry, ret);
		return qvr_psci_errno(ret);
	}
	if (qvr_fault(q, QVR_FAULT_START_TIMEOUT))
		return -ETIMEDOUT;
	/* The firmware says it runs, or powers off if its self-test fails. */
	deadline = jiffies + msecs_to_jiffies(QVR_BOOT_TIMEOUT_MS);
	while (READ_ONCE(q->ctl->state) == AMP_FW_STATE_OFF && time_before(jiffies, deadline))
		usleep_range(100, 200);
	state = READ_ONCE(q->ctl->state);
	if (state != AMP_FW_STATE_RUNNING) {
		dev_err(q->dev, "firmware did not come up: state %u, self-test 0x%x\n", state,
			READ_ONCE(q->ctl->selftest));
		/* a core we could not stop again may still run: say so (-ETIMEDOUT) */
		return qvr_stop_core(q) ? -ETIMEDOUT : -EIO;
	}
	qvr_watchdog_start(q);
	return 0;
}

/*
 * Every boot: nothing is loaded into the memory of a core that runs (unless we attach to
 * it), and the carveouts are registered anew.
 */
static int qvr_prepare(struct rproc *rproc)
{
	struct qvr *q = rproc->priv;

	if (qvr_fault(q, QVR_FAULT_PREPARE))
		return -EIO;
	if (!q->detached && !qvr_core_off(q)) {
		dev_err(q->dev, "remote core 0x%llx is on: not loading firmware into the memory it may run in\n",
			q->mpidr);
		return -EBUSY;
	}
	q->ctl_offset = 0;
	q->ctl_len = 0;
	return qvr_register_carveouts(q);
}

static int qvr_unprepare(struct rproc *rproc)
{
	qvr_forget_ctl(rproc->priv);
	return 0;
}

static int qvr_inject_crash(struct rproc *rproc, unsigned int type)
{
	static const u32 requests[] = {
		[AMP_RPROC_CRASH_FAULT]		= AMP_FW_REQ_FAULT,
		[AMP_RPROC_CRASH_SOFT_HANG]	= AMP_FW_REQ_SOFT_HANG,
		[AMP_RPROC_CRASH_HARD_HANG]	= AMP_FW_REQ_HARD_HANG,
		[AMP_RPROC_CRASH_TABLE_SCRIBBLE] = AMP_FW_REQ_SCRIBBLE,
		[AMP_RPROC_CRASH_VRING]		= AMP_FW_REQ_VRING,
	};
	struct qvr *q = rproc->priv;

	if (type >= ARRAY_SIZE(requests) || !requests[type] || !q->ctl)
		return -EOPNOTSUPP;
	WRITE_ONCE(q->ctl->request, requests[type]);
	qvr_kick(rproc, -1);
	return 0;
}

static struct qvr_handoff *qvr_handoff(struct rproc *rproc)
{
	struct qvr *q = rproc->priv;

	return rproc_da_to_va(rproc, q->handoff_da, sizeof(struct qvr_handoff), NULL);
}

/* The device address of a kernel address inside one of our mapped carveouts, or 0. */
static u64 qvr_va_to_da(struct rproc *rproc, const void *va)
{
	struct rproc_mem_entry *mem;

	list_for_each_entry(mem, &rproc->carveouts, node) {
		if (mem->va && va >= mem->va && va < mem->va + mem->len)
			return mem->da + (va - mem->va);
	}
	return 0;
}

static int qvr_detach(struct rproc *rproc)
{
	struct qvr_handoff *h = qvr_handoff(rproc);
	struct qvr *q = rproc->priv;
	u64 da = rproc->table_ptr ? qvr_va_to_da(rproc, rproc->table_ptr) : 0;

	/* a detach that fails leaves the remote running: watched, as before */
	if (!h || !da || upper_32_bits(da))
		return -EINVAL;
	if (qvr_fault(q, QVR_FAULT_DETACH))
		return -EIO;
	qvr_watchdog_stop(q);
	h->table_da = da;
	h->table_size = rproc->table_sz;
	/* The address is in place before the block says it is valid. */
	wmb();
	h->magic = QVR_HANDOFF_MAGIC;
	q->detached = true;
	return 0;
}

/* Where the running firmware's table is: the handoff block a detach left says so. */
static struct resource_table *qvr_get_loaded_rsc_table(struct rproc *rproc, size_t *size)
{
	struct qvr_handoff *h = qvr_handoff(rproc);
	struct resource_table *table;
	u32 da, len;

	if (!h || READ_ONCE(h->magic) != QVR_HANDOFF_MAGIC)
		return ERR_PTR(-ENOENT);
	da = READ_ONCE(h->table_da);
	len = READ_ONCE(h->table_size);
	table = rproc_da_to_va(rproc, da, len, NULL);
	if (!table) {
		dev_err(&rproc->dev, "running firmware's resource table at da 0x%x size 0x%x is outside every carveout\n",
			da, len);
		return ERR_PTR(-EINVAL);
	}
	*size = len;
	return table;
}

static int qvr_attach(struct rproc *rproc)
{
	struct qvr_handoff *h = qvr_handoff(rproc);
	struct qvr *q = rproc->priv;
	struct amp_fw_ctl *ctl = qvr_loaded_ctl(q);

	if (qvr_fault(q, QVR_FAULT_ATTACH))
		return -EIO;
	if (!ctl || READ_ONCE(ctl->state) != AMP_FW_STATE_RUNNING) {
		dev_err(q->dev, "the running firmware does not report running (state %u)\n",
			ctl ? READ_ONCE(ctl->state) : 0);
		return -EIO;
	}
	qvr_set_ctl(q, ctl);
	/* Taken: a later probe must not attach to it again unless it is detached again. */
	h->magic = 0;
	q->detached = false;
	qvr_watchdog_start(q);
	return 0;
}

static void qvr_crash_record(struct rproc *rproc, struct amp_rproc_crash_record *rec);

static const struct rproc_ops qvr_ops = {
	.prepare = qvr_prepare,
	.unprepare = qvr_unprepare,
	.start = qvr_start,
	.stop = qvr_stop,
	.kick = qvr_kick,
	.handle_rsc = qvr_handle_rsc,
	.attach = qvr_attach,
	.detach = qvr_detach,
	.get_loaded_rsc_table = qvr_get_loaded_rsc_table,
	.load = rproc_elf_load_segments,
	.parse_fw = rproc_elf_load_rsc_table,
	.find_loaded_rsc_table = rproc_elf_find_loaded_rsc_table,
	.sanity_check = rproc_elf_sanity_check,
	.get_boot_addr = rproc_elf_get_boot_addr,
	.inject_crash = qvr_inject_crash,
	.crash_record = qvr_crash_record,
};

/*
 * The firmware's exception path records the cause, rings us and powers its core off; its
 * rpmsg stack, when it gives up on the vdev (a protocol violation it saw), says so in
 * rpmsg_state and rings us. Either is a crash of the remote.
 */
static void qvr_check_crash(struct qvr *q)
{
	struct amp_fw_ctl *ctl;
	unsigned long flags;

	spin_lock_irqsave(&q->ctl_lock, flags);
	ctl = q->ctl;
	if (!ctl || q->crash_seen)
		goto out_unlock;
	if (READ_ONCE(ctl->state) == AMP_FW_STATE_CRASHED && READ_ONCE(ctl->selftest) == 0) {
		q->crash_seen = true;
		dev_err(q->dev, "firmware exception: vector %u, ESR 0x%08x, ELR 0x%08x%08x, FAR 0x%08x%08x\n",
			READ_ONCE(ctl->exc_type), READ_ONCE(ctl->exc_esr),
			READ_ONCE(ctl->exc_elr_hi), READ_ONCE(ctl->exc_elr_lo),
			READ_ONCE(ctl->exc_far_hi), READ_ONCE(ctl->exc_far_lo));
		rproc_report_crash(q->rproc, RPROC_FATAL_ERROR);
	} else if (READ_ONCE(ctl->rpmsg_state) == AMP_FW_RPMSG_BROKEN) {
		q->crash_seen = true;
		dev_err(q->dev, "firmware gave up on its rpmsg vdev: vring error 0x%x, value 0x%08x%08x\n",
			READ_ONCE(ctl->vring_error), READ_ONCE(ctl->vring_error_hi),
			READ_ONCE(ctl->vring_error_lo));
		rproc_report_crash(q->rproc, RPROC_PROTOCOL_ERROR);
	}
out_unlock:
	spin_unlock_irqrestore(&q->ctl_lock, flags);
}

/* For the coredump: the exception the firmware recorded, if it took one. */
static void qvr_crash_record(struct rproc *rproc, struct amp_rproc_crash_record *rec)
{
	struct qvr *q = rproc->priv;
	struct amp_fw_ctl *ctl;

	spin_lock_irq(&q->ctl_lock);
	ctl = q->ctl;
	if (ctl && READ_ONCE(ctl->state) == AMP_FW_STATE_CRASHED) {
		rec->exception = true;
		rec->vector = READ_ONCE(ctl->exc_type);
		rec->syndrome = READ_ONCE(ctl->exc_esr);
		rec->pc = (u64)READ_ONCE(ctl->exc_elr_hi) << 32 | READ_ONCE(ctl->exc_elr_lo);
		rec->fault_addr = (u64)READ_ONCE(ctl->exc_far_hi) << 32 |
				  READ_ONCE(ctl->exc_far_lo);
	}
	spin_unlock_irq(&q->ctl_lock);
}

/* The vrings' callbacks may sleep: the doorbell's process-context half. */
static void qvr_vq_work(struct kthread_work *work)
{
	struct qvr *q = container_of(work, struct qvr, vq_work);

	/* A doorbell does not say which vring moved: look at all of them. */
	rproc_vq_interrupt(q->rproc, -1);
}

/*
 * The remote's doorbell: the mailbox's rx callback, in hard IRQ context. A reader waiting
 * for the news serves the vrings itself; anything else goes to our thread.
 */
static void qvr_rx(struct mbox_client *cl, void *msg)
{
	struct qvr *q = container_of(cl, struct qvr, cl);

	qvr_check_crash(q);
	if (amp_rproc_vq_interrupt_handoff(q->rproc) != IRQ_HANDLED)
		kthread_queue_work(q->vq_worker, &q->vq_work);
}

/* amp,devmem: <address size> pairs (2 cells each) of device memory the remote may use. */
static int qvr_add_devmem(struct qvr *q)
{
	struct device_node *np = q->dev->of_node;
	int i, n, ret;
	u64 range[2];

	n = of_property_count_u64_elems(np, "amp,devmem");
	if (n == -EINVAL)
		return 0;	/* absent */
	if (n <= 0 || n % 2)
		return dev_err_probe(q->dev, -EINVAL,
				     "amp,devmem: %d cells, want address/size pairs\n", n);
	for (i = 0; i < n; i += 2) {
		if (of_property_read_u64_index(np, "amp,devmem", i, &range[0]) ||
		    of_property_read_u64_index(np, "amp,devmem", i + 1, &range[1]))
			return -EINVAL;
		ret = amp_rproc_add_devmem(q->rproc, range[0], range[1]);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The firmware is told how its doorbells are wired: that is the mailbox channel's DT
 * description (the controller's frame, the channel's two INTIDs), read here.
 */
static int qvr_parse_mbox_wiring(struct qvr *q)
{
	struct device_node *np = q->dev->of_node;
	struct of_phandle_args mbox, irq;
	struct resource frame;
	int idx, ret;

	idx = of_property_match_string(np, "mbox-names", "vq");
	ret = of_parse_phandle_with_args(np, "mboxes", "#mbox-cells", idx < 0 ? 0 : idx, &mbox);
	if (ret)
		return dev_err_probe(q->dev, ret, "no mailbox channel \"vq\" (mboxes)\n");
	if (mbox.args_count != 1 || of_address_to_resource(mbox.np, 0, &frame) ||
	    of_property_read_u32_index(mbox.np, "amp,remote-intids", mbox.args[0],
				       &q->fw_intid) ||
	    of_irq_parse_one(mbox.np, mbox.args[0], &irq) || irq.args_count < 2 ||
	    irq.args[0] != 0 /* GIC_SPI */) {
		of_node_put(mbox.np);
		return dev_err_probe(q->dev, -EINVAL,
				     "mailbox channel \"vq\": not an amp,qemu-virt-mbox channel\n");
	}
	of_node_put(irq.np);
	of_node_put(mbox.np);
	q->doorbell_pa = frame.start + QVR_MSI_SETSPI_NS;
	q->host_intid = irq.args[1] + 32;
	return 0;
}

static int qvr_parse_dt(struct qvr *q)
{
	struct device_node *np = q->dev->of_node;
	struct device_node *psci;
	const char *method;
	int i, n, ret;

	if (of_property_read_u64(np, "amp,remote-mpidr", &q->mpidr))
		return dev_err_probe(q->dev, -EINVAL, "amp,remote-mpidr missing\n");
	ret = qvr_parse_mbox_wiring(q);
	if (ret)
		return ret;
	n = of_count_phandle_with_args(np, "memory-region", NULL);
	for (i = 0; i < n; i++) {
		struct device_node *rn = of_parse_phandle(np, "memory-region", i);
		struct reserved_mem *rmem = rn ? of_reserved_mem_lookup(rn) : NULL;
		const char *name;

		of_node_put(rn);
		if (rmem && !of_property_read_string_index(np, "memory-region-names", i, &name) &&
		    !strcmp(name, "firmware") && rmem->size >= PAGE_SIZE)
			q->handoff_da = rmem->base + rmem->size - PAGE_SIZE;
	}

	psci = of_find_compatible_node(NULL, NULL, "arm,psci-0.2");
	ret = psci ? of_property_read_string(psci, "method", &method) : -ENODEV;
	of_node_put(psci);
	if (ret)
		return dev_err_probe(q->dev, -ENODEV, "no PSCI 0.2 node with a method\n");
	if (!strcmp(method, "hvc"))
		q->hvc = true;
	else if (strcmp(method, "smc"))
		return dev_err_probe(q->dev, -EINVAL, "PSCI method '%s' (want hvc or smc)\n",
				     method);
	return 0;
}

/*
 * The core may be running already: left by a detach (a valid handoff block: attach to it
 * when started), or by something we know nothing of (it cannot be used until reset).
 */
static void qvr_check_running(struct qvr *q)
{
	struct qvr_handoff *h;
	bool valid;

	if (qvr_core_off(q))
		return;
	h = q->handoff_da ? memremap(q->handoff_da, sizeof(*h), MEMREMAP_WC) : NULL;
	valid = h && h->magic == QVR_HANDOFF_MAGIC;
	if (h)
		memunmap(h);
	if (valid) {
		dev_info(q->dev, "remote core 0x%llx runs detached firmware: start attaches to it\n",
			 q->mpidr);
		q->detached = true;
		q->rproc->state = RPROC_DETACHED;
	} else {
		dev_err(q->dev, "remote core 0x%llx is on, running firmware of unknown origin: it cannot be used until it is reset\n",
			q->mpidr);
	}
}

/*
 * debugfs amp_qemu_virt_rproc/<device>/fault: "OP [COUNT]" makes the next COUNT (default 1)
 * calls of OP fail (qvr_fault_names); "none" clears every fault. Reading lists the counts.
 */
static struct dentry *qvr_debugfs_root;

static int qvr_fault_show(struct seq_file *m, void *unused)
{
	struct qvr *q = m->private;
	unsigned int i;

	spin_lock_irq(&q->fault_lock);
	for (i = 0; i < QVR_FAULT_NR; i++)
		seq_printf(m, "%s %u\n", qvr_fault_names[i], q->faults[i]);
	spin_unlock_irq(&q->fault_lock);
	return 0;
}

static int qvr_fault_open(struct inode *inode, struct file *filp)
{
	return single_open(filp, qvr_fault_show, inode->i_private);
}

static ssize_t qvr_fault_write(struct file *filp, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	struct qvr *q = ((struct seq_file *)filp->private_data)->private;
	unsigned int n = 1;
	char buf[32], *arg;
	int op;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	arg = strim(buf);
	if (!strcmp(arg, "none")) {
		spin_lock_irq(&q->fault_lock);
		memset(q->faults, 0, sizeof(q->faults));
		spin_unlock_irq(&q->fault_lock);
		return count;
	}
	arg = strpbrk(buf, " \t");
	if (arg) {
		*arg++ = '\0';
		if (kstrtouint(skip_spaces(arg), 0, &n))
			return -EINVAL;
	}
	op = match_string(qvr_fault_names, QVR_FAULT_NR, buf);
	if (op < 0) {
		dev_err(q->dev, "fault: unknown op '%s' (prepare, start, start-timeout, stop, stop-timeout, attach, detach, kick, none)\n",
			buf);
		return -EINVAL;
	}
	spin_lock_irq(&q->fault_lock);
	q->faults[op] = n;
	spin_unlock_irq(&q->fault_lock);
	return count;
}

static const struct file_operations qvr_fault_fops = {
	.owner = THIS_MODULE,
	.open = qvr_fault_open,
	.read = seq_read,
	.write = qvr_fault_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * debugfs amp_qemu_virt_rproc/<device>/chaos: "SEED KINDS RATE" asks the running firmware to
 * misbehave at random (AMP_FW_REQ_CHAOS; KINDS a mask of AMP_FW_CHAOS_*, RATE in 1/1024).
 * Reading gives the firmware's count of misbehaviours and the last one's kind.
 */
static int qvr_chaos_show(struct seq_file *m, void *unused)
{
	struct qvr *q = m->private;

	spin_lock_irq(&q->ctl_lock);
	if (q->ctl && q->ctl_len >= offsetofend(struct amp_fw_ctl, chaos_last))
		seq_printf(m, "events %u last 0x%x\n", READ_ONCE(q->ctl->chaos_events),
			   READ_ONCE(q->ctl->chaos_last));
	else
		seq_puts(m, "off\n");
	spin_unlock_irq(&q->ctl_lock);
	return 0;
}

static int qvr_chaos_open(struct inode *inode, struct file *filp)
{
	return single_open(filp, qvr_chaos_show, inode->i_private);
}

static ssize_t qvr_chaos_write(struct file *filp, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	struct qvr *q = ((struct seq_file *)filp->private_data)->private;
	u32 seed, kinds, rate;
	char buf[48];
	int ret = 0;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%i %i %i", &seed, &kinds, &rate) != 3 || !kinds ||
	    kinds & ~AMP_FW_CHAOS_ALL || rate > 1024) {
		dev_err(q->dev, "chaos: want 'SEED KINDS RATE', KINDS in 0x1..0x%x, RATE in 0..1024\n",
			AMP_FW_CHAOS_ALL);
		return -EINVAL;
	}
	spin_lock_irq(&q->ctl_lock);
	if (!q->ctl || q->ctl_len < offsetofend(struct amp_fw_ctl, chaos_last)) {
		ret = -ENODEV;
	} else {
		WRITE_ONCE(q->ctl->chaos_seed, seed);
		WRITE_ONCE(q->ctl->chaos_kinds, kinds);
		WRITE_ONCE(q->ctl->chaos_rate, rate);
		WRITE_ONCE(q->ctl->request, AMP_FW_REQ_CHAOS);
		/* the mailbox's writel() orders the words before the doorbell */
		qvr_kick(q->rproc, -1);
	}
	spin_unlock_irq(&q->ctl_lock);
	if (!ret)
		dev_info(q->dev, "chaos: seed %u kinds 0x%x rate %u/1024\n", seed, kinds, rate);
	return ret ? ret : count;
}

static const struct file_operations qvr_chaos_fops = {
	.owner = THIS_MODULE,
	.open = qvr_chaos_open,
	.read = seq_read,
	.write = qvr_chaos_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void qvr_debugfs_remove(void *data)
{
	struct qvr *q = data;

	debugfs_remove_recursive(q->debugfs);
}

/* Undone after the remote is deleted (devm order): no heartbeat check outlives us. */
static void qvr_watchdog_cancel(void *data)
{
	struct qvr *q = data;

	cancel_delayed_work_sync(&q->watchdog);
}

static void qvr_free_mbox(void *data)
{
	struct qvr *q = data;

	mbox_free_channel(q->chan);
}

/* After the channel is freed (devm order): no doorbell queues work on a worker gone. */
static void qvr_destroy_worker(void *data)
{
	struct qvr *q = data;

	kthread_destroy_worker(q->vq_worker);
}

static int qvr_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	const char *fw_name = NULL, *name;
	struct rproc *rproc;
	struct qvr *q;
	int ret;

	name = devm_kasprintf(dev, GFP_KERNEL, "%pOFn", dev->of_node);
	if (!name)
		return -ENOMEM;
	rproc_of_parse_firmware(dev, 0, &fw_name);
	rproc = devm_rproc_alloc(dev, name, &qvr_ops, fw_name, sizeof(*q));
	if (!rproc)
		return -ENOMEM;
	/* started from sysfs or /dev/remoteprocN, not when the driver loads */
	rproc->auto_boot = false;
	q = rproc->priv;
	q->dev = dev;
	q->rproc = rproc;
	spin_lock_init(&q->ctl_lock);
	spin_lock_init(&q->fault_lock);
	INIT_DELAYED_WORK(&q->watchdog, qvr_watchdog);
	ret = devm_add_action(dev, qvr_watchdog_cancel, q);
	if (ret)
		return ret;
	ret = qvr_parse_dt(q);
	if (ret)
		return ret;
	ret = rproc_coredump_set_elf_info(rproc, ELFCLASS64, EM_AARCH64);
	if (ret)
		return ret;
	ret = qvr_add_devmem(q);
	if (ret)
		return ret;
	qvr_check_running(q);

	/*
	 * The doorbells' process-context half: a real-time thread, as a threaded IRQ handler's,
	 * flushed and stopped once the channel is freed.
	 */
	q->vq_worker = kthread_create_worker(0, "%s-vq", dev_name(dev));
	if (IS_ERR(q->vq_worker))
		return dev_err_probe(dev, PTR_ERR(q->vq_worker), "cannot create the vq thread\n");
	sched_set_fifo(q->vq_worker->task);
	kthread_init_work(&q->vq_work, qvr_vq_work);
	ret = devm_add_action_or_reset(dev, qvr_destroy_worker, q);
	if (ret)
		return ret;

	/*
	 * The doorbells: requesting the channel sets up its interrupt (and its trigger type
	 * in the distributor's ICFGR, shared with the firmware's INTID) before any CPU_ON.
	 */
	q->cl.dev = dev;
	q->cl.rx_callback = qvr_rx;
	q->cl.knows_txdone = true;
	q->chan = mbox_request_channel_byname(&q->cl, "vq");
	if (IS_ERR(q->chan))
		return dev_err_probe(dev, PTR_ERR(q->chan), "no mailbox channel \"vq\"\n");
	ret = devm_add_action_or_reset(dev, qvr_free_mbox, q);
	if (ret)
		return ret;

	q->debugfs = debugfs_create_dir(dev_name(dev), qvr_debugfs_root);
	debugfs_create_file("fault", 0600, q->debugfs, q, &qvr_fault_fops);
	debugfs_create_file("chaos", 0600, q->debugfs, q, &qvr_chaos_fops);
	ret = devm_add_action_or_reset(dev, qvr_debugfs_remove, q);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, rproc);
	return devm_rproc_add(dev, rproc);
}

static const struct of_device_id qvr_of_match[] = {
	{ .compatible = "amp,qemu-virt-rproc" },
	{ }
};
MODULE_DEVICE_TABLE(of, qvr_of_match);

static struct platform_driver qvr_driver = {
	.probe = qvr_probe,
	.driver = {
		.name = "amp-qemu-virt-rproc",
		.of_match_table = qvr_of_match,
	},
};

static int __init qvr_init(void)
{
	int ret;

	qvr_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	ret = platform_driver_register(&qvr_driver);
	if (ret)
		debugfs_remove_recursive(qvr_debugfs_root);
	return ret;
}
module_init(qvr_init);

static void __exit qvr_exit(void)
{
	platform_driver_unregister(&qvr_driver);
	debugfs_remove_recursive(qvr_debugfs_root);
}
module_exit(qvr_exit);

/* its doorbells: modprobe loads the platform's mailbox controller first */
MODULE_SOFTDEP("pre: amp_qemu_virt_mbox");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP remoteproc: QEMU virt reference platform");
