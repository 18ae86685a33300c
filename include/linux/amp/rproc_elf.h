/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF firmware loader: checks an untrusted ELF32 or ELF64 executable, copies its loadable
 * segments into the remote processor's memory and finds its sections by name.
 *
 * Pure functions over a byte buffer: no firmware request, no memory mapping. The caller
 * passes the file and, for loading, a function translating a device address range into
 * a kernel pointer inside one of its carveouts.
 *
 *   offset 0    +------------------------+
 *               | ELF header             |  class, byte order, type, machine, tables
 *   e_phoff     | program headers        |  e_phnum x e_phentsize: PT_LOAD segments are
 *               |                        |  copied to p_paddr (p_filesz bytes, then zeros)
 *   p_offset    | segment data ...       |
 *   sh_offset   | section data ...       |  one of them the section name table
 *   e_shoff     | section headers        |  e_shnum x e_shentsize
 *   size        +------------------------+
 */

#ifndef _LINUX_AMP_RPROC_ELF_H
#define _LINUX_AMP_RPROC_ELF_H

#include <linux/types.h>

struct device;

/**
 * DOC: rules and their errors
 *
 * amp_elf_check() checks the headers and every program header; amp_elf_load_segments()
 * checks that every segment lies inside a carveout before it copies any; and
 * amp_elf_find_section() checks the names it compares and the section it returns. Each
 * failing call reports exactly one error naming the field and its value; only a section
 * that is absent is not reported. ELF32 fields are widened to u64. Rule -> error:
 *
 * * %-EINVAL: a NULL argument; the file is shorter than e_ident or than the ELF header of
 *   its class; e_phentsize or (when e_shnum is not 0) e_shentsize is not the size of its
 *   class's header; e_phnum is 0; e_shstrndx is not below e_shnum (when e_shnum is not 0);
 *   a PT_LOAD has p_filesz > p_memsz; a section's sh_name is not inside the section name
 *   table, or its name is not NUL-terminated inside it
 * * %-ENOEXEC: not an image this loader runs: bad magic; EI_CLASS neither ELFCLASS32 nor
 *   ELFCLASS64; EI_DATA not ELFDATA2LSB; EI_VERSION or e_version not EV_CURRENT; e_type
 *   not ET_EXEC; e_machine not the required machine
 * * %-EOVERFLOW: a range of the file is past its end or its end overflows: the program
 *   header table (e_phoff + e_phnum x e_phentsize), the section header table, the section
 *   name table's data, a PT_LOAD's p_offset + p_filesz, a returned section's
 *   sh_offset + sh_size (not for SHT_NOBITS)
 * * %-ERANGE: a PT_LOAD's device address range p_paddr + p_memsz wraps past 2^64 (ELF64)
 *   or ends above 4 GiB (ELF32), or p_memsz exceeds SIZE_MAX; amp_elf_load_segments(): a
 *   PT_LOAD with p_memsz > 0 is not entirely inside one carveout
 * * %-ENOENT: amp_elf_find_section(): no section of that name (not reported)
 */

/**
 * struct amp_elf_image - an ELF executable that amp_elf_check() accepted
 * @data: the file; it must stay unchanged while this description is in use
 * @size: size of the file in bytes
 * @is64: ELFCLASS64 (true) or ELFCLASS32 (false)
 * @entry: e_entry, the address the remote starts at
 * @machine: e_machine
 * @phoff: e_phoff, offset of the program header table
 * @phentsize: e_phentsize, the size of a program header of the class
 * @phnum: e_phnum, number of program headers, at least 1
 * @shoff: e_shoff, offset of the section header table (meaningful if @shnum)
 * @shentsize: e_shentsize, the size of a section header of the class (if @shnum)
 * @shnum: e_shnum, number of section headers, 0 if the file has none
 * @shstrndx: e_shstrndx, index of the section name table, below @shnum (if @shnum)
 * @shstrtab_offset: file offset of the section name table's data (if @shnum)
 * @shstrtab_size: size of the section name table's data (if @shnum)
 *
 * Every table and range described here lies inside [@data, @data + @size); so does every
 * PT_LOAD segment's file data.
 */
struct amp_elf_image {
	const u8 *data;
	size_t size;
	bool is64;
	u64 entry;
	u16 machine;
	u64 phoff;
	u16 phentsize;
	u16 phnum;
	u64 shoff;
	u16 shentsize;
	u16 shnum;
	u16 shstrndx;
	u64 shstrtab_offset;
	u64 shstrtab_size;
};

/*
 * Where amp_elf_load_segments() copies: a kernel pointer to @len bytes at device address
 * @da inside one carveout, or NULL; *@is_iomem set for an I/O mapping.
 */
typedef void *(*amp_elf_da_to_va_t)(void *priv, u64 da, size_t len, bool *is_iomem);

int amp_elf_check(struct device *dev, const void *data, size_t size, u16 machine,
		  struct amp_elf_image *img);
int amp_elf_load_segments(struct device *dev, const struct amp_elf_image *img,
			  amp_elf_da_to_va_t da_to_va, void *priv);
int amp_elf_find_section(struct device *dev, const struct amp_elf_image *img, const char *name,
			 u64 *addr, u64 *offset, u64 *size);

#endif /* _LINUX_AMP_RPROC_ELF_H */
