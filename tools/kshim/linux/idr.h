/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/idr.h>: the type only, for structures that embed it; nothing allocates ids. */
#ifndef _KSHIM_LINUX_IDR_H
#define _KSHIM_LINUX_IDR_H

struct idr {
	unsigned int idr_next;
};

#endif /* _KSHIM_LINUX_IDR_H */
