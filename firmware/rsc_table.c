// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's resource table (remoteproc resource table version 1), in the section
 * .resource_table where the host's loader looks for it. Layouts follow the remoteproc wire
 * format: a header, an offset per entry, then the entries, each a u32 type plus its payload.
 */
#include "fw.h"
#include "platform.h"

#define RSC_CARVEOUT	0
#define RSC_TRACE	2
#define RSC_VDEV	3

#define VIRTIO_ID_RPMSG		7
#define RPMSG_F_NS		0	/* feature bit: name service announcements */
#define FW_VRING_NUM		256
#define FW_VRING_ALIGN		4096

struct fw_rsc_carveout {
	__u32 type;
	__u32 da;
	__u32 pa;
	__u32 len;
	__u32 flags;
	__u32 reserved;
	char name[32];
};

struct fw_rsc_vdev_vring {
	__u32 da;
	__u32 align;
	__u32 num;
	__u32 notifyid;
	__u32 pa;
};

struct fw_rsc_vdev {
	__u32 type;
	__u32 id;
	__u32 notifyid;
	__u32 dfeatures;
	__u32 gfeatures;
	__u32 config_len;
	__u8 status;
	__u8 num_of_vrings;
	__u8 reserved[2];
	struct fw_rsc_vdev_vring vring[2];
};

struct fw_rsc_trace {
	__u32 type;
	__u32 da;
	__u32 len;
	__u32 reserved;
	char name[32];
};

struct fw_rsc_ctl {
	__u32 type;
	struct amp_fw_ctl ctl;
};

struct fw_resource_table {
	__u32 ver;
	__u32 num;
	__u32 reserved[2];
	__u32 offset[4];
	struct fw_rsc_carveout buffers;
	struct fw_rsc_trace trace;
	struct fw_rsc_vdev vdev;
	struct fw_rsc_ctl ctl;
};

#define RSC_OFFSET(f)	__builtin_offsetof(struct fw_resource_table, f)

__attribute__((section(".resource_table"), used, aligned(8)))
struct fw_resource_table fw_resource_table = {
	.ver = 1,
	.num = 4,
	.offset = { RSC_OFFSET(buffers), RSC_OFFSET(trace), RSC_OFFSET(vdev), RSC_OFFSET(ctl) },
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
		.da = FW_TRACE_DA,
		.len = FW_TRACE_SIZE,
		.name = "amp-fw-trace",
	},
	/* rpmsg's vdev: vring 0 is the host's RX, vring 1 its TX, at fixed addresses */
	.vdev = {
		.type = RSC_VDEV,
		.id = VIRTIO_ID_RPMSG,
		.notifyid = 2,
		.dfeatures = 1u << RPMSG_F_NS,
		.num_of_vrings = 2,
		.vring = {
			{ .da = FW_VRING0_DA, .align = FW_VRING_ALIGN, .num = FW_VRING_NUM,
			  .notifyid = 0 },
			{ .da = FW_VRING1_DA, .align = FW_VRING_ALIGN, .num = FW_VRING_NUM,
			  .notifyid = 1 },
		},
	},
	.ctl = {
		.type = AMP_RSC_FW_CTL,
		.ctl = {
			.magic = AMP_FW_CTL_MAGIC,
			.version = AMP_FW_CTL_VERSION,
		},
	},
};

struct amp_fw_ctl *const fw_ctl = &fw_resource_table.ctl.ctl;
