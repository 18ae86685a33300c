#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Same driver, both cores: bench/upstream/amp_upstream_rproc.c, a platform driver written
# against upstream's remoteproc API and the mailbox framework (make bench runs it on the
# kernel's own remoteproc), built unmodified against our headers (tests/remoteproc/glue/)
# and loaded on our core instead of amp_qemu_virt_rproc. The end-to-end suites of start and
# stop (sysfs, /dev/remoteprocN, shutdown on release), of echo through the chardevs, of
# chardev I/O and of stopping under open files run with it, one after the other in this
# guest, each loading and unloading the stack as it does alone.
#
# Skipped with the glue, and why: the crash suites (crash-recovery, crash-echo-cycles,
# coredump, soft-hang, unstoppable, table-scribble, watchdog: it has no inject_crash op and
# reports no crash; their core paths run with amp_qemu_virt_rproc), the platform knobs
# (faults, chaos, hostile-descriptors, late-doorbell, hang-in-init: amp_qemu_virt_rproc's
# debugfs and firmware variants), the suites that stall or crash the firmware through them
# (vrings, trace-events), detach (it has no detach op).
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
export AMP_RPROC_DRIVER=amp_upstream_rproc
# the copy built against our headers, linked to our core
dep=$(grep '^extra/tests/remoteproc/glue/amp_upstream_rproc.ko:' "/lib/modules/$(uname -r)/modules.dep") ||
	fail "no amp_upstream_rproc built against our headers"
echo "$dep" | grep -q 'extra/drivers/remoteproc/amp_remoteproc.ko' ||
	fail "amp_upstream_rproc does not use our core: $dep"
# On the debug kernel (kmemleak: its debugfs file) the echo and I/O suites are left out:
# they exercise the rpmsg stack, which is the same whichever platform driver is under it,
# and run there with amp_qemu_virt_rproc; what the glue changes (start, stop, their cycles,
# stopping under open files) runs on both kernels.
suites="remoteproc/lifecycle remoteproc/cycles rpmsg/chardev-stop rpmsg/client-sample"
[ -e /sys/kernel/debug/kmemleak ] || suites="$suites rpmsg/chardev-echo rpmsg/chardev-io"
for t in $suites; do
	echo "glue: $t"
	sh "/amp/tests/$t.sh" || fail "$t with amp_upstream_rproc"
	# each suite unloads what it loaded: the glue too
	! grep -q '^amp_upstream_rproc ' /proc/modules || fail "$t left the glue loaded"
done
echo PASS
