// SPDX-License-Identifier: GPL-2.0
/*
 * Copies to and from shared memory: by 64- or 32-bit words when both ends allow it (rpmsg
 * payloads of buffers the host allocated, 16 bytes into buffers of a multiple of 8 bytes), else
 * by bytes. Never an unaligned access (see shm.h).
 */
#include "shm.h"

void shm_copy(volatile __u8 *dst, const volatile __u8 *src, __u32 len)
{
	unsigned long mis = (unsigned long)dst | (unsigned long)src;
	__u32 i = 0;

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
