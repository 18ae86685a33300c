// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: the functions behind the userspace stand-ins for kernel headers (README.rst):
 * printk() and dev_printk() with the kernel's format extensions, the allocators, fake
 * physical memory for memremap(), ioremap_wc() and dma_alloc_coherent(), and the fake device
 * tree's phandles and reserved memory.
 */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kshim.h"

bool kshim_quiet;
void (*kshim_msg_hook)(int level, const char *msg);
unsigned long kshim_msgs_err;
unsigned long kshim_msgs;
char kshim_last_msg[1024];
bool kshim_panic_on_warn;
unsigned long kshim_warns;
unsigned long kshim_fail_nth;
long kshim_allocs_live;
long kshim_maps_live;
long kshim_dma_live;
long kshim_of_refs_live;

/* ---- formatting ------------------------------------------------------------------------ */

/* Output of a format: everything is counted, what fits in @size (NUL kept) is stored. */
struct kbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void kbuf_put(struct kbuf *b, const char *s, size_t n)
{
	if (b->len + 1 < b->size) {
		size_t room = b->size - 1 - b->len;

		memcpy(b->buf + b->len, s, n < room ? n : room);
	}
	b->len += n;
}

/* One standard conversion, formatted by libc: @spec is "%<flags><width>.<prec><len><conv>". */
static __printf(2, 3) void kbuf_printf(struct kbuf *b, const char *spec, ...)
{
	char small[256];
	va_list args;
	char *big;
	int n;

	va_start(args, spec);
	n = vsnprintf(small, sizeof(small), spec, args);
	va_end(args);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		kbuf_put(b, small, n);
		return;
	}
	big = malloc(n + 1);
	if (!big)
		abort();
	va_start(args, spec);
	vsnprintf(big, n + 1, spec, args);
	va_end(args);
	kbuf_put(b, big, n);
	free(big);
}

/* %*ph: @len bytes (1 if no width, at most 64) in hex, separated as the suffix says. */
static void kbuf_hex(struct kbuf *b, const u8 *p, int width, char suffix)
{
	char sep = suffix == 'C' ? ':' : suffix == 'D' ? '-' : suffix == 'N' ? 0 : ' ';
	int i, len = width < 0 ? 1 : min_t(int, width, 64);
	char hex[3];

	for (i = 0; i < len; i++) {
		snprintf(hex, sizeof(hex), "%02x", p[i]);
		kbuf_put(b, hex, 2);
		if (sep && i + 1 < len)
			kbuf_put(b, &sep, 1);
	}
}

static void kbuf_vformat(struct kbuf *b, const char *fmt, va_list args);

/*
 * A %p conversion at @fmt (just past the 'p'); returns the format past its suffix, which
 * the kernel skips whole (every alphanumeric character after %p).
 */
static const char *kbuf_pointer(struct kbuf *b, const char *fmt, int width, va_list *args)
{
	void *ptr = va_arg(*args, void *);

	switch (*fmt) {
	case 'V': {
		const struct va_format *vaf = ptr;
		va_list va;

		va_copy(va, *vaf->va);
		kbuf_vformat(b, vaf->fmt, va);
		va_end(va);
		break;
	}
	case 'h':
		if (width)
			kbuf_hex(b, ptr, width, fmt[1]);
		break;
	case 'a':
		/* %pad: a dma_addr_t, %pa[p]: a phys_addr_t; both 64-bit, 0x and 16 digits */
		if (fmt[1] == 'd')
			kbuf_printf(b, "0x%016llx", (unsigned long long)*(dma_addr_t *)ptr);
		else
			kbuf_printf(b, "0x%016llx", (unsigned long long)*(phys_addr_t *)ptr);
		break;
	default:
		/* the kernel prints a hash of the address; no message here depends on it */
		kbuf_printf(b, "%p", ptr);
		break;
	}
	while (isalnum((unsigned char)*fmt))
		fmt++;
	return fmt;
}

