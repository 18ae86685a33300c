/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/compiler_attributes.h>, the attributes kernel code spells as macros. */
#ifndef _KSHIM_LINUX_COMPILER_ATTRIBUTES_H
#define _KSHIM_LINUX_COMPILER_ATTRIBUTES_H

#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __always_inline		inline __attribute__((__always_inline__))
#define __maybe_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __cold			__attribute__((__cold__))
#define noinline		__attribute__((__noinline__))
#define fallthrough		__attribute__((__fallthrough__))

#endif /* _KSHIM_LINUX_COMPILER_ATTRIBUTES_H */
