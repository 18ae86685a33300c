// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: the remote's memory (carveouts) and the resources of its table.
 *
 * Memory is upstream's model: the platform driver registers carveouts (struct
 * rproc_mem_entry, usually from its prepare op), each with alloc and release callbacks that
 * map and unmap it; they go at every stop. A carveout entry of the table claims a carveout
 * by name, or a slice of one by address, or asks the core to allocate memory (both addresses
 * FW_RSC_ADDR_ANY and no carveout of its name).
 *
 * The table the core works on is its own checked copy (rproc->cached_table): every entry
 * was bounds-checked by amp_rsc_table_check(), so the handlers only check meaning
 * (addresses inside memory the platform gave, no overlaps, 32-bit fields). What the core
 * decides (addresses, notify ids) is written into the copy, which is written over the table
 * in the remote's memory before the remote starts.
 */

#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "amp_rproc_internal.h"

static bool amp_rproc_range_ok(u64 start, u64 len)
{
	u64 end;

	return len && !check_add_overflow(start, len, &end);
}

/* [a, a + alen) and [b, b + blen) share a byte; without overflow, whatever the lengths. */
static bool amp_rproc_ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a >= b ? a - b < blen : b - a < alen;
}

/* [da, da + len) lies inside [start, start + size). */
static bool amp_rproc_holds(u64 start, u64 size, u64 da, u64 len)
{
	return da >= start && len <= size && da - start <= size - len;
}

/*
 * The table's address fields are 32 bits wide: an address the host chose (or found in a
 * carveout) above 4 GiB cannot be written back, and must not be truncated.
 */
static bool amp_rproc_fits_table(struct rproc *rproc, u32 index, const char *what,
				 u64 addr, u64 len)
{
	if (addr <= U32_MAX && len <= BIT_ULL(32) - addr)
		return true;
	dev_err(&rproc->dev, "resource table: entry %u: %s 0x%llx + 0x%llx does not fit the table's 32-bit address fields\n",
		index, what, addr, len);
	return false;
}

static __printf(6, 0)
struct rproc_mem_entry *amp_rproc_mem_entry_vinit(struct device *dev, void *va, dma_addr_t dma,
						  size_t len, u32 da, const char *name,
						  va_list args)
{
	struct rproc_mem_entry *mem;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return NULL;
	mem->va = va;
	mem->dma = dma;
	mem->len = len;
	mem->da = da;
	mem->rsc_offset = FW_RSC_ADDR_ANY;
	mem->of_resm_idx = -1;
	vsnprintf(mem->name, sizeof(mem->name), name, args);
	return mem;
}

/**
 * rproc_mem_entry_init() - describe a carveout of the remote
 * @dev: the platform device (for messages)
 * @va: its kernel mapping, or NULL (then @alloc maps it)
 * @dma: its DMA (physical) address
 * @len: its size
 * @da: its device address
 * @alloc: maps it before the firmware is loaded, or NULL
 * @release: undoes @alloc at the remote's cleanup, or NULL
 * @name: its name (a printf format), which carveout entries of the table match
 *
 * Context: may sleep.
 * Return: the entry, for rproc_add_carveout(), or NULL.
 */
__printf(8, 9) struct rproc_mem_entry *
rproc_mem_entry_init(struct device *dev, void *va, dma_addr_t dma, size_t len, u32 da,
		     int (*alloc)(struct rproc *, struct rproc_mem_entry *),
		     int (*release)(struct rproc *, struct rproc_mem_entry *),
		     const char *name, ...)
{
	struct rproc_mem_entry *mem;
	va_list args;

	va_start(args, name);
	mem = amp_rproc_mem_entry_vinit(dev, va, dma, len, da, name, args);
	va_end(args);
	if (mem) {
		mem->alloc = alloc;
		mem->release = release;
	}
	return mem;
}
EXPORT_SYMBOL(rproc_mem_entry_init);

/**
 * rproc_of_resm_mem_entry_init() - describe a reserved-memory region of the remote
 * @dev: the platform device whose "memory-region" lists it
 * @of_resm_idx: its index in "memory-region"
 * @len: its size
 * @da: its device address
 * @name: its name (a printf format), e.g. "vdev0buffer"
 *
 * Such a region is not mapped by the core: a vdev of the table uses the one named
 * vdev<N>buffer as its buffer pool, at the region's physical address.
 * Context: may sleep.
 * Return: the entry, for rproc_add_carveout(), or NULL (no such region, or @len larger).
 */
