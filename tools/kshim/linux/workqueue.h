/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/workqueue.h>: the type only; nothing here queues work. */
#ifndef _KSHIM_LINUX_WORKQUEUE_H
#define _KSHIM_LINUX_WORKQUEUE_H

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
};

#define INIT_WORK(w, f)		((w)->func = (f))

#endif /* _KSHIM_LINUX_WORKQUEUE_H */
