#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Endpoint file semantics: O_NONBLOCK with a full transmit ring gives -EAGAIN and nothing
# is lost; poll reports IN and OUT; closing with messages queued frees them; a firmware
# flood while nobody reads keeps the queue, and so kernel memory, bounded, with the drops
# counted; everything unloads with nothing open.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
start_remote
rpmsg-stress pollio "$CTRL" || fail pollio
rpmsg-stress nonblock "$CTRL" || fail nonblock
rpmsg-stress close-queued "$CTRL" 50 || fail close-queued
rpmsg-stress flood "$CTRL" 400 16 || fail flood
# the transport still works after all that
rpmsg-echo -q -c "$CTRL" -N 200 -S 1-496 || fail "echo after the flood"
echo stop > "$R/state"
unload_chardev
lsmod | grep -q amp_ && fail "modules left: $(lsmod)"
echo PASS
