#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reference firmware boots on the remote core, talks over the doorbells both ways and
# stops, twice (tests/harness/amp_harness_fwboot.c does the work; its load fails otherwise).
set -e
modprobe amp_harness_fwboot pings=1000 cycles=2
rmmod amp_harness_fwboot
dmesg | grep -q 'amp_harness_fwboot: 1 remote(s) PASS'
