// SPDX-License-Identifier: GPL-2.0
/*
 * ELF firmware loader: checks an ELF32 or ELF64 executable that came from an untrusted
 * firmware file, copies its PT_LOAD segments into carveouts, finds its sections.
 *
 * Every read is preceded by a check that it lies inside [data, data + size): e_ident after
 * "size >= EI_NIDENT", the ELF header after "size >= header of the class", a program or
 * section header after "its table fits in the file" (its entry size being the class's),
 * segment and section data after "offset + size fits", a name after "sh_name is inside the
 * section name table", and the name itself only up to the table's end. Each header is
 * copied out of the file before its fields are read (little-endian), since nothing in the
 * file is trusted to be aligned. All offsets and sizes are u64 (ELF32 fields widened) and
 * added with check_add_overflow().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/unaligned.h>
#include <linux/amp/rproc_elf.h>
#include <linux/bits.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "amp_rproc_err.h"

/* Size of the ELF structure elf32_@s or elf64_@s (hdr, phdr, shdr) of the class. */
#define ELF_SIZEOF(is64, s)	((is64) ? sizeof(struct elf64_##s) : sizeof(struct elf32_##s))

/* A field of an ELF header copied out of the file, read as little-endian. */
#define ELF_GET(field)		elf_read(&(field), sizeof(field))

/**
 * struct elf_segment - the fields of a program header the loader uses, widened to u64
 * @index: index of the program header
 * @type: p_type
 * @offset: p_offset, file offset of the segment's data
 * @paddr: p_paddr, device address the segment is loaded at
 * @filesz: p_filesz, bytes of the segment's data in the file
 * @memsz: p_memsz, bytes of the segment in memory; those past @filesz are zeroed
 */
struct elf_segment {
	u16 index;
	u32 type;
	u64 offset;
	u64 paddr;
	u64 filesz;
	u64 memsz;
};

/**
 * struct elf_section - the fields of a section header the loader uses, widened to u64
 * @index: index of the section header
 * @name: sh_name, offset of the section's name in the section name table
 * @type: sh_type
 * @addr: sh_addr, device address of the section
 * @offset: sh_offset, file offset of the section's data (unless SHT_NOBITS)
 * @size: sh_size, size of the section's data
 */
struct elf_section {
	u16 index;
	u32 name;
	u32 type;
	u64 addr;
	u64 offset;
	u64 size;
};

#define elf_err(dev, fmt, ...)	amp_rproc_err(dev, "ELF", fmt, ##__VA_ARGS__)

/* A little-endian field of @len bytes: the ELF headers have fields of 2, 4 and 8 bytes. */
static u64 elf_read(const void *p, size_t len)
{
	if (len == sizeof(u16))
		return get_unaligned_le16(p);
	if (len == sizeof(u32))
		return get_unaligned_le32(p);
	return get_unaligned_le64(p);
}

/* Whether [@offset, @offset + @len) lies inside the file. */
static bool elf_in_file(const struct amp_elf_image *img, u64 offset, u64 len)
{
	u64 end;

	return !check_add_overflow(offset, len, &end) && end <= img->size;
}

/* The file is at least EI_NIDENT bytes: sets @img->is64 from a supported identification. */
static int elf_check_ident(struct device *dev, struct amp_elf_image *img)
{
	const u8 *ident = img->data;

	if (memcmp(ident, ELFMAG, SELFMAG)) {
		elf_err(dev, "bad magic %*ph", SELFMAG, ident);
		return -ENOEXEC;
	}
	switch (ident[EI_CLASS]) {
	case ELFCLASS32:
		img->is64 = false;
		break;
	case ELFCLASS64:
		img->is64 = true;
		break;
	default:
		elf_err(dev, "EI_CLASS %u neither ELFCLASS32 nor ELFCLASS64", ident[EI_CLASS]);
		return -ENOEXEC;
	}
	if (img->size < ELF_SIZEOF(img->is64, hdr)) {
		elf_err(dev, "file size 0x%zx smaller than the ELF%u header (0x%zx)", img->size,
			img->is64 ? 64 : 32, ELF_SIZEOF(img->is64, hdr));
		return -EINVAL;
	}
	if (ident[EI_DATA] != ELFDATA2LSB) {
		elf_err(dev, "EI_DATA %u not little-endian (ELFDATA2LSB)", ident[EI_DATA]);
		return -ENOEXEC;
	}
	if (ident[EI_VERSION] != EV_CURRENT) {
		elf_err(dev, "EI_VERSION %u not EV_CURRENT", ident[EI_VERSION]);
		return -ENOEXEC;
	}
	return 0;
}

