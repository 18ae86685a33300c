// SPDX-License-Identifier: GPL-2.0
/*
 * image-fuzz's mutator: libFuzzer's custom mutator and cross-over, which change an image
 * where the loader's decisions are, instead of in the bytes of its code and debug info.
 *
 * An input is parsed as a little-endian ELF64 or ELF32 file (whatever its flaws: every read
 * is bounds-checked, a field outside the file reads as 0 and is not written) and its
 * ".resource_table" section found. One to four mutations are stacked, each one of:
 *
 *   - libFuzzer's own byte mutations, over the whole file or over the table's bytes only
 *   - a field of a table entry set to a value that sits on a decision: AMP_RSC_ADDR_ANY,
 *     the edges of the platform's regions and of 4 GiB, sizes around them, counts and
 *     alignments around their limits, other entries' types, names of the regions
 *   - the table's shape: num, entries' offsets made to overlap, duplicate or point into the
 *     header, entries cloned over others, a new table built from plausible entries
 *   - an ELF header, program header or section header field (the table's section above
 *     all), the file truncated, an ELF64 image turned into the same image as ELF32
 *   - the harness's knobs (image_fuzz.h): a failing allocation, the DMA pool, a reboot, I/O
 *     memory, an ELF64-only remote
 */

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/amp/fw_ctl.h>
#include <linux/amp/rsc_table.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include "image_fuzz.h"

/* ---- randomness ------------------------------------------------------------------------- */

static u64 mut_state;

/* splitmix64: libFuzzer's seed in, a well-mixed stream out */
static u64 mut_rand(void)
{
	u64 z = (mut_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n is 0. */
static u64 mut_below(u64 n)
{
	return n ? mut_rand() % n : 0;
}

static bool mut_chance(unsigned int percent)
{
	return mut_below(100) < percent;
}

/* One element of an array (or of a compound literal: hence no ARRAY_SIZE()). */
#define mut_pick(arr)	((arr)[mut_below(sizeof(arr) / sizeof((arr)[0]))])

/* ---- the file, read and written in bounds ----------------------------------------------- */

struct mut_image {
	u8 *data;
	size_t size;
	bool is64;
	u64 phoff, shoff;
	unsigned int phnum, shnum, shstrndx;
	size_t phentsize, shentsize;
	u64 shstr_off, shstr_size;
	/* the .resource_table section: its header's file offset, its data's (clamped) */
	bool has_rsc;
	u64 rsc_shdr;
	u64 rsc_off, rsc_size;
};

/* [off, off + len) lies inside the file. */
static bool mut_in_file(const struct mut_image *im, u64 off, u64 len)
{
	return off <= im->size && len <= im->size - off;
}

static u64 mut_get(const struct mut_image *im, u64 off, unsigned int width)
{
	u64 v = 0;

	if (mut_in_file(im, off, width))
		memcpy(&v, im->data + off, width);
	return v;
}

static void mut_set(struct mut_image *im, u64 off, unsigned int width, u64 v)
{
	if (mut_in_file(im, off, width))
		memcpy(im->data + off, &v, width);
}

/* A header field: its offset and width in the ELF64 layout, then in the ELF32 one. */
struct mut_field {
	u8 off64, width64, off32, width32;
};

static u64 mut_field_get(const struct mut_image *im, u64 base, const struct mut_field *f)
{
	return im->is64 ? mut_get(im, base + f->off64, f->width64) :
			  mut_get(im, base + f->off32, f->width32);
}

static void mut_field_set(struct mut_image *im, u64 base, const struct mut_field *f, u64 v)
{
	if (im->is64)
		mut_set(im, base + f->off64, f->width64, v);
	else
		mut_set(im, base + f->off32, f->width32, v);
}

enum { E_TYPE, E_MACHINE, E_VERSION, E_ENTRY, E_PHOFF, E_SHOFF, E_PHENTSIZE, E_PHNUM,
	E_SHENTSIZE, E_SHNUM, E_SHSTRNDX, NR_EHDR_FIELDS };
static const struct mut_field ehdr_fields[NR_EHDR_FIELDS] = {
	[E_TYPE] = { 16, 2, 16, 2 },		[E_MACHINE] = { 18, 2, 18, 2 },
	[E_VERSION] = { 20, 4, 20, 4 },		[E_ENTRY] = { 24, 8, 24, 4 },
	[E_PHOFF] = { 32, 8, 28, 4 },		[E_SHOFF] = { 40, 8, 32, 4 },
	[E_PHENTSIZE] = { 54, 2, 42, 2 },	[E_PHNUM] = { 56, 2, 44, 2 },
	[E_SHENTSIZE] = { 58, 2, 46, 2 },	[E_SHNUM] = { 60, 2, 48, 2 },
	[E_SHSTRNDX] = { 62, 2, 50, 2 },
};

enum { P_TYPE, P_OFFSET, P_VADDR, P_PADDR, P_FILESZ, P_MEMSZ, P_FLAGS, P_ALIGN,
	NR_PHDR_FIELDS };
static const struct mut_field phdr_fields[NR_PHDR_FIELDS] = {
	[P_TYPE] = { 0, 4, 0, 4 },		[P_OFFSET] = { 8, 8, 4, 4 },
	[P_VADDR] = { 16, 8, 8, 4 },		[P_PADDR] = { 24, 8, 12, 4 },
	[P_FILESZ] = { 32, 8, 16, 4 },		[P_MEMSZ] = { 40, 8, 20, 4 },
	[P_FLAGS] = { 4, 4, 24, 4 },		[P_ALIGN] = { 48, 8, 28, 4 },
};

enum { SH_NAME, SH_TYPE, SH_FLAGS, SH_ADDR, SH_OFFSET, SH_SIZE, SH_LINK, SH_INFO,
	SH_ADDRALIGN, SH_ENTSIZE, NR_SHDR_FIELDS };
static const struct mut_field shdr_fields[NR_SHDR_FIELDS] = {
	[SH_NAME] = { 0, 4, 0, 4 },		[SH_TYPE] = { 4, 4, 4, 4 },
	[SH_FLAGS] = { 8, 8, 8, 4 },		[SH_ADDR] = { 16, 8, 12, 4 },
	[SH_OFFSET] = { 24, 8, 16, 4 },		[SH_SIZE] = { 32, 8, 20, 4 },
	[SH_LINK] = { 40, 4, 24, 4 },		[SH_INFO] = { 44, 4, 28, 4 },
	[SH_ADDRALIGN] = { 48, 8, 32, 4 },	[SH_ENTSIZE] = { 56, 8, 36, 4 },
};

static u64 mut_ehdr(const struct mut_image *im, unsigned int f)
{
	return mut_field_get(im, 0, &ehdr_fields[f]);
}

static u64 mut_phdr_base(const struct mut_image *im, unsigned int i)
{
	return im->phoff + (u64)i * (im->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr));
}

static u64 mut_shdr_base(const struct mut_image *im, unsigned int i)
{
	return im->shoff + (u64)i * (im->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr));
}

