# SPDX-License-Identifier: GPL-2.0
# Helpers of the rpmsg end-to-end tests (sourced by the guest scripts beside it).
. /amp/tests/remoteproc/lib.sh

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

has_at_least() {	# has_at_least N PATTERN
	[ "$(dmesg_count "$2")" -ge "$1" ]
}

load_rpmsg() {
	load_modules
	modprobe amp_virtio_rpmsg || fail "cannot load amp_virtio_rpmsg"
}

unload_rpmsg() {
	rmmod amp_virtio_rpmsg || fail "rmmod amp_virtio_rpmsg"
	rmmod amp_rpmsg || fail "rmmod amp_rpmsg"
	unload_modules
}
