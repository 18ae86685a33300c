// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_rproc_elf: the ELF firmware loader against valid ELF32 and ELF64 images,
 * one row per hostile image (per class) with its expected errno, loading into a fake
 * carveout, and every truncation of a small valid image.
 *
 * Images are described class-neutrally by a small builder, written out as ELF32 or ELF64,
 * then copied into an allocation of exactly the size under test, so that KASAN catches any
 * read past the end.
 */

#include <asm/unaligned.h>
#include <kunit/test.h>
#include <linux/amp/rproc_elf.h>
#include <linux/bits.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define EB_CAP		1024
#define EB_MAX_PH	4
#define EB_MAX_SH	6

/* The fake carveout: device addresses [CO_DA, CO_DA + CO_SIZE), filled with CO_FILL. */
#define CO_DA		0x5f000000ULL
#define CO_SIZE		0x1000
#define CO_FILL		0xee

/*
 * The standard image, laid out alike for both classes (room for the larger ELF64 headers):
 *   0x000 ELF header, 0x040 three program headers (text, resource table, GNU stack),
 *   0x100 text segment data, 0x140 resource table segment data, 0x160 section names,
 *   0x190 five section headers (null, .text, .resource_table, .bss, .shstrtab): the end.
 * The text segment has 0x40 bytes in the file and 0x80 in memory (the rest is .bss).
 */
#define STD_PHOFF		0x40
#define STD_SEG0_OFF		0x100
#define STD_SEG0_FILESZ		0x40
#define STD_SEG0_MEMSZ		0x80
#define STD_SEG0_DA		(CO_DA + 0x100)
#define STD_SEG0_BYTE		0x10
#define STD_SEG1_OFF		0x140
#define STD_SEG1_SIZE		0x20
#define STD_SEG1_DA		(CO_DA + 0x800)
#define STD_SEG1_BYTE		0xa0
#define STD_SHSTRTAB_OFF	0x160
#define STD_SHOFF		0x190

enum { STD_PH_TEXT, STD_PH_RSC, STD_PH_STACK, STD_PH_NUM };
enum { STD_SH_NULL, STD_SH_TEXT, STD_SH_RSC, STD_SH_BSS, STD_SH_SHSTRTAB, STD_SH_NUM };

/* The minimal image: ELF header, one program header at 0x40, then its 16 bytes of data. */
#define MIN_PHOFF	0x40
#define MIN_FILESZ	0x10
#define MIN_MEMSZ	0x20

/**
 * struct eb_phdr - a program header, class-neutral
 * @type: p_type
 * @offset: p_offset
 * @paddr: p_paddr
 * @filesz: p_filesz
 * @memsz: p_memsz
 */
struct eb_phdr {
	u32 type;
	u64 offset;
	u64 paddr;
	u64 filesz;
	u64 memsz;
};

/**
 * struct eb_shdr - a section header, class-neutral
 * @name: sh_name
 * @type: sh_type
 * @addr: sh_addr
 * @offset: sh_offset
 * @size: sh_size
 */
struct eb_shdr {
	u32 name;
	u32 type;
	u64 addr;
	u64 offset;
	u64 size;
};

/**
 * struct eb - builder of an ELF image
 * @buf: the image; zeroed, data blobs written directly, headers written by eb_emit()
 * @test: the running test, for assertions on the builder's own limits
 * @is64: write the headers as ELF64 (else ELF32)
 * @check_machine: the machine to pass to amp_elf_check()
 * @ident: e_ident
 * @type: e_type
 * @machine: e_machine
 * @version: e_version
 * @entry: e_entry
 * @phoff: e_phoff
 * @phentsize: e_phentsize
 * @phnum: e_phnum
 * @shoff: e_shoff
 * @shentsize: e_shentsize
 * @shnum: e_shnum
 * @shstrndx: e_shstrndx
 * @ph_at: where the @nr_ph program headers are written (whatever @phoff says)
 * @nr_ph: number of program headers written
 * @ph: the program headers
 * @sh_at: where the @nr_sh section headers are written (whatever @shoff says)
 * @nr_sh: number of section headers written
 * @sh: the section headers
 * @strtab_len: bytes of section names written at %STD_SHSTRTAB_OFF
 * @size: the image's natural size
 */
struct eb {
	u8 buf[EB_CAP] __aligned(8);
	struct kunit *test;
	bool is64;
	u16 check_machine;
	u8 ident[EI_NIDENT];
	u16 type;
	u16 machine;
	u32 version;
	u64 entry;
	u64 phoff;
	u16 phentsize;
	u16 phnum;
	u64 shoff;
	u16 shentsize;
	u16 shnum;
	u16 shstrndx;
	size_t ph_at;
	unsigned int nr_ph;
	struct eb_phdr ph[EB_MAX_PH];
	size_t sh_at;
	unsigned int nr_sh;
	struct eb_shdr sh[EB_MAX_SH];
	size_t strtab_len;
	size_t size;
};

/* Writes a little-endian header field, which must be able to hold @val. */
#define EB_PUT(b, field, val)	eb_put((b), &(field), sizeof(field), (val))

static void eb_put(struct eb *b, void *field, size_t len, u64 val)
{
	KUNIT_ASSERT_TRUE_MSG(b->test, len == sizeof(u64) || !(val >> (8 * len)),
			      "0x%llx does not fit in %zu bytes", val, len);
	if (len == sizeof(u16))
		put_unaligned_le16(val, field);
	else if (len == sizeof(u32))
		put_unaligned_le32(val, field);
	else
		put_unaligned_le64(val, field);
}

static void *eb_at(struct eb *b, size_t offset, size_t len)
{
	KUNIT_ASSERT_LE(b->test, offset + len, sizeof(b->buf));
	return b->buf + offset;
}

/* The largest offset or address of the class. */
static u64 eb_max(struct eb *b)
{
	return b->is64 ? U64_MAX : U32_MAX;
}

static size_t eb_ehdr_size(struct eb *b)
{
	return b->is64 ? sizeof(struct elf64_hdr) : sizeof(struct elf32_hdr);
}

static u16 eb_phdr_size(struct eb *b)
{
	return b->is64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr);
}

static u16 eb_shdr_size(struct eb *b)
{
	return b->is64 ? sizeof(struct elf64_shdr) : sizeof(struct elf32_shdr);
}

