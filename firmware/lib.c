// SPDX-License-Identifier: GPL-2.0
/*
 * The few C library functions GCC may emit calls to in a freestanding image (structure
 * copies and initialisations). Bytewise, so never an unaligned access (-mstrict-align):
 * only used on small objects. The Makefile builds the firmware with
 * -fno-tree-loop-distribute-patterns, so these loops are not turned back into calls.
 */
#include <linux/types.h>

typedef __SIZE_TYPE__ size_t;

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	__u8 *d = dst;
	const __u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	__u8 *d = dst;
	const __u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	__u8 *d = dst;

	while (n--)
		*d++ = c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const __u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}
