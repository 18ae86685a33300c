#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The resources of the table, with firmware variants that differ from the good image only in
# their table (firmware/rsc_table.c): a carveout the host allocates (FW_RSC_ADDR_ANY) and a
# devmem entry the DT grants boot; overlapping carveouts, a devmem entry not granted, a trace
# buffer outside memory and a misaligned vring are refused with their errno and a message,
# and leave the remote offline.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules

echo variants/amp-fw-cpu1-alloc.elf > "$R/firmware"
echo start > "$R/state"
state_is "$R" running
grep -A6 "Name: scratch" "$D/carveout_memories" | grep -q "Origin: resource table" ||
	fail "no allocated carveout: $(cat "$D/carveout_memories")"
grep -A6 "Name: scratch" "$D/carveout_memories" | grep -q "Mapped: yes" ||
	fail "the allocated carveout is not mapped"
grep -A1 "type carveout" "$D/resource_table" | grep "name scratch" | grep -qv "da 0xffffffff" ||
	fail "the table does not hold the allocated carveout's address: $(cat "$D/resource_table")"
grep -A1 "type devmem" "$D/resource_table" | grep -q "name gpio da 0x09030000 pa 0x09030000" ||
	fail "devmem entry: $(cat "$D/resource_table")"
grep -q "platform self-test passed" "$D/trace0" || fail "the variant did not run"
echo stop > "$R/state"

refused() {	# refused VARIANT ERRNO MESSAGE
	echo "variants/amp-fw-cpu1-$1.elf" > "$R/firmware"
	if out=$(rproc-cdev "$DEV" start 2>&1); then
		fail "$1 started"
	fi
	case "$out" in
	*"($2)"*) ;;
	*) fail "$1: '$out', wanted $2" ;;
	esac
	dmesg | grep -q "$3" || fail "$1: no message '$3'"
	state_is "$R" offline
}
refused overlap EINVAL "carveout overlap overlaps carveout vdev0buffer"
refused devmem-denied EPERM "devmem uart pa 0x9000000 .* is not device memory the platform grants"
refused trace-outside EINVAL "trace da 0x5f7fe000 len 0x4000 is outside the remote's memory"
refused vring-misplaced EINVAL "vring 0 da 0x5f800100"

echo amp-fw-cpu1.elf > "$R/firmware"
echo start > "$R/state"
state_is "$R" running
echo stop > "$R/state"
unload_modules
echo PASS
