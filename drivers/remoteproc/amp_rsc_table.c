// SPDX-License-Identifier: GPL-2.0
/*
 * Resource table walker: checks a table that came with an untrusted firmware image
 * before anything else reads it, then hands out its entries.
 *
 * Every read is preceded by a check that it lies inside [table, table + size): the
 * header after "size >= header", offset[i] after "offset array fits", an entry's type
 * after "4 bytes left at its offset", a payload's fields after "payload struct fits",
 * vrings and config space after "they fit in what is left". All sizes are size_t and
 * computed with struct_size()/size_add(), which saturate instead of wrapping.
 *
 * Entries may not overlap: the host writes into its copy of the table (addresses it chose,
 * vdev status), and a write into one entry must never change a field of another that was
 * already checked. A standard entry spans its header and payload (a vdev's vrings and
 * config space included), a vendor entry (opaque to the core) at least its type word.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/amp/rsc_table.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "amp_rproc_err.h"

/**
 * struct rsc_entry_ctx - the entry being checked, for the checks and their messages
 * @dev: device to report against, or NULL
 * @index: index of the entry in the table's offset array
 * @kind: name of the entry's type
 * @payload: the entry's payload, past its &struct fw_rsc_hdr
 * @avail: bytes from @payload to the end of the table
 */
struct rsc_entry_ctx {
	struct device *dev;
	u32 index;
	const char *kind;
	const void *payload;
	size_t avail;
};

/**
 * struct rsc_kind - how to check one standard entry type
 * @name: name used in messages
 * @size: size of the payload's fixed part, which must lie inside the table
 * @check: checks the payload's fields; may read @size bytes of the payload
 */
struct rsc_kind {
	const char *name;
	size_t size;
	int (*check)(const struct rsc_entry_ctx *ctx);
};

#define rsc_table_err(dev, fmt, ...)	amp_rproc_err(dev, "resource table", fmt, ##__VA_ARGS__)

static __printf(2, 3) void rsc_entry_err(const struct rsc_entry_ctx *ctx, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	rsc_table_err(ctx->dev, "entry %u (%s) %pV", ctx->index, ctx->kind, &vaf);
	va_end(args);
}

static int rsc_check_reserved(const struct rsc_entry_ctx *ctx, u32 reserved)
{
	if (!reserved)
		return 0;
	rsc_entry_err(ctx, "reserved 0x%x, must be zero", reserved);
	return -EINVAL;
}

static int rsc_check_name(const struct rsc_entry_ctx *ctx, const u8 *name)
{
	if (memchr(name, '\0', AMP_RSC_NAME_LEN))
		return 0;
	rsc_entry_err(ctx, "name not NUL-terminated within %d bytes", AMP_RSC_NAME_LEN);
	return -EINVAL;
}

/* A fixed address range must end at or below 4 GiB; "host chooses" has no range yet. */
static int rsc_check_range(const struct rsc_entry_ctx *ctx, const char *field, u32 addr, u32 len)
{
	if (addr == AMP_RSC_ADDR_ANY || (u64)addr + len <= BIT_ULL(32))
		return 0;
	rsc_entry_err(ctx, "%s 0x%x + len 0x%x wraps past 4 GiB", field, addr, len);
	return -ERANGE;
}

static int rsc_check_region(const struct rsc_entry_ctx *ctx, u32 da, u32 pa, u32 len,
			    u32 reserved, const u8 *name)
{
	int ret;

	ret = rsc_check_reserved(ctx, reserved);
	if (ret)
		return ret;
	ret = rsc_check_name(ctx, name);
	if (ret)
		return ret;
	ret = rsc_check_range(ctx, "da", da, len);
	if (ret)
		return ret;
	return rsc_check_range(ctx, "pa", pa, len);
}

static int rsc_check_carveout(const struct rsc_entry_ctx *ctx)
{
	const struct fw_rsc_carveout *c = ctx->payload;

	return rsc_check_region(ctx, c->da, c->pa, c->len, c->reserved, c->name);
}

static int rsc_check_devmem(const struct rsc_entry_ctx *ctx)
{
	const struct fw_rsc_devmem *d = ctx->payload;

	return rsc_check_region(ctx, d->da, d->pa, d->len, d->reserved, d->name);
}

