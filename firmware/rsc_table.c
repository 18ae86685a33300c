// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's resource table (remoteproc resource table version 1), in the section
 * .resource_table where the host's loader looks for it. Layouts follow the remoteproc wire
 * format: a header, an offset per entry, then the entries, each a u32 type plus its payload.
 *
 * FW_VARIANT_* builds (firmware/Makefile, remote 1 only) change the table alone, to test
 * the host's handling of its resources with an image that otherwise boots:
 *   ALLOC           + a carveout the host allocates, + a devmem entry the platform grants
 *   OVERLAP         + a carveout overlapping the buffer pool's
 *   DEVMEM_DENIED   + a devmem entry the platform does not grant (the UART)
 *   TRACE_OUTSIDE   the trace buffer runs past the image's region
 *   VRING_MISPLACED vring 0 not aligned as it says
 *   CTL_NO_HEARTBEAT  a control block that ends before the heartbeat (its declared length
 *                   says so), followed by another vendor entry; the firmware beats not
 *   NOTIFY_ANY      the vrings' notify ids RSC_NOTIFY_ID_ANY, for the host to assign
 *   BUFSZ_4K        4 KiB rpmsg buffers both ways (VIRTIO_RPMSG_F_BUFSZ), for the bench
 *   RING_1024       vrings of 1024 entries (rsc_table.h)
 *   PLAIN           none of the data path's optional features: the vdev offers the name
 *                   service only (no buffer sizes, no event indices), as an OpenAMP
 *                   remote of the 512-byte era
 *
 * and FW_VARIANT_HANG_INIT / FW_VARIANT_SLOW_INIT (main.c) change the boot alone.
 */
#include "fw.h"
#include "platform.h"
#include "rsc_table.h"
#include "virtqueue.h"

#define RSC_CARVEOUT	0
#define RSC_DEVMEM	1
#define RSC_TRACE	2
#define RSC_VDEV	3

#if defined(FW_VARIANT_PLAIN)
#define FW_VDEV_FEATURES	(1u << AMP_VIRTIO_RPMSG_F_NS)
#else
#define FW_VDEV_FEATURES	(1u << AMP_VIRTIO_RPMSG_F_NS | 1u << AMP_VIRTIO_RPMSG_F_BUFSZ | \
				 1u << VQ_F_EVENT_IDX)
#endif

struct fw_rsc_carveout {
	__u32 type;
	__u32 da;
	__u32 pa;
	__u32 len;
	__u32 flags;
	__u32 reserved;
	char name[32];
};

#define FW_ADDR_ANY	0xffffffffU

#if defined(FW_VARIANT_ALLOC)
#define FW_EXTRA_CARVEOUT	{ RSC_CARVEOUT, FW_ADDR_ANY, FW_ADDR_ANY, 0x10000, 0, 0, "scratch" }
#define FW_EXTRA_DEVMEM		{ RSC_DEVMEM, FW_ADDR_ANY, 0x09030000, 0x1000, 0, 0, "gpio" }
#elif defined(FW_VARIANT_OVERLAP)
#define FW_EXTRA_CARVEOUT	{ RSC_CARVEOUT, FW_BUFFER_DA + 0x1000, FW_ADDR_ANY, 0x1000, 0, 0, \
				  "overlap" }
#elif defined(FW_VARIANT_DEVMEM_DENIED)
#define FW_EXTRA_DEVMEM		{ RSC_DEVMEM, FW_ADDR_ANY, 0x09000000, 0x1000, 0, 0, "uart" }
#endif

#if defined(FW_VARIANT_TRACE_OUTSIDE)
#define FW_TRACE_ENTRY_DA	(FW_TRACE_DA + 0xe000)
#else
#define FW_TRACE_ENTRY_DA	FW_TRACE_DA
#endif

/* RSC_NOTIFY_ID_ANY: the host assigns the vrings' notify ids, as upstream's does */
#if defined(FW_VARIANT_NOTIFY_ANY)
#define FW_VRING0_NOTIFYID	FW_ADDR_ANY
#define FW_VRING1_NOTIFYID	FW_ADDR_ANY
#else
#define FW_VRING0_NOTIFYID	0
#define FW_VRING1_NOTIFYID	1
#endif

#if defined(FW_VARIANT_VRING_MISPLACED)
#define FW_VRING0_ENTRY_DA	(FW_VRING0_DA + 0x100)
#else
#define FW_VRING0_ENTRY_DA	FW_VRING0_DA
#endif

struct fw_rsc_trace {
	__u32 type;
	__u32 da;
	__u32 len;
	__u32 reserved;
	char name[32];
};

#ifdef FW_VARIANT_CTL_NO_HEARTBEAT
/* The block without its heartbeat (and what follows it), then a vendor entry of others. */
#define FW_CTL_LEN		AMP_FW_CTL_MIN_LEN
#define FW_OTHER_VENDOR_TYPE	131

struct fw_rsc_other {
	__u32 type;
	__u32 words[4];
};
#else
#define FW_CTL_LEN		sizeof(struct amp_fw_ctl)
#endif

/* The control block (struct amp_fw_ctl, FW_CTL_LEN bytes of it) after its type word. */
struct fw_rsc_ctl {
	__u32 type;
	__u32 len;
	__u32 magic;
	__u32 version;
	__u8 rest[FW_CTL_LEN - 3 * sizeof(__u32)];
};

