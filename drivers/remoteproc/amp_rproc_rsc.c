// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: the remote's memory and the resources of its table.
 *
 * The table the core works on is its own checked copy (rproc->cached_table): every entry
 * was bounds-checked by amp_rsc_table_check(), so handlers only check meaning (addresses
 * inside memory the platform gave, no overlaps). What the core decides (addresses of
 * carveouts and vrings) is written into the copy, which is then written over the table in
 * the remote's memory before the remote starts.
 */

#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "amp_rproc_internal.h"

static bool amp_rproc_range_ok(u64 start, u64 len)
{
	u64 end;

	return len && !check_add_overflow(start, len, &end);
}

static bool amp_rproc_ranges_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * The table's address fields are 32 bits wide: an address the host chose (or found in a
 * platform region) above 4 GiB cannot be written back, and must not be truncated.
 */
static bool amp_rproc_fits_table(struct amp_rproc *rproc, u32 index, const char *what,
				 u64 addr, u64 len)
{
	if (addr <= U32_MAX && len <= BIT_ULL(32) - addr)
		return true;
	dev_err(&rproc->dev, "resource table: entry %u: %s 0x%llx + 0x%llx does not fit the table's 32-bit address fields\n",
		index, what, addr, len);
	return false;
}

/* [da, da + len) lies inside @mem. */
static bool amp_rproc_mem_holds(const struct amp_rproc_mem *mem, u64 da, u64 len)
{
	return da >= mem->da && len <= mem->len && da - mem->da <= mem->len - len;
}

/**
 * amp_rproc_add_mem() - give the remote a memory region
 * @rproc: the remote, before amp_rproc_add()
 * @name: the region's name; carveout entries of the table and vrings find it by name
 * @da: its device address, as the remote sees it
 * @pa: its physical address
 * @len: its size
 *
 * The region is mapped while the remote is booted. Firmware segments, carveouts, vrings
 * and trace buffers must lie inside such regions (or in carveouts the core allocates).
 *
 * Context: may sleep.
 * Return: 0, -EINVAL for an empty or wrapping range, a name too long, or a range
 * overlapping a region already given; -ENOMEM.
 */
int amp_rproc_add_mem(struct amp_rproc *rproc, const char *name, u64 da, phys_addr_t pa,
		      size_t len)
{
	struct amp_rproc_mem *mem, *other;
	int ret = 0;

	if (!amp_rproc_range_ok(da, len) || !amp_rproc_range_ok(pa, len) ||
	    strlen(name) >= AMP_RSC_NAME_LEN) {
		dev_err(&rproc->dev, "memory %s: bad range da 0x%llx len 0x%zx\n", name, da, len);
		return -EINVAL;
	}
	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	strscpy(mem->name, name, sizeof(mem->name));
	mem->da = da;
	mem->pa = pa;
	mem->len = len;

	mutex_lock(&rproc->lock);
	list_for_each_entry(other, &rproc->mems, node) {
		if (amp_rproc_ranges_overlap(da, len, other->da, other->len)) {
			dev_err(&rproc->dev, "memory %s overlaps %s\n", name, other->name);
			ret = -EINVAL;
			break;
		}
	}
	if (!ret)
		list_add_tail(&mem->node, &rproc->mems);
	mutex_unlock(&rproc->lock);
	if (ret)
		kfree(mem);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_add_mem);

/**
 * amp_rproc_add_devmem() - let the remote's devmem entries name a range of device memory
 * @rproc: the remote, before amp_rproc_add()
 * @pa: start of the range (device address = physical address: no IOMMU)
 * @len: its size
 *
 * A devmem entry of a resource table is accepted only inside such a range.
 * Context: may sleep.
 * Return: 0, -EINVAL for an empty or wrapping range, -ENOMEM.
 */
