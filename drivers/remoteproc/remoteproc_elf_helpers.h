/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Class-independent ELF field accessors, under the names of upstream's private ELF helpers
 * header, for SoC drivers built out of tree against
 * this core that walk an image's headers in their own load op (imx_dsp_rproc, pru_rproc).
 *
 * They read what they are given: bounds are the caller's business. The core checks every
 * ELF image whole (amp_elf_check()) before a driver's load op sees it, so a driver that
 * walks the headers it was handed stays inside the image.
 */
#ifndef _REMOTEPROC_ELF_HELPERS_H
#define _REMOTEPROC_ELF_HELPERS_H

#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/string.h>
#include <linux/types.h>

/**
 * fw_elf_get_class() - the ELF class of a firmware image
 * @fw: the image
 *
 * Return: ELFCLASS32 or ELFCLASS64 as e_ident says, or ELFCLASSNONE for an image too short
 * to say or of another class.
 */
static inline u8 fw_elf_get_class(const struct firmware *fw)
{
	u8 class = fw->size >= EI_NIDENT ? fw->data[EI_CLASS] : ELFCLASSNONE;

	return class == ELFCLASS32 || class == ELFCLASS64 ? class : ELFCLASSNONE;
}

/**
 * elf_hdr_init_ident() - fill e_ident of a header being built
 * @hdr: the header (ELF32 or ELF64: e_ident is their common start)
 * @class: its class
 */
static inline void elf_hdr_init_ident(struct elf32_hdr *hdr, u8 class)
{
	memset(hdr->e_ident, 0, sizeof(hdr->e_ident));
	memcpy(hdr->e_ident, ELFMAG, SELFMAG);
	hdr->e_ident[EI_CLASS] = class;
	hdr->e_ident[EI_DATA] = ELFDATA2LSB;
	hdr->e_ident[EI_VERSION] = EV_CURRENT;
	hdr->e_ident[EI_OSABI] = ELFOSABI_NONE;
}

/*
 * elf_<kind>_get_<field>(class, p) and elf_<kind>_set_<field>(class, p, value), for the
 * struct elf32_<kind> or elf64_<kind> at @p: ELFCLASS32 reads the ELF32 layout, any other
 * class the ELF64 one. Written out (no macro), one pair per field upstream has.
 */
static inline u64 elf_hdr_get_e_entry(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_entry;
	return ((const struct elf64_hdr *)p)->e_entry;
}

static inline void elf_hdr_set_e_entry(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_entry = value;
	else
		((struct elf64_hdr *)p)->e_entry = value;
}

static inline u16 elf_hdr_get_e_phnum(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_phnum;
	return ((const struct elf64_hdr *)p)->e_phnum;
}

static inline void elf_hdr_set_e_phnum(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_phnum = value;
	else
		((struct elf64_hdr *)p)->e_phnum = value;
}

static inline u16 elf_hdr_get_e_shnum(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_shnum;
	return ((const struct elf64_hdr *)p)->e_shnum;
}

static inline void elf_hdr_set_e_shnum(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_shnum = value;
	else
		((struct elf64_hdr *)p)->e_shnum = value;
}

static inline u64 elf_hdr_get_e_phoff(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_phoff;
	return ((const struct elf64_hdr *)p)->e_phoff;
}

static inline void elf_hdr_set_e_phoff(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_phoff = value;
	else
		((struct elf64_hdr *)p)->e_phoff = value;
}

static inline u64 elf_hdr_get_e_shoff(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_shoff;
	return ((const struct elf64_hdr *)p)->e_shoff;
}

static inline void elf_hdr_set_e_shoff(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_shoff = value;
	else
		((struct elf64_hdr *)p)->e_shoff = value;
}

static inline u16 elf_hdr_get_e_shstrndx(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_shstrndx;
	return ((const struct elf64_hdr *)p)->e_shstrndx;
}

static inline void elf_hdr_set_e_shstrndx(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_shstrndx = value;
	else
		((struct elf64_hdr *)p)->e_shstrndx = value;
}

static inline u16 elf_hdr_get_e_machine(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_machine;
	return ((const struct elf64_hdr *)p)->e_machine;
}

static inline void elf_hdr_set_e_machine(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_machine = value;
	else
		((struct elf64_hdr *)p)->e_machine = value;
}

static inline u16 elf_hdr_get_e_type(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_type;
	return ((const struct elf64_hdr *)p)->e_type;
}

static inline void elf_hdr_set_e_type(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_type = value;
	else
		((struct elf64_hdr *)p)->e_type = value;
}

static inline u32 elf_hdr_get_e_version(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_version;
	return ((const struct elf64_hdr *)p)->e_version;
}

static inline void elf_hdr_set_e_version(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_version = value;
	else
		((struct elf64_hdr *)p)->e_version = value;
}

static inline u32 elf_hdr_get_e_ehsize(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_ehsize;
	return ((const struct elf64_hdr *)p)->e_ehsize;
}

static inline void elf_hdr_set_e_ehsize(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_ehsize = value;
	else
		((struct elf64_hdr *)p)->e_ehsize = value;
}

static inline u16 elf_hdr_get_e_phentsize(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_phentsize;
	return ((const struct elf64_hdr *)p)->e_phentsize;
}

static inline void elf_hdr_set_e_phentsize(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_phentsize = value;
	else
		((struct elf64_hdr *)p)->e_phentsize = value;
}

static inline u16 elf_hdr_get_e_shentsize(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_hdr *)p)->e_shentsize;
	return ((const struct elf64_hdr *)p)->e_shentsize;
}

