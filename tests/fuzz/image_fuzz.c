// SPDX-License-Identifier: GPL-2.0
/*
 * image-fuzz: a coverage-guided fuzzer (libFuzzer) of the firmware loader, run on the
 * kernel's own files, compiled for userspace on the stand-ins of tools/kshim:
 * drivers/remoteproc/amp_rproc_elf.c, amp_rsc_table.c, amp_rproc_rsc.c and amp_rproc_err.c.
 *
 * Each input is a firmware image, booted as amp_rproc_core.c boots one, on a fake remote
 * whose memory is remote 1's of the QEMU reference platform (image_fuzz.h), each region
 * backed by a malloc'ed buffer of its exact size so that ASan sees a write past it:
 *
 *   1. ELF    amp_elf_check()
 *   2. table  amp_elf_find_section(".resource_table"), a private copy, amp_rsc_table_check()
 *   3. apply  amp_rproc_handle_resources() on the copy, amp_rsc_table_check() again,
 *             amp_elf_load_segments(), the copy written over the loaded table, vendor entries
 *
 * then shut down as amp_rproc_shutdown() does. amp_rproc_core.c itself is too tied to the
 * driver model to build here: the steps above model its amp_rproc_boot_image(),
 * amp_rproc_read_table(), amp_rproc_use_table(), amp_rproc_apply() and
 * amp_rproc_release_boot(), and must follow them when they change.
 *
 * Besides ASan, UBSan and leaks, every promise the loader's documentation makes that an
 * input could break is checked, and a broken one abort()s (fuzz_check()): the errnos and the
 * one message of a refusal, the placement of what the apply step wrote, what the virtio
 * layer (amp_rproc_virtio.c, replaced here by amp_rproc_vdev_new() below) relies on, and
 * that a boot, failed or not, leaves nothing held. A WARN aborts too (kshim_panic_on_warn).
 *
 * An input also sets the harness's knobs, in e_ident bytes the loader never reads
 * (image_fuzz.h): an allocation that fails, where DMA memory comes from, a second boot as
 * recovery would do one. A real image has them all zero: nothing fails, one boot.
 *
 * Environment: AMP_FUZZ_VERBOSE=1 prints the kernel's messages (for one input);
 * AMP_FUZZ_SUMMARY=1 prints how many inputs each stage accepted or refused, at exit;
 * AMP_FUZZ_ORACLE=0 leaves out the harness's own check that accepted entries do not overlap,
 * so that only what the apply step does with an overlap is seen.
 */

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/unaligned.h>
#include <kshim.h>
#include <linux/amp/fw_ctl.h>
#include <linux/amp/rproc_elf.h>
#include <linux/amp/rsc_table.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_ring.h>

#include "amp_rproc_internal.h"
#include "image_fuzz.h"

#define RSC_SECTION	".resource_table"

/* An invariant of the code under test, broken by the input: reported, then abort(). */
static __printf(2, 3) void fuzz_fail(const char *stage, const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "image-fuzz: %s: invariant broken: ", stage);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	abort();
}

#define fuzz_check(cond, stage, fmt, ...) do {					\
	if (!(cond))								\
		fuzz_fail(stage, "%s: " fmt, #cond, ##__VA_ARGS__);		\
} while (0)

/* ---- the fake platform ------------------------------------------------------------------ */

struct fuzz_region {
	const char *name;
	u64 pa;
	u64 len;
};

static const struct fuzz_region fuzz_regions[] = {
	{ "firmware", FUZZ_FW_PA, FUZZ_FW_LEN },
	{ "vdev0vring0", FUZZ_VRING0_PA, FUZZ_VRING_LEN },
	{ "vdev0vring1", FUZZ_VRING1_PA, FUZZ_VRING_LEN },
	{ "vdev0buffer", FUZZ_BUFFER_PA, FUZZ_BUFFER_LEN },
};

static const u64 fuzz_dma_pools[] = FUZZ_DMA_POOLS;

static struct device_driver fuzz_pdrv = { .name = "amp-qemu-virt-rproc" };
static struct bus_type fuzz_platform_bus = { .name = "platform" };
static struct class fuzz_rproc_class = { .name = "remoteproc" };
static struct device fuzz_pdev = {
	.init_name = "remoteproc-cpu1",
	.bus = &fuzz_platform_bus,
	.driver = &fuzz_pdrv,
	.coherent_dma_mask = DMA_BIT_MASK(32),	/* a platform device's default */
};

static struct amp_rproc *fuzz_rproc;
/* Objects the remote holds between boots (its platform regions), for the leak checks. */
static long fuzz_allocs_idle;

/*
 * The platform's control block (qvr_handle_vendor_rsc()): its own mapping of the block,
 * from the vendor entry to unprepare.
 */