/* Reads one integer argument of the length modifier @len and formats it with @spec. */
static void kbuf_int(struct kbuf *b, const char *spec, const char *len, char conv,
		     va_list *args)
{
	bool is_signed = conv == 'd' || conv == 'i';

	if (!strcmp(len, "ll") || !strcmp(len, "j"))
		is_signed ? kbuf_printf(b, spec, va_arg(*args, long long)) :
			    kbuf_printf(b, spec, va_arg(*args, unsigned long long));
	else if (!strcmp(len, "l") || !strcmp(len, "z") || !strcmp(len, "t"))
		is_signed ? kbuf_printf(b, spec, va_arg(*args, long)) :
			    kbuf_printf(b, spec, va_arg(*args, unsigned long));
	else
		is_signed ? kbuf_printf(b, spec, va_arg(*args, int)) :
			    kbuf_printf(b, spec, va_arg(*args, unsigned int));
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void kbuf_vformat(struct kbuf *b, const char *fmt, va_list args)
{
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		char spec[64], len[3] = "";
		const char *start = fmt;
		int width = -1, prec = -1;
		size_t n = 0;
		char conv;

		if (*fmt != '%') {
			while (*fmt && *fmt != '%')
				fmt++;
			kbuf_put(b, start, fmt - start);
			continue;
		}
		spec[n++] = *fmt++;
		while (*fmt && strchr("-+ #0", *fmt) && n < 8)
			spec[n++] = *fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		} else if (isdigit((unsigned char)*fmt)) {
			width = strtol(fmt, (char **)&fmt, 10);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				prec = strtol(fmt, (char **)&fmt, 10);
			}
		}
		while (*fmt && strchr("hlzjt", *fmt) && strlen(len) < 2)
			len[strlen(len)] = *fmt++;
		conv = *fmt++;
		if (width >= 0)
			n += snprintf(spec + n, sizeof(spec) - n, "%d", width);
		else if (width < -1)	/* a negative '*' width: left-justified */
			n += snprintf(spec + n, sizeof(spec) - n, "-%d", -width);
		if (prec >= 0)
			n += snprintf(spec + n, sizeof(spec) - n, ".%d", prec);
		switch (conv) {
		case '%':
			kbuf_put(b, "%", 1);
			break;
		case 'p':
			fmt = kbuf_pointer(b, fmt, width, &ap);
			break;
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
			snprintf(spec + n, sizeof(spec) - n, "%s%c", len, conv);
			kbuf_int(b, spec, len, conv, &ap);
			break;
		case 'c':
			snprintf(spec + n, sizeof(spec) - n, "c");
			kbuf_printf(b, spec, va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			snprintf(spec + n, sizeof(spec) - n, "s");
			kbuf_printf(b, spec, s ? s : "(null)");
			break;
		}
		default:
			/* not a conversion the kernel knows: copied as it stands */
			if (!conv)
				fmt--;
			kbuf_put(b, start, fmt - start);
			break;
		}
	}
	va_end(ap);
}
#pragma GCC diagnostic pop

/* The kernel's vsnprintf(), for the conversions kbuf_vformat() knows. */
int kshim_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct kbuf b = { .buf = buf, .size = size };

	kbuf_vformat(&b, fmt, args);
	if (size)
		buf[min(b.len, size - 1)] = '\0';
	return b.len;
}

/* ---- messages -------------------------------------------------------------------------- */

/* A message at @level (0..7), without its level prefix; as the kernel's log keeps it. */
static int kshim_vprintk_at(int level, const char *fmt, va_list args)
{
	int n = kshim_vsnprintf(kshim_last_msg, sizeof(kshim_last_msg), fmt, args);

	kshim_msgs++;
	if (level <= 3)
		kshim_msgs_err++;
	if (!kshim_quiet)
		fputs(kshim_last_msg, stderr);
	if (kshim_msg_hook)
		kshim_msg_hook(level, kshim_last_msg);
	return n;
}

static __printf(2, 3) int kshim_printk_at(int level, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = kshim_vprintk_at(level, fmt, args);
	va_end(args);
	return n;
}

/* The level of a KERN_* prefix, or the default loglevel (warning) without one. */
static int kshim_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] != KERN_SOH[0] || f[1] < '0' || f[1] > '7')
		return 4;
	*fmt = f + 2;
	return f[1] - '0';
}

int printk(const char *fmt, ...)
{
	int level = kshim_level(&fmt);
	va_list args;
	int n;

	va_start(args, fmt);
	n = kshim_vprintk_at(level, fmt, args);
	va_end(args);
	return n;
}

/* The kernel's: the driver's name, else the bus's, else the class's. */
const char *dev_driver_string(const struct device *dev)
{
	if (dev->driver)
		return dev->driver->name;
	if (dev->bus)
		return dev->bus->name;
	return dev->class ? dev->class->name : "";
}

/* The kernel's __dev_printk(): "<driver string> <device name>: <message>". */
void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	int lvl = kshim_level(&level);
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (dev)
		kshim_printk_at(lvl, "%s %s: %pV", dev_driver_string(dev), dev_name(dev), &vaf);
	else
		kshim_printk_at(lvl, "(NULL device *): %pV", &vaf);
	va_end(args);
}

void kshim_warn(const char *file, int line, const char *cond)
{
	kshim_warns++;
	fprintf(stderr, "WARNING: at %s:%d: %s\n", file, line, cond);
	if (kshim_panic_on_warn) {
		fprintf(stderr, "kshim: panic_on_warn set, aborting\n");
		abort();
	}
}

