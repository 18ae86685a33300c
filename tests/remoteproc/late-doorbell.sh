#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A firmware slower to initialise (1.5 s) than the host waits (1 s): the start fails, the
# host asks it to stop, and it does so once it serves, within the stop's wait. Its doorbell,
# rung when it finally reports running, comes after the boot was torn down: the driver
# holds no pointer into the unmapped control block any more (KASAN watches on the debug
# kernel). Then a good image boots as ever.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
echo variants/amp-fw-cpu1-slow-init.elf > "$R/firmware"
expect_err "Input/output error" sh -c "echo start > $R/state"
state_is "$R" offline
dmesg | grep -q "firmware did not come up" || fail "no message says it did not come up"
grep -q "Mapped: yes" "$D/carveout_memories" && fail "memory still mapped"
# its late doorbell (state running, then the stop it takes) lands on a torn-down boot
sleep 2
grep -q "slow init" "$D/trace0" || fail "no trace of the slow init: $(cat "$D/trace0")"
echo amp-fw-cpu1.elf > "$R/firmware"
start_remote
rpmsg-echo -D "$RAW" -N 20 -q || fail "no echo after the slow firmware"
echo stop > "$R/state"
unload_chardev
echo PASS
