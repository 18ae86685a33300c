#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 200 start/stop cycles; vm-run's kmemleak scan afterwards catches any leak.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
i=0
while [ $i -lt 200 ]; do
	echo start > "$R/state" || fail "start $i"
	echo stop > "$R/state" || fail "stop $i"
	i=$((i + 1))
done
state_is "$R" offline
grep -q "platform self-test passed" "$D/trace0" || fail "trace0 after the cycles"
unload_modules
echo PASS: $i cycles
