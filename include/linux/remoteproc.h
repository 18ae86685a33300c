/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remote processors: the platform-driver API of the AMP remoteproc core.
 *
 * The names, types and semantics are upstream's (Linux 6.1 <linux/remoteproc.h>), so that an
 * SoC's upstream platform driver builds unmodified against this header and runs on this core.
 * A platform driver allocates a remote with rproc_alloc(), registers the memory the remote
 * may use as carveouts (rproc_mem_entry_init() + rproc_add_carveout(), usually from its
 * prepare or parse_fw op), and publishes it with rproc_add(). Userspace then boots it through
 * sysfs or /dev/remoteprocN, and the core calls the ops in this order:
 *
 *   sanity_check -> prepare -> get_boot_addr -> parse_fw -> (resources) -> load
 *     -> find_loaded_rsc_table -> start ... stop -> unprepare
 *
 * Whatever a driver supplies, the core checks the image (its ELF headers and segments) and
 * the resource table (the copy parse_fw made) before it uses them, and bounds every address
 * against the carveouts: the driver's ops never see an unchecked table.
 *
 * Where this core does more than upstream's, the difference is stated (failed stops, the
 * AMP extensions at the end of &struct rproc_ops, RPROC_PROTOCOL_ERROR). What is only for
 * this core's own files lives in drivers/remoteproc/amp_rproc_internal.h.
 */
#ifndef REMOTEPROC_H
#define REMOTEPROC_H

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/irqreturn.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/rsc_table.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/virtio.h>
#include <linux/workqueue.h>

struct rproc;
struct firmware;
struct dentry;
struct iommu_domain;
struct amp_rproc_core;
struct amp_rproc_crash_record;

/**
 * struct rproc_mem_entry - memory of the remote: a carveout
 * @va: its kernel mapping, set by @alloc (or given at rproc_mem_entry_init())
 * @is_iomem: @va is an I/O mapping (ioremap): the core copies with memcpy_toio()
 * @dma: its DMA (physical) address, as the host sees it
 * @len: its size in bytes
 * @da: its device address, as the remote sees it
 * @priv: the driver's data
 * @name: its name, which carveout entries of the resource table match
 * @node: entry in &rproc.carveouts
 * @rsc_offset: offset of the carveout entry that claims it in the resource table, or
 *	FW_RSC_ADDR_ANY
 * @flags: the entry's IOMMU flags
 * @of_resm_idx: the reserved-memory index, for rproc_of_resm_mem_entry_init()
 * @alloc: maps or allocates it before the firmware is loaded; may be NULL
 * @release: undoes @alloc when the remote's resources are cleaned up; may be NULL
 */
struct rproc_mem_entry {
	void *va;
	bool is_iomem;
	dma_addr_t dma;
	size_t len;
	u32 da;
	void *priv;
	char name[32];
	struct list_head node;
	u32 rsc_offset;
	u32 flags;
	u32 of_resm_idx;
	int (*alloc)(struct rproc *rproc, struct rproc_mem_entry *mem);
	int (*release)(struct rproc *rproc, struct rproc_mem_entry *mem);
};

/**
 * enum rsc_handling_status - what a handle_rsc op did with a vendor entry
 * @RSC_HANDLED: handled
 * @RSC_IGNORED: not the driver's: the core goes on
 */
enum rsc_handling_status {
	RSC_HANDLED	= 0,
	RSC_IGNORED	= 1,
};

