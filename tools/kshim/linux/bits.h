/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/bits.h>. */
#ifndef _KSHIM_LINUX_BITS_H
#define _KSHIM_LINUX_BITS_H

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define GENMASK(h, l)		(((~0UL) - (1UL << (l)) + 1) & (~0UL >> (63 - (h))))
#define GENMASK_ULL(h, l)	(((~0ULL) - (1ULL << (l)) + 1) & (~0ULL >> (63 - (h))))

#endif /* _KSHIM_LINUX_BITS_H */