/* Section @i is called @name in the section name table. */
static bool mut_section_is(const struct mut_image *im, unsigned int i, const char *name)
{
	u64 off = mut_field_get(im, mut_shdr_base(im, i), &shdr_fields[SH_NAME]);
	size_t len = strlen(name) + 1;

	return mut_in_file(im, im->shstr_off, im->shstr_size) && off < im->shstr_size &&
	       len <= im->shstr_size - off && !memcmp(im->data + im->shstr_off + off, name, len);
}

/* Parses what can be parsed; false if the file is no little-endian ELF at all. */
static bool mut_parse(struct mut_image *im, u8 *data, size_t size)
{
	unsigned int i, shnum;

	memset(im, 0, sizeof(*im));
	im->data = data;
	im->size = size;
	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG) || data[EI_DATA] != ELFDATA2LSB ||
	    (data[EI_CLASS] != ELFCLASS64 && data[EI_CLASS] != ELFCLASS32))
		return false;
	im->is64 = data[EI_CLASS] == ELFCLASS64;
	im->phoff = mut_ehdr(im, E_PHOFF);
	im->shoff = mut_ehdr(im, E_SHOFF);
	im->phnum = mut_ehdr(im, E_PHNUM);
	im->shnum = mut_ehdr(im, E_SHNUM);
	im->shstrndx = mut_ehdr(im, E_SHSTRNDX);
	im->phentsize = im->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	im->shentsize = im->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (im->shstrndx < im->shnum) {
		u64 base = mut_shdr_base(im, im->shstrndx);

		im->shstr_off = mut_field_get(im, base, &shdr_fields[SH_OFFSET]);
		im->shstr_size = mut_field_get(im, base, &shdr_fields[SH_SIZE]);
	}
	shnum = min_t(unsigned int, im->shnum, 256);
	for (i = 0; i < shnum; i++) {
		u64 base = mut_shdr_base(im, i);

		if (!mut_section_is(im, i, ".resource_table"))
			continue;
		im->has_rsc = true;
		im->rsc_shdr = base;
		im->rsc_off = mut_field_get(im, base, &shdr_fields[SH_OFFSET]);
		im->rsc_size = mut_field_get(im, base, &shdr_fields[SH_SIZE]);
		if (im->rsc_off > size)
			im->rsc_off = size;
		im->rsc_size = min_t(u64, im->rsc_size, size - im->rsc_off);
		break;
	}
	return true;
}

/* ---- values on the loader's decisions --------------------------------------------------- */

static const u32 mut_addrs[] = {
	AMP_RSC_ADDR_ANY, 0, 1, 0x1000, 0x7fffffff, 0x80000000, 0xfffff000, 0xfffffffc,
	0xfffffffe, BOOT_FW_PA, BOOT_FW_PA + 0x1000, BOOT_FW_PA + 0x4000,
	BOOT_FW_PA + BOOT_FW_LEN - 0x1000, BOOT_FW_PA + BOOT_FW_LEN - 4, BOOT_FW_PA + BOOT_FW_LEN,
	BOOT_FW_PA - 0x1000, BOOT_VRING0_PA, BOOT_VRING0_PA + 0x100, BOOT_VRING1_PA,
	BOOT_VRING1_PA + BOOT_VRING_LEN, BOOT_BUFFER_PA, BOOT_BUFFER_PA + 0x1000,
	BOOT_BUFFER_PA + BOOT_BUFFER_LEN - 0x1000, BOOT_BUFFER_PA + BOOT_BUFFER_LEN,
	BOOT_DEVMEM_PA, BOOT_DEVMEM_PA + 0x800, BOOT_DEVMEM_PA + BOOT_DEVMEM_LEN, 0x09000000,
	0x40000000, 0x40001000, 0x40010000, 0x5b000000, 0x5e000000, 0x5effc000, 0xfc000000,
	0xfffe0000,
};

static const u32 mut_lens[] = {
	0, 1, 4, 0x100, 0xfff, 0x1000, 0x1001, 0x4000, 0x8000, 0x8001, 0x10000, 0x100000,
	0x100001, 0x3fffff, 0x400000, 0x400001, 0x800000, 0x800001, 0x1000000, 0x7fffffff,
	0x80000000, 0xfffff000, 0xffffffff,
};

static const char * const mut_names[] = {
	"firmware", "vdev0vring0", "vdev0vring1", "vdev0buffer", "vdev1vring0", "vdev1buffer",
	"devmem", "", "scratch",
};

