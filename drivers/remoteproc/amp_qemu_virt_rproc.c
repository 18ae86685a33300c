// SPDX-License-Identifier: GPL-2.0
/*
 * Platform driver of the QEMU virt AMP reference platform: a remote aarch64 core started
 * with PSCI CPU_ON, stopped by asking its firmware to call CPU_OFF, with doorbells through
 * the GICv2m frame both ways. Binding: dts/amp,qemu-virt-rproc.yaml.
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
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <uapi/linux/psci.h>

#include <linux/amp/fw_ctl.h>
#include <linux/amp/remoteproc.h>

#define QVR_MSI_SETSPI_NS	0x40
#define QVR_BOOT_TIMEOUT_MS	1000
#define QVR_STOP_TIMEOUT_US	1000000
#define QVR_MAX_REGIONS		8
#define QVR_CTL_V1_HINT		" (version 1 does not declare its length: rebuild the firmware)"

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
 * @doorbell: the GICv2m frame (shared by all remotes, mapped, not claimed)
 * @doorbell_pa: physical address of the frame
 * @fw_intid: INTID that interrupts the remote
 * @host_intid: INTID the remote raises to interrupt us
 * @mpidr: the remote core
 * @hvc: the PSCI conduit is HVC (else SMC)
 * @irq: Linux irq of @host_intid
 * @ctl_lock: protects @ctl, @ctl_len and @crash_seen: the ops set and clear them under the
 *	core's lock too, but the doorbell's thread and the watchdog read them without it
 * @ctl: our own mapping of the firmware's control block in the loaded image, from
 *	handle_vendor_rsc until unprepare (which the core calls only once the core is off, or
 *	was never started): it never outlives the boot, nor dies before it
 * @ctl_len: the length the block declares (checked against the table)
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
	struct amp_rproc *rproc;
	void __iomem *doorbell;
	phys_addr_t doorbell_pa;
	u32 fw_intid;
	u32 host_intid;
	u64 mpidr;
	bool hvc;
	int irq;
	struct mutex ctl_lock;	/* @ctl, @ctl_len, @crash_seen, against the doorbell's thread */
	struct amp_fw_ctl *ctl;
	size_t ctl_len;
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

	spin_lock_irqsave(&q->fault_lock, flags);
	fail = q->faults[op] > 0;
	if (fail)
		q->faults[op]--;
	spin_unlock_irqrestore(&q->fault_lock, flags);
	if (fail)
		dev_warn(q->dev, "fault injected: %s\n", qvr_fault_names[op]);
	return fail;
}

static void qvr_set_ctl(struct qvr *q, struct amp_fw_ctl *ctl, size_t len)
{
	mutex_lock(&q->ctl_lock);
	q->ctl = ctl;
	q->ctl_len = len;
	q->crash_seen = false;
	mutex_unlock(&q->ctl_lock);
}

/* The boot is over (or never was): unmap the control block; nobody reads it after this. */
static void qvr_forget_ctl(struct qvr *q)
{
	struct amp_fw_ctl *ctl;

	mutex_lock(&q->ctl_lock);
	ctl = q->ctl;
	q->ctl = NULL;
	q->ctl_len = 0;
	mutex_unlock(&q->ctl_lock);
	if (ctl)
		memunmap(ctl);
}

