# SPDX-License-Identifier: GPL-2.0
# Helpers of the remoteproc end-to-end tests (sourced by the guest scripts beside it).

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_err ERRNO-TEXT CMD...: CMD must fail and its message name ERRNO-TEXT.
expect_err() {
	local want=$1 out
	shift
	if out=$("$@" 2>&1); then
		fail "'$*' succeeded, wanted: $want"
	fi
	case "$out" in
	*"$want"*) ;;
	*) fail "'$*' failed with '$out', wanted: $want" ;;
	esac
}

# rproc_of NODE: the remoteprocN directory of a DT node name (remoteproc-cpuK).
rproc_of() {
	local r
	for r in /sys/class/remoteproc/remoteproc*; do
		[ "$(cat "$r/name")" = "$(basename "$(readlink -f "$r/..")" 2>/dev/null)" ] || true
		case "$(cat "$r/name")" in *"$1") echo "$r"; return 0 ;; esac
	done
	return 1
}

# wait_for SECONDS CMD...: run CMD every 50 ms until it succeeds; fail after SECONDS.
wait_for() {
	local n=$(($1 * 20))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || fail "timed out waiting for: $*"
		usleep 50000
	done
}

dmesg_count() {	# dmesg_count PATTERN: kernel log lines matching PATTERN
	dmesg | grep -c "$1" || true
}

# klog_time PATTERN: the kernel timestamp (seconds) of the last log line matching PATTERN
klog_time() {
	dmesg | grep "$1" | tail -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}

has_at_least() {	# has_at_least N PATTERN
	[ "$(dmesg_count "$2")" -ge "$1" ]
}

# in_trace PATTERN: the remote's trace buffer shows PATTERN (for wait_for)
in_trace() {
	grep -q "$1" "$D/trace0"
}

state_is() {	# state_is DIR STATE
	[ "$(cat "$1/state")" = "$2" ] || fail "$1: state $(cat "$1/state"), wanted $2"
}

# The platform driver the tests load: the reference platform's, or (tests/remoteproc/glue.sh)
# bench/upstream's glue, an upstream-style driver built against our headers.
AMP_RPROC_DRIVER=${AMP_RPROC_DRIVER:-amp_qemu_virt_rproc}

load_modules() {	# load_modules [MODULE-PARAMETERS of the platform driver]
	# the doorbells first: the remote's probe needs its mailbox channel
	modprobe amp_qemu_virt_mbox || fail "cannot load amp_qemu_virt_mbox"
	modprobe "$AMP_RPROC_DRIVER" "$@" || fail "cannot load $AMP_RPROC_DRIVER"
	R=$(rproc_of remoteproc-cpu1) || fail "no remoteproc for remoteproc-cpu1"
	D=/sys/kernel/debug/remoteproc/$(basename "$R")
	DEV=/dev/$(basename "$R")
}

unload_modules() {
	rmmod "$AMP_RPROC_DRIVER" || fail "rmmod $AMP_RPROC_DRIVER"
	rmmod amp_remoteproc || fail "rmmod amp_remoteproc"
	rmmod amp_qemu_virt_mbox || fail "rmmod amp_qemu_virt_mbox"
}