int amp_rproc_add_devmem(struct amp_rproc *rproc, phys_addr_t pa, size_t len)
{
	struct amp_rproc_mem *mem;

	if (!amp_rproc_range_ok(pa, len)) {
		dev_err(&rproc->dev, "devmem: bad range %pa len 0x%zx\n", &pa, len);
		return -EINVAL;
	}
	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	strscpy(mem->name, "devmem", sizeof(mem->name));
	mem->da = pa;
	mem->pa = pa;
	mem->len = len;
	mem->devmem = true;
	mutex_lock(&rproc->lock);
	list_add_tail(&mem->node, &rproc->mems);
	mutex_unlock(&rproc->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_add_devmem);

/**
 * amp_rproc_da_to_va() - kernel address of a range of the remote's memory
 * @rproc: the remote
 * @da: device address
 * @len: length of the range
 *
 * Context: with the remote's lock held (the core's boot path and the ops it calls).
 * Return: the kernel address of @da if [@da, @da + @len) lies inside one mapped region,
 * else NULL.
 */
void *amp_rproc_da_to_va(struct amp_rproc *rproc, u64 da, size_t len)
{
	struct amp_rproc_mem *mem;

	lockdep_assert_held(&rproc->lock);
	if (!len)
		return NULL;
	if (rproc->ops->da_to_va) {
		void *va = rproc->ops->da_to_va(rproc, da, len);

		if (va)
			return va;
	}
	list_for_each_entry(mem, &rproc->mems, node) {
		if (mem->va && amp_rproc_mem_holds(mem, da, len))
			return mem->va + (da - mem->da);
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(amp_rproc_da_to_va);

static struct amp_rproc_mem *amp_rproc_find_mem(struct amp_rproc *rproc, const u8 *name)
{
	struct amp_rproc_mem *mem;

	list_for_each_entry(mem, &rproc->mems, node) {
		if (!mem->from_table && !mem->devmem &&
		    !strncmp(mem->name, name, AMP_RSC_NAME_LEN))
			return mem;
	}
	return NULL;
}

/**
 * amp_rproc_platform_mem() - a region the platform gave, by name
 * @rproc: the remote
 * @name: the region's name
 * @pa: its physical address
 * @len: its size
 *
 * Context: with the remote's lock held.
 * Return: whether there is one.
 */
bool amp_rproc_platform_mem(struct amp_rproc *rproc, const char *name, phys_addr_t *pa,
			    size_t *len)
{
	struct amp_rproc_mem *mem;

	lockdep_assert_held(&rproc->lock);
	mem = amp_rproc_find_mem(rproc, name);
	if (!mem)
		return false;
	*pa = mem->pa;
	*len = mem->len;
	return true;
}

static struct amp_rproc_mem *amp_rproc_mem_at(struct amp_rproc *rproc, u64 da, u64 len)
{
	struct amp_rproc_mem *mem;

	list_for_each_entry(mem, &rproc->mems, node) {
		if (!mem->from_table && !mem->devmem && amp_rproc_mem_holds(mem, da, len))
			return mem;
	}
	return NULL;
}

/**
 * amp_rproc_map_mems() - map the platform's regions for a boot
 * @rproc: the remote
 *
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or -ENOMEM (nothing left mapped).
 */
int amp_rproc_map_mems(struct amp_rproc *rproc)
{
	struct amp_rproc_mem *mem;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(mem, &rproc->mems, node) {
		if (mem->devmem)
			continue;
		mem->va = memremap(mem->pa, mem->len, MEMREMAP_WC);
		if (!mem->va) {
			dev_err(&rproc->dev, "cannot map memory %s at %pa\n", mem->name, &mem->pa);
			amp_rproc_unmap_mems(rproc);
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * amp_rproc_unmap_mems() - unmap the platform's regions after a boot
 * @rproc: the remote
 *
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_unmap_mems(struct amp_rproc *rproc)
{
	struct amp_rproc_mem *mem;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(mem, &rproc->mems, node) {
		if (mem->va && !mem->from_table)
			memunmap(mem->va);
		if (!mem->from_table)
			mem->va = NULL;
	}
}

/* A carveout with no address of its own: the core allocates it. */
static int amp_rproc_alloc_carveout(struct amp_rproc *rproc, struct amp_rsc_carveout *c,
				    u32 index)
{
	struct device *dma_dev = rproc->dev.parent;
	struct amp_rproc_mem *mem;

	mem = kzalloc(sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	/*
	 * The size is the firmware's: one the page allocator has no block for (0, or above
	 * its largest) must fail here with our message, not WARN in the allocator.
	 */
	if (c->len)
		mem->va = dma_alloc_coherent(dma_dev, c->len, &mem->dma,
					     GFP_KERNEL | __GFP_NOWARN);
	/* The remote runs with its MMU off: it must reach the buffer at 32-bit addresses. */
	if (!mem->va || !amp_rproc_range_ok(mem->dma, c->len) ||
	    mem->dma + c->len > BIT_ULL(32)) {
		dev_err(&rproc->dev, "resource table: entry %u: cannot allocate carveout %.*s of 0x%x bytes\n",
			index, AMP_RSC_NAME_LEN, c->name, c->len);
		if (mem->va)
			dma_free_coherent(dma_dev, c->len, mem->va, mem->dma);
		kfree(mem);
		return -ENOMEM;
	}
	memcpy(mem->name, c->name, sizeof(mem->name));
	mem->from_table = true;
	mem->da = mem->dma;
	mem->pa = mem->dma;
	mem->len = c->len;
	c->da = mem->da;
	c->pa = mem->pa;
	list_add_tail(&mem->node, &rproc->mems);
	return 0;
}

/*
 * A carveout entry: a region the platform gave (matched by name, else by address), or a
 * new allocation when the entry leaves both addresses to the host.
 */
static int amp_rproc_handle_carveout(struct amp_rproc *rproc, struct amp_rsc_carveout *c,
				     u32 index)
{
	struct amp_rproc_mem *mem, *other;
	u64 da = c->da;

	if (c->da == AMP_RSC_ADDR_ANY && c->pa == AMP_RSC_ADDR_ANY &&
	    !amp_rproc_find_mem(rproc, c->name))
		return amp_rproc_alloc_carveout(rproc, c, index);

	mem = amp_rproc_find_mem(rproc, c->name);
	if (mem && da == AMP_RSC_ADDR_ANY)
		da = mem->da;
	if (!mem || !amp_rproc_mem_holds(mem, da, c->len))
		mem = amp_rproc_mem_at(rproc, da, c->len);
	if (!mem || !c->len) {
		dev_err(&rproc->dev, "resource table: entry %u: carveout %.*s da 0x%x len 0x%x is in no memory region of the platform\n",
			index, AMP_RSC_NAME_LEN, c->name, c->da, c->len);
		return -EINVAL;
	}
	if (c->pa != AMP_RSC_ADDR_ANY && c->pa != mem->pa + (da - mem->da)) {
		dev_err(&rproc->dev, "resource table: entry %u: carveout %.*s pa 0x%x, but da 0x%llx is at pa %pa + 0x%llx\n",
			index, AMP_RSC_NAME_LEN, c->name, c->pa, da, &mem->pa, da - mem->da);
		return -EINVAL;
	}
	if (!amp_rproc_fits_table(rproc, index, "carveout da", da, c->len) ||
	    !amp_rproc_fits_table(rproc, index, "carveout pa", mem->pa + (da - mem->da), c->len))
		return -ERANGE;
	/* Two carveouts of one table must not share memory. */
	list_for_each_entry(other, &rproc->mems, node) {
		if (other->from_table &&
		    amp_rproc_ranges_overlap(da, c->len, other->da, other->len)) {
			dev_err(&rproc->dev, "resource table: entry %u: carveout %.*s overlaps carveout %s\n",
				index, AMP_RSC_NAME_LEN, c->name, other->name);
			return -EINVAL;
		}
	}
	other = kzalloc(sizeof(*other), GFP_KERNEL);
	if (!other)
		return -ENOMEM;
	/* A claim on a slice of a platform region: no memory of its own (va stays NULL). */
	memcpy(other->name, c->name, sizeof(other->name));
	other->from_table = true;
	other->da = da;
	other->pa = mem->pa + (da - mem->da);
	other->len = c->len;
	list_add_tail(&other->node, &rproc->mems);
	c->da = da;
	c->pa = other->pa;
	return 0;
}

/* A devmem entry: device memory the platform granted, at its physical address. */
static int amp_rproc_handle_devmem(struct amp_rproc *rproc, struct amp_rsc_devmem *d,
				   u32 index)
{
	struct amp_rproc_mem *mem;

	list_for_each_entry(mem, &rproc->mems, node) {
		if (mem->devmem && d->pa != AMP_RSC_ADDR_ANY && d->len &&
		    (d->da == d->pa || d->da == AMP_RSC_ADDR_ANY) &&
		    amp_rproc_mem_holds(mem, d->pa, d->len)) {
			d->da = d->pa;
			return 0;
		}
	}
	dev_err(&rproc->dev, "resource table: entry %u: devmem %.*s pa 0x%x da 0x%x len 0x%x is not device memory the platform grants\n",
		index, AMP_RSC_NAME_LEN, d->name, d->pa, d->da, d->len);
	return -EPERM;
}

static int amp_rproc_handle_trace(struct amp_rproc *rproc, const struct amp_rsc_trace *t,
				  u32 index)
{
	struct amp_rproc_trace *trace;
	unsigned int n = 0;
	const char *va;

	va = amp_rproc_da_to_va(rproc, t->da, t->len);
	if (!va) {
		dev_err(&rproc->dev, "resource table: entry %u: trace da 0x%x len 0x%x is outside the remote's memory\n",
			index, t->da, t->len);
		return -EINVAL;
	}
	list_for_each_entry(trace, &rproc->traces, node)
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
	trace->da = t->da;
	trace->len = t->len;
	trace->va = va;
	list_add_tail(&trace->node, &rproc->traces);
	amp_rproc_debugfs_add_trace(rproc, n);
	return 0;
}

/*
 * A vdev entry: place its vrings in the platform's vdev<N>vring<i> regions (or check the
 * fixed addresses the firmware gave), and reset the host-owned words. The virtio device
 * itself is registered by the virtio layer once the remote runs.
 */
static int amp_rproc_handle_vdev(struct amp_rproc *rproc, struct amp_rsc_vdev *v, u32 index,
				 unsigned int nr_vdev)
{
	/* Read once: the loop writes into the copy (a checked table has no overlaps anyway). */
	unsigned int i, nvrings = v->num_of_vrings;

	if (WARN_ON(nvrings > AMP_RSC_VDEV_MAX_VRINGS))
		return -EINVAL;
	for (i = 0; i < nvrings; i++) {
		struct amp_rsc_vdev_vring *vr = &v->vring[i];
		char name[AMP_RSC_NAME_LEN];
		struct amp_rproc_mem *mem;
		u64 size, pa, da = vr->da;

		/* desc 16 B, avail 6 + 2 num, used aligned, 6 + 8 num: the legacy split ring */
		size = ALIGN(16ULL * vr->num + 6 + 2ULL * vr->num, vr->align) +
		       6 + 8ULL * vr->num;
		snprintf(name, sizeof(name), "vdev%uvring%u", nr_vdev, i);
		mem = amp_rproc_find_mem(rproc, name);
		if (da == AMP_RSC_ADDR_ANY && mem)
			da = mem->da;
		if (da == AMP_RSC_ADDR_ANY || !amp_rproc_da_to_va(rproc, da, size) ||
		    !IS_ALIGNED(da, vr->align)) {
			dev_err(&rproc->dev, "resource table: entry %u: vring %u da 0x%llx (%u x align 0x%x, 0x%llx bytes) has no suitable memory\n",
				index, i, da, vr->num, vr->align, size);
			return -EINVAL;
		}
		/* an allocated carveout's da is its pa: no platform region holds it */
		mem = amp_rproc_mem_at(rproc, da, size);
		pa = mem ? mem->pa + (da - mem->da) : da;
		if (!amp_rproc_fits_table(rproc, index, "vring da", da, size) ||
		    !amp_rproc_fits_table(rproc, index, "vring pa", pa, size))
			return -ERANGE;
		vr->da = da;
		vr->pa = pa;
	}
	v->status = 0;
	v->gfeatures = 0;
	return amp_rproc_vdev_new(rproc, v, nvrings, (void *)v - rproc->cached_table, nr_vdev);
}

/**
 * amp_rproc_handle_resources() - apply the table's resources to the core's copy
 * @rproc: the remote, its memory mapped, its table copied and checked
 *
 * Carveouts, traces and vdevs are set up here, before the image is loaded; vendor entries
 * are the platform driver's, after it is (amp_rproc_handle_vendor_resources()).
 *
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or a negative errno; the caller releases what was set up either way.
 */
int amp_rproc_handle_resources(struct amp_rproc *rproc)
{
	const struct amp_rsc_table *table = rproc->cached_table;
	unsigned int nr_vdev = 0;
	struct amp_rsc_entry ent;
	int ret = 0;
	u32 i;

	lockdep_assert_held(&rproc->lock);
	if (!table)
		return 0;
	for (i = 0; i < table->num && !ret; i++) {
		ret = amp_rsc_table_entry(table, rproc->table_sz, i, &ent);
		if (ret)
			break;
		/* The copy is ours: its entries may be written through their offset. */
		switch (ent.type) {
		case AMP_RSC_CARVEOUT:
			ret = amp_rproc_handle_carveout(rproc, rproc->cached_table + ent.offset, i);
			break;
		case AMP_RSC_DEVMEM:
			ret = amp_rproc_handle_devmem(rproc, rproc->cached_table + ent.offset, i);
			break;
		case AMP_RSC_TRACE:
			ret = amp_rproc_handle_trace(rproc, ent.data, i);
			break;
		case AMP_RSC_VDEV:
			ret = amp_rproc_handle_vdev(rproc, rproc->cached_table + ent.offset, i,
						    nr_vdev++);
			break;
		default:
			break;	/* vendor entries: after loading */
		}
	}
	return ret;
}

/**
 * amp_rproc_handle_vendor_resources() - hand vendor entries to the platform driver
 * @rproc: the remote, its image and table loaded
 *
 * Context: may sleep; with the remote's lock held.
 * Return: 0 or the platform driver's error.
 */
int amp_rproc_handle_vendor_resources(struct amp_rproc *rproc)
{
	const struct amp_rsc_table *table = rproc->cached_table;
	struct amp_rsc_entry ent;
	int ret;
	u32 i;

	lockdep_assert_held(&rproc->lock);
	if (!table)
		return 0;
	for (i = 0; i < table->num; i++) {
		ret = amp_rsc_table_entry(table, rproc->table_sz, i, &ent);
		if (ret)
			return ret;
		if (ent.type < AMP_RSC_VENDOR_START || ent.type > AMP_RSC_VENDOR_END)
			continue;
		if (!rproc->ops->handle_vendor_rsc) {
			dev_info(&rproc->dev, "entry %u: vendor resource %u ignored\n", i,
				 ent.type);
			continue;
		}
		/* The platform gets the loaded table's entry: the remote reads that one. */
		ret = rproc->ops->handle_vendor_rsc(rproc, ent.type,
						    rproc->loaded_table + ent.offset, ent.offset,
						    ent.len);
		if (ret == -EOPNOTSUPP) {
			dev_info(&rproc->dev, "entry %u: vendor resource %u ignored\n", i,
				 ent.type);
			continue;
		}
		if (ret) {
			dev_err(&rproc->dev, "resource table: entry %u: vendor resource %u refused: %d\n",
				i, ent.type, ret);
			return ret;
		}
	}
	return 0;
}

/**
 * amp_rproc_release_resources() - undo amp_rproc_handle_resources()
 * @rproc: the remote
 * @keep_allocations: the remote's core may still run: leave the carveouts the core
 *	allocated to it (they are leaked), forget them only
 *
 * Frees the carveouts allocated for the table and drops the claims on platform regions.
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_release_resources(struct amp_rproc *rproc, bool keep_allocations)
{
	struct amp_rproc_mem *mem, *tmp;
	struct amp_rproc_trace *trace;

	lockdep_assert_held(&rproc->lock);
	amp_rproc_vdevs_remove(rproc);
	list_for_each_entry(trace, &rproc->traces, node)
		trace->va = NULL;
	list_for_each_entry_safe(mem, tmp, &rproc->mems, node) {
		if (!mem->from_table)
			continue;
		if (mem->va && keep_allocations)
			dev_err(&rproc->dev, "carveout %s: 0x%zx bytes at %pad left to a core that may still run\n",
				mem->name, mem->len, &mem->dma);
		else if (mem->va)
			dma_free_coherent(rproc->dev.parent, mem->len, mem->va, mem->dma);
		list_del(&mem->node);
		kfree(mem);
	}
}

/**
 * amp_rproc_traces_stop() - keep the traces' content before the remote's memory goes
 * @rproc: the remote, stopped, its memory still mapped
 *
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_traces_stop(struct amp_rproc *rproc)
{
	struct amp_rproc_trace *trace;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(trace, &rproc->traces, node) {
		size_t len;

		if (!trace->va)
			continue;
		len = strnlen(trace->va, min_t(size_t, trace->len, AMP_RPROC_MAX_TRACE_COPY));
		kfree(trace->copy);
		trace->copy = kmemdup(trace->va, len, GFP_KERNEL);
		trace->copy_len = trace->copy ? len : 0;
		trace->va = NULL;
	}
}

/**
 * amp_rproc_traces_free() - forget the traces of the last boot
 * @rproc: the remote, not running
 *
 * Context: may sleep.
 */
void amp_rproc_traces_free(struct amp_rproc *rproc)
{
	struct amp_rproc_trace *trace, *tmp;

	list_for_each_entry_safe(trace, tmp, &rproc->traces, node) {
		list_del(&trace->node);
		kfree(trace->copy);
		kfree(trace);
	}
}