__printf(5, 6) struct rproc_mem_entry *
rproc_of_resm_mem_entry_init(struct device *dev, u32 of_resm_idx, size_t len, u32 da,
			     const char *name, ...)
{
	struct device_node *np = of_parse_phandle(dev->of_node, "memory-region", of_resm_idx);
	struct reserved_mem *rmem = np ? of_reserved_mem_lookup(np) : NULL;
	struct rproc_mem_entry *mem;
	va_list args;

	of_node_put(np);
	if (!rmem || len > rmem->size) {
		dev_err(dev, "memory-region %u: %s, for 0x%zx bytes\n", of_resm_idx,
			rmem ? "too small" : "no reserved memory", len);
		return NULL;
	}
	va_start(args, name);
	mem = amp_rproc_mem_entry_vinit(dev, NULL, rmem->base, len, da, name, args);
	va_end(args);
	if (mem)
		mem->of_resm_idx = of_resm_idx;
	return mem;
}
EXPORT_SYMBOL(rproc_of_resm_mem_entry_init);

/**
 * rproc_add_carveout() - give the remote a carveout
 * @rproc: the remote
 * @mem: the entry (rproc_mem_entry_init()); the core frees it at the remote's cleanup
 *
 * Carveouts are checked at boot (amp_rproc_check_carveouts()): one that is empty, leaves
 * the 32-bit device address space or overlaps another (by device or DMA address) fails it.
 * Context: may sleep; from the driver's probe, prepare or parse_fw.
 */
void rproc_add_carveout(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	list_add_tail(&mem->node, &rproc->carveouts);
}
EXPORT_SYMBOL(rproc_add_carveout);

/**
 * amp_rproc_find_carveout() - a carveout by name
 * @rproc: the remote
 * @name: its name
 *
 * Return: the entry, or NULL.
 */
struct rproc_mem_entry *amp_rproc_find_carveout(struct rproc *rproc, const char *name)
{
	struct rproc_mem_entry *mem;

	list_for_each_entry(mem, &rproc->carveouts, node) {
		if (!strncmp(mem->name, name, sizeof(mem->name)))
			return mem;
	}
	return NULL;
}

/**
 * rproc_find_carveout_by_name() - a carveout by name
 * @rproc: the remote
 * @name: its name, a printf format
 *
 * Return: the entry, or NULL.
 */
__printf(2, 3)
struct rproc_mem_entry *rproc_find_carveout_by_name(struct rproc *rproc, const char *name, ...)
{
	char buf[sizeof_field(struct rproc_mem_entry, name)];
	va_list args;

	va_start(args, name);
	vsnprintf(buf, sizeof(buf), name, args);
	va_end(args);
	return amp_rproc_find_carveout(rproc, buf);
}
EXPORT_SYMBOL(rproc_find_carveout_by_name);

/* The carveout holding [da, da + len), by device address. */
static struct rproc_mem_entry *amp_rproc_carveout_at(struct rproc *rproc, u64 da, u64 len)
{
	struct rproc_mem_entry *mem;

	list_for_each_entry(mem, &rproc->carveouts, node) {
		if (amp_rproc_holds(mem->da, mem->len, da, len))
			return mem;
	}
	return NULL;
}

/**
 * amp_rproc_check_carveouts() - the carveouts the platform registered are usable
 * @rproc: the remote
 *
 * Context: with the remote's lock held.
 * Return: 0, or -EINVAL if two overlap (both are named).
 */
