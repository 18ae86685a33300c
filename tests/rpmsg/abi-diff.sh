#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The differential ABI test: one scenario, run on our stack and then, in the same boot, on
# the kernel's own (the release kernel's in-tree remoteproc and rpmsg modules with
# bench/upstream's glue, amp-upstream-load), same firmware. It records everything userspace
# can see: /sys/class/remoteproc, /sys/bus/rpmsg/devices and /sys/class/rpmsg (names,
# attribute values, modes, links), debugfs remoteproc/remoteprocN (names, modes, what crash
# takes), the /dev nodes, every device's uevent variables, and the errno of every failing
# call: start, channels, the control device's ioctls (bad commands and arguments, a name
# without its NUL, a duplicate address), an endpoint's I/O (writes above the MTU, empty
# writes, poll), a created and a released channel device, a stop with descriptors open and
# what they do then, sysfs writes in the wrong state, a restart.
#
# The two records must be equal, but for the differences listed in ALLOW below, each a
# deliberate improvement documented in Documentation/chardev.rst ("Differences from
# upstream"). An entry that no longer matches any difference fails the test too.
# check: release
. /amp/tests/rpmsg/lib.sh
set -e

OUT=/tmp/abi
mkdir -p $OUT

# ALLOW: KEY-REGEX (awk, matched against the whole key) and why. Keep in step with
# Documentation/chardev.rst.
ALLOW='
^start-running$	a second start of a running remote fails with EBUSY, as in later kernels (6.1 counts it as a user)
^after-second-start/	6.1: after that second start, the stop only drops its reference: the remote runs on
^debugfs/(vrings|fail_vdev_register)$	debugfs: the vrings state (ampctl vrings) and a fault knob for the tests
/class/rpmsg[0-9]+/(rx_queue_max|rx_queued|rx_dropped|rx_wait_ms|rx_messages|rx_bytes|tx_messages|tx_bytes|tx_errors)$	an endpoint device counts its traffic and bounds its receive queue
/class/rpmsg[0-9]+/busy_poll_us$	an endpoint device may busy-poll its reads (AMP_RPMSG_SET_BUSY_POLL)
^ept/[0-9]+-poll$	poll reports POLLOUT when a write would not block (6.1 rpmsg_char never does)
^(ctrl/[0-9]+-(ioctl-bad|destroy-ept)|ept/[0-9]+-ioctl-(bad|null)|stopped/raw/[0-9]+-ioctl-bad)$	an unknown ioctl fails with ENOTTY (6.1: EINVAL, or EFAULT when its argument is unreadable)
^stopped/ctrl/[0-9]+-create-ept$	an endpoint asked of a control device whose remote stopped: ENETRESET (6.1: ENOENT and a WARN, a device put without its release; not run there)
^create-dev/[0-9]+-create-dev$	creating a channel that exists fails with EEXIST (6.1: ENXIO, for any failure)
^firmware-long$	a firmware name longer than NAME_MAX is refused when written (EINVAL; 6.1 takes it and the start fails)
'

# ---- recording -----------------------------------------------------------------------------

# The stack being recorded, and where: $OUT/$STACK
rec() {	# rec KEY VALUE...
	echo "$*" | sed -e 's/virtio[0-9][0-9]*/virtioN/g' >>"$OUT/$STACK"
}

# A file's value, one line (newlines as |), or its read error
value() {
	local v
	if v=$(cat "$1" 2>&1); then
		echo "$v" | sed -e 's/^MAJOR=[0-9]*/MAJOR=M/' -e 's/^[0-9]*:\([0-9]*\)$/M:\1/' |
			tr '\n' '|'
	else
		echo "error: ${v##*: }"
	fi
}

# dump_dir KEY DIR: each entry of DIR: files with mode and value, links with their target's
# name, directories by name (power/ is the driver model's, not ours)
dump_dir() {
	local e f
	for e in $(ls "$2" | sort); do
		f=$2/$e
		if [ -L "$f" ]; then
			rec "$1/$e" "-> $(basename "$(readlink "$f")")"
		elif [ -d "$f" ]; then
			rec "$1/$e" "dir"
		else
			rec "$1/$e" "mode $(stat -c %a "$f") $(value "$f")"
		fi
	done
}

# errno KEY CMD: the outcome of a shell command (a write to sysfs or debugfs)
errno_of() {
	local out
	if out=$(sh -c "$2" 2>&1); then
		rec "$1" "ok"
	else
		rec "$1" "error: $(echo "$out" | tail -n 1 | sed 's/^.*error: //')"
	fi
}

# record_steps KEY: abi-probe's output on stdin, a key per step (KEY/N-STEP)
record_steps() {
	local n=0 step rest
	while read -r step rest; do
		n=$((n + 1))
		rec "$1/$n-${step%:}" "$rest"
	done
}

