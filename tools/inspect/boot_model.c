// SPDX-License-Identifier: GPL-2.0
/*
 * boot-model: the firmware loader of the kernel, run in userspace on its own files, compiled
 * on the stand-ins of tools/kshim: drivers/remoteproc/amp_rproc_elf.c,
 * amp_rproc_elf_loader.c, amp_rsc_table.c, amp_rproc_rsc.c and amp_rproc_err.c. The fuzzer
 * of the loader (tests/fuzz/image_fuzz.c) and `ampctl inspect` (inspect.c) run images on it.
 *
 * An image is booted as amp_rproc_boot_fw() (amp_rproc_core.c) boots one, on a fake remote:
 * remote 1 of the QEMU reference platform (boot_model.h), with
 * upstream's ELF ops (the rproc_elf_*() helpers of amp_rproc_elf_loader.c, installed as
 * rproc_alloc() installs them for a driver without a load op) and prepare, unprepare, start,
 * stop and handle_rsc ops of its own, modelled on amp_qemu_virt_rproc.c's. Its memory regions
 * are each backed by a malloc'ed buffer of their exact size, so that ASan sees a write past
 * one. The steps, and the core's functions they are or model:
 *
 *   1. elf      amp_rproc_check_fw() (amp_elf_check()); the sanity_check op; then
 *               amp_rproc_traces_free()
 *   2. prepare  the prepare op registers the platform's carveouts (rproc_mem_entry_init()
 *               with map and unmap callbacks, rproc_of_resm_mem_entry_init() for the vdev's
 *               buffer pool, rproc_add_carveout()); amp_rproc_check_carveouts()
 *   3. table    the get_boot_addr op; the parse_fw op (rproc_elf_load_rsc_table(): the
 *               copy); amp_rproc_check_table() (boot_check_table(): the size bound and
 *               amp_rsc_table_check())
 *   4. apply    amp_rproc_apply() (boot_apply(): amp_rproc_handle_resources() on the copy,
 *               the handle_rsc op taking the vendor entries, then amp_rsc_table_check()
 *               again); the load op (rproc_elf_load_segments()); amp_rproc_write_table()
 *               (boot_write_table(): the find_loaded_rsc_table op, the copy written over the
 *               loaded table)
 *   5. start    the start op (it refuses a firmware without a control block, as the
 *               platform's does), amp_rproc_vdevs_register()
 *
 * then shut down as amp_rproc_shutdown_locked() does: amp_rproc_vdevs_remove(), the stop
 * op and amp_rproc_release_boot() (boot_release_boot(): amp_rproc_traces_stop(),
 * amp_rproc_release_resources(), amp_rproc_free_table(), the unprepare op). A step that
 * fails unwinds as amp_rproc_boot_fw()'s error labels do. amp_rproc_core.c itself is too
 * tied to the driver model to build here: boot_fw() and the boot_ functions named above
 * model amp_rproc_boot_fw(), amp_rproc_shutdown_locked() and the static functions they
 * call, and must follow them when they change.
 *
 * Besides ASan, UBSan and leaks, every promise the loader's documentation makes that an
 * input could break is checked, and a broken one abort()s (boot_check()): the errnos and the
 * one message of a refusal, the placement of what the apply step wrote (every carveout,
 * devmem, vring and trace inside memory the platform gave or the host allocated, no two
 * carveouts sharing memory), where the load op wrote, what the virtio layer
 * (amp_rproc_virtio.c, replaced here by the stand-ins below) relies on, the arguments the
 * core hands the handle_rsc op, and that a boot, failed or not, leaves nothing held. A WARN
 * aborts too (kshim_panic_on_warn): a lock taken twice, a free of what was not allocated.
 *
 * The caller sets the knobs (boot_model.h; the fuzzer's inputs carry them in e_ident bytes
 * the loader never reads): an allocation that fails, where DMA memory comes from, a second
 * boot as recovery would do one, the firmware carveout mapped as I/O memory, a remote that
 * takes ELF64 only. A real image has them all zero: nothing fails, one boot.
 *
 * What the kernel logs is printed on stderr (kshim_quiet to silence it), with its
 * "remoteproc remoteproc0: " prefix.
 */

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kshim.h>
#include <linux/amp/fw_ctl.h>
#include <linux/amp/rproc_elf.h>
#include <linux/amp/rsc_table.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/firmware.h>
#include <linux/io.h>
#include <linux/of.h>
#include <linux/overflow.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio_ring.h>

#include "amp_rproc_internal.h"
#include "boot_model.h"
#include "remoteproc_internal.h"

/* An invariant of the code under test, broken by the input: reported, then abort(). */
static __printf(2, 3) void boot_fail(const char *stage, const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "image-fuzz: %s: invariant broken: ", stage);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	abort();
}

#define boot_check(cond, stage, fmt, ...) do {					\
	if (!(cond))								\
		boot_fail(stage, "%s: " fmt, #cond, ##__VA_ARGS__);		\
} while (0)

/* ---- the fake platform ------------------------------------------------------------------ */

/**
 * struct boot_region - a reserved-memory region of the remote
 * @name: the carveout's name (memory-region-names)
 * @node: its node, /reserved-memory/<name>@<address>
 * @pa: its physical (and device) address
 * @len: its size
 * @pool: a vdev's buffer pool: registered with rproc_of_resm_mem_entry_init(), not mapped
 */
struct boot_region {
	const char *name;
	struct device_node node;
	u64 pa;
	u64 len;
	bool pool;
};

static struct boot_region boot_regions[] = {
	{
		.name = "firmware", .pa = BOOT_FW_PA, .len = BOOT_FW_LEN,
		.node = { "firmware", "/reserved-memory/firmware@5f000000" },
	}, {
		.name = "vdev0vring0", .pa = BOOT_VRING0_PA, .len = BOOT_VRING_LEN,
		.node = { "vdev0vring0", "/reserved-memory/vdev0vring0@5f800000" },
	}, {
		.name = "vdev0vring1", .pa = BOOT_VRING1_PA, .len = BOOT_VRING_LEN,
		.node = { "vdev0vring1", "/reserved-memory/vdev0vring1@5f808000" },
	}, {
		.name = "vdev0buffer", .pa = BOOT_BUFFER_PA, .len = BOOT_BUFFER_LEN, .pool = true,
		.node = { "vdev0buffer", "/reserved-memory/vdev0buffer@5f900000" },
	},
};

static_assert(ARRAY_SIZE(boot_regions) == 4);

/* The regions' nodes, as the remote's memory-region property lists them. */
static struct device_node * const boot_memory_region[] = {
	&boot_regions[0].node, &boot_regions[1].node, &boot_regions[2].node,
	&boot_regions[3].node,
};

static const struct kshim_of_list boot_pdev_lists[] = {
	{ "memory-region", boot_memory_region, ARRAY_SIZE(boot_memory_region) },
	{ }
};

static struct device_node boot_pdev_node = {
	.name = "remoteproc-cpu1",
	.full_name = "/remoteproc-cpu1",
	.kshim_lists = boot_pdev_lists,
};

static const u64 boot_dma_pools[] = BOOT_DMA_POOLS;

