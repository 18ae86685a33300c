// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_rsc_table: the resource table walker against valid tables, one row
 * per hostile table with its expected errno, and every truncation of valid tables.
 *
 * Tables are built by a small builder into a buffer, then copied into an allocation of
 * exactly the size under test, so that KASAN catches any read past the end.
 */

#include <kunit/test.h>
#include <linux/align.h>
#include <linux/amp/rsc_table.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#define TB_CAP		512
#define TB_MAX_ENTRIES	8

/**
 * struct tb - builder of a resource table
 * @test: the running test, for assertions on the builder's own limits
 * @buf: the table under construction; zeroed, so unwritten fields are 0
 * @used: end of the last entry added (4-byte aligned), the table's natural size
 * @min_valid: length of the shortest prefix of @buf that is still a valid table
 * @nr: number of entries added so far
 * @off: offset of the &struct fw_rsc_hdr of each entry added
 */
struct tb {
	struct kunit *test;
	u8 buf[TB_CAP];
	size_t used;
	size_t min_valid;
	u32 nr;
	u32 off[TB_MAX_ENTRIES];
};

static struct resource_table *tb_table(struct tb *b)
{
	return (struct resource_table *)b->buf;
}

static struct fw_rsc_hdr *tb_hdr(struct tb *b, u32 index)
{
	KUNIT_ASSERT_LT(b->test, index, b->nr);
	return (struct fw_rsc_hdr *)(b->buf + b->off[index]);
}

static void *tb_payload(struct tb *b, u32 index)
{
	return tb_hdr(b, index)->data;
}

static void tb_start(struct tb *b, u32 num)
{
	struct resource_table *t = tb_table(b);

	KUNIT_ASSERT_LE(b->test, num, TB_MAX_ENTRIES);
	t->ver = AMP_RSC_TABLE_VERSION;
	t->num = num;
	b->nr = 0;
	b->used = struct_size(t, offset, num);
	b->min_valid = b->used;
}

/* Appends an entry of @len payload bytes, of which @required must lie inside the table. */
static void *tb_add(struct tb *b, u32 type, size_t len, size_t required)
{
	struct fw_rsc_hdr *hdr;
	size_t end = b->used + sizeof(*hdr) + ALIGN(len, sizeof(u32));

	KUNIT_ASSERT_LT(b->test, b->nr, tb_table(b)->num);
	KUNIT_ASSERT_LE(b->test, end, sizeof(b->buf));

	tb_table(b)->offset[b->nr] = b->used;
	b->off[b->nr++] = b->used;
	hdr = (struct fw_rsc_hdr *)(b->buf + b->used);
	hdr->type = type;
	b->min_valid = max(b->min_valid, b->used + sizeof(*hdr) + required);
	b->used = end;
	return hdr->data;
}

static void tb_add_carveout(struct tb *b, u32 da, u32 pa, u32 len, const char *name)
{
	struct fw_rsc_carveout *c = tb_add(b, RSC_CARVEOUT, sizeof(*c), sizeof(*c));

	c->da = da;
	c->pa = pa;
	c->len = len;
	strscpy((char *)c->name, name, sizeof(c->name));
}

static void tb_add_devmem(struct tb *b, u32 da, u32 pa, u32 len, const char *name)
{
	struct fw_rsc_devmem *d = tb_add(b, RSC_DEVMEM, sizeof(*d), sizeof(*d));

	d->da = da;
	d->pa = pa;
	d->len = len;
	strscpy((char *)d->name, name, sizeof(d->name));
}

static void tb_add_trace(struct tb *b, u32 da, u32 len, const char *name)
{
	struct fw_rsc_trace *tr = tb_add(b, RSC_TRACE, sizeof(*tr), sizeof(*tr));

	tr->da = da;
	tr->len = len;
	strscpy((char *)tr->name, name, sizeof(tr->name));
}

