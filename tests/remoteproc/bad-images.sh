#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every hostile image tests/remoteproc/gen-bad-images made from the good one (in
# /lib/firmware/bad, listed in its "cases" file) fails to start with its errno, leaves the
# remote offline, and the good image starts afterwards. Also: a firmware without a resource
# table after one with it.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
CASES=/lib/firmware/bad/cases
[ -s $CASES ] || fail "no hostile images in /lib/firmware/bad"
n=0
while read -r file errno what; do
	# the core loads a firmware without a table; this platform refuses to start it
	[ "$errno" = NOTABLE ] && errno=EINVAL
	echo "bad/$file" > "$R/firmware"
	if out=$(rproc-cdev "$DEV" start 2>&1); then
		fail "$file ($what) started"
	fi
	case "$out" in
	*"($errno)"*) ;;
	*) fail "$file ($what): '$out', wanted $errno" ;;
	esac
	state_is "$R" offline
	echo amp-fw-cpu1.elf > "$R/firmware"
	echo start > "$R/state" || fail "the good image does not start after $file"
	echo stop > "$R/state"
	n=$((n + 1))
done <$CASES
[ $n -ge 30 ] || fail "only $n hostile images"
# every refusal said why: one message per image at least
[ "$(dmesg | grep -c '\(remoteproc remoteproc0\|amp-qemu-virt-rproc [^ ]*\): .*\(ELF\|resource table\|control block\)')" -ge $n ] ||
	fail "fewer messages than refused images"
echo "PASS: $n hostile images refused"
unload_modules
