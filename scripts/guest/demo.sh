#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of make demo.
set -e
say() { printf '\n==> %s\n' "$*"; }

say "Linux sees $(grep -c ^processor /proc/cpuinfo) CPU; the device tree describes these remotes:"
for n in /sys/firmware/devicetree/base/remoteproc-cpu*; do
	echo "    ${n##*/}: firmware $(tr -d '\0' <"$n/firmware-name")"
done
say "Firmware images in /lib/firmware:"
ls -l /lib/firmware
say "Platform self-test: load the firmware into CPU1's carveout, PSCI CPU_ON, 1000 doorbell round trips, stop (CPU_OFF), twice"
modprobe amp_harness_fwboot pings=1000 cycles=2
dmesg | sed -n 's/^\[[^]]*\] //p' | sed -n 's/.*fwboot: /  /p; s/^fw: /    remote says: /p'
rmmod amp_harness_fwboot
say "Done. The remoteproc sysfs interface and /dev/rpmsg* come with the remoteproc and rpmsg drivers (not built yet)."