static void *fuzz_ctl;

/* ---- what the harness counts, for AMP_FUZZ_SUMMARY -------------------------------------- */

#define FUZZ_MAX_ERRNO	160

enum fuzz_stage { STAGE_ELF, STAGE_TABLE, STAGE_APPLY, NR_STAGES };

static const char * const fuzz_stage_names[NR_STAGES] = { "elf", "table", "apply" };

static struct {
	unsigned long inputs;
	unsigned long ok[NR_STAGES];
	unsigned long refused[NR_STAGES][FUZZ_MAX_ERRNO];
	unsigned long no_table;
	unsigned long ctl_misaligned;
} fuzz_stats;

static bool fuzz_oracle = true;

/* The first boot of an input counts; a reboot repeats its verdicts. */
static bool fuzz_counting;

static void fuzz_count(enum fuzz_stage stage, int ret)
{
	if (!fuzz_counting)
		return;
	if (!ret)
		fuzz_stats.ok[stage]++;
	else if (-ret > 0 && -ret < FUZZ_MAX_ERRNO)
		fuzz_stats.refused[stage][-ret]++;
}

static void fuzz_print_summary(void)
{
	unsigned int s, e;

	fprintf(stderr, "image-fuzz: %lu inputs\n", fuzz_stats.inputs);
	for (s = 0; s < NR_STAGES; s++) {
		unsigned long refused = 0;
		char detail[512] = "";
		size_t n = 0;

		for (e = 0; e < FUZZ_MAX_ERRNO; e++) {
			if (!fuzz_stats.refused[s][e])
				continue;
			refused += fuzz_stats.refused[s][e];
			n += snprintf(detail + n, sizeof(detail) - n, "%s%s %lu", n ? ", " : "",
				      strerrorname_np(e) ?: "?", fuzz_stats.refused[s][e]);
			if (n >= sizeof(detail))
				n = sizeof(detail) - 1;
		}
		fprintf(stderr, "image-fuzz: stage %-5s %lu passed, %lu refused%s%s%s",
			fuzz_stage_names[s], fuzz_stats.ok[s], refused, n ? " (" : "", detail,
			n ? ")" : "");
		if (s == STAGE_TABLE)
			fprintf(stderr, ", %lu without a table", fuzz_stats.no_table);
		fputc('\n', stderr);
	}
	fprintf(stderr, "image-fuzz: %lu control blocks at a misaligned address\n",
		fuzz_stats.ctl_misaligned);
}

/* ---- stand-ins for amp_rproc_virtio.c and amp_rproc_debugfs.c --------------------------- */

/*
 * The virtio layer's view of a vdev entry: everything amp_rproc_virtio.c reads later (the
 * entry and its config space through loaded_table + rsc_offset, each vring's memory for
 * vring_size() bytes) must be where the apply step said. Kept like the real one, on
 * rproc->vdevs, so that amp_rproc_vdevs_remove() is what frees it.
 */
int amp_rproc_vdev_new(struct amp_rproc *rproc, const struct amp_rsc_vdev *rsc,
		       unsigned int nvrings, size_t rsc_offset, unsigned int index)
{
	const char *stage = "vdev_new";
	struct amp_rproc_vdev *rvdev;
	char name[AMP_RSC_NAME_LEN];
	size_t end;
	unsigned int i;

	lockdep_assert_held(&rproc->lock);
	fuzz_check(nvrings >= 1 && nvrings <= AMP_RSC_VDEV_MAX_VRINGS, stage, "nvrings %u",
		   nvrings);
	fuzz_check((const void *)rsc == rproc->cached_table + rsc_offset, stage,
		   "entry not at rsc_offset 0x%zx", rsc_offset);
	/* the entry, its vrings and its config space inside the table */
	end = size_add(size_add(rsc_offset, struct_size(rsc, vring, nvrings)), rsc->config_len);
	fuzz_check(end <= rproc->table_sz, stage,
		   "rsc_offset 0x%zx + %u vrings + config_len 0x%x past table size 0x%zx",
		   rsc_offset, nvrings, rsc->config_len, rproc->table_sz);
	/* the caller's count is still the entry's: nothing rewrote it since it was read */
	fuzz_check(rsc->num_of_vrings == nvrings, stage, "num_of_vrings %u, caller said %u",
		   rsc->num_of_vrings, nvrings);

	rvdev = kzalloc(sizeof(*rvdev), GFP_KERNEL);
	if (!rvdev)
		return -ENOMEM;
	rvdev->rproc = rproc;
	rvdev->rsc_offset = rsc_offset;
	rvdev->nvrings = nvrings;
	rvdev->config_len = rsc->config_len;
	snprintf(name, sizeof(name), "vdev%ubuffer", index);
	if (!amp_rproc_platform_mem(rproc, name, &rvdev->shm_pa, &rvdev->shm_len))
		rvdev->shm_len = 0;
	for (i = 0; i < nvrings; i++) {
		const struct amp_rsc_vdev_vring *vr = &rsc->vring[i];
		struct amp_rproc_vring *vring = &rvdev->vrings[i];

		fuzz_check(is_power_of_2(vr->num) && vr->num <= AMP_RSC_VRING_MAX_NUM, stage,
			   "vring %u num %u", i, vr->num);
		fuzz_check(is_power_of_2(vr->align), stage, "vring %u align 0x%x", i, vr->align);
		fuzz_check(vr->da != AMP_RSC_ADDR_ANY && IS_ALIGNED(vr->da, vr->align), stage,
			   "vring %u da 0x%x align 0x%x", i, vr->da, vr->align);
		vring->num = vr->num;
		vring->align = vr->align;
		vring->notifyid = vr->notifyid;
		vring->size = vring_size(vring->num, vring->align);
		vring->va = amp_rproc_da_to_va(rproc, vr->da, vring->size);
		fuzz_check(vring->va && kshim_mem_holds(vring->va, vring->size), stage,
			   "vring %u da 0x%x size 0x%zx not in mapped memory", i, vr->da,
			   vring->size);
	}
	mutex_lock(&rproc->vq_lock);
	list_add_tail(&rvdev->node, &rproc->vdevs);
	mutex_unlock(&rproc->vq_lock);
	return 0;
}

