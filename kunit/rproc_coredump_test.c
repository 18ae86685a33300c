// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the remoteproc coredump's layout: the ELF header, the program headers,
 * the notes and the regions' contents, for a table of remotes (machines, crash records,
 * regions that are dumped and regions that are not), hostile region sizes included, and
 * reads at every offset in odd-sized pieces (what devcoredump does for an inline dump).
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "../drivers/remoteproc/amp_rproc_internal.h"

#define MAX_REGIONS	3

/**
 * struct dump_region - a carveout of the fake remote, or a segment its driver registered
 * @len: its size (contents: a pattern from @seed); 0 ends the list
 * @da: its device address
 * @unmapped: a carveout not mapped (never dumped)
 * @segment: a segment the driver registered (rproc_coredump_add_segment()) inside the
 *	carveouts, not a carveout
 * @custom: a segment the driver copies itself (the pattern from @seed)
 * @seed: first byte of its pattern
 */
struct dump_region {
	size_t len;
	u32 da;
	bool unmapped;
	bool segment;
	bool custom;
	u8 seed;
};

/**
 * struct dump_case - a remote and what its dump must be
 * @desc: the case's name
 * @machine: the remote's ELF machine
 * @type: the crash's type
 * @exception: the platform's crash record has an exception (pc 0x5f000040)
 * @regions: the remote's carveouts and registered segments
 * @huge: the length of one more, hostile carveout (never read), or 0
 * @err: the error the dump must fail with, or 0
 * @loads: PT_LOAD headers expected
 * @prstatus: an NT_PRSTATUS note expected
 */
struct dump_case {
	const char *desc;
	u16 machine;
	enum rproc_crash_type type;
	bool exception;
	struct dump_region regions[MAX_REGIONS];
	size_t huge;
	int err;
	unsigned int loads;
	bool prstatus;
};

static const struct dump_case dump_cases[] = {
	{ "aarch64 exception", EM_AARCH64, RPROC_FATAL_ERROR, true,
	  { { 4096, 0x5f000000, .seed = 1 }, { 100, 0x5f900000, .seed = 7 } },
	  .loads = 2, .prstatus = true },
	{ "watchdog: no registers", EM_AARCH64, RPROC_WATCHDOG, false,
	  { { 4096, 0x5f000000, .seed = 2 } }, .loads = 1 },
	{ "arm32 remote: no NT_PRSTATUS", EM_ARM, RPROC_FATAL_ERROR, true,
	  { { 64, 0x1000, .seed = 3 } }, .loads = 1 },
	{ "unmapped carveout skipped", EM_AARCH64, RPROC_PROTOCOL_ERROR, false,
	  { { 64, 0x1000, .seed = 4 }, { 128, 0x2000, .unmapped = true } }, .loads = 1 },
	{ "no carveout at all", EM_AARCH64, RPROC_MMUFAULT, false, { }, .loads = 0 },
	{ "driver's segment: only it", EM_AARCH64, RPROC_WATCHDOG, false,
	  { { 4096, 0x5f000000, .seed = 8 }, { 256, 0x5f000100, .segment = true } },
	  .loads = 1 },
	{ "driver's custom segment: copied by the driver", EM_AARCH64, RPROC_WATCHDOG, false,
	  { { 4096, 0x5f000000, .seed = 9 },
	    { 33, 0x70000000, .segment = true, .custom = true, .seed = 0x40 } }, .loads = 1 },
	{ "hostile: driver's segment outside every carveout", EM_AARCH64, RPROC_WATCHDOG,
	  false, { { 64, 0x1000, .seed = 10 }, { 64, 0x1020, .segment = true } },
	  .err = -ERANGE },
	{ "hostile: a carveout beyond the dump limit", EM_AARCH64, RPROC_FATAL_ERROR, true,
	  { { 64, 0x1000, .seed = 5 } }, .huge = SIZE_MAX / 2 + 1, .err = -EFBIG },
	{ "hostile: sizes overflow", EM_AARCH64, RPROC_FATAL_ERROR, true,
	  { { 64, 0x1000, .seed = 6 } }, .huge = SIZE_MAX, .err = -EFBIG },
};

static void dump_case_desc(const struct dump_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dump, dump_cases, dump_case_desc);

static bool fake_exception;

static void fake_crash_record(struct rproc *rproc, struct amp_rproc_crash_record *rec)
{
	if (!fake_exception)
		return;
	rec->exception = true;
	rec->vector = 4;
	rec->syndrome = 0x02000000;	/* EC 0: undefined instruction */
	rec->pc = 0x5f000040;
	rec->fault_addr = 0;
}

static int fake_start(struct rproc *rproc)
{
	return 0;
}

static int fake_stop(struct rproc *rproc)
{
	return 0;
}

static const struct rproc_ops fake_ops = {
	.start = fake_start,
	.stop = fake_stop,
	.crash_record = fake_crash_record,
};

