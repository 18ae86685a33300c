#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A missing firmware file: start fails with ENOENT and the remote stays offline; the good
# image starts afterwards.
# check: debug release
. /amp/tests/remoteproc/lib.sh
set -e
load_modules
echo no-such-firmware.elf > "$R/firmware"
expect_err "No such file or directory" sh -c "echo start > $R/state"
state_is "$R" offline
echo amp-fw-cpu1.elf > "$R/firmware"
echo start > "$R/state"
state_is "$R" running
echo stop > "$R/state"
unload_modules
echo PASS
