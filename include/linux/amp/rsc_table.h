/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource table, version 1: the wire format a remote processor's firmware uses to
 * ask the host for memory, trace buffers and virtio devices, and a checked walker.
 *
 * The layout is the one of the upstream remoteproc framework, so that a firmware built
 * for upstream (e.g. with OpenAMP) works with this stack unchanged. Fields are plain
 * u32: the remote is of the same endianness as the host.
 *
 *   offset 0   +-----------------------------+
 *              | ver | num | reserved[2]     |  struct amp_rsc_table
 *   16         | offset[0] ... offset[num-1] |
 *              +-----------------------------+
 *   offset[i]  | type (struct amp_rsc_hdr)   |  one entry per offset
 *              | payload: carveout, devmem,  |
 *              | trace, vdev (+ vrings +     |
 *              | config space) or vendor     |
 *              +-----------------------------+
 */

#ifndef _LINUX_AMP_RSC_TABLE_H
#define _LINUX_AMP_RSC_TABLE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct device;

/* The only version of the table this header describes. */
#define AMP_RSC_TABLE_VERSION	1

/* Size of the name field of carveout, devmem and trace entries, NUL included. */
#define AMP_RSC_NAME_LEN	32

/*
 * An address field set to all ones asks the host to choose the address. The fields
 * are u32, so this is a u32: compare it against a u32, never a wider type.
 */
#define AMP_RSC_ADDR_ANY	0xffffffffU

/* Most entries a table may have (far above any real one; bounds the overlap check). */
#define AMP_RSC_MAX_ENTRIES	256

/* Most vrings a vdev entry may declare (our limit; upstream's rpmsg uses 2). */
#define AMP_RSC_VDEV_MAX_VRINGS	8

/* Largest vring, in descriptors: the virtio maximum queue size. */
#define AMP_RSC_VRING_MAX_NUM	32768

/**
 * struct amp_rsc_table - resource table header
 * @ver: version of the table format, %AMP_RSC_TABLE_VERSION
 * @num: number of entries, i.e. of elements of @offset
 * @reserved: must be zero
 * @offset: byte offset from the start of the table of each entry's &struct amp_rsc_hdr
 *
 * The table is usually the ".resource_table" section of the firmware ELF image. Its
 * entries follow the header in any order; each begins with a &struct amp_rsc_hdr.
 */
struct amp_rsc_table {
	u32 ver;
	u32 num;
	u32 reserved[2];
	u32 offset[];
} __packed;

/**
 * struct amp_rsc_hdr - header of every resource table entry
 * @type: an &enum amp_rsc_type value
 * @data: the entry's payload, whose layout depends on @type
 */
struct amp_rsc_hdr {
	u32 type;
	u8 data[];
} __packed;

/**
 * enum amp_rsc_type - types of resource table entries
 * @AMP_RSC_CARVEOUT: request for physically contiguous memory, &struct amp_rsc_carveout
 * @AMP_RSC_DEVMEM: request to map a device's memory, &struct amp_rsc_devmem
 * @AMP_RSC_TRACE: announcement of a trace buffer, &struct amp_rsc_trace
 * @AMP_RSC_VDEV: declaration of a virtio device, &struct amp_rsc_vdev
 * @AMP_RSC_LAST: first type value after the standard ones
 * @AMP_RSC_VENDOR_START: first vendor-specific type; the payload is opaque
 * @AMP_RSC_VENDOR_END: last vendor-specific type (inclusive)
 *
 * Types from %AMP_RSC_LAST to %AMP_RSC_VENDOR_START - 1 and above %AMP_RSC_VENDOR_END
 * are not defined; a table containing one is rejected.
 */
enum amp_rsc_type {
	AMP_RSC_CARVEOUT	= 0,
	AMP_RSC_DEVMEM		= 1,
	AMP_RSC_TRACE		= 2,
	AMP_RSC_VDEV		= 3,
	AMP_RSC_LAST		= 4,
	AMP_RSC_VENDOR_START	= 128,
	AMP_RSC_VENDOR_END	= 512,
};

