// SPDX-License-Identifier: GPL-2.0
/*
 * core-check CORE FIRMWARE REASON: check a remoteproc coredump (Documentation/recovery.rst)
 * against the firmware it was taken of.
 *
 *   - an ELF64 little-endian ET_CORE for EM_AARCH64, every header and segment inside the file;
 *   - its PT_NOTE holds the "AMP" crash note (version AMP_RPROC_CORE_CRASH_VERSION) whose
 *     reason is REASON (as the log names it: its number is the kernel's rproc_crash_type)
 *     and whose firmware is FIRMWARE's file name; for a "fatal error" (the firmware took an
 *     exception), a "CORE" NT_PRSTATUS whose pc is the note's pc and lies in the firmware's
 *     code;
 *   - every code section of FIRMWARE is in a PT_LOAD of the core, at its device address,
 *     byte for byte (code does not change at run time).
 *
 * Prints "core-check: PASS (...)" and exits 0, or names the first problem and exits 1.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../include/uapi/linux/amp/coredump.h"

#define NOTE_CRASH_LEN	((int)sizeof(struct amp_rproc_core_crash))
#define CRASH_AT(f)	(crash + offsetof(struct amp_rproc_core_crash, f))

/* the layout is ABI: a change of size is a break, not an update */
_Static_assert(sizeof(struct amp_rproc_core_crash) == 144, "crash note layout");
#define PRSTATUS_LEN	392
#define PRSTATUS_PC	(112 + 32 * 8)

