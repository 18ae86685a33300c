#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Our firmware against the kernel's own stack (the release kernel's in-tree remoteproc,
# virtio_rpmsg_bus, rpmsg_ns, rpmsg_char and rpmsg_ctrl modules, with bench/upstream's
# platform glue, loaded by amp-upstream-load): it boots through sysfs, announces its
# channels, echoes every size through upstream's /dev/rpmsg_ctrl0, stops and starts again;
# then the same with the firmware variant that states 4 KiB buffers.
# This is make bench's baseline, kept working.
# check: release
. /amp/tests/rpmsg/lib.sh
set -e
amp-upstream-load || fail "amp-upstream-load"
R=$(rproc_of remoteproc-cpu1) || fail "no remoteproc for remoteproc-cpu1"
upstream_echo() {
	wait_for 5 ls /dev/rpmsg_ctrl0
	wait_for 5 has_at_least "$1" "creating channel rpmsg-openamp-demo-channel addr 0x402"
	# upstream's rpmsg_char never reports POLLOUT: blocking writes (-B)
	rpmsg-echo -q -B -c /dev/rpmsg_ctrl0 -N 1000 -S all -w 8 || fail "echo, round $1"
}
echo start > "$R/state"
state_is "$R" running
upstream_echo 1
echo stop > "$R/state"
state_is "$R" offline
echo start > "$R/state"
upstream_echo 2
echo stop > "$R/state"
state_is "$R" offline
# a firmware that states 4 KiB buffers (VIRTIO_RPMSG_F_BUFSZ): upstream does not negotiate
# the feature, so the firmware keeps to 512-byte buffers
echo variants/amp-fw-cpu1-bufsz-4k.elf > "$R/firmware"
echo start > "$R/state"
upstream_echo 3
echo stop > "$R/state"
echo PASS