/* An address: one on a decision, or one that makes [addr, addr + len) end on one. */
static u32 mut_addr(u32 len)
{
	u32 a = mut_pick(mut_addrs);

	switch (mut_below(6)) {
	case 0:
		return a - len;		/* ends at @a */
	case 1:
		return a - len + 4;	/* ends just past @a */
	case 2:
		return a + 4 * (u32)mut_below(16);
	default:
		return a;
	}
}

static u32 mut_len(void)
{
	u32 l = mut_pick(mut_lens);

	return mut_chance(20) ? l + 4 * (u32)mut_below(8) - 16 : l;
}

/* A 32-bit value near where the current one is, or an interesting one. */
static u64 mut_near(u64 v, u64 max)
{
	switch (mut_below(8)) {
	case 0:
		return v + 1;
	case 1:
		return v - 1;
	case 2:
		return v + mut_below(64);
	case 3:
		return 0;
	case 4:
		return max;
	case 5:
		return v ^ (1ULL << mut_below(64));
	case 6:
		return mut_rand();
	default:
		return v * 2;
	}
}

static u32 mut_type(void)
{
	static const u32 types[] = {
		RSC_CARVEOUT, RSC_DEVMEM, RSC_TRACE, RSC_VDEV, RSC_LAST, 127,
		RSC_VENDOR_START, 129, AMP_RSC_FW_CTL, 131, RSC_VENDOR_END - 1,
		RSC_VENDOR_END, RSC_VENDOR_END + 1, 0xffffffff,
	};

	return mut_chance(50) ? mut_below(RSC_LAST) : mut_pick(types);
}

static u32 mut_pow2(unsigned int max_shift)
{
	u32 v = 1U << mut_below(max_shift + 1);

	switch (mut_below(10)) {
	case 0:
		return 0;
	case 1:
		return v + 1;
	case 2:
		return v - 1;
	case 3:
		return v << 1;
	default:
		return v;
	}
}

/* ---- the resource table ----------------------------------------------------------------- */

#define T_HDR	sizeof(struct resource_table)

static u32 tbl_get(const struct mut_image *im, u64 off)
{
	return off + 4 <= im->rsc_size ? mut_get(im, im->rsc_off + off, 4) : 0;
}

static void tbl_set(struct mut_image *im, u64 off, u32 v)
{
	if (off + 4 <= im->rsc_size)
		mut_set(im, im->rsc_off + off, 4, v);
}

static void tbl_set8(struct mut_image *im, u64 off, u8 v)
{
	if (off < im->rsc_size)
		mut_set(im, im->rsc_off + off, 1, v);
}

/* Entries whose offset lies in the table: how many, at most 256. */
static unsigned int tbl_num(const struct mut_image *im)
{
	u64 fit = im->rsc_size >= T_HDR ? (im->rsc_size - T_HDR) / 4 : 0;

	return min_t(u64, min_t(u64, tbl_get(im, 4), fit), AMP_RSC_MAX_ENTRIES);
}

static u32 tbl_offset(const struct mut_image *im, unsigned int i)
{
	return tbl_get(im, T_HDR + 4 * i);
}

/* The bytes entry at @off spans (as amp_rsc_table_check() counts), for overlaps. */
static u64 tbl_span(const struct mut_image *im, u32 off)
{
	switch (tbl_get(im, off)) {
	case RSC_CARVEOUT:
	case RSC_DEVMEM:
		return 4 + sizeof(struct fw_rsc_carveout);
	case RSC_TRACE:
		return 4 + sizeof(struct fw_rsc_trace);
	case RSC_VDEV:
		return 4 + sizeof(struct fw_rsc_vdev) +
		       sizeof(struct fw_rsc_vdev_vring) * ((tbl_get(im, off + 24) >> 8) & 0xff);
	default:
		return 4;
	}
}

static void tbl_set_name(struct mut_image *im, u64 off, bool good)
{
	const char *name = mut_pick(mut_names);
	unsigned int i;

	if (!good && mut_chance(10)) {
		for (i = 0; i < AMP_RSC_NAME_LEN; i++)	/* no NUL */
			tbl_set8(im, off + i, 'x');
		return;
	}
	for (i = 0; i < AMP_RSC_NAME_LEN; i++)
		tbl_set8(im, off + i, i < strlen(name) ? name[i] : 0);
}

/* A carveout or devmem payload at @p (same layout). */
static void tbl_mutate_region(struct mut_image *im, u64 p)
{
	u32 len = tbl_get(im, p + 8);

	switch (mut_below(7)) {
	case 0:
		tbl_set(im, p, mut_addr(len));				/* da */
		break;
	case 1:
		tbl_set(im, p + 4, mut_addr(len));			/* pa */
		break;
	case 2:
		tbl_set(im, p + 8, mut_len());				/* len */
		break;
	case 3:	/* da = pa, both on a decision */
		tbl_set(im, p, mut_addr(len));
		tbl_set(im, p + 4, mut_chance(30) ? AMP_RSC_ADDR_ANY : tbl_get(im, p));
		break;
	case 4:
		tbl_set(im, p + (mut_chance(50) ? 12 : 16), mut_near(0, 0xffffffff));
		break;
	case 5:
		tbl_set_name(im, p + 20, false);
		break;
	default:	/* left to the host */
		tbl_set(im, p, AMP_RSC_ADDR_ANY);
		tbl_set(im, p + 4, AMP_RSC_ADDR_ANY);
		if (mut_chance(50))
			tbl_set(im, p + 8, mut_len());
		break;
	}
}

