/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/overflow.h>, as Linux 6.1 defines it: the check_*_overflow() helpers are the
 * compiler's builtins, the size_*() helpers saturate at SIZE_MAX, struct_size() is computed
 * with them unless its count is a constant expression.
 */
#ifndef _KSHIM_LINUX_OVERFLOW_H
#define _KSHIM_LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/compiler_attributes.h>
#include <linux/limits.h>
#include <linux/types.h>

static inline bool __must_check __must_check_overflow(bool overflow)
{
	return unlikely(overflow);
}

#define check_add_overflow(a, b, d)	__must_check_overflow(__builtin_add_overflow(a, b, d))
#define check_sub_overflow(a, b, d)	__must_check_overflow(__builtin_sub_overflow(a, b, d))
#define check_mul_overflow(a, b, d)	__must_check_overflow(__builtin_mul_overflow(a, b, d))

static inline size_t __must_check size_mul(size_t factor1, size_t factor2)
{
	size_t bytes;

	if (check_mul_overflow(factor1, factor2, &bytes))
		return SIZE_MAX;
	return bytes;
}

static inline size_t __must_check size_add(size_t addend1, size_t addend2)
{
	size_t bytes;

	if (check_add_overflow(addend1, addend2, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define array_size(a, b)	size_mul(a, b)

/* The kernel's test for an integer constant expression (include/linux/const.h). */
#define __is_constexpr(x) \
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

#define flex_array_size(p, member, count)					\
	__builtin_choose_expr(__is_constexpr(count),				\
		(count) * sizeof(*(p)->member) + __must_be_array((p)->member),	\
		size_mul(count, sizeof(*(p)->member) + __must_be_array((p)->member)))

#define struct_size(p, member, count)						\
	__builtin_choose_expr(__is_constexpr(count),				\
		sizeof(*(p)) + flex_array_size(p, member, count),		\
		size_add(sizeof(*(p)), flex_array_size(p, member, count)))

#endif /* _KSHIM_LINUX_OVERFLOW_H */