static void eb_emit64(struct eb *b)
{
	struct elf64_hdr *eh = eb_at(b, 0, sizeof(*eh));
	unsigned int i;

	EB_PUT(b, eh->e_type, b->type);
	EB_PUT(b, eh->e_machine, b->machine);
	EB_PUT(b, eh->e_version, b->version);
	EB_PUT(b, eh->e_entry, b->entry);
	EB_PUT(b, eh->e_phoff, b->phoff);
	EB_PUT(b, eh->e_shoff, b->shoff);
	EB_PUT(b, eh->e_ehsize, sizeof(*eh));
	EB_PUT(b, eh->e_phentsize, b->phentsize);
	EB_PUT(b, eh->e_phnum, b->phnum);
	EB_PUT(b, eh->e_shentsize, b->shentsize);
	EB_PUT(b, eh->e_shnum, b->shnum);
	EB_PUT(b, eh->e_shstrndx, b->shstrndx);
	for (i = 0; i < b->nr_ph; i++) {
		struct elf64_phdr *ph = eb_at(b, b->ph_at + i * sizeof(*ph), sizeof(*ph));

		EB_PUT(b, ph->p_type, b->ph[i].type);
		EB_PUT(b, ph->p_offset, b->ph[i].offset);
		EB_PUT(b, ph->p_vaddr, b->ph[i].paddr);
		EB_PUT(b, ph->p_paddr, b->ph[i].paddr);
		EB_PUT(b, ph->p_filesz, b->ph[i].filesz);
		EB_PUT(b, ph->p_memsz, b->ph[i].memsz);
	}
	for (i = 0; i < b->nr_sh; i++) {
		struct elf64_shdr *sh = eb_at(b, b->sh_at + i * sizeof(*sh), sizeof(*sh));

		EB_PUT(b, sh->sh_name, b->sh[i].name);
		EB_PUT(b, sh->sh_type, b->sh[i].type);
		EB_PUT(b, sh->sh_addr, b->sh[i].addr);
		EB_PUT(b, sh->sh_offset, b->sh[i].offset);
		EB_PUT(b, sh->sh_size, b->sh[i].size);
	}
}

static void eb_emit32(struct eb *b)
{
	struct elf32_hdr *eh = eb_at(b, 0, sizeof(*eh));
	unsigned int i;

	EB_PUT(b, eh->e_type, b->type);
	EB_PUT(b, eh->e_machine, b->machine);
	EB_PUT(b, eh->e_version, b->version);
	EB_PUT(b, eh->e_entry, b->entry);
	EB_PUT(b, eh->e_phoff, b->phoff);
	EB_PUT(b, eh->e_shoff, b->shoff);
	EB_PUT(b, eh->e_ehsize, sizeof(*eh));
	EB_PUT(b, eh->e_phentsize, b->phentsize);
	EB_PUT(b, eh->e_phnum, b->phnum);
	EB_PUT(b, eh->e_shentsize, b->shentsize);
	EB_PUT(b, eh->e_shnum, b->shnum);
	EB_PUT(b, eh->e_shstrndx, b->shstrndx);
	for (i = 0; i < b->nr_ph; i++) {
		struct elf32_phdr *ph = eb_at(b, b->ph_at + i * sizeof(*ph), sizeof(*ph));

		EB_PUT(b, ph->p_type, b->ph[i].type);
		EB_PUT(b, ph->p_offset, b->ph[i].offset);
		EB_PUT(b, ph->p_vaddr, b->ph[i].paddr);
		EB_PUT(b, ph->p_paddr, b->ph[i].paddr);
		EB_PUT(b, ph->p_filesz, b->ph[i].filesz);
		EB_PUT(b, ph->p_memsz, b->ph[i].memsz);
	}
	for (i = 0; i < b->nr_sh; i++) {
		struct elf32_shdr *sh = eb_at(b, b->sh_at + i * sizeof(*sh), sizeof(*sh));

		EB_PUT(b, sh->sh_name, b->sh[i].name);
		EB_PUT(b, sh->sh_type, b->sh[i].type);
		EB_PUT(b, sh->sh_addr, b->sh[i].addr);
		EB_PUT(b, sh->sh_offset, b->sh[i].offset);
		EB_PUT(b, sh->sh_size, b->sh[i].size);
	}
}

/* Writes e_ident and the headers into @b->buf. */
static void eb_emit(struct eb *b)
{
	memcpy(b->buf, b->ident, EI_NIDENT);
	if (b->is64)
		eb_emit64(b);
	else
		eb_emit32(b);
}

static void eb_fill(struct eb *b, size_t offset, size_t len, u8 first)
{
	u8 *p = eb_at(b, offset, len);
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = first + i;
}

/* Appends @name to the section names at %STD_SHSTRTAB_OFF; returns its sh_name. */
static u32 eb_add_name(struct eb *b, const char *name)
{
	size_t len = strlen(name) + 1;
	u32 off = b->strtab_len;

	KUNIT_ASSERT_LE(b->test, STD_SHSTRTAB_OFF + off + len, STD_SHOFF);
	memcpy(b->buf + STD_SHSTRTAB_OFF + off, name, len);
	b->strtab_len += len;
	return off;
}

/* A valid executable's identification and ELF header, without tables. */
static void eb_start(struct eb *b)
{
	memcpy(b->ident, ELFMAG, SELFMAG);
	b->ident[EI_CLASS] = b->is64 ? ELFCLASS64 : ELFCLASS32;
	b->ident[EI_DATA] = ELFDATA2LSB;
	b->ident[EI_VERSION] = EV_CURRENT;
	b->type = ET_EXEC;
	b->machine = b->is64 ? EM_AARCH64 : EM_ARM;
	b->check_machine = b->machine;
	b->version = EV_CURRENT;
	b->phentsize = eb_phdr_size(b);
}

static void eb_standard_segments(struct eb *b)
{
	b->phoff = STD_PHOFF;
	b->ph_at = STD_PHOFF;
	b->phnum = STD_PH_NUM;
	b->nr_ph = STD_PH_NUM;
	b->ph[STD_PH_TEXT] = (struct eb_phdr){
		.type = PT_LOAD,
		.offset = STD_SEG0_OFF,
		.paddr = STD_SEG0_DA,
		.filesz = STD_SEG0_FILESZ,
		.memsz = STD_SEG0_MEMSZ,
	};
	b->ph[STD_PH_RSC] = (struct eb_phdr){
		.type = PT_LOAD,
		.offset = STD_SEG1_OFF,
		.paddr = STD_SEG1_DA,
		.filesz = STD_SEG1_SIZE,
		.memsz = STD_SEG1_SIZE,
	};
	b->ph[STD_PH_STACK] = (struct eb_phdr){ .type = PT_GNU_STACK };
	eb_fill(b, STD_SEG0_OFF, STD_SEG0_FILESZ, STD_SEG0_BYTE);
	eb_fill(b, STD_SEG1_OFF, STD_SEG1_SIZE, STD_SEG1_BYTE);
}

