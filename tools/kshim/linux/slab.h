/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/slab.h> over malloc(), with the kernel's edge cases: a 0-byte request gets
 * ZERO_SIZE_PTR, one above KMALLOC_MAX_SIZE fails with a WARN (the page allocator's, for an
 * order it does not have) unless __GFP_NOWARN. Any allocation can be made to fail
 * (kshim_fail_nth in kshim.h), and live objects are counted, for leak checks.
 */
#ifndef _KSHIM_LINUX_SLAB_H
#define _KSHIM_LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/types.h>

#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
/* arm64, 4 KiB pages, MAX_ORDER 11: the largest block of the page allocator */
#define KMALLOC_MAX_SIZE	(1UL << (11 + 12 - 1))

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *objp);

#endif /* _KSHIM_LINUX_SLAB_H */
