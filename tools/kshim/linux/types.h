/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/types.h>. The __u32/__le32 family is the system's uapi header (package
 * linux-libc-dev: the kernel's own exported definitions); the kernel-internal names are
 * added with the widths they have on arm64, where phys_addr_t and dma_addr_t are 64 bits.
 * atomic_t is the type only: nothing here operates on one.
 */
#ifndef _KSHIM_LINUX_TYPES_H
#define _KSHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned int gfp_t;

struct list_head {
	struct list_head *next, *prev;
};

typedef struct {
	int counter;
} atomic_t;

/* BITS_TO_LONGS() is <linux/bitops.h>'s, as in the kernel. */
#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

#endif /* _KSHIM_LINUX_TYPES_H */