static void tbl_mutate_trace(struct mut_image *im, u64 p)
{
	switch (mut_below(4)) {
	case 0:
		tbl_set(im, p, mut_addr(tbl_get(im, p + 4)));
		break;
	case 1:
		tbl_set(im, p + 4, mut_len());
		break;
	case 2:
		tbl_set(im, p + 8, mut_near(0, 0xffffffff));
		break;
	default:
		tbl_set_name(im, p + 12, false);
		break;
	}
}

/* A vdev payload at @p; its vrings follow at p + 24, 20 bytes each. */
static void tbl_mutate_vdev(struct mut_image *im, u64 p)
{
	unsigned int nvr = (tbl_get(im, p + 20) >> 8) & 0xff;
	u64 vr = p + sizeof(struct fw_rsc_vdev) + 20 * mut_below(nvr ? nvr : 1);
	u64 end;

	switch (mut_below(12)) {
	case 0:	/* num_of_vrings */
		tbl_set8(im, p + 21, mut_chance(80) ? mut_below(AMP_RSC_VDEV_MAX_VRINGS + 2) :
			 mut_near(nvr, 255));
		break;
	case 1: /* config_len: none, small, exactly to the table's end, one past, huge */
		end = p + sizeof(struct fw_rsc_vdev) + 20ULL * nvr;
		switch (mut_below(5)) {
		case 0:
			tbl_set(im, p + 16, 0);
			break;
		case 1:
			tbl_set(im, p + 16, mut_below(64));
			break;
		case 2:
			tbl_set(im, p + 16, end <= im->rsc_size ? im->rsc_size - end : 0);
			break;
		case 3:
			tbl_set(im, p + 16, end <= im->rsc_size ? im->rsc_size - end + 1 : 1);
			break;
		default:
			tbl_set(im, p + 16, 0xffffffff - mut_below(64));
			break;
		}
		break;
	case 2: /* status, reserved */
		tbl_set8(im, p + 20 + (mut_chance(50) ? 0 : 2 + mut_below(2)), mut_rand());
		break;
	case 3:	/* id, notifyid, features */
		tbl_set(im, p + 4 * mut_below(4), mut_near(tbl_get(im, p), 0xffffffff));
		break;
	case 4:
	case 5:	/* vring da */
		tbl_set(im, vr, mut_chance(40) ? AMP_RSC_ADDR_ANY : mut_addr(0));
		break;
	case 6:	/* vring align */
		tbl_set(im, vr + 4, mut_pow2(31));
		break;
	case 7:	/* vring num */
		tbl_set(im, vr + 8, mut_pow2(16));
		break;
	case 8:	/* vring notifyid, pa */
		tbl_set(im, vr + (mut_chance(50) ? 12 : 16), mut_chance(50) ? mut_addr(0) :
			mut_near(0, 0xffffffff));
		break;
	case 9: /* a big ring at a region edge */
		tbl_set(im, vr + 8, AMP_RSC_VRING_MAX_NUM >> mut_below(8));
		tbl_set(im, vr + 4, 1U << mut_below(32));
		tbl_set(im, vr, mut_addr(0));
		break;
	default: /* a vring in one of the platform's regions, or left to it */
		tbl_set(im, vr, mut_chance(50) ? AMP_RSC_ADDR_ANY :
			mut_pick(((const u32[]){ BOOT_VRING0_PA, BOOT_VRING1_PA, BOOT_BUFFER_PA,
						 BOOT_FW_PA + 0x10000, 0x40000000 })));
		tbl_set(im, vr + 4, 1U << mut_below(13));
		tbl_set(im, vr + 8, 1U << mut_below(10));
		break;
	}
}

/* The control block (struct amp_fw_ctl after the type word): len, magic, version. */
static void tbl_mutate_ctl(struct mut_image *im, u64 p)
{
	static const u32 lens[] = {
		0, 8, 12, AMP_FW_CTL_MIN_LEN - 4, AMP_FW_CTL_MIN_LEN, AMP_FW_CTL_MIN_LEN + 2,
		sizeof(struct amp_fw_ctl), 0x10000, 0xffffffff,
	};

	switch (mut_below(4)) {
	case 0:
		tbl_set(im, p, mut_pick(lens));
		break;
	case 1:	/* exactly to the table's end, or one word past */
		tbl_set(im, p, p <= im->rsc_size ? im->rsc_size - p + 4 * mut_below(2) : 0);
		break;
	case 2:
		tbl_set(im, p + 4, mut_chance(50) ? AMP_FW_CTL_MAGIC : mut_rand());
		break;
	default:
		tbl_set(im, p + 8, mut_below(4));
		break;
	}
}

/* A field of entry @i, chosen by its type. */
static void tbl_mutate_entry(struct mut_image *im, unsigned int i)
{
	u32 off = tbl_offset(im, i);
	u64 p = (u64)off + 4;

	if (mut_chance(10)) {
		tbl_set(im, off, mut_type());
		return;
	}
	switch (tbl_get(im, off)) {
	case RSC_CARVEOUT:
	case RSC_DEVMEM:
		tbl_mutate_region(im, p);
		break;
	case RSC_TRACE:
		tbl_mutate_trace(im, p);
		break;
	case RSC_VDEV:
		tbl_mutate_vdev(im, p);
		break;
	case AMP_RSC_FW_CTL:
		tbl_mutate_ctl(im, p);
		break;
	default:
		tbl_set(im, off, mut_type());
		break;
	}
}

