/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP rpmsg: the contract between the bus (amp_rpmsg_core.c) and a transport, and what
 * only our own modules use (upstream keeps these out of <linux/rpmsg.h> too).
 */
#ifndef _AMP_RPMSG_INTERNAL_H
#define _AMP_RPMSG_INTERNAL_H

#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/poll.h>
#include <linux/rpmsg.h>
#include <linux/wait.h>

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
 * struct amp_rpmsg_rx_waiter - an endpoint's readers, for the doorbell's hand-off
 * @node: entry in the transport's list of waiters, while registered (under its lock)
 * @ept: the endpoint it is registered with
 * @wq: where the endpoint's readers and pollers sleep: a hand-off wakes it
 * @handed: bit 0: the transport handed a doorbell to the readers (in hard IRQ context,
 *	only while someone sleeps on @wq): the first to wake serves the transport's rings with
 *	amp_rpmsg_rx_serve(), which takes the bit; the transport serves them itself if nobody
 *	has within a few jiffies, or when the waiter is unregistered
 * @handed_at: jiffies when @handed was last set (the transport's, under its lock)
 *
 * A transport that takes a doorbell in hard IRQ context uses these to wake the reader the
 * news is for straight from there; the reader then serves the rings in its own context
 * (the endpoints' callbacks may sleep), instead of a thread that would wake it.
 */
struct amp_rpmsg_rx_waiter {
	struct list_head node;
	struct rpmsg_endpoint *ept;
	wait_queue_head_t *wq;
	unsigned long handed;
	unsigned long handed_at;
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
 * @rx_waiter: register (@add) or unregister the endpoint's readers for the doorbell's
 *	hand-off (amp_rpmsg_rx_waiter_add()); unregistering serves a hand-off not yet served;
 *	optional
 * @rx_serve: serve the transport's rings in the caller's context, for a hand-off
 *	(amp_rpmsg_rx_serve())
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
	int (*rx_waiter)(struct rpmsg_endpoint *ept, struct amp_rpmsg_rx_waiter *w, bool add);
	void (*rx_serve)(struct rpmsg_endpoint *ept);
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
int amp_rpmsg_rx_waiter_add(struct rpmsg_endpoint *ept, struct amp_rpmsg_rx_waiter *w,
			    wait_queue_head_t *wq);
void amp_rpmsg_rx_waiter_del(struct amp_rpmsg_rx_waiter *w);
void amp_rpmsg_rx_serve(struct amp_rpmsg_rx_waiter *w);

/* Whether a hand-off waits for the endpoint's readers to serve it (a hint, without locks). */
static inline bool amp_rpmsg_rx_handed(const struct amp_rpmsg_rx_waiter *w)
{
	return test_bit(0, &w->handed);
}

#endif /* _AMP_RPMSG_INTERNAL_H */