/* As the real one for vdevs never registered (none is, here). */
void amp_rproc_vdevs_remove(struct amp_rproc *rproc)
{
	struct amp_rproc_vdev *rvdev, *tmp;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry_safe(rvdev, tmp, &rproc->vdevs, node) {
		mutex_lock(&rproc->vq_lock);
		list_del(&rvdev->node);
		mutex_unlock(&rproc->vq_lock);
		kfree(rvdev);
	}
}

/* debugfs traceN: the trace it names exists and has a buffer. */
void amp_rproc_debugfs_add_trace(struct amp_rproc *rproc, unsigned int index)
{
	struct amp_rproc_trace *trace;
	bool found = false;

	lockdep_assert_held(&rproc->lock);
	fuzz_check(index < AMP_RPROC_MAX_TRACES, "trace", "index %u", index);
	list_for_each_entry(trace, &rproc->traces, node) {
		if (trace->index == index) {
			fuzz_check(trace->va && kshim_mem_holds(trace->va, trace->len), "trace",
				   "trace %u da 0x%x len 0x%x not in mapped memory", index,
				   trace->da, trace->len);
			found = true;
		}
	}
	fuzz_check(found, "trace", "no trace %u", index);
}

/* ---- the platform driver's ops ---------------------------------------------------------- */

/*
 * qvr_handle_vendor_rsc(), as far as the core's contract goes: the payload the core hands
 * over is the loaded table's, @offset bytes in, @len bytes to the table's end. The control
 * block is then checked and mapped as the platform does, and its host words written.
 *
 * The core requires the table's device address to be 4-byte aligned and entries are at
 * 4-byte aligned offsets, so the block is aligned: the harness checks that it is (the
 * driver's plain u32 accesses rely on it), and reads it through get/put_unaligned anyway.
 */
