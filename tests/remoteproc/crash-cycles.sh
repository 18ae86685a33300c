#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 50 crash/recover cycles of each recoverable crash type (a fault, caught by the exception
# path; a soft hang, caught by the watchdog) with an rpmsg client bound: every time the
# remote comes back, its channels are re-announced and the kernel's sample client completes
# its exchange again. vm-run's kmemleak scan afterwards catches any leak.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_modules watchdog_ms=500
modprobe amp_virtio_rpmsg
modprobe rpmsg_client_sample
echo start > "$R/state"
wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"

for type in fault soft-hang; do
	i=1
	while [ $i -le 50 ]; do
		dmesg -c >/dev/null
		echo $type > "$D/crash" || fail "$type $i: inject"
		wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
		wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"
		[ "$(dmesg_count 'rpmsg_client_sample .*: incoming msg')" = 100 ] ||
			fail "$type $i: $(dmesg_count 'incoming msg') messages after recovery"
		state_is "$R" running
		i=$((i + 1))
	done
	echo "$type: 50 crashes recovered"
done
echo stop > "$R/state"
rmmod rpmsg_client_sample
rmmod amp_virtio_rpmsg
rmmod amp_rpmsg
unload_modules
echo PASS
