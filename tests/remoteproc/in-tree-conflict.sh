#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Our remoteproc and rpmsg cores against the kernel's own (remoteproc.ko and rpmsg_core.ko,
# modules of the release kernel in /lib/modules/upstream): each pair exports the same symbol
# names, so the module loader refuses whichever of a pair comes second, with one line,
# "NAME: exports duplicate symbol SYMBOL (owned by OWNER)", and nothing of it stays loaded.
# Both orders: the kernel's cores first, then ours.
# check: release
. /amp/tests/remoteproc/lib.sh
set -e

# refused NAME OWNER CMD...: CMD, which loads module NAME, fails; the kernel's only lines
# about NAME say that it exports a symbol module OWNER owns (busybox's insmod and modprobe
# try finit_module, then init_module: a line per attempt); NAME is not left loaded.
refused() {
	local name=$1 owner=$2 said other
	shift 2
	dmesg -c >/dev/null
	if "$@" >/tmp/refused.out 2>&1; then
		fail "$name loaded beside $owner: '$*' succeeded"
	fi
	said=$(dmesg | grep "\] $name: " | grep -v 'taints kernel' || true)
	[ -n "$said" ] || fail "$name refused without a kernel message: $(cat /tmp/refused.out)"
	other=$(echo "$said" |
		grep -Ev "\] $name: exports duplicate symbol [A-Za-z0-9_]+ \(owned by $owner\)$" || true)
	[ -z "$other" ] || fail "$name: not only the duplicate symbol: $other"
	if grep -q "^$name " /proc/modules; then
		fail "$name left loaded"
	fi
	echo "refused: $(echo "$said" | head -n 1 | sed 's/^.*\] //')"
}

# the kernel's cores first
amp-upstream-load remoteproc rpmsg_core || fail "amp-upstream-load"
refused amp_remoteproc remoteproc modprobe amp_remoteproc
# and the platform driver, which needs our core, does not load either
if modprobe amp_qemu_virt_rproc 2>/dev/null; then
	fail "amp_qemu_virt_rproc loaded"
fi
refused amp_rpmsg rpmsg_core modprobe amp_rpmsg
rmmod rpmsg_core remoteproc || fail "rmmod of the kernel's cores"

# ours first
modprobe amp_remoteproc || fail "modprobe amp_remoteproc"
modprobe amp_rpmsg || fail "modprobe amp_rpmsg"
refused remoteproc amp_remoteproc amp-upstream-load remoteproc
refused rpmsg_core amp_rpmsg amp-upstream-load rpmsg_core
rmmod amp_rpmsg amp_remoteproc || fail "rmmod of our cores"
echo PASS
