// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: the one message a refused firmware input gets.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/printk.h>

#include "amp_rproc_err.h"

/**
 * amp_rproc_err() - report what is wrong with a firmware input, once
 * @dev: the device to report against, or NULL
 * @what: what was being checked ("ELF", "resource table")
 * @fmt: the field and its value
 */
void amp_rproc_err(struct device *dev, const char *what, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (dev)
		dev_err(dev, "%s: %pV\n", what, &vaf);
	else
		pr_err("%s: %pV\n", what, &vaf);
	va_end(args);
}
