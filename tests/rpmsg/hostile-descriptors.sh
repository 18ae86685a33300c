#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reproduction of a hang: a remote that rewrites every descriptor it gives back, with
# VRING_DESC_F_NEXT set (chained to itself or anywhere, maybe INDIRECT, another length), as
# chaos mode's "descriptor" kind does at every occasion. The kernel's virtio_ring followed
# those flags when it freed the buffer, forever (in the doorbell's thread on receive, in
# write() on send). The host keeps its descriptors in private memory: every echo in both
# directions still comes back, verified, and nothing is reported.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
start_remote
C=$(ls -d /sys/kernel/debug/amp_qemu_virt_rproc/*remoteproc-cpu1)/chaos
echo "1 0x1 1024" > "$C"
wait_for 5 in_trace "chaos: on"
# receive (the rx ring) and send (the tx ring, blocking writes too)
rpmsg-echo -D "$RAW" -N 2000 -w 16 -q || fail "echo under rewritten descriptors"
rpmsg-echo -c "$CTRL" -N 2000 -w 64 -B -q || fail "blocking echo under rewritten descriptors"
events=$(sed -n 's/^events \([0-9]*\).*/\1/p' "$C")
[ "${events:-0}" -ge 8000 ] || fail "the firmware rewrote only ${events:-no} descriptors"
state_is "$R" running
dmesg | grep -q "crashed" && fail "a crash was reported: $(dmesg | grep crashed)"
echo stop > "$R/state"
unload_chardev
echo "PASS: $events descriptors rewritten, no effect on the host"