static void eb_standard_sections(struct eb *b)
{
	b->shoff = STD_SHOFF;
	b->sh_at = STD_SHOFF;
	b->shentsize = eb_shdr_size(b);
	b->shnum = STD_SH_NUM;
	b->nr_sh = STD_SH_NUM;
	b->shstrndx = STD_SH_SHSTRTAB;
	b->sh[STD_SH_NULL].name = eb_add_name(b, "");
	b->sh[STD_SH_TEXT] = (struct eb_shdr){
		.name = eb_add_name(b, ".text"),
		.type = SHT_PROGBITS,
		.addr = STD_SEG0_DA,
		.offset = STD_SEG0_OFF,
		.size = STD_SEG0_FILESZ,
	};
	b->sh[STD_SH_RSC] = (struct eb_shdr){
		.name = eb_add_name(b, ".resource_table"),
		.type = SHT_PROGBITS,
		.addr = STD_SEG1_DA,
		.offset = STD_SEG1_OFF,
		.size = STD_SEG1_SIZE,
	};
	b->sh[STD_SH_BSS] = (struct eb_shdr){
		.name = eb_add_name(b, ".bss"),
		.type = SHT_NOBITS,
		.addr = STD_SEG0_DA + STD_SEG0_FILESZ,
		.offset = STD_SEG0_OFF + STD_SEG0_FILESZ,
		.size = STD_SEG0_MEMSZ - STD_SEG0_FILESZ,
	};
	b->sh[STD_SH_SHSTRTAB].name = eb_add_name(b, ".shstrtab");
	b->sh[STD_SH_SHSTRTAB].type = SHT_STRTAB;
	b->sh[STD_SH_SHSTRTAB].offset = STD_SHSTRTAB_OFF;
	b->sh[STD_SH_SHSTRTAB].size = b->strtab_len;
}

static void eb_standard(struct eb *b)
{
	eb_start(b);
	b->entry = STD_SEG0_DA;
	eb_standard_segments(b);
	eb_standard_sections(b);
	b->size = STD_SHOFF + STD_SH_NUM * eb_shdr_size(b);
}

static void eb_minimal(struct eb *b)
{
	eb_start(b);
	b->entry = CO_DA;
	b->phoff = MIN_PHOFF;
	b->ph_at = MIN_PHOFF;
	b->phnum = 1;
	b->nr_ph = 1;
	b->ph[0] = (struct eb_phdr){
		.type = PT_LOAD,
		.offset = MIN_PHOFF + eb_phdr_size(b),
		.paddr = CO_DA,
		.filesz = MIN_FILESZ,
		.memsz = MIN_MEMSZ,
	};
	eb_fill(b, b->ph[0].offset, MIN_FILESZ, STD_SEG0_BYTE);
	b->size = b->ph[0].offset + MIN_FILESZ;
}

static struct eb *eb_new(struct kunit *test, bool is64)
{
	struct eb *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	b->test = test;
	b->is64 = is64;
	return b;
}

/* The image's first @size bytes, written out, in an allocation of exactly @size. */
static const void *eb_image(struct eb *b, size_t size)
{
	void *copy;

	KUNIT_ASSERT_LE(b->test, size, sizeof(b->buf));
	eb_emit(b);
	copy = kunit_kmalloc(b->test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(b->test, copy);
	memcpy(copy, b->buf, size);
	return copy;
}

/* The image as built, checked: the test stops unless amp_elf_check() accepts it. */
static void eb_checked(struct eb *b, size_t size, struct amp_elf_image *img)
{
	const void *data = eb_image(b, size);

	KUNIT_ASSERT_EQ(b->test, amp_elf_check(NULL, data, size, b->check_machine, img), 0);
}

/**
 * struct fake_carveout - memory standing in for a remote processor's carveout
 * @da: device address of its first byte
 * @size: its size
 * @mem: its contents
 * @lookups: calls of fake_da_to_va()
 */
struct fake_carveout {
	u64 da;
	size_t size;
	u8 *mem;
	unsigned int lookups;
};

static void *fake_da_to_va(void *priv, u64 da, size_t len, bool *is_iomem)
{
	struct fake_carveout *co = priv;

	co->lookups++;
	*is_iomem = false;
	if (da < co->da || da - co->da > co->size || len > co->size - (da - co->da))
		return NULL;
	return co->mem + (da - co->da);
}

static struct fake_carveout *fake_carveout_new(struct kunit *test)
{
	struct fake_carveout *co = kunit_kzalloc(test, sizeof(*co), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, co);
	co->da = CO_DA;
	co->size = CO_SIZE;
	co->mem = kunit_kmalloc(test, CO_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, co->mem);
	memset(co->mem, CO_FILL, CO_SIZE);
	return co;
}

static bool fake_carveout_untouched(const struct fake_carveout *co)
{
	return !memchr_inv(co->mem, CO_FILL, co->size);
}

/*
 * Rows: each builds an image and returns the size to check it with.
 */

struct elf_case {
	const char *name;
	size_t (*build)(struct eb *b);
	int expected;
	bool is64;
};

#define ELF_ROW(row, bits, err)	{ .name = #row "_elf" #bits, .build = build_##row,	\
				  .expected = (err), .is64 = (bits) == 64 }

static void elf_case_desc(const struct elf_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

/* Valid images. */

static size_t build_standard(struct eb *b)
{
	eb_standard(b);
	return b->size;
}

static size_t build_standard_with_slack(struct eb *b)
{
	eb_standard(b);
	return b->size + 40;
}

static size_t build_minimal(struct eb *b)
{
	eb_minimal(b);
	return b->size;
}

static size_t build_no_sections(struct eb *b)
{
	eb_standard(b);
	b->shoff = 0;
	b->shentsize = 0;
	b->shnum = 0;
	b->shstrndx = 0;
	return b->size;
}

static size_t build_no_sections_other_fields_ignored(struct eb *b)
{
	eb_standard(b);
	b->shoff = eb_max(b);
	b->shentsize = 1;
	b->shnum = 0;
	b->shstrndx = 7;
	return b->size;
}

static size_t build_machine_any(struct eb *b)
{
	eb_standard(b);
	b->machine = 0x1234;
	b->check_machine = 0;
	return b->size;
}

static size_t build_segment_filesz_zero(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_TEXT].filesz = 0;
	return b->size;
}

