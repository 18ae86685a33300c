/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/of.h>: device-tree nodes as the program builds them (no flattened tree is
 * parsed): a node has its full path and its phandle-list properties, already resolved to
 * the nodes they point to (struct kshim_of_list). of_parse_phandle() takes a reference on
 * the node it returns, as the kernel's does, and of_node_put() drops it; references are
 * counted (kshim_of_refs_live in kshim.h), so that a missing put is a leak a program sees.
 */
#ifndef _KSHIM_LINUX_OF_H
#define _KSHIM_LINUX_OF_H

#include <linux/types.h>

typedef u32 phandle;

struct device_node;

/**
 * struct kshim_of_list - a phandle-list property ("memory-region"), resolved
 * @name: the property's name
 * @nodes: the nodes its phandles point to, in order
 * @count: elements of @nodes
 */
struct kshim_of_list {
	const char *name;
	struct device_node * const *nodes;
	unsigned int count;
};

/**
 * struct device_node - a node of the fake device tree
 * @name: the node's name, without its unit address
 * @full_name: its path ("/reserved-memory/vdev0buffer@5f900000")
 * @kshim_lists: its phandle-list properties, ended by one without a name; may be NULL
 */
struct device_node {
	const char *name;
	const char *full_name;
	const struct kshim_of_list *kshim_lists;
};

struct device_node *of_parse_phandle(const struct device_node *np, const char *phandle_name,
				     int index);
void of_node_put(struct device_node *node);

#endif /* _KSHIM_LINUX_OF_H */