static struct device_driver boot_pdrv = { .name = "amp-qemu-virt-rproc" };
static struct bus_type boot_platform_bus = { .name = "platform" };
static struct class boot_rproc_class = { .name = "remoteproc" };
static struct device boot_pdev = {
	.init_name = "remoteproc-cpu1",
	.bus = &boot_platform_bus,
	.driver = &boot_pdrv,
	.coherent_dma_mask = DMA_BIT_MASK(32),	/* a platform device's default */
	.of_node = &boot_pdev_node,
};

/**
 * struct boot_remote - the fake remote's driver data (&rproc.priv), as the platform's
 * @ctl_offset: the control block's offset in the table (handle_rsc op), 0 without one
 * @ctl_len: the length it declares
 * @ctl: the block in the loaded image, from start until the firmware carveout is released
 *	or the boot unprepared
 * @iomem: this input maps the firmware carveout as I/O memory (BOOT_KNOB_IOMEM)
 * @entry: the image's entry point, as the harness read it
 */
struct boot_remote {
	u32 ctl_offset;
	u32 ctl_len;
	struct amp_fw_ctl *ctl;
	bool iomem;
	u64 entry;
};

static struct rproc *boot_rproc;
/* The ops, as rproc_alloc() copies them and fills in the ELF defaults. */
static struct rproc_ops boot_rproc_ops;
/* Objects the remote holds between boots (its devmem grant), for the leak checks. */
static long boot_allocs_idle;

/* ---- what the model counts, for boot_summary() ------------------------------------------- */

#define BOOT_MAX_ERRNO	160

enum boot_stage { STAGE_ELF, STAGE_TABLE, STAGE_APPLY, STAGE_START, NR_STAGES };

static const char * const boot_stage_names[NR_STAGES] = { "elf", "table", "apply", "start" };

static struct {
	unsigned long inputs;
	unsigned long ok[NR_STAGES];
	unsigned long refused[NR_STAGES][BOOT_MAX_ERRNO];
	unsigned long no_table;
	unsigned long iomem_loads;
} boot_stats;

bool boot_oracle = true;

/* The first boot of an input counts; a reboot repeats its verdicts. */
static bool boot_counting;

static void boot_count(enum boot_stage stage, int ret)
{
	if (!boot_counting)
		return;
	if (!ret)
		boot_stats.ok[stage]++;
	else if (-ret > 0 && -ret < BOOT_MAX_ERRNO)
		boot_stats.refused[stage][-ret]++;
}

/**
 * boot_summary() - how many boots each stage accepted or refused, and why, on stderr
 */
void boot_summary(void)
{
	unsigned int s, e;

	fprintf(stderr, "image-fuzz: %lu inputs\n", boot_stats.inputs);
	for (s = 0; s < NR_STAGES; s++) {
		unsigned long refused = 0;
		char detail[512] = "";
		size_t n = 0;

		for (e = 0; e < BOOT_MAX_ERRNO; e++) {
			if (!boot_stats.refused[s][e])
				continue;
			refused += boot_stats.refused[s][e];
			n += snprintf(detail + n, sizeof(detail) - n, "%s%s %lu", n ? ", " : "",
				      strerrorname_np(e) ?: "?", boot_stats.refused[s][e]);
			if (n >= sizeof(detail))
				n = sizeof(detail) - 1;
		}
		fprintf(stderr, "image-fuzz: stage %-5s %lu passed, %lu refused%s%s%s",
			boot_stage_names[s], boot_stats.ok[s], refused, n ? " (" : "", detail,
			n ? ")" : "");
		if (s == STAGE_TABLE)
			fprintf(stderr, ", %lu without a table", boot_stats.no_table);
		fputc('\n', stderr);
	}
	fprintf(stderr,
		"image-fuzz: %lu loads into I/O memory\n", boot_stats.iomem_loads);
}

/* ---- the documented contracts of the checkers ------------------------------------------ */

/* A call that fails reports exactly one error; one that succeeds (or -ENOENT) none. */
static void boot_check_reported(const char *stage, int ret, unsigned long errs_before,
				bool silent_ok)
{
	unsigned long errs = kshim_msgs_err - errs_before;

	if (!ret || silent_ok)
		boot_check(errs == 0, stage, "ret %d with %lu error messages (last: %s)", ret,
			   errs, kshim_last_msg);
	else
		boot_check(errs == 1, stage, "ret %d with %lu error messages (last: %s)", ret,
			   errs, kshim_last_msg);
}

static bool boot_errno_in(int ret, const int *allowed, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ret == allowed[i])
			return true;
	}
	return false;
}

#define boot_check_errno(stage, ret, ...) do {					\
	static const int __allowed[] = { 0, __VA_ARGS__ };			\
	int __ret = (ret);							\
	boot_check(boot_errno_in(__ret, __allowed, ARRAY_SIZE(__allowed)), stage,	\
		   "ret %d not a documented errno", __ret);			\
} while (0)

/* What amp_elf_check() promises of an image it accepts (include/linux/amp/rproc_elf.h). */
static void boot_check_image(const struct amp_elf_image *img, const void *data, size_t size)
{
	u64 end;

	boot_check(img->data == data && img->size == size, "elf", "image not the file");
	boot_check(img->phnum >= 1 && img->phentsize == (img->is64 ? sizeof(Elf64_Phdr) :
							sizeof(Elf32_Phdr)), "elf",
		   "phnum %u phentsize %u", img->phnum, img->phentsize);
	end = img->phoff + (u64)img->phnum * img->phentsize;
	boot_check(end >= img->phoff && end <= size, "elf", "phdrs 0x%llx..0x%llx", img->phoff,
		   end);
	if (!img->shnum)
		return;
	end = img->shoff + (u64)img->shnum * img->shentsize;
	boot_check(end >= img->shoff && end <= size && img->shstrndx < img->shnum, "elf",
		   "shdrs 0x%llx..0x%llx, shstrndx %u of %u", img->shoff, end, img->shstrndx,
		   img->shnum);
	end = img->shstrtab_offset + img->shstrtab_size;
	boot_check(end >= img->shstrtab_offset && end <= size, "elf", "shstrtab 0x%llx..0x%llx",
		   img->shstrtab_offset, end);
}

/* The bytes an entry owns, by the rule amp_rsc_table_check() documents. */
static u64 boot_entry_span(const void *table, u32 off)
{
	const struct fw_rsc_hdr *hdr = table + off;
	const struct fw_rsc_vdev *vdev = (const void *)hdr->data;

	switch (hdr->type) {
	case RSC_CARVEOUT:
		return sizeof(*hdr) + sizeof(struct fw_rsc_carveout);
	case RSC_DEVMEM:
		return sizeof(*hdr) + sizeof(struct fw_rsc_devmem);
	case RSC_TRACE:
		return sizeof(*hdr) + sizeof(struct fw_rsc_trace);
	case RSC_VDEV:
		return sizeof(*hdr) + sizeof(*vdev) +
		       (u64)vdev->num_of_vrings * sizeof(vdev->vring[0]) + vdev->config_len;
	default:
		return sizeof(*hdr);
	}
}