/* A vdev of @nr_vrings valid vrings of 256 descriptors, and @config_len bytes of config. */
static void tb_add_vdev(struct tb *b, u8 nr_vrings, u32 config_len)
{
	struct fw_rsc_vdev *vdev;
	size_t len = size_add(struct_size(vdev, vring, nr_vrings), config_len);
	u8 i;

	vdev = tb_add(b, RSC_VDEV, len, len);
	vdev->id = 7;
	vdev->config_len = config_len;
	vdev->num_of_vrings = nr_vrings;
	for (i = 0; i < nr_vrings; i++) {
		vdev->vring[i].da = AMP_RSC_ADDR_ANY;
		vdev->vring[i].align = 0x1000;
		vdev->vring[i].num = 256;
		vdev->vring[i].notifyid = i;
	}
}

static const u8 tb_vendor_bytes[] = { 0xa5, 0x5a, 0x01, 0x02, 0x03, 0x04 };

static void tb_add_vendor(struct tb *b, u32 type, size_t len)
{
	u8 *data = tb_add(b, type, len, 0);

	memcpy(data, tb_vendor_bytes, min(len, sizeof(tb_vendor_bytes)));
}

/* The standard valid table: one entry of each standard type, then a vendor entry. */
enum {
	STD_CARVEOUT,
	STD_DEVMEM,
	STD_TRACE,
	STD_VDEV,
	STD_VENDOR,
	STD_NUM,
};

#define STD_VENDOR_TYPE		(RSC_VENDOR_START + 2)
#define STD_VDEV_CONFIG_LEN	8

static void tb_standard(struct tb *b)
{
	tb_start(b, STD_NUM);
	tb_add_carveout(b, 0x40000000, 0x40000000, 0x100000, "firmware");
	tb_add_devmem(b, 0x08020000, 0x08020000, 0x1000, "doorbell");
	tb_add_trace(b, 0x40080000, 0x1000, "trace0");
	tb_add_vdev(b, 2, STD_VDEV_CONFIG_LEN);
	tb_add_vendor(b, STD_VENDOR_TYPE, sizeof(tb_vendor_bytes));
}

static struct fw_rsc_carveout *std_carveout(struct tb *b)
{
	return tb_payload(b, STD_CARVEOUT);
}

static struct fw_rsc_devmem *std_devmem(struct tb *b)
{
	return tb_payload(b, STD_DEVMEM);
}

static struct fw_rsc_trace *std_trace(struct tb *b)
{
	return tb_payload(b, STD_TRACE);
}

static struct fw_rsc_vdev *std_vdev(struct tb *b)
{
	return tb_payload(b, STD_VDEV);
}

/* Offset of the payload of entry @index: the entry's header offset plus its header. */
static size_t tb_payload_off(struct tb *b, u32 index)
{
	KUNIT_ASSERT_LT(b->test, index, b->nr);
	return b->off[index] + sizeof(struct fw_rsc_hdr);
}

static struct tb *tb_new(struct kunit *test)
{
	struct tb *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	b->test = test;
	return b;
}

