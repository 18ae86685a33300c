#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A real fault of the firmware (an undefined instruction, injected through debugfs "crash"):
# the host names the exception (ESR, ELR, FAR), marks the remote crashed and, with recovery
# enabled, reloads and restarts it: the rpmsg channels come back and the kernel's sample
# client talks again. With recovery disabled the remote stays crashed, its trace showing the
# exception, until "recover" is written.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_rpmsg
modprobe rpmsg_client_sample
echo start > "$R/state"
wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"

# recovery enabled (the default)
dmesg -c >/dev/null
echo fault > "$D/crash"
wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
dmesg | grep -q "firmware exception: vector 4, ESR 0x02000000" ||
	fail "the exception is not named: $(dmesg | grep -i exception)"
dmesg | grep -q "remoteproc-cpu1 crashed (fatal error), crash 1; recovery enabled" ||
	fail "no crash message"
state_is "$R" running
wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"
[ "$(dmesg_count 'rpmsg_client_sample .*: incoming msg')" = 100 ] || fail "no full exchange after recovery"

# recovery disabled
echo disabled > "$R/recovery"
dmesg -c >/dev/null
echo fault > "$D/crash"
wait_for 10 has_at_least 1 "crashed (fatal error), crash 2; recovery disabled"
state_is "$R" crashed
grep -q "fw: EXCEPTION esr 0x2000000" "$D/trace0" || fail "trace after the crash: $(cat "$D/trace0")"
sleep 0.5
state_is "$R" crashed
expect_err "Device or resource busy" sh -c "echo start > $R/state"
echo recover > "$R/recovery"
state_is "$R" running
wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"
echo stop > "$R/state"
rmmod rpmsg_client_sample
unload_rpmsg
echo PASS
