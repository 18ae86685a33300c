# SPDX-License-Identifier: GPL-2.0
# Common settings of the project's scripts; sourced, never run.

AMP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Everything built outside the clone (kernel source and builds) lives here, shared by clones.
AMP_CACHE=${AMP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/amp-qemu}
# Everything built from the clone's own sources lives here (git-ignored).
AMP_OUT=${AMP_OUT:-$AMP_TOP/out}
export ARCH=arm64
export CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
AMP_JOBS=${AMP_JOBS:-$(nproc)}

amp_die() { echo "${0##*/}: $*" >&2; exit 1; }
amp_log() { echo "${0##*/}: $*" >&2; }

# amp_lock FILE: hold an exclusive lock on FILE on fd 9 until the shell exits, so that
# concurrent vm-runs and builds never step on each other's outputs.
amp_lock() {
	mkdir -p "$(dirname "$1")"
	exec 9>"$1"
	flock 9
}

# The Debian linux-source-6.1 tree, extracted once per package version.
amp_ksrc_version() { dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null; }
amp_ksrc() { echo "$AMP_CACHE/linux-source-6.1-$(amp_ksrc_version)"; }

# Bump when scripts/build-kernel changes what it produces (not for cosmetic edits).
AMP_KERNEL_RECIPE=1

# amp_kernel_dir FLAVOR: the build directory of a flavor, keyed by the source version, the
# config fragments and the recipe version.
amp_kernel_fragments() {
	case "$1" in
	release) echo "$AMP_TOP/scripts/kconfig/release.config" ;;
	debug) echo "$AMP_TOP/scripts/kconfig/release.config $AMP_TOP/scripts/kconfig/debug.config" ;;
	upstream) echo "$AMP_TOP/scripts/kconfig/release.config $AMP_TOP/scripts/kconfig/upstream.config" ;;
	*) amp_die "unknown kernel flavor '$1' (release, debug, upstream)" ;;
	esac
}
amp_kernel_dir() {
	local h
	# shellcheck disable=SC2046
	h=$( { amp_ksrc_version; echo "recipe $AMP_KERNEL_RECIPE"; cat $(amp_kernel_fragments "$1"); } |
		sha256sum | cut -c1-12)
	echo "$AMP_CACHE/kernel-$1-$h"
}

# The machine: QEMU virt, cortex-a57, 512 MiB; the DT is dumped with exactly these options.
amp_qemu_machine() {	# amp_qemu_machine SMP
	echo "-machine virt -cpu cortex-a57 -smp $1 -m 512M -nic none"
}