/**
 * struct rproc_ops - what a platform driver does for the core
 * @prepare: optional; before the firmware is handled (power, clocks, register carveouts).
 * @unprepare: optional; after a successful @stop, or when a boot fails after @prepare;
 *	never while the remote may still run in the boot's memory.
 * @start: power the remote up at &rproc.bootaddr. On failure the remote must be off; if
 *	the driver cannot make sure of that it returns -ETIMEDOUT, and the core keeps the
 *	boot's memory and marks the remote crashed (AMP: upstream frees it).
 * @stop: power the remote off, within a bounded time. An error means it may still run: the
 *	core marks it crashed and keeps everything it may use until a stop succeeds (AMP:
 *	upstream releases it anyway).
 * @attach: take over a remote that runs firmware the core did not load ("detached").
 * @detach: let the running remote go on without the core.
 * @kick: ring the remote for virtqueue @vqid; any context, must not sleep.
 * @da_to_va: optional; the kernel address of [@da, @da + @len) when the driver maps the
 *	memory itself, else NULL (the core looks in the carveouts); sets *@is_iomem.
 * @parse_fw: make the resource table of @fw the core's: a copy in &rproc.cached_table
 *	(rproc_elf_load_rsc_table()); the core checks the copy afterwards.
 * @handle_rsc: a vendor entry of the table (type 128..512): its payload at @rsc, @offset
 *	bytes into the table, @avail bytes up to the next entry or the table's end (never
 *	over another entry: less than upstream's, which counts to the table's end), in the
 *	core's copy. RSC_HANDLED, RSC_IGNORED or a negative errno (the boot fails).
 * @find_loaded_rsc_table: where the table lies in the loaded image (the core writes its
 *	copy there before @start).
 * @get_loaded_rsc_table: where the running firmware's table is, and its size (for attach).
 * @load: load @fw's segments (rproc_elf_load_segments()); the image is checked before.
 * @sanity_check: check @fw is for this remote (rproc_elf_sanity_check()).
 * @get_boot_addr: the firmware's entry point (rproc_elf_get_boot_addr()).
 * @panic: optional; the kernel panics: tell the remote; returns ms to wait.
 * @coredump: optional; collect the coredump of a crashed remote (default: the core's).
 * @inject_crash: AMP extension, optional; ask the running firmware to crash as @type
 *	(&enum amp_rproc_crash_inject) says, for tests of crash handling.
 * @crash_record: AMP extension, optional; describe the crash being handled for the
 *	coredump (&struct amp_rproc_crash_record); may not sleep for long.
 *
 * Ops may sleep unless stated; every op but @kick and @panic runs under &rproc.lock.
 */
struct rproc_ops {
	int (*prepare)(struct rproc *rproc);
	int (*unprepare)(struct rproc *rproc);
	int (*start)(struct rproc *rproc);
	int (*stop)(struct rproc *rproc);
	int (*attach)(struct rproc *rproc);
	int (*detach)(struct rproc *rproc);
	void (*kick)(struct rproc *rproc, int vqid);
	void * (*da_to_va)(struct rproc *rproc, u64 da, size_t len, bool *is_iomem);
	int (*parse_fw)(struct rproc *rproc, const struct firmware *fw);
	int (*handle_rsc)(struct rproc *rproc, u32 rsc_type, void *rsc, int offset, int avail);
	struct resource_table *(*find_loaded_rsc_table)(struct rproc *rproc,
							const struct firmware *fw);
	struct resource_table *(*get_loaded_rsc_table)(struct rproc *rproc, size_t *size);
	int (*load)(struct rproc *rproc, const struct firmware *fw);
	int (*sanity_check)(struct rproc *rproc, const struct firmware *fw);
	u64 (*get_boot_addr)(struct rproc *rproc, const struct firmware *fw);
	unsigned long (*panic)(struct rproc *rproc);
	void (*coredump)(struct rproc *rproc);
	/* AMP extensions */
	int (*inject_crash)(struct rproc *rproc, unsigned int type);
	void (*crash_record)(struct rproc *rproc, struct amp_rproc_crash_record *rec);
};

/**
 * enum rproc_state - life-cycle state of a remote processor
 * @RPROC_OFFLINE: powered off, no firmware loaded ("offline")
 * @RPROC_SUSPENDED: reserved for power management ("suspended")
 * @RPROC_RUNNING: firmware loaded and running ("running")
 * @RPROC_CRASHED: crashed, or may still run after a failed stop ("crashed")
 * @RPROC_ATTACHED: running firmware the core did not load, attached to ("attached")
 * @RPROC_DETACHED: running firmware the core can attach to ("detached"); a driver sets
 *	it before rproc_add() for a remote it finds running
 * @RPROC_LAST: number of states
 */
enum rproc_state {
	RPROC_OFFLINE	= 0,
	RPROC_SUSPENDED	= 1,
	RPROC_RUNNING	= 2,
	RPROC_CRASHED	= 3,
	RPROC_ATTACHED	= 4,
	RPROC_DETACHED	= 5,
	RPROC_LAST	= 6,
};

/**
 * enum rproc_crash_type - why a platform driver reports a crash
 * @RPROC_MMUFAULT: an iommu fault ("mmufault")
 * @RPROC_WATCHDOG: the remote's watchdog fired, or it stopped showing signs of life
 *	("watchdog")
 * @RPROC_FATAL_ERROR: a fatal error of the remote, e.g. an exception ("fatal error")
 * @RPROC_PROTOCOL_ERROR: AMP extension: the remote broke the shared-memory protocol
 *	("protocol violation")
 */
