/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accesses to memory shared with the host: the vrings, the buffer pool, the resource table.
 *
 * The remote runs with its MMU off, so all of it is Device-nGnRnE memory, where an unaligned
 * access faults. Every access here is either naturally aligned (vring fields, whose layout
 * guarantees it) or bytewise (rpmsg headers and payloads, which sit wherever the host's
 * descriptor says). volatile keeps the compiler from merging, splitting, caching or
 * inventing accesses to memory the other core writes.
 */
#ifndef FW_SHM_H
#define FW_SHM_H

#include <linux/types.h>

static inline __u8 shm_r8(const volatile void *p)
{
	return *(const volatile __u8 *)p;
}

static inline __u16 shm_r16(const volatile void *p)
{
	return *(const volatile __u16 *)p;
}

static inline __u32 shm_r32(const volatile void *p)
{
	return *(const volatile __u32 *)p;
}

static inline __u64 shm_r64(const volatile void *p)
{
	return *(const volatile __u64 *)p;
}

static inline void shm_w16(volatile void *p, __u16 v)
{
	*(volatile __u16 *)p = v;
}

static inline void shm_w32(volatile void *p, __u32 v)
{
	*(volatile __u32 *)p = v;
}

static inline void shm_inc32(volatile __u32 *p)
{
	*p = *p + 1;
}

/* Little-endian fields at any alignment. */
static inline __u32 shm_get_le16(const volatile __u8 *p)
{
	return p[0] | (__u32)p[1] << 8;
}

static inline __u32 shm_get_le32(const volatile __u8 *p)
{
	return p[0] | (__u32)p[1] << 8 | (__u32)p[2] << 16 | (__u32)p[3] << 24;
}

static inline void shm_put_le16(volatile __u8 *p, __u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void shm_put_le32(volatile __u8 *p, __u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

void shm_copy(volatile __u8 *dst, const volatile __u8 *src, __u32 len);

#endif
