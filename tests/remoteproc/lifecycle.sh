#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Start and stop through sysfs and through /dev/remoteprocN (and its shutdown-on-release
# ioctls); the states offline and running (crashed: tests/remoteproc/unstoppable.sh); the
# firmware name changes only while offline; the trace shows the firmware's log while it runs
# and after it stops; the modules unload at the end.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules

[ "$(cat "$R/firmware")" = amp-fw-cpu1.elf ] || fail "default firmware $(cat "$R/firmware")"
[ "$(cat "$R/recovery")" = enabled ] || fail "recovery $(cat "$R/recovery")"
[ "$(cat "$R/coredump")" = disabled ] || fail "coredump $(cat "$R/coredump")"
# debugfs recovery and coredump, as upstream's: the same settings as sysfs
[ "$(cat "$D/recovery")" = enabled ] || fail "debugfs recovery $(cat "$D/recovery")"
echo disabled > "$D/recovery"
[ "$(cat "$R/recovery")" = disabled ] || fail "recovery after debugfs: $(cat "$R/recovery")"
echo enabled > "$D/recovery"
echo inline > "$D/coredump"
[ "$(cat "$R/coredump")" = inline ] || fail "coredump after debugfs: $(cat "$R/coredump")"
[ "$(cat "$D/coredump")" = inline ] || fail "debugfs coredump $(cat "$D/coredump")"
echo disabled > "$D/coredump"
expect_err "Invalid argument" sh -c "echo bogus > $D/recovery"
expect_err "Invalid argument" sh -c "echo bogus > $D/coredump"
state_is "$R" offline
expect_err "Invalid argument" sh -c "echo stop > $R/state"
expect_err "Invalid argument" sh -c "echo bogus > $R/state"

echo start > "$R/state"
state_is "$R" running
expect_err "Device or resource busy" sh -c "echo start > $R/state"
expect_err "Device or resource busy" sh -c "echo other.elf > $R/firmware"
[ "$(cat "$R/firmware")" = amp-fw-cpu1.elf ] || fail "firmware changed while running"
grep -q "platform self-test passed, running" "$D/trace0" || fail "trace0 lacks the firmware's log"
grep -q "is of type vdev" "$D/resource_table" || fail "resource_table lacks the vdev"
grep -q "vdev0buffer" "$D/carveout_memories" || fail "carveout_memories lacks vdev0buffer"
ls /sys/bus/virtio/devices/ | grep -q . || fail "no virtio device registered"

echo stop > "$R/state"
state_is "$R" offline
grep -q "stop requested, CPU_OFF" "$D/trace0" || fail "trace0 after stop lacks the stop line"

echo other.elf > "$R/firmware"
[ "$(cat "$R/firmware")" = other.elf ] || fail "firmware not changed while offline"
echo amp-fw-cpu1.elf > "$R/firmware"

# The same through /dev/remoteprocN
echo start > "$DEV"
state_is "$R" running
echo stop > "$DEV"
state_is "$R" offline

# Shutdown on release (RPROC_SET/GET_SHUTDOWN_ON_RELEASE): closing the file stops the remote.
rproc-cdev "$DEV" hold on start || fail "hold on + start"
state_is "$R" offline
rproc-cdev "$DEV" hold off start || fail "hold off + start"
state_is "$R" running
expect_err "Device or resource busy" rproc-cdev "$DEV" start
rproc-cdev "$DEV" stop || fail "stop through the file"
state_is "$R" offline
expect_err "Invalid argument" rproc-cdev "$DEV" stop
expect_err "Invalid argument" rproc-cdev "$DEV" bogus
rproc-cdev "$DEV" ioctl-bad || fail "unknown ioctl"

for v in enabled disabled; do
	echo $v > "$R/coredump"
	[ "$(cat "$R/coredump")" = $v ] || fail "coredump $v"
done
echo inline > "$R/coredump"
echo disabled > "$R/recovery"
[ "$(cat "$R/recovery")" = disabled ] || fail "recovery disabled"
expect_err "Invalid argument" sh -c "echo recover > $R/recovery"
unload_modules
echo PASS
