/* SPDX-License-Identifier: GPL-2.0 */
/*
 * image-fuzz: what the harness (image_fuzz.c) and the mutator (image_mutator.c) share: the
 * boot model (tools/inspect/boot_model.h), which is remote 1 of the QEMU reference platform
 * (scripts/gen-dtb), with its knobs, which an input carries in bytes the loader ignores.
 */
#ifndef _IMAGE_FUZZ_H
#define _IMAGE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "boot_model.h"

/* libFuzzer's entry points, and the mutator it offers custom mutators. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
				 size_t size2, uint8_t *out, size_t max_out_size,
				 unsigned int seed);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#endif /* _IMAGE_FUZZ_H */