/* ---- allocations ----------------------------------------------------------------------- */

/* Whether the allocation being made is the one kshim_fail_nth picked. */
static bool kshim_should_fail(void)
{
	return kshim_fail_nth && !--kshim_fail_nth;
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_SIZE) {
		if (!(flags & __GFP_NOWARN))
			kshim_warn(__FILE__, __LINE__, "kmalloc: order >= MAX_ORDER");
		return NULL;
	}
	if (kshim_should_fail())
		return NULL;
	p = flags & __GFP_ZERO ? calloc(1, size) : malloc(size);
	if (!p)
		abort();
	kshim_allocs_live++;
	return p;
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

void kfree(const void *objp)
{
	if (ZERO_OR_NULL_PTR(objp))
		return;
	kshim_allocs_live--;
	free((void *)objp);
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

/* ---- fake physical memory -------------------------------------------------------------- */

/* A range of fake physical memory, or a DMA allocation, and the buffer behind it. */
struct kshim_block {
	phys_addr_t pa;
	size_t len;
	u8 *buf;
	size_t maps;
};

#define KSHIM_MAX_BLOCKS	64

static struct kshim_block kshim_phys[KSHIM_MAX_BLOCKS];
static unsigned int kshim_nr_phys;
static struct kshim_block kshim_dma[KSHIM_MAX_BLOCKS];
static phys_addr_t kshim_dma_base, kshim_dma_end, kshim_dma_next;

static bool kshim_block_holds_pa(const struct kshim_block *blk, phys_addr_t pa, size_t len)
{
	return pa >= blk->pa && len <= blk->len && pa - blk->pa <= blk->len - len;
}

static bool kshim_block_holds_va(const struct kshim_block *blk, const void *va, size_t len)
{
	const u8 *p = va;

	return blk->buf && p >= blk->buf && len <= blk->len &&
	       (size_t)(p - blk->buf) <= blk->len - len;
}

void *kshim_phys_add(phys_addr_t pa, size_t len)
{
	struct kshim_block *blk;
	unsigned int i;

	if (!len || pa + len < pa || kshim_nr_phys == KSHIM_MAX_BLOCKS)
		return NULL;
	for (i = 0; i < kshim_nr_phys; i++) {
		if (pa < kshim_phys[i].pa + kshim_phys[i].len && kshim_phys[i].pa < pa + len)
			return NULL;
	}
	blk = &kshim_phys[kshim_nr_phys++];
	blk->pa = pa;
	blk->len = len;
	blk->buf = calloc(1, len);
	if (!blk->buf)
		abort();
	return blk->buf;
}

void *kshim_phys_find(phys_addr_t pa, size_t len)
{
	unsigned int i;

	for (i = 0; i < kshim_nr_phys; i++) {
		if (kshim_block_holds_pa(&kshim_phys[i], pa, len))
			return kshim_phys[i].buf + (pa - kshim_phys[i].pa);
	}
	return NULL;
}

bool kshim_mem_holds(const void *va, size_t len)
{
	unsigned int i;

	for (i = 0; i < kshim_nr_phys; i++) {
		if (kshim_block_holds_va(&kshim_phys[i], va, len))
			return true;
	}
	for (i = 0; i < KSHIM_MAX_BLOCKS; i++) {
		if (kshim_block_holds_va(&kshim_dma[i], va, len))
			return true;
	}
	return false;
}

/* A mapping of fake memory: memremap() and ioremap_wc() (on arm64, the same WC mapping). */
static void *kshim_map(phys_addr_t offset, size_t size)
{
	unsigned int i;

	if (kshim_should_fail())
		return NULL;
	for (i = 0; i < kshim_nr_phys; i++) {
		if (size && kshim_block_holds_pa(&kshim_phys[i], offset, size)) {
			kshim_phys[i].maps++;
			kshim_maps_live++;
			return kshim_phys[i].buf + (offset - kshim_phys[i].pa);
		}
	}
	return NULL;
}

static void kshim_unmap(const void *addr, const char *what)
{
	unsigned int i;

	for (i = 0; i < kshim_nr_phys; i++) {
		if (kshim_phys[i].maps && kshim_block_holds_va(&kshim_phys[i], addr, 0)) {
			kshim_phys[i].maps--;
			kshim_maps_live--;
			return;
		}
	}
	kshim_warn(__FILE__, __LINE__, what);
}

void *memremap(resource_size_t offset, size_t size, unsigned long flags)
{
	return kshim_map(offset, size);
}

void memunmap(void *addr)
{
	kshim_unmap(addr, "memunmap() of memory not mapped");
}

void __iomem *ioremap_wc(phys_addr_t offset, size_t size)
{
	return (void __force __iomem *)kshim_map(offset, size);
}

void iounmap(void __iomem *addr)
{
	kshim_unmap((const void __force *)addr, "iounmap() of memory not mapped");
}

void memcpy_fromio(void *to, const void __iomem *from, size_t count)
{
	memcpy(to, (const void __force *)from, count);
}

void memcpy_toio(void __iomem *to, const void *from, size_t count)
{
	memcpy((void __force *)to, from, count);
}

void memset_io(void __iomem *dst, int c, size_t count)
{
	memset((void __force *)dst, c, count);
}

void kshim_dma_pool(phys_addr_t base, size_t len)
{
	WARN_ON(kshim_dma_live);
	kshim_dma_base = base;
	kshim_dma_end = base + len;
	kshim_dma_next = base;
}

/* The page allocator's order of @size bytes (get_order(): 52 for a size of 0). */
static unsigned int kshim_get_order(size_t size)
{
	size = (size - 1) >> 12;
	return size ? 64 - __builtin_clzl(size) : 0;
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{
	size_t aligned = ALIGN(size, SZ_4K);
	unsigned int order = kshim_get_order(aligned);
	struct kshim_block *blk = NULL;
	phys_addr_t pa;
	unsigned int i;

	WARN_ON(!dev->coherent_dma_mask);
	if (order >= 11) {
		if (!(gfp & __GFP_NOWARN))
			kshim_warn(__FILE__, __LINE__, "alloc_pages: order >= MAX_ORDER");
		return NULL;
	}
	if (kshim_should_fail())
		return NULL;
	pa = ALIGN(kshim_dma_next, (phys_addr_t)SZ_4K << order);
	if (pa < kshim_dma_base || aligned > kshim_dma_end - pa ||
	    pa + aligned - 1 > dev->coherent_dma_mask)
		return NULL;
	for (i = 0; i < KSHIM_MAX_BLOCKS && !blk; i++) {
		if (!kshim_dma[i].buf)
			blk = &kshim_dma[i];
	}
	if (!blk)
		return NULL;
	blk->pa = pa;
	blk->len = size;
	blk->buf = calloc(1, size);
	if (!blk->buf)
		abort();
	kshim_dma_next = pa + aligned;
	kshim_dma_live++;
	*dma_handle = pa;
	return blk->buf;
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
	unsigned int i;

	for (i = 0; i < KSHIM_MAX_BLOCKS; i++) {
		struct kshim_block *blk = &kshim_dma[i];

		if (blk->buf && blk->buf == cpu_addr) {
			/* the kernel's rule: free with the size and handle of the allocation */
			WARN_ON(blk->len != size || blk->pa != dma_handle);
			free(blk->buf);
			blk->buf = NULL;
			kshim_dma_live--;
			return;
		}
	}
	WARN_ON(!"dma_free_coherent() of memory not allocated");
}

/* ---- the fake device tree -------------------------------------------------------------- */

struct device_node *of_parse_phandle(const struct device_node *np, const char *phandle_name,
				     int index)
{
	const struct kshim_of_list *l;

	if (!np || !np->kshim_lists || index < 0)
		return NULL;
	for (l = np->kshim_lists; l->name; l++) {
		if (strcmp(l->name, phandle_name))
			continue;
		if ((unsigned int)index >= l->count || !l->nodes[index])
			return NULL;
		kshim_of_refs_live++;
		return l->nodes[index];
	}
	return NULL;
}

void of_node_put(struct device_node *node)
{
	if (!node)
		return;
	WARN_ON(kshim_of_refs_live <= 0);
	kshim_of_refs_live--;
}

#define KSHIM_MAX_RESERVED_MEM	16

static struct reserved_mem kshim_rmem[KSHIM_MAX_RESERVED_MEM];
static unsigned int kshim_nr_rmem;

struct reserved_mem *kshim_reserved_mem_add(const char *name, phys_addr_t base, phys_addr_t size)
{
	struct reserved_mem *rmem;

	if (kshim_nr_rmem == KSHIM_MAX_RESERVED_MEM)
		return NULL;
	rmem = &kshim_rmem[kshim_nr_rmem++];
	rmem->name = name;
	rmem->base = base;
	rmem->size = size;
	return rmem;
}

/* The kernel's: the region named as the last component of the node's path. */
struct reserved_mem *of_reserved_mem_lookup(struct device_node *np)
{
	const char *name;
	unsigned int i;

	if (!np->full_name)
		return NULL;
	name = strrchr(np->full_name, '/');
	name = name ? name + 1 : np->full_name;
	for (i = 0; i < kshim_nr_rmem; i++) {
		if (!strcmp(kshim_rmem[i].name, name))
			return &kshim_rmem[i];
	}
	return NULL;
}
