/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/export.h>: one program, no symbol table to export to. */
#ifndef _KSHIM_LINUX_EXPORT_H
#define _KSHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)

#endif /* _KSHIM_LINUX_EXPORT_H */
