/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/io.h>: memremap() of fake physical memory (kshim.h, kshim_phys_add()):
 * the kernel pointer is the malloc'ed buffer backing the range, so ASan bounds every
 * access through it. A range no fake memory holds is not mapped (NULL).
 */
#ifndef _KSHIM_LINUX_IO_H
#define _KSHIM_LINUX_IO_H

#include <linux/types.h>

enum {
	MEMREMAP_WB = 1 << 0,
	MEMREMAP_WT = 1 << 1,
	MEMREMAP_WC = 1 << 2,
};

void *memremap(resource_size_t offset, size_t size, unsigned long flags);
void memunmap(void *addr);

#endif /* _KSHIM_LINUX_IO_H */
