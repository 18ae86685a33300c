/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/compiler.h>. The shim is single-threaded: READ_ONCE()/WRITE_ONCE() keep
 * their one volatile access (so a compiler cannot split or repeat it), barriers are
 * compiler barriers.
 */
#ifndef _KSHIM_LINUX_COMPILER_H
#define _KSHIM_LINUX_COMPILER_H

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" : : : "memory")
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))

/* Zero-size check that @a is an array, not a pointer (as the kernel's ARRAY_SIZE() does). */
#define __same_type(a, b)	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define __must_be_array(a)	(sizeof(struct { int:(-!!__same_type((a), &(a)[0])); }))

#endif /* _KSHIM_LINUX_COMPILER_H */
