#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of make demo: what a user does on a board, step by step.
set -e
say() { printf '\n==> %s\n' "$*"; }
R=/sys/class/remoteproc/remoteproc0
T=/sys/kernel/debug/remoteproc/remoteproc0/trace0

say "Linux sees $(grep -c ^processor /proc/cpuinfo) CPU; CPU1 is the remote core. Loading the drivers:"
echo "    modprobe amp_qemu_virt_rproc amp_virtio_rpmsg rpmsg_client_sample"
modprobe amp_qemu_virt_rproc
modprobe amp_virtio_rpmsg
modprobe rpmsg_client_sample

say "The remote in sysfs ($R):"
echo "    name=$(cat $R/name) firmware=$(cat $R/firmware) state=$(cat $R/state)"

say "Starting it: echo start > $R/state (loads the ELF into its carveout, PSCI CPU_ON)"
echo start > $R/state
echo "    state=$(cat $R/state)"
i=0
while ! dmesg | grep -q "goodbye!" && [ $i -lt 100 ]; do usleep 50000; i=$((i + 1)); done

say "The firmware announced its services; each is an rpmsg channel:"
for d in /sys/bus/rpmsg/devices/*; do
	drv=-
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	echo "    $(basename "$d"): name=$(cat "$d/name") dst=$(cat "$d/dst") driver=$drv"
done

say "The kernel's own rpmsg_client_sample (unmodified) talked to the firmware's echo service:"
echo "    $(dmesg | grep -c 'rpmsg_client_sample .*incoming msg') messages echoed; last words: \
$(dmesg | grep 'rpmsg_client_sample' | tail -n 1 | sed 's/.*: //')"

say "The firmware's trace ($T):"
sed 's/^/    /' $T

say "Stopping it: echo stop > $R/state (the firmware calls PSCI CPU_OFF)"
echo stop > $R/state
echo "    state=$(cat $R/state); channels left: $(ls /sys/bus/rpmsg/devices | wc -l)"

say "Done. /dev/rpmsg_ctrlN and /dev/rpmsgN come with the rpmsg chardev (next issue)."
