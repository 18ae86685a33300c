#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Busy polling (AMP_RPMSG_SET_BUSY_POLL, sysfs busy_poll_us): echoes of every size verified
# with busy-polling reads, one and 16 in flight; another process on rpmsg-raw's device,
# without busy polling, at the same time (its messages come while the poller keeps the
# doorbells off); doorbells back afterwards (plain echoes); the bounds of the sysfs value
# and the ioctl; a stop while a reader busy-polls ends its read with EPIPE, no hang.
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
start_remote
r=/sys/class/rpmsg/$(basename "$RAW")

[ "$(cat "$r/busy_poll_us")" = 0 ] || fail "busy_poll_us starts at $(cat "$r/busy_poll_us")"
echo 10001 > "$r/busy_poll_us" 2>/dev/null && fail "busy_poll_us took 10001"
echo 50 > "$r/busy_poll_us" || fail "busy_poll_us 50"
[ "$(cat "$r/busy_poll_us")" = 50 ] || fail "busy_poll_us: $(cat "$r/busy_poll_us")"
echo 0 > "$r/busy_poll_us"
rpmsg-echo -q -b 10001 -c "$CTRL" -N 1 2>/dev/null && fail "rpmsg-echo -b 10001 accepted"

rpmsg-echo -q -B -b 50 -c "$CTRL" -N 3000 -S all || fail "busy-poll echoes, one in flight"
rpmsg-echo -q -B -b 200 -c "$CTRL" -N 3000 -S all -w 16 || fail "busy-poll echoes, 16 in flight"
# a poller and a sleeper at once, on two endpoints of the same device
rpmsg-echo -q -B -b 100 -c "$CTRL" -N 3000 -S 16 > /tmp/bp.out 2>&1 &
p=$!
rpmsg-echo -q -D "$RAW" -N 1000 -S all || fail "echoes beside a busy poller"
wait $p || fail "busy poller beside the echoes: $(cat /tmp/bp.out)"
# the doorbells came back
rpmsg-echo -q -c "$CTRL" -N 1000 -S all || fail "interrupt-driven echoes after busy polling"

# a stop while a reader busy-polls: its read ends (EPIPE), nothing hangs
rpmsg-echo -q -B -b 10000 -c "$CTRL" -N 100000000 -S 16 > /tmp/bp.out 2>&1 &
p=$!
c=/sys/class/rpmsg/$(basename "$CTRL")
reader_talks() {	# its endpoint (made on the control device) has had echoes
	local d
	for d in "$c"/rpmsg[0-9]*; do
		[ "$(cat "$d/rx_messages" 2>/dev/null || echo 0)" -gt 0 ] && return 0
	done
	return 1
}
wait_for 10 reader_talks
echo stop > "$R/state"
state_is "$R" offline
n=50
while kill -0 $p 2>/dev/null; do
	n=$((n - 1))
	[ $n -gt 0 ] || fail "the busy-polling reader still runs 5 s after the stop"
	usleep 100000
done
wait $p && fail "rpmsg-echo succeeded across a stop: $(cat /tmp/bp.out)"
grep -q "EPIPE\|ENETRESET\|gone\|went away\|Broken pipe" /tmp/bp.out ||
	fail "the reader did not see the remote go: $(cat /tmp/bp.out)"
unload_chardev
echo PASS
