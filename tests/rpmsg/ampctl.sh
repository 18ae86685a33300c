#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ampctl against the real sysfs: list, status, start/stop with their waits, firmware, trace,
# and its errors (a busy remote, a missing one, a missing firmware file).
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
# --help says everything: each command, exit 0; a bad command, exit 2
help=$(ampctl --help) || fail "ampctl --help: exit $?"
for c in list channels status start stop firmware trace vrings inspect "Exit status"; do
	echo "$help" | grep -qw "$c" || fail "ampctl --help lacks $c"
done
ampctl inspect --help | grep -q "Exit status" || fail "ampctl inspect --help: incomplete"
rc=0; ampctl inspect 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "ampctl inspect without a file: exit $rc, not 2"
rc=0; ampctl inspect /no/such.elf 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "ampctl inspect of no file: exit $rc, not 1"
ampctl no-such-command 2>/dev/null && fail "ampctl no-such-command: exit 0"
[ $? = 2 ] || fail "ampctl no-such-command: not exit 2"
help=$(rpmsg-echo -h) || fail "rpmsg-echo -h: exit $?"
for o in -D -c -n -s -d -N -S -w -t -R -P -B -q -H "Exit status"; do
	echo "$help" | grep -q -- "$o" || fail "rpmsg-echo -h lacks $o"
done
load_chardev
r=$(basename "$R")
ampctl list | grep -q "^$r .*state=offline" || fail "list: $(ampctl list)"
ampctl start | grep -qx "$r: running" || fail "start"
state_is "$R" running
wait_for 10 has_channel rpmsg-raw
out=$(ampctl list)
echo "$out"
echo "$out" | grep -q "rpmsg-raw .*0x401 .*rpmsg_chrdev .*/dev/rpmsg[0-9]" || fail "list: no rpmsg-raw"
echo "$out" | grep -q "/dev/rpmsg_ctrl[0-9]" || fail "list: no control device"
ampctl channels | grep -q "amp-bench" || fail "channels"
ampctl status | grep -q "running" || fail "status: $(ampctl status)"
ampctl trace | grep -q "fw: rpmsg: host ready" || fail "trace: $(ampctl trace)"
expect_err "EBUSY" ampctl start
expect_err "EBUSY" ampctl firmware 0 amp-fw-cpu1.elf
expect_err "no remote remoteproc7" ampctl status 7
ampctl stop | grep -qx "$r: offline" || fail "stop"
ampctl firmware 0 no-such-firmware.elf
expect_err "no-such-firmware.elf" ampctl start
state_is "$R" offline
ampctl firmware 0 amp-fw-cpu1.elf
unload_chardev
echo PASS
