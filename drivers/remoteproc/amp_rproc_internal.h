/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP remoteproc core: internals shared by the core's files (not by platform drivers).
 */
#ifndef _AMP_RPROC_INTERNAL_H
#define _AMP_RPROC_INTERNAL_H

#include <linux/amp/remoteproc.h>
#include <linux/amp/rsc_table.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_ring.h>
#include <linux/workqueue.h>

struct dentry;
struct firmware;

/* Largest resource table the core accepts: far above any real one, bounds the copy. */
#define AMP_RPROC_MAX_TABLE_SIZE	SZ_64K
/* Largest trace buffer kept after the remote stops. */
#define AMP_RPROC_MAX_TRACE_COPY	SZ_1M
/* Trace buffers a firmware may declare (debugfs trace0..trace7). */
#define AMP_RPROC_MAX_TRACES		8

/**
 * struct amp_rproc_mem - memory the remote may use
 * @node: entry in &amp_rproc.mems
 * @name: the region's name (reserved-memory node or resource entry)
 * @da: device address, as the remote sees it
 * @pa: physical address
 * @len: size in bytes
 * @va: kernel mapping while the remote is booted, else NULL
 * @from_table: allocated for a carveout entry of the table; freed when the remote stops
 * @devmem: device memory the platform lets devmem entries of the table name; never
 *	mapped by the core nor used for carveouts
 * @dma: for @from_table: the DMA handle of the allocation
 *
 * Regions the platform registers (amp_rproc_add_mem()) live as long as the remote; they
 * are mapped at boot and unmapped at shutdown.
 */
struct amp_rproc_mem {
	struct list_head node;
	char name[AMP_RSC_NAME_LEN];
	u64 da;
	phys_addr_t pa;
	size_t len;
	void *va;
	bool from_table;
	bool devmem;
	dma_addr_t dma;
};

/**
 * struct amp_rproc_trace - a trace buffer of the firmware
 * @node: entry in &amp_rproc.traces
 * @index: N of debugfs traceN
 * @da: device address of the buffer
 * @len: its size
 * @va: the live buffer while the remote runs, else NULL
 * @copy: the buffer's content when the remote last stopped (kmalloc'ed), or NULL
 * @copy_len: bytes in @copy
 */
struct amp_rproc_trace {
	struct list_head node;
	unsigned int index;
	u32 da;
	u32 len;
	const char *va;
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
	struct amp_rproc *rproc;
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
 * @dead: the remote broke the protocol: nothing is published or collected any more
 * @fault: the violation that killed it
 * @kicks: notifications the remote wanted
 * @kicks_suppressed: notifications it declined (VRING_USED_F_NO_NOTIFY)
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
	bool dead;
	struct amp_vring_fault fault;
	u64 kicks;
	u64 kicks_suppressed;
	u64 interrupts;
	u64 faults;
};

/**
 * struct amp_rproc_vring - a vring of a vdev
 * @va: its memory, mapped for the boot
 * @size: bytes of the ring
 * @num: descriptors
 * @align: alignment of the used ring
 * @notifyid: the id the remote and the kick use for it
 * @vq: the virtqueue while a driver has it, on @shadow's private ring; published under
 *	&amp_rproc.vq_lock
 * @shadow: the private side of the ring, while @vq exists
 */
struct amp_rproc_vring {
	void *va;
	size_t size;
	u32 num;
	u32 align;
	u32 notifyid;
	struct virtqueue *vq;
	struct amp_vring_shadow shadow;
};

/**
 * struct amp_rproc_vdev - a vdev of the resource table, as a virtio device
 * @vdev: the virtio device; its refcount owns this structure once registered
 * @rproc: the remote (a reference is held while registered)
 * @node: entry in &amp_rproc.vdevs
 * @rsc_offset: offset of the vdev entry's payload in the table
 * @id: virtio device id
 * @notifyid: the vdev's own notify id
 * @config_len: bytes of config space (from the checked table)
 * @status: the device status the driver last set; the copy in the table lives in memory
 *	the remote can write, so the host never reads it back
 * @nvrings: vrings
 * @vrings: the vrings
 * @shm_pa: the buffer pool (the platform's vdev<N>buffer region): physical address
 * @shm_len: its size, 0 without one
 * @registered: @vdev was handed to the virtio core
 * @broken: the remote broke a vring's protocol; under &amp_rproc.vq_lock
 */
