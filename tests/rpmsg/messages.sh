#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# messages.sh [COUNT]: COUNT messages (default 5000; make soak: SOAK_MESSAGES, 1 000 000)
# of every size 1-496 bytes, 64 in flight, echoed by the firmware and verified byte for byte,
# through an endpoint made on the control device and through rpmsg-raw's device at once;
# none lost, none mismatched, and (debug kernel) no kernel report, no leak. The data path's
# long run, in the interrupt-driven mode (the only one so far).
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
count=${1:-5000}
load_chardev
start_remote
rpmsg-echo -q -c "$CTRL" -N "$count" -S all -w 64 >/tmp/ctrl.out 2>&1 &
ctrl=$!
rpmsg-echo -q -D "$RAW" -N "$((count / 4))" -S all -w 16 >/tmp/raw.out 2>&1 ||
	fail "rpmsg-raw: $(cat /tmp/raw.out)"
wait $ctrl || fail "control device's endpoint: $(cat /tmp/ctrl.out)"
cat /tmp/ctrl.out /tmp/raw.out
grep -q " $count echoed, 0 mismatched, 0 lost" /tmp/ctrl.out || fail "not every echo verified"
echo stop > "$R/state"
unload_chardev
echo "PASS: $count + $((count / 4)) messages, every echo verified"
