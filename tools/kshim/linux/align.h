/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/align.h>, the kernel's definitions (the mask takes the type of @x). */
#ifndef _KSHIM_LINUX_ALIGN_H
#define _KSHIM_LINUX_ALIGN_H

#define __ALIGN_KERNEL_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define __ALIGN_KERNEL(x, a)		__ALIGN_KERNEL_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN(x, a)			__ALIGN_KERNEL((x), (a))
#define ALIGN_DOWN(x, a)		__ALIGN_KERNEL((x) - ((a) - 1), (a))
#define IS_ALIGNED(x, a)		(((x) & ((__typeof__(x))(a) - 1)) == 0)

#endif /* _KSHIM_LINUX_ALIGN_H */
