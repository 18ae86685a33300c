// SPDX-License-Identifier: GPL-2.0
/*
 * ampctl inspect FILE: what is in a firmware image, and what the kernel would make of it.
 *
 * The ELF headers and the resource table are read through the kernel's own checkers
 * (amp_elf_check(), amp_elf_find_section(), amp_rsc_table_check(), amp_rsc_table_entry(),
 * compiled for userspace on tools/kshim), so nothing is decoded that the kernel would
 * refuse. The verdict is the boot model's (boot_model.c): the kernel's loader files booting
 * the image on remote 1 of the QEMU reference platform, printing the messages the kernel
 * would log, ending in the errno that writing "start" would return.
 */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kshim.h>
#include <linux/amp/fw_ctl.h>
#include <linux/amp/rproc_elf.h>
#include <linux/amp/rsc_table.h>
#include <linux/device.h>

#include "boot_model.h"
#include "inspect.h"

/* The largest image read: far above any remote's memory (the reference's is 8 MiB). */
#define INSPECT_MAX_SIZE	(256UL << 20)

/* Where the kernel looks for firmware files; names in its messages are relative to it. */
#define INSPECT_FW_DIR		"/lib/firmware/"

/* The device the decoding calls report on; they run quiet, the verdict's messages do not. */
static struct device inspect_dev = { .init_name = "inspect" };

/* The boot model's messages are printed (the verdict's); the decoding's are not. */
static bool inspect_logging;
static unsigned int inspect_logged;

static void inspect_msg(int level, const char *msg)
{
	static const char * const levels[] = {
		"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"
	};

	if (!inspect_logging)
		return;
	printf("  %-6s %s", levels[level & 7], msg);
	inspect_logged++;
}

/* The file, whole; NULL (and a message) if it cannot be read or is too big. */
static void *inspect_read(const char *path, size_t *size)
{
	struct stat st;
	size_t done = 0;
	void *data;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "ampctl: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > INSPECT_MAX_SIZE) {
		fprintf(stderr, "ampctl: %s: not a regular file of at most %lu MiB\n", path,
			INSPECT_MAX_SIZE >> 20);
		close(fd);
		return NULL;
	}
	data = malloc(st.st_size ?: 1);
	if (!data) {
		fprintf(stderr, "ampctl: %s: out of memory\n", path);
		close(fd);
		return NULL;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, (char *)data + done, st.st_size - done);

		if (n <= 0) {
			fprintf(stderr, "ampctl: %s: %s\n", path, n ? strerror(errno) :
				"shorter than its size");
			free(data);
			close(fd);
			return NULL;
		}
		done += n;
	}
	close(fd);
	*size = done;
	return data;
}

static const char *inspect_ptype(u32 type)
{
	switch (type) {
	case PT_NULL: return "NULL";
	case PT_LOAD: return "LOAD";
	case PT_DYNAMIC: return "DYNAMIC";
	case PT_INTERP: return "INTERP";
	case PT_NOTE: return "NOTE";
	case PT_PHDR: return "PHDR";
	case PT_TLS: return "TLS";
	case PT_GNU_STACK: return "GNU_STACK";
	case PT_GNU_RELRO: return "GNU_RELRO";
	default: return "other";
	}
}

/* The program headers of an image amp_elf_check() accepted (all inside the file). */
static void inspect_segments(const struct amp_elf_image *img)
{
	unsigned int i;

	printf("segments: %u program headers\n", img->phnum);
	printf("  %-3s %-9s %-10s %-10s %-10s %-10s %-10s %s\n", "#", "type", "offset", "paddr",
	       "vaddr", "filesz", "memsz", "flags");
	for (i = 0; i < img->phnum; i++) {
		const u8 *p = img->data + img->phoff + (u64)i * img->phentsize;
		u64 offset, paddr, vaddr, filesz, memsz;
		u32 type, flags;

		if (img->is64) {
			Elf64_Phdr ph;

			memcpy(&ph, p, sizeof(ph));
			type = ph.p_type;
			flags = ph.p_flags;
			offset = ph.p_offset;
			paddr = ph.p_paddr;
			vaddr = ph.p_vaddr;
			filesz = ph.p_filesz;
			memsz = ph.p_memsz;
		} else {
			Elf32_Phdr ph;

			memcpy(&ph, p, sizeof(ph));
			type = ph.p_type;
			flags = ph.p_flags;
			offset = ph.p_offset;
			paddr = ph.p_paddr;
			vaddr = ph.p_vaddr;
			filesz = ph.p_filesz;
			memsz = ph.p_memsz;
		}
		printf("  %-3u %-9s 0x%08llx 0x%08llx 0x%08llx 0x%08llx 0x%08llx %c%c%c\n", i,
		       inspect_ptype(type), offset, paddr, vaddr, filesz, memsz,
		       flags & PF_R ? 'R' : '-', flags & PF_W ? 'W' : '-',
		       flags & PF_X ? 'X' : '-');
	}
}

/* A name field of a checked entry: amp_rsc_table_check() proved it NUL-terminated. */
static void inspect_carveout(const char *kind, const struct fw_rsc_carveout *c)
{
	printf("%-9s \"%s\" da %#x pa %#x len %#x flags %#x%s\n", kind, c->name, c->da, c->pa,
	       c->len, c->flags, c->da == AMP_RSC_ADDR_ANY || c->pa == AMP_RSC_ADDR_ANY ?
	       " (the host allocates it)" : "");
}

