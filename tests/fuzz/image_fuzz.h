/* SPDX-License-Identifier: GPL-2.0 */
/*
 * image-fuzz: what the harness (image_fuzz.c) and the mutator (image_mutator.c) share: the
 * fake platform, which is remote 1 of the QEMU reference platform (scripts/gen-dtb), and the
 * harness's knobs, which an input carries in bytes the loader ignores.
 */
#ifndef _IMAGE_FUZZ_H
#define _IMAGE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Remote 1's reserved-memory regions (device address = physical address, MMU off). */
#define FUZZ_FW_PA		0x5f000000ULL	/* "firmware": the image and its table */
#define FUZZ_FW_LEN		0x800000ULL
#define FUZZ_VRING0_PA		0x5f800000ULL	/* "vdev0vring0" */
#define FUZZ_VRING1_PA		0x5f808000ULL	/* "vdev0vring1" */
#define FUZZ_VRING_LEN		0x8000ULL
#define FUZZ_BUFFER_PA		0x5f900000ULL	/* "vdev0buffer" */
#define FUZZ_BUFFER_LEN		0x100000ULL
/* amp,devmem: the PL061 GPIO, which devmem entries may name */
#define FUZZ_DEVMEM_PA		0x09030000ULL
#define FUZZ_DEVMEM_LEN		0x1000ULL

/*
 * Where dma_alloc_coherent() allocates the carveouts a table leaves to the host: low RAM
 * (the default), just below the firmware region (allocations end where it starts), or the
 * top of the 32-bit space (allocations that would cross 4 GiB fail, as the 32-bit coherent
 * mask of a platform device says).
 */
#define FUZZ_DMA_POOL_LEN	0x4000000ULL
#define FUZZ_DMA_POOLS		{ 0x40000000ULL, FUZZ_FW_PA - FUZZ_DMA_POOL_LEN, \
				  0x100000000ULL - FUZZ_DMA_POOL_LEN }

/*
 * Knobs: the padding bytes of e_ident (EI_PAD..15), which amp_elf_check() never reads, set
 * the harness's environment for an input. All zero (any real image): nothing fails, the
 * first pool, one boot, every carveout normal memory, ELF32 and ELF64 taken.
 */
#define FUZZ_KNOB_FAIL_NTH	9	/* the n-th allocation of the boot fails; 0: none */
#define FUZZ_KNOB_DMA_POOL	10	/* index into FUZZ_DMA_POOLS, modulo its size */
#define FUZZ_KNOB_FLAGS		11
#define FUZZ_KNOB_REBOOT	0x01	/* boot, shut down and boot again, as recovery does */
#define FUZZ_KNOB_IOMEM		0x02	/* "firmware" mapped as I/O memory (ioremap_wc()) */
#define FUZZ_KNOB_ELF64		0x04	/* the remote takes ELF64 only (elf_class) */
#define FUZZ_KNOB_ALL		0x07

/* libFuzzer's entry points, and the mutator it offers custom mutators. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
				 size_t size2, uint8_t *out, size_t max_out_size,
				 unsigned int seed);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#endif /* _IMAGE_FUZZ_H */