static int fuzz_handle_vendor_rsc(struct amp_rproc *rproc, u32 type, void *rsc, size_t offset,
				  size_t len)
{
	const char *stage = "vendor_rsc";
	u32 declared, magic, version;
	u8 *ctl;

	lockdep_assert_held(&rproc->lock);
	fuzz_check(rsc == rproc->loaded_table + offset, stage, "payload not at offset 0x%zx",
		   offset);
	fuzz_check(offset >= sizeof(struct amp_rsc_table) + sizeof(struct amp_rsc_hdr) &&
		   offset <= rproc->table_sz && len == rproc->table_sz - offset, stage,
		   "offset 0x%zx len 0x%zx, table size 0x%zx", offset, len, rproc->table_sz);
	fuzz_check(!len || kshim_mem_holds(rsc, len), stage, "payload not in mapped memory");
	if (type != AMP_RSC_FW_CTL)
		return -EOPNOTSUPP;
	if (fuzz_ctl || len < offsetofend(struct amp_fw_ctl, version))
		return -EINVAL;
	if (!IS_ALIGNED((unsigned long)rsc, sizeof(u32)))
		fuzz_stats.ctl_misaligned += fuzz_counting;
	fuzz_check(IS_ALIGNED(rproc->table_da + offset, sizeof(u32)), stage,
		   "control block at da 0x%llx, not 4-byte aligned", rproc->table_da + offset);
	declared = get_unaligned_le32(rsc + offsetof(struct amp_fw_ctl, len));
	magic = get_unaligned_le32(rsc + offsetof(struct amp_fw_ctl, magic));
	version = get_unaligned_le32(rsc + offsetof(struct amp_fw_ctl, version));
	if (magic != AMP_FW_CTL_MAGIC || version != AMP_FW_CTL_VERSION ||
	    declared < AMP_FW_CTL_MIN_LEN || declared > len || !IS_ALIGNED(declared, sizeof(u32)))
		return -EINVAL;
	ctl = memremap(rproc->table_da + offset, declared, MEMREMAP_WC);
	if (!ctl)
		return -ENOMEM;
	fuzz_check(kshim_mem_holds(ctl, declared), stage, "control block not in memory");
	put_unaligned_le32(0x08020040, ctl + offsetof(struct amp_fw_ctl, doorbell_lo));
	put_unaligned_le32(0, ctl + offsetof(struct amp_fw_ctl, doorbell_hi));
	put_unaligned_le32(80, ctl + offsetof(struct amp_fw_ctl, host_intid));
	put_unaligned_le32(81, ctl + offsetof(struct amp_fw_ctl, fw_intid));
	fuzz_ctl = ctl;
	return 0;
}

/* qvr_unprepare(): the control block's mapping goes with the boot. */
static int fuzz_unprepare(struct amp_rproc *rproc)
{
	if (fuzz_ctl)
		memunmap(fuzz_ctl);
	fuzz_ctl = NULL;
	return 0;
}

static int fuzz_start_stop(struct amp_rproc *rproc)
{
	return 0;
}

static const struct amp_rproc_ops fuzz_ops = {
	.unprepare = fuzz_unprepare,
	.start = fuzz_start_stop,
	.stop = fuzz_start_stop,
	.handle_vendor_rsc = fuzz_handle_vendor_rsc,
};

/* ---- the documented contracts of the checkers ------------------------------------------ */

/* A call that fails reports exactly one error; one that succeeds (or -ENOENT) none. */
static void fuzz_check_reported(const char *stage, int ret, unsigned long errs_before,
				bool silent_ok)
{
	unsigned long errs = kshim_msgs_err - errs_before;

	if (!ret || silent_ok)
		fuzz_check(errs == 0, stage, "ret %d with %lu error messages (last: %s)", ret,
			   errs, kshim_last_msg);
	else
		fuzz_check(errs == 1, stage, "ret %d with %lu error messages (last: %s)", ret,
			   errs, kshim_last_msg);
}

static bool fuzz_errno_in(int ret, const int *allowed, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ret == allowed[i])
			return true;
	}
	return false;
}

#define fuzz_check_errno(stage, ret, ...) do {					\
	static const int __allowed[] = { 0, __VA_ARGS__ };			\
	fuzz_check(fuzz_errno_in(ret, __allowed, ARRAY_SIZE(__allowed)), stage,	\
		   "ret %d not a documented errno", ret);			\
} while (0)

/* What amp_elf_check() promises of an image it accepts (include/linux/amp/rproc_elf.h). */
static void fuzz_check_image(const struct amp_elf_image *img, const void *data, size_t size)
{
	u64 end;

	fuzz_check(img->data == data && img->size == size, "elf", "image not the file");
	fuzz_check(img->phnum >= 1 && img->phentsize == (img->is64 ? sizeof(Elf64_Phdr) :
							sizeof(Elf32_Phdr)), "elf",
		   "phnum %u phentsize %u", img->phnum, img->phentsize);
	end = img->phoff + (u64)img->phnum * img->phentsize;
	fuzz_check(end >= img->phoff && end <= size, "elf", "phdrs 0x%llx..0x%llx", img->phoff,
		   end);
	if (!img->shnum)
		return;
	end = img->shoff + (u64)img->shnum * img->shentsize;
	fuzz_check(end >= img->shoff && end <= size && img->shstrndx < img->shnum, "elf",
		   "shdrs 0x%llx..0x%llx, shstrndx %u of %u", img->shoff, end, img->shstrndx,
		   img->shnum);
	end = img->shstrtab_offset + img->shstrtab_size;
	fuzz_check(end >= img->shstrtab_offset && end <= size, "elf", "shstrtab 0x%llx..0x%llx",
		   img->shstrtab_offset, end);
}

