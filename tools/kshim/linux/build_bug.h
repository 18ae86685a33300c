/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/build_bug.h>, as the kernel defines it (static_assert with one argument). */
#ifndef _KSHIM_LINUX_BUILD_BUG_H
#define _KSHIM_LINUX_BUILD_BUG_H

#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)
#define BUILD_BUG_ON(cond)		_Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")

#endif /* _KSHIM_LINUX_BUILD_BUG_H */