enum rproc_crash_type {
	RPROC_MMUFAULT,
	RPROC_WATCHDOG,
	RPROC_FATAL_ERROR,
	RPROC_PROTOCOL_ERROR,
};

/**
 * enum rproc_dump_mechanism - sysfs "coredump"
 * @RPROC_COREDUMP_DISABLED: no coredump
 * @RPROC_COREDUMP_ENABLED: a copy, recovery goes on
 * @RPROC_COREDUMP_INLINE: read from the remote's memory; recovery waits for the reader
 */
enum rproc_dump_mechanism {
	RPROC_COREDUMP_DISABLED,
	RPROC_COREDUMP_ENABLED,
	RPROC_COREDUMP_INLINE,
};

/**
 * struct rproc_dump_segment - a segment of the coredump
 * @node: entry in &rproc.dump_segments
 * @da: its device address
 * @size: its size
 * @priv: the driver's data, for @dump
 * @dump: copies the segment instead of the core (optional)
 * @offset: where it lies in the dump (the core's)
 */
struct rproc_dump_segment {
	struct list_head node;
	dma_addr_t da;
	size_t size;
	void *priv;
	void (*dump)(struct rproc *rproc, struct rproc_dump_segment *segment, void *dest,
		     size_t offset, size_t size);
	loff_t offset;
};

/**
 * enum rproc_features - features a driver may set with rproc_set_feature()
 * @RPROC_FEAT_ATTACH_ON_RECOVERY: recovery attaches to the remote instead of booting it
 * @RPROC_MAX_FEATURES: number of features
 */
enum rproc_features {
	RPROC_FEAT_ATTACH_ON_RECOVERY,
	RPROC_MAX_FEATURES,
};

/**
 * struct rproc - a remote processor
 * @node: entry in the core's list of remotes
 * @domain: IOMMU domain; always NULL (no IOMMU support)
 * @name: its name (sysfs "name")
 * @firmware: the firmware file name (sysfs "firmware")
 * @priv: the driver's data (the len bytes of rproc_alloc())
 * @ops: the driver's ops, a copy of those given to rproc_alloc() that the driver may edit
 *	before rproc_add()
 * @dev: the class device remoteprocN; its refcount owns this structure
 * @power: boots and attaches not yet undone
 * @state: &enum rproc_state
 * @dump_conf: sysfs "coredump"
 * @lock: serialises the life cycle: every op but kick runs under it
 * @dbg_dir: the remote's debugfs directory
 * @traces: the boot's trace buffers, &struct rproc_debug_trace
 * @num_traces: their number
 * @carveouts: the remote's memory, &struct rproc_mem_entry; cleaned up at every stop
 * @mappings: IOMMU mappings (always empty)
 * @bootaddr: the firmware's entry point
 * @rvdevs: upstream's vdev list (always empty: the core keeps its vdevs itself)
 * @subdevs: &struct rproc_subdev
 * @notifyids: notify ids handed out to vrings
 * @index: N of remoteprocN
 * @attach_work: unused (upstream's)
 * @crash_handler: handles a reported crash
 * @deleting: rproc_del() has begun
 * @crash_cnt: crashes handled since the remote was added
 * @recovery_disabled: sysfs "recovery" is "disabled"
 * @max_notifyid: the highest notify id a vring of this boot has
 * @table_ptr: the resource table the core works with: the cached copy, then (while the
 *	remote runs) where it lies in the remote's memory, as upstream; the core itself reads
 *	only the checked copy
 * @clean_table: a copy of the running firmware's table at attach, for detach
 * @cached_table: the boot's copy of the resource table (checked)
 * @table_sz: its size
 * @has_iommu: the remote sits behind an IOMMU (not supported: must stay false)
 * @auto_boot: boot (or attach) when the driver is added
 * @sysfs_read_only: userspace may not change the state or the firmware
 * @dump_segments: the coredump's segments, &struct rproc_dump_segment
 * @nb_vdev: vdevs of this boot
 * @elf_class: the required ELF class of the firmware, or ELFCLASSNONE
 * @elf_machine: the required ELF machine, or EM_NONE
 * @cdev: /dev/remoteprocN
 * @cdev_put_on_release: stop the remote when /dev/remoteprocN is closed
 * @features: &enum rproc_features
 * @amp: the AMP core's own state (drivers/remoteproc/amp_rproc_internal.h)
 */
