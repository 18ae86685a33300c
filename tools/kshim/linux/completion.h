/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/completion.h>: the type only, for structures that embed it; nothing waits. */
#ifndef _KSHIM_LINUX_COMPLETION_H
#define _KSHIM_LINUX_COMPLETION_H

struct completion {
	unsigned int done;
};

#endif /* _KSHIM_LINUX_COMPLETION_H */
