/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/firmware.h>: a firmware file as request_firmware() hands it over; the
 * program fills one in (nothing here reads files).
 */
#ifndef _KSHIM_LINUX_FIRMWARE_H
#define _KSHIM_LINUX_FIRMWARE_H

#include <linux/types.h>

struct firmware {
	size_t size;
	const u8 *data;
	void *priv;
};

#endif /* _KSHIM_LINUX_FIRMWARE_H */
