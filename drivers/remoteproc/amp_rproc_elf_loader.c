// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: upstream's ELF helpers (rproc_elf_*), which platform drivers put in
 * their ops, on the core's checked ELF loader (amp_rproc_elf.c). Each one checks the whole
 * image first, whatever a driver calls it from: no helper reads a header it has not bounded.
 */

#include <linux/amp/rproc_elf.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/slab.h>

#include "amp_rproc_internal.h"

#define AMP_RPROC_RSC_SECTION	".resource_table"

/**
 * amp_rproc_check_image() - check a firmware image as the remote requires it
 * @rproc: the remote (its elf_machine and elf_class, if set)
 * @fw: the image
 * @img: its description, on success
 *
 * Context: any; reports one message per refusal.
 * Return: 0, or the errno of amp_elf_check(); -ENOEXEC for an ELF class the remote does
 * not take.
 */
int amp_rproc_check_image(struct rproc *rproc, const struct firmware *fw,
			  struct amp_elf_image *img)
{
	int ret;

	if (!fw)
		return -EINVAL;
	ret = amp_elf_check(&rproc->dev, fw->data, fw->size, rproc->elf_machine, img);
	if (ret)
		return ret;
	if (rproc->elf_class != ELFCLASSNONE &&
	    rproc->elf_class != (img->is64 ? ELFCLASS64 : ELFCLASS32)) {
		dev_err(&rproc->dev, "ELF: class %s, but the remote takes %s\n",
			img->is64 ? "ELF64" : "ELF32",
			rproc->elf_class == ELFCLASS64 ? "ELF64" : "ELF32");
		return -ENOEXEC;
	}
	return 0;
}

/**
 * amp_rproc_check_fw() - the core's check of a firmware image, whoever loads it
 * @rproc: the remote
 * @fw: the image
 *
 * An ELF image is checked whole, whether the core's ELF loader or a driver's own load op
 * (which may walk its headers) loads it. Only a driver with its own load op may take an
 * image that is not ELF (a raw binary): its sanity_check op is then all that checks it.
 * Context: any; reports one message per refusal.
 * Return: 0, -EINVAL for no image, or the errno of amp_rproc_check_image().
 */
int amp_rproc_check_fw(struct rproc *rproc, const struct firmware *fw)
{
	struct amp_elf_image img;

	if (!fw || !fw->data)
		return -EINVAL;
	if (rproc->ops->load != rproc_elf_load_segments &&
	    (fw->size < SELFMAG || memcmp(fw->data, ELFMAG, SELFMAG)))
		return 0;
	return amp_rproc_check_image(rproc, fw, &img);
}
EXPORT_SYMBOL_GPL(amp_rproc_check_fw);

/**
 * rproc_elf_sanity_check() - check that a firmware image is a valid ELF for the remote
 * @rproc: the remote
 * @fw: the image
 *
 * Return: 0 or a negative errno (one message names the field).
 */
int rproc_elf_sanity_check(struct rproc *rproc, const struct firmware *fw)
{
	struct amp_elf_image img;

	return amp_rproc_check_image(rproc, fw, &img);
}
EXPORT_SYMBOL(rproc_elf_sanity_check);

/**
 * rproc_elf_get_boot_addr() - the entry point of a firmware image
 * @rproc: the remote
 * @fw: the image
 *
 * Return: e_entry, or 0 for an image that is not a valid ELF.
 */
u64 rproc_elf_get_boot_addr(struct rproc *rproc, const struct firmware *fw)
{
	struct amp_elf_image img;

	return amp_rproc_check_image(rproc, fw, &img) ? 0 : img.entry;
}
EXPORT_SYMBOL(rproc_elf_get_boot_addr);

static void *amp_rproc_elf_da_to_va(void *priv, u64 da, size_t len, bool *is_iomem)
{
	return rproc_da_to_va(priv, da, len, is_iomem);
}

/**
 * rproc_elf_load_segments() - load the segments of a firmware image into the remote's
 * memory
 * @rproc: the remote, its carveouts mapped
 * @fw: the image
 *
 * Every PT_LOAD must lie inside one carveout; nothing is written unless all do.
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or a negative errno (see amp_elf_load_segments()).
 */
