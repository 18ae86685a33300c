#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The trace events of the core (amp_remoteproc: state, crash) and the transport (amp_rpmsg:
# channel, tx, rx), read from tracefs as ftrace or trace-cmd would: a start, channels made,
# echoes through rpmsg-raw with their addresses and lengths, a crash and its recovery, a
# stop and the channels going.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
dmesg -c >/dev/null
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T || fail "no tracefs"
load_chardev
for e in amp_remoteproc/amp_rproc_state amp_remoteproc/amp_rproc_crash \
	amp_rpmsg/amp_rpmsg_channel amp_rpmsg/amp_rpmsg_tx amp_rpmsg/amp_rpmsg_rx; do
	[ -d "$T/events/$e" ] || fail "no event $e"
done
echo 1 > $T/events/amp_remoteproc/enable
echo 1 > $T/events/amp_rpmsg/enable
echo > $T/trace
start_remote
r=$(basename "$R")
rpmsg-echo -q -D "$RAW" -N 3 -S 16 || fail "echo"
echo fault > "$D/crash"
wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
echo stop > "$R/state"
echo 0 > $T/events/amp_remoteproc/enable
echo 0 > $T/events/amp_rpmsg/enable
trace=$(grep -v '^#' $T/trace)
echo "$trace" | head -n 40
has() {	# has COUNT PATTERN: at least COUNT lines of the trace match
	[ "$(echo "$trace" | grep -c -- "$2")" -ge "$1" ] || fail "trace: fewer than $1 '$2'"
}
has 1 "amp_rproc_state: $r: offline -> running"
has 1 "amp_rpmsg_channel: virtio[0-9]*\.rpmsg-raw\.-1\.1025 created: src 0x[0-9a-f]* dst 0x401"
has 1 "amp_rpmsg_channel: virtio[0-9]*\.rpmsg_ctrl\.0\.0 created: src 0x0 dst 0x0"
has 3 "amp_rpmsg_tx: virtio[0-9]*: 0x[0-9a-f]* -> 0x401, 16 bytes"
has 3 "amp_rpmsg_rx: virtio[0-9]*: 0x401 -> 0x[0-9a-f]*, 16 bytes"
has 1 "amp_rproc_crash: $r: crash 1, type 2 (fatal error), recovery on"
has 1 "amp_rproc_state: $r: running -> crashed"
# recovery: the crashed boot is released, then the remote boots again
has 1 "amp_rproc_state: $r: crashed -> offline"
has 2 "amp_rproc_state: $r: offline -> running"
has 1 "amp_rproc_state: $r: running -> offline"
has 1 "amp_rpmsg_channel: virtio[0-9]*\.rpmsg-raw\.-1\.1025 destroyed"
echo > $T/trace
unload_chardev
echo PASS