/* A copy of the first @size bytes of the table in an allocation of exactly @size. */
static void *tb_copy(struct tb *b, size_t size)
{
	void *copy;

	KUNIT_ASSERT_LE(b->test, size, sizeof(b->buf));
	copy = kunit_kmalloc(b->test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(b->test, copy);
	memcpy(copy, b->buf, size);
	return copy;
}

/*
 * Rows: each builds a table and returns the size to check it with.
 */

struct rsc_case {
	const char *name;
	size_t (*build)(struct tb *b);
	int expected;
};

#define RSC_ROW(row, err)	{ .name = #row, .build = build_##row, .expected = (err) }

static void rsc_case_desc(const struct rsc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

/* Valid tables. */

static size_t build_empty(struct tb *b)
{
	tb_start(b, 0);
	return b->used;
}

static size_t build_empty_with_slack(struct tb *b)
{
	tb_start(b, 0);
	return b->used + 48;
}

static size_t build_standard(struct tb *b)
{
	tb_standard(b);
	return b->used;
}

static size_t build_standard_with_slack(struct tb *b)
{
	tb_standard(b);
	return b->used + 32;
}

static size_t build_vendor_type_first(struct tb *b)
{
	tb_standard(b);
	tb_hdr(b, STD_VENDOR)->type = RSC_VENDOR_START;
	return b->used;
}

static size_t build_vendor_type_last(struct tb *b)
{
	tb_standard(b);
	tb_hdr(b, STD_VENDOR)->type = RSC_VENDOR_END;
	return b->used;
}

static size_t build_vendor_empty_at_end(struct tb *b)
{
	tb_start(b, 1);
	tb_add_vendor(b, STD_VENDOR_TYPE, 0);
	return b->used;
}

static size_t build_vdev_max_vrings(struct tb *b)
{
	tb_start(b, 1);
	tb_add_vdev(b, AMP_RSC_VDEV_MAX_VRINGS, 0);
	return b->used;
}

static size_t build_vring_num_one(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[0].num = 1;
	return b->used;
}

static size_t build_vring_num_max(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[1].num = AMP_RSC_VRING_MAX_NUM;
	return b->used;
}

static size_t build_carveout_addr_any(struct tb *b)
{
	tb_start(b, 1);
	tb_add_carveout(b, AMP_RSC_ADDR_ANY, AMP_RSC_ADDR_ANY, U32_MAX, "anywhere");
	return b->used;
}

static size_t build_carveout_ends_at_4g(struct tb *b)
{
	tb_start(b, 1);
	tb_add_carveout(b, 0xfff00000, 0xfff00000, 0x100000, "top");
	return b->used;
}

static const struct rsc_case valid_cases[] = {
	RSC_ROW(empty, 0),
	RSC_ROW(empty_with_slack, 0),
	RSC_ROW(standard, 0),
	RSC_ROW(standard_with_slack, 0),
	RSC_ROW(vendor_type_first, 0),
	RSC_ROW(vendor_type_last, 0),
	RSC_ROW(vendor_empty_at_end, 0),
	RSC_ROW(vdev_max_vrings, 0),
	RSC_ROW(vring_num_one, 0),
	RSC_ROW(vring_num_max, 0),
	RSC_ROW(carveout_addr_any, 0),
	RSC_ROW(carveout_ends_at_4g, 0),
};

KUNIT_ARRAY_PARAM(valid, valid_cases, rsc_case_desc);

/* Every prefix of these is checked; each failing prefix logs one line, so keep it short. */
static const struct rsc_case prefix_cases[] = {
	RSC_ROW(empty, 0),
	RSC_ROW(standard, 0),
	RSC_ROW(vdev_max_vrings, 0),
};

KUNIT_ARRAY_PARAM(prefix, prefix_cases, rsc_case_desc);

/* Hostile tables: the header. */

static size_t build_size_zero(struct tb *b)
{
	tb_standard(b);
	return 0;
}

static size_t build_header_truncated(struct tb *b)
{
	tb_standard(b);
	return sizeof(struct resource_table) - 1;
}

static size_t build_version_zero(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->ver = 0;
	return b->used;
}

static size_t build_version_two(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->ver = 2;
	return b->used;
}

static size_t build_reserved0_nonzero(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->reserved[0] = 1;
	return b->used;
}

static size_t build_reserved1_nonzero(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->reserved[1] = 0x80000000;
	return b->used;
}

static size_t build_num_offsets_beyond_size(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->num = (b->used - sizeof(struct resource_table)) / sizeof(u32) + 1;
	return b->used;
}

static size_t build_num_max(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->num = U32_MAX;
	return b->used;
}

/* Hostile tables: the offsets and entry headers. */

static size_t build_offset_zero(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_CARVEOUT] = 0;
	return b->used;
}

static size_t build_offset_into_header(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_DEVMEM] = 12;
	return b->used;
}

