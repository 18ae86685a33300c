/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource table, version 1: the checked walker of the AMP remoteproc core.
 *
 * The wire format and its names are upstream's (<linux/rsc_table.h>); this header adds the
 * limits the core enforces and amp_rsc_table_check(), which every table from a firmware goes
 * through before anything reads it, and amp_rsc_table_entry(), which walks a checked one.
 */

#ifndef _LINUX_AMP_RSC_TABLE_H
#define _LINUX_AMP_RSC_TABLE_H

#include <linux/rsc_table.h>
#include <linux/types.h>

struct device;

/* The only version of the table this header describes. */
#define AMP_RSC_TABLE_VERSION	1

/* Size of the name field of carveout, devmem and trace entries, NUL included. */
#define AMP_RSC_NAME_LEN	32

/* FW_RSC_ADDR_ANY as the u32 the fields are: compare it against a u32, never a wider type. */
#define AMP_RSC_ADDR_ANY	((u32)FW_RSC_ADDR_ANY)

/* Most entries a table may have (far above any real one; bounds the overlap check). */
#define AMP_RSC_MAX_ENTRIES	256

/* Most vrings a vdev entry may declare (our limit; upstream's rpmsg uses 2). */
#define AMP_RSC_VDEV_MAX_VRINGS	8

/* Largest vring, in descriptors: the virtio maximum queue size. */
#define AMP_RSC_VRING_MAX_NUM	32768

/**
 * struct amp_rsc_entry - where one entry of a checked table lies
 * @type: the entry's &enum fw_resource_type value
 * @offset: byte offset of the payload (@data) from the start of the table; a caller
 *          that owns a writable copy of the table finds the payload there
 * @data: the payload, just past the entry's &struct fw_rsc_hdr
 * @len: bytes from @data to the end of the table (at least the size of the payload's
 *       struct for the standard types, as checked by amp_rsc_table_check())
 */
struct amp_rsc_entry {
	u32 type;
	size_t offset;
	const void *data;
	size_t len;
};

int amp_rsc_table_check(struct device *dev, const void *table, size_t size);
int amp_rsc_table_entry(const void *table, size_t size, u32 index, struct amp_rsc_entry *ent);

#endif /* _LINUX_AMP_RSC_TABLE_H */
