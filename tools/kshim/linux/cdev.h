/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/cdev.h>: the type only; nothing here registers a character device. */
#ifndef _KSHIM_LINUX_CDEV_H
#define _KSHIM_LINUX_CDEV_H

struct cdev {
	int kshim_unused;
};

#endif /* _KSHIM_LINUX_CDEV_H */