/* A custom segment's copy: the pattern of the segment's seed (its priv). */
static void fake_dump_segment(struct rproc *rproc, struct rproc_dump_segment *segment,
			      void *dest, size_t offset, size_t size)
{
	const struct dump_region *r = segment->priv;
	u8 *d = dest;
	size_t j;

	for (j = 0; j < size; j++)
		d[j] = r->seed + offset + j;
}

static void fake_parent_release(struct device *dev)
{
}

/* A note of @type named @name in the PT_NOTE segment [@p, @end), or NULL. */
static const u8 *find_note(const u8 *p, const u8 *end, const char *name, u32 type, u32 *len)
{
	size_t nlen = strlen(name) + 1;

	while (end - p >= sizeof(struct elf64_note)) {
		const struct elf64_note *n = (const void *)p;
		const u8 *desc = p + sizeof(*n) + ALIGN(n->n_namesz, 4);

		if (desc > end || ALIGN(n->n_descsz, 4) > end - desc)
			return NULL;
		if (n->n_namesz == nlen && !memcmp(p + sizeof(*n), name, nlen) &&
		    n->n_type == type) {
			*len = n->n_descsz;
			return desc;
		}
		p = desc + ALIGN(n->n_descsz, 4);
	}
	return NULL;
}

static void rproc_dump_layout(struct kunit *test)
{
	const struct dump_case *c = test->param_value;
	const struct amp_rproc_core_crash *crash;
	const struct elf64_phdr *ph, *note;
	struct amp_rproc_dump *d;
	const struct elf64_hdr *eh;
	struct rproc_mem_entry *mem;
	struct rproc *rproc;
	struct device parent = {};
	unsigned int i, loads = 0;
	size_t size, off, n;
	const u8 *desc;
	u8 *img, *piece;
	u32 len;
	int ret;

	device_initialize(&parent);
	parent.release = fake_parent_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(&parent, "amp-rproc-dump-test"), 0);
	rproc = rproc_alloc(&parent, "fake", &fake_ops, "fake.elf", 0);
	KUNIT_ASSERT_NOT_NULL(test, rproc);
	KUNIT_ASSERT_EQ(test, rproc_coredump_set_elf_info(rproc, ELFCLASS64, c->machine), 0);
	fake_exception = c->exception;

	for (i = 0; i < MAX_REGIONS && c->regions[i].len; i++) {
		const struct dump_region *r = &c->regions[i];
		u8 *va;
		size_t j;

		if (r->segment) {
			ret = rproc_coredump_add_custom_segment(rproc, r->da, r->len,
								r->custom ? fake_dump_segment :
								NULL, (void *)r);
			KUNIT_ASSERT_EQ(test, ret, 0);
			continue;
		}
		va = kunit_kzalloc(test, r->len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, va);
		for (j = 0; j < r->len; j++)
			va[j] = r->seed + j;
		mem = rproc_mem_entry_init(&parent, r->unmapped ? NULL : va,
					   r->da + 0x100000000ULL, r->len, r->da, NULL, NULL,
					   "region%u", i);
		KUNIT_ASSERT_NOT_NULL(test, mem);
		rproc_add_carveout(rproc, mem);
	}
	if (c->huge) {
		/* never read: the layout refuses first */
		mem = rproc_mem_entry_init(&parent, (void *)c, 0, c->huge, 0x1000000, NULL, NULL,
					   "huge");
		KUNIT_ASSERT_NOT_NULL(test, mem);
		rproc_add_carveout(rproc, mem);
	}

	mutex_lock(&rproc->lock);
	rproc->crash_cnt = 3;
	d = amp_rproc_dump_build(rproc, c->type);
	mutex_unlock(&rproc->lock);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(d), c->err);
		goto out;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d);
	size = amp_rproc_dump_size(d);
	img = kunit_kzalloc(test, size + 1, GFP_KERNEL);
	piece = kunit_kzalloc(test, size + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img);
	KUNIT_ASSERT_NOT_NULL(test, piece);
	KUNIT_EXPECT_EQ(test, amp_rproc_dump_read(d, img, 0, size + 100), size);
	KUNIT_EXPECT_EQ(test, amp_rproc_dump_read(d, img, size, 10), 0);
	/* in odd pieces, as devcoredump reads an inline dump: the same bytes */
	for (off = 0; off < size; off += n) {
		n = amp_rproc_dump_read(d, piece + off, off, 7);
		KUNIT_ASSERT_GT(test, n, 0);
	}
	KUNIT_EXPECT_EQ(test, memcmp(img, piece, size), 0);

	eh = (const void *)img;
	KUNIT_ASSERT_GE(test, size, sizeof(*eh));
	KUNIT_EXPECT_EQ(test, memcmp(eh->e_ident, ELFMAG, SELFMAG), 0);
	KUNIT_EXPECT_EQ(test, eh->e_ident[EI_CLASS], ELFCLASS64);
	KUNIT_EXPECT_EQ(test, eh->e_ident[EI_DATA], ELFDATA2LSB);
	KUNIT_EXPECT_EQ(test, eh->e_type, ET_CORE);
	KUNIT_EXPECT_EQ(test, eh->e_machine, c->machine);
	KUNIT_EXPECT_EQ(test, eh->e_phentsize, sizeof(*ph));
	KUNIT_EXPECT_EQ(test, eh->e_phnum, 1 + c->loads);
	KUNIT_ASSERT_LE(test, eh->e_phoff + eh->e_phnum * sizeof(*ph), size);

	ph = (const void *)(img + eh->e_phoff);
	note = &ph[0];
	KUNIT_ASSERT_EQ(test, note->p_type, PT_NOTE);
	KUNIT_ASSERT_LE(test, note->p_offset + note->p_filesz, size);
	desc = find_note(img + note->p_offset, img + note->p_offset + note->p_filesz,
			 AMP_RPROC_NOTE_NAME, AMP_RPROC_NOTE_CRASH, &len);
	KUNIT_ASSERT_NOT_NULL(test, desc);
	KUNIT_ASSERT_EQ(test, len, sizeof(*crash));
	crash = (const void *)desc;
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(&crash->version),
			AMP_RPROC_CORE_CRASH_VERSION);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(&crash->reason), c->type);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(&crash->crashes), 3);
	KUNIT_EXPECT_STREQ(test, crash->reason_name, amp_rproc_crash_name(c->type));
	KUNIT_EXPECT_STREQ(test, crash->firmware, "fake.elf");
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(&crash->flags),
			c->exception ? AMP_RPROC_CORE_CRASH_EXCEPTION : 0);
	if (c->exception)
		KUNIT_EXPECT_EQ(test, get_unaligned_le64(&crash->pc), 0x5f000040);
	desc = find_note(img + note->p_offset, img + note->p_offset + note->p_filesz,
			 "CORE", NT_PRSTATUS, &len);
	KUNIT_EXPECT_EQ(test, !!desc, c->prstatus);
	if (desc) {
		KUNIT_EXPECT_EQ(test, len, 392);
		/* pr_reg[32] (pc) of an LP64 AArch64 elf_prstatus; pr_cursig SIGILL */
		KUNIT_EXPECT_EQ(test, get_unaligned_le64(desc + 112 + 32 * 8), 0x5f000040);
		KUNIT_EXPECT_EQ(test, get_unaligned_le16(desc + 12), 4);
	}

	/*
	 * each dumped region once, in order, at its addresses, with its bytes: the driver's
	 * segments if it registered any, else the mapped carveouts
	 */
	for (i = 0; i < MAX_REGIONS && c->regions[i].len; i++) {
		const struct dump_region *r = &c->regions[i];
		const struct dump_region *src = r;
		const struct elf64_phdr *p;
		bool segments = false;
		unsigned int k;
		size_t j;
		u8 seed;

		for (k = 0; k < MAX_REGIONS; k++)
			segments |= c->regions[k].segment;
		if (r->unmapped || segments != r->segment)
			continue;
		/* a plain segment holds the bytes of the carveout around it */
		for (k = 0; r->segment && !r->custom && k < MAX_REGIONS; k++)
			if (!c->regions[k].segment && r->da >= c->regions[k].da &&
			    r->da - c->regions[k].da < c->regions[k].len)
				src = &c->regions[k];
		seed = src->seed + (r->da - src->da);
		p = &ph[1 + loads++];
		KUNIT_ASSERT_EQ(test, p->p_type, PT_LOAD);
		KUNIT_EXPECT_EQ(test, p->p_vaddr, r->da);
		if (!r->segment)
			KUNIT_EXPECT_EQ(test, p->p_paddr, r->da + 0x100000000ULL);
		KUNIT_EXPECT_EQ(test, p->p_filesz, r->len);
		KUNIT_EXPECT_EQ(test, p->p_memsz, r->len);
		KUNIT_ASSERT_LE(test, p->p_offset + p->p_filesz, size);
		for (j = 0; j < r->len; j++)
			if (img[p->p_offset + j] != (u8)(seed + j))
				break;
		KUNIT_EXPECT_EQ(test, j, r->len);
	}
	KUNIT_EXPECT_EQ(test, loads, c->loads);
	amp_rproc_dump_free(d);
out:
	rproc_resource_cleanup(rproc);
	rproc_free(rproc);
	put_device(&parent);
}

static struct kunit_case rproc_coredump_cases[] = {
	KUNIT_CASE_PARAM(rproc_dump_layout, dump_gen_params),
	{}
};

static struct kunit_suite rproc_coredump_suite = {
	.name = "amp_rproc_coredump",
	.test_cases = rproc_coredump_cases,
};

kunit_test_suite(rproc_coredump_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suite of the AMP remoteproc coredump's layout");
