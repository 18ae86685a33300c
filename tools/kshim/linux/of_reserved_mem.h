/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/of_reserved_mem.h>: the reserved-memory regions the program declares
 * (kshim_reserved_mem_add() in kshim.h), looked up by node as the kernel does: by the last
 * component of the node's path.
 */
#ifndef _KSHIM_LINUX_OF_RESERVED_MEM_H
#define _KSHIM_LINUX_OF_RESERVED_MEM_H

#include <linux/of.h>
#include <linux/types.h>

/**
 * struct reserved_mem - a region of /reserved-memory
 * @name: its node's name, with the unit address ("vdev0buffer@5f900000")
 * @base: its physical address
 * @size: its size
 * @priv: its owner's data
 */
struct reserved_mem {
	const char *name;
	phys_addr_t base;
	phys_addr_t size;
	void *priv;
};

struct reserved_mem *of_reserved_mem_lookup(struct device_node *np);

#endif /* _KSHIM_LINUX_OF_RESERVED_MEM_H */
