/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/printk.h>. printk() formats like the kernel's vsnprintf(), including the
 * extensions the shimmed files use (%pV, %*ph, %pa, %pad), and hands the text to kshim.c,
 * which writes it to stderr (unless quiet) without the level prefix, exactly as the kernel
 * would log it. pr_debug() is compiled out, as in a kernel without DEBUG or dynamic debug.
 */
#ifndef _KSHIM_LINUX_PRINTK_H
#define _KSHIM_LINUX_PRINTK_H

#include <stdarg.h>
#include <linux/compiler_attributes.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

struct va_format {
	const char *fmt;
	va_list *va;
};

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

__printf(1, 2) int printk(const char *fmt, ...);

/* Checks the format and arguments, prints nothing. */
static inline __printf(1, 2) int no_printk(const char *fmt, ...)
{
	return 0;
}

#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#endif /* _KSHIM_LINUX_PRINTK_H */