/* The file holds the ELF header of its class: its fields into @img, @type and @version. */
static void elf_read_ehdr(struct amp_elf_image *img, u16 *type, u32 *version)
{
	if (img->is64) {
		struct elf64_hdr eh;

		memcpy(&eh, img->data, sizeof(eh));
		*type = ELF_GET(eh.e_type);
		*version = ELF_GET(eh.e_version);
		img->machine = ELF_GET(eh.e_machine);
		img->entry = ELF_GET(eh.e_entry);
		img->phoff = ELF_GET(eh.e_phoff);
		img->phentsize = ELF_GET(eh.e_phentsize);
		img->phnum = ELF_GET(eh.e_phnum);
		img->shoff = ELF_GET(eh.e_shoff);
		img->shentsize = ELF_GET(eh.e_shentsize);
		img->shnum = ELF_GET(eh.e_shnum);
		img->shstrndx = ELF_GET(eh.e_shstrndx);
	} else {
		struct elf32_hdr eh;

		memcpy(&eh, img->data, sizeof(eh));
		*type = ELF_GET(eh.e_type);
		*version = ELF_GET(eh.e_version);
		img->machine = ELF_GET(eh.e_machine);
		img->entry = ELF_GET(eh.e_entry);
		img->phoff = ELF_GET(eh.e_phoff);
		img->phentsize = ELF_GET(eh.e_phentsize);
		img->phnum = ELF_GET(eh.e_phnum);
		img->shoff = ELF_GET(eh.e_shoff);
		img->shentsize = ELF_GET(eh.e_shentsize);
		img->shnum = ELF_GET(eh.e_shnum);
		img->shstrndx = ELF_GET(eh.e_shstrndx);
	}
}

static int elf_check_ehdr(struct device *dev, struct amp_elf_image *img, u16 machine)
{
	u32 version;
	u16 type;

	elf_read_ehdr(img, &type, &version);
	if (version != EV_CURRENT) {
		elf_err(dev, "e_version %u not EV_CURRENT", version);
		return -ENOEXEC;
	}
	if (type != ET_EXEC) {
		elf_err(dev, "e_type %u not ET_EXEC", type);
		return -ENOEXEC;
	}
	if (machine && img->machine != machine) {
		elf_err(dev, "e_machine %u, expected %u", img->machine, machine);
		return -ENOEXEC;
	}
	return 0;
}

/* A header table of @num entries of @entsize bytes at @offset lies inside the file. */
static int elf_check_table(struct device *dev, const struct amp_elf_image *img,
			   const char *field, u64 offset, u16 num, u16 entsize)
{
	u64 len, end;

	if (check_mul_overflow((u64)num, (u64)entsize, &len) ||
	    check_add_overflow(offset, len, &end)) {
		elf_err(dev, "%s 0x%llx + %u x %u overflows", field, offset, num, entsize);
		return -EOVERFLOW;
	}
	if (end > img->size) {
		elf_err(dev, "%s 0x%llx + %u x %u beyond file size 0x%zx", field, offset, num,
			entsize, img->size);
		return -EOVERFLOW;
	}
	return 0;
}

/* Program header @index, whose table amp_elf_check() found inside the file. */
static void elf_read_segment(const struct amp_elf_image *img, u16 index, struct elf_segment *seg)
{
	const void *ph = img->data + (size_t)img->phoff + (size_t)index * img->phentsize;

	seg->index = index;
	if (img->is64) {
		struct elf64_phdr p;

		memcpy(&p, ph, sizeof(p));
		seg->type = ELF_GET(p.p_type);
		seg->offset = ELF_GET(p.p_offset);
		seg->paddr = ELF_GET(p.p_paddr);
		seg->filesz = ELF_GET(p.p_filesz);
		seg->memsz = ELF_GET(p.p_memsz);
	} else {
		struct elf32_phdr p;

		memcpy(&p, ph, sizeof(p));
		seg->type = ELF_GET(p.p_type);
		seg->offset = ELF_GET(p.p_offset);
		seg->paddr = ELF_GET(p.p_paddr);
		seg->filesz = ELF_GET(p.p_filesz);
		seg->memsz = ELF_GET(p.p_memsz);
	}
}