_Static_assert(__builtin_offsetof(struct amp_fw_ctl, version) == 2 * sizeof(__u32),
	       "amp_fw_ctl starts with len, magic, version");

struct fw_resource_table {
	__u32 ver;
	__u32 num;
	__u32 reserved[2];
	__u32 offset[7];
	struct fw_rsc_carveout buffers;
	struct fw_rsc_trace trace;
	struct fw_rsc_vdev vdev;
	struct amp_virtio_rpmsg_config vdev_config;	/* the vdev's config space */
	struct fw_rsc_ctl ctl;
#ifdef FW_VARIANT_CTL_NO_HEARTBEAT
	struct fw_rsc_other other;
#endif
#ifdef FW_EXTRA_CARVEOUT
	struct fw_rsc_carveout extra_carveout;
#endif
#ifdef FW_EXTRA_DEVMEM
	struct fw_rsc_carveout extra_devmem;	/* devmem has the carveout's layout */
#endif
};

#ifdef FW_EXTRA_CARVEOUT
#define FW_EXTRA_CARVEOUT_OFFSET	, RSC_OFFSET(extra_carveout)
#define FW_EXTRA_CARVEOUT_NUM		1
#else
#define FW_EXTRA_CARVEOUT_OFFSET
#define FW_EXTRA_CARVEOUT_NUM		0
#endif
#ifdef FW_EXTRA_DEVMEM
#define FW_EXTRA_DEVMEM_OFFSET		, RSC_OFFSET(extra_devmem)
#define FW_EXTRA_DEVMEM_NUM		1
#else
#define FW_EXTRA_DEVMEM_OFFSET
#define FW_EXTRA_DEVMEM_NUM		0
#endif

#ifdef FW_VARIANT_CTL_NO_HEARTBEAT
#define FW_OTHER_OFFSET			, RSC_OFFSET(other)
#define FW_OTHER_NUM			1
#else
#define FW_OTHER_OFFSET
#define FW_OTHER_NUM			0
#endif

#define RSC_OFFSET(f)	__builtin_offsetof(struct fw_resource_table, f)

__attribute__((section(".resource_table"), used, aligned(8)))
struct fw_resource_table fw_resource_table = {
	.ver = 1,
	.num = 4 + FW_EXTRA_CARVEOUT_NUM + FW_EXTRA_DEVMEM_NUM + FW_OTHER_NUM,
	.offset = { RSC_OFFSET(buffers), RSC_OFFSET(trace), RSC_OFFSET(vdev), RSC_OFFSET(ctl)
		    FW_EXTRA_CARVEOUT_OFFSET FW_EXTRA_DEVMEM_OFFSET FW_OTHER_OFFSET },
	/* the rpmsg buffer pool: the platform's vdev0buffer region */
	.buffers = {
		.type = RSC_CARVEOUT,
		.da = FW_BUFFER_DA,
		.pa = FW_BUFFER_DA,
		.len = FW_BUFFER_SIZE,
		.name = "vdev0buffer",
	},
	.trace = {
		.type = RSC_TRACE,
		.da = FW_TRACE_ENTRY_DA,
		.len = FW_TRACE_SIZE,
		.name = "amp-fw-trace",
	},
	/* rpmsg's vdev: vring 0 is the host's RX, vring 1 its TX, at fixed addresses */
	.vdev = {
		.type = RSC_VDEV,
		.id = VIRTIO_ID_RPMSG,
		.notifyid = 2,
		.dfeatures = FW_VDEV_FEATURES,
		.config_len = sizeof(struct amp_virtio_rpmsg_config),
		.num_of_vrings = 2,
		.vring = {
			{ .da = FW_VRING0_ENTRY_DA, .align = FW_VRING_ALIGN, .num = FW_VRING_NUM,
			  .notifyid = FW_VRING0_NOTIFYID },
			{ .da = FW_VRING1_DA, .align = FW_VRING_ALIGN, .num = FW_VRING_NUM,
			  .notifyid = FW_VRING1_NOTIFYID },
		},
	},
	/* seen from us: we send in txbuf_size buffers, receive in rxbuf_size ones */
	.vdev_config = {
		.txbuf_size = FW_RPMSG_TXBUF_SIZE,
		.rxbuf_size = FW_RPMSG_RXBUF_SIZE,
	},
	.ctl = {
		.type = AMP_RSC_FW_CTL,
		.len = FW_CTL_LEN,
		.magic = AMP_FW_CTL_MAGIC,
		.version = AMP_FW_CTL_VERSION,
	},
#ifdef FW_VARIANT_CTL_NO_HEARTBEAT
	.other = {
		.type = FW_OTHER_VENDOR_TYPE,
		.words = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 },
	},
#endif
#ifdef FW_EXTRA_CARVEOUT
	.extra_carveout = FW_EXTRA_CARVEOUT,
#endif
#ifdef FW_EXTRA_DEVMEM
	.extra_devmem = FW_EXTRA_DEVMEM,
#endif
};

/* Only FW_CTL_LEN bytes of it are there: see fw_has_heartbeat. */
struct amp_fw_ctl *const fw_ctl = (struct amp_fw_ctl *)&fw_resource_table.ctl.len;
volatile struct fw_rsc_vdev *const fw_vdev_rsc = &fw_resource_table.vdev;
