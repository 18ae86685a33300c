#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The watchdog (the firmware's heartbeat, checked every second): a soft hang (main loop stuck,
# stop path alive) is detected and recovered; a hard hang (interrupts masked: nothing can stop
# the core on this platform) is detected within the period and ends in "crashed" with a clear
# message, while the other remote and the rest of the system keep working.
# vm-run: --smp 3
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
# a period shorter than two heartbeats would report healthy firmware: refused
P=/sys/module/amp_qemu_virt_rproc/parameters/watchdog_ms
expect_err "Invalid argument" sh -c "echo 150 > $P"
[ "$(cat $P)" = 1000 ] || fail "watchdog_ms is $(cat $P) after a refused write"
R2=$(rproc_of remoteproc-cpu2) || fail "no remoteproc for remoteproc-cpu2"

# a block without a heartbeat, another vendor entry right after it: no watchdog, and the
# healthy firmware is left alone
echo variants/amp-fw-cpu1-ctl-no-heartbeat.elf > "$R/firmware"
echo start > "$R/state"
dmesg | grep -q "the firmware has no heartbeat: no watchdog" || fail "no message: no watchdog"
sleep 3
state_is "$R" running
dmesg | grep -q "crashed" && fail "healthy firmware reported: $(dmesg | grep crashed)"
echo stop > "$R/state"
echo amp-fw-cpu1.elf > "$R/firmware"

echo start > "$R/state"
echo start > "$R2/state"
sleep 2
[ "$(cat "$R/state")" = running ] || fail "a healthy remote was reported: $(dmesg | tail -3)"

echo soft-hang > "$D/crash"
wait_for 5 has_at_least 1 "recovered remoteproc-cpu1"
dmesg | grep -q "remoteproc-cpu1: no heartbeat from the firmware" || fail "no message names the missing heartbeat"
dmesg | grep -q "remoteproc-cpu1 crashed (watchdog), crash 1" || fail "no watchdog crash"
state_is "$R" running
grep -q "platform self-test passed" "$D/trace0" || fail "no new boot after recovery"

t0=$(cut -d' ' -f1 /proc/uptime)
echo hard-hang > "$D/crash"
wait_for 6 has_at_least 1 "recovery of remoteproc-cpu1 failed"
t1=$(cut -d' ' -f1 /proc/uptime)
awk "BEGIN { exit !($t1 - $t0 < 5) }" || fail "hard hang handled in $t0 -> $t1 s"
dmesg | grep -q "remoteproc-cpu1 crashed (watchdog), crash 2" || fail "no second watchdog crash"
dmesg | grep -q "still on after" || fail "no message names the stuck core"
state_is "$R" crashed
state_is "$R2" running
echo stop > "$R2/state"
echo start > "$R2/state"
state_is "$R2" running
echo stop > "$R2/state"
unload_modules
echo PASS
