#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of make demo: what a user does on a board, step by step.
set -e
say() { printf '\n==> %s\n' "$*"; }
run() { echo "    \$ $*"; "$@" 2>&1 | sed 's/^/    /'; }
R=/sys/class/remoteproc/remoteproc0

say "Linux sees $(grep -c ^processor /proc/cpuinfo) CPU; CPU1 is the remote core. Loading the drivers:"
echo "    modprobe amp_qemu_virt_mbox amp_qemu_virt_rproc amp_virtio_rpmsg amp_rpmsg_char rpmsg_client_sample"
modprobe amp_qemu_virt_mbox
modprobe amp_qemu_virt_rproc
modprobe amp_virtio_rpmsg
modprobe amp_rpmsg_char
modprobe rpmsg_client_sample
run ampctl list

say "Starting it through sysfs (loads the ELF into its carveout, then PSCI CPU_ON on CPU1):"
echo "    \$ echo start > $R/state"
echo start > $R/state
echo "    state: $(cat $R/state)"
i=0
while ! dmesg | grep -q "goodbye!" && [ $i -lt 100 ]; do usleep 50000; i=$((i + 1)); done

say "The firmware announced its services; each is an rpmsg channel:"
run ampctl list
echo "    rpmsg-raw got its own endpoint device; /dev/rpmsg_ctrl0 creates more:"
run ls -l /dev/rpmsg*

say "The kernel's own rpmsg_client_sample (unmodified) talked to the firmware's echo service:"
echo "    $(dmesg | grep -c 'rpmsg_client_sample .*incoming msg') messages echoed; last words: \
$(dmesg | grep 'rpmsg_client_sample' | tail -n 1 | sed 's/.*: //')"

say "Userspace: an endpoint created through /dev/rpmsg_ctrl0 (RPMSG_CREATE_EPT_IOCTL) to the"
echo "    echo service at 0x402; 1000 messages of every size from 1 to 496 bytes, each echo"
echo "    checked byte for byte:"
run rpmsg-echo -q -c /dev/rpmsg_ctrl0 -N 1000 -S all

raw=/dev/$(basename "$(ls -d /sys/bus/rpmsg/devices/*.rpmsg-raw.*/rpmsg/rpmsg*)")
say "Userspace: the rpmsg-raw channel's own device $raw, 8 messages in flight:"
run rpmsg-echo -q -D "$raw" -N 1000 -S 1-496 -w 8

say "The firmware's trace:"
run ampctl trace

say "Stopping it through sysfs (the firmware calls PSCI CPU_OFF):"
echo "    \$ echo stop > $R/state"
echo stop > $R/state
echo "    state: $(cat $R/state); channels left: $(ls /sys/bus/rpmsg/devices | wc -l); \
/dev/rpmsg* left: $(ls /dev | grep -c rpmsg || true)"

say "Done."
