# SPDX-License-Identifier: GPL-2.0
#
# AMP driver set: out-of-tree build and the project's entry points.
#
#   make [modules]        build the product modules (drivers/) against KDIR
#   make modules_install  build and install them (INSTALL_MOD_PATH=... as usual)
#   make tests            build the test modules too (KUnit suites where KDIR has
#                         CONFIG_KUNIT, the harness's), never installed
#   make demo             boot the QEMU virt AMP platform and show the remote at work
#   make check            static checks, KUnit, end-to-end tests; ends "N passed, N failed"
#   make bench [FW=F.elf] benchmarks against the upstream stack (FW: another firmware)
#   make fuzz             fuzz the firmware loader in userspace for FUZZ_SECONDS (default 600)
#                         on one core (scripts/fuzz; --replay is make check's part)
#   make soak             long runs on the debug kernel: chaos over many seeds (scripts/soak)
#   make clean
#
# KDIR defaults to the project's own QEMU guest kernel (release flavor), built on demand
# from Debian's linux-source-6.1 into a cache outside the clone (scripts/build-kernel).

KDIR ?= $(shell $(CURDIR)/scripts/build-kernel release)
export ARCH := arm64
export CROSS_COMPILE ?= aarch64-linux-gnu-

all: modules

modules:
	$(MAKE) -C "$(KDIR)" M=$(CURDIR) modules

# rebuilt first, so that modules.order names the product only, even after make tests
modules_install: modules
	$(MAKE) -C "$(KDIR)" M=$(CURDIR) modules_install

tests:
	$(MAKE) -C "$(KDIR)" M=$(CURDIR) AMP_TESTS=1 modules

demo:
	@$(CURDIR)/scripts/demo

check:
	@$(CURDIR)/scripts/check

bench:
	@FW="$(FW)" $(CURDIR)/scripts/bench

fuzz:
	@FUZZ_SECONDS="$(FUZZ_SECONDS)" $(CURDIR)/scripts/fuzz

soak:
	@$(CURDIR)/scripts/soak

clean:
	@kdir=$$($(CURDIR)/scripts/build-kernel --path release); \
	if [ -f "$$kdir/Makefile" ]; then $(MAKE) -C "$$kdir" M=$(CURDIR) clean; fi
	rm -rf $(CURDIR)/out
	$(MAKE) -C firmware clean

.PHONY: all modules modules_install tests demo check bench fuzz soak clean
