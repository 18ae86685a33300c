#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Doorbells handed from hard IRQ straight to a sleeping reader (debugfs vrings "handoffs"):
# to a poller (rpmsg-echo waits in poll()), to a reader asleep in read() on another
# endpoint, which then serves the echoes of the first one; sleeping readers killed over
# and over while echoes run lose nothing; amp_virtio_rpmsg.handoff=0 turns it off (the
# platform's thread wakes the readers), and the echoes still work.
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
start_remote
v=$D/vrings
handoffs() {
	sed -n 's/^vring 0 .* handoffs=\([0-9]*\) .*/\1/p' "$v"
}
param=/sys/module/amp_virtio_rpmsg/parameters/handoff
[ "$(cat $param)" = Y ] || fail "handoff is not on by default: $(cat $param)"

h0=$(handoffs)
rpmsg-echo -q -c "$CTRL" -N 500 -S all || fail "echoes with a poller"
h1=$(handoffs)
[ "$h1" -gt "$h0" ] || fail "no doorbell handed to a poller ($h0, then $h1)"

# a reader asleep in read() on rpmsg-raw's device is first on the list: it serves what
# the doorbells bring for the echoes' endpoint too
dd if="$RAW" of=/dev/null bs=512 2>/dev/null &
d=$!
usleep 200000
rpmsg-echo -q -c "$CTRL" -N 500 -S all -w 4 || fail "echoes beside a reader asleep in read()"
h2=$(handoffs)
[ "$h2" -gt "$h1" ] || fail "no doorbell handed while a reader slept ($h1, then $h2)"
kill -9 $d
wait $d 2>/dev/null || true

# sleeping readers killed while they may hold a hand-off: nothing is lost
rpmsg-echo -q -c "$CTRL" -N 3000 -S 1-496 -w 4 > /tmp/handoff.out 2>&1 &
p=$!
i=0
while kill -0 $p 2>/dev/null; do
	dd if="$RAW" of=/dev/null bs=512 2>/dev/null &
	d=$!
	usleep $((1000 + i % 7 * 700))
	kill -9 $d 2>/dev/null || true
	wait $d 2>/dev/null || true
	i=$((i + 1))
done
wait $p || fail "echoes while sleeping readers were killed ($i): $(cat /tmp/handoff.out)"
echo "$i readers killed"

# off: the thread wakes the readers, nothing is handed
echo 0 > $param
h3=$(handoffs)
rpmsg-echo -q -c "$CTRL" -N 500 -S all || fail "echoes without hand-offs"
h4=$(handoffs)
[ "$h4" = "$h3" ] || fail "doorbells handed with handoff=0 ($h3, then $h4)"
echo 1 > $param
rpmsg-echo -q -c "$CTRL" -N 200 -S all || fail "echoes with hand-offs back on"

echo stop > "$R/state"
state_is "$R" offline
unload_chardev
echo PASS