int amp_rproc_check_carveouts(struct rproc *rproc)
{
	struct rproc_mem_entry *a, *b;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(a, &rproc->carveouts, node) {
		if (!a->len || a->len > BIT_ULL(32) - a->da) {
			dev_err(&rproc->dev, "carveout %s: da 0x%x len 0x%zx is empty or beyond the 32-bit device address space\n",
				a->name, a->da, a->len);
			return -EINVAL;
		}
		b = a;
		list_for_each_entry_continue(b, &rproc->carveouts, node) {
			if (amp_rproc_ranges_overlap(a->da, a->len, b->da, b->len) ||
			    (a->dma && b->dma &&
			     amp_rproc_ranges_overlap(a->dma, a->len, b->dma, b->len))) {
				dev_err(&rproc->dev, "carveouts %s and %s overlap: not booting\n",
					a->name, b->name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * amp_rproc_alloc_carveouts() - map every carveout that is not yet
 * @rproc: the remote
 *
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or the first alloc callback's error (the ones before stay mapped until the
 * cleanup).
 */
int amp_rproc_alloc_carveouts(struct rproc *rproc)
{
	struct rproc_mem_entry *mem;
	int ret;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(mem, &rproc->carveouts, node) {
		if (mem->va || !mem->alloc)
			continue;
		ret = mem->alloc(rproc, mem);
		if (ret) {
			dev_err(&rproc->dev, "cannot map carveout %s: %d\n", mem->name, ret);
			return ret;
		}
	}
	return 0;
}

/**
 * rproc_da_to_va() - kernel address of a range of the remote's memory
 * @rproc: the remote
 * @da: device address
 * @len: length of the range
 * @is_iomem: set when the address is an I/O mapping (may be NULL)
 *
 * Context: with the remote's lock held, or while the remote is booted.
 * Return: the kernel address of @da if [@da, @da + @len) lies inside one mapped carveout
 * (or the driver's da_to_va op maps it), else NULL.
 */
void *rproc_da_to_va(struct rproc *rproc, u64 da, size_t len, bool *is_iomem)
{
	struct rproc_mem_entry *mem;
	bool iomem = false;
	void *va = NULL;

	if (!len)
		return NULL;
	if (rproc->ops->da_to_va)
		va = rproc->ops->da_to_va(rproc, da, len, &iomem);
	if (!va) {
		list_for_each_entry(mem, &rproc->carveouts, node) {
			if (mem->va && amp_rproc_holds(mem->da, mem->len, da, len)) {
				va = mem->va + (da - mem->da);
				iomem = mem->is_iomem;
				break;
			}
		}
	}
	if (va && is_iomem)
		*is_iomem = iomem;
	return va;
}
EXPORT_SYMBOL(rproc_da_to_va);

/**
 * amp_rproc_add_devmem() - let the remote's devmem entries name a range of device memory
 * @rproc: the remote, before rproc_add()
 * @pa: start of the range (device address = physical address: no IOMMU)
 * @len: its size
 *
 * A devmem entry of a resource table is accepted only inside such a range.
 * Context: may sleep.
 * Return: 0, -EINVAL for an empty or wrapping range, -ENOMEM.
 */
int amp_rproc_add_devmem(struct rproc *rproc, phys_addr_t pa, size_t len)
{
	struct amp_rproc_devmem *dm;

	if (!amp_rproc_range_ok(pa, len)) {
		dev_err(&rproc->dev, "devmem: bad range %pa len 0x%zx\n", &pa, len);
		return -EINVAL;
	}
	dm = kzalloc(sizeof(*dm), GFP_KERNEL);
	if (!dm)
		return -ENOMEM;
	dm->pa = pa;
	dm->len = len;
	mutex_lock(&rproc->lock);
	list_add_tail(&dm->node, &rproc->amp->devmems);
	mutex_unlock(&rproc->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_add_devmem);

/* Releases what amp_rproc_alloc_carveout() allocated (unless it is left to the remote). */
static int amp_rproc_free_allocation(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	dma_free_coherent(rproc->dev.parent, mem->len, mem->va, mem->dma);
	return 0;
}

/* A carveout entry with no address of its own and no carveout of its name: allocated. */
static int amp_rproc_alloc_carveout(struct rproc *rproc, struct fw_rsc_carveout *c,
				    u32 offset, u32 index)
{
	struct device *dma_dev = rproc->dev.parent;
	struct rproc_mem_entry *mem;
	dma_addr_t dma = 0;
	void *va = NULL;

	/*
	 * The size is the firmware's: one the page allocator has no block for (0, or above
	 * its largest) must fail here with our message, not WARN in the allocator.
	 */
	if (c->len)
		va = dma_alloc_coherent(dma_dev, c->len, &dma, GFP_KERNEL | __GFP_NOWARN);
	/* The remote runs with its MMU off: it must reach the buffer at 32-bit addresses. */
	if (!va || !amp_rproc_range_ok(dma, c->len) || dma + c->len > BIT_ULL(32)) {
		dev_err(&rproc->dev, "resource table: entry %u: cannot allocate carveout %.*s of 0x%x bytes\n",
			index, AMP_RSC_NAME_LEN, c->name, c->len);
		if (va)
			dma_free_coherent(dma_dev, c->len, va, dma);
		return -ENOMEM;
	}
	mem = rproc_mem_entry_init(dma_dev, va, dma, c->len, dma, NULL,
				   amp_rproc_free_allocation, "%.*s", AMP_RSC_NAME_LEN, c->name);
	if (!mem) {
		dma_free_coherent(dma_dev, c->len, va, dma);
		return -ENOMEM;
	}
	/* ours: left to the remote, never freed, if its core may still run at the end */
	mem->priv = rproc->amp;
	mem->rsc_offset = offset;
	mem->flags = c->flags;
	list_add_tail(&mem->node, &rproc->carveouts);
	c->da = dma;
	c->pa = dma;
	return 0;
}

/* One table entry may not claim memory another claims. */
static int amp_rproc_claim(struct rproc *rproc, const struct fw_rsc_carveout *c, u64 da,
			   u32 index)
{
	struct amp_rproc_claim *claim, *other;

	list_for_each_entry(other, &rproc->amp->claims, node) {
		if (amp_rproc_ranges_overlap(da, c->len, other->da, other->len)) {
			dev_err(&rproc->dev, "resource table: entry %u: carveout %.*s overlaps carveout %s\n",
				index, AMP_RSC_NAME_LEN, c->name, other->name);
			return -EINVAL;
		}
	}
	claim = kzalloc(sizeof(*claim), GFP_KERNEL);
	if (!claim)
		return -ENOMEM;
	memcpy(claim->name, c->name, sizeof(claim->name));
	claim->name[sizeof(claim->name) - 1] = '\0';
	claim->da = da;
	claim->len = c->len;
	list_add_tail(&claim->node, &rproc->amp->claims);
	return 0;
}

/*
 * A carveout entry: a carveout of the platform (matched by name, else by address), or a new
 * allocation when the entry leaves both addresses to the host.
 */
static int amp_rproc_handle_carveout(struct rproc *rproc, struct fw_rsc_carveout *c,
				     u32 offset, u32 index)
{
	struct rproc_mem_entry *named, *mem;
	u64 da = c->da, pa;
	char name[AMP_RSC_NAME_LEN + 1];
	int ret;

	memcpy(name, c->name, AMP_RSC_NAME_LEN);
	name[AMP_RSC_NAME_LEN] = '\0';
	named = amp_rproc_find_carveout(rproc, name);
	if (c->da == AMP_RSC_ADDR_ANY && c->pa == AMP_RSC_ADDR_ANY && !named)
		return amp_rproc_alloc_carveout(rproc, c, offset, index);

	if (named && da == AMP_RSC_ADDR_ANY)
		da = named->da;
	mem = named && amp_rproc_holds(named->da, named->len, da, c->len) ? named :
	      amp_rproc_carveout_at(rproc, da, c->len);
	if (!mem || !c->len || mem->priv == rproc->amp) {
		dev_err(&rproc->dev, "resource table: entry %u: carveout %s da 0x%x len 0x%x is in no carveout of the platform\n",
			index, name, c->da, c->len);
		return -EINVAL;
	}
	pa = mem->dma + (da - mem->da);
	if (c->pa != AMP_RSC_ADDR_ANY && c->pa != pa) {
		dev_err(&rproc->dev, "resource table: entry %u: carveout %s pa 0x%x, but da 0x%llx is at pa 0x%llx\n",
			index, name, c->pa, da, pa);
		return -EINVAL;
	}
	if (!amp_rproc_fits_table(rproc, index, "carveout da", da, c->len) ||
	    !amp_rproc_fits_table(rproc, index, "carveout pa", pa, c->len))
		return -ERANGE;
	ret = amp_rproc_claim(rproc, c, da, index);
	if (ret)
		return ret;
	if (mem == named) {
		mem->rsc_offset = offset;
		mem->flags = c->flags;
	}
	c->da = da;
	c->pa = pa;
	return 0;
}

/* A devmem entry: device memory the platform granted, at its physical address. */
static int amp_rproc_handle_devmem(struct rproc *rproc, struct fw_rsc_devmem *d, u32 index)
{
	struct amp_rproc_devmem *dm;

	list_for_each_entry(dm, &rproc->amp->devmems, node) {
		if (d->pa != AMP_RSC_ADDR_ANY && d->len &&
		    (d->da == d->pa || d->da == AMP_RSC_ADDR_ANY) &&
		    amp_rproc_holds(dm->pa, dm->len, d->pa, d->len)) {
			d->da = d->pa;
			return 0;
		}
	}
	dev_err(&rproc->dev, "resource table: entry %u: devmem %.*s pa 0x%x da 0x%x len 0x%x is not device memory the platform grants\n",
		index, AMP_RSC_NAME_LEN, d->name, d->pa, d->da, d->len);
	return -EPERM;
}

static int amp_rproc_handle_trace(struct rproc *rproc, const struct fw_rsc_trace *t,
				  u32 index)
{
	struct amp_rproc_trace *trace;
	unsigned int n = 0;
	void *va;

	va = rproc_da_to_va(rproc, t->da, t->len, NULL);
	if (!va) {
		dev_err(&rproc->dev, "resource table: entry %u: trace da 0x%x len 0x%x is outside the remote's memory\n",
			index, t->da, t->len);
		return -EINVAL;
	}
	list_for_each_entry(trace, &rproc->amp->traces, node)
		n++;
	if (n >= AMP_RPROC_MAX_TRACES) {
		dev_err(&rproc->dev, "resource table: entry %u: more than %d trace buffers\n",
			index, AMP_RPROC_MAX_TRACES);
		return -EINVAL;
	}
	trace = kzalloc(sizeof(*trace), GFP_KERNEL);
	if (!trace)
		return -ENOMEM;
	trace->index = n;
	trace->live = true;
	trace->dbg.rproc = rproc;
	trace->dbg.trace_mem.va = va;
	trace->dbg.trace_mem.da = t->da;
	trace->dbg.trace_mem.len = t->len;
	snprintf(trace->dbg.trace_mem.name, sizeof(trace->dbg.trace_mem.name), "trace%u", n);
	list_add_tail(&trace->node, &rproc->amp->traces);
	list_add_tail(&trace->dbg.node, &rproc->traces);
	rproc->num_traces++;
	amp_rproc_debugfs_add_trace(rproc, n);
	trace->dbg.tfile = rproc->amp->trace_slots[n].file;
	return 0;
}

/*
 * A vdev entry: place its vrings in the carveouts vdev<N>vring<i> (or check the fixed
 * addresses the firmware gave), give them notify ids of ours (as upstream), and reset the
 * host-owned words. The virtio device itself is registered once the remote runs.
 */
static int amp_rproc_handle_vdev(struct rproc *rproc, struct fw_rsc_vdev *v, u32 offset,
				 u32 index)
{
	/* Read once: the loop writes into the copy (a checked table has no overlaps anyway). */
	unsigned int i, nvrings = v->num_of_vrings, nr_vdev = rproc->nb_vdev;

	if (WARN_ON(nvrings > AMP_RSC_VDEV_MAX_VRINGS))
		return -EINVAL;
	for (i = 0; i < nvrings; i++) {
		struct fw_rsc_vdev_vring *vr = &v->vring[i];
		struct rproc_mem_entry *mem;
		u64 size, pa, da = vr->da;

		/* desc 16 B, avail 6 + 2 num, used aligned, 6 + 8 num: the legacy split ring */
		size = ALIGN(16ULL * vr->num + 6 + 2ULL * vr->num, vr->align) +
		       6 + 8ULL * vr->num;
		mem = rproc_find_carveout_by_name(rproc, "vdev%uvring%u", nr_vdev, i);
		if (da == AMP_RSC_ADDR_ANY && mem)
			da = mem->da;
		if (da == AMP_RSC_ADDR_ANY || !rproc_da_to_va(rproc, da, size, NULL) ||
		    !IS_ALIGNED(da, vr->align)) {
			dev_err(&rproc->dev, "resource table: entry %u: vring %u da 0x%llx (%u x align 0x%x, 0x%llx bytes) has no suitable memory\n",
				index, i, da, vr->num, vr->align, size);
			return -EINVAL;
		}
		mem = amp_rproc_carveout_at(rproc, da, size);
		pa = mem ? mem->dma + (da - mem->da) : da;
		if (!amp_rproc_fits_table(rproc, index, "vring da", da, size) ||
		    !amp_rproc_fits_table(rproc, index, "vring pa", pa, size))
			return -ERANGE;
		vr->da = da;
		vr->pa = pa;
		vr->notifyid = ++rproc->max_notifyid;
	}
	v->status = 0;
	v->gfeatures = 0;
	rproc->nb_vdev++;
	return amp_rproc_vdev_new(rproc, v, nvrings, offset, nr_vdev);
}

/*
 * A vendor entry's payload has no length the core knows: it may run up to the next entry
 * (in table order of addresses) or the table's end, never over an entry the core applied.
 */
static size_t amp_rproc_vendor_avail(const struct resource_table *table,
				     const struct amp_rsc_entry *ent)
{
	size_t avail = ent->len;
	u32 j;

	/* a checked table: num offsets, each an entry header inside it */
	for (j = 0; j < table->num; j++) {
		size_t hdr = table->offset[j];

		if (hdr >= ent->offset && hdr - ent->offset < avail)
			avail = hdr - ent->offset;
	}
	return avail;
}

/* A vendor entry: the platform's, on the core's copy (the core writes it out later). */
static int amp_rproc_handle_vendor(struct rproc *rproc, u32 type, void *rsc, size_t offset,
				   size_t avail, u32 index)
{
	int ret;

	if (!rproc->ops->handle_rsc) {
		dev_info(&rproc->dev, "resource table: entry %u: vendor resource %u ignored\n",
			 index, type);
		return 0;
	}
	ret = rproc->ops->handle_rsc(rproc, type, rsc, offset, avail);
	if (ret == RSC_IGNORED) {
		dev_info(&rproc->dev, "resource table: entry %u: vendor resource %u ignored\n",
			 index, type);
		return 0;
	}
	if (ret) {
		dev_err(&rproc->dev, "resource table: entry %u: vendor resource %u refused: %d\n",
			index, type, ret);
		return ret < 0 ? ret : -EINVAL;
	}
	return 0;
}

/*
 * The entries of the copy, in table order: with @carveouts the carveout and devmem entries,
 * else the traces, vdevs and vendor entries (which need the carveouts mapped).
 */
static int amp_rproc_apply_entries(struct rproc *rproc, bool carveouts)
{
	struct resource_table *table = rproc->cached_table;
	void *copy = rproc->cached_table;
	struct amp_rsc_entry ent;
	int ret = 0;
	u32 i;

	for (i = 0; i < table->num && !ret; i++) {
		ret = amp_rsc_table_entry(table, rproc->table_sz, i, &ent);
		if (ret)
			break;
		/* The copy is ours: its entries may be written through their offset. */
		if (carveouts) {
			if (ent.type == RSC_CARVEOUT)
				ret = amp_rproc_handle_carveout(rproc, copy + ent.offset,
								ent.offset, i);
			else if (ent.type == RSC_DEVMEM)
				ret = amp_rproc_handle_devmem(rproc, copy + ent.offset, i);
			continue;
		}
		if (ent.type == RSC_TRACE)
			ret = amp_rproc_handle_trace(rproc, ent.data, i);
		else if (ent.type == RSC_VDEV)
			ret = amp_rproc_handle_vdev(rproc, copy + ent.offset, ent.offset, i);
		else if (ent.type >= RSC_VENDOR_START && ent.type <= RSC_VENDOR_END)
			ret = amp_rproc_handle_vendor(rproc, ent.type, copy + ent.offset,
						      ent.offset,
						      amp_rproc_vendor_avail(table, &ent), i);
	}
	return ret;
}

/**
 * amp_rproc_handle_resources() - apply the table's resources to the core's copy
 * @rproc: the remote, its table copied and checked (or none)
 *
 * First the carveout and devmem entries (claims and allocations), then every carveout is
 * mapped, then the traces, vdevs and vendor entries, which need the memory.
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or a negative errno; the caller releases what was set up either way.
 */
int amp_rproc_handle_resources(struct rproc *rproc)
{
	int ret;

	lockdep_assert_held(&rproc->lock);
	rproc->max_notifyid = -1;
	rproc->nb_vdev = 0;
	if (rproc->cached_table) {
		ret = amp_rproc_apply_entries(rproc, true);
		if (ret)
			return ret;
	}
	ret = amp_rproc_alloc_carveouts(rproc);
	if (ret || !rproc->cached_table)
		return ret;
	return amp_rproc_apply_entries(rproc, false);
}

/**
 * amp_rproc_release_resources() - undo amp_rproc_handle_resources() and the carveouts
 * @rproc: the remote
 * @keep_allocations: the remote's core may still run: leave the memory the core allocated
 *	to it (leaked), forget it only
 *
 * The vdevs go, the carveouts are released (the driver's release callbacks) and forgotten,
 * as are the table's claims and the coredump's segments.
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_release_resources(struct rproc *rproc, bool keep_allocations)
{
	struct amp_rproc_claim *claim, *ctmp;
	struct rproc_mem_entry *mem, *tmp;
	struct amp_rproc_trace *trace;

	lockdep_assert_held(&rproc->lock);
	amp_rproc_vdevs_remove(rproc);
	list_for_each_entry(trace, &rproc->amp->traces, node) {
		if (trace->live)
			list_del(&trace->dbg.node);
		trace->live = false;
		trace->dbg.trace_mem.va = NULL;
	}
	rproc->num_traces = 0;
	list_for_each_entry_safe(claim, ctmp, &rproc->amp->claims, node) {
		list_del(&claim->node);
		kfree(claim);
	}
	list_for_each_entry_safe(mem, tmp, &rproc->carveouts, node) {
		if (mem->priv == rproc->amp && keep_allocations)
			dev_err(&rproc->dev, "carveout %s: 0x%zx bytes at %pad left to a core that may still run\n",
				mem->name, mem->len, &mem->dma);
		else if (mem->release)
			mem->release(rproc, mem);
		list_del(&mem->node);
		kfree(mem);
	}
	amp_rproc_coredump_cleanup(rproc);
	rproc->max_notifyid = -1;
	rproc->nb_vdev = 0;
}

/**
 * rproc_resource_cleanup() - release the remote's resources: carveouts, traces, vdevs
 * @rproc: the remote, not running
 *
 * What a driver calls when its probe fails after registering carveouts (upstream's).
 * Context: may sleep.
 */
void rproc_resource_cleanup(struct rproc *rproc)
{
	mutex_lock(&rproc->lock);
	amp_rproc_release_resources(rproc, false);
	mutex_unlock(&rproc->lock);
}
EXPORT_SYMBOL(rproc_resource_cleanup);

/**
 * amp_rproc_traces_stop() - keep the traces' content before the remote's memory goes
 * @rproc: the remote, stopped (or never started), its memory still mapped
 *
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_traces_stop(struct rproc *rproc)
{
	struct amp_rproc_trace *trace;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(trace, &rproc->amp->traces, node) {
		const char *va = trace->dbg.trace_mem.va;
		size_t len;

		if (!trace->live || !va)
			continue;
		len = strnlen(va, min_t(size_t, trace->dbg.trace_mem.len,
					AMP_RPROC_MAX_TRACE_COPY));
		kfree(trace->copy);
		trace->copy = kmemdup(va, len, GFP_KERNEL);
		trace->copy_len = trace->copy ? len : 0;
	}
}

/**
 * amp_rproc_traces_free() - forget the traces of the last boot
 * @rproc: the remote, not running
 *
 * Context: may sleep.
 */
void amp_rproc_traces_free(struct rproc *rproc)
{
	struct amp_rproc_trace *trace, *tmp;

	list_for_each_entry_safe(trace, tmp, &rproc->amp->traces, node) {
		if (trace->live)
			list_del(&trace->dbg.node);
		list_del(&trace->node);
		kfree(trace->copy);
		kfree(trace);
	}
	rproc->num_traces = 0;
}
