/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The crash note of an AMP remoteproc coredump (devcoredump's "data" of the remoteproc
 * device): what userspace tools (readelf -n, tests/remoteproc/core-check.c) read.
 */
#ifndef _UAPI_LINUX_AMP_COREDUMP_H
#define _UAPI_LINUX_AMP_COREDUMP_H

#include <linux/types.h>

/*
 * The coredump's crash note: ELF note name "AMP", type AMP_RPROC_NOTE_CRASH, descriptor
 * struct amp_rproc_core_crash (little-endian, 144 bytes). Userspace reads it: the layout
 * is ABI.
 */
#define AMP_RPROC_NOTE_NAME	"AMP"
#define AMP_RPROC_NOTE_CRASH	1

/**
 * struct amp_rproc_core_crash - the crash note of a remoteproc coredump
 * @version: AMP_RPROC_CORE_CRASH_VERSION (2)
 * @reason: the kernel's enum rproc_crash_type: 0 mmufault, 1 watchdog, 2 fatal error (an
 *	exception, for instance), 3 protocol violation
 * @crashes: crashes of this remote since it was registered, this one included
 * @flags: bit 0: the exception fields are valid
 * @vector: the exception's kind, as the platform numbers it (on Arm: vector offset / 0x80)
 * @reserved: zero
 * @syndrome: its syndrome (on Arm: ESR_ELx)
 * @pc: the faulting instruction's address (on Arm: ELR_ELx)
 * @fault_addr: the faulting data address (on Arm: FAR_ELx), if any
 * @reason_name: the reason as the kernel log names it, NUL-terminated
 * @firmware: the firmware's file name, NUL-terminated
 */
struct amp_rproc_core_crash {
	__le32 version;
	__le32 reason;
	__le32 crashes;
	__le32 flags;
	__le32 vector;
	__le32 reserved;
	__le64 syndrome;
	__le64 pc;
	__le64 fault_addr;
	char reason_name[32];
	char firmware[64];
};

#define AMP_RPROC_CORE_CRASH_EXCEPTION	(1U << 0)

/* 2: @reason is the kernel's enum rproc_crash_type (1 numbered the reasons otherwise). */
#define AMP_RPROC_CORE_CRASH_VERSION	2

#endif /* _UAPI_LINUX_AMP_COREDUMP_H */
