#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# On a kernel whose built-in remoteproc core owns the remoteproc class, our core refuses to
# load with one clear message naming the kernel option, and leaves nothing behind.
# check: upstream
set -e
fail() {
	echo "FAIL: $*"
	exit 1
}
[ -d /sys/class/remoteproc ] || fail "this kernel has no built-in remoteproc core"
if modprobe amp_remoteproc 2>/tmp/err; then
	fail "amp_remoteproc loaded beside the built-in core"
fi
dmesg | grep -q "amp_remoteproc: .*CONFIG_REMOTEPROC=n" || fail "no message naming CONFIG_REMOTEPROC: $(dmesg | tail -5)"
# one message per attempt, and nothing else (busybox's modprobe makes two attempts: it falls
# back from finit_module to init_module)
others=$(dmesg | grep 'amp_remoteproc: ' | grep -v 'taints kernel' | grep -vc 'CONFIG_REMOTEPROC=n' || true)
[ "$others" = 0 ] || fail "other messages: $(dmesg | grep amp_remoteproc)"
grep -q "Device or resource busy" /tmp/err || fail "modprobe said: $(cat /tmp/err)"
! grep -q amp_remoteproc /proc/modules || fail "amp_remoteproc left loaded"
# and the platform driver, which depends on it, does not load either
if modprobe amp_qemu_virt_rproc 2>/dev/null; then
	fail "amp_qemu_virt_rproc loaded"
fi
echo PASS
