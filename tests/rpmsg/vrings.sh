#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# debugfs vrings and ampctl vrings: a healthy remote's rings (tx idle, every rx buffer with
# the remote), then a stalled one (the firmware's soft hang, no watchdog), whose tx ring
# fills with buffers the remote never returns: the file shows it, ampctl says what it means.
# Then it stops cleanly, and the file empties.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_modules watchdog_ms=0
modprobe amp_virtio_rpmsg
modprobe amp_rpmsg_char
start_remote
v=$D/vrings
rpmsg-echo -q -D "$RAW" -N 200 -S 1-496 || fail "echo before the stall"
# the last tx buffer comes back, and the last rx buffer goes back, just after the last
# echo was read: wait (bounded) for the rings to settle
settled() {
	grep -Eq '^vring 1 num=256 .*name=output free=[0-9]* out=0 .* dead=0$' "$v" &&
		grep -Eq '^vring 0 num=256 .*name=input .*out=256 .* dead=0$' "$v"
}
wait_for 5 settled
out=$(ampctl vrings)
echo "$out"
echo "$out" | grep -q '^vdev 0 id=.* status=0x7 .*registered=1 broken=0$' || fail "vdev line"
echo "$out" | grep -Eq '^vring 1 num=256 .*name=output free=[0-9]* out=0 .* dead=0$' || fail "tx ring not idle"
echo "$out" | grep -Eq '^vring 0 num=256 .*name=input .*out=256 .* dead=0$' || fail "rx ring"
echo "$out" | grep -q 'idle: every tx buffer is back' || fail "no tx explanation"
echo "$out" | grep -q 'the remote holds 256 of 256 rx buffers' || fail "no rx explanation"
# every message was published with a kick, or without one the remote asked to skip (it was
# still serving the ring: VRING_USED_F_NO_NOTIFY)
kicks=$(sed -n 's/^vring 1 .* kicks=\([0-9]*\) .*/\1/p' "$v")
skipped=$(sed -n 's/^vring 1 .* kicks_suppressed=\([0-9]*\) .*/\1/p' "$v")
[ $((kicks + skipped)) -ge 200 ] || fail "tx kicks $kicks + $skipped skipped after 200 messages"

# stalled: 256 messages fill the tx ring, none comes back (rpmsg-echo's wait for the first
# echo must outlast its 256 writes: a debug kernel on a loaded host takes seconds for them)
echo soft-hang > "$D/crash"
wait_for 5 in_trace "soft hang requested"
! rpmsg-echo -q -D "$RAW" -N 256 -w 256 -S 16 -t 5000 >/tmp/stall.log 2>&1 ||
	fail "echoes from a hung remote: $(cat /tmp/stall.log)"
wait_for 5 grep -Eq '^vring 1 num=256 .*name=output free=[0-9]* out=256 ' "$v"
out=$(ampctl vrings)
echo "$out"
echo "$out" | grep -Eq '^vring 1 num=256 .*name=output free=[0-9]* out=256 ' || fail "tx ring not full"
echo "$out" | grep -q "all 256 tx buffers are in the remote's hands: it is not returning them" ||
	fail "no explanation of the stall"
state_is "$R" running
echo stop > "$R/state"
state_is "$R" offline
[ -z "$(cat "$v")" ] || fail "vrings after stop: $(cat "$v")"
ampctl vrings | grep -q 'no vdev' || fail "ampctl vrings after stop"
rmmod amp_rpmsg_char
rmmod amp_virtio_rpmsg
rmmod amp_rpmsg
unload_modules
echo PASS