/* A PT_LOAD's data lies inside the file and its address range is representable. */
static int elf_check_segment(struct device *dev, const struct amp_elf_image *img,
			     const struct elf_segment *seg)
{
	u64 end;

	if (seg->type != PT_LOAD)
		return 0;
	if (seg->filesz > seg->memsz) {
		elf_err(dev, "segment %u p_filesz 0x%llx above p_memsz 0x%llx", seg->index,
			seg->filesz, seg->memsz);
		return -EINVAL;
	}
	if (!elf_in_file(img, seg->offset, seg->filesz)) {
		elf_err(dev, "segment %u p_offset 0x%llx + p_filesz 0x%llx beyond file size 0x%zx",
			seg->index, seg->offset, seg->filesz, img->size);
		return -EOVERFLOW;
	}
	if (check_add_overflow(seg->paddr, seg->memsz, &end)) {
		elf_err(dev, "segment %u p_paddr 0x%llx + p_memsz 0x%llx wraps past 2^64",
			seg->index, seg->paddr, seg->memsz);
		return -ERANGE;
	}
	if (!img->is64 && end > BIT_ULL(32)) {
		elf_err(dev, "segment %u p_paddr 0x%llx + p_memsz 0x%llx ends above 4 GiB",
			seg->index, seg->paddr, seg->memsz);
		return -ERANGE;
	}
	if (seg->memsz != (size_t)seg->memsz) {
		elf_err(dev, "segment %u p_memsz 0x%llx above SIZE_MAX", seg->index, seg->memsz);
		return -ERANGE;
	}
	return 0;
}

static int elf_check_phdrs(struct device *dev, const struct amp_elf_image *img)
{
	struct elf_segment seg;
	unsigned int i;
	int ret;

	if (img->phentsize != ELF_SIZEOF(img->is64, phdr)) {
		elf_err(dev, "e_phentsize %u, expected %zu", img->phentsize,
			ELF_SIZEOF(img->is64, phdr));
		return -EINVAL;
	}
	if (!img->phnum) {
		elf_err(dev, "e_phnum 0: no program headers");
		return -EINVAL;
	}
	ret = elf_check_table(dev, img, "e_phoff", img->phoff, img->phnum, img->phentsize);
	if (ret)
		return ret;
	for (i = 0; i < img->phnum; i++) {
		elf_read_segment(img, i, &seg);
		ret = elf_check_segment(dev, img, &seg);
		if (ret)
			return ret;
	}
	return 0;
}

/* Section header @index, whose table amp_elf_check() found inside the file. */
static void elf_read_section(const struct amp_elf_image *img, u16 index, struct elf_section *sec)
{
	const void *sh = img->data + (size_t)img->shoff + (size_t)index * img->shentsize;

	sec->index = index;
	if (img->is64) {
		struct elf64_shdr s;

		memcpy(&s, sh, sizeof(s));
		sec->name = ELF_GET(s.sh_name);
		sec->type = ELF_GET(s.sh_type);
		sec->addr = ELF_GET(s.sh_addr);
		sec->offset = ELF_GET(s.sh_offset);
		sec->size = ELF_GET(s.sh_size);
	} else {
		struct elf32_shdr s;

		memcpy(&s, sh, sizeof(s));
		sec->name = ELF_GET(s.sh_name);
		sec->type = ELF_GET(s.sh_type);
		sec->addr = ELF_GET(s.sh_addr);
		sec->offset = ELF_GET(s.sh_offset);
		sec->size = ELF_GET(s.sh_size);
	}
}

/* If there are sections: their table and the section name table lie inside the file. */
static int elf_check_shdrs(struct device *dev, struct amp_elf_image *img)
{
	struct elf_section shstrtab;
	int ret;

	if (!img->shnum)
		return 0;
	if (img->shentsize != ELF_SIZEOF(img->is64, shdr)) {
		elf_err(dev, "e_shentsize %u, expected %zu", img->shentsize,
			ELF_SIZEOF(img->is64, shdr));
		return -EINVAL;
	}
	ret = elf_check_table(dev, img, "e_shoff", img->shoff, img->shnum, img->shentsize);
	if (ret)
		return ret;
	if (img->shstrndx >= img->shnum) {
		elf_err(dev, "e_shstrndx %u not below e_shnum %u", img->shstrndx, img->shnum);
		return -EINVAL;
	}
	elf_read_section(img, img->shstrndx, &shstrtab);
	if (!elf_in_file(img, shstrtab.offset, shstrtab.size)) {
		elf_err(dev, "shstrtab %u sh_offset 0x%llx + sh_size 0x%llx beyond file size 0x%zx",
			shstrtab.index, shstrtab.offset, shstrtab.size, img->size);
		return -EOVERFLOW;
	}
	img->shstrtab_offset = shstrtab.offset;
	img->shstrtab_size = shstrtab.size;
	return 0;
}