static size_t build_segment_memsz_zero_anywhere(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_STACK] = (struct eb_phdr){ .type = PT_LOAD, .paddr = eb_max(b) };
	return b->size;
}

static size_t build_non_load_segment_ignored(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_STACK] = (struct eb_phdr){
		.type = PT_NOTE,
		.offset = eb_max(b),
		.paddr = eb_max(b),
		.filesz = eb_max(b),
		.memsz = 1,
	};
	return b->size;
}

static size_t build_segment_at_carveout_end(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].paddr = CO_DA + CO_SIZE - STD_SEG1_SIZE;
	return b->size;
}

static size_t build_segment_fills_carveout(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_TEXT].paddr = CO_DA;
	b->ph[STD_PH_TEXT].memsz = CO_SIZE;
	return b->size;
}

/* Ends at 4 GiB (ELF32) or at the last byte of the 64-bit space (ELF64). */
static size_t build_segment_ends_at_address_space_end(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].paddr = (b->is64 ? U64_MAX : BIT_ULL(32)) - STD_SEG1_SIZE;
	return b->size;
}

static const struct elf_case valid_cases[] = {
	ELF_ROW(standard, 32, 0), ELF_ROW(standard, 64, 0),
	ELF_ROW(standard_with_slack, 32, 0), ELF_ROW(standard_with_slack, 64, 0),
	ELF_ROW(minimal, 32, 0), ELF_ROW(minimal, 64, 0),
	ELF_ROW(no_sections, 32, 0), ELF_ROW(no_sections, 64, 0),
	ELF_ROW(no_sections_other_fields_ignored, 32, 0),
	ELF_ROW(no_sections_other_fields_ignored, 64, 0),
	ELF_ROW(machine_any, 32, 0), ELF_ROW(machine_any, 64, 0),
	ELF_ROW(segment_filesz_zero, 32, 0), ELF_ROW(segment_filesz_zero, 64, 0),
	ELF_ROW(segment_memsz_zero_anywhere, 32, 0), ELF_ROW(segment_memsz_zero_anywhere, 64, 0),
	ELF_ROW(non_load_segment_ignored, 32, 0), ELF_ROW(non_load_segment_ignored, 64, 0),
	ELF_ROW(segment_at_carveout_end, 32, 0), ELF_ROW(segment_at_carveout_end, 64, 0),
	ELF_ROW(segment_fills_carveout, 32, 0), ELF_ROW(segment_fills_carveout, 64, 0),
	ELF_ROW(segment_ends_at_address_space_end, 32, 0),
	ELF_ROW(segment_ends_at_address_space_end, 64, 0),
};

KUNIT_ARRAY_PARAM(valid, valid_cases, elf_case_desc);

/* Valid images whose segments all lie in the fake carveout. */
static const struct elf_case loadable_cases[] = {
	ELF_ROW(standard, 32, 0), ELF_ROW(standard, 64, 0),
	ELF_ROW(minimal, 32, 0), ELF_ROW(minimal, 64, 0),
	ELF_ROW(no_sections, 32, 0), ELF_ROW(no_sections, 64, 0),
	ELF_ROW(segment_filesz_zero, 32, 0), ELF_ROW(segment_filesz_zero, 64, 0),
	ELF_ROW(segment_memsz_zero_anywhere, 32, 0), ELF_ROW(segment_memsz_zero_anywhere, 64, 0),
	ELF_ROW(non_load_segment_ignored, 32, 0), ELF_ROW(non_load_segment_ignored, 64, 0),
	ELF_ROW(segment_at_carveout_end, 32, 0), ELF_ROW(segment_at_carveout_end, 64, 0),
	ELF_ROW(segment_fills_carveout, 32, 0), ELF_ROW(segment_fills_carveout, 64, 0),
};

KUNIT_ARRAY_PARAM(loadable, loadable_cases, elf_case_desc);

/* Every prefix of these is checked; each failing prefix logs one line, so keep them small. */
static const struct elf_case prefix_cases[] = {
	ELF_ROW(minimal, 32, 0), ELF_ROW(minimal, 64, 0),
};

KUNIT_ARRAY_PARAM(prefix, prefix_cases, elf_case_desc);

/* The standard image of each class. */
static const struct elf_case class_cases[] = {
	ELF_ROW(standard, 32, 0), ELF_ROW(standard, 64, 0),
};

KUNIT_ARRAY_PARAM(class, class_cases, elf_case_desc);

/* Hostile images for amp_elf_check(): identification and ELF header. */

static size_t build_size_zero(struct eb *b)
{
	eb_standard(b);
	return 0;
}

static size_t build_ident_truncated(struct eb *b)
{
	eb_standard(b);
	return EI_NIDENT - 1;
}

static size_t build_header_truncated(struct eb *b)
{
	eb_standard(b);
	return eb_ehdr_size(b) - 1;
}

static size_t build_magic_bad(struct eb *b)
{
	eb_standard(b);
	b->ident[EI_MAG3] = 'f';
	return b->size;
}

static size_t build_class_none(struct eb *b)
{
	eb_standard(b);
	b->ident[EI_CLASS] = ELFCLASSNONE;
	return b->size;
}

static size_t build_class_unknown(struct eb *b)
{
	eb_standard(b);
	b->ident[EI_CLASS] = ELFCLASSNUM;
	return b->size;
}

static size_t build_data_big_endian(struct eb *b)
{
	eb_standard(b);
	b->ident[EI_DATA] = ELFDATA2MSB;
	return b->size;
}

static size_t build_data_none(struct eb *b)
{
	eb_standard(b);
	b->ident[EI_DATA] = ELFDATANONE;
	return b->size;
}

static size_t build_ident_version_none(struct eb *b)
{
	eb_standard(b);
	b->ident[EI_VERSION] = EV_NONE;
	return b->size;
}

static size_t build_version_two(struct eb *b)
{
	eb_standard(b);
	b->version = 2;
	return b->size;
}

static size_t build_type_rel(struct eb *b)
{
	eb_standard(b);
	b->type = ET_REL;
	return b->size;
}

static size_t build_type_dyn(struct eb *b)
{
	eb_standard(b);
	b->type = ET_DYN;
	return b->size;
}

static size_t build_machine_mismatch(struct eb *b)
{
	eb_standard(b);
	b->machine = EM_X86_64;
	return b->size;
}

/* Hostile images for amp_elf_check(): the program header table. */