static size_t build_offset_into_offset_array(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_TRACE] = struct_size(tb_table(b), offset, STD_NUM) - sizeof(u32);
	return b->used;
}

static size_t build_offset_unaligned(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_TRACE] += 2;
	return b->used;
}

static size_t build_offset_at_size(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_VENDOR] = b->used;
	return b->used;
}

static size_t build_offset_max(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_VENDOR] = U32_MAX - 3;
	return b->used;
}

static size_t build_entry_header_truncated(struct tb *b)
{
	tb_standard(b);
	return b->off[STD_VENDOR] + sizeof(struct fw_rsc_hdr) - 2;
}

/* Hostile tables: entry types. */

static size_t build_type_first_undefined(struct tb *b)
{
	tb_standard(b);
	tb_hdr(b, STD_VENDOR)->type = RSC_LAST;
	return b->used;
}

static size_t build_type_below_vendor(struct tb *b)
{
	tb_standard(b);
	tb_hdr(b, STD_VENDOR)->type = RSC_VENDOR_START - 1;
	return b->used;
}

static size_t build_type_above_vendor(struct tb *b)
{
	tb_standard(b);
	tb_hdr(b, STD_VENDOR)->type = RSC_VENDOR_END + 1;
	return b->used;
}

static size_t build_type_max(struct tb *b)
{
	tb_standard(b);
	tb_hdr(b, STD_VENDOR)->type = U32_MAX;
	return b->used;
}

/* Hostile tables: carveout. */

static size_t build_carveout_truncated(struct tb *b)
{
	tb_standard(b);
	return tb_payload_off(b, STD_CARVEOUT) + sizeof(struct fw_rsc_carveout) - 1;
}

static size_t build_carveout_reserved_nonzero(struct tb *b)
{
	tb_standard(b);
	std_carveout(b)->reserved = 1;
	return b->used;
}

static size_t build_carveout_name_unterminated(struct tb *b)
{
	tb_standard(b);
	memset(std_carveout(b)->name, 'c', AMP_RSC_NAME_LEN);
	return b->used;
}

static size_t build_carveout_da_wraps(struct tb *b)
{
	tb_standard(b);
	std_carveout(b)->da = 0xfff80000;
	return b->used;
}

static size_t build_carveout_pa_wraps(struct tb *b)
{
	tb_standard(b);
	std_carveout(b)->pa = 0xfff80000;
	return b->used;
}

/* Hostile tables: devmem. */

static size_t build_devmem_truncated(struct tb *b)
{
	tb_standard(b);
	return tb_payload_off(b, STD_DEVMEM) + sizeof(struct fw_rsc_devmem) - 4;
}

static size_t build_devmem_reserved_nonzero(struct tb *b)
{
	tb_standard(b);
	std_devmem(b)->reserved = U32_MAX;
	return b->used;
}

static size_t build_devmem_name_unterminated(struct tb *b)
{
	tb_standard(b);
	memset(std_devmem(b)->name, 'd', AMP_RSC_NAME_LEN);
	return b->used;
}

static size_t build_devmem_da_wraps(struct tb *b)
{
	tb_standard(b);
	std_devmem(b)->da = 0xfffff001;
	return b->used;
}

/* Hostile tables: trace. */

static size_t build_trace_truncated(struct tb *b)
{
	tb_standard(b);
	return tb_payload_off(b, STD_TRACE) + sizeof(struct fw_rsc_trace) - 1;
}

static size_t build_trace_reserved_nonzero(struct tb *b)
{
	tb_standard(b);
	std_trace(b)->reserved = 2;
	return b->used;
}

static size_t build_trace_name_unterminated(struct tb *b)
{
	tb_standard(b);
	memset(std_trace(b)->name, 't', AMP_RSC_NAME_LEN);
	return b->used;
}

static size_t build_trace_len_zero(struct tb *b)
{
	tb_standard(b);
	std_trace(b)->len = 0;
	return b->used;
}

