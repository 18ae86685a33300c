/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP remoteproc core: reporting refused firmware input (internal to amp_remoteproc.ko).
 */
#ifndef _AMP_RPROC_ERR_H
#define _AMP_RPROC_ERR_H

#include <linux/compiler_attributes.h>

struct device;

__printf(3, 4) void amp_rproc_err(struct device *dev, const char *what, const char *fmt, ...);

#endif /* _AMP_RPROC_ERR_H */