/**
 * struct amp_rsc_carveout - request for physically contiguous memory
 * @da: device address the remote uses, or %AMP_RSC_ADDR_ANY for "host chooses"
 *      (the host then writes back the address it chose)
 * @pa: physical address, or %AMP_RSC_ADDR_ANY; the host may write it back
 * @len: length in bytes
 * @flags: IOMMU protection flags
 * @reserved: must be zero
 * @name: human-readable name of the region, NUL-terminated
 *
 * Carveouts should come before the entries that place objects inside them (trace
 * buffers, vrings).
 */
struct amp_rsc_carveout {
	u32 da;
	u32 pa;
	u32 len;
	u32 flags;
	u32 reserved;
	u8 name[AMP_RSC_NAME_LEN];
} __packed;

/**
 * struct amp_rsc_devmem - request to map a device's memory for the remote
 * @da: device address at which the remote expects the region
 * @pa: physical address of the region
 * @len: length in bytes
 * @flags: IOMMU protection flags
 * @reserved: must be zero
 * @name: human-readable name of the region, NUL-terminated
 */
struct amp_rsc_devmem {
	u32 da;
	u32 pa;
	u32 len;
	u32 flags;
	u32 reserved;
	u8 name[AMP_RSC_NAME_LEN];
} __packed;

/**
 * struct amp_rsc_trace - announcement of a trace buffer written by the remote
 * @da: device address of the buffer
 * @len: length of the buffer in bytes, not zero
 * @reserved: must be zero
 * @name: human-readable name of the buffer, NUL-terminated
 *
 * The host exposes each trace buffer in debugfs as trace0, trace1, ...
 */
struct amp_rsc_trace {
	u32 da;
	u32 len;
	u32 reserved;
	u8 name[AMP_RSC_NAME_LEN];
} __packed;

/**
 * struct amp_rsc_vdev_vring - one vring of a virtio device entry
 * @da: device address of the vring, or %AMP_RSC_ADDR_ANY for "host chooses"
 * @align: alignment of the used ring within the vring, a power of two
 * @num: number of descriptors, a power of two from 1 to %AMP_RSC_VRING_MAX_NUM
 * @notifyid: index the host and the remote use to tell which vring was kicked
 * @pa: physical address of the vring (written by the host)
 *
 * Not an entry by itself: an array of these follows a &struct amp_rsc_vdev.
 */
struct amp_rsc_vdev_vring {
	u32 da;
	u32 align;
	u32 num;
	u32 notifyid;
	u32 pa;
} __packed;

/**
 * struct amp_rsc_vdev - declaration of a virtio device
 * @id: virtio device id (VIRTIO_ID_RPMSG is 7)
 * @notifyid: index used to tell the remote that @status or @gfeatures changed
 * @dfeatures: virtio features the remote offers
 * @gfeatures: virtio features negotiated, written by the host
 * @config_len: size in bytes of the virtio config space, which follows @vring
 * @status: virtio device status, written by the host
 * @num_of_vrings: number of elements of @vring, from 1 to %AMP_RSC_VDEV_MAX_VRINGS
 * @reserved: must be zero
 * @vring: the device's vrings, followed by @config_len bytes of config space
 */
struct amp_rsc_vdev {
	u32 id;
	u32 notifyid;
	u32 dfeatures;
	u32 gfeatures;
	u32 config_len;
	u8 status;
	u8 num_of_vrings;
	u8 reserved[2];
	struct amp_rsc_vdev_vring vring[];
} __packed;

/* The wire layout, byte for byte the one of upstream's include/linux/remoteproc.h. */
static_assert(sizeof(struct amp_rsc_table) == 16);
static_assert(offsetof(struct amp_rsc_table, ver) == 0);
static_assert(offsetof(struct amp_rsc_table, num) == 4);
static_assert(offsetof(struct amp_rsc_table, reserved) == 8);
static_assert(offsetof(struct amp_rsc_table, offset) == 16);

