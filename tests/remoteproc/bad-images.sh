#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every hostile image tests/remoteproc/gen-bad-images made from the good one (in
# /lib/firmware/bad, listed in its "cases" file) fails to start with its errno, leaves the
# remote offline, and the good image starts afterwards. Also: a firmware without a resource
# table after one with it. And `ampctl inspect` gives each image the kernel's verdict: the
# same errno, the same error messages (without the device's name, which is the model's).
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
CASES=/lib/firmware/bad/cases
[ -s $CASES ] || fail "no hostile images in /lib/firmware/bad"
# the kernel's error messages since line $1 of its log / ampctl inspect's in its output $1,
# each without its device's name ("remoteproc remoteproc0: ")
errors_since() {
	dmesg -r | tail -n +"$1" | sed -n 's/^<[0-3]>\(\[[ 0-9.]*\] \)\{0,1\}[^ ]* [^ :]*: //p'
}
inspect_errors() {
	echo "$1" | sed -n 's/^  \(emerg\|alert\|crit\|err\) *[^ ]* [^ :]*: //p'
}
n=0
while read -r file errno what; do
	# the core loads a firmware without a table; this platform refuses to start it
	[ "$errno" = NOTABLE ] && errno=EINVAL
	echo "bad/$file" > "$R/firmware"
	log_at=$(($(dmesg -r | wc -l) + 1))
	if out=$(rproc-cdev "$DEV" start 2>&1); then
		fail "$file ($what) started"
	fi
	case "$out" in
	*"($errno)"*) ;;
	*) fail "$file ($what): '$out', wanted $errno" ;;
	esac
	kernel=$(errors_since $log_at)
	inspect=$(ampctl inspect "/lib/firmware/bad/$file") && fail "ampctl inspect: $file boots"
	echo "$inspect" | grep -qx "verdict: refused, start fails with $errno (.*)" ||
		fail "ampctl inspect $file: '$(echo "$inspect" | tail -n 1)', the kernel: $errno"
	[ "$(inspect_errors "$inspect")" = "$kernel" ] ||
		fail "ampctl inspect $file: messages '$(inspect_errors "$inspect")', the kernel's '$kernel'"
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
ampctl inspect /lib/firmware/amp-fw-cpu1.elf | grep -qx 'verdict: boots' ||
	fail "ampctl inspect: the good image does not boot"
echo "PASS: $n hostile images refused, each with ampctl inspect's verdict and messages"
unload_modules
