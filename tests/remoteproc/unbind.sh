#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unloading the platform driver while the remote runs and /dev/remoteprocN is open: the
# remote is stopped, the open file fails cleanly with ENODEV, closing it is safe, and the
# driver loads and boots the remote again.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
echo start > "$R/state"
exec 3>"$DEV"
rmmod amp_qemu_virt_rproc || fail "rmmod with the remote running and the file open"
dmesg | grep -q "stopped remote processor remoteproc-cpu1" || fail "the remote was not stopped"
if echo start >&3 2>/tmp/err; then
	fail "write to the file of a deleted remote succeeded"
fi
grep -q "No such device" /tmp/err || fail "write after unbind: $(cat /tmp/err), wanted ENODEV"
exec 3>&-
load_modules
echo start > "$R/state"
state_is "$R" running
echo stop > "$R/state"
unload_modules
echo PASS
