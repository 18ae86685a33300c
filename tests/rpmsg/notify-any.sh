#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A firmware whose vrings leave their notify ids to the host (RSC_NOTIFY_ID_ANY, the
# notify-any variant of firmware/rsc_table.c): the host assigns 0 and 1, as upstream's does,
# writes them into the table the remote runs with, and the rings carry messages both ways.
# (Release kernel only: the table paths it takes run under KASAN in bad-images.sh and
# resources.sh; make check's time is budgeted.)
# check: release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
echo variants/amp-fw-cpu1-notify-any.elf > "$R/firmware"
start_remote
for i in 0 1; do
	grep -q "vring $i: .* notifyid $i\$" "$D/resource_table" ||
		fail "vring $i: no notify id $i in the table: $(cat "$D/resource_table")"
done
grep -q "notifyid 4294967295" "$D/resource_table" &&
	fail "a notify id left unassigned: $(cat "$D/resource_table")"
rpmsg-echo -q -D "$RAW" -N 200 -S all || fail "echoes through rpmsg-raw's device"
rpmsg-echo -q -c "$CTRL" -N 200 -S all || fail "echoes through the control device"
echo stop > "$R/state"
unload_chardev
echo PASS