/* The table's header and offsets: entries that overlap, repeat, or point where they must not. */
static void tbl_mutate_shape(struct mut_image *im)
{
	unsigned int num = tbl_num(im), i = mut_below(num), j = mut_below(num);
	u64 hdr_end = T_HDR + 4ULL * num;
	u32 oj = tbl_offset(im, j);
	u64 fit = im->rsc_size >= T_HDR ? (im->rsc_size - T_HDR) / 4 : 0;

	switch (mut_below(11)) {
	case 0:	/* num */
		tbl_set(im, 4, mut_pick(((const u64[]){ 0, 1, num + 1, num - 1, fit, fit + 1,
						       AMP_RSC_MAX_ENTRIES,
						       AMP_RSC_MAX_ENTRIES + 1, 0x40000000,
						       0xffffffff })));
		break;
	case 1:	/* entry i inside entry j, a word or more past its start */
		tbl_set(im, T_HDR + 4 * i, oj + 4 * (1 + mut_below(tbl_span(im, oj) / 4 + 1)));
		if (mut_chance(50))
			tbl_set(im, tbl_offset(im, i), mut_type());
		break;
	case 2:	/* entry i is entry j */
		tbl_set(im, T_HDR + 4 * i, oj);
		break;
	case 3:	/* entry i right after entry j ends, or a word before */
		tbl_set(im, T_HDR + 4 * i, oj + tbl_span(im, oj) - 4 * mut_below(2));
		break;
	case 4: /* into the header, at its end, at the table's end, misaligned */
		tbl_set(im, T_HDR + 4 * i,
			mut_pick(((const u64[]){ 0, 4, 8, 12, T_HDR, hdr_end - 4, hdr_end,
						 im->rsc_size, im->rsc_size - 4,
						 im->rsc_size - 2, oj + 1, oj + 2, 0xffffffff })));
		break;
	case 5:	/* swap two entries */
		tbl_set(im, T_HDR + 4 * i, oj);
		tbl_set(im, T_HDR + 4 * j, tbl_offset(im, i));
		break;
	case 6:	/* version, reserved */
		tbl_set(im, 4 * (mut_chance(50) ? 0 : 2 + mut_below(2)), mut_below(3));
		break;
	case 7: { /* entry j's bytes copied over entry i's: two of a kind */
		u32 oi = tbl_offset(im, i);
		u64 n = min_t(u64, tbl_span(im, oj), 256), k;

		for (k = 0; k + 4 <= n; k += 4)
			tbl_set(im, oi + k, tbl_get(im, oj + k));
		break;
	}
	case 8: /* a vdev made to sit in another's vrings: as gen-bad-images' vdev-inside-vdev */
		tbl_set(im, T_HDR + 4 * i, oj + 4 + 16);
		tbl_set(im, oj + 4 + 16, RSC_VDEV);
		break;
	default:
		tbl_mutate_entry(im, i);
		break;
	}
}

/*
 * Addresses an entry the loader accepts is likely to have: inside the firmware region (above
 * where the reference image lies, 64 KiB apart) or one of the vdev's own regions.
 */
static u32 mut_good_addr(void)
{
	switch (mut_below(4)) {
	case 0:
		return BOOT_BUFFER_PA + 0x1000 * mut_below(BOOT_BUFFER_LEN / 0x1000);
	case 1:
		return mut_chance(50) ? BOOT_VRING0_PA : BOOT_VRING1_PA;
	default:
		return BOOT_FW_PA + 0x100000 + 0x10000 * mut_below(0x70);
	}
}

/*
 * An entry of @type at @off, within @room bytes; returns its size, 0 if none fits. If @good,
 * one the loader is likely to accept (other mutations break it), so that tables of many
 * entries get far.
 */
static u64 tbl_make_entry(struct mut_image *im, u64 off, u64 room, u32 type, bool good)
{
	u64 p = off + 4, need, i;
	unsigned int nvr;
	u32 len;

	switch (type) {
	case RSC_CARVEOUT:
	case RSC_DEVMEM:
		need = 4 + sizeof(struct fw_rsc_carveout);
		if (need > room)
			return 0;
		tbl_set(im, off, type);
		for (i = 0; i < need - 4; i += 4)
			tbl_set(im, p + i, 0);
		tbl_set_name(im, p + 20, good);
		if (type == RSC_DEVMEM) {
			len = good ? 0x100 << mut_below(5) : mut_len();
			tbl_set(im, p, good ? BOOT_DEVMEM_PA : mut_addr(len));
			tbl_set(im, p + 4, good ? BOOT_DEVMEM_PA : mut_addr(len));
		} else if (mut_chance(40)) {	/* left to the host */
			len = good ? 0x1000 << mut_below(10) : mut_len();
			tbl_set(im, p, AMP_RSC_ADDR_ANY);
			tbl_set(im, p + 4, AMP_RSC_ADDR_ANY);
		} else {
			len = good ? 0x1000 << mut_below(4) : mut_len();
			tbl_set(im, p, good ? mut_good_addr() : mut_addr(len));
			tbl_set(im, p + 4, mut_chance(50) ? AMP_RSC_ADDR_ANY : tbl_get(im, p));
		}
		tbl_set(im, p + 8, len);
		return need;
	case RSC_TRACE:
		need = 4 + sizeof(struct fw_rsc_trace);
		if (need > room)
			return 0;
		tbl_set(im, off, type);
		for (i = 0; i < need - 4; i += 4)
			tbl_set(im, p + i, 0);
		len = 0x1000 << mut_below(4);
		tbl_set(im, p + 4, len);
		tbl_set(im, p, good ? mut_good_addr() : mut_addr(len));
		tbl_set_name(im, p + 12, good);
		return need;
	case RSC_VDEV:
		nvr = 1 + mut_below(mut_chance(80) ? 2 : AMP_RSC_VDEV_MAX_VRINGS);
		need = 4 + sizeof(struct fw_rsc_vdev) + 20ULL * nvr;
		if (need > room)
			return 0;
		tbl_set(im, off, type);
		for (i = 0; i < need - 4; i += 4)
			tbl_set(im, p + i, 0);
		tbl_set(im, p, 7);			/* VIRTIO_ID_RPMSG */
		tbl_set(im, p + 4, mut_below(8));
		tbl_set(im, p + 8, 1);
		tbl_set8(im, p + 21, nvr);
		for (i = 0; i < nvr; i++) {
			u64 vr = p + sizeof(struct fw_rsc_vdev) + 20 * i;

			tbl_set(im, vr, mut_chance(50) ? AMP_RSC_ADDR_ANY :
				good ? mut_good_addr() : mut_addr(0) & ~0xfffU);
			tbl_set(im, vr + 4, 0x1000);
			tbl_set(im, vr + 8, 256);
			tbl_set(im, vr + 12, i);
		}
		return need;
	default:	/* vendor: the control block, or another vendor's few words */
		need = 4 + (type == AMP_RSC_FW_CTL ? sizeof(struct amp_fw_ctl) : 4 * mut_below(5));
		if (need > room)
			return 0;
		tbl_set(im, off, type);
		for (i = 4; i < need; i += 4)
			tbl_set(im, off + i, 0);
		if (type == AMP_RSC_FW_CTL) {
			tbl_set(im, p, sizeof(struct amp_fw_ctl));
			tbl_set(im, p + 4, AMP_FW_CTL_MAGIC);
			tbl_set(im, p + 8, AMP_FW_CTL_VERSION);
		}
		return need;
	}
}

