/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boot-model: the core's boot path (amp_rproc_boot_fw()) on remote 1 of the QEMU reference
 * platform, in userspace, on the kernel's own loader files (boot_model.c says which). Used by
 * the loader's fuzzer (tests/fuzz) and by `ampctl inspect`: both get the verdict the kernel
 * would give an image, with its messages.
 */
#ifndef _AMP_BOOT_MODEL_H
#define _AMP_BOOT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Remote 1's reserved-memory regions (device address = physical address, MMU off). */
#define BOOT_FW_PA		0x5f000000ULL	/* "firmware": the image and its table */
#define BOOT_FW_LEN		0x800000ULL
#define BOOT_VRING0_PA		0x5f800000ULL	/* "vdev0vring0" */
#define BOOT_VRING1_PA		0x5f808000ULL	/* "vdev0vring1" */
#define BOOT_VRING_LEN		0x8000ULL
#define BOOT_BUFFER_PA		0x5f900000ULL	/* "vdev0buffer" */
#define BOOT_BUFFER_LEN	0x400000ULL
/* amp,devmem: the PL061 GPIO, which devmem entries may name */
#define BOOT_DEVMEM_PA		0x09030000ULL
#define BOOT_DEVMEM_LEN	0x1000ULL

/*
 * Where dma_alloc_coherent() allocates the carveouts a table leaves to the host: low RAM
 * (the default), just below the firmware region (allocations end where it starts), or the
 * top of the 32-bit space (allocations that would cross 4 GiB fail, as the 32-bit coherent
 * mask of a platform device says).
 */
#define BOOT_DMA_POOL_LEN	0x4000000ULL
#define BOOT_DMA_POOLS		{ 0x40000000ULL, BOOT_FW_PA - BOOT_DMA_POOL_LEN, \
				  0x100000000ULL - BOOT_DMA_POOL_LEN }

/*
 * Knobs: the fuzzer keeps them in the padding bytes of e_ident (EI_PAD..15), which
 * amp_elf_check() never reads (boot_knobs_of_image()). All zero (any real image): nothing
 * fails, the first pool, one boot, every carveout normal memory, ELF32 and ELF64 taken.
 */
#define BOOT_KNOB_FAIL_NTH	9	/* the n-th allocation of the boot fails; 0: none */
#define BOOT_KNOB_DMA_POOL	10	/* index into BOOT_DMA_POOLS, modulo its size */
#define BOOT_KNOB_FLAGS	11
#define BOOT_KNOB_REBOOT	0x01	/* boot, shut down and boot again, as recovery does */
#define BOOT_KNOB_IOMEM	0x02	/* "firmware" mapped as I/O memory (ioremap_wc()) */
#define BOOT_KNOB_ELF64	0x04	/* the remote takes ELF64 only (elf_class) */
#define BOOT_KNOB_ALL		0x07

/**
 * struct boot_knobs - the environment of one boot_image()
 * @fail_nth: the n-th allocation of the boot fails (0: none)
 * @dma_pool: index into BOOT_DMA_POOLS (taken modulo its size)
 * @flags: BOOT_KNOB_REBOOT, BOOT_KNOB_IOMEM, BOOT_KNOB_ELF64
 * @firmware: the name the image is requested by, as the remote's firmware attribute holds
 *	it (in the kernel's messages); NULL: "amp-fw-cpu1.elf"
 */
struct boot_knobs {
	unsigned int fail_nth;
	unsigned int dma_pool;
	unsigned int flags;
	const char *firmware;
};

/*
 * boot_oracle: check that accepted entries do not overlap (the harness's own check, on by
 * default); boot_summary(): how many boots each stage accepted or refused, on stderr.
 */
extern bool boot_oracle;

void boot_init(void);
void boot_knobs_of_image(const uint8_t *data, size_t size, struct boot_knobs *knobs);
int boot_image(const uint8_t *data, size_t size, const struct boot_knobs *knobs);
void boot_summary(void);

#endif /* _AMP_BOOT_MODEL_H */