int rproc_elf_load_segments(struct rproc *rproc, const struct firmware *fw)
{
	struct amp_elf_image img;
	int ret;

	ret = amp_rproc_check_image(rproc, fw, &img);
	if (ret)
		return ret;
	return amp_elf_load_segments(&rproc->dev, &img, amp_rproc_elf_da_to_va, rproc);
}
EXPORT_SYMBOL(rproc_elf_load_segments);

/* The .resource_table section: its device address, file offset and size, bounded. */
static int amp_rproc_find_table(struct rproc *rproc, const struct firmware *fw, u64 *addr,
				u64 *offset, u64 *size)
{
	struct amp_elf_image img;
	int ret;

	ret = amp_rproc_check_image(rproc, fw, &img);
	if (ret)
		return ret;
	ret = amp_elf_find_section(&rproc->dev, &img, AMP_RPROC_RSC_SECTION, addr, offset, size);
	if (ret)
		return ret;
	if (*offset > img.size || *size > img.size - *offset) {
		dev_err(&rproc->dev, "resource table: size 0x%llx at 0x%llx does not fit\n",
			*size, *offset);
		return -EINVAL;
	}
	if (!*size || *size > AMP_RPROC_MAX_TABLE_SIZE) {
		dev_err(&rproc->dev, "resource table: size 0x%llx not in 1..0x%x\n", *size,
			AMP_RPROC_MAX_TABLE_SIZE);
		return -EINVAL;
	}
	/* its u32 fields are read and written in place, by the remote too */
	if (!IS_ALIGNED(*addr, sizeof(u32))) {
		dev_err(&rproc->dev, "resource table: da 0x%llx not 4-byte aligned\n", *addr);
		return -EINVAL;
	}
	return 0;
}

/**
 * rproc_elf_load_rsc_table() - copy a firmware image's resource table: the boot's table
 * @rproc: the remote
 * @fw: the image
 *
 * The copy is &rproc.cached_table (the core checks it before it uses it). A firmware
 * without a table is loaded without resources.
 * Context: may sleep.
 * Return: 0, or a negative errno.
 */
int rproc_elf_load_rsc_table(struct rproc *rproc, const struct firmware *fw)
{
	u64 addr, offset, size;
	int ret;

	ret = amp_rproc_find_table(rproc, fw, &addr, &offset, &size);
	if (ret == -ENOENT) {
		dev_info(&rproc->dev, "%s has no resource table\n", rproc->firmware);
		return 0;
	}
	if (ret)
		return ret;
	kfree(rproc->cached_table);
	rproc->cached_table = kmemdup(fw->data + offset, size, GFP_KERNEL);
	if (!rproc->cached_table)
		return -ENOMEM;
	rproc->table_ptr = rproc->cached_table;
	rproc->table_sz = size;
	return 0;
}
EXPORT_SYMBOL(rproc_elf_load_rsc_table);

/**
 * rproc_elf_find_loaded_rsc_table() - where the resource table lies in the loaded image
 * @rproc: the remote, its carveouts mapped
 * @fw: the image
 *
 * Return: its kernel address, for the table's whole size inside one carveout; NULL for a
 * firmware without a table, or one outside every carveout (reported).
 */
struct resource_table *rproc_elf_find_loaded_rsc_table(struct rproc *rproc,
						       const struct firmware *fw)
{
	u64 addr, offset, size;
	void *va;

	if (amp_rproc_find_table(rproc, fw, &addr, &offset, &size))
		return NULL;
	/* an I/O (write-combining) mapping is used as memory, as upstream does */
	va = rproc_da_to_va(rproc, addr, size, NULL);
	if (!va) {
		dev_err(&rproc->dev, "resource table at da 0x%llx size 0x%llx is outside every mapped carveout\n",
			addr, size);
		return NULL;
	}
	return va;
}
EXPORT_SYMBOL(rproc_elf_find_loaded_rsc_table);
