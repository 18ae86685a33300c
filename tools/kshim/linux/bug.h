/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/bug.h>. A WARN is reported through kshim_warn(), which aborts when the
 * program asks for it (kshim_panic_on_warn, as panic_on_warn would): a fuzzer must see a
 * WARN an input can trigger as the kernel bug it is.
 */
#ifndef _KSHIM_LINUX_BUG_H
#define _KSHIM_LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>

void kshim_warn(const char *file, int line, const char *cond);

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		kshim_warn(__FILE__, __LINE__, #condition);		\
	unlikely(__ret_warn_on);					\
})
#define WARN_ON_ONCE(condition)	WARN_ON(condition)

#define BUG_ON(condition) do {						\
	if (unlikely(condition)) {					\
		kshim_warn(__FILE__, __LINE__, "BUG: " #condition);	\
		__builtin_trap();					\
	}								\
} while (0)

#endif /* _KSHIM_LINUX_BUG_H */