static size_t build_trace_da_wraps(struct tb *b)
{
	tb_standard(b);
	std_trace(b)->da = U32_MAX - 1;
	return b->used;
}

/* Hostile tables: vdev. */

static size_t build_vdev_truncated(struct tb *b)
{
	tb_standard(b);
	return tb_payload_off(b, STD_VDEV) + sizeof(struct fw_rsc_vdev) - 1;
}

static size_t build_vdev_reserved_nonzero(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->reserved[1] = 1;
	return b->used;
}

static size_t build_vdev_no_vrings(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->num_of_vrings = 0;
	return b->used;
}

static size_t build_vdev_too_many_vrings(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->num_of_vrings = AMP_RSC_VDEV_MAX_VRINGS + 1;
	return b->used;
}

static size_t build_vdev_vrings_past_end(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->num_of_vrings = AMP_RSC_VDEV_MAX_VRINGS;
	return b->used;
}

static size_t build_vdev_vring_truncated(struct tb *b)
{
	tb_standard(b);
	return tb_payload_off(b, STD_VDEV) + struct_size(std_vdev(b), vring, 2) - 1;
}

static size_t build_vdev_config_truncated(struct tb *b)
{
	tb_standard(b);
	return tb_payload_off(b, STD_VDEV) + struct_size(std_vdev(b), vring, 2) +
	       STD_VDEV_CONFIG_LEN - 1;
}

static size_t build_vdev_config_len_past_end(struct tb *b)
{
	size_t left;

	tb_standard(b);
	left = b->used - tb_payload_off(b, STD_VDEV);
	std_vdev(b)->config_len = left - struct_size(std_vdev(b), vring, 2) + 1;
	return b->used;
}

static size_t build_vdev_config_len_max(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->config_len = U32_MAX;
	return b->used;
}

/* Hostile tables: vrings. */

static size_t build_vring_num_zero(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[0].num = 0;
	return b->used;
}

static size_t build_vring_num_not_power_of_two(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[1].num = 100;
	return b->used;
}

static size_t build_vring_num_too_large(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[1].num = AMP_RSC_VRING_MAX_NUM * 2;
	return b->used;
}

static size_t build_vring_align_zero(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[0].align = 0;
	return b->used;
}

static size_t build_vring_align_not_power_of_two(struct tb *b)
{
	tb_standard(b);
	std_vdev(b)->vring[1].align = 0x1800;
	return b->used;
}

/* Hostile tables: overlapping entries. */

/*
 * The reproduction of a heap overflow: vdev B lies inside vdev A, its type word on A's
 * config_len (3), its num_of_vrings on byte 1 of A's vring[0].pa. Each entry checks out
 * alone (B has 1 vring); once the host wrote A's pa, B's count would read another value.
 */
static size_t build_vdev_inside_vdev(struct tb *b)
{
	struct fw_rsc_vdev *a;

	tb_start(b, 2);
	tb_add_vdev(b, 2, 3);
	a = tb_payload(b, 0);
	a->vring[0].pa = 0x100;
	tb_table(b)->offset[1] = b->off[0] + 20;
	return b->used;
}

static size_t build_entry_listed_twice(struct tb *b)
{
	tb_standard(b);
	tb_table(b)->offset[STD_DEVMEM] = b->off[STD_CARVEOUT];
	return b->used;
}

/* A vendor entry's type word inside the vdev's config space. */
static size_t build_vendor_inside_vdev_config(struct tb *b)
{
	size_t cfg;

	tb_standard(b);
	cfg = tb_payload_off(b, STD_VDEV) + struct_size(std_vdev(b), vring, 2);
	*(u32 *)(b->buf + cfg) = STD_VENDOR_TYPE;
	tb_table(b)->offset[STD_VENDOR] = cfg;
	return b->used;
}

