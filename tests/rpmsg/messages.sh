#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# messages.sh [COUNT [MODES]]: in each mode, COUNT messages (default 3000; make soak:
# SOAK_MESSAGES, 1 000 000) echoed by the firmware and verified byte for byte, 64 in flight,
# through an endpoint made on the control device, with a quarter as many through
# rpmsg-raw's device at the same time (interrupt-driven); none lost, none mismatched, and
# (debug kernel) no kernel report, no leak. The data path's long run. MODES (default
# "irq busy big"):
#   irq    interrupt-driven reads, every size 1-496
#   busy   busy-polling reads (rpmsg-echo -b 50) beside rpmsg-raw's interrupt-driven ones
#   big    the bufsz-4k firmware (4 KiB buffers): every size 1-4080
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
count=${1:-3000}
modes=${2:-irq busy big}
load_chardev

run() {	# run MODE SIZES RPMSG-ECHO-OPTIONS...: the two endpoints at once
	local mode=$1 sizes=$2
	shift 2
	rpmsg-echo -q -c "$CTRL" -N "$count" -S "$sizes" -w 64 "$@" >/tmp/ctrl.out 2>&1 &
	ctrl=$!
	rpmsg-echo -q -D "$RAW" -N "$((count / 4))" -S all -w 16 >/tmp/raw.out 2>&1 ||
		fail "$mode: rpmsg-raw: $(cat /tmp/raw.out)"
	wait $ctrl || fail "$mode: control device's endpoint: $(cat /tmp/ctrl.out)"
	cat /tmp/ctrl.out /tmp/raw.out
	grep -q " $count echoed, 0 mismatched, 0 lost" /tmp/ctrl.out ||
		fail "$mode: not every echo verified"
}

for mode in $modes; do
	case $mode in
	irq)
		start_remote
		run irq all ;;
	busy)
		start_remote
		run busy all -B -b 50 ;;
	big)
		echo variants/amp-fw-cpu1-bufsz-4k.elf > "$R/firmware"
		start_remote
		run big 1-4080 ;;
	*)
		fail "unknown mode $mode" ;;
	esac
	echo stop > "$R/state"
	state_is "$R" offline
	echo amp-fw-cpu1.elf > "$R/firmware"
done
unload_chardev
echo "PASS: $modes: $count + $((count / 4)) messages each, every echo verified"