/* What amp_rsc_table_check() promises of a table it accepts. */
static void boot_check_checked_table(const char *stage, const void *table, size_t size)
{
	const struct resource_table *t = table;
	struct amp_rsc_entry ent;
	u32 i, j;

	boot_check(size >= sizeof(*t) && t->ver == AMP_RSC_TABLE_VERSION &&
		   t->num <= AMP_RSC_MAX_ENTRIES && !t->reserved[0] && !t->reserved[1], stage,
		   "header");
	for (i = 0; i < t->num; i++) {
		boot_check(!amp_rsc_table_entry(table, size, i, &ent), stage, "entry %u", i);
		boot_check(boot_entry_span(table, t->offset[i]) <= sizeof(u32) + ent.len, stage,
			   "entry %u past the table", i);
	}
	if (!boot_oracle)
		return;
	for (i = 0; i < t->num; i++) {
		u64 a = t->offset[i], a_end = a + boot_entry_span(table, a);

		for (j = i + 1; j < t->num; j++) {
			u64 b = t->offset[j], b_end = b + boot_entry_span(table, b);

			boot_check(a_end <= b || b_end <= a, stage,
				   "entries %u (0x%llx..0x%llx) and %u (0x%llx..0x%llx) overlap", i,
				   a, a_end, j, b, b_end);
		}
	}
}

/*
 * amp_rsc_table_entry() on a table nobody checked: it must stay inside it and fail quietly,
 * leaving its output alone (rsc_table.h), whatever the index.
 */
static void boot_check_entry_unchecked(const void *table, size_t size)
{
	const u32 num = size >= sizeof(struct resource_table) ?
			((const struct resource_table *)table)->num : 0;
	u32 i, end = min_t(u32, num, AMP_RSC_MAX_ENTRIES + 8) + 2;
	struct amp_rsc_entry ent;
	int ret;

	for (i = 0; i < end; i++) {
		memset(&ent, 0x5a, sizeof(ent));
		ret = amp_rsc_table_entry(table, size, i, &ent);
		boot_check(ret == 0 || ret == -EINVAL || ret == -ERANGE, "entry", "ret %d", ret);
		boot_check(ret != -ERANGE || i >= num, "entry", "index %u below num %u", i, num);
		if (ret) {
			boot_check(ent.type == 0x5a5a5a5a && ent.len == 0x5a5a5a5a5a5a5a5aULL,
				   "entry", "output written on failure");
			continue;
		}
		boot_check(ent.offset >= sizeof(struct resource_table) + sizeof(u32) &&
			   ent.offset <= size && ent.len == size - ent.offset &&
			   ent.data == table + ent.offset, "entry", "entry %u at 0x%zx, %zu left",
			   i, ent.offset, ent.len);
	}
}

/* An address the host wrote: a real one, the range below 4 GiB. */
static bool boot_placed(u32 addr, u32 len)
{
	return addr != AMP_RSC_ADDR_ANY && (u64)addr + len <= BIT_ULL(32);
}

static bool boot_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* [da, da + len) inside [start, start + size) */
static bool boot_holds(u64 start, u64 size, u64 da, u64 len)
{
	return da >= start && len <= size && da - start <= size - len;
}

/* ---- stand-ins for amp_rproc_virtio.c, amp_rproc_debugfs.c and amp_rproc_coredump.c ---- */

/* Whether [da, da + len) of the remote is mapped memory, for @len bytes. */
static bool boot_mapped(struct rproc *rproc, u64 da, size_t len)
{
	void *va = rproc_da_to_va(rproc, da, len, NULL);

	return va && kshim_mem_holds(va, len);
}

/*
 * The virtio layer's view of a vdev entry: everything amp_rproc_virtio.c reads later (the
 * entry and its config space at rsc_offset of the table, each vring's memory for
 * vring_size() bytes) must be where the apply step said. Kept like the real one, on
 * rproc->amp->vdevs, so that amp_rproc_vdevs_remove() is what frees it.
 */
int amp_rproc_vdev_new(struct rproc *rproc, const struct fw_rsc_vdev *rsc,
		       unsigned int nvrings, size_t rsc_offset, unsigned int index)
{
	const char *stage = "vdev_new";
	struct rproc_mem_entry *pool;
	struct amp_rproc_vdev *rvdev;
	char name[AMP_RSC_NAME_LEN];
	size_t end;
	unsigned int i;

	lockdep_assert_held(&rproc->lock);
	boot_check(nvrings >= 1 && nvrings <= AMP_RSC_VDEV_MAX_VRINGS, stage, "nvrings %u",
		   nvrings);
	boot_check((const void *)rsc == (void *)rproc->cached_table + rsc_offset, stage,
		   "entry not at rsc_offset 0x%zx", rsc_offset);
	/* the entry, its vrings and its config space inside the table */
	end = size_add(size_add(rsc_offset, struct_size(rsc, vring, nvrings)), rsc->config_len);
	boot_check(end <= rproc->table_sz, stage,
		   "rsc_offset 0x%zx + %u vrings + config_len 0x%x past table size 0x%zx",
		   rsc_offset, nvrings, rsc->config_len, rproc->table_sz);
	/* the caller's count is still the entry's: nothing rewrote it since it was read */
	boot_check(rsc->num_of_vrings == nvrings, stage, "num_of_vrings %u, caller said %u",
		   rsc->num_of_vrings, nvrings);
	boot_check(index == rproc->nb_vdev - 1, stage, "vdev %u, nb_vdev %d", index,
		   rproc->nb_vdev);

	rvdev = kzalloc(sizeof(*rvdev), GFP_KERNEL);
	if (!rvdev)
		return -ENOMEM;
	rvdev->rproc = rproc;
	rvdev->rsc_offset = rsc_offset;
	rvdev->id = rsc->id;
	rvdev->notifyid = rsc->notifyid;
	rvdev->nvrings = nvrings;
	rvdev->config_len = rsc->config_len;
	snprintf(name, sizeof(name), "vdev%ubuffer", index);
	pool = amp_rproc_find_carveout(rproc, name);
	if (pool) {
		rvdev->shm_pa = pool->dma;
		rvdev->shm_len = pool->len;
	}
	for (i = 0; i < nvrings; i++) {
		const struct fw_rsc_vdev_vring *vr = &rsc->vring[i];
		struct amp_rproc_vring *vring = &rvdev->vrings[i];

		boot_check(is_power_of_2(vr->num) && vr->num <= AMP_RSC_VRING_MAX_NUM, stage,
			   "vring %u num %u", i, vr->num);
		boot_check(is_power_of_2(vr->align), stage, "vring %u align 0x%x", i, vr->align);
		boot_check(vr->da != AMP_RSC_ADDR_ANY && IS_ALIGNED(vr->da, vr->align), stage,
			   "vring %u da 0x%x align 0x%x", i, vr->da, vr->align);
		vring->num = vr->num;
		vring->align = vr->align;
		vring->notifyid = vr->notifyid;
		vring->size = vring_size(vring->num, vring->align);
		vring->va = rproc_da_to_va(rproc, vr->da, vring->size, NULL);
		boot_check(vring->va && kshim_mem_holds(vring->va, vring->size), stage,
			   "vring %u da 0x%x size 0x%zx not in mapped memory", i, vr->da,
			   vring->size);
	}
	mutex_lock(&rproc->amp->vq_lock);
	list_add_tail(&rvdev->node, &rproc->amp->vdevs);
	mutex_unlock(&rproc->amp->vq_lock);
	return 0;
}

/*
 * The virtio devices, registered once the remote runs: from now on the virtio layer reads
 * each vdev entry in the loaded table, which must hold it in mapped memory.
 */