static const struct rsc_case hostile_cases[] = {
	RSC_ROW(size_zero, -EINVAL),
	RSC_ROW(header_truncated, -EINVAL),
	RSC_ROW(version_zero, -EPROTONOSUPPORT),
	RSC_ROW(version_two, -EPROTONOSUPPORT),
	RSC_ROW(reserved0_nonzero, -EINVAL),
	RSC_ROW(reserved1_nonzero, -EINVAL),
	RSC_ROW(num_offsets_beyond_size, -E2BIG),
	RSC_ROW(num_max, -E2BIG),
	RSC_ROW(offset_zero, -EINVAL),
	RSC_ROW(offset_into_header, -EINVAL),
	RSC_ROW(offset_into_offset_array, -EINVAL),
	RSC_ROW(offset_unaligned, -EINVAL),
	RSC_ROW(offset_at_size, -EOVERFLOW),
	RSC_ROW(offset_max, -EOVERFLOW),
	RSC_ROW(entry_header_truncated, -EOVERFLOW),
	RSC_ROW(type_first_undefined, -EINVAL),
	RSC_ROW(type_below_vendor, -EINVAL),
	RSC_ROW(type_above_vendor, -EINVAL),
	RSC_ROW(type_max, -EINVAL),
	RSC_ROW(carveout_truncated, -EOVERFLOW),
	RSC_ROW(carveout_reserved_nonzero, -EINVAL),
	RSC_ROW(carveout_name_unterminated, -EINVAL),
	RSC_ROW(carveout_da_wraps, -ERANGE),
	RSC_ROW(carveout_pa_wraps, -ERANGE),
	RSC_ROW(devmem_truncated, -EOVERFLOW),
	RSC_ROW(devmem_reserved_nonzero, -EINVAL),
	RSC_ROW(devmem_name_unterminated, -EINVAL),
	RSC_ROW(devmem_da_wraps, -ERANGE),
	RSC_ROW(trace_truncated, -EOVERFLOW),
	RSC_ROW(trace_reserved_nonzero, -EINVAL),
	RSC_ROW(trace_name_unterminated, -EINVAL),
	RSC_ROW(trace_len_zero, -EINVAL),
	RSC_ROW(trace_da_wraps, -ERANGE),
	RSC_ROW(vdev_truncated, -EOVERFLOW),
	RSC_ROW(vdev_reserved_nonzero, -EINVAL),
	RSC_ROW(vdev_no_vrings, -EINVAL),
	RSC_ROW(vdev_too_many_vrings, -EINVAL),
	RSC_ROW(vdev_vrings_past_end, -EOVERFLOW),
	RSC_ROW(vdev_vring_truncated, -EOVERFLOW),
	RSC_ROW(vdev_config_truncated, -EOVERFLOW),
	RSC_ROW(vdev_config_len_past_end, -EOVERFLOW),
	RSC_ROW(vdev_config_len_max, -EOVERFLOW),
	RSC_ROW(vring_num_zero, -EINVAL),
	RSC_ROW(vring_num_not_power_of_two, -EINVAL),
	RSC_ROW(vring_num_too_large, -EINVAL),
	RSC_ROW(vring_align_zero, -EINVAL),
	RSC_ROW(vring_align_not_power_of_two, -EINVAL),
	RSC_ROW(vdev_inside_vdev, -EINVAL),
	RSC_ROW(entry_listed_twice, -EINVAL),
	RSC_ROW(vendor_inside_vdev_config, -EINVAL),
};

KUNIT_ARRAY_PARAM(hostile, hostile_cases, rsc_case_desc);

/* Cases. */

static void rsc_table_check_accepts_valid(struct kunit *test)
{
	const struct rsc_case *c = test->param_value;
	struct tb *b = tb_new(test);
	size_t size = c->build(b);

	KUNIT_EXPECT_EQ(test, amp_rsc_table_check(NULL, tb_copy(b, size), size), 0);
}

