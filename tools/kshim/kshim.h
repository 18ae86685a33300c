/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the controls of the userspace stand-ins (tools/kshim/README.rst), for the program
 * that runs kernel files on them: where messages go, what a WARN does, which allocation
 * fails, the fake physical memory behind memremap() and dma_alloc_coherent(), and the fake
 * device tree's reserved memory.
 *
 * Single-threaded, like everything in the shim.
 */
#ifndef _KSHIM_KSHIM_H
#define _KSHIM_KSHIM_H

#include <stdarg.h>

#include <linux/types.h>

struct reserved_mem;

/* Messages: not written to stderr when quiet; counted either way. */
extern bool kshim_quiet;
/* If set, called with every message (quiet or not) and its level, 0..7. */
extern void (*kshim_msg_hook)(int level, const char *msg);
/* Messages logged at KERN_ERR or above / at any level, since the program started. */
extern unsigned long kshim_msgs_err;
extern unsigned long kshim_msgs;
/* The last message logged (without its level), for a program that reports or checks it. */
extern char kshim_last_msg[1024];

/* A WARN aborts (as panic_on_warn would): a fuzzer sees it as a crash. Else it is logged. */
extern bool kshim_panic_on_warn;
extern unsigned long kshim_warns;

/*
 * The n-th allocation from now fails (1: the next one), 0 for none. Counted over kmalloc()
 * and kin, memremap(), ioremap_wc() and dma_alloc_coherent(): everything the kernel may
 * fail to give.
 */
extern unsigned long kshim_fail_nth;

/*
 * Objects live: kmalloc'ed, memremap'ed or ioremap'ed, dma_alloc_coherent'ed; references
 * of_parse_phandle() took that of_node_put() has not dropped.
 */
extern long kshim_allocs_live;
extern long kshim_maps_live;
extern long kshim_dma_live;
extern long kshim_of_refs_live;

/*
 * Fake physical memory: [pa, pa + len) becomes memory memremap() can map, backed by a
 * zeroed malloc'ed buffer of exactly @len bytes (so ASan catches an access past its end).
 * Returns the buffer, or NULL if the range is empty, wraps or overlaps one already added.
 */
void *kshim_phys_add(phys_addr_t pa, size_t len);
/* The buffer behind [pa, pa + len), if one range of fake memory holds all of it. */
void *kshim_phys_find(phys_addr_t pa, size_t len);
/* Whether [va, va + len) lies inside one buffer of fake memory or of a DMA allocation. */
bool kshim_mem_holds(const void *va, size_t len);

/*
 * A region of /reserved-memory, for of_reserved_mem_lookup(): @name is its node's name, the
 * last component of the path of the struct device_node that finds it. Returns the region,
 * or NULL if the table of them is full.
 */
struct reserved_mem *kshim_reserved_mem_add(const char *name, phys_addr_t base, phys_addr_t size);

/*
 * The physical range dma_alloc_coherent() allocates from, [base, base + len); it starts
 * over from @base (no allocation may be live). Allocations are placed upwards.
 */
void kshim_dma_pool(phys_addr_t base, size_t len);

/* vsnprintf() with the kernel's %p extensions used here: %pV, %*ph[CDN], %pa[p], %pad. */
int kshim_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

#endif /* _KSHIM_KSHIM_H */
