// SPDX-License-Identifier: GPL-2.0
/*
 * image-fuzz: a coverage-guided fuzzer (libFuzzer) of the firmware loader. Each input is a
 * firmware image, booted on the boot model (tools/inspect/boot_model.c: the kernel's loader
 * files on remote 1 of the QEMU reference platform, every documented invariant checked);
 * the input's e_ident padding sets the model's knobs (boot_model.h), which the mutator
 * (image_mutator.c) turns.
 *
 * Environment: AMP_FUZZ_VERBOSE=1 prints the kernel's messages (for one input);
 * AMP_FUZZ_SUMMARY=1 prints how many inputs each stage accepted or refused, at exit;
 * AMP_FUZZ_ORACLE=0 leaves out the harness's own check that accepted entries do not overlap,
 * so that only what the apply step does with an overlap is seen.
 */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <kshim.h>

#include "image_fuzz.h"

static bool fuzz_env(const char *name, bool dflt)
{
	const char *v = getenv(name);

	return v && *v ? strcmp(v, "0") != 0 : dflt;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kshim_quiet = !fuzz_env("AMP_FUZZ_VERBOSE", false);
	boot_oracle = fuzz_env("AMP_FUZZ_ORACLE", true);
	if (fuzz_env("AMP_FUZZ_SUMMARY", false))
		atexit(boot_summary);
	boot_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct boot_knobs knobs;

	boot_knobs_of_image(data, size, &knobs);
	boot_image(data, size, &knobs);
	return 0;
}
