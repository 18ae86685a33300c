/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP remoteproc core: internals shared by the core's files (not by platform drivers, which
 * see <linux/remoteproc.h> and <linux/amp/remoteproc.h>).
 */
#ifndef _AMP_RPROC_INTERNAL_H
#define _AMP_RPROC_INTERNAL_H

#include <linux/amp/remoteproc.h>
#include <linux/amp/rsc_table.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/remoteproc.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_ring.h>
#include <linux/workqueue.h>

#include "remoteproc_internal.h"

struct dentry;
struct amp_elf_image;

/* Largest resource table the core accepts: far above any real one, bounds the copy. */
#define AMP_RPROC_MAX_TABLE_SIZE	SZ_64K
/* Largest trace buffer kept after the remote stops. */
#define AMP_RPROC_MAX_TRACE_COPY	SZ_1M
/* Trace buffers a firmware may declare (debugfs trace0..trace7). */
#define AMP_RPROC_MAX_TRACES		8

/**
 * struct amp_rproc_claim - a slice of a carveout that a carveout entry of the table claims
 * @node: entry in &amp_rproc_core.claims
 * @name: the entry's name
 * @da: its device address
 * @len: its size
 *
 * Two entries of one table may not claim the same memory.
 */
struct amp_rproc_claim {
	struct list_head node;
	char name[AMP_RSC_NAME_LEN];
	u64 da;
	u64 len;
};

/**
 * struct amp_rproc_devmem - device memory the platform lets devmem entries name
 * @node: entry in &amp_rproc_core.devmems
 * @pa: its start (device address = physical address)
 * @len: its size
 */
struct amp_rproc_devmem {
	struct list_head node;
	phys_addr_t pa;
	size_t len;
};

/**
 * struct amp_rproc_trace - a trace buffer of the firmware, and what is kept of it
 * @dbg: upstream's view of the live buffer, on &rproc.traces while the remote is booted
 * @node: entry in &amp_rproc_core.traces, from the boot that declares it to the next boot
 * @index: N of debugfs traceN
 * @live: @dbg describes a mapped buffer (and is on &rproc.traces)
 * @copy: the buffer's content when the remote last stopped (kmalloc'ed), or NULL
 * @copy_len: bytes in @copy
 */
struct amp_rproc_trace {
	struct rproc_debug_trace dbg;
	struct list_head node;
	unsigned int index;
	bool live;
	char *copy;
	size_t copy_len;
};

/**
 * struct amp_rproc_trace_slot - debugfs traceN of a remote
 * @rproc: the remote
 * @index: N
 * @file: the file, created at the first boot that declares trace N, removed with the remote
 *
 * A read looks up the boot's trace N under the remote's lock, so the file never points at a
 * trace that is gone, and nothing removes the file while the lock is held.
 */
struct amp_rproc_trace_slot {
	struct rproc *rproc;
	unsigned int index;
	struct dentry *file;
};

/* Used-ring alignment of the private rings: only the host's CPUs read them. */
#define AMP_VRING_PRIV_ALIGN	SMP_CACHE_BYTES

/**
 * struct amp_vring_fault - how the remote broke a vring's protocol
 * @what: what was wrong, for the message
 * @value: the offending value
 */
struct amp_vring_fault {
	const char *what;
	u32 value;
};

/**
 * struct amp_vring_shadow - the host-private side of a vring shared with the remote
 * @lock: protects every field below, between the driver's notify (publish) and the
 *	doorbell (collect)
 * @vdev: the virtio device, for its byte order
 * @num: descriptors
 * @shared: the ring in the remote's memory: written by publish, its used ring read once by
 *	collect; its descriptor table and avail ring are never read back
 * @priv: the private ring's memory, which the driver's virtqueue runs on
 * @priv_size: its size
 * @priv_vr: the private ring
 * @out: heads published and not yet given back (bitmap of @num bits)
 * @avail_synced: private avail entries published (mod 2^16)
 * @shared_avail: the shared avail index we wrote
 * @used_seen: shared used entries collected (mod 2^16)
 * @event_idx: VIRTIO_RING_F_EVENT_IDX is negotiated: kicks and doorbells follow the event
 *	indices, not the flags
 * @irq_off: the driver asked for no doorbells (a busy poller), as last shown to the remote
 * @dead: the remote broke the protocol: nothing is published or collected any more
 * @fault: the violation that killed it
 * @kicks: notifications the remote wanted
 * @kicks_suppressed: notifications it declined (VRING_USED_F_NO_NOTIFY, or with EVENT_IDX
 *	publications that did not cross its avail_event)
 * @interrupts: collects (doorbells)
 * @faults: violations seen (0 or 1)
 */