int amp_rproc_vdevs_register(struct rproc *rproc)
{
	const char *stage = "vdevs_register";
	struct amp_rproc_vdev *rvdev;
	unsigned int i;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry(rvdev, &rproc->amp->vdevs, node) {
		const struct fw_rsc_vdev *v = rproc->amp->loaded_table + rvdev->rsc_offset;
		size_t len = size_add(struct_size(v, vring, rvdev->nvrings), rvdev->config_len);

		boot_check(rproc->amp->loaded_table && rproc->table_ptr ==
			   rproc->amp->loaded_table && rvdev->rsc_offset <= rproc->table_sz &&
			   len <= rproc->table_sz - rvdev->rsc_offset && kshim_mem_holds(v, len),
			   stage, "vdev at 0x%zx (0x%zx bytes) not in the loaded table",
			   rvdev->rsc_offset, len);
		for (i = 0; i < rvdev->nvrings; i++)
			boot_check(kshim_mem_holds(rvdev->vrings[i].va, rvdev->vrings[i].size),
				   stage, "vring %u gone", i);
	}
	return 0;
}

/* As the real one for vdevs never registered (none is, here). */
void amp_rproc_vdevs_remove(struct rproc *rproc)
{
	struct amp_rproc_vdev *rvdev, *tmp;

	lockdep_assert_held(&rproc->lock);
	list_for_each_entry_safe(rvdev, tmp, &rproc->amp->vdevs, node) {
		mutex_lock(&rproc->amp->vq_lock);
		list_del(&rvdev->node);
		mutex_unlock(&rproc->amp->vq_lock);
		boot_check(!rvdev->registered, "vdevs_remove", "vdev registered");
		kfree(rvdev);
	}
}

/* debugfs traceN: the trace it names exists, is live and has a buffer in memory. */
void amp_rproc_debugfs_add_trace(struct rproc *rproc, unsigned int index)
{
	struct amp_rproc_trace *trace;
	bool found = false;

	lockdep_assert_held(&rproc->lock);
	boot_check(index < AMP_RPROC_MAX_TRACES, "trace", "index %u", index);
	list_for_each_entry(trace, &rproc->amp->traces, node) {
		const struct rproc_mem_entry *tm = &trace->dbg.trace_mem;

		if (trace->index != index)
			continue;
		boot_check(!found && trace->live && tm->va && kshim_mem_holds(tm->va, tm->len),
			   "trace", "trace %u da 0x%x len 0x%zx not in mapped memory", index,
			   tm->da, tm->len);
		found = true;
	}
	boot_check(found, "trace", "no trace %u", index);
}

/* As the real one: no coredump segment is ever added here. */
void amp_rproc_coredump_cleanup(struct rproc *rproc)
{
	struct rproc_dump_segment *seg, *tmp;

	list_for_each_entry_safe(seg, tmp, &rproc->dump_segments, node) {
		list_del(&seg->node);
		kfree(seg);
	}
}

/* ---- the platform driver's ops ---------------------------------------------------------- */

/* qvr_mem_alloc(): a carveout mapped for the boot (the firmware's as I/O memory, a knob). */
static int boot_mem_alloc(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	struct boot_remote *fr = rproc->priv;

	lockdep_assert_held(&rproc->lock);
	if (fr->iomem && !strcmp(mem->name, "firmware")) {
		mem->va = (__force void *)ioremap_wc(mem->dma, mem->len);
		mem->is_iomem = true;
	} else {
		mem->va = memremap(mem->dma, mem->len, MEMREMAP_WC);
	}
	if (!mem->va) {
		dev_err(&rproc->dev, "cannot map carveout %s at %pad\n", mem->name, &mem->dma);
		return -ENOMEM;
	}
	boot_check(kshim_mem_holds(mem->va, mem->len), "mem_alloc", "carveout %s", mem->name);
	return 0;
}

/* qvr_mem_release(): the control block lives in the firmware carveout, and goes with it. */
static int boot_mem_release(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	struct boot_remote *fr = rproc->priv;

	lockdep_assert_held(&rproc->lock);
	if (!mem->va)
		return 0;
	if (fr->ctl && (void *)fr->ctl >= mem->va && (void *)fr->ctl < mem->va + mem->len)
		fr->ctl = NULL;
	if (mem->is_iomem)
		iounmap((__force void __iomem *)mem->va);
	else
		memunmap(mem->va);
	mem->va = NULL;
	return 0;
}

/* qvr_prepare(): the platform's reserved-memory regions, registered at every boot. */
static int boot_prepare(struct rproc *rproc)
{
	struct boot_remote *fr = rproc->priv;
	struct rproc_mem_entry *mem;
	unsigned int i;

	lockdep_assert_held(&rproc->lock);
	fr->ctl_offset = 0;
	fr->ctl_len = 0;
	for (i = 0; i < ARRAY_SIZE(boot_regions); i++) {
		const struct boot_region *r = &boot_regions[i];

		if (r->pool)
			mem = rproc_of_resm_mem_entry_init(&boot_pdev, i, r->len, r->pa, "%s",
							   r->name);
		else
			mem = rproc_mem_entry_init(&boot_pdev, NULL, r->pa, r->len, r->pa,
						   boot_mem_alloc, boot_mem_release, "%s", r->name);
		if (!mem)
			return -ENOMEM;
		rproc_add_carveout(rproc, mem);
	}
	return 0;
}

/* qvr_unprepare(): nobody reads the control block after this. */
static int boot_unprepare(struct rproc *rproc)
{
	struct boot_remote *fr = rproc->priv;

	lockdep_assert_held(&rproc->lock);
	fr->ctl = NULL;
	return 0;
}

/*
 * Whether the words the handle_rsc op writes into the control block at @offset lie in
 * another entry of @table, as the table stands before the write (a vendor payload is not
 * the vendor entry's: only its type word is).
 */
static bool boot_ctl_clobbers(const struct resource_table *table, u32 offset)
{
	u64 start = offset + offsetof(struct amp_fw_ctl, doorbell_lo);
	u64 end = offset + offsetofend(struct amp_fw_ctl, fw_intid);
	u32 i;

	for (i = 0; i < table->num; i++) {
		u32 off = table->offset[i];

		if (off + sizeof(struct fw_rsc_hdr) != offset &&
		    boot_overlap(start, end - start, off, boot_entry_span(table, off)))
			return true;
	}
	return false;
}

/* What a vendor payload at @offset may use: up to the next entry's header, or the end. */
static int boot_vendor_avail(const struct resource_table *t, size_t size, int offset)
{
	size_t end = size;
	u32 i;

	for (i = 0; i < t->num; i++)
		if (t->offset[i] >= offset && t->offset[i] < end)
			end = t->offset[i];
	return end - offset;
}

/*
 * qvr_handle_rsc(): the control block, checked in the core's copy of the table, the
 * platform's words written into it. First, the core's contract: the payload is the copy's,
 * @offset bytes in (4-byte aligned, past the header and the entry's type word), @avail
 * bytes up to the next entry or the table's end, and the entry is a vendor one of type
 * @type.
 */
