#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, in the guest: guest-bench.sh STACK RTT_COUNT TPUT_COUNT [FIRMWARE]
# STACK is "ours" (our modules) or "upstream" (the kernel's in-tree remoteproc and rpmsg
# modules with bench/upstream's platform glue, loaded by amp-upstream-load), both on the
# release kernel. Remote 1 starts through sysfs, then rpmsg-echo runs through
# /dev/rpmsg_ctrl0 to the firmware's echo service: round trips of 16, 256 and 496 bytes with
# one message in flight, then 496-byte throughput with 1, 64 and 128 in flight. Every echo
# is verified byte for byte. Each result is a line "BENCH STACK NAME <rpmsg-echo summary>";
# scripts/bench reads them. Also: "BENCH STACK hist rtt-16 US COUNT", the 16-byte round
# trips' histogram; "BENCH STACK cpu tput-w64 TICKS", CPU0's busy time (/proc/stat, user
# to steal but idle and iowait, in USER_HZ ticks) during the 64-in-flight run; pipe-w1 and
# "BENCH STACK cpu pipe-w1 TICKS", the same program through a FIFO, no remote; and, before
# "ours" loads, "BENCH floor NS", the median in-kernel doorbell round trip without virtio
# (tests/harness/amp_harness_fwboot), the platform's floor. For "ours", the debugfs vrings
# lines before and after the 64-in-flight run: "BENCH ours vrings before|after LINE".
# For "ours", the busy-poll rows (AMP_RPMSG_SET_BUSY_POLL through rpmsg-echo -b 50):
# bp-rtt-16 (16-byte round trips, with its histogram "BENCH ours hist bp-rtt-16 ...") and
# bp-tput-w64. Then, for "ours" with the reference firmware, the same remote again with the firmware
# variant that states 4 KiB buffers (VIRTIO_RPMSG_F_BUFSZ): big-tput-w64 (496 bytes, 64 in
# flight) and big4k-tput-w64 (4080 bytes, the MTU, 64 in flight).
stack=${1:?usage: guest-bench.sh ours|upstream RTT_COUNT TPUT_COUNT [FIRMWARE]}
rtt_n=${2:-10000}
tput_n=${3:-20000}
fw=${4:-}

fail() {
	echo "BENCH-FAIL $stack: $*"
	exit 1
}

# the platform's floor: doorbell round trips with the firmware and nothing else
floor() {
	modprobe amp_harness_fwboot pings=5000 cycles=1 >/dev/null 2>&1 || {
		echo "BENCH floor n/a"
		return 0
	}
	rmmod amp_harness_fwboot
	dmesg | sed -n 's/.*fwboot: 5000 doorbell round trips: .*median \([0-9]*\) ns.*/BENCH floor \1/p' |
		tail -n 1
}

# CPU0's busy ticks so far: user nice system irq softirq steal (not idle, not iowait)
busy_ticks() {
	awk '$1 == "cpu0" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

case "$stack" in
ours)
	floor
	# busybox modprobe ignores softdeps: the mailbox controller first
	for m in amp_qemu_virt_mbox amp_qemu_virt_rproc amp_virtio_rpmsg amp_rpmsg_char; do
		modprobe "$m" || fail "modprobe $m"
	done
	;;
upstream)
	amp-upstream-load || fail "amp-upstream-load" ;;
*)
	fail "unknown stack '$stack'" ;;
esac
R=
for r in /sys/class/remoteproc/remoteproc*; do
	case "$(cat "$r/name" 2>/dev/null)" in *remoteproc-cpu1) R=$r ;; esac
done
[ -n "$R" ] || fail "no remoteproc for remoteproc-cpu1"
if [ -n "$fw" ]; then
	echo "$fw" > "$R/firmware" || fail "firmware $fw"
	echo "BENCH $stack firmware $fw"
fi
echo start > "$R/state" || fail "start"
n=100
until [ -c /dev/rpmsg_ctrl0 ] && ls /sys/bus/rpmsg/devices | grep -q openamp-demo; do
	n=$((n - 1))
	[ $n -gt 0 ] || fail "no /dev/rpmsg_ctrl0 or echo channel 5 s after start"
	usleep 50000
