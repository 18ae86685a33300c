/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/compiler_types.h>, force-included before every kernel file as kbuild does
 * (-include), since kernel headers use __packed and friends without including anything.
 */
#ifndef _KSHIM_LINUX_COMPILER_TYPES_H
#define _KSHIM_LINUX_COMPILER_TYPES_H

#include <linux/compiler_attributes.h>

/* sparse annotations: meaningless to the compiler */
#define __user
#define __kernel
#define __iomem
#define __force
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)

#define __init
#define __exit

#endif /* _KSHIM_LINUX_COMPILER_TYPES_H */