static int boot_handle_rsc(struct rproc *rproc, u32 type, void *rsc, int offset, int avail)
{
	const struct resource_table *t = rproc->cached_table;
	const char *stage = "handle_rsc";
	struct boot_remote *fr = rproc->priv;
	struct amp_fw_ctl *ctl = rsc;
	u32 declared;

	lockdep_assert_held(&rproc->lock);
	boot_check(t && offset >= 0 && rsc == (void *)t + offset, stage,
		   "payload not in the copy at offset 0x%x", offset);
	boot_check(offset >= struct_size(t, offset, t->num) + sizeof(struct fw_rsc_hdr) &&
		   offset <= rproc->table_sz && IS_ALIGNED(offset, sizeof(u32)) &&
		   avail == boot_vendor_avail(t, rproc->table_sz, offset), stage,
		   "offset 0x%x avail 0x%x, table size 0x%zx, %u entries", offset, avail,
		   rproc->table_sz, t->num);
	boot_check(type >= RSC_VENDOR_START && type <= RSC_VENDOR_END &&
		   ((const struct fw_rsc_hdr *)(rsc - sizeof(struct fw_rsc_hdr)))->type == type,
		   stage, "type %u", type);
	if (type != AMP_RSC_FW_CTL)
		return RSC_IGNORED;
	if (fr->ctl_offset) {
		dev_err(&boot_pdev, "control block: a second one, at table offset 0x%x\n", offset);
		return -EINVAL;
	}
	if (avail < (int)offsetofend(struct amp_fw_ctl, version)) {
		dev_err(&boot_pdev, "control block: %d bytes left in the table, want at least %zu\n",
			avail, offsetofend(struct amp_fw_ctl, version));
		return -EINVAL;
	}
	declared = ctl->len;
	if (ctl->magic != AMP_FW_CTL_MAGIC || ctl->version != AMP_FW_CTL_VERSION) {
		dev_err(&boot_pdev, "control block: magic 0x%x, version %u; want 0x%x, %u%s\n",
			ctl->magic, ctl->version, AMP_FW_CTL_MAGIC, AMP_FW_CTL_VERSION,
			ctl->version == 1 ? AMP_FW_CTL_V1_HINT : "");
		return -EINVAL;
	}
	if (declared < AMP_FW_CTL_MIN_LEN || declared > avail ||
	    !IS_ALIGNED(declared, sizeof(u32))) {
		dev_err(&boot_pdev, "control block: declares %u bytes; want a multiple of 4 in %zu..%d (the table's end)\n",
			declared, AMP_FW_CTL_MIN_LEN, avail);
		return -EINVAL;
	}
	/* @avail keeps it off every other entry */
	boot_check(!boot_ctl_clobbers(t, offset), stage,
		   "control block at 0x%x of %u bytes runs over another entry", offset, declared);
	ctl->doorbell_lo = 0x08020040;
	ctl->doorbell_hi = 0;
	ctl->host_intid = 80;
	ctl->fw_intid = 81;
	fr->ctl_offset = offset;
	fr->ctl_len = declared;
	return RSC_HANDLED;
}

/*
 * qvr_start(), up to powering the core: the control block is found in the loaded image
 * (the core wrote its copy of the table there), in mapped memory, and its host words set.
 */
static int boot_start(struct rproc *rproc)
{
	struct boot_remote *fr = rproc->priv;
	struct amp_fw_ctl *ctl;

	lockdep_assert_held(&rproc->lock);
	boot_check(rproc->bootaddr == fr->entry, "start", "bootaddr 0x%llx, entry 0x%llx",
		   rproc->bootaddr, fr->entry);
	if (!fr->ctl_offset || !rproc->table_ptr) {
		dev_err(&boot_pdev, "the firmware has no control block (vendor resource %d): it could not be stopped, not starting it\n",
			AMP_RSC_FW_CTL);
		return -EINVAL;
	}
	ctl = (void *)rproc->table_ptr + fr->ctl_offset;
	boot_check(rproc->table_ptr == rproc->amp->loaded_table &&
		   fr->ctl_len <= rproc->table_sz - fr->ctl_offset &&
		   kshim_mem_holds(ctl, fr->ctl_len), "start",
		   "control block at 0x%x (0x%x bytes) not in the loaded table", fr->ctl_offset,
		   fr->ctl_len);
	fr->ctl = ctl;
	ctl->request = AMP_FW_REQ_NONE;
	ctl->state = AMP_FW_STATE_OFF;
	return 0;
}

static int boot_stop(struct rproc *rproc)
{
	lockdep_assert_held(&rproc->lock);
	return 0;
}

/* The platform driver's ops: no load op, so rproc_alloc() adds the ELF defaults. */
static const struct rproc_ops boot_ops = {
	.prepare = boot_prepare,
	.unprepare = boot_unprepare,
	.start = boot_start,
	.stop = boot_stop,
	.handle_rsc = boot_handle_rsc,
};

/* ---- what the boot did, checked --------------------------------------------------------- */

/*
 * After amp_rproc_handle_resources() succeeded. What the host holds: every carveout with a
 * map callback mapped, in memory; claims that share no memory; traces and vrings in mapped
 * memory. What the copy tells the remote (unless the control block's words were written
 * over another entry): every carveout and devmem entry says where its memory is, inside
 * what the platform gave or the host allocated, in 32 bits, the carveouts claimed or
 * allocated and sharing no memory; every vring placed and aligned; every vdev and trace
 * entry became one.
 */