struct amp_vring_shadow {
	spinlock_t lock;	/* every field below */
	struct virtio_device *vdev;
	unsigned int num;
	struct vring shared;
	void *priv;
	size_t priv_size;
	struct vring priv_vr;
	unsigned long *out;
	u16 avail_synced;
	u16 shared_avail;
	u16 used_seen;
	bool event_idx;
	bool irq_off;
	bool dead;
	struct amp_vring_fault fault;
	u64 kicks;
	u64 kicks_suppressed;
	u64 interrupts;
	u64 faults;
};

/**
 * struct amp_vring_stats - a snapshot of a shadow, for debugfs vrings
 * @num: descriptors
 * @out: heads published to the remote and not yet back
 * @shared_avail: the avail index the host published last
 * @used_seen: the used index up to which the host collected
 * @remote_used: the used index in the remote's ring now (what the remote says; shown only)
 * @event_idx: VIRTIO_RING_F_EVENT_IDX is negotiated for the ring
 * @kicks: notifications sent to the remote
 * @kicks_suppressed: publications the remote spared a kick (VRING_USED_F_NO_NOTIFY, or
 *	with EVENT_IDX an avail_event not crossed)
 * @interrupts: doorbells that collected from this ring
 * @faults: protocol violations seen
 * @dead: the shadow stopped at a violation
 */
struct amp_vring_stats {
	unsigned int num;
	unsigned int out;
	u16 shared_avail;
	u16 used_seen;
	u16 remote_used;
	bool event_idx;
	u64 kicks;
	u64 kicks_suppressed;
	u64 interrupts;
	u64 faults;
	bool dead;
};

/**
 * struct amp_rproc_vring - a vring of a vdev
 * @va: its memory, mapped for the boot
 * @size: bytes of the ring
 * @num: descriptors
 * @align: alignment of the used ring
 * @notifyid: the id the remote and the kick use for it
 * @vq: the virtqueue while a driver has it, on @shadow's private ring; published under
 *	&amp_rproc_core.vq_lock and &amp_rproc_core.vq_irq_lock
 * @handoff: the driver's hook for the doorbell's hard IRQ (amp_rproc_vq_set_handoff()),
 *	while @vq exists; under &amp_rproc_core.vq_irq_lock
 * @handoffs: doorbells @handoff took, for debugfs; under &amp_rproc_core.vq_irq_lock
 * @shadow: the private side of the ring, while @vq exists
 */
struct amp_rproc_vring {
	void *va;
	size_t size;
	u32 num;
	u32 align;
	u32 notifyid;
	struct virtqueue *vq;
	bool (*handoff)(struct virtqueue *vq);
	u64 handoffs;
	struct amp_vring_shadow shadow;
};

/**
 * struct amp_rproc_vdev - a vdev of the resource table, as a virtio device
 * @vdev: the virtio device; its refcount owns this structure once registered
 * @rproc: the remote (a reference is held while registered)
 * @node: entry in &amp_rproc_core.vdevs
 * @rsc_offset: offset of the vdev entry's payload in the table
 * @id: virtio device id
 * @notifyid: the vdev's own notify id
 * @config_len: bytes of config space (from the checked table)
 * @status: the device status the driver last set; the copy in the table lives in memory
 *	the remote can write, so the host never reads it back
 * @nvrings: vrings
 * @vrings: the vrings
 * @shm_pa: the buffer pool (the carveout vdev<N>buffer): physical address
 * @shm_len: its size, 0 without one
 * @pdev: the platform device rproc-virtio.N.auto, @vdev's parent (as upstream's), from
 *	registration until removal
 * @registered: @vdev was handed to the virtio core
 * @event_idx: VIRTIO_RING_F_EVENT_IDX is negotiated with the remote for the shared rings
 *	(set when the features are finalised, before the driver creates its queues)
 * @broken: the remote broke a vring's protocol; under &amp_rproc_core.vq_lock
 */
