/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/gfp.h>: the flags allocators look at here (values as in Linux 6.1). */
#ifndef _KSHIM_LINUX_GFP_H
#define _KSHIM_LINUX_GFP_H

#define __GFP_NOWARN	0x2000u	/* a failure is the caller's to report: no WARN */
#define __GFP_ZERO	0x100u
#define GFP_ATOMIC	0xa20u
#define GFP_KERNEL	0xcc0u

#endif /* _KSHIM_LINUX_GFP_H */
