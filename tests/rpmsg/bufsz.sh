#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Negotiated buffer sizes (VIRTIO_RPMSG_F_BUFSZ): the bufsz-4k firmware variant states
# 4 KiB buffers both ways, so the MTU is 4080 bytes: every size up to it echoes, verified
# byte for byte, through the control device and rpmsg-raw's device, with 64 in flight too,
# and 4081 bytes fail with EMSGSIZE. The plain variant offers none of the data path's
# optional features (an OpenAMP remote of the 512-byte era; it does not busy-poll either):
# 496 bytes echo, 497 fail, busy-polling reads work with it. The default firmware states
# 512 both ways; the ring-1024 variant's rings carry 700 messages in flight. (Debug
# kernel: KASAN watches the copies.)
# check: debug
. /amp/tests/rpmsg/lib.sh
set -e
load_chardev

online() {	# online RX TX: what the transport said when it took the vdev
	wait_for 5 has_at_least 1 "rpmsg host is online: 256 rx buffers of $1 bytes, 256 tx of $2"
}

echo variants/amp-fw-cpu1-bufsz-4k.elf > "$R/firmware"
dmesg -c >/dev/null
start_remote
online 4096 4096
rpmsg-echo -q -c "$CTRL" -N 4080 -S 1-4080 || fail "every size to 4080 through the control device"
rpmsg-echo -q -D "$RAW" -N 500 -S 3000-4080 || fail "big echoes through rpmsg-raw's device"
rpmsg-echo -q -c "$CTRL" -N 4000 -S 4080 -w 64 || fail "4080 bytes, 64 in flight"
rpmsg-echo -q -c "$CTRL" -N 2000 -S 1-496 -w 64 || fail "small messages in big buffers"
expect_err EMSGSIZE rpmsg-echo -q -c "$CTRL" -N 1 -S 4081
echo stop > "$R/state"
state_is "$R" offline

echo variants/amp-fw-cpu1-plain.elf > "$R/firmware"
dmesg -c >/dev/null
start_remote
online 512 512
rpmsg-echo -q -c "$CTRL" -N 1000 -S all -w 8 || fail "echoes with the plain firmware"
# busy-polling reads against a remote that does not poll: the host's spin alone
rpmsg-echo -q -B -b 50 -c "$CTRL" -N 1000 -S all || fail "busy polling, the plain firmware"
expect_err EMSGSIZE rpmsg-echo -q -c "$CTRL" -N 1 -S 497
echo stop > "$R/state"
state_is "$R" offline

# vrings of 1024 entries: more than 256 messages in flight
echo variants/amp-fw-cpu1-ring-1024.elf > "$R/firmware"
echo 1024 > /sys/module/amp_rpmsg_char/parameters/rx_queue_max
dmesg -c >/dev/null
start_remote
wait_for 5 has_at_least 1 "rpmsg host is online: 1024 rx buffers of 512 bytes, 1024 tx of 512"
rpmsg-echo -q -B -c "$CTRL" -N 3000 -S 1-496 -w 700 -t 30000 ||
	fail "700 in flight on 1024-entry rings"
echo 256 > /sys/module/amp_rpmsg_char/parameters/rx_queue_max
echo stop > "$R/state"
state_is "$R" offline

echo amp-fw-cpu1.elf > "$R/firmware"
dmesg -c >/dev/null
start_remote
online 512 512
rpmsg-echo -q -c "$CTRL" -N 500 -S all || fail "echoes with the default firmware"
echo stop > "$R/state"
unload_chardev
echo PASS