static size_t build_phentsize_other_class(struct eb *b)
{
	eb_standard(b);
	b->phentsize = b->is64 ? sizeof(struct elf32_phdr) : sizeof(struct elf64_phdr);
	return b->size;
}

static size_t build_phentsize_zero(struct eb *b)
{
	eb_standard(b);
	b->phentsize = 0;
	return b->size;
}

static size_t build_phnum_zero(struct eb *b)
{
	eb_standard(b);
	b->phnum = 0;
	return b->size;
}

static size_t build_phoff_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->phoff = b->size - STD_PH_NUM * eb_phdr_size(b) + 1;
	return b->size;
}

static size_t build_phoff_max(struct eb *b)
{
	eb_standard(b);
	b->phoff = eb_max(b);
	return b->size;
}

static size_t build_phnum_max(struct eb *b)
{
	eb_standard(b);
	b->phnum = U16_MAX;
	return b->size;
}

/* Hostile images for amp_elf_check(): the section header table and the name table. */

static size_t build_shentsize_other_class(struct eb *b)
{
	eb_standard(b);
	b->shentsize = b->is64 ? sizeof(struct elf32_shdr) : sizeof(struct elf64_shdr);
	return b->size;
}

static size_t build_shentsize_zero(struct eb *b)
{
	eb_standard(b);
	b->shentsize = 0;
	return b->size;
}

static size_t build_shoff_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->shoff = STD_SHOFF + 1;
	return b->size;
}

static size_t build_shoff_max(struct eb *b)
{
	eb_standard(b);
	b->shoff = eb_max(b);
	return b->size;
}

static size_t build_shnum_max(struct eb *b)
{
	eb_standard(b);
	b->shnum = U16_MAX;
	return b->size;
}

static size_t build_file_truncated_by_one(struct eb *b)
{
	eb_standard(b);
	return b->size - 1;
}

static size_t build_shstrndx_at_shnum(struct eb *b)
{
	eb_standard(b);
	b->shstrndx = STD_SH_NUM;
	return b->size;
}

/* SHN_XINDEX (0xffff), which says the index is elsewhere: not supported. */
static size_t build_shstrndx_max(struct eb *b)
{
	eb_standard(b);
	b->shstrndx = U16_MAX;
	return b->size;
}

static size_t build_shstrtab_offset_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_SHSTRTAB].offset = b->size - b->strtab_len + 1;
	return b->size;
}

static size_t build_shstrtab_size_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_SHSTRTAB].size = b->size - STD_SHSTRTAB_OFF + 1;
	return b->size;
}

static size_t build_shstrtab_offset_max(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_SHSTRTAB].offset = eb_max(b);
	return b->size;
}

/* Hostile images for amp_elf_check(): PT_LOAD segments. */

static size_t build_segment_filesz_above_memsz(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].filesz = STD_SEG1_SIZE + 1;
	return b->size;
}

static size_t build_segment_offset_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].offset = b->size - STD_SEG1_SIZE + 1;
	return b->size;
}

static size_t build_segment_filesz_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_TEXT].filesz = b->size - STD_SEG0_OFF + 1;
	b->ph[STD_PH_TEXT].memsz = b->ph[STD_PH_TEXT].filesz;
	return b->size;
}

static size_t build_segment_offset_max(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].offset = eb_max(b);
	return b->size;
}

/* Past 2^64 (ELF64) or 4 GiB (ELF32). */
static size_t build_segment_paddr_past_address_space(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].paddr = eb_max(b) - STD_SEG1_SIZE + 2;
	return b->size;
}

