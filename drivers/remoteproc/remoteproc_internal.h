/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Upstream's private remoteproc header, as SoC platform drivers include it
 * ("remoteproc_internal.h"): the ELF helpers and the few other core functions a driver may
 * call, implemented by the AMP core (amp_remoteproc.ko). A driver built out of tree finds
 * this file with -I drivers/remoteproc of this tree.
 */
#ifndef REMOTEPROC_INTERNAL_H
#define REMOTEPROC_INTERNAL_H

#include <linux/bitops.h>
#include <linux/firmware.h>
#include <linux/irqreturn.h>
#include <linux/limits.h>
#include <linux/remoteproc.h>

struct rproc;
struct dentry;

/**
 * struct rproc_debug_trace - a trace buffer of the running firmware
 * @rproc: the remote
 * @tfile: its debugfs file
 * @node: entry in &rproc.traces
 * @trace_mem: where the buffer is: @trace_mem.da, .len, .va and .name are set
 */
struct rproc_debug_trace {
	struct rproc *rproc;
	struct dentry *tfile;
	struct list_head node;
	struct rproc_mem_entry trace_mem;
};

/**
 * rproc_has_feature() - whether a remote has a feature
 * @rproc: the remote
 * @feature: an &enum rproc_features value
 *
 * Return: whether it is set.
 */
static inline bool rproc_has_feature(struct rproc *rproc, unsigned int feature)
{
	return test_bit(feature, rproc->features);
}

/**
 * rproc_set_feature() - give a remote a feature, before rproc_add()
 * @rproc: the remote
 * @feature: an &enum rproc_features value
 *
 * Return: 0, or -EINVAL for an unknown feature.
 */
static inline int rproc_set_feature(struct rproc *rproc, unsigned int feature)
{
	if (feature >= RPROC_MAX_FEATURES)
		return -EINVAL;
	set_bit(feature, rproc->features);
	return 0;
}

int rproc_of_parse_firmware(struct device *dev, int index, const char **fw_name);
irqreturn_t rproc_vq_interrupt(struct rproc *rproc, int notifyid);
phys_addr_t rproc_va_to_pa(void *cpu_addr);
int rproc_trigger_recovery(struct rproc *rproc);

int rproc_elf_sanity_check(struct rproc *rproc, const struct firmware *fw);
u64 rproc_elf_get_boot_addr(struct rproc *rproc, const struct firmware *fw);
int rproc_elf_load_segments(struct rproc *rproc, const struct firmware *fw);
int rproc_elf_load_rsc_table(struct rproc *rproc, const struct firmware *fw);
struct resource_table *rproc_elf_find_loaded_rsc_table(struct rproc *rproc,
						       const struct firmware *fw);
struct rproc_mem_entry *rproc_find_carveout_by_name(struct rproc *rproc, const char *name, ...);
int amp_rproc_check_fw(struct rproc *rproc, const struct firmware *fw);

/*
 * The ops as the core calls them, for drivers that call them themselves (e.g. to reload
 * firmware on resume): upstream's names and defaults. A driver's reload goes through the
 * core's image check first, as a boot does.
 */

/**
 * rproc_prepare_device() - the prepare op, if any
 * @rproc: the remote
 *
 * Return: 0 or its errno.
 */
static inline int rproc_prepare_device(struct rproc *rproc)
{
	return rproc->ops->prepare ? rproc->ops->prepare(rproc) : 0;
}

/**
 * rproc_unprepare_device() - the unprepare op, if any
 * @rproc: the remote
 *
 * Return: as the op.
 */
static inline int rproc_unprepare_device(struct rproc *rproc)
{
	return rproc->ops->unprepare ? rproc->ops->unprepare(rproc) : 0;
}

/**
 * rproc_attach_device() - the attach op, if any
 * @rproc: the remote
 *
 * Return: as the op.
 */
static inline int rproc_attach_device(struct rproc *rproc)
{
	return rproc->ops->attach ? rproc->ops->attach(rproc) : 0;
}

/**
 * rproc_fw_sanity_check() - the sanity_check op, if any
 * @rproc: the remote
 * @fw: the image
 *
 * Return: 0 or its errno.
 */
static inline int rproc_fw_sanity_check(struct rproc *rproc, const struct firmware *fw)
{
	return rproc->ops->sanity_check ? rproc->ops->sanity_check(rproc, fw) : 0;
}

/**
 * rproc_get_boot_addr() - the get_boot_addr op
 * @rproc: the remote
 * @fw: the image
 *
 * Return: its result, or 0 without one.
 */
static inline u64 rproc_get_boot_addr(struct rproc *rproc, const struct firmware *fw)
{
	return rproc->ops->get_boot_addr ? rproc->ops->get_boot_addr(rproc, fw) : 0;
}

/**
 * rproc_load_segments() - load an image with the load op, after the core's image check
 * @rproc: the remote
 * @fw: the image
 *
 * Return: 0, -EINVAL without a load op, or the check's or the op's errno.
 */
static inline int rproc_load_segments(struct rproc *rproc, const struct firmware *fw)
{
	int ret;

	if (!rproc->ops->load)
		return -EINVAL;
	ret = amp_rproc_check_fw(rproc, fw);
	return ret ? ret : rproc->ops->load(rproc, fw);
}

/**
 * rproc_parse_fw() - the parse_fw op, if any
 * @rproc: the remote
 * @fw: the image
 *
 * Return: 0 or its errno.
 */
static inline int rproc_parse_fw(struct rproc *rproc, const struct firmware *fw)
{
	return rproc->ops->parse_fw ? rproc->ops->parse_fw(rproc, fw) : 0;
}

/**
 * rproc_handle_rsc() - the handle_rsc op
 * @rproc: the remote
 * @rsc_type: the vendor entry's type
 * @rsc: its payload
 * @offset: the payload's offset in the table
 * @avail: bytes from it to the table's end
 *
 * Return: as the op; RSC_IGNORED without one.
 */
static inline int rproc_handle_rsc(struct rproc *rproc, u32 rsc_type, void *rsc, int offset,
				   int avail)
{
	return rproc->ops->handle_rsc ?
	       rproc->ops->handle_rsc(rproc, rsc_type, rsc, offset, avail) : RSC_IGNORED;
}

/**
 * rproc_find_loaded_rsc_table() - the find_loaded_rsc_table op
 * @rproc: the remote
 * @fw: the loaded image
 *
 * Return: as the op; NULL without one.
 */
static inline struct resource_table *
rproc_find_loaded_rsc_table(struct rproc *rproc, const struct firmware *fw)
{
	return rproc->ops->find_loaded_rsc_table ?
	       rproc->ops->find_loaded_rsc_table(rproc, fw) : NULL;
}

/**
 * rproc_get_loaded_rsc_table() - the get_loaded_rsc_table op
 * @rproc: the remote
 * @size: its table's size, on success
 *
 * Return: as the op; NULL without one.
 */
static inline struct resource_table *
rproc_get_loaded_rsc_table(struct rproc *rproc, size_t *size)
{
	return rproc->ops->get_loaded_rsc_table ?
	       rproc->ops->get_loaded_rsc_table(rproc, size) : NULL;
}

/**
 * rproc_u64_fit_in_size_t() - whether a 64-bit size fits a size_t
 * @val: the size
 *
 * Return: true if it does.
 */
static inline bool rproc_u64_fit_in_size_t(u64 val)
{
	return val <= SIZE_MAX;
}

#endif /* REMOTEPROC_INTERNAL_H */
