/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/device.h>: the fields of struct device that kernel code and dev_printk()
 * use, and dev_err() and friends, which print what the kernel prints: "<driver or bus or
 * class name> <device name>: <message>" ("remoteproc remoteproc0: ..."), or
 * "(NULL device *): <message>".
 */
#ifndef _KSHIM_LINUX_DEVICE_H
#define _KSHIM_LINUX_DEVICE_H

#include <linux/errno.h>		/* kernel code gets these through the real one */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/of.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>

struct device_driver {
	const char *name;
};

struct bus_type {
	const char *name;
};

struct class {
	const char *name;
};

/* dev_name() is @init_name: the shim has no kobject to hold a name set later. */
struct device {
	struct device *parent;
	const char *init_name;
	const struct bus_type *bus;
	struct device_driver *driver;
	struct class *class;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	struct device_node *of_node;
	void (*release)(struct device *dev);
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name;
}

const char *dev_driver_string(const struct device *dev);
__printf(3, 4) void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...);

#define dev_err(dev, fmt, ...)		_dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		_dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	_dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		_dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)		({ (void)(dev); no_printk(fmt, ##__VA_ARGS__); })

#endif /* _KSHIM_LINUX_DEVICE_H */
