#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /dev/rpmsg_ctrlN and /dev/rpmsgN against the firmware's echo services: 10 000 echoes of
# every size from 1 to the MTU, verified byte for byte; -EMSGSIZE above it and one message
# per read; two processes on two endpoints at once; rpmsg-raw's automatic device; binding
# another channel to rpmsg_chrdev through driver_override and bind; local channels made and
# released through the control device; sysfs name/src/dst.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev
start_remote

# sysfs, as upstream lays it out
c=/sys/class/rpmsg/$(basename "$CTRL")
[ -d "$c" ] || fail "no $c"
r=/sys/class/rpmsg/$(basename "$RAW")
[ "$(cat "$r/name")" = rpmsg-raw ] || fail "$r/name: $(cat "$r/name")"
[ "$(cat "$r/dst")" = 1025 ] || fail "$r/dst: $(cat "$r/dst")"
[ "$(cat "$r/src")" -ge 1024 ] || fail "$r/src: $(cat "$r/src")"
# the transport's control channel is virtioN.rpmsg_ctrl.0.0 (src = dst = 0), bound to
# rpmsg_ctrl through its driver_override, as upstream's; a channel without one reads (null)
b=/sys/bus/rpmsg/devices
ctl=$(ls -d "$b"/virtio*.rpmsg_ctrl.* | head -n 1)
case "$ctl" in */virtio[0-9]*.rpmsg_ctrl.0.0) ;; *) fail "control channel: $ctl" ;; esac
[ "$(cat "$ctl/driver_override")" = rpmsg_ctrl ] || fail "$ctl/driver_override: $(cat "$ctl/driver_override")"
[ "$(cat "$ctl/src")" = 0x0 ] && [ "$(cat "$ctl/dst")" = 0x0 ] ||
	fail "$ctl src/dst: $(cat "$ctl/src") $(cat "$ctl/dst")"
[ "$(cat "$ctl/announce")" = false ] || fail "$ctl/announce: $(cat "$ctl/announce")"
grep -qx DEVTYPE=remoteproc "$R/uevent" || fail "$R/uevent: $(cat "$R/uevent")"
demo=$(ls -d "$b"/virtio*.rpmsg-openamp-demo-channel.*)
[ "$(cat "$demo/driver_override")" = "(null)" ] ||
	fail "$demo/driver_override unset: '$(cat "$demo/driver_override")'"

rpmsg-echo -q -c "$CTRL" -N 10000 -S all || fail "10000 echoes through the control device"
# rpmsg-raw's device counts its traffic: 496 echoes of 1..496 bytes, 123256 bytes each way
for f in rx_messages rx_bytes tx_messages tx_bytes tx_errors rx_dropped; do
	eval "before_$f=$(cat "$r/$f")"
done
rpmsg-echo -q -D "$RAW" -N 496 -S all || fail "echoes through rpmsg-raw's device"
[ $(($(cat "$r/tx_messages") - before_tx_messages)) = 496 ] || fail "tx_messages: $(cat "$r/tx_messages")"
[ $(($(cat "$r/rx_messages") - before_rx_messages)) = 496 ] || fail "rx_messages: $(cat "$r/rx_messages")"
[ $(($(cat "$r/tx_bytes") - before_tx_bytes)) = 123256 ] || fail "tx_bytes: $(cat "$r/tx_bytes")"
[ $(($(cat "$r/rx_bytes") - before_rx_bytes)) = 123256 ] || fail "rx_bytes: $(cat "$r/rx_bytes")"
[ "$(cat "$r/tx_errors")" = "$before_tx_errors" ] || fail "tx_errors: $(cat "$r/tx_errors")"
[ "$(cat "$r/rx_dropped")" = "$before_rx_dropped" ] || fail "rx_dropped: $(cat "$r/rx_dropped")"
# blocking writes without POLLOUT, as make bench runs it on both stacks
rpmsg-echo -q -B -c "$CTRL" -N 2000 -S all -w 16 || fail "blocking writes, 16 in flight"
rpmsg-stress emsgsize "$CTRL" || fail "emsgsize"
rpmsg-stress createdev "$CTRL" || fail "createdev"
expect_err EMSGSIZE rpmsg-echo -q -c "$CTRL" -N 1 -S 497

# the endpoint created through the control device shows under it while it exists
rpmsg-echo -q -c "$CTRL" -N 1 -S 1
[ -z "$(ls -d "$c"/rpmsg[0-9]* 2>/dev/null)" ] || fail "endpoint left: $(ls "$c")"

# two processes, two endpoints, at once
rpmsg-echo -q -c "$CTRL" -N 3000 -S 1-496 > /tmp/e1 2>&1 &
p1=$!
rpmsg-echo -q -D "$RAW" -N 3000 -S 1-496 > /tmp/e2 2>&1 &
p2=$!
wait $p1 || fail "first of two: $(cat /tmp/e1)"
wait $p2 || fail "second of two: $(cat /tmp/e2)"
cat /tmp/e1 /tmp/e2

# one opener at a time
exec 3<>"$RAW"
expect_err EBUSY rpmsg-echo -q -D "$RAW" -N 1
exec 3<&-

# any channel, bound through driver_override and bind (the OpenAMP userspace flow)
ch=$(basename "$(ls -d /sys/bus/rpmsg/devices/virtio*.rpmsg-openamp-demo-channel.*)")
echo rpmsg_chrdev > "/sys/bus/rpmsg/devices/$ch/driver_override"
echo "$ch" > /sys/bus/rpmsg/drivers/rpmsg_chrdev/bind || fail "bind $ch"
dev=/dev/$(basename "$(ls -d "/sys/bus/rpmsg/devices/$ch"/rpmsg/rpmsg*)")
wait_for 2 test -c "$dev"
rpmsg-echo -q -D "$dev" -N 500 -S 1-496 || fail "echo through the bound $ch"
echo "$ch" > /sys/bus/rpmsg/drivers/rpmsg_chrdev/unbind
[ ! -e "$dev" ] || fail "$dev left after unbind"

echo stop > "$R/state"
[ -z "$(ls /dev | grep rpmsg)" ] || fail "devices left after stop: $(ls /dev | grep rpmsg)"
unload_chardev
echo PASS
