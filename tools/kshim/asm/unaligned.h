/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <asm/unaligned.h> for a little-endian host (x86-64, arm64): memcpy() reads any
 * alignment; the value is then already in CPU order, so le*_to_cpu() is the identity.
 */
#ifndef _KSHIM_ASM_UNALIGNED_H
#define _KSHIM_ASM_UNALIGNED_H

#include <linux/types.h>
#include <string.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kshim: <asm/unaligned.h> assumes a little-endian host"
#endif

static inline u16 get_unaligned_le16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u64 get_unaligned_le64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

#endif /* _KSHIM_ASM_UNALIGNED_H */