static void qvr_watchdog(struct work_struct *work)
{
	struct qvr *q = container_of(to_delayed_work(work), struct qvr, watchdog);
	unsigned int period = READ_ONCE(watchdog_ms);
	bool again = false;
	u32 beat;

	mutex_lock(&q->ctl_lock);
	if (q->ctl && !q->crash_seen &&
	    q->ctl_len >= offsetofend(struct amp_fw_ctl, heartbeat)) {
		beat = READ_ONCE(q->ctl->heartbeat);
		if (beat == q->last_heartbeat) {
			q->crash_seen = true;
			dev_err(q->dev, "no heartbeat from the firmware for %u ms (still %u): hung\n",
				period, beat);
			amp_rproc_report_crash(q->rproc, AMP_RPROC_CRASH_WATCHDOG);
		} else {
			q->last_heartbeat = beat;
			again = true;
		}
	}
	mutex_unlock(&q->ctl_lock);
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

/* Called by the ops that end q->ctl (stop, detach), before they do. */
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

static void qvr_kick(struct amp_rproc *rproc, int vqid)
{
	struct qvr *q = amp_rproc_priv(rproc);

	if (qvr_fault(q, QVR_FAULT_KICK))
		return;
	/* writel() orders the caller's writes to shared memory before the doorbell. */
	writel(q->fw_intid, q->doorbell + QVR_MSI_SETSPI_NS);
}

/*
 * The control block: its header checked in the loaded table, then mapped on its own for as
 * long as the boot (the core's mapping of the region may go first, see @ctl), and the
 * platform words written.
 */
static int qvr_handle_vendor_rsc(struct amp_rproc *rproc, u32 type, void *rsc, size_t offset,
				 size_t len)
{
	struct qvr *q = amp_rproc_priv(rproc);
	const struct amp_fw_ctl *blk = rsc;
	u64 db = q->doorbell_pa + QVR_MSI_SETSPI_NS;
	u32 declared, magic, version;
	struct amp_fw_ctl *ctl;
	size_t table_size;
	u64 table_da;

	if (type != AMP_RSC_FW_CTL)
		return -EOPNOTSUPP;
	if (q->ctl) {
		dev_err(q->dev, "control block: a second one, at table offset 0x%zx\n", offset);
		return -EINVAL;
	}
	if (len < offsetofend(struct amp_fw_ctl, version)) {
		dev_err(q->dev, "control block: %zu bytes left in the table, want at least %zu\n",
			len, offsetofend(struct amp_fw_ctl, version));
		return -EINVAL;
	}
	/* read once: the table is in the remote's memory */
	declared = READ_ONCE(blk->len);
	magic = READ_ONCE(blk->magic);
	version = READ_ONCE(blk->version);
	if (magic != AMP_FW_CTL_MAGIC || version != AMP_FW_CTL_VERSION) {
		dev_err(q->dev, "control block: magic 0x%x, version %u; want 0x%x, %u%s\n",
			magic, version, AMP_FW_CTL_MAGIC, AMP_FW_CTL_VERSION,
			version == 1 ? QVR_CTL_V1_HINT : "");
		return -EINVAL;
	}
	if (declared < AMP_FW_CTL_MIN_LEN || declared > len ||
	    !IS_ALIGNED(declared, sizeof(u32))) {
		dev_err(q->dev, "control block: declares %u bytes; want a multiple of 4 in %zu..%zu (the table's end)\n",
			declared, AMP_FW_CTL_MIN_LEN, len);
		return -EINVAL;
	}
	if (amp_rproc_loaded_table(rproc, &table_da, &table_size))
		return -EINVAL;
	/* The remote runs with its MMU off: its device addresses are physical addresses. */
	ctl = memremap(table_da + offset, declared, MEMREMAP_WC);
	if (!ctl)
		return -ENOMEM;
	ctl->doorbell_lo = lower_32_bits(db);
	ctl->doorbell_hi = upper_32_bits(db);
	ctl->host_intid = q->host_intid;
	ctl->fw_intid = q->fw_intid;
	qvr_set_ctl(q, ctl, declared);
	return 0;
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

static int qvr_stop(struct amp_rproc *rproc)
{
	struct qvr *q = amp_rproc_priv(rproc);

	if (qvr_fault(q, QVR_FAULT_STOP))
		return -EIO;
	qvr_watchdog_stop(q);
	return qvr_stop_core(q);
}

static int qvr_start(struct amp_rproc *rproc)
{
	struct qvr *q = amp_rproc_priv(rproc);
	u64 entry = amp_rproc_bootaddr(rproc);
	unsigned long deadline;
	long ret;
	u32 state;

	if (!q->ctl) {
		dev_err(q->dev, "the firmware has no control block (vendor resource %d): it could not be stopped, not starting it\n",
			AMP_RSC_FW_CTL);
		return -EINVAL;
	}
	if (qvr_fault(q, QVR_FAULT_START))
		return -EIO;
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

/* Nothing is loaded into the memory of a core that runs, unless we attach to it. */
static int qvr_prepare(struct amp_rproc *rproc)
{
	struct qvr *q = amp_rproc_priv(rproc);

	if (qvr_fault(q, QVR_FAULT_PREPARE))
		return -EIO;
	if (!q->detached && !qvr_core_off(q)) {
		dev_err(q->dev, "remote core 0x%llx is on: not loading firmware into the memory it may run in\n",
			q->mpidr);
		return -EBUSY;
	}
	return 0;
}

static int qvr_unprepare(struct amp_rproc *rproc)
{
	qvr_forget_ctl(amp_rproc_priv(rproc));
	return 0;
}

static int qvr_inject_crash(struct amp_rproc *rproc, enum amp_rproc_crash_type type)
{
	static const u32 requests[] = {
		[AMP_RPROC_CRASH_FAULT]		= AMP_FW_REQ_FAULT,
		[AMP_RPROC_CRASH_SOFT_HANG]	= AMP_FW_REQ_SOFT_HANG,
		[AMP_RPROC_CRASH_HARD_HANG]	= AMP_FW_REQ_HARD_HANG,
		[AMP_RPROC_CRASH_TABLE_SCRIBBLE] = AMP_FW_REQ_SCRIBBLE,
		[AMP_RPROC_CRASH_VRING]		= AMP_FW_REQ_VRING,
	};
	struct qvr *q = amp_rproc_priv(rproc);

	if (type >= ARRAY_SIZE(requests) || !requests[type] || !q->ctl)
		return -EOPNOTSUPP;
	WRITE_ONCE(q->ctl->request, requests[type]);
	qvr_kick(rproc, -1);
	return 0;
}

static struct qvr_handoff *qvr_handoff(struct amp_rproc *rproc)
{
	struct qvr *q = amp_rproc_priv(rproc);

	return amp_rproc_da_to_va(rproc, q->handoff_da, sizeof(struct qvr_handoff));
}

static int qvr_detach(struct amp_rproc *rproc)
{
	struct qvr_handoff *h = qvr_handoff(rproc);
	struct qvr *q = amp_rproc_priv(rproc);
	size_t size;
	u64 da;

	/* a detach that fails leaves the remote running: watched, as before */
	if (!h || amp_rproc_loaded_table(rproc, &da, &size) || upper_32_bits(da))
		return -EINVAL;
	if (qvr_fault(q, QVR_FAULT_DETACH))
		return -EIO;
	qvr_watchdog_stop(q);
	h->table_da = da;
	h->table_size = size;
	/* The address is in place before the block says it is valid. */
	wmb();
	h->magic = QVR_HANDOFF_MAGIC;
	q->detached = true;
	return 0;
}

static int qvr_find_loaded_rsc_table(struct amp_rproc *rproc, u64 *da, size_t *size)
{
	struct qvr_handoff *h = qvr_handoff(rproc);

	if (!h || h->magic != QVR_HANDOFF_MAGIC)
		return -ENOENT;
	*da = h->table_da;
	*size = h->table_size;
	return 0;
}

static int qvr_attach(struct amp_rproc *rproc)
{
	struct qvr_handoff *h = qvr_handoff(rproc);
	struct qvr *q = amp_rproc_priv(rproc);

	if (qvr_fault(q, QVR_FAULT_ATTACH))
		return -EIO;
	if (!q->ctl || READ_ONCE(q->ctl->state) != AMP_FW_STATE_RUNNING) {
		dev_err(q->dev, "the running firmware does not report running (state %u)\n",
			q->ctl ? READ_ONCE(q->ctl->state) : 0);
		return -EIO;
	}
	/* Taken: a later probe must not attach to it again unless it is detached again. */
	h->magic = 0;
	q->detached = false;
	qvr_watchdog_start(q);
	return 0;
}

static void qvr_crash_record(struct amp_rproc *rproc, struct amp_rproc_crash_record *rec);

static const struct amp_rproc_ops qvr_ops = {
	.prepare = qvr_prepare,
	.unprepare = qvr_unprepare,
	.start = qvr_start,
	.stop = qvr_stop,
	.kick = qvr_kick,
	.handle_vendor_rsc = qvr_handle_vendor_rsc,
	.inject_crash = qvr_inject_crash,
	.attach = qvr_attach,
	.detach = qvr_detach,
	.find_loaded_rsc_table = qvr_find_loaded_rsc_table,
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

	mutex_lock(&q->ctl_lock);
	ctl = q->ctl;
	if (!ctl || q->crash_seen)
		goto out_unlock;
	if (READ_ONCE(ctl->state) == AMP_FW_STATE_CRASHED && READ_ONCE(ctl->selftest) == 0) {
		q->crash_seen = true;
		dev_err(q->dev, "firmware exception: vector %u, ESR 0x%08x, ELR 0x%08x%08x, FAR 0x%08x%08x\n",
			READ_ONCE(ctl->exc_type), READ_ONCE(ctl->exc_esr),
			READ_ONCE(ctl->exc_elr_hi), READ_ONCE(ctl->exc_elr_lo),
			READ_ONCE(ctl->exc_far_hi), READ_ONCE(ctl->exc_far_lo));
		amp_rproc_report_crash(q->rproc, AMP_RPROC_CRASH_EXCEPTION);
	} else if (READ_ONCE(ctl->rpmsg_state) == AMP_FW_RPMSG_BROKEN) {
		q->crash_seen = true;
		dev_err(q->dev, "firmware gave up on its rpmsg vdev: vring error 0x%x, value 0x%08x%08x\n",
			READ_ONCE(ctl->vring_error), READ_ONCE(ctl->vring_error_hi),
			READ_ONCE(ctl->vring_error_lo));
		amp_rproc_report_crash(q->rproc, AMP_RPROC_CRASH_PROTOCOL);
	}
out_unlock:
	mutex_unlock(&q->ctl_lock);
}

/* For the coredump: the exception the firmware recorded, if it took one. */
static void qvr_crash_record(struct amp_rproc *rproc, struct amp_rproc_crash_record *rec)
{
	struct qvr *q = amp_rproc_priv(rproc);
	struct amp_fw_ctl *ctl;

	mutex_lock(&q->ctl_lock);
	ctl = q->ctl;
	if (ctl && READ_ONCE(ctl->state) == AMP_FW_STATE_CRASHED) {
		rec->exception = true;
		rec->vector = READ_ONCE(ctl->exc_type);
		rec->syndrome = READ_ONCE(ctl->exc_esr);
		rec->pc = (u64)READ_ONCE(ctl->exc_elr_hi) << 32 | READ_ONCE(ctl->exc_elr_lo);
		rec->fault_addr = (u64)READ_ONCE(ctl->exc_far_hi) << 32 |
				  READ_ONCE(ctl->exc_far_lo);
	}
	mutex_unlock(&q->ctl_lock);
}

static irqreturn_t qvr_irq(int irq, void *data)
{
	struct qvr *q = data;

	/* A doorbell does not say which vring moved: look at all of them. */
	amp_rproc_vq_interrupt(q->rproc, -1);
	qvr_check_crash(q);
	return IRQ_HANDLED;
}

static int qvr_add_regions(struct qvr *q)
{
	struct device_node *np = q->dev->of_node;
	int i, n, ret;

	n = of_count_phandle_with_args(np, "memory-region", NULL);
	if (n <= 0 || n > QVR_MAX_REGIONS)
		return dev_err_probe(q->dev, -EINVAL, "memory-region: %d entries, want 1..%d\n",
				     n, QVR_MAX_REGIONS);
	for (i = 0; i < n; i++) {
		struct device_node *rn = of_parse_phandle(np, "memory-region", i);
		struct reserved_mem *rmem = rn ? of_reserved_mem_lookup(rn) : NULL;
		const char *name;

		of_node_put(rn);
		if (!rmem)
			return dev_err_probe(q->dev, -EINVAL,
					     "memory-region %d is not reserved memory\n", i);
		if (of_property_read_string_index(np, "memory-region-names", i, &name))
			name = rmem->name;
		/* The remote runs with its MMU off: device address = physical address. */
		ret = amp_rproc_add_mem(q->rproc, name, rmem->base, rmem->base, rmem->size);
		if (ret)
			return ret;
		if (!strcmp(name, "firmware") && rmem->size >= PAGE_SIZE)
			q->handoff_da = rmem->base + rmem->size - PAGE_SIZE;
	}
	return 0;
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

static int qvr_parse_dt(struct qvr *q, const char **fw_name)
{
	struct device_node *np = q->dev->of_node;
	struct device_node *psci;
	const char *method;
	int ret;

	if (of_property_read_u32(np, "amp,doorbell-intid", &q->fw_intid) ||
	    q->fw_intid < 32 || q->fw_intid > 1019)
		return dev_err_probe(q->dev, -EINVAL, "amp,doorbell-intid missing or not an SPI\n");
	if (of_property_read_u64(np, "amp,remote-mpidr", &q->mpidr))
		return dev_err_probe(q->dev, -EINVAL, "amp,remote-mpidr missing\n");
	if (of_property_read_string(np, "firmware-name", fw_name))
		*fw_name = NULL;

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

	if (qvr_psci(q, PSCI_0_2_FN64_AFFINITY_INFO, q->mpidr, 0, 0) ==
	    PSCI_0_2_AFFINITY_LEVEL_OFF)
		return;
	h = q->handoff_da ? memremap(q->handoff_da, sizeof(*h), MEMREMAP_WC) : NULL;
	valid = h && h->magic == QVR_HANDOFF_MAGIC;
	if (h)
		memunmap(h);
	if (valid) {
		dev_info(q->dev, "remote core 0x%llx runs detached firmware: start attaches to it\n",
			 q->mpidr);
		q->detached = true;
		amp_rproc_set_detached(q->rproc);
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

	mutex_lock(&q->ctl_lock);
	if (q->ctl && q->ctl_len >= offsetofend(struct amp_fw_ctl, chaos_last))
		seq_printf(m, "events %u last 0x%x\n", READ_ONCE(q->ctl->chaos_events),
			   READ_ONCE(q->ctl->chaos_last));
	else
		seq_puts(m, "off\n");
	mutex_unlock(&q->ctl_lock);
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
	mutex_lock(&q->ctl_lock);
	if (!q->ctl || q->ctl_len < offsetofend(struct amp_fw_ctl, chaos_last)) {
		ret = -ENODEV;
	} else {
		WRITE_ONCE(q->ctl->chaos_seed, seed);
		WRITE_ONCE(q->ctl->chaos_kinds, kinds);
		WRITE_ONCE(q->ctl->chaos_rate, rate);
		WRITE_ONCE(q->ctl->request, AMP_FW_REQ_CHAOS);
		/* writel() in the kick orders the words before the doorbell */
		qvr_kick(q->rproc, -1);
	}
	mutex_unlock(&q->ctl_lock);
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

static int qvr_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	const char *fw_name, *name;
	struct resource *res;
	struct amp_rproc *rproc;
	struct qvr *q;
	int ret;

	name = devm_kasprintf(dev, GFP_KERNEL, "%pOFn", dev->of_node);
	if (!name)
		return -ENOMEM;
	rproc = devm_amp_rproc_alloc(dev, name, &qvr_ops, NULL, sizeof(*q));
	if (!rproc)
		return -ENOMEM;
	q = amp_rproc_priv(rproc);
	q->dev = dev;
	q->rproc = rproc;
	mutex_init(&q->ctl_lock);
	spin_lock_init(&q->fault_lock);
	INIT_DELAYED_WORK(&q->watchdog, qvr_watchdog);
	ret = devm_add_action(dev, qvr_watchdog_cancel, q);
	if (ret)
		return ret;
	ret = qvr_parse_dt(q, &fw_name);
	if (ret)
		return ret;
	if (fw_name) {
		ret = amp_rproc_set_firmware(rproc, fw_name, strlen(fw_name));
		if (ret)
			return ret;
	}
	amp_rproc_set_elf_machine(rproc, EM_AARCH64);

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return dev_err_probe(dev, -EINVAL, "no doorbell frame (reg)\n");
	q->doorbell_pa = res->start;
	/* Every remote shares the frame: map it, do not claim it. */
	q->doorbell = devm_ioremap(dev, res->start, resource_size(res));
	if (!q->doorbell)
		return -ENOMEM;

	ret = qvr_add_regions(q);
	if (ret)
		return ret;
	ret = qvr_add_devmem(q);
	if (ret)
		return ret;
	qvr_check_running(q);

	q->irq = platform_get_irq(pdev, 0);
	if (q->irq < 0)
		return q->irq;
	q->host_intid = irqd_to_hwirq(irq_get_irq_data(q->irq));
	/*
	 * Threaded: the vrings' callbacks may sleep. Requesting the IRQ also sets its trigger
	 * type in the distributor's ICFGR, shared with the firmware's INTID: that happens here,
	 * before any CPU_ON, and the firmware read-modify-writes its own bits afterwards.
	 */
	ret = devm_request_threaded_irq(dev, q->irq, NULL, qvr_irq, IRQF_ONESHOT,
					dev_name(dev), q);
	if (ret)
		return ret;

	q->debugfs = debugfs_create_dir(dev_name(dev), qvr_debugfs_root);
	debugfs_create_file("fault", 0600, q->debugfs, q, &qvr_fault_fops);
	debugfs_create_file("chaos", 0600, q->debugfs, q, &qvr_chaos_fops);
	ret = devm_add_action_or_reset(dev, qvr_debugfs_remove, q);
	if (ret)
		return ret;

	platform_set_drvdata(pdev, rproc);
	return devm_amp_rproc_add(dev, rproc);
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

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP remoteproc: QEMU virt reference platform");
