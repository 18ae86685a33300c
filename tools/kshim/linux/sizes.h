/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/sizes.h>, the sizes the shimmed files use. */
#ifndef _KSHIM_LINUX_SIZES_H
#define _KSHIM_LINUX_SIZES_H

#define SZ_4K		0x00001000
#define SZ_64K		0x00010000
#define SZ_1M		0x00100000
#define SZ_4M		0x00400000

#endif /* _KSHIM_LINUX_SIZES_H */