static void rsc_table_check_rejects_hostile(struct kunit *test)
{
	const struct rsc_case *c = test->param_value;
	struct tb *b = tb_new(test);
	size_t size = c->build(b);

	KUNIT_EXPECT_EQ(test, amp_rsc_table_check(NULL, tb_copy(b, size), size), c->expected);
}

static void rsc_table_check_rejects_null_table(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, amp_rsc_table_check(NULL, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rsc_table_check(NULL, NULL, TB_CAP), -EINVAL);
}

static void rsc_table_test_dev_release(struct device *dev)
{
}

/*
 * The dev_err() path: same verdict with a device as without. The device is initialised but
 * never added: a module's suites run before its sysfs entry can take a root device's link.
 */
static void rsc_table_check_reports_against_device(struct kunit *test)
{
	struct tb *b = tb_new(test);
	size_t size = build_vring_num_zero(b);
	const void *table = tb_copy(b, size);
	struct device *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	device_initialize(dev);
	dev->release = rsc_table_test_dev_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(dev, "amp_rsc_table_test"), 0);
	KUNIT_EXPECT_EQ(test, amp_rsc_table_check(dev, table, size), -EINVAL);
	put_device(dev);
}

/*
 * Every prefix of a valid table, each in an allocation of exactly its length: accepted
 * exactly when it still holds every byte a check needs (a vendor payload may be cut).
 */
static void rsc_table_check_rejects_truncated_prefix(struct kunit *test)
{
	const struct rsc_case *c = test->param_value;
	struct tb *b = tb_new(test);
	size_t size = c->build(b);
	size_t len;

	KUNIT_ASSERT_LE(test, b->min_valid, size);
	for (len = 0; len < size; len++) {
		void *prefix = kmalloc(len, GFP_KERNEL);
		int ret;

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, prefix);
		memcpy(prefix, b->buf, len);
		ret = amp_rsc_table_check(NULL, prefix, len);
		kfree(prefix);
		if (len < b->min_valid)
			KUNIT_EXPECT_LT_MSG(test, ret, 0, "prefix of %zu bytes accepted", len);
		else
			KUNIT_EXPECT_EQ_MSG(test, ret, 0, "prefix of %zu bytes rejected", len);
	}
}

static void rsc_table_entry_describes_each_entry(struct kunit *test)
{
	static const u32 types[STD_NUM] = {
		[STD_CARVEOUT] = RSC_CARVEOUT,
		[STD_DEVMEM] = RSC_DEVMEM,
		[STD_TRACE] = RSC_TRACE,
		[STD_VDEV] = RSC_VDEV,
		[STD_VENDOR] = STD_VENDOR_TYPE,
	};
	struct tb *b = tb_new(test);
	size_t size = build_standard(b);
	const u8 *table = tb_copy(b, size);
	const struct fw_rsc_carveout *carveout;
	const struct fw_rsc_vdev *vdev;
	struct amp_rsc_entry ent[STD_NUM];
	u32 i;

	KUNIT_ASSERT_EQ(test, amp_rsc_table_check(NULL, table, size), 0);
	for (i = 0; i < STD_NUM; i++) {
		KUNIT_ASSERT_EQ(test, amp_rsc_table_entry(table, size, i, &ent[i]), 0);
		KUNIT_EXPECT_EQ(test, ent[i].type, types[i]);
		KUNIT_EXPECT_EQ(test, ent[i].offset, tb_payload_off(b, i));
		KUNIT_EXPECT_PTR_EQ(test, ent[i].data, (const void *)(table + ent[i].offset));
		KUNIT_EXPECT_EQ(test, ent[i].len, size - ent[i].offset);
	}

	carveout = ent[STD_CARVEOUT].data;
	KUNIT_EXPECT_EQ(test, carveout->da, 0x40000000);
	KUNIT_EXPECT_STREQ(test, (const char *)carveout->name, "firmware");
	vdev = ent[STD_VDEV].data;
	KUNIT_EXPECT_EQ(test, vdev->num_of_vrings, 2);
	KUNIT_EXPECT_EQ(test, vdev->vring[1].notifyid, 1);
	KUNIT_EXPECT_EQ(test, ent[STD_VENDOR].len, ALIGN(sizeof(tb_vendor_bytes), sizeof(u32)));
	KUNIT_EXPECT_EQ(test, memcmp(ent[STD_VENDOR].data, tb_vendor_bytes,
				     sizeof(tb_vendor_bytes)), 0);
}

