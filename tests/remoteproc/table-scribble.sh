#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A firmware that rewrites its live resource table while it runs (debugfs "crash" type
# table-scribble: its vdev's vring count becomes 255): the host reads counts only from its
# checked copy, so debugfs resource_table still lists two vrings and reads nothing past the
# entry, and the remote still stops and boots cleanly.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
echo start > "$R/state"
echo table-scribble > "$D/crash"
wait_for 5 in_trace "scribbling over the resource table"
# the live table is what is shown
wait_for 5 grep -q "num_of_vrings 255" "$D/resource_table"
[ "$(grep -c '^  vring [0-9]' "$D/resource_table")" = 2 ] ||
	fail "$(grep -c '^  vring [0-9]' "$D/resource_table") vrings listed, wanted the checked 2"
echo stop > "$R/state"
echo start > "$R/state"
grep -q "num_of_vrings 2" "$D/resource_table" || fail "a fresh boot shows the image's table"
echo stop > "$R/state"
unload_modules
echo PASS