static int rsc_check_trace(const struct rsc_entry_ctx *ctx)
{
	const struct fw_rsc_trace *tr = ctx->payload;
	u32 len = tr->len;
	int ret;

	ret = rsc_check_reserved(ctx, tr->reserved);
	if (ret)
		return ret;
	ret = rsc_check_name(ctx, tr->name);
	if (ret)
		return ret;
	if (!len) {
		rsc_entry_err(ctx, "len 0");
		return -EINVAL;
	}
	return rsc_check_range(ctx, "da", tr->da, len);
}

static int rsc_check_vring(const struct rsc_entry_ctx *ctx, unsigned int i,
			   const struct fw_rsc_vdev_vring *vring)
{
	u32 num = vring->num;
	u32 align = vring->align;

	if (!is_power_of_2(num) || num > AMP_RSC_VRING_MAX_NUM) {
		rsc_entry_err(ctx, "vring %u num %u not a power of two in 1..%u", i, num,
			      AMP_RSC_VRING_MAX_NUM);
		return -EINVAL;
	}
	if (!is_power_of_2(align)) {
		rsc_entry_err(ctx, "vring %u align 0x%x not a power of two", i, align);
		return -EINVAL;
	}
	return 0;
}

static int rsc_check_vdev(const struct rsc_entry_ctx *ctx)
{
	const struct fw_rsc_vdev *vdev = ctx->payload;
	u32 config_len = vdev->config_len;
	u8 nr_vrings = vdev->num_of_vrings;
	size_t need;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(vdev->reserved); i++) {
		ret = rsc_check_reserved(ctx, vdev->reserved[i]);
		if (ret)
			return ret;
	}
	if (!nr_vrings || nr_vrings > AMP_RSC_VDEV_MAX_VRINGS) {
		rsc_entry_err(ctx, "num_of_vrings %u not in 1..%u", nr_vrings,
			      AMP_RSC_VDEV_MAX_VRINGS);
		return -EINVAL;
	}
	need = size_add(struct_size(vdev, vring, nr_vrings), config_len);
	if (need > ctx->avail) {
		rsc_entry_err(ctx, "%u vrings + config_len 0x%x need 0x%zx bytes, 0x%zx left",
			      nr_vrings, config_len, need, ctx->avail);
		return -EOVERFLOW;
	}
	for (i = 0; i < nr_vrings; i++) {
		ret = rsc_check_vring(ctx, i, &vdev->vring[i]);
		if (ret)
			return ret;
	}
	return 0;
}

static const struct rsc_kind rsc_kinds[RSC_LAST] = {
	[RSC_CARVEOUT] = {
		.name = "carveout",
		.size = sizeof(struct fw_rsc_carveout),
		.check = rsc_check_carveout,
	},
	[RSC_DEVMEM] = {
		.name = "devmem",
		.size = sizeof(struct fw_rsc_devmem),
		.check = rsc_check_devmem,
	},
	[RSC_TRACE] = {
		.name = "trace",
		.size = sizeof(struct fw_rsc_trace),
		.check = rsc_check_trace,
	},
	[RSC_VDEV] = {
		.name = "vdev",
		.size = sizeof(struct fw_rsc_vdev),
		.check = rsc_check_vdev,
	},
};

static bool rsc_type_is_vendor(u32 type)
{
	return type >= RSC_VENDOR_START && type <= RSC_VENDOR_END;
}

/*
 * The bytes entry @index spans from its offset: its header and, for a standard type, its
 * payload's struct (a vdev's vrings and config space included). The entry lies inside the
 * table (the caller checked it), so the fields read here are inside too.
 */
static size_t rsc_entry_span(const struct resource_table *t, u32 index)
{
	const struct fw_rsc_hdr *hdr = (const void *)t + t->offset[index];
	const struct fw_rsc_vdev *vdev;

	if (hdr->type >= RSC_LAST)
		return sizeof(*hdr);
	if (hdr->type != RSC_VDEV)
		return sizeof(*hdr) + rsc_kinds[hdr->type].size;
	vdev = (const void *)hdr->data;
	return size_add(sizeof(*hdr), size_add(struct_size(vdev, vring, vdev->num_of_vrings),
					       vdev->config_len));
}