/**
 * amp_elf_check() - check an ELF executable from an untrusted firmware file
 * @dev: device to report the fault against, or NULL to report with pr_err()
 * @data: the file; it must not change while @img is in use (use a private copy)
 * @size: size of the file in bytes
 * @machine: the e_machine the image must have (e.g. %EM_AARCH64), or 0 for any
 * @img: filled with the image's description on success, untouched on failure
 *
 * Checks the identification, the ELF header, the program header table and every program
 * header, the section header table and the section name table's bounds, in that order,
 * and stops at the first fault, which it reports with exactly one error message naming
 * the field and its value (see the header's "rules and their errors"). Reads nothing
 * outside [@data, @data + @size), whatever the content. Program headers other than
 * PT_LOAD are not checked; section headers other than the name table's are checked by
 * amp_elf_find_section(). Where the segments are loaded is checked when they are loaded.
 *
 * Context: any context; does not sleep or allocate.
 * Return: 0 if the image is well formed; %-EINVAL if @data or @img is NULL, the file is
 * shorter than its ELF header, e_phentsize, e_shentsize, e_phnum or e_shstrndx is wrong,
 * or a PT_LOAD has p_filesz > p_memsz; %-ENOEXEC if the magic, class, byte order,
 * version, type or machine is not the one of an image this loader runs; %-EOVERFLOW if a
 * header table, the section name table or a PT_LOAD's file data is not inside the file;
 * %-ERANGE if a PT_LOAD's p_paddr + p_memsz wraps (ELF64), ends above 4 GiB (ELF32) or
 * p_memsz exceeds SIZE_MAX.
 */
int amp_elf_check(struct device *dev, const void *data, size_t size, u16 machine,
		  struct amp_elf_image *img)
{
	struct amp_elf_image im = { .data = data, .size = size };
	int ret;

	if (!data || !img) {
		elf_err(dev, "missing image (NULL)");
		return -EINVAL;
	}
	if (size < EI_NIDENT) {
		elf_err(dev, "file size 0x%zx smaller than e_ident (0x%x)", size, EI_NIDENT);
		return -EINVAL;
	}
	ret = elf_check_ident(dev, &im);
	if (ret)
		return ret;
	ret = elf_check_ehdr(dev, &im, machine);
	if (ret)
		return ret;
	ret = elf_check_phdrs(dev, &im);
	if (ret)
		return ret;
	ret = elf_check_shdrs(dev, &im);
	if (ret)
		return ret;
	*img = im;
	return 0;
}
EXPORT_SYMBOL_GPL(amp_elf_check);

/* Checks program header @index and finds its memory; copies it there if @copy. */
static int elf_load_segment(struct device *dev, const struct amp_elf_image *img, u16 index,
			    amp_elf_da_to_va_t da_to_va, void *priv, bool copy)
{
	struct elf_segment seg;
	bool is_iomem = false;
	void *va;
	int ret;

	elf_read_segment(img, index, &seg);
	ret = elf_check_segment(dev, img, &seg);
	if (ret || seg.type != PT_LOAD || !seg.memsz)
		return ret;
	va = da_to_va(priv, seg.paddr, seg.memsz, &is_iomem);
	if (!va) {
		elf_err(dev, "segment %u p_paddr 0x%llx + p_memsz 0x%llx not inside a carveout",
			index, seg.paddr, seg.memsz);
		return -ERANGE;
	}
	if (!copy)
		return 0;
	if (is_iomem) {
		memcpy_toio((void __iomem *)va, img->data + seg.offset, seg.filesz);
		memset_io((void __iomem *)va + seg.filesz, 0, seg.memsz - seg.filesz);
	} else {
		memcpy(va, img->data + seg.offset, seg.filesz);
		memset(va + seg.filesz, 0, seg.memsz - seg.filesz);
	}
	return 0;
}

/**
 * amp_elf_load_segments() - copy the loadable segments of a checked image into memory
 * @dev: device to report the fault against, or NULL to report with pr_err()
 * @img: an image that amp_elf_check() accepted, its file unchanged since
 * @da_to_va: returns a kernel pointer to @len bytes of memory at device address @da, all
 *            inside one carveout, or NULL if there is none, and whether it is an I/O
 *            mapping (then the copy uses memcpy_toio()); must not sleep if the caller
 *            must not
 * @priv: passed to @da_to_va
 *
 * For every PT_LOAD with p_memsz > 0, copies p_filesz bytes from the file to the memory
 * at p_paddr and zeroes the rest up to p_memsz. Other program headers are ignored.
 *
 * Nothing is written unless everything can be: a first pass checks every program header
 * again and asks @da_to_va for every segment's memory, a second pass copies. On failure
 * the memory is as it was; the fault is reported with exactly one error message.
 *
 * Context: whatever @da_to_va needs; does not sleep or allocate itself.
 * Return: 0 on success; %-EINVAL if @img, its file or @da_to_va is NULL; %-ERANGE if a
 * segment is not inside a carveout; the errors of amp_elf_check() for program headers if
 * the file changed since it was checked.
 */