static void boot_check_applied(struct rproc *rproc)
{
	const struct resource_table *t = rproc->cached_table;
	unsigned int nr_vdevs = 0, nr_rvdevs = 0, nr_traces = 0, nr_live = 0;
	unsigned int nr_carveouts = 0, nr_claims = 0, nr_allocated = 0, a, b;
	struct amp_rproc_claim *claim, *other;
	struct amp_rproc_trace *trace;
	struct amp_rproc_vdev *rvdev;
	struct rproc_mem_entry *mem;
	struct amp_rsc_entry ent;
	u64 start[AMP_RSC_MAX_ENTRIES], len[AMP_RSC_MAX_ENTRIES];
	u32 i, v;

	list_for_each_entry(mem, &rproc->carveouts, node) {
		boot_check(!mem->alloc || mem->va, "apply", "carveout %s not mapped", mem->name);
		boot_check(!mem->va || kshim_mem_holds(mem->va, mem->len), "apply",
			   "carveout %s beyond memory", mem->name);
		if (mem->priv == rproc->amp) {
			boot_check(mem->da == mem->dma && boot_placed(mem->da, mem->len) &&
				   mem->rsc_offset < rproc->table_sz, "apply",
				   "allocation %s at 0x%x len 0x%zx", mem->name, mem->da, mem->len);
			nr_allocated++;
		}
	}
	list_for_each_entry(claim, &rproc->amp->claims, node) {
		nr_claims++;
		other = claim;
		list_for_each_entry_continue(other, &rproc->amp->claims, node)
			boot_check(!boot_overlap(claim->da, claim->len, other->da, other->len),
				   "apply", "claims %s and %s overlap", claim->name, other->name);
	}
	list_for_each_entry(trace, &rproc->amp->traces, node) {
		const struct rproc_mem_entry *tm = &trace->dbg.trace_mem;

		boot_check(trace->live && tm->va && kshim_mem_holds(tm->va, tm->len), "apply",
			   "trace %u not in mapped memory", trace->index);
		nr_live++;
	}
	list_for_each_entry(rvdev, &rproc->amp->vdevs, node) {
		for (v = 0; v < rvdev->nvrings; v++)
			boot_check(kshim_mem_holds(rvdev->vrings[v].va, rvdev->vrings[v].size),
				   "apply", "vring %u not in mapped memory", v);
		nr_rvdevs++;
	}
	boot_check(nr_live == rproc->num_traces && nr_rvdevs == rproc->nb_vdev, "apply",
		   "%u traces (num_traces %d), %u vdevs (nb_vdev %d)", nr_live, rproc->num_traces,
		   nr_rvdevs, rproc->nb_vdev);

	for (i = 0; i < t->num; i++) {
		const struct fw_rsc_carveout *c;
		const struct fw_rsc_devmem *d;
		const struct fw_rsc_vdev *vd;

		boot_check(!amp_rsc_table_entry(t, rproc->table_sz, i, &ent), "apply", "entry %u",
			   i);
		switch (ent.type) {
		case RSC_CARVEOUT:
			c = ent.data;
			boot_check(c->len && boot_placed(c->da, c->len) &&
				   boot_placed(c->pa, c->len), "apply",
				   "carveout %u da 0x%x pa 0x%x len 0x%x", i, c->da, c->pa, c->len);
			list_for_each_entry(mem, &rproc->carveouts, node) {
				if (mem->priv == rproc->amp ? mem->rsc_offset == ent.offset :
				    boot_holds(mem->da, mem->len, c->da, c->len))
					break;
			}
			boot_check(!list_entry_is_head(mem, &rproc->carveouts, node), "apply",
				   "carveout %u da 0x%x len 0x%x in no carveout", i, c->da, c->len);
			boot_check(boot_holds(mem->da, mem->len, c->da, c->len) &&
				   c->pa == mem->dma + (c->da - mem->da), "apply",
				   "carveout %u da 0x%x pa 0x%x len 0x%x, in %s da 0x%x pa %pad", i,
				   c->da, c->pa, c->len, mem->name, mem->da, &mem->dma);
			boot_check(!mem->va || kshim_mem_holds(mem->va + (c->da - mem->da), c->len),
				   "apply", "carveout %u not in mapped memory", i);
			start[nr_carveouts] = c->da;
			len[nr_carveouts++] = c->len;
			break;
		case RSC_DEVMEM:
			d = ent.data;
			/* (an empty one names no memory: refused) */
			boot_check(d->da == d->pa && d->len && d->pa >= BOOT_DEVMEM_PA &&
				   d->len <= BOOT_DEVMEM_LEN &&
				   d->pa - BOOT_DEVMEM_PA <= BOOT_DEVMEM_LEN - d->len, "apply",
				   "devmem %u da 0x%x pa 0x%x len 0x%x", i, d->da, d->pa, d->len);
			break;
		case RSC_TRACE:
			nr_traces++;
			break;
		case RSC_VDEV:
			vd = ent.data;
			boot_check(!vd->status && !vd->gfeatures, "apply", "vdev %u status", i);
			for (v = 0; v < vd->num_of_vrings; v++) {
				const struct fw_rsc_vdev_vring *vr = &vd->vring[v];
				size_t size = vring_size(vr->num, vr->align);

				boot_check(boot_placed(vr->da, size) && boot_placed(vr->pa, size) &&
					   IS_ALIGNED(vr->da, vr->align) &&
					   vr->notifyid <= rproc->max_notifyid &&
					   boot_mapped(rproc, vr->da, size), "apply",
					   "vdev %u vring %u da 0x%x pa 0x%x size 0x%zx notifyid %u",
					   i, v, vr->da, vr->pa, size, vr->notifyid);
			}
			nr_vdevs++;
			break;
		}
	}
	for (a = 0; a < nr_carveouts; a++) {
		for (b = a + 1; b < nr_carveouts; b++)
			boot_check(!boot_overlap(start[a], len[a], start[b], len[b]), "apply",
				   "carveouts at 0x%llx and 0x%llx overlap", start[a], start[b]);
	}
	boot_check(nr_claims + nr_allocated == nr_carveouts, "apply",
		   "%u carveout entries, %u claims, %u allocations", nr_carveouts, nr_claims,
		   nr_allocated);
	boot_check(nr_vdevs == nr_rvdevs && nr_traces == nr_live, "apply",
		   "%u vdev entries, %u vdevs; %u trace entries, %u traces", nr_vdevs, nr_rvdevs,
		   nr_traces, nr_live);
}

/* After the load op: every PT_LOAD with memory is where it says, in mapped memory. */
static void boot_check_loaded(struct rproc *rproc, const struct amp_elf_image *img)
{
	bool iomem = false;
	unsigned int i;

	for (i = 0; i < img->phnum; i++) {
		const void *ph = img->data + img->phoff + (u64)i * img->phentsize;
		u64 paddr, memsz;
		void *va;

		/* (e_phoff is the file's: any alignment) */
		if (img->is64) {
			Elf64_Phdr p;

			memcpy(&p, ph, sizeof(p));
			if (p.p_type != PT_LOAD)
				continue;
			paddr = p.p_paddr;
			memsz = p.p_memsz;
		} else {
			Elf32_Phdr p;

			memcpy(&p, ph, sizeof(p));
			if (p.p_type != PT_LOAD)
				continue;
			paddr = p.p_paddr;
			memsz = p.p_memsz;
		}
		if (!memsz)
			continue;
		va = rproc_da_to_va(rproc, paddr, memsz, &iomem);
		boot_check(va && kshim_mem_holds(va, memsz), "load",
			   "segment %u p_paddr 0x%llx p_memsz 0x%llx loaded outside memory", i,
			   paddr, memsz);
		boot_stats.iomem_loads += iomem && boot_counting;
	}
}

/* After a boot, failed or shut down: the remote holds nothing but its devmem grant. */
static void boot_check_released(struct rproc *rproc, const char *when)
{
	struct boot_remote *fr = rproc->priv;
	struct amp_rproc_trace *trace;

	boot_check(list_empty(&rproc->carveouts) && list_empty(&rproc->amp->claims), when,
		   "carveouts or claims left");
	list_for_each_entry(trace, &rproc->amp->traces, node)
		boot_check(!trace->live && !trace->dbg.trace_mem.va, when,
			   "trace %u still points into memory", trace->index);
	boot_check(list_empty(&rproc->traces) && !rproc->num_traces, when, "live traces left");
	boot_check(list_empty(&rproc->amp->vdevs) && !rproc->nb_vdev, when, "vdevs left");
	boot_check(list_empty(&rproc->dump_segments), when, "coredump segments left");
	boot_check(!rproc->cached_table && !rproc->clean_table && !rproc->table_ptr &&
		   !rproc->amp->loaded_table && !rproc->table_sz, when, "table left");
	boot_check(!kshim_dma_live && !kshim_maps_live && !kshim_of_refs_live && !fr->ctl, when,
		   "%ld DMA allocations, %ld mappings, %ld node references left", kshim_dma_live,
		   kshim_maps_live, kshim_of_refs_live);
	boot_check(rproc->state == RPROC_OFFLINE && !rproc->lock.held &&
		   !rproc->amp->vq_lock.held, when, "state %u, or a lock held", rproc->state);
}

/* ---- the core's boot path, step by step (amp_rproc_core.c) ------------------------------ */

