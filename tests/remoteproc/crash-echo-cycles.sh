#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 50 crash/recover cycles of each recoverable crash type, while rpmsg-echo runs on another
# endpoint: a fault (the exception path), a soft hang (the watchdog) and a broken vring (the
# transport gives up on the vdev). Each cycle's coredump is read through devcoredump and
# checked against the firmware (core-check); the echo client sees the remote go, reconnects
# to the re-announced channels, and every echo it got is verified. vm-run's kmemleak scan
# afterwards catches any leak.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_modules watchdog_ms=300
modprobe amp_virtio_rpmsg
modprobe amp_rpmsg_char
echo enabled > "$R/coredump"
start_remote

cycles=${1:-50}
# niced: the echo keeps going, and the test's own work (coredumps) is not starved by it
rpmsg-echo -P 19 -q -R 20 -N 2000000000 -S 1-496 >/tmp/echo.log 2>&1 &
echo_pid=$!
client_ept() {	# the echo client has its endpoint
	ls -d /sys/class/rpmsg/rpmsg_ctrl*/rpmsg[0-9]* >/dev/null 2>&1
}

n=0
for type in fault soft-hang vring; do
	case $type in
	fault) reason=exception ;;
	soft-hang) reason=watchdog ;;
	vring) reason="protocol violation" ;;
	esac
	i=1
	while [ $i -le $cycles ]; do
		wait_for 10 client_ept
		usleep 20000
		dmesg -c >/dev/null
		echo $type > "$D/crash" || fail "$type $i: inject"
		wait_for 10 has_at_least 1 "recovered remoteproc-cpu1"
		has_at_least 1 "crashed ($reason)" || fail "$type $i: $(dmesg | grep crashed)"
		take_core "$reason"
		state_is "$R" running
		kill -0 $echo_pid 2>/dev/null || fail "$type $i: rpmsg-echo ended: $(cat /tmp/echo.log)"
		i=$((i + 1))
		n=$((n + 1))
	done
	echo "$type: $cycles crashes recovered, $cycles coredumps checked"
done
wait_for 10 client_ept
sleep 1
kill -TERM $echo_pid
wait $echo_pid || fail "rpmsg-echo: $(cat /tmp/echo.log)"
cat /tmp/echo.log
summary=$(grep 'rpmsg-echo: .* echoed' /tmp/echo.log) || fail "no summary"
reconnects=$(echo "$summary" | sed -n 's/.* \([0-9]*\) reconnects.*/\1/p')
echoed=$(echo "$summary" | sed -n 's/.* \([0-9]*\) echoed.*/\1/p')
[ "$reconnects" -ge $n ] || fail "$reconnects reconnects for $n crashes"
[ "$echoed" -ge 1000 ] || fail "only $echoed echoes"
echo stop > "$R/state"
rmmod amp_rpmsg_char
rmmod amp_virtio_rpmsg
rmmod amp_rpmsg
unload_modules
echo PASS