static const struct elf_case check_hostile_cases[] = {
	ELF_ROW(size_zero, 32, -EINVAL), ELF_ROW(size_zero, 64, -EINVAL),
	ELF_ROW(ident_truncated, 32, -EINVAL), ELF_ROW(ident_truncated, 64, -EINVAL),
	ELF_ROW(header_truncated, 32, -EINVAL), ELF_ROW(header_truncated, 64, -EINVAL),
	ELF_ROW(magic_bad, 32, -ENOEXEC), ELF_ROW(magic_bad, 64, -ENOEXEC),
	ELF_ROW(class_none, 32, -ENOEXEC), ELF_ROW(class_none, 64, -ENOEXEC),
	ELF_ROW(class_unknown, 32, -ENOEXEC), ELF_ROW(class_unknown, 64, -ENOEXEC),
	ELF_ROW(data_big_endian, 32, -ENOEXEC), ELF_ROW(data_big_endian, 64, -ENOEXEC),
	ELF_ROW(data_none, 32, -ENOEXEC), ELF_ROW(data_none, 64, -ENOEXEC),
	ELF_ROW(ident_version_none, 32, -ENOEXEC), ELF_ROW(ident_version_none, 64, -ENOEXEC),
	ELF_ROW(version_two, 32, -ENOEXEC), ELF_ROW(version_two, 64, -ENOEXEC),
	ELF_ROW(type_rel, 32, -ENOEXEC), ELF_ROW(type_rel, 64, -ENOEXEC),
	ELF_ROW(type_dyn, 32, -ENOEXEC), ELF_ROW(type_dyn, 64, -ENOEXEC),
	ELF_ROW(machine_mismatch, 32, -ENOEXEC), ELF_ROW(machine_mismatch, 64, -ENOEXEC),
	ELF_ROW(phentsize_other_class, 32, -EINVAL), ELF_ROW(phentsize_other_class, 64, -EINVAL),
	ELF_ROW(phentsize_zero, 32, -EINVAL), ELF_ROW(phentsize_zero, 64, -EINVAL),
	ELF_ROW(phnum_zero, 32, -EINVAL), ELF_ROW(phnum_zero, 64, -EINVAL),
	ELF_ROW(phoff_beyond_file, 32, -EOVERFLOW), ELF_ROW(phoff_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(phoff_max, 32, -EOVERFLOW), ELF_ROW(phoff_max, 64, -EOVERFLOW),
	ELF_ROW(phnum_max, 32, -EOVERFLOW), ELF_ROW(phnum_max, 64, -EOVERFLOW),
	ELF_ROW(shentsize_other_class, 32, -EINVAL), ELF_ROW(shentsize_other_class, 64, -EINVAL),
	ELF_ROW(shentsize_zero, 32, -EINVAL), ELF_ROW(shentsize_zero, 64, -EINVAL),
	ELF_ROW(shoff_beyond_file, 32, -EOVERFLOW), ELF_ROW(shoff_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(shoff_max, 32, -EOVERFLOW), ELF_ROW(shoff_max, 64, -EOVERFLOW),
	ELF_ROW(shnum_max, 32, -EOVERFLOW), ELF_ROW(shnum_max, 64, -EOVERFLOW),
	ELF_ROW(file_truncated_by_one, 32, -EOVERFLOW),
	ELF_ROW(file_truncated_by_one, 64, -EOVERFLOW),
	ELF_ROW(shstrndx_at_shnum, 32, -EINVAL), ELF_ROW(shstrndx_at_shnum, 64, -EINVAL),
	ELF_ROW(shstrndx_max, 32, -EINVAL), ELF_ROW(shstrndx_max, 64, -EINVAL),
	ELF_ROW(shstrtab_offset_beyond_file, 32, -EOVERFLOW),
	ELF_ROW(shstrtab_offset_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(shstrtab_size_beyond_file, 32, -EOVERFLOW),
	ELF_ROW(shstrtab_size_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(shstrtab_offset_max, 32, -EOVERFLOW), ELF_ROW(shstrtab_offset_max, 64, -EOVERFLOW),
	ELF_ROW(segment_filesz_above_memsz, 32, -EINVAL),
	ELF_ROW(segment_filesz_above_memsz, 64, -EINVAL),
	ELF_ROW(segment_offset_beyond_file, 32, -EOVERFLOW),
	ELF_ROW(segment_offset_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(segment_filesz_beyond_file, 32, -EOVERFLOW),
	ELF_ROW(segment_filesz_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(segment_offset_max, 32, -EOVERFLOW), ELF_ROW(segment_offset_max, 64, -EOVERFLOW),
	ELF_ROW(segment_paddr_past_address_space, 32, -ERANGE),
	ELF_ROW(segment_paddr_past_address_space, 64, -ERANGE),
};

KUNIT_ARRAY_PARAM(check_hostile, check_hostile_cases, elf_case_desc);

/* Hostile images for amp_elf_load_segments(): well formed, but not for this carveout. */

static size_t build_segment_below_carveout(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_TEXT].paddr = CO_DA - 0x10;
	return b->size;
}

static size_t build_segment_past_carveout_end(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].paddr = CO_DA + CO_SIZE - STD_SEG1_SIZE + 4;
	return b->size;
}

static size_t build_segment_larger_than_carveout(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_TEXT].paddr = CO_DA;
	b->ph[STD_PH_TEXT].memsz = CO_SIZE + 1;
	return b->size;
}

static size_t build_second_segment_outside_carveout(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_RSC].paddr = 0x1000;
	return b->size;
}

static size_t build_segment_memsz_max(struct eb *b)
{
	eb_standard(b);
	b->ph[STD_PH_TEXT].paddr = 0;
	b->ph[STD_PH_TEXT].memsz = eb_max(b);
	return b->size;
}

static const struct elf_case load_hostile_cases[] = {
	ELF_ROW(segment_below_carveout, 32, -ERANGE), ELF_ROW(segment_below_carveout, 64, -ERANGE),
	ELF_ROW(segment_past_carveout_end, 32, -ERANGE),
	ELF_ROW(segment_past_carveout_end, 64, -ERANGE),
	ELF_ROW(segment_larger_than_carveout, 32, -ERANGE),
	ELF_ROW(segment_larger_than_carveout, 64, -ERANGE),
	ELF_ROW(second_segment_outside_carveout, 32, -ERANGE),
	ELF_ROW(second_segment_outside_carveout, 64, -ERANGE),
	ELF_ROW(segment_memsz_max, 32, -ERANGE), ELF_ROW(segment_memsz_max, 64, -ERANGE),
};

KUNIT_ARRAY_PARAM(load_hostile, load_hostile_cases, elf_case_desc);

/* The all-or-nothing rows: the first segment fits, the second does not. */
static const struct elf_case partial_cases[] = {
	ELF_ROW(second_segment_outside_carveout, 32, -ERANGE),
	ELF_ROW(second_segment_outside_carveout, 64, -ERANGE),
};

KUNIT_ARRAY_PARAM(partial, partial_cases, elf_case_desc);

/* Hostile images for amp_elf_find_section(".resource_table"): well formed headers. */

static size_t build_name_at_shstrtab_end(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_RSC].name = b->strtab_len;
	return b->size;
}

static size_t build_name_max(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_RSC].name = U32_MAX;
	return b->size;
}

static size_t build_earlier_name_beyond_shstrtab(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_TEXT].name = 0x1000;
	return b->size;
}

/* The name table ends five bytes into ".resource_table". */
static size_t build_name_unterminated(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_SHSTRTAB].size = b->sh[STD_SH_RSC].name + 5;
	return b->size;
}

static size_t build_section_offset_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_RSC].offset = b->size - STD_SEG1_SIZE + 1;
	return b->size;
}

static size_t build_section_size_beyond_file(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_RSC].size = b->size - STD_SEG1_OFF + 1;
	return b->size;
}

static size_t build_section_offset_max(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_RSC].offset = eb_max(b);
	return b->size;
}

static size_t build_section_size_max(struct eb *b)
{
	eb_standard(b);
	b->sh[STD_SH_RSC].size = eb_max(b);
	return b->size;
}

