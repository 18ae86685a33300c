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

# The kernel source: Debian's linux-source-6.1 tree with scripts/kernel-patches/ applied,
# extracted once per package version and patch set (scripts/build-kernel).
amp_ksrc_version() { dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null; }
amp_kernel_patches() { echo "$AMP_TOP"/scripts/kernel-patches/*.patch; }
amp_kernel_patches_sum() {
	# shellcheck disable=SC2046
	cat $(amp_kernel_patches) | sha256sum | cut -c1-8
}
amp_ksrc() { echo "$AMP_CACHE/linux-source-6.1-$(amp_ksrc_version)-p$(amp_kernel_patches_sum)"; }

# Bump when scripts/build-kernel changes what it produces (not for cosmetic edits).
AMP_KERNEL_RECIPE=2

# The kernel flavors. release and debug are the guest kernels, built in full from our config
# fragments. distro is Debian's own arm64 configuration (package linux-config-6.1:arm64),
# only prepared for building external modules against (make check's build:distro).
AMP_KERNEL_FLAVORS="release debug distro"
AMP_DISTRO_CONFIG=/usr/src/linux-config-6.1/config.arm64_none_arm64.xz

# amp_kernel_fragments FLAVOR: the config fragments of a guest kernel, merged in this order.
amp_kernel_fragments() {
	case "$1" in
	release) echo "$AMP_TOP/scripts/kconfig/release.config" ;;
	debug) echo "$AMP_TOP/scripts/kconfig/release.config $AMP_TOP/scripts/kconfig/debug.config" ;;
	*) amp_die "kernel flavor '$1' has no config fragments (release, debug)" ;;
	esac
}
# amp_kernel_config FLAVOR: what the flavor's configuration is made of (empty for distro
# until scripts/setup has installed Debian's).
amp_kernel_config() {
	local frags
	if [ "$1" = distro ]; then
		[ ! -f "$AMP_DISTRO_CONFIG" ] || xzcat "$AMP_DISTRO_CONFIG"
		return
	fi
	frags=$(amp_kernel_fragments "$1") || return 1
	# shellcheck disable=SC2086
	cat $frags
}
# amp_kernel_dir FLAVOR: the build directory of a flavor, keyed by the source version, the
# kernel patches, the recipe version and the flavor's configuration.
amp_kernel_dir() {
	local h
	case " $AMP_KERNEL_FLAVORS " in
	*" $1 "*) ;;
	*) amp_die "unknown kernel flavor '$1' ($AMP_KERNEL_FLAVORS)" ;;
	esac
	h=$( { amp_ksrc_version; amp_kernel_patches_sum; echo "recipe $AMP_KERNEL_RECIPE"
		amp_kernel_config "$1"; } |
		sha256sum | cut -c1-12)
	echo "$AMP_CACHE/kernel-$1-$h"
}

# The machine: QEMU virt, cortex-a57, 512 MiB; the DT is dumped with exactly these options.
amp_qemu_machine() {	# amp_qemu_machine SMP
	echo "-machine virt -cpu cortex-a57 -smp $1 -m 512M -nic none"
}
