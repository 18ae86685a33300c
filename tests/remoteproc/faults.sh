#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Failure injection on every platform op (the QEMU driver's debugfs "fault" knob) and on the
# core's vdev registration (fail_vdev_register). After each failure the state, the memory
# the remote holds and the pointers the driver keeps are what Documentation/remoteproc.rst
# says: a failure that may leave the core running leaves it "crashed" with its memory
# mapped until a stop succeeds; any other leaves it as it was, nothing held. The remote
# boots and talks afterwards every time.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
F=$(ls -d /sys/kernel/debug/amp_qemu_virt_rproc/*remoteproc-cpu1)/fault
[ -f "$F" ] || fail "no fault knob"

mapped() {	# mapped yes|no: whether the platform's regions are mapped for a boot
	if grep -q "Mapped: yes" "$D/carveout_memories"; then m=yes; else m=no; fi
	[ "$m" = "$1" ] || fail "memory mapped: $m, wanted $1"
}

echo_works() {
	rpmsg-echo -D "$RAW" -N 20 -q >/tmp/echo.out 2>&1 || fail "echo: $(cat /tmp/echo.out)"
}

# start_fails ERRNO-TEXT: a start through sysfs fails so
start_fails() {
	expect_err "$1" sh -c "echo start > $R/state"
}

stop_fails() {
	expect_err "$1" sh -c "echo stop > $R/state"
}

# prepare: nothing was started, nothing is held
echo prepare > "$F"
start_fails "Input/output error"
state_is "$R" offline
mapped no
start_remote
echo_works
echo stop > "$R/state"

# start, before CPU_ON: nothing is held, and the driver's pointer to the control block went
# with the boot: an image without one is refused cleanly (no write through a stale pointer)
echo start > "$F"
start_fails "Input/output error"
state_is "$R" offline
mapped no
echo bad/ctl-missing.elf > "$R/firmware"
start_fails "Invalid argument"
dmesg | grep -q "has no control block" || fail "no message names the missing control block"
echo amp-fw-cpu1.elf > "$R/firmware"

# start, after CPU_ON, unable to stop the core again: crashed, memory kept, until a stop
echo start-timeout > "$F"
start_fails "Connection timed out"
state_is "$R" crashed
mapped yes
dmesg | grep -q "may still run: it keeps its memory" || fail "no message says the memory is kept"
start_fails "Device or resource busy"
echo stop > "$R/state"
state_is "$R" offline
mapped no
start_remote
echo_works

# stop fails (error, timeout): crashed, memory kept, the trace still live; a stop then works
for op in stop stop-timeout; do
	echo $op > "$F"
	case $op in
	stop) stop_fails "Input/output error" ;;
	*) stop_fails "Connection timed out" ;;
	esac
	state_is "$R" crashed
	mapped yes
	grep -q "platform self-test passed" "$D/trace0" || fail "$op: trace gone"
	echo stop > "$R/state"
	state_is "$R" offline
	mapped no
	start_remote
	echo_works
done

# recovery whose stop fails: crashed, memory kept; a stop then works
dmesg -c >/dev/null
echo stop > "$F"
echo fault > "$D/crash"
wait_for 10 has_at_least 1 "recovery of remoteproc-cpu1 failed"
state_is "$R" crashed
mapped yes
echo stop > "$R/state"
state_is "$R" offline

# vdev registration: the remote is stopped again, nothing held
echo 1 > "$D/fail_vdev_register"
start_fails "Input/output error"
state_is "$R" offline
mapped no
# ... and if that stop fails too: crashed, memory kept
echo 1 > "$D/fail_vdev_register"
echo stop > "$F"
start_fails "Input/output error"
state_is "$R" crashed
mapped yes
echo stop > "$R/state"
state_is "$R" offline
start_remote
echo_works

# a lost kick: nothing is stuck (with event indices no later message of the batch kicks:
# the firmware finds them at its next heartbeat tick)
echo kick > "$F"
rpmsg-echo -D "$RAW" -N 20 -w 2 -t 5000 -q >/tmp/echo.out 2>&1 || fail "echo: $(cat /tmp/echo.out)"

# detach fails: still ours, running, its channels back; then it detaches
echo detach > "$F"
expect_err "Input/output error" sh -c "echo detach > $R/state"
state_is "$R" running
wait_for 10 has_channel rpmsg-raw
RAW=/dev/$(basename "$(ls -d /sys/bus/rpmsg/devices/virtio*.rpmsg-raw.*/rpmsg/rpmsg*)")
wait_for 2 test -c "$RAW"
echo_works
echo detach > "$R/state"
state_is "$R" detached

# attach fails: still detached, nothing held; then it attaches
echo attach > "$F"
start_fails "Input/output error"
state_is "$R" detached
mapped no
start_remote
state_is "$R" attached
echo_works
echo stop > "$R/state"
state_is "$R" offline

[ -z "$(grep -v ' 0$' "$F")" ] || fail "faults not taken: $(grep -v ' 0$' "$F")"
unload_chardev
echo PASS