int amp_elf_load_segments(struct device *dev, const struct amp_elf_image *img,
			  amp_elf_da_to_va_t da_to_va, void *priv)
{
	unsigned int i;
	int ret;

	if (!img || !img->data || !da_to_va) {
		elf_err(dev, "missing image or da_to_va (NULL)");
		return -EINVAL;
	}
	for (i = 0; i < img->phnum; i++) {
		ret = elf_load_segment(dev, img, i, da_to_va, priv, false);
		if (ret)
			return ret;
	}
	for (i = 0; i < img->phnum; i++) {
		ret = elf_load_segment(dev, img, i, da_to_va, priv, true);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(amp_elf_load_segments);

/* The name of @sec, NUL-terminated inside the section name table, or an ERR_PTR(). */
static const char *elf_section_name(struct device *dev, const struct amp_elf_image *img,
				    const struct elf_section *sec)
{
	const char *names = (const char *)img->data + (size_t)img->shstrtab_offset;
	size_t avail;

	if (sec->name >= img->shstrtab_size) {
		elf_err(dev, "section %u sh_name 0x%x beyond shstrtab size 0x%llx",
			sec->index, sec->name, img->shstrtab_size);
		return ERR_PTR(-EINVAL);
	}
	avail = img->shstrtab_size - sec->name;
	if (strnlen(names + sec->name, avail) == avail) {
		elf_err(dev, "section %u sh_name 0x%x: no NUL before shstrtab size 0x%llx",
			sec->index, sec->name, img->shstrtab_size);
		return ERR_PTR(-EINVAL);
	}
	return names + sec->name;
}

/**
 * amp_elf_find_section() - find a section of a checked image by name
 * @dev: device to report the fault against, or NULL to report with pr_err()
 * @img: an image that amp_elf_check() accepted, its file unchanged since
 * @name: the section's name, e.g. ".resource_table"
 * @addr: if not NULL, set to the section's sh_addr (its device address)
 * @offset: if not NULL, set to the section's sh_offset in the file
 * @size: if not NULL, set to the section's sh_size
 *
 * Walks the section headers in index order (SHT_NULL ones skipped), checking each name
 * before comparing it, and returns the first section called @name. Its data lies inside
 * the file, [@offset, @offset + @size), unless it is SHT_NOBITS (e.g. .bss), which has no
 * data in the file: its @offset must then not be used. Outputs are written only on
 * success.
 *
 * Context: any context; does not sleep or allocate.
 * Return: 0 on success; %-ENOENT if no section is called @name (not reported, a caller
 * may look for optional sections); %-EINVAL if @img, its file or @name is NULL or a
 * section's name is not inside the section name table or not NUL-terminated there;
 * %-EOVERFLOW if the section's data is not inside the file.
 */
int amp_elf_find_section(struct device *dev, const struct amp_elf_image *img, const char *name,
			 u64 *addr, u64 *offset, u64 *size)
{
	struct elf_section sec;
	const char *sec_name;
	unsigned int i;

	if (!img || !img->data || !name) {
		elf_err(dev, "missing image or section name (NULL)");
		return -EINVAL;
	}
	for (i = 0; i < img->shnum; i++) {
		elf_read_section(img, i, &sec);
		if (sec.type == SHT_NULL)
			continue;
		sec_name = elf_section_name(dev, img, &sec);
		if (IS_ERR(sec_name))
			return PTR_ERR(sec_name);
		if (strcmp(sec_name, name))
			continue;
		if (sec.type != SHT_NOBITS && !elf_in_file(img, sec.offset, sec.size)) {
			elf_err(dev, "section %u (%s) sh_offset 0x%llx + sh_size 0x%llx beyond file size 0x%zx",
				i, name, sec.offset, sec.size, img->size);
			return -EOVERFLOW;
		}
		if (addr)
			*addr = sec.addr;
		if (offset)
			*offset = sec.offset;
		if (size)
			*size = sec.size;
		return 0;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(amp_elf_find_section);
