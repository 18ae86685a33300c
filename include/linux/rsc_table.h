/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource table, version 1: the wire format a remote processor's firmware uses to ask the
 * host for memory, trace buffers and virtio devices, under upstream's names.
 *
 * The layout and the names are those of the kernel's <linux/rsc_table.h>, so that upstream
 * platform drivers and firmware built for upstream (e.g. with OpenAMP) work with this stack
 * unchanged; include/linux/amp/rsc_table.h adds the checked walker. Fields are plain u32:
 * the remote is of the same endianness as the host.
 *
 *   offset 0   +-----------------------------+
 *              | ver | num | reserved[2]     |  struct resource_table
 *   16         | offset[0] ... offset[num-1] |
 *              +-----------------------------+
 *   offset[i]  | type (struct fw_rsc_hdr)    |  one entry per offset
 *              | payload: carveout, devmem,  |
 *              | trace, vdev (+ vrings +     |
 *              | config space) or vendor     |
 *              +-----------------------------+
 */
#ifndef RSC_TABLE_H
#define RSC_TABLE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/**
 * struct resource_table - resource table header
 * @ver: version of the table format (1)
 * @num: number of entries, i.e. of elements of @offset
 * @reserved: must be zero
 * @offset: byte offset from the start of the table of each entry's &struct fw_rsc_hdr
 *
 * The table is usually the ".resource_table" section of the firmware ELF image. Its
 * entries follow the header in any order; each begins with a &struct fw_rsc_hdr.
 */
struct resource_table {
	u32 ver;
	u32 num;
	u32 reserved[2];
	u32 offset[];
} __packed;

/**
 * struct fw_rsc_hdr - header of every resource table entry
 * @type: an &enum fw_resource_type value
 * @data: the entry's payload, whose layout depends on @type
 */
struct fw_rsc_hdr {
	u32 type;
	u8 data[];
} __packed;

/**
 * enum fw_resource_type - types of resource table entries
 * @RSC_CARVEOUT: request for physically contiguous memory, &struct fw_rsc_carveout
 * @RSC_DEVMEM: request to map a device's memory, &struct fw_rsc_devmem
 * @RSC_TRACE: announcement of a trace buffer, &struct fw_rsc_trace
 * @RSC_VDEV: declaration of a virtio device, &struct fw_rsc_vdev
 * @RSC_LAST: first type value after the standard ones
 * @RSC_VENDOR_START: first vendor-specific type; the payload is the platform's
 * @RSC_VENDOR_END: last vendor-specific type (inclusive)
 */
enum fw_resource_type {
	RSC_CARVEOUT		= 0,
	RSC_DEVMEM		= 1,
	RSC_TRACE		= 2,
	RSC_VDEV		= 3,
	RSC_LAST		= 4,
	RSC_VENDOR_START	= 128,
	RSC_VENDOR_END		= 512,
};

/*
 * An address field set to all ones asks the host to choose the address. It is an int, as
 * upstream's: compare it against the u32 fields only (AMP_RSC_ADDR_ANY is the u32).
 */
#define FW_RSC_ADDR_ANY (-1)

/**
 * struct fw_rsc_carveout - request for physically contiguous memory
 * @da: device address the remote uses, or %FW_RSC_ADDR_ANY for "host chooses" (the host
 *	then writes back the address it chose)
 * @pa: physical address, or %FW_RSC_ADDR_ANY; the host may write it back
 * @len: length in bytes
 * @flags: IOMMU protection flags
 * @reserved: must be zero
 * @name: human-readable name of the region, NUL-terminated
 */
struct fw_rsc_carveout {
	u32 da;
	u32 pa;
	u32 len;
	u32 flags;
	u32 reserved;
	u8 name[32];
} __packed;

/**
 * struct fw_rsc_devmem - request to map a device's memory for the remote
 * @da: device address at which the remote expects the region
 * @pa: physical address of the region
 * @len: length in bytes
 * @flags: IOMMU protection flags
 * @reserved: must be zero
 * @name: human-readable name of the region, NUL-terminated
 */
struct fw_rsc_devmem {
	u32 da;
	u32 pa;
	u32 len;
	u32 flags;
	u32 reserved;
	u8 name[32];
} __packed;

/**
 * struct fw_rsc_trace - announcement of a trace buffer written by the remote
 * @da: device address of the buffer
 * @len: length of the buffer in bytes, not zero
 * @reserved: must be zero
 * @name: human-readable name of the buffer, NUL-terminated
 */
struct fw_rsc_trace {
	u32 da;
	u32 len;
	u32 reserved;
	u8 name[32];
} __packed;

/**
 * struct fw_rsc_vdev_vring - one vring of a virtio device entry
 * @da: device address of the vring, or %FW_RSC_ADDR_ANY for "host chooses"
 * @align: alignment of the used ring within the vring, a power of two
 * @num: number of descriptors, a power of two
 * @notifyid: index the host and the remote use to tell which vring was kicked
 * @pa: physical address of the vring (written by the host)
 */
struct fw_rsc_vdev_vring {
	u32 da;
	u32 align;
	u32 num;
	u32 notifyid;
	u32 pa;
} __packed;

/**
 * struct fw_rsc_vdev - declaration of a virtio device
 * @id: virtio device id (VIRTIO_ID_RPMSG is 7)
 * @notifyid: index used to tell the remote that @status or @gfeatures changed
 * @dfeatures: virtio features the remote offers
 * @gfeatures: virtio features negotiated, written by the host
 * @config_len: size in bytes of the virtio config space, which follows @vring
 * @status: virtio device status, written by the host
 * @num_of_vrings: number of elements of @vring
 * @reserved: must be zero
 * @vring: the device's vrings, followed by @config_len bytes of config space
 */
struct fw_rsc_vdev {
	u32 id;
	u32 notifyid;
	u32 dfeatures;
	u32 gfeatures;
	u32 config_len;
	u8 status;
	u8 num_of_vrings;
	u8 reserved[2];
	struct fw_rsc_vdev_vring vring[];
} __packed;

/* The wire layout, byte for byte. */
static_assert(sizeof(struct resource_table) == 16);
static_assert(offsetof(struct resource_table, offset) == 16);
static_assert(sizeof(struct fw_rsc_hdr) == 4);
static_assert(sizeof(struct fw_rsc_carveout) == 52);
static_assert(offsetof(struct fw_rsc_carveout, name) == 20);
static_assert(sizeof(struct fw_rsc_devmem) == 52);
static_assert(offsetof(struct fw_rsc_devmem, name) == 20);
static_assert(sizeof(struct fw_rsc_trace) == 44);
static_assert(offsetof(struct fw_rsc_trace, name) == 12);
static_assert(sizeof(struct fw_rsc_vdev_vring) == 20);
static_assert(offsetof(struct fw_rsc_vdev_vring, pa) == 16);
static_assert(sizeof(struct fw_rsc_vdev) == 24);
static_assert(offsetof(struct fw_rsc_vdev, status) == 20);
static_assert(offsetof(struct fw_rsc_vdev, num_of_vrings) == 21);
static_assert(offsetof(struct fw_rsc_vdev, vring) == 24);

#endif /* RSC_TABLE_H */