/* The bytes an entry owns, by the rule amp_rsc_table_check() documents. */
static u64 fuzz_entry_span(const void *table, u32 off)
{
	const struct amp_rsc_hdr *hdr = table + off;
	const struct amp_rsc_vdev *vdev = (const void *)hdr->data;

	switch (hdr->type) {
	case AMP_RSC_CARVEOUT:
		return sizeof(*hdr) + sizeof(struct amp_rsc_carveout);
	case AMP_RSC_DEVMEM:
		return sizeof(*hdr) + sizeof(struct amp_rsc_devmem);
	case AMP_RSC_TRACE:
		return sizeof(*hdr) + sizeof(struct amp_rsc_trace);
	case AMP_RSC_VDEV:
		return sizeof(*hdr) + sizeof(*vdev) +
		       (u64)vdev->num_of_vrings * sizeof(vdev->vring[0]) + vdev->config_len;
	default:
		return sizeof(*hdr);
	}
}

/* What amp_rsc_table_check() promises of a table it accepts. */
static void fuzz_check_table(const char *stage, const void *table, size_t size)
{
	const struct amp_rsc_table *t = table;
	struct amp_rsc_entry ent;
	u32 i, j;

	fuzz_check(size >= sizeof(*t) && t->ver == AMP_RSC_TABLE_VERSION &&
		   t->num <= AMP_RSC_MAX_ENTRIES && !t->reserved[0] && !t->reserved[1], stage,
		   "header");
	for (i = 0; i < t->num; i++) {
		fuzz_check(!amp_rsc_table_entry(table, size, i, &ent), stage, "entry %u", i);
		fuzz_check(fuzz_entry_span(table, t->offset[i]) <= sizeof(u32) + ent.len, stage,
			   "entry %u past the table", i);
	}
	if (!fuzz_oracle)
		return;
	for (i = 0; i < t->num; i++) {
		u64 a = t->offset[i], a_end = a + fuzz_entry_span(table, a);

		for (j = i + 1; j < t->num; j++) {
			u64 b = t->offset[j], b_end = b + fuzz_entry_span(table, b);

			fuzz_check(a_end <= b || b_end <= a, stage,
				   "entries %u (0x%llx..0x%llx) and %u (0x%llx..0x%llx) overlap", i,
				   a, a_end, j, b, b_end);
		}
	}
}

/* An address the host wrote: a real one, the range below 4 GiB. */
static bool fuzz_placed(u32 addr, u32 len)
{
	return addr != AMP_RSC_ADDR_ANY && (u64)addr + len <= BIT_ULL(32);
}

/*
 * After amp_rproc_handle_resources() succeeded: every carveout and devmem entry of the copy
 * says where its memory is, inside what the platform gave or the host allocated, in 32 bits;
 * no two carveouts share memory; every vdev became a virtio device.
 */
static void fuzz_check_applied(struct amp_rproc *rproc)
{
	const struct amp_rsc_table *t = rproc->cached_table;
	unsigned int nr_vdevs = 0, nr_rvdevs = 0;
	struct amp_rproc_vdev *rvdev;
	struct amp_rsc_entry ent;
	u64 start[AMP_RSC_MAX_ENTRIES], len[AMP_RSC_MAX_ENTRIES];
	unsigned int nr_carveouts = 0, a, b;
	u32 i;

	for (i = 0; i < t->num; i++) {
		const struct amp_rsc_carveout *c;
		const struct amp_rsc_devmem *d;
		void *va;

		fuzz_check(!amp_rsc_table_entry(t, rproc->table_sz, i, &ent), "apply", "entry %u",
			   i);
		switch (ent.type) {
		case AMP_RSC_CARVEOUT:
			c = ent.data;
			fuzz_check(c->len && fuzz_placed(c->da, c->len) &&
				   fuzz_placed(c->pa, c->len), "apply",
				   "carveout %u da 0x%x pa 0x%x len 0x%x", i, c->da, c->pa, c->len);
			va = amp_rproc_da_to_va(rproc, c->da, c->len);
			fuzz_check(va && kshim_mem_holds(va, c->len), "apply",
				   "carveout %u da 0x%x len 0x%x not in mapped memory", i, c->da,
				   c->len);
			start[nr_carveouts] = c->da;
			len[nr_carveouts++] = c->len;
			break;
		case AMP_RSC_DEVMEM:
			d = ent.data;
			/* (an empty one names no memory: accepted, harmless) */
			fuzz_check(d->da == d->pa && d->pa >= FUZZ_DEVMEM_PA &&
				   d->len <= FUZZ_DEVMEM_LEN &&
				   d->pa - FUZZ_DEVMEM_PA <= FUZZ_DEVMEM_LEN - d->len, "apply",
				   "devmem %u da 0x%x pa 0x%x len 0x%x", i, d->da, d->pa, d->len);
			break;
		case AMP_RSC_VDEV:
			nr_vdevs++;
			break;
		}
	}
	for (a = 0; a < nr_carveouts; a++) {
		for (b = a + 1; b < nr_carveouts; b++)
			fuzz_check(start[a] + len[a] <= start[b] || start[b] + len[b] <= start[a],
				   "apply", "carveouts at 0x%llx and 0x%llx overlap", start[a],
				   start[b]);
	}
	list_for_each_entry(rvdev, &rproc->vdevs, node)
		nr_rvdevs++;
	fuzz_check(nr_rvdevs == nr_vdevs, "apply", "%u vdev entries, %u vdevs", nr_vdevs,
		   nr_rvdevs);
}

