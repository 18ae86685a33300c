/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/limits.h>, the kernel's fixed-width limits (SIZE_MAX is libc's). */
#ifndef _KSHIM_LINUX_LIMITS_H
#define _KSHIM_LINUX_LIMITS_H

#include <stdint.h>

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S32_MAX		((s32)(U32_MAX >> 1))

#endif /* _KSHIM_LINUX_LIMITS_H */
