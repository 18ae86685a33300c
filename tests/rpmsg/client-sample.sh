#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own samples/rpmsg/rpmsg_client_sample.c, built unmodified against our
# <linux/rpmsg.h>, binds to the firmware's rpmsg-client-sample channel, exchanges its 100
# messages and says goodbye; the channels carry upstream's names, sysfs attributes and
# uevents; stopping the remote removes them; everything unloads.
# check: debug release
. /amp/tests/rpmsg/lib.sh
set -e
load_rpmsg
modprobe rpmsg_client_sample || fail "cannot load the kernel's rpmsg_client_sample"
echo start > "$R/state"
wait_for 10 has_at_least 1 "rpmsg_client_sample .*: goodbye!"
[ "$(dmesg_count 'rpmsg_client_sample .*: incoming msg')" = 100 ] ||
	fail "$(dmesg_count 'rpmsg_client_sample .*: incoming msg') messages, wanted 100"

B=/sys/bus/rpmsg/devices
for name in rpmsg-client-sample rpmsg-raw rpmsg-openamp-demo-channel amp-bench; do
	d=$(ls -d $B/virtio*."$name".-1.* 2>/dev/null) || fail "no channel $name: $(ls $B)"
	[ "$(cat "$d/name")" = "$name" ] || fail "$d/name: $(cat "$d/name")"
	[ "$(cat "$d/modalias")" = "rpmsg:$name" ] || fail "$d/modalias: $(cat "$d/modalias")"
	grep -qx "MODALIAS=rpmsg:$name" "$d/uevent" || fail "$d/uevent: $(cat "$d/uevent")"
	[ "$(cat "$d/announce")" = false ] || fail "$d/announce"
	[ -e "$d/driver_override" ] || fail "$d has no driver_override"
	case "$(cat "$d/dst")" in 0x40[0-3]) ;; *) fail "$d/dst: $(cat "$d/dst")" ;; esac
done
d=$(ls -d $B/virtio*.rpmsg-client-sample.-1.*)
[ "$(basename "$(readlink "$d/driver")")" = rpmsg_client_sample ] || fail "sample not bound"

echo stop > "$R/state"
[ -z "$(ls $B)" ] || fail "channels left after stop: $(ls $B)"
dmesg | grep -q "rpmsg sample client driver is removed" || fail "the sample was not removed"
rmmod rpmsg_client_sample
unload_rpmsg
echo PASS