static void rsc_table_entry_rejects_index_out_of_range(struct kunit *test)
{
	struct tb *b = tb_new(test);
	size_t size = build_standard(b);
	const void *table = tb_copy(b, size);
	struct amp_rsc_entry ent;

	KUNIT_EXPECT_EQ(test, amp_rsc_table_entry(table, size, STD_NUM, &ent), -ERANGE);
	KUNIT_EXPECT_EQ(test, amp_rsc_table_entry(table, size, U32_MAX, &ent), -ERANGE);

	b = tb_new(test);
	size = build_empty(b);
	table = tb_copy(b, size);
	KUNIT_EXPECT_EQ(test, amp_rsc_table_entry(table, size, 0, &ent), -ERANGE);
}

static void rsc_table_entry_rejects_bad_arguments(struct kunit *test)
{
	struct tb *b = tb_new(test);
	size_t size = build_standard(b);
	const void *table = tb_copy(b, size);
	struct amp_rsc_entry ent;

	KUNIT_EXPECT_EQ(test, amp_rsc_table_entry(NULL, size, 0, &ent), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rsc_table_entry(table, size, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rsc_table_entry(table, sizeof(struct resource_table) - 1, 0,
						  &ent), -EINVAL);
}

/*
 * On a table that was never checked, amp_rsc_table_entry() must still stay inside the
 * table (KASAN watches the exact-size copy) and describe only what lies inside it.
 */
static void rsc_table_entry_stays_in_bounds(struct kunit *test)
{
	const struct rsc_case *c = test->param_value;
	struct tb *b = tb_new(test);
	size_t size = c->build(b);
	const u8 *table = tb_copy(b, size);
	struct amp_rsc_entry ent;
	u32 i;

	for (i = 0; i <= TB_MAX_ENTRIES; i++) {
		if (amp_rsc_table_entry(table, size, i, &ent))
			continue;
		KUNIT_EXPECT_GE(test, ent.offset, struct_size((const struct resource_table *)table,
							      offset, i + 1) + sizeof(u32));
		KUNIT_EXPECT_LE(test, ent.offset, size);
		KUNIT_EXPECT_EQ(test, ent.offset + ent.len, size);
		KUNIT_EXPECT_PTR_EQ(test, ent.data, (const void *)(table + ent.offset));
	}
}

static struct kunit_case amp_rsc_table_cases[] = {
	KUNIT_CASE_PARAM(rsc_table_check_accepts_valid, valid_gen_params),
	KUNIT_CASE_PARAM(rsc_table_check_rejects_hostile, hostile_gen_params),
	KUNIT_CASE(rsc_table_check_rejects_null_table),
	KUNIT_CASE(rsc_table_check_reports_against_device),
	KUNIT_CASE_PARAM(rsc_table_check_rejects_truncated_prefix, prefix_gen_params),
	KUNIT_CASE(rsc_table_entry_describes_each_entry),
	KUNIT_CASE(rsc_table_entry_rejects_index_out_of_range),
	KUNIT_CASE(rsc_table_entry_rejects_bad_arguments),
	KUNIT_CASE_PARAM(rsc_table_entry_stays_in_bounds, hostile_gen_params),
	{}
};

static struct kunit_suite amp_rsc_table_suite = {
	.name = "amp_rsc_table",
	.test_cases = amp_rsc_table_cases,
};

kunit_test_suite(amp_rsc_table_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the AMP resource table walker");