static void inspect_vdev(const struct fw_rsc_vdev *v)
{
	unsigned int i;

	printf("vdev      id %u%s notifyid %u dfeatures %#x gfeatures %#x config_len %u",
	       v->id, v->id == 7 ? " (rpmsg)" : "", v->notifyid, v->dfeatures, v->gfeatures,
	       v->config_len);
	printf(" status %#x, %u vrings\n", v->status, v->num_of_vrings);
	for (i = 0; i < v->num_of_vrings; i++) {
		const struct fw_rsc_vdev_vring *r = &v->vring[i];

		printf("          vring %u: da %#x align %#x num %u notifyid %u pa %#x\n", i, r->da,
		       r->align, r->num, r->notifyid, r->pa);
	}
}

/* The platform's control block: its fixed words, as far as the entry has room for them. */
static void inspect_ctl(const struct amp_rsc_entry *ent)
{
	struct amp_fw_ctl ctl;

	printf("vendor    %u: the platform's control block", ent->type);
	if (ent->len < offsetof(struct amp_fw_ctl, doorbell_lo)) {
		printf(", %zu bytes left in the table\n", ent->len);
		return;
	}
	memset(&ctl, 0, sizeof(ctl));
	memcpy(&ctl, ent->data, min_t(size_t, ent->len, sizeof(ctl)));
	printf(": len %u magic %#x%s version %u\n", ctl.len, ctl.magic,
	       ctl.magic == AMP_FW_CTL_MAGIC ? " (AMPK)" : "", ctl.version);
}

/* The resource table, if the image has one; quiet on what the verdict will report. */
static void inspect_table(const struct amp_elf_image *img)
{
	const struct resource_table *t;
	u64 addr, offset, size;
	u32 i;

	if (amp_elf_find_section(&inspect_dev, img, ".resource_table", &addr, &offset, &size)) {
		printf("resource table: none (no readable .resource_table section)\n");
		return;
	}
	printf("resource table: section .resource_table, file offset %#llx, %#llx bytes,",
	       offset, size);
	printf(" address %#llx\n", addr);
	if (amp_rsc_table_check(&inspect_dev, img->data + offset, size)) {
		printf("  not decoded: the kernel refuses it (below)\n");
		return;
	}
	t = (const void *)(img->data + offset);
	printf("  version %u, %u entries\n", t->ver, t->num);
	for (i = 0; i < t->num; i++) {
		struct amp_rsc_entry ent;

		if (amp_rsc_table_entry(t, size, i, &ent))
			break;
		printf("  [%u] @%#-5zx ", i, ent.offset - sizeof(struct fw_rsc_hdr));
		switch (ent.type) {
		case RSC_CARVEOUT:
			inspect_carveout("carveout", ent.data);
			break;
		case RSC_DEVMEM:
			inspect_carveout("devmem", ent.data);
			break;
		case RSC_TRACE: {
			const struct fw_rsc_trace *tr = ent.data;

			printf("trace     \"%s\" da %#x len %#x\n", tr->name, tr->da, tr->len);
			break;
		}
		case RSC_VDEV:
			inspect_vdev(ent.data);
			break;
		case AMP_RSC_FW_CTL:
			inspect_ctl(&ent);
			break;
		default:
			printf("vendor    %u: for the platform driver (handle_rsc),", ent.type);
			printf(" %zu bytes to the table's end\n", ent.len);
		}
	}
}

static void inspect_usage(FILE *f)
{
	fprintf(f,
		"usage: ampctl inspect FILE.elf\n"
		"  the image's ELF header, its segments and its resource table, entry by entry, read\n"
		"  through the kernel's own checkers; then the verdict: the image booted by the\n"
		"  kernel's loader files on remote 1 of the QEMU reference platform, with the\n"
		"  messages the kernel would log and the errno that \"start\" would return.\n"
		"  Exit status: 0 it would boot, 1 the kernel would refuse it (or it cannot be\n"
		"  read), 2 usage error.\n");
}

/**
 * ampctl_inspect() - the "inspect" command of ampctl
 * @argc: its arguments' count, the command's name included
 * @argv: "inspect", FILE
 *
 * Return: the exit status: 0 the image would boot, 1 refused or unreadable, 2 usage.
 */
int ampctl_inspect(int argc, char **argv)
{
	struct boot_knobs knobs = { };
	struct amp_elf_image img;
	const char *name;
	size_t size;
	void *data;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		inspect_usage(stdout);
		return 0;
	}
	if (argc != 2) {
		inspect_usage(stderr);
		return 2;
	}
	data = inspect_read(argv[1], &size);
	if (!data)
		return 1;
	/* the name the remote's firmware attribute would hold: relative to /lib/firmware */
	if (!strncmp(argv[1], INSPECT_FW_DIR, strlen(INSPECT_FW_DIR)))
		name = argv[1] + strlen(INSPECT_FW_DIR);
	else
		name = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
	kshim_quiet = true;
	kshim_msg_hook = inspect_msg;
	printf("file: %s, %zu bytes\n", argv[1], size);
	if (!amp_elf_check(&inspect_dev, data, size, EM_AARCH64, &img)) {
		printf("elf: ELF%d little-endian, machine %u, entry %#llx\n", img.is64 ? 64 : 32,
		       img.machine, img.entry);
		inspect_segments(&img);
		inspect_table(&img);
	} else {
		printf("elf: not decoded: the kernel refuses it (below)\n");
	}

	printf("kernel log (the image started on the QEMU reference platform's remote 1):\n");
	fflush(stdout);
	boot_init();
	knobs.firmware = name;
	inspect_logging = true;
	ret = boot_image(data, size, &knobs);
	inspect_logging = false;
	if (!inspect_logged)
		printf("  (nothing)\n");
	free(data);
	if (!ret) {
		printf("verdict: boots\n");
		return 0;
	}
	printf("verdict: refused, start fails with %s (%s)\n", strerrorname_np(-ret) ?: "?",
	       strerror(-ret));
	return 1;
}