/* amp_rproc_check_table(), and what the checks promise of the copy parse_fw made. */
static int boot_check_table(struct rproc *rproc)
{
	unsigned long errs;
	int ret;

	if (!rproc->cached_table) {
		boot_stats.no_table += boot_counting;
		return 0;
	}
	/* rproc_elf_load_rsc_table() bounds the size already */
	boot_check(rproc->table_ptr == rproc->cached_table && rproc->table_sz &&
		   rproc->table_sz <= AMP_RPROC_MAX_TABLE_SIZE, "table", "size 0x%zx",
		   rproc->table_sz);
	boot_check_entry_unchecked(rproc->cached_table, rproc->table_sz);
	errs = kshim_msgs_err;
	ret = amp_rsc_table_check(&rproc->dev, rproc->cached_table, rproc->table_sz);
	boot_check_errno("table", ret, -EINVAL, -EPROTONOSUPPORT, -E2BIG, -EOVERFLOW, -ERANGE);
	boot_check_reported("table", ret, errs, false);
	if (!ret)
		boot_check_checked_table("table", rproc->cached_table, rproc->table_sz);
	return ret;
}

/* amp_rproc_apply() */
static int boot_apply(struct rproc *rproc)
{
	unsigned long errs;
	int ret;

	ret = amp_rproc_handle_resources(rproc);
	if (ret)
		return ret;
	if (!rproc->cached_table)
		return 0;
	boot_check_applied(rproc);
	/* The core checks its copy again after its own writes: that must still pass. */
	errs = kshim_msgs_err;
	ret = amp_rsc_table_check(&rproc->dev, rproc->cached_table, rproc->table_sz);
	boot_check(!ret && kshim_msgs_err == errs, "recheck",
		   "the host's writes made the table invalid: %d (%s)", ret, kshim_last_msg);
	if (ret) {
		dev_err(&rproc->dev, "resource table: no longer valid after the host's writes\n");
		return -EINVAL;
	}
	boot_check_checked_table("recheck", rproc->cached_table, rproc->table_sz);
	return 0;
}

/* amp_rproc_write_table(): the loaded image's table gets the copy. */
static int boot_write_table(struct rproc *rproc, const struct firmware *fw)
{
	struct resource_table *loaded = NULL;
	unsigned long errs;

	if (!rproc->cached_table)
		return 0;
	errs = kshim_msgs_err;
	if (rproc->ops->find_loaded_rsc_table)
		loaded = rproc->ops->find_loaded_rsc_table(rproc, fw);
	boot_check_reported("find_loaded_rsc_table", loaded ? 0 : -EINVAL, errs, false);
	if (IS_ERR_OR_NULL(loaded)) {
		dev_err(&rproc->dev, "resource table: not in the loaded image's memory\n");
		return -EINVAL;
	}
	boot_check(kshim_mem_holds(loaded, rproc->table_sz), "write_table",
		   "loaded table of 0x%zx bytes beyond memory", rproc->table_sz);
	memcpy(loaded, rproc->cached_table, rproc->table_sz);
	rproc->amp->loaded_table = loaded;
	rproc->table_ptr = loaded;
	return 0;
}

/* amp_rproc_free_table() */
static void boot_free_table(struct rproc *rproc)
{
	kfree(rproc->cached_table);
	kfree(rproc->clean_table);
	rproc->cached_table = NULL;
	rproc->clean_table = NULL;
	rproc->table_ptr = NULL;
	rproc->table_sz = 0;
	rproc->amp->loaded_table = NULL;
}

/* amp_rproc_release_boot(rproc, false) */
static void boot_release_boot(struct rproc *rproc)
{
	amp_rproc_traces_stop(rproc);
	amp_rproc_release_resources(rproc, false);
	boot_free_table(rproc);
	if (rproc->ops->unprepare)
		rproc->ops->unprepare(rproc);
}

/*
 * amp_rproc_boot_fw() for an offline remote without subdevices, then, once it runs,
 * amp_rproc_shutdown_locked(); the lock held.
 */
static int boot_fw(struct rproc *rproc, const struct firmware *fw)
{
	struct boot_remote *fr = rproc->priv;
	struct amp_elf_image img;
	unsigned long errs;
	int ret;

	lockdep_assert_held(&rproc->lock);
	errs = kshim_msgs_err;
	ret = amp_rproc_check_fw(rproc, fw);
	boot_check_errno("elf", ret, -EINVAL, -ENOEXEC, -EOVERFLOW, -ERANGE);
	boot_check_reported("elf", ret, errs, false);
	boot_count(STAGE_ELF, ret);
	if (ret)
		return ret;
	/* what the check promised; the ELF helpers check the same image the same way */
	errs = kshim_msgs_err;
	boot_check(!amp_rproc_check_image(rproc, fw, &img) &&
		   !rproc->ops->sanity_check(rproc, fw) && kshim_msgs_err == errs, "elf",
		   "an image the core accepted refused again (%s)", kshim_last_msg);
	boot_check_image(&img, fw->data, fw->size);
	fr->entry = img.entry;
	amp_rproc_traces_free(rproc);

	ret = rproc->ops->prepare(rproc);
	if (ret) {
		dev_err(&rproc->dev, "cannot prepare %s: %d\n", rproc->name, ret);
		goto err_cleanup;
	}
	/* the platform's carveouts are fine */
	ret = amp_rproc_check_carveouts(rproc);
	boot_check(!ret, "carveouts", "the platform's carveouts refused: %d", ret);
	rproc->bootaddr = rproc_get_boot_addr(rproc, fw);
	boot_check(rproc->bootaddr == img.entry, "boot_addr", "0x%llx, e_entry 0x%llx",
		   rproc->bootaddr, img.entry);
	errs = kshim_msgs_err;
	ret = rproc->ops->parse_fw(rproc, fw);
	boot_check_errno("parse_fw", ret, -EINVAL, -EOVERFLOW, -ENOMEM);
	boot_check_reported("parse_fw", ret, errs, ret == -ENOMEM);
	if (!ret)
		ret = boot_check_table(rproc);
	boot_count(STAGE_TABLE, ret);
	if (ret)
		goto err_unprepare;
	rproc->table_ptr = rproc->cached_table;
	ret = boot_apply(rproc);
	if (ret)
		goto err_apply;
	errs = kshim_msgs_err;
	ret = rproc->ops->load(rproc, fw);
	boot_check_errno("load", ret, -EINVAL, -ERANGE, -ENOEXEC, -EOVERFLOW);
	boot_check_reported("load", ret, errs, false);
	if (ret) {
		dev_err(&rproc->dev, "cannot load %s: %d\n", rproc->firmware, ret);
		goto err_apply;
	}
	boot_check_loaded(rproc, &img);
	ret = boot_write_table(rproc, fw);
	if (ret)
		goto err_apply;
	boot_count(STAGE_APPLY, 0);
	/* no subdevices: amp_rproc_subdevs_prepare() has nothing to do */
	ret = rproc->ops->start(rproc);
	boot_count(STAGE_START, ret);
	if (ret) {
		dev_err(&rproc->dev, "cannot start %s: %d\n", rproc->name, ret);
		goto err_release_resources;
	}
	ret = amp_rproc_vdevs_register(rproc);
	boot_check(!ret, "vdevs_register", "%d", ret);
	rproc->state = RPROC_RUNNING;

	/* running: amp_rproc_shutdown_locked() */
	amp_rproc_vdevs_remove(rproc);
	ret = rproc->ops->stop(rproc);
	boot_check(!ret, "stop", "%d", ret);
	boot_release_boot(rproc);
	rproc->state = RPROC_OFFLINE;
	return 0;

err_apply:
	boot_count(STAGE_APPLY, ret);
err_release_resources:
	amp_rproc_traces_stop(rproc);
err_unprepare:
	boot_release_boot(rproc);
	return ret;

err_cleanup:
	amp_rproc_release_resources(rproc, false);
	boot_free_table(rproc);
	return ret;
}