struct amp_rproc_vdev {
	struct virtio_device vdev;
	struct amp_rproc *rproc;
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
	bool registered;
	bool broken;
};

/**
 * struct amp_rproc - a remote processor
 * @dev: the class device remoteprocN; its refcount owns this structure
 * @cdev: /dev/remoteprocN
 * @ops: the platform driver's operations
 * @name: human-readable name (sysfs "name")
 * @index: N of remoteprocN
 * @elf_machine: required ELF e_machine, or 0 for any
 * @lock: serialises the life cycle; protects every field below it
 * @state: life-cycle state
 * @firmware: firmware file name (kmalloc'ed)
 * @recovery_disabled: sysfs "recovery" is "disabled"
 * @coredump: sysfs "coredump" mode (AMP_RPROC_COREDUMP_*)
 * @cdev_shutdown_on_release: stop the remote when /dev/remoteprocN is closed
 * @dumping: an inline coredump is being read (the lock is dropped meanwhile): the remote
 *	stays crashed; amp_rproc_shutdown() refuses (boot and detach refuse a crashed remote
 *	anyway)
 * @mems: memory regions, &struct amp_rproc_mem
 * @traces: trace buffers of the last boot, &struct amp_rproc_trace
 * @cached_table: the resource table checked and updated by the core (kmalloc'ed)
 * @table_sz: its size
 * @loaded_table: where the table lies in the remote's memory while it is booted
 * @table_da: its device address
 * @bootaddr: entry point of the loaded firmware
 * @vq_lock: protects @vdevs and their vrings' @vq pointers, so that the doorbell's thread
 *	(amp_rproc_vq_interrupt()) never reaches a vq or vdev being torn down; held while the
 *	vrings' callbacks run
 * @vdevs: vdevs of the current boot, &struct amp_rproc_vdev
 * @debugfs: the remote's debugfs directory
 * @trace_slots: its traceN files
 * @boot_gen: counts boots and attaches, so that a report names the run it is about;
 *	written under @lock before the remote starts, read by reports without it
 * @crash_lock: protects @crash_closed, @crash_reason and @crash_gen, so that no report
 *	queues @crash_work after amp_rproc_del() cancelled it
 * @crash_closed: the remote is deleted: reports are ignored
 * @crash_work: handles a crash the platform reported (amp_rproc_report_crash())
 * @crash_reason: the reported reason
 * @crash_gen: @boot_gen when it was reported: a report about a run that recovery
 *	already replaced is stale
 * @crashes: crashes handled since the remote was added
 * @fail_vdev_register: debugfs fault knob: so many of the next vdev registrations fail;
 *	written by debugfs without @lock (a test's knob), read and decremented under it
 * @priv: the platform driver's data (trails this structure)
 */
struct amp_rproc {
	struct device dev;
	struct cdev cdev;
	const struct amp_rproc_ops *ops;
	const char *name;
	int index;
	u16 elf_machine;

	struct mutex lock;		/* the life cycle and every field below */
	enum amp_rproc_state state;
	char *firmware;
	bool recovery_disabled;
	int coredump;
	bool cdev_shutdown_on_release;
	bool dumping;
	struct list_head mems;
	struct list_head traces;
	void *cached_table;
	size_t table_sz;
	void *loaded_table;
	u64 table_da;
	u64 bootaddr;
	struct mutex vq_lock;		/* @vdevs and their vqs, against the doorbell */
	struct list_head vdevs;
	struct dentry *debugfs;
	struct amp_rproc_trace_slot trace_slots[AMP_RPROC_MAX_TRACES];
	unsigned int boot_gen;
	spinlock_t crash_lock;		/* @crash_closed, @crash_reason, @crash_gen */
	bool crash_closed;
	struct work_struct crash_work;
	enum amp_rproc_crash_reason crash_reason;
	unsigned int crash_gen;
	unsigned int crashes;
	u32 fail_vdev_register;

