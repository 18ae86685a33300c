#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The remote stops under open endpoint files (the CVE-2022-50421 scenario): read and write
# return -EPIPE, poll EPOLLERR, a new open -ENETRESET, the control device's ioctls
# -ENETRESET; no kernel report. Then the same with the modules unloaded in every order
# the files allow, and threads racing open/read/poll/ioctl/close against endpoint
# destruction.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
start_remote
rpmsg-stress stopped "$CTRL" "$R/state" || fail stopped

# close after the transport is gone: stop, then rmmod the transport with files open
start_remote
exec 3<>"$RAW"
exec 4<>"$CTRL"
echo stop > "$R/state"
rmmod amp_virtio_rpmsg || fail "rmmod amp_virtio_rpmsg with stale files open"
! rmmod amp_rpmsg_char 2>/dev/null || fail "amp_rpmsg_char unloaded under open files"
exec 3<&- 4<&-
modprobe amp_virtio_rpmsg

# the race
start_remote
rpmsg-stress race "$CTRL" 15 || fail race
echo stop > "$R/state"
unload_chardev
echo PASS