/* No two entries share a byte (every entry is checked and inside the table already). */
static int rsc_check_overlaps(struct device *dev, const struct resource_table *t, u32 num)
{
	size_t a_start, a_end, b_start, b_end;
	u32 a, b;

	for (a = 0; a < num; a++) {
		a_start = t->offset[a];
		a_end = a_start + rsc_entry_span(t, a);
		for (b = a + 1; b < num; b++) {
			b_start = t->offset[b];
			b_end = b_start + rsc_entry_span(t, b);
			if (a_start < b_end && b_start < a_end) {
				rsc_table_err(dev, "entries %u (0x%zx..0x%zx) and %u (0x%zx..0x%zx) overlap",
					      a, a_start, a_end, b, b_start, b_end);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* On success, *num is the entry count and *hdr_end the size of header + offset array. */
static int rsc_check_header(struct device *dev, const struct resource_table *t, size_t size,
			    u32 *num, size_t *hdr_end)
{
	unsigned int i;
	u32 ver;

	if (!t) {
		rsc_table_err(dev, "missing (NULL)");
		return -EINVAL;
	}
	if (size < sizeof(*t)) {
		rsc_table_err(dev, "size 0x%zx smaller than header (0x%zx)", size, sizeof(*t));
		return -EINVAL;
	}
	ver = t->ver;
	if (ver != AMP_RSC_TABLE_VERSION) {
		rsc_table_err(dev, "version %u not supported (only %u)", ver,
			      AMP_RSC_TABLE_VERSION);
		return -EPROTONOSUPPORT;
	}
	for (i = 0; i < ARRAY_SIZE(t->reserved); i++) {
		u32 reserved = t->reserved[i];

		if (reserved) {
			rsc_table_err(dev, "reserved[%u] 0x%x, must be zero", i, reserved);
			return -EINVAL;
		}
	}
	*num = t->num;
	if (*num > AMP_RSC_MAX_ENTRIES) {
		rsc_table_err(dev, "num %u above the %u entries the host accepts", *num,
			      AMP_RSC_MAX_ENTRIES);
		return -E2BIG;
	}
	*hdr_end = struct_size(t, offset, *num);
	if (*hdr_end > size) {
		rsc_table_err(dev, "num %u needs 0x%zx bytes of header, beyond table size 0x%zx",
			      *num, *hdr_end, size);
		return -E2BIG;
	}
	return 0;
}

static int rsc_check_entry(struct device *dev, const struct resource_table *t, size_t size,
			   size_t hdr_end, u32 index)
{
	struct rsc_entry_ctx ctx = { .dev = dev, .index = index };
	const struct fw_rsc_hdr *hdr;
	const struct rsc_kind *kind;
	u32 off = t->offset[index];
	u32 type;

	if (off < hdr_end) {
		rsc_table_err(dev, "entry %u offset 0x%x inside header (0x%zx bytes)", index, off,
			      hdr_end);
		return -EINVAL;
	}
	if (!IS_ALIGNED(off, sizeof(u32))) {
		rsc_table_err(dev, "entry %u offset 0x%x not 4-byte aligned", index, off);
		return -EINVAL;
	}
	if (off >= size) {
		rsc_table_err(dev, "entry %u offset 0x%x beyond table size 0x%zx", index, off,
			      size);
		return -EOVERFLOW;
	}
	if (size - off < sizeof(*hdr)) {
		rsc_table_err(dev, "entry %u header at 0x%x truncated by table size 0x%zx", index,
			      off, size);
		return -EOVERFLOW;
	}

	hdr = (const void *)t + off;
	type = hdr->type;
	if (rsc_type_is_vendor(type))
		return 0;
	if (type >= RSC_LAST) {
		rsc_table_err(dev, "entry %u type %u unknown", index, type);
		return -EINVAL;
	}

	kind = &rsc_kinds[type];
	ctx.kind = kind->name;
	ctx.payload = hdr->data;
	ctx.avail = size - off - sizeof(*hdr);
	if (ctx.avail < kind->size) {
		rsc_entry_err(&ctx, "needs 0x%zx bytes, 0x%zx left", kind->size, ctx.avail);
		return -EOVERFLOW;
	}
	return kind->check(&ctx);
}

/**
 * amp_rsc_table_check() - check a resource table from an untrusted firmware
 * @dev: device to report the fault against, or NULL to report with pr_err()
 * @table: the table; it must not change during the call (check a private copy)
 * @size: bytes available at @table (e.g. the size of the ELF section)
 *
 * Checks the header, then every entry in index order, and stops at the first fault,
 * which it reports with exactly one error message naming the field and its value.
 * Reads nothing outside [@table, @table + @size), whatever the content.
 *
 * Entries may not overlap each other (upstream lets them): the host writes into its
 * copy, and must not change one entry through another. Vendor entries (types
 * %RSC_VENDOR_START..%RSC_VENDOR_END) are opaque: any length, even 0; only
 * their type word counts as theirs.
 *
 * Context: any context; does not sleep or allocate.
 * Return: 0 if the table is well formed, else:
 * * %-EINVAL - @table is NULL or @size is smaller than the header; a reserved field is
 *   not zero; an offset points into the header or offset array or is not 4-byte
 *   aligned; a type is neither standard nor vendor; a name is not NUL-terminated; a
 *   trace has len 0; a vdev has 0 or more than %AMP_RSC_VDEV_MAX_VRINGS vrings; a
 *   vring's num is 0, not a power of two or above %AMP_RSC_VRING_MAX_NUM, or its align
 *   is not a power of two; two entries overlap
 * * %-EPROTONOSUPPORT - ver is not %AMP_RSC_TABLE_VERSION
 * * %-E2BIG - num is above %AMP_RSC_MAX_ENTRIES, or the offset array of num entries does
 *   not fit in @size
 * * %-EOVERFLOW - an entry runs past the end of the table: its offset is at or past
 *   @size, its header or its payload's struct is truncated, or a vdev's vrings and
 *   config space do not fit in what is left
 * * %-ERANGE - a fixed (not %AMP_RSC_ADDR_ANY) da or pa plus len of a carveout,
 *   devmem or trace wraps past 4 GiB
 */
int amp_rsc_table_check(struct device *dev, const void *table, size_t size)
{
	const struct resource_table *t = table;
	size_t hdr_end;
	u32 num, i;
	int ret;

	ret = rsc_check_header(dev, t, size, &num, &hdr_end);
	if (ret)
		return ret;
	for (i = 0; i < num; i++) {
		ret = rsc_check_entry(dev, t, size, hdr_end, i);
		if (ret)
			return ret;
	}
	return rsc_check_overlaps(dev, t, num);
}
EXPORT_SYMBOL_GPL(amp_rsc_table_check);

/**
 * amp_rsc_table_entry() - locate one entry of a checked resource table
 * @table: a table that amp_rsc_table_check() accepted with the same @size
 * @size: bytes available at @table
 * @index: index of the entry, below the table's num
 * @ent: filled with the entry's type, payload offset, payload and bytes left
 *
 * Meant for a checked table, but stays inside [@table, @table + @size) for any input:
 * it rechecks the bounds it relies on (not the entry's fields) and fails silently.
 * @ent is written only on success.
 *
 * Context: any context; does not sleep or allocate.
 * Return: 0 on success; %-ERANGE if @index is not below num; %-EINVAL if @table or
 * @ent is NULL or the header, offset array or entry header lies outside @size.
 */
int amp_rsc_table_entry(const void *table, size_t size, u32 index, struct amp_rsc_entry *ent)
{
	const struct resource_table *t = table;
	const struct fw_rsc_hdr *hdr;
	size_t hdr_end;
	u32 num, off;

	if (!t || !ent || size < sizeof(*t))
		return -EINVAL;
	num = t->num;
	if (index >= num)
		return -ERANGE;
	hdr_end = struct_size(t, offset, num);
	if (hdr_end > size)
		return -EINVAL;
	off = t->offset[index];
	if (off < hdr_end || off >= size || size - off < sizeof(*hdr))
		return -EINVAL;

	hdr = table + off;
	ent->type = hdr->type;
	ent->offset = (size_t)off + sizeof(*hdr);
	ent->data = hdr->data;
	ent->len = size - ent->offset;
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rsc_table_entry);

