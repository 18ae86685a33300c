/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/kernel.h> and what kernel code gets through it (min/max, container_of). */
#ifndef _KSHIM_LINUX_KERNEL_H
#define _KSHIM_LINUX_KERNEL_H

#include <stdio.h>	/* (v)snprintf: the shimmed files only print standard conversions with it */
#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define container_of(ptr, type, member)	((type *)((char *)(ptr) - offsetof(type, member)))

/* Each argument evaluated once, as the kernel's (without its type check of min()/max()). */
#define min_t(type, x, y)	({ type __x = (x); type __y = (y); __x < __y ? __x : __y; })
#define max_t(type, x, y)	({ type __x = (x); type __y = (y); __x > __y ? __x : __y; })
#define min(x, y)		min_t(__typeof__((x) + (y)), x, y)
#define max(x, y)		max_t(__typeof__((x) + (y)), x, y)
#define swap(a, b) \
	do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n)	((u32)((n) & 0xffffffff))

#endif /* _KSHIM_LINUX_KERNEL_H */