static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("core-check: FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		fail("%s: %s", path, strerror(errno));
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		fail("%s: no memory for %lld bytes", path, (long long)st.st_size);
	while (done < (size_t)st.st_size) {
		n = read(fd, buf + done, st.st_size - done);
		if (n <= 0)
			fail("%s: read: %s", path, n ? strerror(errno) : "short file");
		done += n;
	}
	close(fd);
	*len = done;
	return buf;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The phdrs of an ELF64 file, checked to lie inside it. */
static const Elf64_Phdr *phdrs(const uint8_t *f, size_t len, const char *what)
{
	const Elf64_Ehdr *eh = (const void *)f;
	const Elf64_Phdr *ph;
	int i;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		fail("%s: not an ELF64 little-endian file", what);
	if (eh->e_machine != EM_AARCH64)
		fail("%s: machine %u, not EM_AARCH64", what, eh->e_machine);
	if (eh->e_phentsize != sizeof(*ph) || eh->e_phoff > len ||
	    (uint64_t)eh->e_phnum * sizeof(*ph) > len - eh->e_phoff)
		fail("%s: program headers outside the file", what);
	ph = (const void *)(f + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_offset > len || ph[i].p_filesz > len - ph[i].p_offset)
			fail("%s: segment %d outside the file", what, i);
	return ph;
}

/* the kernel's enum rproc_crash_type, as the log names each */
static const char * const reasons[] = { "mmufault", "watchdog", "fatal error",
					"protocol violation" };

int main(int argc, char **argv)
{
	const uint8_t *crash = NULL, *prstatus = NULL;
	const Elf64_Phdr *cph;
	const Elf64_Shdr *fsh;
	const Elf64_Ehdr *ceh, *feh;
	size_t clen, flen, off;
	unsigned int loads = 0, checked = 0;
	const char *fwname;
	uint8_t *core, *fw;
	uint64_t pc = 0;
	int i, j;

	if (argc != 4) {
		fprintf(stderr, "usage: core-check CORE FIRMWARE REASON\n");
		return 2;
	}
	core = slurp(argv[1], &clen);
	fw = slurp(argv[2], &flen);
	fwname = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
	cph = phdrs(core, clen, "core");
	phdrs(fw, flen, "firmware");
	ceh = (const void *)core;
	feh = (const void *)fw;
	if (ceh->e_type != ET_CORE)
		fail("core: type %u, not ET_CORE", ceh->e_type);

	for (i = 0; i < ceh->e_phnum; i++) {
		const uint8_t *p = core + cph[i].p_offset, *end = p + cph[i].p_filesz;

		if (cph[i].p_type == PT_LOAD) {
			loads++;
			continue;
		}
		if (cph[i].p_type != PT_NOTE)
			continue;
		while (end - p >= 12) {
			uint32_t nsz = le32(p), dsz = le32(p + 4), type = le32(p + 8);
			const uint8_t *name = p + 12, *desc;

			if (nsz > (size_t)(end - name) || ((nsz + 3) & ~3u) > (size_t)(end - name))
				fail("note name outside the segment");
			desc = name + ((nsz + 3) & ~3u);
			if (dsz > (size_t)(end - desc))
				fail("note descriptor outside the segment");
			if (nsz == sizeof(AMP_RPROC_NOTE_NAME) &&
			    !memcmp(name, AMP_RPROC_NOTE_NAME, nsz) && type == AMP_RPROC_NOTE_CRASH) {
				if (dsz != NOTE_CRASH_LEN)
					fail("crash note of %u bytes, not %d", dsz, NOTE_CRASH_LEN);
				crash = desc;
			}
			if (nsz == 5 && !memcmp(name, "CORE", 5) && type == NT_PRSTATUS) {
				if (dsz != PRSTATUS_LEN)
					fail("NT_PRSTATUS of %u bytes, not %d", dsz, PRSTATUS_LEN);
				prstatus = desc;
			}
			p = desc + (((uint64_t)dsz + 3) & ~3ull);
		}
	}
	if (!crash)
		fail("no AMP crash note");
	if (le32(CRASH_AT(version)) != AMP_RPROC_CORE_CRASH_VERSION)
		fail("crash note version %u", le32(CRASH_AT(version)));
	if (strncmp((const char *)CRASH_AT(reason_name), argv[3], 32))
		fail("crash reason '%.32s', wanted '%s'", CRASH_AT(reason_name), argv[3]);
	for (j = 0; j < (int)(sizeof(reasons) / sizeof(reasons[0])); j++)
		if (!strcmp(reasons[j], argv[3]) && le32(CRASH_AT(reason)) != (uint32_t)j)
			fail("crash reason %u, wanted %d (%s)", le32(CRASH_AT(reason)), j, argv[3]);
	if (strncmp((const char *)CRASH_AT(firmware), fwname, 64))
		fail("crash note firmware '%.64s', wanted '%s'", CRASH_AT(firmware), fwname);
	if (!strcmp(argv[3], "fatal error")) {
		if (!(le32(CRASH_AT(flags)) & AMP_RPROC_CORE_CRASH_EXCEPTION))
			fail("exception without its exception fields");
		pc = le64(CRASH_AT(pc));
		if (!prstatus)
			fail("exception without NT_PRSTATUS");
		if (le64(prstatus + PRSTATUS_PC) != pc)
			fail("NT_PRSTATUS pc 0x%llx, crash note pc 0x%llx",
			     (unsigned long long)le64(prstatus + PRSTATUS_PC),
			     (unsigned long long)pc);
	}
	if (!loads)
		fail("no PT_LOAD");

	/* the firmware's code sections, where they were loaded, byte for byte */
	if (feh->e_shentsize != sizeof(Elf64_Shdr) || feh->e_shoff > flen ||
	    (uint64_t)feh->e_shnum * sizeof(Elf64_Shdr) > flen - feh->e_shoff)
		fail("firmware: section headers outside the file");
	fsh = (const void *)(fw + feh->e_shoff);
	for (j = 0; j < feh->e_shnum; j++) {
		const Elf64_Shdr *f = &fsh[j];
		int found = 0;

		if (f->sh_type != SHT_PROGBITS || !(f->sh_flags & SHF_EXECINSTR) || !f->sh_size)
			continue;
		if (f->sh_offset > flen || f->sh_size > flen - f->sh_offset)
			fail("firmware: section %d outside the file", j);
		if (pc && pc >= f->sh_addr && pc < f->sh_addr + f->sh_size)
			pc = 0;	/* the pc is in this code */
		for (i = 0; i < ceh->e_phnum && !found; i++) {
			const Elf64_Phdr *c = &cph[i];

			if (c->p_type != PT_LOAD || f->sh_addr < c->p_vaddr ||
			    f->sh_addr + f->sh_size > c->p_vaddr + c->p_filesz)
				continue;
			off = c->p_offset + (f->sh_addr - c->p_vaddr);
			if (memcmp(core + off, fw + f->sh_offset, f->sh_size))
				fail("code at 0x%llx differs from the firmware's",
				     (unsigned long long)f->sh_addr);
			found = 1;
		}
		if (!found)
			fail("code at 0x%llx not in the core", (unsigned long long)f->sh_addr);
		checked++;
	}
	if (!checked)
		fail("the firmware has no code section");
	if (pc)
		fail("pc 0x%llx outside the firmware's code", (unsigned long long)pc);
	printf("core-check: PASS (%zu bytes, %u regions, reason %s, %u code sections match%s)\n",
	       clen, loads, argv[3], checked, prstatus ? ", pc in NT_PRSTATUS" : "");
	return 0;
}
