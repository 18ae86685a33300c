/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/log2.h>. */
#ifndef _KSHIM_LINUX_LOG2_H
#define _KSHIM_LINUX_LOG2_H

#include <linux/types.h>

static inline __attribute__((const)) bool is_power_of_2(unsigned long n)
{
	return n != 0 && ((n & (n - 1)) == 0);
}

#endif /* _KSHIM_LINUX_LOG2_H */