/* After a boot, failed or shut down: the remote holds nothing but its platform regions. */
static void fuzz_check_released(struct amp_rproc *rproc, const char *when)
{
	struct amp_rproc_trace *trace;
	struct amp_rproc_mem *mem;

	list_for_each_entry(mem, &rproc->mems, node)
		fuzz_check(!mem->from_table && !mem->va, when, "memory %s still held", mem->name);
	list_for_each_entry(trace, &rproc->traces, node)
		fuzz_check(!trace->va, when, "trace %u still points into memory", trace->index);
	fuzz_check(list_empty(&rproc->vdevs), when, "vdevs left");
	fuzz_check(!rproc->cached_table && !rproc->loaded_table && !rproc->table_sz, when,
		   "table left");
	fuzz_check(!kshim_dma_live && !kshim_maps_live && !fuzz_ctl, when,
		   "%ld DMA allocations, %ld mappings left", kshim_dma_live, kshim_maps_live);
}

/* ---- the core's boot path, step by step (amp_rproc_core.c) ------------------------------ */

/* amp_rproc_elf_da_to_va(), and the loader must only get memory that is there. */
static void *fuzz_elf_da_to_va(void *priv, u64 da, size_t len)
{
	void *va = amp_rproc_da_to_va(priv, da, len);

	fuzz_check(!va || kshim_mem_holds(va, len), "load", "da 0x%llx len 0x%zx beyond memory",
		   da, len);
	return va;
}

/*
 * amp_rsc_table_entry() on a table nobody checked: it must stay inside it and fail quietly,
 * leaving its output alone (rsc_table.h), whatever the index.
 */
static void fuzz_check_entry_unchecked(const void *table, size_t size)
{
	const u32 num = size >= sizeof(struct amp_rsc_table) ?
			((const struct amp_rsc_table *)table)->num : 0;
	u32 i, end = min_t(u32, num, AMP_RSC_MAX_ENTRIES + 8) + 2;
	struct amp_rsc_entry ent;
	int ret;

	for (i = 0; i < end; i++) {
		memset(&ent, 0x5a, sizeof(ent));
		ret = amp_rsc_table_entry(table, size, i, &ent);
		fuzz_check(ret == 0 || ret == -EINVAL || ret == -ERANGE, "entry", "ret %d", ret);
		fuzz_check(ret != -ERANGE || i >= num, "entry", "index %u below num %u", i, num);
		if (ret) {
			fuzz_check(ent.type == 0x5a5a5a5a && ent.len == 0x5a5a5a5a5a5a5a5aULL,
				   "entry", "output written on failure");
			continue;
		}
		fuzz_check(ent.offset >= sizeof(struct amp_rsc_table) + sizeof(u32) &&
			   ent.offset <= size && ent.len == size - ent.offset &&
			   ent.data == table + ent.offset, "entry", "entry %u at 0x%zx, %zu left",
			   i, ent.offset, ent.len);
	}
}