static const struct elf_case find_hostile_cases[] = {
	ELF_ROW(name_at_shstrtab_end, 32, -EINVAL), ELF_ROW(name_at_shstrtab_end, 64, -EINVAL),
	ELF_ROW(name_max, 32, -EINVAL), ELF_ROW(name_max, 64, -EINVAL),
	ELF_ROW(earlier_name_beyond_shstrtab, 32, -EINVAL),
	ELF_ROW(earlier_name_beyond_shstrtab, 64, -EINVAL),
	ELF_ROW(name_unterminated, 32, -EINVAL), ELF_ROW(name_unterminated, 64, -EINVAL),
	ELF_ROW(section_offset_beyond_file, 32, -EOVERFLOW),
	ELF_ROW(section_offset_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(section_size_beyond_file, 32, -EOVERFLOW),
	ELF_ROW(section_size_beyond_file, 64, -EOVERFLOW),
	ELF_ROW(section_offset_max, 32, -EOVERFLOW), ELF_ROW(section_offset_max, 64, -EOVERFLOW),
	ELF_ROW(section_size_max, 32, -EOVERFLOW), ELF_ROW(section_size_max, 64, -EOVERFLOW),
};

KUNIT_ARRAY_PARAM(find_hostile, find_hostile_cases, elf_case_desc);

/* Cases: amp_elf_check(). */

static void rproc_elf_check_accepts_valid(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;

	KUNIT_EXPECT_EQ(test, amp_elf_check(NULL, eb_image(b, size), size, b->check_machine,
					    &img), 0);
}

static void rproc_elf_check_describes_image(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	const void *data = eb_image(b, size);
	struct amp_elf_image img;

	KUNIT_ASSERT_EQ(test, amp_elf_check(NULL, data, size, b->machine, &img), 0);
	KUNIT_EXPECT_PTR_EQ(test, (const void *)img.data, data);
	KUNIT_EXPECT_EQ(test, img.size, size);
	KUNIT_EXPECT_EQ(test, img.is64, c->is64);
	KUNIT_EXPECT_EQ(test, img.entry, STD_SEG0_DA);
	KUNIT_EXPECT_EQ(test, img.machine, b->machine);
	KUNIT_EXPECT_EQ(test, img.phoff, STD_PHOFF);
	KUNIT_EXPECT_EQ(test, img.phentsize, eb_phdr_size(b));
	KUNIT_EXPECT_EQ(test, img.phnum, STD_PH_NUM);
	KUNIT_EXPECT_EQ(test, img.shoff, STD_SHOFF);
	KUNIT_EXPECT_EQ(test, img.shentsize, eb_shdr_size(b));
	KUNIT_EXPECT_EQ(test, img.shnum, STD_SH_NUM);
	KUNIT_EXPECT_EQ(test, img.shstrndx, STD_SH_SHSTRTAB);
	KUNIT_EXPECT_EQ(test, img.shstrtab_offset, STD_SHSTRTAB_OFF);
	KUNIT_EXPECT_EQ(test, img.shstrtab_size, b->strtab_len);
}

static void rproc_elf_check_rejects_hostile(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img, before;

	memset(&img, 0x5a, sizeof(img));
	before = img;
	KUNIT_EXPECT_EQ(test, amp_elf_check(NULL, eb_image(b, size), size, b->check_machine,
					    &img), c->expected);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(&img, &before, sizeof(img)), 0,
			    "image description written on failure");
}

/* Every prefix of a valid image, each in an allocation of exactly its length, is rejected. */
static void rproc_elf_check_rejects_truncated_prefix(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;
	size_t len;

	eb_emit(b);
	for (len = 0; len < size; len++) {
		void *prefix = kmalloc(len, GFP_KERNEL);
		int ret;

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, prefix);
		memcpy(prefix, b->buf, len);
		ret = amp_elf_check(NULL, prefix, len, b->check_machine, &img);
		kfree(prefix);
		KUNIT_EXPECT_LT_MSG(test, ret, 0, "prefix of %zu bytes accepted", len);
	}
	KUNIT_EXPECT_EQ(test, amp_elf_check(NULL, eb_image(b, size), size, b->check_machine,
					    &img), 0);
}

static void rproc_elf_test_dev_release(struct device *dev)
{
}

/*
 * The dev_err() path: same verdict with a device as without. The device is initialised but
 * never added: a module's suites run before its sysfs entry can take a root device's link.
 */
static void rproc_elf_check_reports_against_device(struct kunit *test)
{
	struct eb *b = eb_new(test, true);
	size_t size = build_phoff_beyond_file(b);
	const void *data = eb_image(b, size);
	struct device *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);
	struct amp_elf_image img;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	device_initialize(dev);
	dev->release = rproc_elf_test_dev_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(dev, "amp_rproc_elf_test"), 0);
	KUNIT_EXPECT_EQ(test, amp_elf_check(dev, data, size, EM_AARCH64, &img), -EOVERFLOW);
	put_device(dev);
}

static void rproc_elf_rejects_null_arguments(struct kunit *test)
{
	struct fake_carveout *co = fake_carveout_new(test);
	struct eb *b = eb_new(test, true);
	size_t size = build_standard(b);
	struct amp_elf_image img, none = {};

	KUNIT_EXPECT_EQ(test, amp_elf_check(NULL, NULL, size, 0, &img), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_elf_check(NULL, eb_image(b, size), size, 0, NULL), -EINVAL);
	eb_checked(b, size, &img);
	KUNIT_EXPECT_EQ(test, amp_elf_load_segments(NULL, NULL, fake_da_to_va, co), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_elf_load_segments(NULL, &none, fake_da_to_va, co), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_elf_load_segments(NULL, &img, NULL, co), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, NULL, ".text", NULL, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &none, ".text", NULL, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, NULL, NULL, NULL, NULL), -EINVAL);
	KUNIT_EXPECT_TRUE(test, fake_carveout_untouched(co));
}

/* Cases: amp_elf_load_segments(). */

static void rproc_elf_load_segments_copies_filesz_and_zeroes_rest(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct fake_carveout *co = fake_carveout_new(test);
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	const u8 *seg0 = co->mem + (STD_SEG0_DA - CO_DA);
	const u8 *seg1 = co->mem + (STD_SEG1_DA - CO_DA);
	struct amp_elf_image img;
	size_t i;

	eb_checked(b, size, &img);
	KUNIT_ASSERT_EQ(test, amp_elf_load_segments(NULL, &img, fake_da_to_va, co), 0);
	for (i = 0; i < STD_SEG0_FILESZ; i++)
		KUNIT_EXPECT_EQ_MSG(test, seg0[i], (u8)(STD_SEG0_BYTE + i), "text byte %zu", i);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(seg0 + STD_SEG0_FILESZ, 0,
					     STD_SEG0_MEMSZ - STD_SEG0_FILESZ), NULL);
	for (i = 0; i < STD_SEG1_SIZE; i++)
		KUNIT_EXPECT_EQ_MSG(test, seg1[i], (u8)(STD_SEG1_BYTE + i), "table byte %zu", i);
	/* Nothing around the segments was written. */
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(co->mem, CO_FILL, STD_SEG0_DA - CO_DA), NULL);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(seg0 + STD_SEG0_MEMSZ, CO_FILL,
					     seg1 - (seg0 + STD_SEG0_MEMSZ)), NULL);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(seg1 + STD_SEG1_SIZE, CO_FILL,
					     co->mem + CO_SIZE - (seg1 + STD_SEG1_SIZE)), NULL);
}

