#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 20 crash/recover cycles (ARG1 if given: make soak runs 200) of each recoverable crash
# type, while rpmsg-echo runs on another endpoint: a fault (the exception path), a soft hang
# (the watchdog) and a broken vring (the transport gives up on the vdev). Each cycle's
# coredump is read through devcoredump and checked against the firmware (core-check); the
# echo client sees the remote go, reconnects to the re-announced channels, and every echo
# it got is verified. vm-run's kmemleak scan afterwards catches any leak.
#
# What the docs promise, and this asserts: every crash is followed by a working channel.
# Before each crash the test waits until the client has reconnected since the last crash
# and verified an echo through its new endpoint (its SIGUSR1 status line says so). Waiting
# only for an endpoint to exist was not enough: a client that had created its endpoint but
# not yet opened it lost it to the next crash without seeing that crash (149 reconnects
# for 150 crashes on a loaded machine). The client may reconnect more than once for one
# crash (its first try can land on the dying run's control device), never less.
# 150 cycles took about 6 minutes alone on the debug kernel, and more beside another VM.
# vm-run: --timeout 900
. /amp/tests/rpmsg/lib.sh
set -e
load_modules watchdog_ms=300
modprobe amp_virtio_rpmsg
modprobe amp_rpmsg_char
echo enabled > "$R/coredump"
start_remote

cycles=${1:-20}
# niced: the echo keeps going, and the test's own work (coredumps) is not starved by it;
# not to 19, which starves the client's reconnect for as long as a coredump is checked
rpmsg-echo -P 10 -q -R 20 -N 2000000000 -S 1-496 >/tmp/echo.log 2>&1 &
echo_pid=$!
# client_works R: the client's status says it holds an endpoint, has reconnected more than
# R times in all, and verified an echo through that endpoint; sets works_r to its count.
# (Few forks: they are slow on the debug kernel, and they take the client's time.)
client_works() {
	local want=$1
	kill -USR1 $echo_pid 2>/dev/null || return 1
	usleep 100000
	# rpmsg-echo: status: connected C sent S echoed E reconnects R since-connect K
	set -- $(grep 'rpmsg-echo: status:' /tmp/echo.log | tail -n 1)
	[ "$4" = 1 ] && [ "${10}" -gt "$want" ] && [ "${12}" -ge 1 ] || return 1
	works_r=${10}
}

# SIGUSR1 ends a process that has not set its handler yet: wait until the client has made
# its endpoint (it sets its handlers before that)
client_ept() {
	ls -d /sys/class/rpmsg/rpmsg_ctrl*/rpmsg[0-9]*
}
wait_for 30 client_ept
works_r=-1
n=0
for type in fault soft-hang vring; do
	case $type in
	fault) reason="fatal error" ;;
	soft-hang) reason=watchdog ;;
	vring) reason="protocol violation" ;;
	esac
	i=1
	while [ $i -le $cycles ]; do
		wait_for 30 client_works $works_r
		dmesg -c >/dev/null
		echo $type > "$D/crash" || fail "$type $i: inject"
		wait_for 30 has_at_least 1 "recovered remoteproc-cpu1"
		has_at_least 1 "crashed ($reason)" || fail "$type $i: $(dmesg | grep crashed)"
		take_core "$reason"
		state_is "$R" running
		kill -0 $echo_pid 2>/dev/null || fail "$type $i: rpmsg-echo ended: $(grep -v 'status:' /tmp/echo.log)"
		i=$((i + 1))
		n=$((n + 1))
	done
	echo "$type: $cycles crashes recovered, $cycles coredumps checked"
done
wait_for 30 client_works $works_r
kill -TERM $echo_pid
wait $echo_pid || fail "rpmsg-echo: $(grep -v 'status:' /tmp/echo.log)"
grep -v 'status:' /tmp/echo.log
summary=$(grep 'rpmsg-echo: .* echoed,' /tmp/echo.log) || fail "no summary"
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
