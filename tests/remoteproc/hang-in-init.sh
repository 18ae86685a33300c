#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A firmware that hangs in its initialisation with interrupts masked (a bring-up-grade bug):
# it never reports running, and nothing can stop its core on this platform. The start fails
# with ETIMEDOUT and leaves the remote "crashed" with its memory kept, never "offline": no
# other image is ever loaded into the memory of the core that still runs. Unloading the
# platform driver leaves the core alone too, and a new probe finds it on and refuses to load
# anything into it, with one clear message each time.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules watchdog_ms=0
echo variants/amp-fw-cpu1-hang-init.elf > "$R/firmware"
expect_err "Connection timed out" sh -c "echo start > $R/state"
state_is "$R" crashed
dmesg | grep -q "firmware did not come up" || fail "no message says it did not come up"
dmesg | grep -q "still on after" || fail "no message names the core that does not stop"
dmesg | grep -q "may still run: it keeps its memory" || fail "no message says the memory is kept"
grep -q "Mapped: yes" "$D/carveout_memories" || fail "its memory was unmapped"
grep -q "hanging in init" "$D/trace0" || fail "no trace of the hang: $(cat "$D/trace0")"
# no new image into it: neither a start nor a firmware change while it may run
expect_err "Device or resource busy" sh -c "echo start > $R/state"
expect_err "Device or resource busy" sh -c "echo amp-fw-cpu1.elf > $R/firmware"
expect_err "Connection timed out" sh -c "echo stop > $R/state"
state_is "$R" crashed
# unbinding the driver leaves the core and its memory alone...
dmesg -c >/dev/null
rmmod amp_qemu_virt_rproc
dmesg | grep -q "deleted while its core may still run" || fail "no message on delete"
# ... and a new probe finds the core on: nothing is loaded into its memory
load_modules watchdog_ms=0
dmesg | grep -q "firmware of unknown origin" || fail "the probe did not notice the running core"
echo amp-fw-cpu1.elf > "$R/firmware"
expect_err "Device or resource busy" sh -c "echo start > $R/state"
dmesg | grep -q "not loading firmware into the memory it may run in" ||
	fail "no message says why the start is refused"
state_is "$R" offline
unload_modules
echo PASS
