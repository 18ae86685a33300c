/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/dma-mapping.h>: coherent allocations from a fake physical range (kshim.h,
 * kshim_dma_pool()), each backed by its own calloc() so that ASan bounds it. As Linux 6.1's
 * dma-direct on a kernel without CMA (the project's guest): the size is rounded up to pages,
 * an order the page allocator does not have (a size of 0 or above 4 MiB) WARNs unless
 * __GFP_NOWARN, the block is aligned to its order, and it must lie below the device's
 * coherent DMA mask.
 */
#ifndef _KSHIM_LINUX_DMA_MAPPING_H
#define _KSHIM_LINUX_DMA_MAPPING_H

#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/types.h>

#define DMA_BIT_MASK(n)	(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle);

#endif /* _KSHIM_LINUX_DMA_MAPPING_H */
