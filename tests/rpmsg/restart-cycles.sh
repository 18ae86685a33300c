#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 100 stop/start cycles with a client bound: stopping the remote tears its channels down,
# starting it re-creates them and the client talks again each time; vm-run's kmemleak scan
# afterwards catches any leak.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_rpmsg
modprobe rpmsg_client_sample
i=1
while [ $i -le 100 ]; do
	# the kernel's log ring is small: each cycle checks its own exchange
	dmesg -c >/dev/null
	echo start > "$R/state" || fail "start $i"
	wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"
	[ "$(dmesg_count 'rpmsg_client_sample .*: incoming msg')" = 100 ] ||
		fail "cycle $i: $(dmesg_count 'incoming msg') messages, wanted 100"
	echo stop > "$R/state" || fail "stop $i"
	[ -z "$(ls /sys/bus/rpmsg/devices)" ] || fail "channels left after stop $i"
	i=$((i + 1))
done
rmmod rpmsg_client_sample
unload_rpmsg
echo "PASS: 100 cycles"