done

run() {	# run NAME RPMSG-ECHO-OPTIONS...
	local name=$1 out
	shift
	out=$(rpmsg-echo -q -B -c /dev/rpmsg_ctrl0 "$@") || fail "$name: $out"
	echo "BENCH $stack $name $out"
}

# warm-up: caches, the first allocations, the CPU frequency of nothing (TCG)
rpmsg-echo -q -B -c /dev/rpmsg_ctrl0 -N 200 -S 1-496 >/dev/null || fail "warm-up"
out=$(rpmsg-echo -q -H -B -c /dev/rpmsg_ctrl0 -N "$rtt_n" -S 16) || fail "rtt-16: $out"
echo "$out" | grep -v '^rpmsg-echo: hist ' | sed "s/^/BENCH $stack rtt-16 /"
echo "$out" | sed -n "s/^rpmsg-echo: hist /BENCH $stack hist rtt-16 /p"
run rtt-256 -N "$rtt_n" -S 256
run rtt-496 -N "$rtt_n" -S 496
run tput-w1 -N "$tput_n" -S 496 -w 1
vrings() {	# vrings WHEN: our vrings' counters (debugfs), for doorbells per message
	local f=/sys/kernel/debug/remoteproc/remoteproc0/vrings
	[ "$stack" = ours ] || return 0
	[ -r $f ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	sed -n "s/^vring /BENCH ours vrings $1 vring /p" $f 2>/dev/null
}
vrings before
t0=$(busy_ticks)
run tput-w64 -N "$tput_n" -S 496 -w 64
echo "BENCH $stack cpu tput-w64 $(($(busy_ticks) - t0))"
vrings after
# The program alone: the same rpmsg-echo, one message in flight through a FIFO (no remote,
# no doorbell, nobody sleeps). No stack moves messages faster with this program, nor for
# less CPU0: the bounds of targets 3 and 5.
rm -f /tmp/bench-fifo
mkfifo /tmp/bench-fifo || fail "mkfifo"
t0=$(busy_ticks)
out=$(rpmsg-echo -q -B -D /tmp/bench-fifo -N "$tput_n" -S 496 -w 1) || fail "pipe-w1: $out"
t1=$(busy_ticks)
echo "BENCH $stack pipe-w1 $out"
echo "BENCH $stack cpu pipe-w1 $((t1 - t0))"
rm -f /tmp/bench-fifo
run tput-w128 -N "$tput_n" -S 496 -w 128
if [ "$stack" = ours ]; then
	out=$(rpmsg-echo -q -H -B -b 50 -c /dev/rpmsg_ctrl0 -N "$rtt_n" -S 16) ||
		fail "bp-rtt-16: $out"
	echo "$out" | grep -v '^rpmsg-echo: hist ' | sed "s/^/BENCH $stack bp-rtt-16 /"
	echo "$out" | sed -n "s/^rpmsg-echo: hist /BENCH $stack hist bp-rtt-16 /p"
	run bp-tput-w64 -N "$tput_n" -S 496 -w 64 -b 50
fi
echo stop > "$R/state" || fail "stop"
if [ "$stack" = ours ] && [ -z "$fw" ]; then
	echo variants/amp-fw-cpu1-bufsz-4k.elf > "$R/firmware" || fail "firmware bufsz-4k"
	echo start > "$R/state" || fail "start bufsz-4k"
	n=100
	until ls /sys/bus/rpmsg/devices | grep -q openamp-demo; do
		n=$((n - 1))
		[ $n -gt 0 ] || fail "no echo channel 5 s after the start of bufsz-4k"
		usleep 50000
	done
	rpmsg-echo -q -B -c /dev/rpmsg_ctrl0 -N 200 -S 1-4080 >/dev/null || fail "warm-up, 4 KiB"
	run big-tput-w64 -N "$tput_n" -S 496 -w 64
	run big4k-tput-w64 -N "$tput_n" -S 4080 -w 64
	echo stop > "$R/state" || fail "stop bufsz-4k"
fi
echo "BENCH-DONE $stack"
