# SPDX-License-Identifier: GPL-2.0
# Helpers of the rpmsg end-to-end tests (sourced by the guest scripts beside it).
. /amp/tests/remoteproc/lib.sh

load_rpmsg() {
	load_modules
	modprobe amp_virtio_rpmsg || fail "cannot load amp_virtio_rpmsg"
}

unload_rpmsg() {
	rmmod amp_virtio_rpmsg || fail "rmmod amp_virtio_rpmsg"
	rmmod amp_rpmsg || fail "rmmod amp_rpmsg"
	unload_modules
}

# load_chardev: the rpmsg stack plus the chardev; sets CTRL to the remote's control device
# once started (start_remote).
load_chardev() {
	load_rpmsg
	modprobe amp_rpmsg_char || fail "cannot load amp_rpmsg_char"
}

unload_chardev() {
	rmmod amp_rpmsg_char || fail "rmmod amp_rpmsg_char"
	unload_rpmsg
}

# start_remote: start it and wait for its channels and devices: CTRL, RAW (rpmsg-raw's node)
has_channel() {	# has_channel NAME (globbed at each call, unlike a wait_for argument)
	ls -d /sys/bus/rpmsg/devices/virtio*."$1".* >/dev/null 2>&1
}

start_remote() {
	echo start > "$R/state" || fail "start"
	wait_for 10 has_channel amp-bench
	wait_for 2 has_channel rpmsg-raw
	CTRL=/dev/$(basename "$(ls -d /sys/class/rpmsg/rpmsg_ctrl* | head -n 1)")
	local raw
	raw=$(ls -d /sys/bus/rpmsg/devices/virtio*.rpmsg-raw.*/rpmsg/rpmsg* 2>/dev/null) ||
		fail "rpmsg-raw has no endpoint device"
	RAW=/dev/$(basename "$raw")
	wait_for 2 test -c "$CTRL"
	wait_for 2 test -c "$RAW"
}

has_core() {	# has_core: a devcoredump is waiting to be read
	ls /sys/class/devcoredump/devcd*/data >/dev/null 2>&1
}

# take_core REASON [FILE]: read the waiting coredump, free it, check it with core-check
take_core() {
	local d f=${2:-/tmp/core}
	wait_for 10 has_core
	d=$(ls -d /sys/class/devcoredump/devcd* | head -n 1)
	cat "$d/data" > "$f"
	echo 1 > "$d/data"
	core-check "$f" "/lib/firmware/$(cat "$R/firmware")" "$1" >/tmp/core-check.out ||
		fail "coredump: $(cat /tmp/core-check.out)"
	[ "$f" != /tmp/core ] || rm -f /tmp/core
}
