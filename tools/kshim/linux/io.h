/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/io.h>: memremap() and ioremap_wc() of fake physical memory (kshim.h,
 * kshim_phys_add()): the kernel pointer is the malloc'ed buffer backing the range, so ASan
 * bounds every access through it. A range no fake memory holds is not mapped (NULL). The
 * I/O accessors copy as arm64's do: the same bytes, at the same places, as memcpy().
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

void __iomem *ioremap_wc(phys_addr_t offset, size_t size);
void iounmap(void __iomem *addr);

void memcpy_fromio(void *to, const void __iomem *from, size_t count);
void memcpy_toio(void __iomem *to, const void *from, size_t count);
void memset_io(void __iomem *dst, int c, size_t count);

#endif /* _KSHIM_LINUX_IO_H */