struct rproc {
	struct list_head node;
	struct iommu_domain *domain;
	const char *name;
	const char *firmware;
	void *priv;
	struct rproc_ops *ops;
	struct device dev;
	atomic_t power;
	unsigned int state;
	enum rproc_dump_mechanism dump_conf;
	struct mutex lock;		/* the life cycle, and every field the ops see */
	struct dentry *dbg_dir;
	struct list_head traces;
	int num_traces;
	struct list_head carveouts;
	struct list_head mappings;
	u64 bootaddr;
	struct list_head rvdevs;
	struct list_head subdevs;
	struct idr notifyids;
	int index;
	struct work_struct attach_work;
	struct work_struct crash_handler;
	bool deleting;
	unsigned int crash_cnt;
	bool recovery_disabled;
	int max_notifyid;
	struct resource_table *table_ptr;
	struct resource_table *clean_table;
	struct resource_table *cached_table;
	size_t table_sz;
	bool has_iommu;
	bool auto_boot;
	bool sysfs_read_only;
	struct list_head dump_segments;
	int nb_vdev;
	u8 elf_class;
	u16 elf_machine;
	struct cdev cdev;
	bool cdev_put_on_release;
	DECLARE_BITMAP(features, RPROC_MAX_FEATURES);
	struct amp_rproc_core *amp;
};

/**
 * struct rproc_subdev - a device that lives with the remote's boots (e.g. a transport)
 * @node: entry in &rproc.subdevs
 * @prepare: optional; before the remote starts
 * @start: optional; once it runs
 * @stop: optional; before it stops (@crashed: it crashed)
 * @unprepare: optional; after it stopped
 */
struct rproc_subdev {
	struct list_head node;
	int (*prepare)(struct rproc_subdev *subdev);
	int (*start)(struct rproc_subdev *subdev);
	void (*stop)(struct rproc_subdev *subdev, bool crashed);
	void (*unprepare)(struct rproc_subdev *subdev);
};

struct rproc *rproc_get_by_phandle(phandle phandle);
struct rproc *rproc_get_by_child(struct device *dev);

struct rproc *rproc_alloc(struct device *dev, const char *name, const struct rproc_ops *ops,
			  const char *firmware, int len);
void rproc_put(struct rproc *rproc);
int rproc_add(struct rproc *rproc);
int rproc_del(struct rproc *rproc);
void rproc_free(struct rproc *rproc);
void rproc_resource_cleanup(struct rproc *rproc);

struct rproc *devm_rproc_alloc(struct device *dev, const char *name,
			       const struct rproc_ops *ops, const char *firmware, int len);
int devm_rproc_add(struct device *dev, struct rproc *rproc);

void rproc_add_carveout(struct rproc *rproc, struct rproc_mem_entry *mem);

struct rproc_mem_entry *
rproc_mem_entry_init(struct device *dev, void *va, dma_addr_t dma, size_t len, u32 da,
		     int (*alloc)(struct rproc *, struct rproc_mem_entry *),
		     int (*release)(struct rproc *, struct rproc_mem_entry *),
		     const char *name, ...);

struct rproc_mem_entry *
rproc_of_resm_mem_entry_init(struct device *dev, u32 of_resm_idx, size_t len, u32 da,
			     const char *name, ...);

int rproc_boot(struct rproc *rproc);
int rproc_shutdown(struct rproc *rproc);
int rproc_detach(struct rproc *rproc);
int rproc_set_firmware(struct rproc *rproc, const char *fw_name);
void rproc_report_crash(struct rproc *rproc, enum rproc_crash_type type);
void *rproc_da_to_va(struct rproc *rproc, u64 da, size_t len, bool *is_iomem);
void rproc_coredump_using_sections(struct rproc *rproc);
int rproc_coredump_add_segment(struct rproc *rproc, dma_addr_t da, size_t size);
int rproc_coredump_add_custom_segment(struct rproc *rproc, dma_addr_t da, size_t size,
				      void (*dumpfn)(struct rproc *rproc,
						     struct rproc_dump_segment *segment,
						     void *dest, size_t offset, size_t size),
				      void *priv);
int rproc_coredump_set_elf_info(struct rproc *rproc, u8 class, u16 machine);

void rproc_add_subdev(struct rproc *rproc, struct rproc_subdev *subdev);
void rproc_remove_subdev(struct rproc *rproc, struct rproc_subdev *subdev);

#endif /* REMOTEPROC_H */
