// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's resource table (remoteproc resource table version 1), in the section
 * .resource_table where the host's loader looks for it. Layouts follow the remoteproc wire
 * format: a header, an offset per entry, then the entries, each a u32 type plus its payload.
 */
#include "fw.h"
#include "platform.h"

#define RSC_TRACE	2

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
	__u32 offset[2];
	struct fw_rsc_trace trace;
	struct fw_rsc_ctl ctl;
};

#define RSC_OFFSET(f)	__builtin_offsetof(struct fw_resource_table, f)

__attribute__((section(".resource_table"), used, aligned(8)))
struct fw_resource_table fw_resource_table = {
	.ver = 1,
	.num = 2,
	.offset = { RSC_OFFSET(trace), RSC_OFFSET(ctl) },
	.trace = {
		.type = RSC_TRACE,
		.da = FW_TRACE_DA,
		.len = FW_TRACE_SIZE,
		.name = "amp-fw-trace",
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
