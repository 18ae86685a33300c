#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Coredumps through devcoredump, in each mode of the coredump attribute: "disabled" (the
# default) dumps nothing; "enabled" dumps the carveouts and the crash note, and recovery
# goes on; "inline" holds recovery (state crashed) until userspace has read the dump. Each
# dump is checked against the firmware (core-check); a watchdog and a hard hang dump too.
# One core goes to the console (gzip, base64) for the host side, which reads it with the
# standard tools: aarch64 readelf and gdb (tests/remoteproc/coredump-tools).
# check: debug release
# host-check: tests/remoteproc/coredump-tools
. /amp/tests/rpmsg/lib.sh
set -e
load_modules watchdog_ms=300
start() { echo start > "$R/state"; state_is "$R" running; }
start
[ "$(cat "$R/coredump")" = disabled ] || fail "coredump default: $(cat "$R/coredump")"
expect_err "Invalid argument" sh -c "echo sometimes > $R/coredump"

# disabled
dmesg -c >/dev/null
echo fault > "$D/crash"
wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
! has_core || fail "a coredump while disabled"

# enabled: recovery goes on; the dump waits in devcoredump
echo enabled > "$R/coredump"
dmesg -c >/dev/null
echo fault > "$D/crash"
wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
has_at_least 1 "coredump of [0-9]* bytes taken" || fail "no coredump message"
take_core "fatal error" /tmp/core.fault
cat /tmp/core-check.out

# inline: recovery waits for the reader
echo inline > "$R/coredump"
dmesg -c >/dev/null
echo fault > "$D/crash"
wait_for 10 has_core
sleep 0.3
state_is "$R" crashed
take_core "fatal error"
wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
has_at_least 1 "coredump of [0-9]* bytes (inline) released" || fail "no inline message"
state_is "$R" running

# a hang caught by the watchdog dumps too (no exception: no registers)
echo enabled > "$R/coredump"
dmesg -c >/dev/null
echo soft-hang > "$D/crash"
wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
take_core watchdog
cat /tmp/core-check.out
echo stop > "$R/state"

# for the host: the fault's core, and the firmware it was taken of
echo "AMP-CORE-BEGIN"
gzip -c /tmp/core.fault | base64
echo "AMP-CORE-END"
unload_modules
echo PASS
