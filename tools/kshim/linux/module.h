/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/module.h>: module metadata and init hooks vanish in a program. */
#ifndef _KSHIM_LINUX_MODULE_H
#define _KSHIM_LINUX_MODULE_H

#include <linux/export.h>

#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_AUTHOR(x)

#endif /* _KSHIM_LINUX_MODULE_H */
