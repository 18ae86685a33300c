#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two remotes (-smp 3), started and stopped independently.
# vm-run: --smp 3
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
R2=$(rproc_of remoteproc-cpu2) || fail "no remoteproc for remoteproc-cpu2"
[ "$(cat "$R2/firmware")" = amp-fw-cpu2.elf ] || fail "cpu2 firmware $(cat "$R2/firmware")"
echo start > "$R/state"
state_is "$R2" offline
echo start > "$R2/state"
state_is "$R" running
state_is "$R2" running
echo stop > "$R/state"
state_is "$R" offline
state_is "$R2" running
echo start > "$R/state"
echo stop > "$R2/state"
state_is "$R" running
state_is "$R2" offline
echo stop > "$R/state"
unload_modules
echo PASS
