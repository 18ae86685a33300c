/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rpmsg client API of the AMP driver set.
 *
 * This header shadows the kernel's own <linux/rpmsg.h> (the out-of-tree build puts our
 * include/ first), with the same names, structures and semantics, so that an upstream
 * rpmsg client (for example samples/rpmsg/rpmsg_client_sample.c) builds unmodified against
 * it and runs on our bus. The functions are provided by amp_rpmsg.ko.
 */
#ifndef _LINUX_RPMSG_H
#define _LINUX_RPMSG_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/mod_devicetable.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/rpmsg/byteorder.h>
#include <linux/types.h>
#include <uapi/linux/rpmsg.h>

struct rpmsg_device;
struct rpmsg_endpoint;
struct rpmsg_device_ops;
struct rpmsg_endpoint_ops;

/**
 * struct rpmsg_channel_info - what identifies a channel
 * @name: its name (the service)
 * @src: local address, or RPMSG_ADDR_ANY
 * @dst: the remote's address, or RPMSG_ADDR_ANY
 */
struct rpmsg_channel_info {
	char name[RPMSG_NAME_SIZE];
	u32 src;
	u32 dst;
};

/**
 * struct rpmsg_device - a channel on the rpmsg bus
 * @dev: the device (virtioN.<name>.<src>.<dst>)
 * @id: its id: the channel's name, matched against drivers' id tables
 * @driver_override: the driver to bind, whatever the id tables say (sysfs)
 * @src: local address
 * @dst: the remote's address
 * @ept: the endpoint the bound driver's callback receives on
 * @announce: tell the remote when the channel is created and destroyed
 * @little_endian: the remote's byte order (the transport sets it)
 * @ops: the transport's operations
 */
struct rpmsg_device {
	struct device dev;
	struct rpmsg_device_id id;
	const char *driver_override;
	u32 src;
	u32 dst;
	struct rpmsg_endpoint *ept;
	bool announce;
	bool little_endian;
	const struct rpmsg_device_ops *ops;
};

/* rx callback: the device, the message, its length, the endpoint's priv, its source */
typedef int (*rpmsg_rx_cb_t)(struct rpmsg_device *rpdev, void *data, int len, void *priv,
			     u32 src);

/**
 * struct rpmsg_endpoint - a local address messages are received on
 * @rpdev: the channel it belongs to, or NULL
 * @refcount: its lifetime: the transport holds a reference while a callback runs
 * @cb: the rx callback
 * @cb_lock: serialises @cb against the endpoint's destruction
 * @addr: the local address
 * @priv: the owner's data, passed to @cb
 * @ops: the transport's operations
 */
struct rpmsg_endpoint {
	struct rpmsg_device *rpdev;
	struct kref refcount;
	rpmsg_rx_cb_t cb;
	struct mutex cb_lock;	/* @cb, against destruction */
	u32 addr;
	void *priv;
	const struct rpmsg_endpoint_ops *ops;
};

/**
 * struct rpmsg_driver - a driver of rpmsg channels
 * @drv: the driver
 * @id_table: channel names it binds to
 * @probe: a channel appeared
 * @remove: it goes
 * @callback: receives the channel's messages
 */
struct rpmsg_driver {
	struct device_driver drv;
	const struct rpmsg_device_id *id_table;
	int (*probe)(struct rpmsg_device *dev);
	void (*remove)(struct rpmsg_device *dev);
	int (*callback)(struct rpmsg_device *rpdev, void *data, int len, void *priv, u32 src);
};

static inline u16 rpmsg16_to_cpu(struct rpmsg_device *rpdev, __rpmsg16 val)
{
	return __rpmsg16_to_cpu(rpdev ? rpdev->little_endian : rpmsg_is_little_endian(), val);
}

static inline __rpmsg16 cpu_to_rpmsg16(struct rpmsg_device *rpdev, u16 val)
{
	return __cpu_to_rpmsg16(rpdev ? rpdev->little_endian : rpmsg_is_little_endian(), val);
}

static inline u32 rpmsg32_to_cpu(struct rpmsg_device *rpdev, __rpmsg32 val)
{
	return __rpmsg32_to_cpu(rpdev ? rpdev->little_endian : rpmsg_is_little_endian(), val);
}

static inline __rpmsg32 cpu_to_rpmsg32(struct rpmsg_device *rpdev, u32 val)
{
	return __cpu_to_rpmsg32(rpdev ? rpdev->little_endian : rpmsg_is_little_endian(), val);
}

static inline u64 rpmsg64_to_cpu(struct rpmsg_device *rpdev, __rpmsg64 val)
{
	return __rpmsg64_to_cpu(rpdev ? rpdev->little_endian : rpmsg_is_little_endian(), val);
}

static inline __rpmsg64 cpu_to_rpmsg64(struct rpmsg_device *rpdev, u64 val)
{
	return __cpu_to_rpmsg64(rpdev ? rpdev->little_endian : rpmsg_is_little_endian(), val);
}

int rpmsg_register_device_override(struct rpmsg_device *rpdev, const char *driver_override);
int rpmsg_register_device(struct rpmsg_device *rpdev);
int __register_rpmsg_driver(struct rpmsg_driver *drv, struct module *owner);
void unregister_rpmsg_driver(struct rpmsg_driver *drv);
void rpmsg_destroy_ept(struct rpmsg_endpoint *ept);
struct rpmsg_endpoint *rpmsg_create_ept(struct rpmsg_device *rpdev, rpmsg_rx_cb_t cb,
					void *priv, struct rpmsg_channel_info chinfo);

int rpmsg_send(struct rpmsg_endpoint *ept, void *data, int len);
int rpmsg_sendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst);
int rpmsg_send_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
			  int len);
int rpmsg_trysend(struct rpmsg_endpoint *ept, void *data, int len);
int rpmsg_trysendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst);
int rpmsg_trysend_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
			     int len);
__poll_t rpmsg_poll(struct rpmsg_endpoint *ept, struct file *filp, poll_table *wait);
ssize_t rpmsg_get_mtu(struct rpmsg_endpoint *ept);

/* a macro, so that THIS_MODULE is the caller's */
#define register_rpmsg_driver(drv) \
	__register_rpmsg_driver(drv, THIS_MODULE)

/**
 * module_rpmsg_driver() - register an rpmsg driver at module init, unregister it at exit
 * @__rpmsg_driver: the driver
 */
#define module_rpmsg_driver(__rpmsg_driver) \
	module_driver(__rpmsg_driver, register_rpmsg_driver, unregister_rpmsg_driver)

#endif /* _LINUX_RPMSG_H */
