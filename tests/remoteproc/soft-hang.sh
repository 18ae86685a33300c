#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A soft hang (the firmware's main loop stuck, its stop path alive) still stops cleanly, and
# the remote boots again afterwards.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
# the watchdog would act on the hang first: this test acts on it itself
load_modules watchdog_ms=0
echo start > "$R/state"
echo soft-hang > "$D/crash"
wait_for 5 in_trace "soft hang requested"
echo stop > "$R/state"
state_is "$R" offline
grep -q "stop requested while hung" "$D/trace0" || fail "trace after stop: $(cat "$D/trace0")"
echo start > "$R/state"
state_is "$R" running
echo stop > "$R/state"
expect_err "Invalid argument" sh -c "echo fault > $D/crash"
unload_modules
echo PASS
