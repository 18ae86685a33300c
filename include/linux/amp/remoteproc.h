/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP remoteproc core: the contract between the core and a platform driver.
 *
 * A platform driver allocates a remote processor with amp_rproc_alloc(), registers the
 * memory the remote may use with amp_rproc_add_mem(), and publishes it with amp_rproc_add().
 * Userspace then boots it through sysfs or /dev/remoteprocN: the core loads the ELF
 * firmware, checks and applies its resource table, and calls the ops in this order:
 *
 *   prepare -> (load, resources) -> start ... stop -> unprepare
 *
 * The core never sleeps in the ops' place and holds the remote's lock (a mutex) around every
 * op but kick; ops may sleep unless stated otherwise.
 */
#ifndef _LINUX_AMP_REMOTEPROC_H
#define _LINUX_AMP_REMOTEPROC_H

#include <linux/bits.h>
#include <linux/types.h>
#include <uapi/linux/amp/coredump.h>

struct amp_rproc;
struct device;

/**
 * enum amp_rproc_state - life-cycle state of a remote processor
 * @AMP_RPROC_OFFLINE: powered off, no firmware loaded (sysfs "offline")
 * @AMP_RPROC_SUSPENDED: reserved for power management (sysfs "suspended")
 * @AMP_RPROC_RUNNING: firmware loaded and running (sysfs "running")
 * @AMP_RPROC_CRASHED: the firmware crashed; stopped or about to be (sysfs "crashed")
 * @AMP_RPROC_DELETED: being unregistered (sysfs "deleted")
 * @AMP_RPROC_ATTACHED: running firmware the core did not load, attached to (sysfs "attached")
 * @AMP_RPROC_DETACHED: running firmware the core can attach to (sysfs "detached")
 * @AMP_RPROC_LAST: number of states
 *
 * The values and their names match upstream's sysfs ABI.
 */
enum amp_rproc_state {
	AMP_RPROC_OFFLINE,
	AMP_RPROC_SUSPENDED,
	AMP_RPROC_RUNNING,
	AMP_RPROC_CRASHED,
	AMP_RPROC_DELETED,
	AMP_RPROC_ATTACHED,
	AMP_RPROC_DETACHED,
	AMP_RPROC_LAST,
};

/**
 * enum amp_rproc_crash_type - a crash the firmware can be asked to have (debugfs "crash")
 * @AMP_RPROC_CRASH_FAULT: take an exception ("fault")
 * @AMP_RPROC_CRASH_SOFT_HANG: stop serving, still obey a stop request ("soft-hang")
 * @AMP_RPROC_CRASH_HARD_HANG: spin with interrupts masked; nothing stops it ("hard-hang")
 * @AMP_RPROC_CRASH_TABLE_SCRIBBLE: rewrite its live resource table ("table-scribble")
 * @AMP_RPROC_CRASH_VRING: break the vring protocol: a used index far ahead ("vring")
 */
enum amp_rproc_crash_type {
	AMP_RPROC_CRASH_FAULT,
	AMP_RPROC_CRASH_SOFT_HANG,
	AMP_RPROC_CRASH_HARD_HANG,
	AMP_RPROC_CRASH_TABLE_SCRIBBLE,
	AMP_RPROC_CRASH_VRING,
};

/**
 * enum amp_rproc_crash_reason - why a platform driver reports a crash
 * @AMP_RPROC_CRASH_EXCEPTION: the firmware took an exception
 * @AMP_RPROC_CRASH_WATCHDOG: the firmware stopped showing signs of life
 * @AMP_RPROC_CRASH_PROTOCOL: the firmware broke the shared-memory protocol
 */
