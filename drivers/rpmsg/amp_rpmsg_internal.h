/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP rpmsg: the contract between the bus (amp_rpmsg_core.c) and a transport, and what
 * only our own modules use (upstream keeps these out of <linux/rpmsg.h> too).
 */
#ifndef _AMP_RPMSG_INTERNAL_H
#define _AMP_RPMSG_INTERNAL_H

#include <linux/poll.h>
#include <linux/rpmsg.h>

/**
 * struct rpmsg_device_ops - what a transport does for a channel
 * @create_ept: create an endpoint on the channel's transport; required
 * @announce_create: tell the remote the channel exists; optional
 * @announce_destroy: tell the remote the channel goes; optional
 * @create_channel: add a local channel on the same transport; optional
 * @release_channel: remove a channel added by @create_channel; optional
 */
struct rpmsg_device_ops {
	struct rpmsg_endpoint *(*create_ept)(struct rpmsg_device *rpdev, rpmsg_rx_cb_t cb,
					     void *priv, struct rpmsg_channel_info chinfo);
	int (*create_channel)(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo);
	int (*release_channel)(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo);
	int (*announce_create)(struct rpmsg_device *rpdev);
	int (*announce_destroy)(struct rpmsg_device *rpdev);
};

/**
 * struct rpmsg_endpoint_ops - what a transport does for an endpoint
 * @destroy_ept: destroy it; required
 * @send: send to the channel's remote address, waiting for a buffer; required
 * @sendto: send to @dst, waiting for a buffer
 * @send_offchannel: send from @src to @dst, waiting for a buffer
 * @trysend: send to the channel's remote address, -ENOMEM without a free buffer; required
 * @trysendto: send to @dst, -ENOMEM without a free buffer
 * @trysend_offchannel: send from @src to @dst, -ENOMEM without a free buffer
 * @poll: EPOLLOUT when a buffer is free
 * @get_mtu: largest payload
 * @rx_poll: deliver what the remote sent, now, in the caller's context, and keep the
 *	remote's doorbells off for @linger_us more (busy polling: amp_rpmsg_busy_poll());
 *	@linger_us 0: the poller stops, doorbells back on at once; optional
 * @send_iter: send @len bytes from @from to @dst, copied once, straight into the transport's
 *	buffer (amp_rpmsg_send_iter()); @wait as @send, else as @trysend; optional
 */
struct rpmsg_endpoint_ops {
	void (*destroy_ept)(struct rpmsg_endpoint *ept);
	int (*send)(struct rpmsg_endpoint *ept, void *data, int len);
	int (*sendto)(struct rpmsg_endpoint *ept, void *data, int len, u32 dst);
	int (*send_offchannel)(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
			       int len);
	int (*trysend)(struct rpmsg_endpoint *ept, void *data, int len);
	int (*trysendto)(struct rpmsg_endpoint *ept, void *data, int len, u32 dst);
	int (*trysend_offchannel)(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
				  int len);
	__poll_t (*poll)(struct rpmsg_endpoint *ept, struct file *filp, poll_table *wait);
	ssize_t (*get_mtu)(struct rpmsg_endpoint *ept);
	int (*rx_poll)(struct rpmsg_endpoint *ept, unsigned int linger_us);
	int (*send_iter)(struct rpmsg_endpoint *ept, u32 dst, struct iov_iter *from, size_t len,
			 bool wait);
};

#define to_rpmsg_device(d)	container_of(d, struct rpmsg_device, dev)
#define to_rpmsg_driver(d)	container_of(d, struct rpmsg_driver, drv)

struct device *rpmsg_find_device(struct device *parent, struct rpmsg_channel_info *chinfo);
/* for the control device's RPMSG_CREATE_DEV_IOCTL and RPMSG_RELEASE_DEV_IOCTL */
int rpmsg_create_channel(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo);
int rpmsg_release_channel(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo);
struct iov_iter;

/* for our chardev: sends from userspace without a bounce buffer; busy polling */
int amp_rpmsg_send_iter(struct rpmsg_endpoint *ept, u32 dst, struct iov_iter *from, size_t len,
			bool wait);
int amp_rpmsg_busy_poll(struct rpmsg_endpoint *ept, unsigned int us, bool (*done)(void *arg),
			void *arg);

#endif /* _AMP_RPMSG_INTERNAL_H */
