#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two remotes (-smp 3): each gets its own carveout, doorbells and firmware image.
# vm-run: --smp 3
set -e
modprobe amp_harness_fwboot pings=200 cycles=2
rmmod amp_harness_fwboot
dmesg | grep -q 'amp_harness_fwboot: 2 remote(s) PASS'
[ "$(grep -c ^processor /proc/cpuinfo)" = 1 ]
