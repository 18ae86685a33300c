/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/string.h>: libc's string functions plus the kernel's own. */
#ifndef _KSHIM_LINUX_STRING_H
#define _KSHIM_LINUX_STRING_H

#include <string.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/types.h>

/* Copies a NUL-terminated @src into @dest, always terminated; -E2BIG if it was cut. */
static inline ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (!count)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp);

#endif /* _KSHIM_LINUX_STRING_H */
