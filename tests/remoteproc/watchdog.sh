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

# The bounds are read from the kernel's own timestamps, not from this script's polling: a
# core that spins with interrupts masked takes a host thread of its own, and on a loaded
# host the script may be scheduled late. Detection: within two periods (the heartbeat is
# checked once per period), plus slack; giving up on the stop: the stop timeout (1 s) after
# the crash, plus the coredump and slack.
echo hard-hang > "$D/crash"
wait_for 20 has_at_least 1 "recovery of remoteproc-cpu1 failed"
dmesg | grep -q "remoteproc-cpu1 crashed (watchdog), crash 2" || fail "no second watchdog crash"
dmesg | grep -q "still on after" || fail "no message names the stuck core"
t_ask=$(klog_time "asked the firmware for a hard-hang")
t_crash=$(klog_time "remoteproc-cpu1 crashed (watchdog), crash 2")
t_fail=$(klog_time "recovery of remoteproc-cpu1 failed")
echo "hard hang: asked at $t_ask s, detected at $t_crash s, given up at $t_fail s"
awk "BEGIN { exit !($t_crash - $t_ask <= 3.5) }" ||
	fail "hard hang detected $t_ask -> $t_crash s: more than two periods and slack"
awk "BEGIN { exit !($t_fail - $t_crash <= 5) }" ||
	fail "stop of the hung core given up $t_crash -> $t_fail s: the timeout is 1 s"
state_is "$R" crashed
state_is "$R2" running
echo stop > "$R2/state"
echo start > "$R2/state"
state_is "$R2" running
echo stop > "$R2/state"
unload_modules
echo PASS