/* A new table in the section's bytes: up to @max entries of types the loader handles. */
static void tbl_synthesize(struct mut_image *im, unsigned int max)
{
	static const u32 types[] = {
		RSC_CARVEOUT, RSC_CARVEOUT, RSC_DEVMEM, RSC_TRACE, RSC_VDEV,
		RSC_VDEV, AMP_RSC_FW_CTL, RSC_VENDOR_START,
	};
	unsigned int want = 1 + mut_below(max), n = 0, i;
	u64 off = T_HDR + 4ULL * want;
	/* sometimes all of one type: more of a kind than a table usually has */
	u32 only = mut_chance(25) ? mut_pick(types) : RSC_LAST;
	bool good = mut_chance(70);

	if (im->rsc_size < off)
		return;
	tbl_set(im, 0, AMP_RSC_TABLE_VERSION);
	tbl_set(im, 8, 0);
	tbl_set(im, 12, 0);
	for (i = 0; i < want; i++) {
		u64 used = tbl_make_entry(im, off, im->rsc_size - off,
					  only != RSC_LAST ? only : mut_pick(types), good);

		if (!used)
			continue;
		tbl_set(im, T_HDR + 4 * n++, off);
		off += used;
	}
	tbl_set(im, 4, n);
}

/*
 * The table moved where the file has room for a bigger one, and built anew there: into the
 * padding between the program headers and the first data of a section or segment (most of
 * 4 KiB in the reference images), its device address somewhere in the firmware region.
 */
static void tbl_relocate(struct mut_image *im)
{
	u64 start = ALIGN(max_t(u64, im->phoff + (u64)im->phnum * im->phentsize, 64), 16);
	u64 end = im->size, off, size;
	unsigned int i;

	for (i = 0; i < min_t(unsigned int, im->shnum, 256); i++) {
		u64 base = mut_shdr_base(im, i);
		u64 type = mut_field_get(im, base, &shdr_fields[SH_TYPE]);

		off = mut_field_get(im, base, &shdr_fields[SH_OFFSET]);
		if (type != SHT_NULL && type != SHT_NOBITS && off >= start && off < end)
			end = off;
	}
	for (i = 0; i < min_t(unsigned int, im->phnum, 256); i++) {
		off = mut_field_get(im, mut_phdr_base(im, i), &phdr_fields[P_OFFSET]);
		if (off >= start && off < end)
			end = off;
	}
	if (start >= im->size || end > im->size || end < start || end - start < 256)
		return;
	size = min_t(u64, end - start, 0x1000) & ~3ULL;
	mut_field_set(im, im->rsc_shdr, &shdr_fields[SH_OFFSET], start);
	mut_field_set(im, im->rsc_shdr, &shdr_fields[SH_SIZE], size);
	mut_field_set(im, im->rsc_shdr, &shdr_fields[SH_ADDR],
		      BOOT_FW_PA + 0x10000 + 8 * mut_below(0x1000));
	im->rsc_off = start;
	im->rsc_size = size;
	memset(im->data + start, 0, size);
	tbl_synthesize(im, 24);
}

/* libFuzzer's mutations of the table's bytes alone (the section keeps its size). */
static void tbl_mutate_bytes(struct mut_image *im)
{
	u8 *copy;
	size_t n;

	if (!im->rsc_size || im->rsc_size > 0x10000)
		return;
	copy = malloc(im->rsc_size);
	if (!copy)
		return;
	memcpy(copy, im->data + im->rsc_off, im->rsc_size);
	n = LLVMFuzzerMutate(copy, im->rsc_size, im->rsc_size);
	memcpy(im->data + im->rsc_off, copy, n);
	free(copy);
}

/* ---- the ELF headers -------------------------------------------------------------------- */

/* A 64-bit value for a file offset or size field: edges of the file and of the types. */
static u64 elf_offset(const struct mut_image *im, u64 cur)
{
	return mut_pick(((const u64[]){ 0, 1, im->size, im->size - 1, im->size + 1,
					im->size - cur, 0xffffffff, 0x100000000ULL,
					U64_MAX, U64_MAX - 0xf, cur + 1, cur - 1, cur + 8 }));
}