/* Loads the rows' images and compares the carveout with a model of what loading does. */
static void rproc_elf_load_segments_loads_valid(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct fake_carveout *co = fake_carveout_new(test);
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	u8 *expected = kunit_kmalloc(test, CO_SIZE, GFP_KERNEL);
	struct amp_elf_image img;
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, expected);
	memset(expected, CO_FILL, CO_SIZE);
	for (i = 0; i < b->nr_ph; i++) {
		const struct eb_phdr *ph = &b->ph[i];
		u8 *at;

		if (ph->type != PT_LOAD || !ph->memsz)
			continue;
		KUNIT_ASSERT_GE(test, ph->paddr, CO_DA);
		KUNIT_ASSERT_LE(test, ph->paddr - CO_DA + ph->memsz, CO_SIZE);
		KUNIT_ASSERT_LE(test, ph->offset + ph->filesz, sizeof(b->buf));
		at = expected + (ph->paddr - CO_DA);
		memcpy(at, b->buf + ph->offset, ph->filesz);
		memset(at + ph->filesz, 0, ph->memsz - ph->filesz);
	}

	eb_checked(b, size, &img);
	KUNIT_ASSERT_EQ(test, amp_elf_load_segments(NULL, &img, fake_da_to_va, co), 0);
	KUNIT_EXPECT_EQ(test, memcmp(co->mem, expected, CO_SIZE), 0);
}

static void rproc_elf_load_segments_rejects_hostile(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct fake_carveout *co = fake_carveout_new(test);
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;

	eb_checked(b, size, &img);
	KUNIT_EXPECT_EQ(test, amp_elf_load_segments(NULL, &img, fake_da_to_va, co), c->expected);
	KUNIT_EXPECT_TRUE_MSG(test, fake_carveout_untouched(co), "carveout written on failure");
}

/*
 * No partial state: the first segment fits and is looked up, the second does not fit, and
 * the first segment's memory still holds the fill pattern.
 */
static void rproc_elf_load_segments_is_all_or_nothing(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct fake_carveout *co = fake_carveout_new(test);
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;

	eb_checked(b, size, &img);
	KUNIT_EXPECT_EQ(test, amp_elf_load_segments(NULL, &img, fake_da_to_va, co), c->expected);
	KUNIT_EXPECT_EQ(test, co->lookups, 2);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(co->mem + (STD_SEG0_DA - CO_DA), CO_FILL,
					     STD_SEG0_MEMSZ), NULL);
	KUNIT_EXPECT_TRUE(test, fake_carveout_untouched(co));
}

/* Cases: amp_elf_find_section(). */

static void rproc_elf_find_section_finds_sections(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;
	u64 addr, offset, len;

	b->sh[STD_SH_BSS].offset = eb_max(b);
	eb_checked(b, size, &img);

	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, ".resource_table", &addr, &offset,
						   &len), 0);
	KUNIT_EXPECT_EQ(test, addr, STD_SEG1_DA);
	KUNIT_EXPECT_EQ(test, offset, STD_SEG1_OFF);
	KUNIT_EXPECT_EQ(test, len, STD_SEG1_SIZE);

	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, ".text", &addr, &offset, &len), 0);
	KUNIT_EXPECT_EQ(test, addr, STD_SEG0_DA);
	KUNIT_EXPECT_EQ(test, offset, STD_SEG0_OFF);
	KUNIT_EXPECT_EQ(test, len, STD_SEG0_FILESZ);

	/* SHT_NOBITS: found although its offset is beyond the file. */
	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, ".bss", &addr, &offset, &len), 0);
	KUNIT_EXPECT_EQ(test, addr, STD_SEG0_DA + STD_SEG0_FILESZ);
	KUNIT_EXPECT_EQ(test, offset, eb_max(b));
	KUNIT_EXPECT_EQ(test, len, STD_SEG0_MEMSZ - STD_SEG0_FILESZ);

	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, ".shstrtab", NULL, &offset, NULL),
			0);
	KUNIT_EXPECT_EQ(test, offset, STD_SHSTRTAB_OFF);
}

static void rproc_elf_find_section_reports_absent(struct kunit *test)
{
	static const char * const absent[] = { ".nosuch", "", ".tex", ".text.more", ".TEXT" };
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;
	u64 addr = 1, offset = 2, len = 3;
	unsigned int i;

	eb_checked(b, size, &img);
	for (i = 0; i < ARRAY_SIZE(absent); i++)
		KUNIT_EXPECT_EQ_MSG(test, amp_elf_find_section(NULL, &img, absent[i], &addr,
							       &offset, &len),
				    -ENOENT, "section \"%s\"", absent[i]);
	KUNIT_EXPECT_EQ(test, addr, 1);
	KUNIT_EXPECT_EQ(test, offset, 2);
	KUNIT_EXPECT_EQ(test, len, 3);

	b = eb_new(test, c->is64);
	size = build_no_sections(b);
	eb_checked(b, size, &img);
	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, ".resource_table", NULL, NULL,
						   NULL), -ENOENT);
}

static void rproc_elf_find_section_rejects_hostile(struct kunit *test)
{
	const struct elf_case *c = test->param_value;
	struct eb *b = eb_new(test, c->is64);
	size_t size = c->build(b);
	struct amp_elf_image img;
	u64 addr = 1, offset = 2, len = 3;

	eb_checked(b, size, &img);
	KUNIT_EXPECT_EQ(test, amp_elf_find_section(NULL, &img, ".resource_table", &addr, &offset,
						   &len), c->expected);
	KUNIT_EXPECT_EQ(test, addr, 1);
	KUNIT_EXPECT_EQ(test, offset, 2);
	KUNIT_EXPECT_EQ(test, len, 3);
}

static struct kunit_case amp_rproc_elf_cases[] = {
	KUNIT_CASE_PARAM(rproc_elf_check_accepts_valid, valid_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_check_describes_image, class_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_check_rejects_hostile, check_hostile_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_check_rejects_truncated_prefix, prefix_gen_params),
	KUNIT_CASE(rproc_elf_check_reports_against_device),
	KUNIT_CASE(rproc_elf_rejects_null_arguments),
	KUNIT_CASE_PARAM(rproc_elf_load_segments_copies_filesz_and_zeroes_rest, class_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_load_segments_loads_valid, loadable_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_load_segments_rejects_hostile, load_hostile_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_load_segments_is_all_or_nothing, partial_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_find_section_finds_sections, class_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_find_section_reports_absent, class_gen_params),
	KUNIT_CASE_PARAM(rproc_elf_find_section_rejects_hostile, find_hostile_gen_params),
	{}
};

static struct kunit_suite amp_rproc_elf_suite = {
	.name = "amp_rproc_elf",
	.test_cases = amp_rproc_elf_cases,
};

kunit_test_suite(amp_rproc_elf_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the AMP ELF firmware loader");