/* amp_rproc_use_table() */
static int fuzz_use_table(struct amp_rproc *rproc, const void *src, u64 da, u64 size)
{
	unsigned long errs;
	void *copy;
	int ret;

	if (!size || size > AMP_RPROC_MAX_TABLE_SIZE) {
		dev_err(&rproc->dev, "resource table: size 0x%llx not in 1..0x%x\n", size,
			AMP_RPROC_MAX_TABLE_SIZE);
		return -EINVAL;
	}
	if (!IS_ALIGNED(da, sizeof(u32))) {
		dev_err(&rproc->dev, "resource table: da 0x%llx not 4-byte aligned\n", da);
		return -EINVAL;
	}
	copy = kmemdup(src, size, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	fuzz_check_entry_unchecked(copy, size);
	errs = kshim_msgs_err;
	ret = amp_rsc_table_check(&rproc->dev, copy, size);
	fuzz_check_errno("table", ret, -EINVAL, -EPROTONOSUPPORT, -E2BIG, -EOVERFLOW, -ERANGE);
	fuzz_check_reported("table", ret, errs, false);
	fuzz_count(STAGE_TABLE, ret);
	if (ret)
		goto err_free_copy;
	fuzz_check_table("table", copy, size);
	rproc->loaded_table = amp_rproc_da_to_va(rproc, da, size);
	if (!rproc->loaded_table) {
		dev_err(&rproc->dev, "resource table at da 0x%llx size 0x%llx is outside every carveout\n",
			da, size);
		ret = -EINVAL;
		goto err_free_copy;
	}
	fuzz_check(kshim_mem_holds(rproc->loaded_table, size), "table",
		   "loaded table beyond memory");
	rproc->cached_table = copy;
	rproc->table_sz = size;
	rproc->table_da = da;
	return 0;

err_free_copy:
	kfree(copy);
	return ret;
}

/* amp_rproc_read_table() */
static int fuzz_read_table(struct amp_rproc *rproc, const struct amp_elf_image *img)
{
	u64 addr, offset, size;
	unsigned long errs;
	int ret;

	errs = kshim_msgs_err;
	ret = amp_elf_find_section(&rproc->dev, img, RSC_SECTION, &addr, &offset, &size);
	fuzz_check_errno("find_section", ret, -ENOENT, -EINVAL, -EOVERFLOW);
	fuzz_check_reported("find_section", ret, errs, ret == -ENOENT);
	if (ret == -ENOENT) {
		fuzz_stats.no_table += fuzz_counting;
		dev_info(&rproc->dev, "%s has no resource table\n", rproc->firmware);
		return 0;
	}
	if (ret) {
		fuzz_count(STAGE_TABLE, ret);
		return ret;
	}
	if (offset > img->size || size > img->size - offset) {
		dev_err(&rproc->dev, "resource table: size 0x%llx at 0x%llx does not fit\n",
			size, offset);
		fuzz_count(STAGE_TABLE, -EINVAL);
		return -EINVAL;
	}
	return fuzz_use_table(rproc, img->data + offset, addr, size);
}

static void fuzz_free_table(struct amp_rproc *rproc)
{
	kfree(rproc->cached_table);
	rproc->cached_table = NULL;
	rproc->loaded_table = NULL;
	rproc->table_sz = 0;
	rproc->table_da = 0;
}

/* amp_rproc_apply() */
static int fuzz_apply(struct amp_rproc *rproc, const struct amp_elf_image *img)
{
	unsigned long errs;
	int ret;

	ret = amp_rproc_handle_resources(rproc);
	if (ret)
		goto err_release_resources;
	if (rproc->cached_table)
		fuzz_check_applied(rproc);
	/* the core checks its copy again after its own writes: that must still pass */
	if (rproc->cached_table) {
		errs = kshim_msgs_err;
		ret = amp_rsc_table_check(&rproc->dev, rproc->cached_table, rproc->table_sz);
		fuzz_check(!ret && kshim_msgs_err == errs, "recheck",
			   "the host's writes made the table invalid: %d (%s)", ret,
			   kshim_last_msg);
		fuzz_check_table("recheck", rproc->cached_table, rproc->table_sz);
	}
	errs = kshim_msgs_err;
	ret = amp_elf_load_segments(&rproc->dev, img, fuzz_elf_da_to_va, rproc);
	fuzz_check_errno("load", ret, -EINVAL, -ERANGE, -ENOEXEC, -EOVERFLOW);
	fuzz_check_reported("load", ret, errs, false);
	if (ret)
		goto err_release_resources;
	rproc->bootaddr = img->entry;
	if (rproc->loaded_table)
		memcpy(rproc->loaded_table, rproc->cached_table, rproc->table_sz);
	ret = amp_rproc_handle_vendor_resources(rproc);
	if (ret)
		goto err_release_resources;
	return 0;

err_release_resources:
	amp_rproc_release_resources(rproc, false);
	fuzz_free_table(rproc);
	return ret;
}

/* amp_rproc_boot_image(), its start and amp_rproc_shutdown(); the lock held. */
static int fuzz_boot(struct amp_rproc *rproc, const u8 *data, size_t size)
{
	struct amp_elf_image img;
	unsigned long errs;
	int ret;

	lockdep_assert_held(&rproc->lock);
	errs = kshim_msgs_err;
	ret = amp_elf_check(&rproc->dev, data, size, rproc->elf_machine, &img);
	fuzz_check_errno("elf", ret, -EINVAL, -ENOEXEC, -EOVERFLOW, -ERANGE);
	fuzz_check_reported("elf", ret, errs, false);
	fuzz_count(STAGE_ELF, ret);
	if (ret)
		return ret;
	fuzz_check_image(&img, data, size);
	amp_rproc_traces_free(rproc);

	ret = amp_rproc_map_mems(rproc);
	if (ret)
		goto err_unprepare;
	ret = fuzz_read_table(rproc, &img);
	if (!ret) {
		ret = fuzz_apply(rproc, &img);
		fuzz_count(STAGE_APPLY, ret);
	}
	if (ret)
		goto err_unmap;
	/* started: the virtio devices would be registered now; then amp_rproc_shutdown() */
	amp_rproc_vdevs_remove(rproc);
	amp_rproc_traces_stop(rproc);
	amp_rproc_release_resources(rproc, false);
	fuzz_free_table(rproc);
	amp_rproc_unmap_mems(rproc);
	fuzz_unprepare(rproc);
	return 0;

err_unmap:
	amp_rproc_unmap_mems(rproc);
err_unprepare:
	fuzz_unprepare(rproc);
	return ret;
}

/* ---- libFuzzer entry points ------------------------------------------------------------- */

static bool fuzz_env(const char *name, bool dflt)
{
	const char *v = getenv(name);

	return v && *v ? strcmp(v, "0") != 0 : dflt;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct amp_rproc *rproc;
	unsigned int i;

	kshim_quiet = !fuzz_env("AMP_FUZZ_VERBOSE", false);
	kshim_panic_on_warn = true;
	fuzz_oracle = fuzz_env("AMP_FUZZ_ORACLE", true);
	if (fuzz_env("AMP_FUZZ_SUMMARY", false))
		atexit(fuzz_print_summary);

	/* amp_rproc_alloc(), then the platform's probe: its regions and device memory */
	rproc = calloc(1, sizeof(*rproc));
	if (!rproc)
		abort();
	mutex_init(&rproc->lock);
	mutex_init(&rproc->vq_lock);
	INIT_LIST_HEAD(&rproc->vdevs);
	INIT_LIST_HEAD(&rproc->mems);
	INIT_LIST_HEAD(&rproc->traces);
	rproc->ops = &fuzz_ops;
	rproc->name = "remoteproc-cpu1";
	rproc->firmware = "amp-fw-cpu1.elf";
	rproc->elf_machine = EM_AARCH64;
	rproc->dev.init_name = "remoteproc0";
	rproc->dev.class = &fuzz_rproc_class;
	rproc->dev.parent = &fuzz_pdev;
	rproc->dev.coherent_dma_mask = fuzz_pdev.coherent_dma_mask;
	for (i = 0; i < ARRAY_SIZE(fuzz_regions); i++) {
		const struct fuzz_region *r = &fuzz_regions[i];

		if (!kshim_phys_add(r->pa, r->len) ||
		    amp_rproc_add_mem(rproc, r->name, r->pa, r->pa, r->len))
			abort();
	}
	if (amp_rproc_add_devmem(rproc, FUZZ_DEVMEM_PA, FUZZ_DEVMEM_LEN))
		abort();
	fuzz_allocs_idle = kshim_allocs_live;
	fuzz_rproc = rproc;
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct amp_rproc *rproc = fuzz_rproc;
	u8 fail_nth = 0, pool = 0, flags = 0;
	int ret, first = 0;
	unsigned int boot;

	if (size >= EI_NIDENT) {
		fail_nth = data[FUZZ_KNOB_FAIL_NTH];
		pool = data[FUZZ_KNOB_DMA_POOL] % ARRAY_SIZE(fuzz_dma_pools);
		flags = data[FUZZ_KNOB_FLAGS];
	}
	fuzz_stats.inputs++;
	kshim_fail_nth = fail_nth;
	for (boot = 0; boot < (flags & FUZZ_KNOB_REBOOT ? 2 : 1); boot++) {
		/* the pages the last boot freed are free again */
		kshim_dma_pool(fuzz_dma_pools[pool], FUZZ_DMA_POOL_LEN);
		fuzz_counting = !boot;
		mutex_lock(&rproc->lock);
		ret = fuzz_boot(rproc, data, size);
		mutex_unlock(&rproc->lock);
		fuzz_check_released(rproc, boot ? "reboot" : "boot");
		/* the same image on the same platform: the same verdict, unless made to fail */
		if (!boot)
			first = ret;
		else if (!fail_nth)
			fuzz_check(ret == first, "reboot", "first boot %d, second %d", first, ret);
	}
	kshim_fail_nth = 0;	/* if not reached: this input's boots allocated less */
	/* the next boot would free the traces this one kept; then nothing may be left */
	amp_rproc_traces_free(rproc);
	fuzz_check(kshim_allocs_live == fuzz_allocs_idle, "leak", "%ld objects left",
		   kshim_allocs_live - fuzz_allocs_idle);
	return 0;
}