/* An address for a segment of @memsz bytes or the table: in, at and past the regions. */
static u64 elf_paddr(u64 memsz)
{
	u64 a = mut_chance(80) ? (u64)mut_pick(mut_addrs) : U64_MAX - 0xfff;

	switch (mut_below(4)) {
	case 0:
		return a - memsz;
	case 1:
		return a - memsz + 1;
	default:
		return a;
	}
}

static void elf_mutate_ehdr(struct mut_image *im)
{
	unsigned int f = mut_below(NR_EHDR_FIELDS);
	u64 cur = mut_ehdr(im, f);

	switch (f) {
	case E_PHOFF:
	case E_SHOFF:
		mut_field_set(im, 0, &ehdr_fields[f], elf_offset(im, cur));
		break;
	case E_PHNUM:
	case E_SHNUM:
	case E_SHSTRNDX:
		mut_field_set(im, 0, &ehdr_fields[f],
			      mut_pick(((const u64[]){ 0, 1, cur + 1, cur - 1, im->shnum,
						       im->shnum - 1, 0xffff })));
		break;
	case E_PHENTSIZE:
	case E_SHENTSIZE:
		mut_field_set(im, 0, &ehdr_fields[f],
			      mut_pick(((const u64[]){ 0, 32, 40, 56, 64, cur + 1 })));
		break;
	case E_TYPE:
		mut_field_set(im, 0, &ehdr_fields[f], mut_below(5));
		break;
	case E_MACHINE:
		mut_field_set(im, 0, &ehdr_fields[f], mut_chance(50) ? EM_AARCH64 : EM_X86_64);
		break;
	default:
		mut_field_set(im, 0, &ehdr_fields[f], mut_near(cur, 0xffffffff));
		break;
	}
}

static void elf_mutate_phdr(struct mut_image *im)
{
	unsigned int f = mut_below(NR_PHDR_FIELDS);
	u64 base = mut_phdr_base(im, mut_below(im->phnum ? im->phnum : 1));
	u64 cur = mut_field_get(im, base, &phdr_fields[f]);
	u64 filesz = mut_field_get(im, base, &phdr_fields[P_FILESZ]);
	u64 memsz = mut_field_get(im, base, &phdr_fields[P_MEMSZ]);

	switch (f) {
	case P_TYPE:
		mut_field_set(im, base, &phdr_fields[f],
			      mut_pick(((const u64[]){ PT_LOAD, PT_LOAD, PT_NULL, PT_NOTE,
						       PT_GNU_STACK, 0xffffffff })));
		break;
	case P_OFFSET:
		mut_field_set(im, base, &phdr_fields[f], mut_chance(30) ? im->size - filesz :
			      elf_offset(im, cur));
		break;
	case P_FILESZ:
		mut_field_set(im, base, &phdr_fields[f],
			      mut_pick(((const u64[]){ 0, memsz, memsz + 1, im->size, cur + 1,
						       U64_MAX })));
		break;
	case P_MEMSZ:
		mut_field_set(im, base, &phdr_fields[f],
			      mut_pick(((const u64[]){ 0, filesz, filesz - 1, BOOT_FW_LEN,
						       BOOT_FW_LEN + 1, BOOT_VRING_LEN,
						       0x100000000ULL, U64_MAX, cur * 2 })));
		break;
	case P_PADDR:
		mut_field_set(im, base, &phdr_fields[f], elf_paddr(memsz));
		break;
	default:
		mut_field_set(im, base, &phdr_fields[f], mut_near(cur, U64_MAX));
		break;
	}
}

/* A section header field; the table's own section most of the time. */
static void elf_mutate_shdr(struct mut_image *im)
{
	unsigned int f = mut_below(NR_SHDR_FIELDS);
	u64 base = im->has_rsc && mut_chance(70) ? im->rsc_shdr :
		   mut_shdr_base(im, mut_below(im->shnum ? im->shnum : 1));
	u64 cur = mut_field_get(im, base, &shdr_fields[f]);
	u64 size = mut_field_get(im, base, &shdr_fields[SH_SIZE]);

	switch (f) {
	case SH_NAME:
		mut_field_set(im, base, &shdr_fields[f],
			      mut_pick(((const u64[]){ 0, im->shstr_size, im->shstr_size - 1,
						       cur + 1, 0xffffffff })));
		break;
	case SH_TYPE:
		mut_field_set(im, base, &shdr_fields[f],
			      mut_pick(((const u64[]){ SHT_NULL, SHT_PROGBITS, SHT_NOBITS,
						       SHT_STRTAB })));
		break;
	case SH_OFFSET:
		mut_field_set(im, base, &shdr_fields[f], mut_chance(30) ? im->size - size :
			      elf_offset(im, cur));
		break;
	case SH_SIZE:
		mut_field_set(im, base, &shdr_fields[f],
			      mut_chance(50) ? cur + 4 * mut_below(9) - 16 : elf_offset(im, cur));
		break;
	case SH_ADDR:
		mut_field_set(im, base, &shdr_fields[f], elf_paddr(size));
		break;
	default:
		mut_field_set(im, base, &shdr_fields[f], mut_near(cur, U64_MAX));
		break;
	}
}

/* Cut the file where a structure ends or is half-way; returns the new size. */
static size_t elf_truncate(struct mut_image *im)
{
	u64 at[] = { EI_NIDENT, 51, 52, 63, 64, im->phoff + im->phentsize * im->phnum - 1,
		     im->rsc_off + im->rsc_size / 2, im->rsc_off + im->rsc_size,
		     im->rsc_off + im->rsc_size - 1, im->shoff + im->shentsize * im->shnum - 1,
		     im->size - 1 };
	u64 n = mut_pick(at);

	return n < im->size ? n : im->size;
}

/*
 * The same image as ELF32: each table rewritten in place at its offset (the 32-bit headers
 * are smaller), every field narrowed. Section and segment data stay where they are.
 */