struct amp_rproc_vdev {
	struct virtio_device vdev;
	struct rproc *rproc;
	struct list_head node;
	size_t rsc_offset;
	u32 id;
	u32 notifyid;
	u32 config_len;
	u8 status;
	unsigned int nvrings;
	struct amp_rproc_vring vrings[AMP_RSC_VDEV_MAX_VRINGS];
	phys_addr_t shm_pa;
	size_t shm_len;
	struct platform_device *pdev;
	bool registered;
	bool event_idx;
	bool broken;
};

/**
 * struct amp_rproc_core - the AMP core's own state of a remote (&rproc.amp)
 * @rproc: the remote
 * @dumping: an inline coredump is being read (the lock is dropped meanwhile): the remote
 *	stays crashed; shutdown refuses (boot and detach refuse a crashed remote anyway)
 * @claims: slices of carveouts the table's carveout entries claim, &struct amp_rproc_claim
 * @devmems: device memory the platform grants, &struct amp_rproc_devmem
 * @traces: trace buffers of the last boot, &struct amp_rproc_trace
 * @trace_slots: debugfs traceN files
 * @loaded_table: where the table lies in the remote's memory while it is booted
 * @vq_lock: protects @vdevs and their vrings' @vq pointers, so that the doorbell
 *	(rproc_vq_interrupt()) never reaches a vq or vdev being torn down; held while the
 *	vrings' callbacks run
 * @vq_irq_lock: protects the same for the doorbell's hard IRQ
 *	(amp_rproc_vq_interrupt_handoff()), and the vrings' @handoff hooks: writers hold both
 *	locks, readers either
 * @vdevs: vdevs of the current boot, &struct amp_rproc_vdev
 * @boot_gen: counts boots and attaches, so that a report names the run it is about;
 *	written under &rproc.lock before the remote starts, read by reports without it
 * @crash_lock: protects @crash_closed, @crash_type and @crash_gen, so that no report
 *	queues the crash work after rproc_del() cancelled it
 * @crash_closed: the remote is deleted: reports are ignored
 * @crash_type: the reported &enum rproc_crash_type
 * @crash_gen: @boot_gen when it was reported: a report about a run that recovery
 *	already replaced is stale
 * @fail_vdev_register: debugfs fault knob: so many of the next vdev registrations fail;
 *	written by debugfs without &rproc.lock (a test's knob), read and decremented under it
 * @auto_boot_done: the asynchronous boot that rproc_add() asked for has ended
 *
 * Every field but the locked ones above is under &rproc.lock.
 */
struct amp_rproc_core {
	struct rproc *rproc;
	bool dumping;
	struct list_head claims;
	struct list_head devmems;
	struct list_head traces;
	struct amp_rproc_trace_slot trace_slots[AMP_RPROC_MAX_TRACES];
	void *loaded_table;
	struct mutex vq_lock;		/* @vdevs and their vqs, against the doorbell */
	spinlock_t vq_irq_lock;		/* the same and the hooks, against its hard IRQ */
	struct list_head vdevs;
	unsigned int boot_gen;
	spinlock_t crash_lock;		/* @crash_closed, @crash_type, @crash_gen */
	bool crash_closed;
	enum rproc_crash_type crash_type;
	unsigned int crash_gen;
	u32 fail_vdev_register;
	struct completion auto_boot_done;
};

#define to_rproc(d)	container_of(d, struct rproc, dev)

