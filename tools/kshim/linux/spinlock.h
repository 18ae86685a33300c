/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/spinlock.h> for a single thread: a held flag, checked as for a mutex. */
#ifndef _KSHIM_LINUX_SPINLOCK_H
#define _KSHIM_LINUX_SPINLOCK_H

#include <linux/bug.h>
#include <linux/types.h>

typedef struct {
	bool held;
} spinlock_t;

#define spin_lock_init(l)	((l)->held = false)
#define spin_lock(l)		do { WARN_ON((l)->held); (l)->held = true; } while (0)
#define spin_unlock(l)		do { WARN_ON(!(l)->held); (l)->held = false; } while (0)
#define spin_lock_irq(l)	spin_lock(l)
#define spin_unlock_irq(l)	spin_unlock(l)
#define spin_lock_irqsave(l, flags)	do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags)	do { (void)(flags); spin_unlock(l); } while (0)

#endif /* _KSHIM_LINUX_SPINLOCK_H */
