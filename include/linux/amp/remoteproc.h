/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP remoteproc core: what it offers beyond upstream's <linux/remoteproc.h>.
 *
 * A platform driver written against upstream's API needs nothing from here. A driver that
 * wants more uses these: device memory the remote may claim through devmem entries (upstream
 * needs an IOMMU for those), crash injection for tests of crash handling, a record of the
 * crash for the coredump (the AMP extension ops of &struct rproc_ops), and a doorbell's
 * hand-off from hard IRQ context straight to a waiting reader.
 */
#ifndef _LINUX_AMP_REMOTEPROC_H
#define _LINUX_AMP_REMOTEPROC_H

#include <linux/irqreturn.h>
#include <linux/remoteproc.h>
#include <linux/types.h>
#include <uapi/linux/amp/coredump.h>

/**
 * enum amp_rproc_crash_inject - a crash the firmware can be asked to have (debugfs "crash")
 * @AMP_RPROC_CRASH_FAULT: take an exception ("fault")
 * @AMP_RPROC_CRASH_SOFT_HANG: stop serving, still obey a stop request ("soft-hang")
 * @AMP_RPROC_CRASH_HARD_HANG: spin with interrupts masked; nothing stops it ("hard-hang")
 * @AMP_RPROC_CRASH_TABLE_SCRIBBLE: rewrite its live resource table ("table-scribble")
 * @AMP_RPROC_CRASH_VRING: break the vring protocol: a used index far ahead ("vring")
 *
 * The values are the inject_crash op's @type.
 */
enum amp_rproc_crash_inject {
	AMP_RPROC_CRASH_FAULT,
	AMP_RPROC_CRASH_SOFT_HANG,
	AMP_RPROC_CRASH_HARD_HANG,
	AMP_RPROC_CRASH_TABLE_SCRIBBLE,
	AMP_RPROC_CRASH_VRING,
};

/**
 * struct amp_rproc_crash_record - what the platform knows of a crash, for the coredump
 * @exception: the firmware took an exception, and the fields below describe it
 * @vector: the exception's kind, as the platform numbers it (on Arm: the vector offset / 0x80)
 * @syndrome: its syndrome (on Arm: ESR_ELx)
 * @pc: the faulting instruction's address (on Arm: ELR_ELx)
 * @fault_addr: the faulting data address (on Arm: FAR_ELx), if any
 */
struct amp_rproc_crash_record {
	bool exception;
	u32 vector;
	u64 syndrome;
	u64 pc;
	u64 fault_addr;
};

struct virtqueue;

int amp_rproc_add_devmem(struct rproc *rproc, phys_addr_t pa, size_t len);
/* for a doorbell in hard IRQ context, before deferring it: see amp_rproc_virtio.c */
irqreturn_t amp_rproc_vq_interrupt_handoff(struct rproc *rproc);
/* for busy-polling virtio drivers, through symbol_get(): see amp_rproc_virtio.c */
bool amp_rproc_vq_poll(struct virtqueue *vq, bool wait);
bool amp_rproc_vq_set_handoff(struct virtqueue *vq, bool (*handoff)(struct virtqueue *vq));

#endif /* _LINUX_AMP_REMOTEPROC_H */
