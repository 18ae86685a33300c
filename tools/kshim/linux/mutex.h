/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/mutex.h> for a single thread: a mutex is a held flag. What lockdep would
 * report is a WARN here: taking a held mutex (which would deadlock), releasing a free one,
 * and lockdep_assert_held() on a lock not held.
 */
#ifndef _KSHIM_LINUX_MUTEX_H
#define _KSHIM_LINUX_MUTEX_H

#include <linux/bug.h>
#include <linux/types.h>

struct mutex {
	bool held;
};

#define mutex_init(m)		((m)->held = false)
#define mutex_destroy(m)	WARN_ON((m)->held)

static inline void mutex_lock(struct mutex *m)
{
	WARN_ON(m->held);
	m->held = true;
}

static inline void mutex_unlock(struct mutex *m)
{
	WARN_ON(!m->held);
	m->held = false;
}

/* Any shim lock (mutex, spinlock_t) has a held flag. */
#define lockdep_assert_held(l)	WARN_ON(!(l)->held)

#endif /* _KSHIM_LINUX_MUTEX_H */
