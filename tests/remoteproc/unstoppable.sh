#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A remote that cannot be stopped (hard hang: interrupts masked, and PSCI cannot force a
# core off on this platform): stop fails with ETIMEDOUT after a bounded wait, the state is
# "crashed" with a clear message, the other remote and the rest of the system keep working,
# and unloading the modules still succeeds and leaks nothing.
# vm-run: --smp 3
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
# the watchdog would act on the hang first: this test acts on it itself
load_modules watchdog_ms=0
R2=$(rproc_of remoteproc-cpu2) || fail "no remoteproc for remoteproc-cpu2"
echo start > "$R/state"
echo start > "$R2/state"
echo hard-hang > "$D/crash"
wait_for 5 in_trace "hard hang requested"
t0=$(cut -d' ' -f1 /proc/uptime)
expect_err "Connection timed out" sh -c "echo stop > $R/state"
t1=$(cut -d' ' -f1 /proc/uptime)
state_is "$R" crashed
awk "BEGIN { exit !($t1 - $t0 < 5) }" || fail "stop took $t0 -> $t1 s"
dmesg | grep -q "still on after" || fail "no message names the stuck core"
# the other remote is not affected
echo stop > "$R2/state"
state_is "$R2" offline
echo start > "$R2/state"
state_is "$R2" running
echo stop > "$R2/state"
# a crashed remote does not start until it is stopped
expect_err "Device or resource busy" sh -c "echo start > $R/state"
expect_err "Invalid argument" sh -c "echo bogus > $D/crash"
unload_modules
echo PASS
