#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Detach and attach: a detached remote keeps running; starting it attaches to it without
# loading anything; it can also be detached, the platform driver unloaded and loaded again,
# and attached to; stopping an attached remote stops it.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
expect_err "Invalid argument" sh -c "echo detach > $R/state"
echo start > "$R/state"
echo detach > "$R/state"
state_is "$R" detached
grep -q "platform self-test passed" "$D/trace0" || fail "trace after detach"
expect_err "Invalid argument" sh -c "echo stop > $R/state"

echo start > "$R/state"
state_is "$R" attached
dmesg | grep -q "attached to remote processor" || fail "no attach message"
# the attached firmware is the one that ran: one boot, still serving doorbells
grep -q "is of type vdev" "$D/resource_table" || fail "no table after attach"
echo soft-hang > "$D/crash"
wait_for 5 in_trace "soft hang requested"	# the attached firmware serves requests
expect_err "Device or resource busy" sh -c "echo start > $R/state"

# across a reload of the platform driver
echo detach > "$R/state"
rmmod amp_qemu_virt_rproc
load_modules
state_is "$R" detached
echo start > "$R/state"
state_is "$R" attached
echo stop > "$R/state"
state_is "$R" offline
grep -q "stop requested while hung" "$D/trace0" || fail "trace after stop: $(cat "$D/trace0")"

# a fresh boot after that works as ever
echo start > "$R/state"
state_is "$R" running
echo stop > "$R/state"
unload_modules
echo PASS