static_assert(sizeof(struct amp_rsc_hdr) == 4);
static_assert(offsetof(struct amp_rsc_hdr, type) == 0);
static_assert(offsetof(struct amp_rsc_hdr, data) == 4);

static_assert(sizeof(struct amp_rsc_carveout) == 52);
static_assert(offsetof(struct amp_rsc_carveout, da) == 0);
static_assert(offsetof(struct amp_rsc_carveout, pa) == 4);
static_assert(offsetof(struct amp_rsc_carveout, len) == 8);
static_assert(offsetof(struct amp_rsc_carveout, flags) == 12);
static_assert(offsetof(struct amp_rsc_carveout, reserved) == 16);
static_assert(offsetof(struct amp_rsc_carveout, name) == 20);

static_assert(sizeof(struct amp_rsc_devmem) == 52);
static_assert(offsetof(struct amp_rsc_devmem, da) == 0);
static_assert(offsetof(struct amp_rsc_devmem, pa) == 4);
static_assert(offsetof(struct amp_rsc_devmem, len) == 8);
static_assert(offsetof(struct amp_rsc_devmem, flags) == 12);
static_assert(offsetof(struct amp_rsc_devmem, reserved) == 16);
static_assert(offsetof(struct amp_rsc_devmem, name) == 20);

static_assert(sizeof(struct amp_rsc_trace) == 44);
static_assert(offsetof(struct amp_rsc_trace, da) == 0);
static_assert(offsetof(struct amp_rsc_trace, len) == 4);
static_assert(offsetof(struct amp_rsc_trace, reserved) == 8);
static_assert(offsetof(struct amp_rsc_trace, name) == 12);

static_assert(sizeof(struct amp_rsc_vdev_vring) == 20);
static_assert(offsetof(struct amp_rsc_vdev_vring, da) == 0);
static_assert(offsetof(struct amp_rsc_vdev_vring, align) == 4);
static_assert(offsetof(struct amp_rsc_vdev_vring, num) == 8);
static_assert(offsetof(struct amp_rsc_vdev_vring, notifyid) == 12);
static_assert(offsetof(struct amp_rsc_vdev_vring, pa) == 16);

static_assert(sizeof(struct amp_rsc_vdev) == 24);
static_assert(offsetof(struct amp_rsc_vdev, id) == 0);
static_assert(offsetof(struct amp_rsc_vdev, notifyid) == 4);
static_assert(offsetof(struct amp_rsc_vdev, dfeatures) == 8);
static_assert(offsetof(struct amp_rsc_vdev, gfeatures) == 12);
static_assert(offsetof(struct amp_rsc_vdev, config_len) == 16);
static_assert(offsetof(struct amp_rsc_vdev, status) == 20);
static_assert(offsetof(struct amp_rsc_vdev, num_of_vrings) == 21);
static_assert(offsetof(struct amp_rsc_vdev, reserved) == 22);
static_assert(offsetof(struct amp_rsc_vdev, vring) == 24);

/**
 * struct amp_rsc_entry - where one entry of a checked table lies
 * @type: the entry's &enum amp_rsc_type value
 * @offset: byte offset of the payload (@data) from the start of the table; a caller
 *          that owns a writable copy of the table finds the payload there
 * @data: the payload, just past the entry's &struct amp_rsc_hdr
 * @len: bytes from @data to the end of the table (at least the size of the payload's
 *       struct for the standard types, as checked by amp_rsc_table_check())
 */
struct amp_rsc_entry {
	u32 type;
	size_t offset;
	const void *data;
	size_t len;
};

int amp_rsc_table_check(struct device *dev, const void *table, size_t size);
int amp_rsc_table_entry(const void *table, size_t size, u32 index, struct amp_rsc_entry *ent);

#endif /* _LINUX_AMP_RSC_TABLE_H */
