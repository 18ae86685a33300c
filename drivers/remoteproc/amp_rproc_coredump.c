// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc: the coredump of a crashed remote, through devcoredump.
 *
 * The dump is an ELF64 core file (ET_CORE, little-endian, the remote's ELF machine):
 *
 *   elf64_hdr | elf64_phdr[1 + regions] | notes | the regions' contents
 *
 * One PT_LOAD per segment: the segments the driver registered (rproc_coredump_add_segment()
 * and its custom kin), else every mapped carveout of the remote (firmware, vrings, allocated
 * carveouts; never devmem, which may be device registers): p_vaddr is the segment's device
 * address, p_paddr its physical address where the core knows it. The PT_NOTE holds the
 * crash note (name "AMP", type AMP_RPROC_NOTE_CRASH, struct amp_rproc_core_crash) and, for
 * an AArch64 remote that took an exception, a "CORE" NT_PRSTATUS whose pc is the faulting
 * instruction (the other registers are not recorded: zero), so that gdb shows where it
 * died.
 *
 * The coredump sysfs attribute chooses: "enabled" copies everything into a vmalloc'ed
 * buffer and recovery goes on; "inline" hands devcoredump a reader of the remote's memory
 * and recovery waits until userspace has read the dump (or devcoredump's timeout, 5
 * minutes, passes), as upstream; "disabled" dumps nothing.
 */

#include <linux/completion.h>
#include <linux/devcoredump.h>
#include <linux/elf.h>
#include <linux/io.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/unaligned.h>

#include "amp_rproc_internal.h"

/* The largest dump taken: bigger regions are reported, not dumped. */
#define AMP_DUMP_MAX		(512UL << 20)

/* the note's layout is ABI (include/uapi/linux/amp/coredump.h) */
static_assert(sizeof(struct amp_rproc_core_crash) == 144);

/* NT_PRSTATUS of an AArch64 (LP64) process: struct elf_prstatus with 34 registers. */
#define AMP_PRSTATUS_LEN	392
#define AMP_PRSTATUS_CURSIG	12
#define AMP_PRSTATUS_REGS	112
#define AMP_PRSTATUS_PC		(AMP_PRSTATUS_REGS + 32 * 8)

#define AMP_NOTE_LEN(name, desc) \
	(sizeof(struct elf64_note) + ALIGN(sizeof(name), 4) + ALIGN(desc, 4))

/**
 * struct amp_dump_seg - a segment in the dump
 * @va: its kernel mapping, or NULL for a driver's custom segment
 * @is_iomem: @va is an I/O mapping
 * @custom: the driver's segment, which copies itself (@va NULL)
 * @len: its size
 * @offset: where its content starts in the dump
 */
struct amp_dump_seg {
	const void *va;
	bool is_iomem;
	struct rproc_dump_segment *custom;
	size_t len;
	size_t offset;
};

/**
 * struct amp_rproc_dump - a dump being built or read
 * @hdr: the ELF header, program headers and notes
 * @hdr_len: their size
 * @segs: the regions
 * @nsegs: their number
 * @total: the dump's size
 * @rproc: the remote (for custom segments)
 * @done: devcoredump released an inline dump
 */
struct amp_rproc_dump {
	void *hdr;
	size_t hdr_len;
	struct amp_dump_seg *segs;
	unsigned int nsegs;
	size_t total;
	struct rproc *rproc;
	struct completion done;
};

static void *amp_dump_note(void *p, const char *name, size_t name_len, u32 type,
			   const void *desc, size_t desc_len)
{
	struct elf64_note *n = p;

	n->n_namesz = name_len;
	n->n_descsz = desc_len;
	n->n_type = type;
	p += sizeof(*n);
	memcpy(p, name, name_len);
	p += ALIGN(name_len, 4);
	memcpy(p, desc, desc_len);
	return p + ALIGN(desc_len, 4);
}

/* The signal gdb names: from the exception class of an AArch64 syndrome. */
static u16 amp_dump_signal(u64 esr)
{
	switch ((esr >> 26) & 0x3f) {
	case 0x00:	/* unknown reason: undefined instruction */
	case 0x0e:	/* illegal execution state */
		return 4;	/* SIGILL */
	case 0x20: case 0x21: case 0x24: case 0x25:	/* instruction or data abort */
		return 11;	/* SIGSEGV */
	case 0x22: case 0x26:	/* pc or sp alignment */
		return 7;	/* SIGBUS */
	default:
		return 5;	/* SIGTRAP */
	}
}

/**
 * amp_rproc_dump_size() - a dump's size in bytes
 * @d: the dump
 *
 * Return: its size.
 */
size_t amp_rproc_dump_size(const struct amp_rproc_dump *d)
{
	return d->total;
}
EXPORT_SYMBOL_GPL(amp_rproc_dump_size);

/**
 * amp_rproc_dump_free() - free a dump's description (not a devcoredump's copy)
 * @d: the dump, or an ERR_PTR
 */
void amp_rproc_dump_free(struct amp_rproc_dump *d)
{
	if (IS_ERR_OR_NULL(d))
		return;
	kfree(d->segs);
	kfree(d->hdr);
	kfree(d);
}
EXPORT_SYMBOL_GPL(amp_rproc_dump_free);

/* The segments to dump: the driver's, or every mapped carveout. */
static unsigned int amp_dump_count(struct rproc *rproc)
{
	struct rproc_dump_segment *seg;
	struct rproc_mem_entry *mem;
	unsigned int n = 0;

	if (!list_empty(&rproc->dump_segments)) {
		list_for_each_entry(seg, &rproc->dump_segments, node)
			n++;
		return n;
	}
	list_for_each_entry(mem, &rproc->carveouts, node)
		n += !!mem->va;
	return n;
}

/* Fills @s for segment @i of the dump and its program header; false for none. */
static bool amp_dump_segment(struct rproc *rproc, unsigned int i, struct amp_dump_seg *s,
			     struct elf64_phdr *ph)
{
	struct rproc_dump_segment *seg;
	struct rproc_mem_entry *mem;
	unsigned int n = 0;

	if (!list_empty(&rproc->dump_segments)) {
		list_for_each_entry(seg, &rproc->dump_segments, node) {
			if (n++ != i)
				continue;
			s->len = seg->size;
			if (seg->dump)
				s->custom = seg;
			else
				s->va = rproc_da_to_va(rproc, seg->da, seg->size, &s->is_iomem);
			ph->p_vaddr = seg->da;
			ph->p_paddr = seg->da;
			return s->custom || s->va;
		}
		return false;
	}
	list_for_each_entry(mem, &rproc->carveouts, node) {
		if (!mem->va || n++ != i)
			continue;
		s->va = mem->va;
		s->is_iomem = mem->is_iomem;
		s->len = mem->len;
		ph->p_vaddr = mem->da;
		ph->p_paddr = mem->dma;
		return true;
	}
	return false;
}

/**
 * amp_rproc_dump_build() - lay out the dump of a crashed remote
 * @rproc: the remote, its carveouts mapped
 * @type: why it crashed
 *
 * Builds the ELF header, program headers and notes; the segments are read later, by
 * amp_rproc_dump_read(). Exported for the KUnit suite.
 * Context: may sleep; with the remote's lock held.
 * Return: the dump (free with amp_rproc_dump_free()), or ERR_PTR(-ENOMEM), ERR_PTR(-EFBIG)
 * if the segments add up to more than AMP_DUMP_MAX, ERR_PTR(-ERANGE) for a segment the
 * core cannot read (outside every mapped carveout).
 */
struct amp_rproc_dump *amp_rproc_dump_build(struct rproc *rproc, enum rproc_crash_type type)
{
	struct amp_rproc_crash_record rec = {};
	struct amp_rproc_core_crash crash = {};
	bool prstatus = false;
	size_t notes_len, off;
	struct amp_rproc_dump *d;
	struct elf64_hdr *eh;
	struct elf64_phdr *ph;
	unsigned int i;
	void *p;

	lockdep_assert_held(&rproc->lock);
	if (rproc->ops->crash_record)
		rproc->ops->crash_record(rproc, &rec);

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	d->rproc = rproc;
	init_completion(&d->done);
	d->nsegs = amp_dump_count(rproc);
	d->segs = kcalloc(d->nsegs, sizeof(*d->segs), GFP_KERNEL);
	if (!d->segs && d->nsegs)
		goto err_nomem;

	crash.version = cpu_to_le32(AMP_RPROC_CORE_CRASH_VERSION);
	crash.reason = cpu_to_le32(type);
	crash.crashes = cpu_to_le32(rproc->crash_cnt);
	strscpy(crash.reason_name, amp_rproc_crash_name(type), sizeof(crash.reason_name));
	strscpy(crash.firmware, rproc->firmware, sizeof(crash.firmware));
	if (rec.exception) {
		crash.flags = cpu_to_le32(AMP_RPROC_CORE_CRASH_EXCEPTION);
		crash.vector = cpu_to_le32(rec.vector);
		crash.syndrome = cpu_to_le64(rec.syndrome);
		crash.pc = cpu_to_le64(rec.pc);
		crash.fault_addr = cpu_to_le64(rec.fault_addr);
		prstatus = rproc->elf_machine == EM_AARCH64;
	}

	notes_len = AMP_NOTE_LEN(AMP_RPROC_NOTE_NAME, sizeof(crash));
	if (prstatus)
		notes_len += AMP_NOTE_LEN("CORE", AMP_PRSTATUS_LEN);
	d->hdr_len = sizeof(*eh) + (1 + d->nsegs) * sizeof(*ph) + notes_len;
	d->hdr = kzalloc(d->hdr_len, GFP_KERNEL);
	if (!d->hdr)
		goto err_nomem;

	eh = d->hdr;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = rproc->elf_machine;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1 + d->nsegs;

	ph = d->hdr + sizeof(*eh);
	ph->p_type = PT_NOTE;
	ph->p_offset = d->hdr_len - notes_len;
	ph->p_filesz = notes_len;
	ph->p_align = 4;

	p = d->hdr + ph->p_offset;
	if (prstatus) {
		u8 pr[AMP_PRSTATUS_LEN] = {};
		u16 sig = amp_dump_signal(rec.syndrome);

		memcpy(pr + AMP_PRSTATUS_CURSIG, &sig, sizeof(sig));
		put_unaligned_le64(rec.pc, pr + AMP_PRSTATUS_PC);
		p = amp_dump_note(p, "CORE", sizeof("CORE"), NT_PRSTATUS, pr, sizeof(pr));
	}
	amp_dump_note(p, AMP_RPROC_NOTE_NAME, sizeof(AMP_RPROC_NOTE_NAME), AMP_RPROC_NOTE_CRASH,
		      &crash, sizeof(crash));

	off = d->hdr_len;
	for (i = 0; i < d->nsegs; i++) {
		struct amp_dump_seg *s = &d->segs[i];

		ph++;
		if (!amp_dump_segment(rproc, i, s, ph)) {
			dev_err(&rproc->dev, "coredump: segment %u is in no mapped carveout\n", i);
			amp_rproc_dump_free(d);
			return ERR_PTR(-ERANGE);
		}
		ph->p_type = PT_LOAD;
		ph->p_flags = PF_R | PF_W | PF_X;
		ph->p_offset = off;
		ph->p_filesz = s->len;
		ph->p_memsz = s->len;
		ph->p_align = 1;
		s->offset = off;
		if (check_add_overflow(off, s->len, &off) || off > AMP_DUMP_MAX) {
			dev_err(&rproc->dev, "coredump: segments of more than %lu MiB, not dumped\n",
				AMP_DUMP_MAX >> 20);
			amp_rproc_dump_free(d);
			return ERR_PTR(-EFBIG);
		}
	}
	d->total = off;
	return d;

err_nomem:
	amp_rproc_dump_free(d);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_GPL(amp_rproc_dump_build);

/**
 * amp_rproc_dump_read() - read part of a dump
 * @d: the dump
 * @buf: where to
 * @offset: from where in the dump
 * @count: bytes wanted
 *
 * The regions are read live from the remote's memory. Exported for the KUnit suite.
 * Return: bytes copied: @count, less at the dump's end, 0 past it.
 */
size_t amp_rproc_dump_read(struct amp_rproc_dump *d, void *buf, size_t offset, size_t count)
{
	size_t done = 0, n;
	unsigned int i;

	if (offset >= d->total)
		return 0;
	count = min(count, d->total - offset);
	if (offset < d->hdr_len) {
		n = min(count, d->hdr_len - offset);
		memcpy(buf, d->hdr + offset, n);
		done = n;
	}
	for (i = 0; i < d->nsegs && done < count; i++) {
		const struct amp_dump_seg *s = &d->segs[i];
		size_t at = offset + done;

		if (at < s->offset || at >= s->offset + s->len)
			continue;
		n = min(count - done, s->offset + s->len - at);
		if (s->custom)
			s->custom->dump(d->rproc, s->custom, buf + done, at - s->offset, n);
		else if (s->is_iomem)
			memcpy_fromio(buf + done,
				      (const void __iomem *)s->va + (at - s->offset), n);
		else
			memcpy(buf + done, s->va + (at - s->offset), n);
		done += n;
	}
	return done;
}
EXPORT_SYMBOL_GPL(amp_rproc_dump_read);

static ssize_t amp_dump_devcd_read(char *buffer, loff_t offset, size_t count, void *data,
				   size_t datalen)
{
	if (offset < 0)
		return -EINVAL;
	return amp_rproc_dump_read(data, buffer, offset, count);
}

static void amp_dump_release(void *data)
{
	struct amp_rproc_dump *d = data;

	complete(&d->done);
}

/**
 * amp_rproc_coredump() - dump a crashed remote as its coredump setting says
 * @rproc: the remote, crashed (the crash being handled), its carveouts still mapped
 *
 * The core's coredump op (upstream's rproc_coredump()), unless the driver has its own.
 * Context: may sleep (an inline dump waits for userspace, 5 minutes at most, and drops the
 * remote's lock meanwhile); with the remote's lock held, from the crash work only.
 */
void amp_rproc_coredump(struct rproc *rproc)
{
	struct amp_rproc_dump *d;
	void *buf;

	lockdep_assert_held(&rproc->lock);
	if (rproc->dump_conf == RPROC_COREDUMP_DISABLED)
		return;
	if (!IS_ENABLED(CONFIG_DEV_COREDUMP)) {
		dev_warn_once(&rproc->dev, "coredump: the kernel has no CONFIG_DEV_COREDUMP\n");
		return;
	}
	d = amp_rproc_dump_build(rproc, rproc->amp->crash_type);
	if (IS_ERR(d)) {
		dev_err(&rproc->dev, "coredump failed: %ld\n", PTR_ERR(d));
		return;
	}
	if (rproc->dump_conf == RPROC_COREDUMP_INLINE) {
		/* devcoredump calls the release even when it drops the dump */
		dev_coredumpm(&rproc->dev, THIS_MODULE, d, d->total, GFP_KERNEL,
			      amp_dump_devcd_read, amp_dump_release);
		/*
		 * The lock goes while userspace reads, so that the state and the other
		 * attributes stay readable; @dumping makes a stop wait (boot and detach refuse
		 * a crashed remote anyway), so the carveouts stay mapped, and removal waits for
		 * this work first.
		 */
		rproc->amp->dumping = true;
		mutex_unlock(&rproc->lock);
		/* bounded by devcoredump's timeout; timed waits keep the hung-task check calm */
		while (!wait_for_completion_timeout(&d->done, 10 * HZ))
			;
		mutex_lock(&rproc->lock);
		rproc->amp->dumping = false;
		dev_info(&rproc->dev, "coredump of %zu bytes (inline) released\n", d->total);
		amp_rproc_dump_free(d);
		return;
	}
	buf = vmalloc(d->total);
	if (!buf) {
		/* the allocator has already said so */
		amp_rproc_dump_free(d);
		return;
	}
	amp_rproc_dump_read(d, buf, 0, d->total);
	/* devcoredump owns @buf from here, and vfree()s it */
	dev_coredumpv(&rproc->dev, buf, d->total, GFP_KERNEL);
	dev_info(&rproc->dev, "coredump of %zu bytes taken\n", d->total);
	amp_rproc_dump_free(d);
}

/**
 * rproc_coredump_add_segment() - add a segment to the coredump
 * @rproc: the remote
 * @da: its device address
 * @size: its size
 *
 * Without any, the coredump holds every mapped carveout; with some, only them.
 * Context: may sleep.
 * Return: 0 or -ENOMEM.
 */
int rproc_coredump_add_segment(struct rproc *rproc, dma_addr_t da, size_t size)
{
	return rproc_coredump_add_custom_segment(rproc, da, size, NULL, NULL);
}
EXPORT_SYMBOL(rproc_coredump_add_segment);

/**
 * rproc_coredump_add_custom_segment() - add a segment the driver copies itself
 * @rproc: the remote
 * @da: its device address
 * @size: its size
 * @dumpfn: copies @size bytes at @offset of the segment to @dest; NULL: the core copies
 * @priv: the driver's data, in the segment's priv
 *
 * Context: may sleep.
 * Return: 0 or -ENOMEM.
 */
int rproc_coredump_add_custom_segment(struct rproc *rproc, dma_addr_t da, size_t size,
				      void (*dumpfn)(struct rproc *rproc,
						     struct rproc_dump_segment *segment,
						     void *dest, size_t offset, size_t size),
				      void *priv)
{
	struct rproc_dump_segment *seg = kzalloc(sizeof(*seg), GFP_KERNEL);

	if (!seg)
		return -ENOMEM;
	seg->da = da;
	seg->size = size;
	seg->dump = dumpfn;
	seg->priv = priv;
	list_add_tail(&seg->node, &rproc->dump_segments);
	return 0;
}
EXPORT_SYMBOL(rproc_coredump_add_custom_segment);

/**
 * rproc_coredump_set_elf_info() - the ELF class and machine of the coredump
 * @rproc: the remote
 * @class: ELFCLASS32 or ELFCLASS64 (the required class of the firmware too)
 * @machine: e_machine
 *
 * Return: 0, or -EINVAL for another class.
 */
int rproc_coredump_set_elf_info(struct rproc *rproc, u8 class, u16 machine)
{
	if (class != ELFCLASS64 && class != ELFCLASS32)
		return -EINVAL;
	rproc->elf_class = class;
	rproc->elf_machine = machine;
	return 0;
}
EXPORT_SYMBOL(rproc_coredump_set_elf_info);

/**
 * rproc_coredump_using_sections() - dump the firmware's loaded memory
 * @rproc: the remote
 *
 * Upstream dumps the image's sections; this core dumps every mapped carveout, which holds
 * them: nothing to change.
 */
void rproc_coredump_using_sections(struct rproc *rproc)
{
}
EXPORT_SYMBOL(rproc_coredump_using_sections);

/**
 * amp_rproc_coredump_cleanup() - forget the coredump's segments (at the remote's cleanup)
 * @rproc: the remote
 */
void amp_rproc_coredump_cleanup(struct rproc *rproc)
{
	struct rproc_dump_segment *seg, *tmp;

	list_for_each_entry_safe(seg, tmp, &rproc->dump_segments, node) {
		list_del(&seg->node);
		kfree(seg);
	}
}
