// SPDX-License-Identifier: GPL-2.0
/*
 * Copies to and from shared memory: by 64- or 32-bit words when both ends allow it (rpmsg
 * payloads of buffers the host allocated, 16 bytes into buffers of a multiple of 8 bytes), else
 * by bytes. Never an unaligned access (see shm.h).
 */
#include "shm.h"

#ifdef __aarch64__
/*
 * 64 bytes by pairs of 64-bit registers, both ends 16-byte aligned (Device memory: every
 * access aligned to its size). Four times fewer instructions than words one by one, which
 * is what an emulator's time goes by.
 */
static __u32 shm_copy_blocks(volatile __u8 *dst, const volatile __u8 *src, __u32 len)
{
	__u64 a, b, c, d, e, f, g, h;
	__u32 i;

	for (i = 0; i + 64 <= len; i += 64) {
		__asm__ volatile("ldp %0, %1, [%8]\n\tldp %2, %3, [%8, #16]\n\t"
				 "ldp %4, %5, [%8, #32]\n\tldp %6, %7, [%8, #48]"
				 : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "=&r"(e), "=&r"(f),
				   "=&r"(g), "=&r"(h)
				 : "r"(src + i) : "memory");
		__asm__ volatile("stp %0, %1, [%8]\n\tstp %2, %3, [%8, #16]\n\t"
				 "stp %4, %5, [%8, #32]\n\tstp %6, %7, [%8, #48]"
				 : : "r"(a), "r"(b), "r"(c), "r"(d), "r"(e), "r"(f), "r"(g), "r"(h),
				   "r"(dst + i) : "memory");
	}
	return i;
}
#else
static __u32 shm_copy_blocks(volatile __u8 *dst, const volatile __u8 *src, __u32 len)
{
	(void)dst;
	(void)src;
	(void)len;
	return 0;
}
#endif

void shm_copy(volatile __u8 *dst, const volatile __u8 *src, __u32 len)
{
	unsigned long mis = (unsigned long)dst | (unsigned long)src;
	__u32 i = 0;

	if (!(mis & 15))
		i = shm_copy_blocks(dst, src, len);
	if (!(mis & 7)) {
		for (; i + 8 <= len; i += 8)
			*(volatile __u64 *)(dst + i) = *(const volatile __u64 *)(src + i);
	} else if (!(mis & 3)) {
		for (; i + 4 <= len; i += 4)
			*(volatile __u32 *)(dst + i) = *(const volatile __u32 *)(src + i);
	}
	for (; i < len; i++)
		dst[i] = src[i];
}