/* amp_rproc_core.c */
extern struct class amp_rproc_class;
int amp_rproc_boot_locked(struct rproc *rproc);
int amp_rproc_boot_fw(struct rproc *rproc, const struct firmware *fw);
int amp_rproc_shutdown_locked(struct rproc *rproc);
int amp_rproc_detach_locked(struct rproc *rproc);
int amp_rproc_set_firmware(struct rproc *rproc, const char *name, size_t len);
const char *amp_rproc_state_name(unsigned int state);
const char *amp_rproc_crash_name(enum rproc_crash_type type);

/* amp_rproc_elf.c (upstream's helpers, checked) */
int amp_rproc_check_image(struct rproc *rproc, const struct firmware *fw,
			  struct amp_elf_image *img);

/* amp_rproc_coredump.c */
struct amp_rproc_dump;
void amp_rproc_coredump(struct rproc *rproc);
struct amp_rproc_dump *amp_rproc_dump_build(struct rproc *rproc, enum rproc_crash_type type);
size_t amp_rproc_dump_read(struct amp_rproc_dump *d, void *buf, size_t offset, size_t count);
size_t amp_rproc_dump_size(const struct amp_rproc_dump *d);
void amp_rproc_dump_free(struct amp_rproc_dump *d);
void amp_rproc_coredump_cleanup(struct rproc *rproc);

/* amp_rproc_rsc.c */
struct rproc_mem_entry *amp_rproc_find_carveout(struct rproc *rproc, const char *name);
int amp_rproc_check_carveouts(struct rproc *rproc);
int amp_rproc_alloc_carveouts(struct rproc *rproc);
int amp_rproc_handle_resources(struct rproc *rproc);
void amp_rproc_release_resources(struct rproc *rproc, bool keep_allocations);
void amp_rproc_traces_stop(struct rproc *rproc);
void amp_rproc_traces_free(struct rproc *rproc);

/* amp_rproc_virtio.c */
int amp_rproc_vdev_new(struct rproc *rproc, const struct fw_rsc_vdev *rsc,
		       unsigned int nvrings, size_t rsc_offset, unsigned int index);
int amp_rproc_vdevs_register(struct rproc *rproc);
/* The platform devices between a remote and its virtio devices, and their driver's name. */
#define AMP_RPROC_VIRTIO_PDEV	"rproc-virtio"
int amp_rproc_virtio_init(void);
void amp_rproc_virtio_exit(void);
int amp_rproc_vdevs_recreate(struct rproc *rproc);
void amp_rproc_vdevs_remove(struct rproc *rproc);

/* amp_rproc_vring.c */
int amp_vring_shadow_init(struct amp_vring_shadow *s, struct virtio_device *vdev, void *shared,
			  unsigned int num, unsigned int align, bool event_idx);
void amp_vring_shadow_free(struct amp_vring_shadow *s);
bool amp_vring_shadow_publish(struct amp_vring_shadow *s);
int amp_vring_shadow_collect(struct amp_vring_shadow *s, struct amp_vring_fault *f);
unsigned int amp_vring_shadow_in_flight(struct amp_vring_shadow *s);
void amp_vring_shadow_sync_flags(struct amp_vring_shadow *s);
bool amp_vring_shadow_has_news(struct amp_vring_shadow *s);
void amp_vring_shadow_stats(struct amp_vring_shadow *s, struct amp_vring_stats *st);

/* sysfs recovery and coredump, which debugfs offers too (as upstream's) */
extern struct device_attribute dev_attr_recovery;
extern struct device_attribute dev_attr_coredump;

/* amp_rproc_sysfs.c */
extern const struct attribute_group *amp_rproc_groups[];

/* amp_rproc_cdev.c */
int amp_rproc_cdev_init(void);
void amp_rproc_cdev_exit(void);
void amp_rproc_cdev_prepare(struct rproc *rproc);

/* amp_rproc_debugfs.c */
void amp_rproc_debugfs_init(void);
void amp_rproc_debugfs_exit(void);
void amp_rproc_debugfs_add(struct rproc *rproc);
void amp_rproc_debugfs_remove(struct rproc *rproc);
void amp_rproc_debugfs_add_trace(struct rproc *rproc, unsigned int index);

#endif /* _AMP_RPROC_INTERNAL_H */