	u8 priv[] __aligned(sizeof(u64));
};

#define to_amp_rproc(d)	container_of(d, struct amp_rproc, dev)

enum {
	AMP_RPROC_COREDUMP_DISABLED,
	AMP_RPROC_COREDUMP_ENABLED,
	AMP_RPROC_COREDUMP_INLINE,
};

/* amp_rproc_core.c */
extern struct class amp_rproc_class;
int amp_rproc_boot(struct amp_rproc *rproc);
int amp_rproc_boot_image(struct amp_rproc *rproc, const void *data, size_t size);
int amp_rproc_shutdown(struct amp_rproc *rproc);
int amp_rproc_detach(struct amp_rproc *rproc);
int amp_rproc_set_firmware(struct amp_rproc *rproc, const char *name, size_t len);
const char *amp_rproc_state_name(enum amp_rproc_state state);
const char *amp_rproc_crash_reason_name(enum amp_rproc_crash_reason reason);

/* amp_rproc_coredump.c */
struct amp_rproc_dump;
void amp_rproc_coredump(struct amp_rproc *rproc, enum amp_rproc_crash_reason reason);
struct amp_rproc_dump *amp_rproc_dump_build(struct amp_rproc *rproc,
					    enum amp_rproc_crash_reason reason);
size_t amp_rproc_dump_read(struct amp_rproc_dump *d, void *buf, size_t offset, size_t count);
size_t amp_rproc_dump_size(const struct amp_rproc_dump *d);
void amp_rproc_dump_free(struct amp_rproc_dump *d);

/* amp_rproc_rsc.c */
int amp_rproc_map_mems(struct amp_rproc *rproc);
bool amp_rproc_platform_mem(struct amp_rproc *rproc, const char *name, phys_addr_t *pa,
			    size_t *len);
void amp_rproc_unmap_mems(struct amp_rproc *rproc);
int amp_rproc_handle_resources(struct amp_rproc *rproc);
int amp_rproc_handle_vendor_resources(struct amp_rproc *rproc);
void amp_rproc_release_resources(struct amp_rproc *rproc, bool keep_allocations);
void amp_rproc_traces_stop(struct amp_rproc *rproc);
void amp_rproc_traces_free(struct amp_rproc *rproc);

/* amp_rproc_virtio.c */
int amp_rproc_vdev_new(struct amp_rproc *rproc, const struct amp_rsc_vdev *rsc,
		       unsigned int nvrings, size_t rsc_offset, unsigned int index);
int amp_rproc_vdevs_register(struct amp_rproc *rproc);
int amp_rproc_vdevs_recreate(struct amp_rproc *rproc);
void amp_rproc_vdevs_remove(struct amp_rproc *rproc);

/* amp_rproc_vring.c */
int amp_vring_shadow_init(struct amp_vring_shadow *s, struct virtio_device *vdev, void *shared,
			  unsigned int num, unsigned int align);
void amp_vring_shadow_free(struct amp_vring_shadow *s);
bool amp_vring_shadow_publish(struct amp_vring_shadow *s);
int amp_vring_shadow_collect(struct amp_vring_shadow *s, struct amp_vring_fault *f);
unsigned int amp_vring_shadow_in_flight(struct amp_vring_shadow *s);

/* amp_rproc_sysfs.c */
extern const struct attribute_group *amp_rproc_groups[];

/* amp_rproc_cdev.c */
int amp_rproc_cdev_init(void);
void amp_rproc_cdev_exit(void);
void amp_rproc_cdev_prepare(struct amp_rproc *rproc);

/* amp_rproc_debugfs.c */
void amp_rproc_debugfs_init(void);
void amp_rproc_debugfs_exit(void);
void amp_rproc_debugfs_add(struct amp_rproc *rproc);
void amp_rproc_debugfs_remove(struct amp_rproc *rproc);
void amp_rproc_debugfs_add_trace(struct amp_rproc *rproc, unsigned int index);

#endif /* _AMP_RPROC_INTERNAL_H */