static void elf_to_32(struct mut_image *im)
{
	Elf64_Ehdr eh;
	Elf32_Ehdr e32;
	unsigned int i, phnum, shnum;

	if (!im->is64 || im->size < sizeof(eh))
		return;
	memcpy(&eh, im->data, sizeof(eh));
	phnum = mut_in_file(im, im->phoff, (u64)im->phnum * sizeof(Elf64_Phdr)) ? im->phnum : 0;
	shnum = mut_in_file(im, im->shoff, (u64)im->shnum * sizeof(Elf64_Shdr)) ? im->shnum : 0;
	for (i = 0; i < phnum; i++) {
		Elf64_Phdr p;
		Elf32_Phdr q;

		memcpy(&p, im->data + im->phoff + i * sizeof(p), sizeof(p));
		q = (Elf32_Phdr){ p.p_type, p.p_offset, p.p_vaddr, p.p_paddr, p.p_filesz,
				  p.p_memsz, p.p_flags, p.p_align };
		memcpy(im->data + im->phoff + i * sizeof(q), &q, sizeof(q));
	}
	for (i = 0; i < shnum; i++) {
		Elf64_Shdr s;
		Elf32_Shdr t;

		memcpy(&s, im->data + im->shoff + i * sizeof(s), sizeof(s));
		t = (Elf32_Shdr){ s.sh_name, s.sh_type, s.sh_flags, s.sh_addr, s.sh_offset,
				  s.sh_size, s.sh_link, s.sh_info, s.sh_addralign, s.sh_entsize };
		memcpy(im->data + im->shoff + i * sizeof(t), &t, sizeof(t));
	}
	memcpy(e32.e_ident, eh.e_ident, EI_NIDENT);
	e32.e_ident[EI_CLASS] = ELFCLASS32;
	e32.e_type = eh.e_type;
	e32.e_machine = eh.e_machine;
	e32.e_version = eh.e_version;
	e32.e_entry = eh.e_entry;
	e32.e_phoff = eh.e_phoff;
	e32.e_shoff = eh.e_shoff;
	e32.e_flags = eh.e_flags;
	e32.e_ehsize = sizeof(e32);
	e32.e_phentsize = sizeof(Elf32_Phdr);
	e32.e_phnum = eh.e_phnum;
	e32.e_shentsize = sizeof(Elf32_Shdr);
	e32.e_shnum = eh.e_shnum;
	e32.e_shstrndx = eh.e_shstrndx;
	memcpy(im->data, &e32, sizeof(e32));
}

/* The harness's knobs, in e_ident's padding. */
static void mutate_knobs(struct mut_image *im)
{
	static const u8 flags[] = { BOOT_KNOB_REBOOT, BOOT_KNOB_IOMEM, BOOT_KNOB_ELF64 };

	switch (mut_below(3)) {
	case 0:
		im->data[BOOT_KNOB_FAIL_NTH] = mut_chance(30) ? 0 : 1 + mut_below(40);
		break;
	case 1:
		im->data[BOOT_KNOB_DMA_POOL] = mut_below(3);
		break;
	default:
		im->data[BOOT_KNOB_FLAGS] ^= mut_pick(flags);
		break;
	}
}

/* One mutation; returns the new size. */
static size_t mutate_once(u8 *data, size_t size, size_t max_size)
{
	struct mut_image im;
	unsigned int r = mut_below(100);

	if (!mut_parse(&im, data, size) || r < 20)
		return LLVMFuzzerMutate(data, size, max_size);
	if (im.has_rsc && im.rsc_size >= T_HDR) {
		if (r < 32) {
			tbl_mutate_bytes(&im);
			return size;
		}
		if (r < 60) {
			tbl_mutate_entry(&im, mut_below(tbl_num(&im)));
			return size;
		}
		if (r < 72) {
			tbl_mutate_shape(&im);
			return size;
		}
		if (r < 75) {
			tbl_synthesize(&im, 6);
			return size;
		}
		if (r < 76) {
			tbl_relocate(&im);
			return size;
		}
	}
	if (r < 82)
		elf_mutate_shdr(&im);
	else if (r < 88)
		elf_mutate_phdr(&im);
	else if (r < 92)
		elf_mutate_ehdr(&im);
	else if (r < 94)
		return elf_truncate(&im);
	else if (r < 95)
		elf_to_32(&im);
	else
		mutate_knobs(&im);
	return size;
}

size_t LLVMFuzzerCustomMutator(u8 *data, size_t size, size_t max_size, unsigned int seed)
{
	unsigned int n = 1 + (mut_chance(50) ? 0 : mut_below(4));

	mut_state ^= seed;
	while (n--)
		size = mutate_once(data, size, max_size);
	return size;
}

/*
 * One image with the other's resource table (as much as fits), or, for inputs that are no
 * such images, the head of one and the tail of the other.
 */
size_t LLVMFuzzerCustomCrossOver(const u8 *data1, size_t size1, const u8 *data2, size_t size2,
				 u8 *out, size_t max_out_size, unsigned int seed)
{
	struct mut_image a, b;
	size_t n = min(size1, max_out_size), cut;

	mut_state ^= seed;
	memcpy(out, data1, n);
	if (mut_parse(&a, out, n) && mut_parse(&b, (u8 *)data2, size2) && a.has_rsc && b.has_rsc) {
		memcpy(out + a.rsc_off, data2 + b.rsc_off, min(a.rsc_size, b.rsc_size));
		return n;
	}
	cut = mut_below(n + 1);
	if (size2 > cut) {
		size_t tail = min(size2 - cut, max_out_size - cut);

		memcpy(out + cut, data2 + cut, tail);
		return cut + tail;
	}
	return n;
}