# probe KEY DEV STEPS...: abi-probe's outcome of each step
probe() {
	local key=$1
	shift
	abi-probe "$@" 2>&1 | record_steps "$key"
}

ept_of() {	# ept_of NAME: the /sys/class/rpmsg entry of the endpoint device named NAME
	local d
	for d in /sys/class/rpmsg/rpmsg*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

# every channel, rpmsg class device and /dev node, under KEY
dump_rpmsg() {
	local d
	for d in $(ls /sys/bus/rpmsg/devices | sort); do
		dump_dir "$1/chan/$d" "/sys/bus/rpmsg/devices/$d"
	done
	for d in $(ls /sys/class/rpmsg | sort); do
		dump_dir "$1/class/$d" "/sys/class/rpmsg/$d"
	done
	for d in $(ls /dev | grep -E '^(rpmsg|remoteproc)' | sort); do
		rec "$1/dev/$d" "$(stat -c '%F %a' "/dev/$d")"
	done
}

# dev_of_channel NAME.SRC.DST: the channel exists and its endpoint device is in /dev
dev_of_channel() {
	local d
	d=$(ls -d /sys/bus/rpmsg/devices/virtio*."$1"/rpmsg/rpmsg* 2>/dev/null) &&
		[ -c "/dev/$(basename "$d")" ]
}

no_channel() {	# no_channel NAME.SRC.DST
	! ls -d /sys/bus/rpmsg/devices/virtio*."$1" >/dev/null 2>&1
}

channels_up() {
	has_channel rpmsg-raw && has_channel rpmsg-openamp-demo-channel &&
		has_channel rpmsg-client-sample && test -c /dev/rpmsg_ctrl0
}

# ---- the scenario --------------------------------------------------------------------------

scenario() {
	local R=/sys/class/remoteproc/remoteproc0 D=/sys/kernel/debug/remoteproc/remoteproc0
	local raw ept

	echo amp-fw-cpu1.elf > $R/firmware
	dump_dir offline $R
	for f in $(ls $D | sort); do
		rec "debugfs/$f" "mode $(stat -c %a "$D/$f")"
	done
	errno_of stop-offline "echo stop > $R/state"
	errno_of state-bogus "echo bogus > $R/state"
	errno_of recovery-bogus "echo bogus > $R/recovery"
	errno_of coredump-bogus "echo bogus > $R/coredump"
	errno_of name-write "echo x > $R/name"
	errno_of crash-offline "echo 0 > $D/crash"
	errno_of firmware-empty "echo > $R/firmware"
	errno_of firmware-long "printf '%0300d' 0 > $R/firmware"
	echo amp-fw-cpu1.elf > $R/firmware

	errno_of start "echo start > $R/state"
	wait_for 10 channels_up
	dump_dir running $R
	dump_rpmsg running
	errno_of firmware-running "echo x.elf > $R/firmware"
	errno_of crash-bogus "echo 7 > $D/crash"
	errno_of crash-word "echo abc > $D/crash"

	# a channel's driver_override, set and cleared
	chan=$(ls -d /sys/bus/rpmsg/devices/virtio*.rpmsg-openamp-demo-channel.*)
	errno_of override-set "echo rpmsg_chrdev > $chan/driver_override"
	rec override-value "$(value "$chan/driver_override")"
	errno_of override-clear "echo > $chan/driver_override"
	rec override-cleared "$(value "$chan/driver_override")"

	# the control device: bad calls, endpoints
	probe ctrl /dev/rpmsg_ctrl0 open ioctl-bad ioctl-null destroy-ept \
		create-ept abi-ept 0x500 0x401 create-ept long 0x501 0x401 \
		create-ept abi-dup 0x500 0x401 create-ept '' 0x502 0x401 \
		release-dev abi-none 0x510 0x401 \
		read poll close
	dump_rpmsg endpoints

	# an endpoint: I/O at and above the MTU, then a second endpoint on its address
	ept=$(ept_of abi-ept) || fail "no endpoint device abi-ept"
	mkfifo $OUT/go
	abi-probe "/dev/$(basename "$ept")" open poll write 16 read-echo 1 wait write 497 \
		write 496 read-echo 1 write 0 ioctl-bad ioctl-null poll close <$OUT/go \
		>$OUT/ept.out 2>&1 &
	exec 7>$OUT/go
	# the first holds its endpoint open before the second tries the same address
	wait_for 10 grep -q '^open: ok' $OUT/ept.out
	dup=$(ept_of abi-dup) || fail "no endpoint device abi-dup"
	probe dup "/dev/$(basename "$dup")" open write 16 close
	echo >&7
	exec 7>&-
	wait
	rm -f $OUT/go
	record_steps ept <$OUT/ept.out
	probe destroy "/dev/$(basename "$ept")" open destroy-ept write 1 poll close
	dump_rpmsg destroyed

	# a channel device made and released through the control device
	probe create-dev /dev/rpmsg_ctrl0 open create-dev rpmsg-raw 0x520 0x401 \
		create-dev rpmsg-raw 0x520 0x401 close
	wait_for 10 dev_of_channel rpmsg-raw.1312.1025
	dump_rpmsg created
	probe release-dev /dev/rpmsg_ctrl0 open release-dev rpmsg-raw 0x520 0x401 \
		release-dev rpmsg-raw 0x520 0x401 close
	wait_for 10 no_channel rpmsg-raw.1312.1025
	dump_rpmsg released

	# stop with descriptors open: the control device and rpmsg-raw's endpoint device
	raw=$(ls -d /sys/bus/rpmsg/devices/virtio*.rpmsg-raw.*/rpmsg/rpmsg*)
	mkfifo $OUT/go
	# 6.1 WARNs there (rpmsg_chrdev_eptdev_add() puts a device without a release): not on it
	if [ $STACK = ours ]; then
		late="create-ept abi-late 0x530 0x401"
	else
		late="skip create-ept"
	fi
	abi-probe /dev/rpmsg_ctrl0 open wait poll $late read close \
		<$OUT/go >$OUT/ctrl-held.out 2>&1 &
	mkfifo $OUT/go2
	abi-probe "/dev/$(basename "$raw")" open-nb write 16 read-echo 1 wait poll write 16 read \
		ioctl-bad close <$OUT/go2 >$OUT/raw-held.out 2>&1 &
	exec 7>$OUT/go 8>$OUT/go2
	# both hold their device, and the raw one has had its echo, before the stop
	wait_for 10 grep -q '^open: ok' $OUT/ctrl-held.out
	wait_for 10 grep -q '^read-echo: ' $OUT/raw-held.out
	errno_of stop "echo stop > $R/state"
	dump_dir stopped $R
	dump_rpmsg stopped
	echo >&7
	echo >&8
	exec 7>&- 8>&-
	wait
	rm -f $OUT/go $OUT/go2
	record_steps stopped/ctrl <$OUT/ctrl-held.out
	record_steps stopped/raw <$OUT/raw-held.out
	errno_of stop-again "echo stop > $R/state"

	# restart, then the wrong-state writes of a running remote
	errno_of restart "echo start > $R/state"
	wait_for 10 channels_up
	dump_rpmsg restarted
	errno_of start-running "echo start > $R/state"
	errno_of after-second-start/stop-running "echo stop > $R/state"
	rec after-second-start/state "$(cat $R/state)"
	dump_rpmsg after-second-start
	[ "$(cat $R/state)" = offline ] || echo stop > $R/state
	rec end/state "$(cat $R/state)"
}

# ---- ours, then upstream's, in the same boot -----------------------------------------------

STACK=ours
: >"$OUT/$STACK"
load_chardev
[ "$R" = /sys/class/remoteproc/remoteproc0 ] || fail "ours: the remote is $R"
scenario
unload_chardev

STACK=upstream
: >"$OUT/$STACK"
amp-upstream-load >/dev/null || fail "amp-upstream-load"
scenario

# ---- the comparison ------------------------------------------------------------------------

# the record, for the log: what both stacks showed where they agree, ours where they do not
sed 's/^/record: /' $OUT/ours
echo "$ALLOW" | sed '/^$/d' >$OUT/allow
awk -F'\t' -v ours=$OUT/ours -v up=$OUT/upstream '
	FILENAME == ARGV[1] { allow[++na] = $1; why[na] = $2; next }
	function key(line) { return substr(line, 1, index(line " ", " ") - 1) }
	function val(line) { return substr(line, length(key(line)) + 2) }
	END {
		while ((getline l < ours) > 0) { k = key(l); o[k] = val(l); keys[k] = 1 }
		while ((getline l < up) > 0) { k = key(l); u[k] = val(l); keys[k] = 1 }
		bad = 0
		nk = 0
		for (k in keys) {
			nk++
			if ((k in o) && (k in u) && o[k] == u[k])
				continue
			ok = 0
			for (i = 1; i <= na; i++)
				if (k ~ allow[i]) { ok = 1; used[i] = 1; break }
			line = sprintf("%s\n    ours:     %s\n    upstream: %s", k,
				(k in o) ? o[k] : "(none)", (k in u) ? u[k] : "(none)")
			if (ok) {
				print "allowed: " line
			} else {
				print "DIFF: " line
				bad++
			}
		}
		for (i = 1; i <= na; i++)
			if (!used[i]) {
				print "STALE allowlist entry: " allow[i] " (" why[i] ")"
				bad++
			}
		print "abi-diff: " nk " keys, " bad " unexpected"
		exit bad != 0
	}' $OUT/allow || fail "the ABI differs from upstream's (above)"
echo "PASS: the ABI is upstream's but for the allowlist"