enum amp_rproc_crash_reason {
	AMP_RPROC_CRASH_EXCEPTION,
	AMP_RPROC_CRASH_WATCHDOG,
	AMP_RPROC_CRASH_PROTOCOL,
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

/* The coredump's crash note (userspace reads it): <uapi/linux/amp/coredump.h>. */

/**
 * struct amp_rproc_ops - what a platform driver does for the core
 * @prepare: optional; before the firmware is loaded (power, clocks, claim memory).
 * @unprepare: optional; after @stop succeeded, or when a boot or an attach fails after
 *	@prepare; never while the remote may still run in the boot's memory. The core
 *	unmaps the regions it mapped for the boot just before: drop every pointer into them.
 * @start: required; start the remote at @bootaddr (amp_rproc_bootaddr()). The firmware and
 *	its resource table are in place when it is called. On failure the remote must be off
 *	again; if the platform cannot make sure of that, it returns -ETIMEDOUT (as @stop
 *	does): the core then keeps the boot's memory and marks the remote crashed.
 * @stop: required; stop the remote. Must return within a bounded time; an error (e.g.
 *	-ETIMEDOUT) if the remote may still run: the core then reports it, marks the remote
 *	crashed and keeps everything it may use (memory, mappings); stopping it again retries.
 * @kick: required for a remote with a vdev; ring the remote's doorbell for virtqueue
 *	@vqid. Called in any context, without the core's lock; must not sleep.
 * @handle_vendor_rsc: optional; a vendor resource (type 128..512) of the loaded table:
 *	its payload at @rsc, @offset bytes from the table's start (amp_rproc_loaded_table()
 *	gives the table's device address), @len bytes to the table's end. The payload's own
 *	layout is the platform's to check. Called after the image is loaded, before @start.
 *	Return 0 if handled, -EOPNOTSUPP to let the core ignore it, another errno to fail the
 *	boot.
 * @inject_crash: optional; ask the running firmware to crash as @type says (for tests of
 *	crash handling). -EOPNOTSUPP for a type the firmware cannot do.
 * @da_to_va: optional; memory of the remote the platform maps itself (e.g. tightly coupled
 *	memory): the kernel address of [@da, @da + @len), or NULL to let the core look in the
 *	regions given with amp_rproc_add_mem().
 * @attach: optional; take over a remote that runs firmware the core did not load (state
 *	"detached"). Called after its resource table is applied, instead of @start. On
 *	failure the remote goes on as it was, detached.
 * @detach: optional; let the running remote go on without the core (state "detached").
 * @find_loaded_rsc_table: required with @attach; where the running firmware's resource
 *	table is (device address and size). The remote's regions are mapped when it is called.
 * @crash_record: optional; describe the crash being handled, for the coredump. Called
 *	after a crash report, before the remote is stopped. Must not sleep for long.
 *
 * A remote that supports detaching is attached to, rather than booted, when userspace
 * starts it while it is "detached" (the platform marks it so with amp_rproc_set_detached()).
 */
struct amp_rproc_ops {
	int (*prepare)(struct amp_rproc *rproc);
	int (*unprepare)(struct amp_rproc *rproc);
	int (*start)(struct amp_rproc *rproc);
	int (*stop)(struct amp_rproc *rproc);
	void (*kick)(struct amp_rproc *rproc, int vqid);
	int (*handle_vendor_rsc)(struct amp_rproc *rproc, u32 type, void *rsc, size_t offset,
				 size_t len);
	int (*inject_crash)(struct amp_rproc *rproc, enum amp_rproc_crash_type type);
	void *(*da_to_va)(struct amp_rproc *rproc, u64 da, size_t len);
	int (*attach)(struct amp_rproc *rproc);
	int (*detach)(struct amp_rproc *rproc);
	int (*find_loaded_rsc_table)(struct amp_rproc *rproc, u64 *da, size_t *size);
	void (*crash_record)(struct amp_rproc *rproc, struct amp_rproc_crash_record *rec);
};

struct amp_rproc *amp_rproc_alloc(struct device *dev, const char *name,
				  const struct amp_rproc_ops *ops, const char *firmware,
				  size_t priv_len);
struct amp_rproc *devm_amp_rproc_alloc(struct device *dev, const char *name,
				       const struct amp_rproc_ops *ops, const char *firmware,
				       size_t priv_len);
void amp_rproc_put(struct amp_rproc *rproc);
int amp_rproc_add(struct amp_rproc *rproc);
int devm_amp_rproc_add(struct device *dev, struct amp_rproc *rproc);
void amp_rproc_del(struct amp_rproc *rproc);

void *amp_rproc_priv(struct amp_rproc *rproc);
struct device *amp_rproc_dev(struct amp_rproc *rproc);
void amp_rproc_set_elf_machine(struct amp_rproc *rproc, u16 machine);
int amp_rproc_set_firmware(struct amp_rproc *rproc, const char *name, size_t len);
u64 amp_rproc_bootaddr(struct amp_rproc *rproc);
void amp_rproc_set_detached(struct amp_rproc *rproc);
int amp_rproc_loaded_table(struct amp_rproc *rproc, u64 *da, size_t *size);

int amp_rproc_add_mem(struct amp_rproc *rproc, const char *name, u64 da, phys_addr_t pa,
		      size_t len);
int amp_rproc_add_devmem(struct amp_rproc *rproc, phys_addr_t pa, size_t len);
void *amp_rproc_da_to_va(struct amp_rproc *rproc, u64 da, size_t len);

void amp_rproc_vq_interrupt(struct amp_rproc *rproc, int notifyid);
void amp_rproc_report_crash(struct amp_rproc *rproc, enum amp_rproc_crash_reason reason);

#endif /* _LINUX_AMP_REMOTEPROC_H */