/* ---- the model's entry points (boot_model.h) ---------------------------------------------- */

/* rproc_alloc()'s ops: a copy, with upstream's ELF defaults when there is no load op. */
static void boot_alloc_ops(struct rproc *rproc)
{
	boot_rproc_ops = boot_ops;
	rproc->ops = &boot_rproc_ops;
	if (rproc->ops->load)
		return;
	rproc->ops->load = rproc_elf_load_segments;
	rproc->ops->parse_fw = rproc_elf_load_rsc_table;
	rproc->ops->find_loaded_rsc_table = rproc_elf_find_loaded_rsc_table;
	rproc->ops->sanity_check = rproc_elf_sanity_check;
	rproc->ops->get_boot_addr = rproc_elf_get_boot_addr;
}

/**
 * boot_init() - make the remote and its platform, as probe and rproc_alloc() do
 *
 * Once, before any boot_image(); a failure (no memory) abort()s.
 */
void boot_init(void)
{
	struct rproc *rproc;
	unsigned int i;

	kshim_panic_on_warn = true;
	/* rproc_alloc(), as far as the boot path reads it */
	rproc = calloc(1, sizeof(*rproc) + sizeof(struct boot_remote));
	if (!rproc)
		abort();
	rproc->priv = &rproc[1];
	rproc->amp = calloc(1, sizeof(*rproc->amp));
	if (!rproc->amp)
		abort();
	rproc->amp->rproc = rproc;
	mutex_init(&rproc->lock);
	INIT_LIST_HEAD(&rproc->node);
	INIT_LIST_HEAD(&rproc->traces);
	INIT_LIST_HEAD(&rproc->carveouts);
	INIT_LIST_HEAD(&rproc->mappings);
	INIT_LIST_HEAD(&rproc->rvdevs);
	INIT_LIST_HEAD(&rproc->subdevs);
	INIT_LIST_HEAD(&rproc->dump_segments);
	INIT_LIST_HEAD(&rproc->amp->claims);
	INIT_LIST_HEAD(&rproc->amp->devmems);
	INIT_LIST_HEAD(&rproc->amp->traces);
	INIT_LIST_HEAD(&rproc->amp->vdevs);
	mutex_init(&rproc->amp->vq_lock);
	spin_lock_init(&rproc->amp->crash_lock);
	boot_alloc_ops(rproc);
	rproc->name = "remoteproc-cpu1";
	rproc->firmware = "amp-fw-cpu1.elf";
	rproc->state = RPROC_OFFLINE;
	rproc->max_notifyid = -1;
	rproc->elf_class = ELFCLASSNONE;
	rproc->elf_machine = EM_AARCH64;
	rproc->dev.init_name = "remoteproc0";
	rproc->dev.class = &boot_rproc_class;
	rproc->dev.parent = &boot_pdev;
	rproc->dev.coherent_dma_mask = boot_pdev.coherent_dma_mask;

	/* the platform: its reserved memory, then the probe's devmem grant */
	for (i = 0; i < ARRAY_SIZE(boot_regions); i++) {
		const struct boot_region *r = &boot_regions[i];
		const char *name = strrchr(r->node.full_name, '/') + 1;

		if (!kshim_phys_add(r->pa, r->len) || !kshim_reserved_mem_add(name, r->pa, r->len))
			abort();
	}
	if (amp_rproc_add_devmem(rproc, BOOT_DEVMEM_PA, BOOT_DEVMEM_LEN))
		abort();
	boot_allocs_idle = kshim_allocs_live;
	boot_rproc = rproc;
}

/**
 * boot_knobs_of_image() - the knobs an input of the fuzzer carries (boot_model.h)
 * @data: the image
 * @size: its size
 * @knobs: set from e_ident's padding; all zero for an image shorter than e_ident
 */
void boot_knobs_of_image(const u8 *data, size_t size, struct boot_knobs *knobs)
{
	memset(knobs, 0, sizeof(*knobs));
	if (size < EI_NIDENT)
		return;
	knobs->fail_nth = data[BOOT_KNOB_FAIL_NTH];
	knobs->dma_pool = data[BOOT_KNOB_DMA_POOL];
	knobs->flags = data[BOOT_KNOB_FLAGS];
}

/**
 * boot_image() - boot an image on the model's remote, then shut it down
 * @data: the image, as request_firmware() would hand it over
 * @size: its size
 * @knobs: the environment: an allocation that fails, the DMA pool, a reboot, ...
 *
 * Every invariant the loader documents is checked on the way; a broken one abort()s with its
 * description, as does a WARN, a leak or anything left held.
 *
 * Return: what amp_rproc_boot_fw() returns for the image on this platform (of the first
 * boot): 0 when the remote would run, else a negative errno, after exactly the messages the
 * kernel would log (printed unless kshim_quiet).
 */
int boot_image(const u8 *data, size_t size, const struct boot_knobs *knobs)
{
	const struct firmware fw = { .size = size, .data = data };
	struct rproc *rproc = boot_rproc;
	struct boot_remote *fr = rproc->priv;
	unsigned int boot, pool = knobs->dma_pool % ARRAY_SIZE(boot_dma_pools);
	int ret, first = 0;

	boot_stats.inputs++;
	rproc->firmware = knobs->firmware ?: "amp-fw-cpu1.elf";
	fr->iomem = knobs->flags & BOOT_KNOB_IOMEM;
	rproc->elf_class = knobs->flags & BOOT_KNOB_ELF64 ? ELFCLASS64 : ELFCLASSNONE;
	kshim_fail_nth = knobs->fail_nth;
	for (boot = 0; boot < (knobs->flags & BOOT_KNOB_REBOOT ? 2 : 1); boot++) {
		/* the pages the last boot freed are free again */
		kshim_dma_pool(boot_dma_pools[pool], BOOT_DMA_POOL_LEN);
		boot_counting = !boot;
		mutex_lock(&rproc->lock);
		ret = boot_fw(rproc, &fw);
		mutex_unlock(&rproc->lock);
		boot_check_released(rproc, boot ? "reboot" : "boot");
		/* the same image on the same platform: the same verdict, unless made to fail */
		if (!boot)
			first = ret;
		else if (!knobs->fail_nth)
			boot_check(ret == first, "reboot", "first boot %d, second %d", first, ret);
	}
	kshim_fail_nth = 0;	/* if not reached: this input's boots allocated less */
	/* the next boot would free the traces this one kept; then nothing may be left */
	amp_rproc_traces_free(rproc);
	boot_check(kshim_allocs_live == boot_allocs_idle, "leak", "%ld objects left",
		   kshim_allocs_live - boot_allocs_idle);
	return first;
}