static inline void elf_hdr_set_e_shentsize(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_hdr *)p)->e_shentsize = value;
	else
		((struct elf64_hdr *)p)->e_shentsize = value;
}

static inline u64 elf_phdr_get_p_paddr(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_paddr;
	return ((const struct elf64_phdr *)p)->p_paddr;
}

static inline void elf_phdr_set_p_paddr(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_paddr = value;
	else
		((struct elf64_phdr *)p)->p_paddr = value;
}

static inline u64 elf_phdr_get_p_vaddr(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_vaddr;
	return ((const struct elf64_phdr *)p)->p_vaddr;
}

static inline void elf_phdr_set_p_vaddr(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_vaddr = value;
	else
		((struct elf64_phdr *)p)->p_vaddr = value;
}

static inline u64 elf_phdr_get_p_filesz(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_filesz;
	return ((const struct elf64_phdr *)p)->p_filesz;
}

static inline void elf_phdr_set_p_filesz(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_filesz = value;
	else
		((struct elf64_phdr *)p)->p_filesz = value;
}

static inline u64 elf_phdr_get_p_memsz(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_memsz;
	return ((const struct elf64_phdr *)p)->p_memsz;
}

static inline void elf_phdr_set_p_memsz(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_memsz = value;
	else
		((struct elf64_phdr *)p)->p_memsz = value;
}

static inline u32 elf_phdr_get_p_type(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_type;
	return ((const struct elf64_phdr *)p)->p_type;
}

static inline void elf_phdr_set_p_type(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_type = value;
	else
		((struct elf64_phdr *)p)->p_type = value;
}

static inline u64 elf_phdr_get_p_offset(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_offset;
	return ((const struct elf64_phdr *)p)->p_offset;
}

static inline void elf_phdr_set_p_offset(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_offset = value;
	else
		((struct elf64_phdr *)p)->p_offset = value;
}

static inline u32 elf_phdr_get_p_flags(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_flags;
	return ((const struct elf64_phdr *)p)->p_flags;
}

static inline void elf_phdr_set_p_flags(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_flags = value;
	else
		((struct elf64_phdr *)p)->p_flags = value;
}

static inline u64 elf_phdr_get_p_align(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_phdr *)p)->p_align;
	return ((const struct elf64_phdr *)p)->p_align;
}

static inline void elf_phdr_set_p_align(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_phdr *)p)->p_align = value;
	else
		((struct elf64_phdr *)p)->p_align = value;
}

static inline u32 elf_shdr_get_sh_type(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_type;
	return ((const struct elf64_shdr *)p)->sh_type;
}

static inline void elf_shdr_set_sh_type(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_type = value;
	else
		((struct elf64_shdr *)p)->sh_type = value;
}

static inline u32 elf_shdr_get_sh_flags(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_flags;
	return ((const struct elf64_shdr *)p)->sh_flags;
}

static inline void elf_shdr_set_sh_flags(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_flags = value;
	else
		((struct elf64_shdr *)p)->sh_flags = value;
}

static inline u16 elf_shdr_get_sh_entsize(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_entsize;
	return ((const struct elf64_shdr *)p)->sh_entsize;
}

static inline void elf_shdr_set_sh_entsize(u8 class, void *p, u16 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_entsize = value;
	else
		((struct elf64_shdr *)p)->sh_entsize = value;
}

static inline u64 elf_shdr_get_sh_size(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_size;
	return ((const struct elf64_shdr *)p)->sh_size;
}

static inline void elf_shdr_set_sh_size(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_size = value;
	else
		((struct elf64_shdr *)p)->sh_size = value;
}

static inline u64 elf_shdr_get_sh_offset(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_offset;
	return ((const struct elf64_shdr *)p)->sh_offset;
}

static inline void elf_shdr_set_sh_offset(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_offset = value;
	else
		((struct elf64_shdr *)p)->sh_offset = value;
}

static inline u32 elf_shdr_get_sh_name(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_name;
	return ((const struct elf64_shdr *)p)->sh_name;
}

static inline void elf_shdr_set_sh_name(u8 class, void *p, u32 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_name = value;
	else
		((struct elf64_shdr *)p)->sh_name = value;
}

static inline u64 elf_shdr_get_sh_addr(u8 class, const void *p)
{
	if (class == ELFCLASS32)
		return ((const struct elf32_shdr *)p)->sh_addr;
	return ((const struct elf64_shdr *)p)->sh_addr;
}

static inline void elf_shdr_set_sh_addr(u8 class, void *p, u64 value)
{
	if (class == ELFCLASS32)
		((struct elf32_shdr *)p)->sh_addr = value;
	else
		((struct elf64_shdr *)p)->sh_addr = value;
}

/* elf_size_of_<kind>(class): sizeof the struct of that class. */
static inline unsigned long elf_size_of_hdr(u8 class)
{
	return class == ELFCLASS32 ? sizeof(struct elf32_hdr) : sizeof(struct elf64_hdr);
}

static inline unsigned long elf_size_of_phdr(u8 class)
{
	return class == ELFCLASS32 ? sizeof(struct elf32_phdr) : sizeof(struct elf64_phdr);
}

static inline unsigned long elf_size_of_shdr(u8 class)
{
	return class == ELFCLASS32 ? sizeof(struct elf32_shdr) : sizeof(struct elf64_shdr);
}

#endif /* _REMOTEPROC_ELF_HELPERS_H */
