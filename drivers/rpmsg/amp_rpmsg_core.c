// SPDX-License-Identifier: GPL-2.0
/*
 * AMP rpmsg: the rpmsg bus and the client API, with upstream's names and semantics.
 *
 * Channels are devices on the bus "rpmsg"; a driver binds by its id table (the channel's
 * name) or by the channel's driver_override. Binding creates the channel's endpoint with the
 * driver's callback; a transport (amp_virtio_rpmsg.c) carries the messages.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/of_device.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <uapi/linux/amp/rpmsg.h>

#include "amp_rpmsg_internal.h"

/**
 * rpmsg_create_ept() - create an endpoint on a channel's transport
 * @rpdev: the channel
 * @cb: its rx callback
 * @priv: the owner's data, passed to @cb
 * @chinfo: the endpoint's address (chinfo.src, or RPMSG_ADDR_ANY for a free one)
 *
 * Context: may sleep.
 * Return: the endpoint, or NULL.
 */
struct rpmsg_endpoint *rpmsg_create_ept(struct rpmsg_device *rpdev, rpmsg_rx_cb_t cb,
					void *priv, struct rpmsg_channel_info chinfo)
{
	if (WARN_ON(!rpdev) || !rpdev->ops || !rpdev->ops->create_ept)
		return NULL;
	return rpdev->ops->create_ept(rpdev, cb, priv, chinfo);
}
EXPORT_SYMBOL(rpmsg_create_ept);

/**
 * rpmsg_destroy_ept() - destroy an endpoint
 * @ept: the endpoint, or NULL
 *
 * After it returns, its callback does not run again.
 * Context: may sleep.
 */
void rpmsg_destroy_ept(struct rpmsg_endpoint *ept)
{
	if (ept && ept->ops)
		ept->ops->destroy_ept(ept);
}
EXPORT_SYMBOL(rpmsg_destroy_ept);

/**
 * rpmsg_send() - send a message to the channel's remote address
 * @ept: the sending endpoint
 * @data: the payload
 * @len: its length, at most rpmsg_get_mtu()
 *
 * Waits (interruptibly, 15 s at most) for a free buffer.
 * Context: may sleep.
 * Return: 0, -EMSGSIZE, -ETIMEDOUT, -ERESTARTSYS, -EPIPE once the remote is gone, or
 * another negative errno.
 */
int rpmsg_send(struct rpmsg_endpoint *ept, void *data, int len)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->send)
		return -ENXIO;
	return ept->ops->send(ept, data, len);
}
EXPORT_SYMBOL(rpmsg_send);

/**
 * rpmsg_sendto() - send a message to an address
 * @ept: the sending endpoint
 * @data: the payload
 * @len: its length
 * @dst: the remote address
 *
 * Context: may sleep.
 * Return: as rpmsg_send().
 */
int rpmsg_sendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->sendto)
		return -ENXIO;
	return ept->ops->sendto(ept, data, len, dst);
}
EXPORT_SYMBOL(rpmsg_sendto);

/**
 * rpmsg_send_offchannel() - send a message from one address to another
 * @ept: the endpoint whose transport sends
 * @src: the source address
 * @dst: the remote address
 * @data: the payload
 * @len: its length
 *
 * Context: may sleep.
 * Return: as rpmsg_send().
 */
int rpmsg_send_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data, int len)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->send_offchannel)
		return -ENXIO;
	return ept->ops->send_offchannel(ept, src, dst, data, len);
}
EXPORT_SYMBOL(rpmsg_send_offchannel);

/**
 * rpmsg_trysend() - rpmsg_send(), without waiting for a buffer
 * @ept: the sending endpoint
 * @data: the payload
 * @len: its length
 *
 * Context: may sleep (briefly, on the transport's lock); never waits for a buffer.
 * Return: as rpmsg_send(), -ENOMEM when no buffer is free.
 */
int rpmsg_trysend(struct rpmsg_endpoint *ept, void *data, int len)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->trysend)
		return -ENXIO;
	return ept->ops->trysend(ept, data, len);
}
EXPORT_SYMBOL(rpmsg_trysend);

/**
 * rpmsg_trysendto() - rpmsg_sendto(), without waiting for a buffer
 * @ept: the sending endpoint
 * @data: the payload
 * @len: its length
 * @dst: the remote address
 *
 * Context: as rpmsg_trysend().
 * Return: as rpmsg_trysend().
 */
int rpmsg_trysendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->trysendto)
		return -ENXIO;
	return ept->ops->trysendto(ept, data, len, dst);
}
EXPORT_SYMBOL(rpmsg_trysendto);

/**
 * rpmsg_trysend_offchannel() - rpmsg_send_offchannel(), without waiting for a buffer
 * @ept: the endpoint whose transport sends
 * @src: the source address
 * @dst: the remote address
 * @data: the payload
 * @len: its length
 *
 * Context: as rpmsg_trysend().
 * Return: as rpmsg_trysend().
 */
int rpmsg_trysend_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
			     int len)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->trysend_offchannel)
		return -ENXIO;
	return ept->ops->trysend_offchannel(ept, src, dst, data, len);
}
EXPORT_SYMBOL(rpmsg_trysend_offchannel);

/**
 * rpmsg_poll() - poll for room to send
 * @ept: the endpoint
 * @filp: the file polled
 * @wait: the poll table
 *
 * The transport queues @wait on a wait queue of its own. A file's poll table may be
 * passed (upstream's rpmsg_char does): when the transport goes (the remote stops or
 * crashes) it wakes every entry with EPOLLHUP | POLLFREE, epoll's take themselves off,
 * poll()'s leave as the call returns, and the queue is freed only once they are gone.
 *
 * Return: EPOLLOUT when a buffer is free, 0 otherwise or without transport support.
 */
__poll_t rpmsg_poll(struct rpmsg_endpoint *ept, struct file *filp, poll_table *wait)
{
	if (WARN_ON(!ept) || !ept->ops->poll)
		return 0;
	return ept->ops->poll(ept, filp, wait);
}
EXPORT_SYMBOL(rpmsg_poll);

/**
 * rpmsg_get_mtu() - largest payload the endpoint can send
 * @ept: the endpoint
 *
 * Return: the payload size, or -ENOTSUPP without transport support.
 */
ssize_t rpmsg_get_mtu(struct rpmsg_endpoint *ept)
{
	if (WARN_ON(!ept))
		return -EINVAL;
	if (!ept->ops->get_mtu)
		return -ENOTSUPP;
	return ept->ops->get_mtu(ept);
}
EXPORT_SYMBOL(rpmsg_get_mtu);

/**
 * amp_rpmsg_send_iter() - send a message from an iov_iter (userspace)
 * @ept: the endpoint
 * @dst: the remote address
 * @from: the payload
 * @len: its length, at most rpmsg_get_mtu()
 * @wait: wait for a transmit buffer (as rpmsg_sendto()), or fail with -ENOMEM (as
 *	rpmsg_trysendto())
 *
 * A transport that can copies @from straight into its buffer; for another, the payload
 * goes through a kernel buffer and rpmsg_sendto()/rpmsg_trysendto().
 *
 * Context: process context; may sleep.
 * Return: 0, -EFAULT if @from could not be read (nothing is sent), or what the send returns.
 */
int amp_rpmsg_send_iter(struct rpmsg_endpoint *ept, u32 dst, struct iov_iter *from, size_t len,
			bool wait)
{
	void *buf;
	int ret;

	if (WARN_ON(!ept))
		return -EINVAL;
	if (ept->ops->send_iter)
		return ept->ops->send_iter(ept, dst, from, len, wait);
	if (len > INT_MAX)
		return -EMSGSIZE;
	buf = kmalloc(len ?: 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (!copy_from_iter_full(buf, len, from))
		ret = -EFAULT;
	else if (wait)
		ret = rpmsg_sendto(ept, buf, len, dst);
	else
		ret = rpmsg_trysendto(ept, buf, len, dst);
	kfree(buf);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_send_iter);

/*
 * After a successful round the remote's doorbells stay off for the poller's time, and at
 * least this long: a reader that writes and reads again in a loop comes back within it
 * (shorter, every gap in its loop would send the next round trip through the doorbells).
 */
#define AMP_RPMSG_BUSY_POLL_LINGER_US	200

/**
 * amp_rpmsg_busy_poll() - spin on an endpoint's transport until @done, for at most @us
 * @ept: the endpoint
 * @us: the bound, in microseconds, 1 to AMP_RPMSG_BUSY_POLL_MAX_US
 * @done: the caller's condition (for example: a message is queued), tested after each round
 * @arg: its argument
 *
 * Each round asks the transport to deliver what the remote sent (the endpoints' callbacks
 * run in the caller's context) and to keep the remote's doorbells off for @us more, then
 * tests @done. Between rounds the CPU relaxes (on arm64 a YIELD, which also lets a
 * single-threaded emulator run the remote). The spin stops early when the scheduler wants
 * the CPU or a signal is pending. Unless @done, the doorbells are back on when this
 * returns, for the caller to wait as usual; after @done they stay off for @us (at least
 * AMP_RPMSG_BUSY_POLL_LINGER_US), for the caller's next poll.
 *
 * Context: process context, holding nothing the endpoints' callbacks take.
 * Return: 0 once @done holds, -ETIMEDOUT when @us passed, -EAGAIN if the scheduler or a
 * signal wants the CPU, -EOPNOTSUPP without transport support, -EINVAL for a bad @us, or
 * the transport's error (-EPIPE: the device is gone).
 */
int amp_rpmsg_busy_poll(struct rpmsg_endpoint *ept, unsigned int us, bool (*done)(void *arg),
			void *arg)
{
	unsigned int linger;
	ktime_t end;
	int ret;

	if (WARN_ON(!ept) || !us || us > AMP_RPMSG_BUSY_POLL_MAX_US)
		return -EINVAL;
	if (!ept->ops->rx_poll)
		return -EOPNOTSUPP;
	linger = max_t(unsigned int, us, AMP_RPMSG_BUSY_POLL_LINGER_US);
	end = ktime_add_us(ktime_get(), us);
	for (;;) {
		ret = ept->ops->rx_poll(ept, linger);
		if (ret)
			return ret;
		if (done(arg))
			return 0;
		if (need_resched() || signal_pending(current))
			ret = -EAGAIN;
		else if (!ktime_before(ktime_get(), end))
			ret = -ETIMEDOUT;
		if (ret)
			break;
		cpu_relax();
	}
	/* the caller sleeps now: it needs the remote's doorbells */
	ept->ops->rx_poll(ept, 0);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_busy_poll);

/**
 * amp_rpmsg_rx_waiter_add() - let the doorbell wake @ept's readers straight from hard IRQ
 * @ept: the endpoint
 * @w: its waiter, which must live until amp_rpmsg_rx_waiter_del()
 * @wq: where its readers and pollers sleep
 *
 * While someone sleeps on @wq, a doorbell with news may be handed to them: @wq is woken
 * with amp_rpmsg_rx_handed(@w) true, and whoever wakes must call amp_rpmsg_rx_serve() (a
 * read() after its wait, a poll() method before it looks at its queue). Every message
 * still goes through the endpoints' callbacks, in the server's context.
 *
 * Context: process context.
 * Return: 0, or -EOPNOTSUPP if the transport cannot (its doorbell keeps waking its thread).
 */
int amp_rpmsg_rx_waiter_add(struct rpmsg_endpoint *ept, struct amp_rpmsg_rx_waiter *w,
			    wait_queue_head_t *wq)
{
	if (WARN_ON(!ept || !w || !wq))
		return -EINVAL;
	if (!ept->ops->rx_waiter || !ept->ops->rx_serve)
		return -EOPNOTSUPP;
	INIT_LIST_HEAD(&w->node);
	w->ept = ept;
	w->wq = wq;
	w->handed = 0;
	return ept->ops->rx_waiter(ept, w, true);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_rx_waiter_add);

/**
 * amp_rpmsg_rx_waiter_del() - unregister a waiter added by amp_rpmsg_rx_waiter_add()
 * @w: the waiter, whose endpoint still exists
 *
 * A hand-off nobody served yet is served here. Destroying the endpoint unregisters it too.
 * Context: process context, holding nothing the endpoints' callbacks take.
 */
void amp_rpmsg_rx_waiter_del(struct amp_rpmsg_rx_waiter *w)
{
	w->ept->ops->rx_waiter(w->ept, w, false);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_rx_waiter_del);

/**
 * amp_rpmsg_rx_serve() - serve a hand-off: deliver what the remote sent, here
 * @w: a registered waiter
 *
 * Does nothing unless a hand-off is pending (amp_rpmsg_rx_handed()); takes it otherwise,
 * and the transport's rings are served in the caller's context: every endpoint's messages
 * go to its callback, as from the transport's thread.
 * Context: process context, holding nothing the endpoints' callbacks take, with @w
 * registered (the caller's lock keeps its endpoint).
 */
void amp_rpmsg_rx_serve(struct amp_rpmsg_rx_waiter *w)
{
	if (test_and_clear_bit(0, &w->handed))
		w->ept->ops->rx_serve(w->ept);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_rx_serve);

/**
 * rpmsg_create_channel() - add a local channel beside @rpdev, on its transport
 * @rpdev: a channel of the transport (for example the control channel)
 * @chinfo: the new channel's name and addresses
 *
 * The new channel binds to a driver by its name like an announced one; with a local
 * address (chinfo->src not RPMSG_ADDR_ANY) it is announced to the remote once bound.
 * Context: may sleep.
 * Return: 0, -EEXIST if the channel exists, -ENXIO without transport support, -ENODEV
 * once the transport is going away, or another negative errno.
 */
int rpmsg_create_channel(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo)
{
	if (WARN_ON(!rpdev))
		return -EINVAL;
	if (!rpdev->ops || !rpdev->ops->create_channel)
		return -ENXIO;
	return rpdev->ops->create_channel(rpdev, chinfo);
}
EXPORT_SYMBOL(rpmsg_create_channel);

/**
 * rpmsg_release_channel() - remove a channel added by rpmsg_create_channel()
 * @rpdev: a channel of the same transport
 * @chinfo: the channel's name and addresses
 *
 * Context: may sleep.
 * Return: 0, -EINVAL if there is no such local channel, -ENXIO without transport support,
 * or another negative errno.
 */
int rpmsg_release_channel(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo)
{
	if (WARN_ON(!rpdev))
		return -EINVAL;
	if (!rpdev->ops || !rpdev->ops->release_channel)
		return -ENXIO;
	return rpdev->ops->release_channel(rpdev, chinfo);
}
EXPORT_SYMBOL(rpmsg_release_channel);

static int rpmsg_device_match(struct device *dev, void *data)
{
	struct rpmsg_channel_info *chinfo = data;
	struct rpmsg_device *rpdev = to_rpmsg_device(dev);

	if (chinfo->src != RPMSG_ADDR_ANY && chinfo->src != rpdev->src)
		return 0;
	if (chinfo->dst != RPMSG_ADDR_ANY && chinfo->dst != rpdev->dst)
		return 0;
	return !strncmp(chinfo->name, rpdev->id.name, RPMSG_NAME_SIZE);
}

/**
 * rpmsg_find_device() - find a channel by its name and addresses
 * @parent: the transport's device the channel hangs off
 * @chinfo: name, src and dst (RPMSG_ADDR_ANY matches any address)
 *
 * Return: the channel's device with a reference the caller drops, or NULL.
 */
struct device *rpmsg_find_device(struct device *parent, struct rpmsg_channel_info *chinfo)
{
	return device_find_child(parent, chinfo, rpmsg_device_match);
}
EXPORT_SYMBOL(rpmsg_find_device);

/* sysfs: name, src, dst, announce as upstream shows them */
static ssize_t src_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_rpmsg_device(dev)->src);
}
static DEVICE_ATTR_RO(src);

static ssize_t dst_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_rpmsg_device(dev)->dst);
}
static DEVICE_ATTR_RO(dst);

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_rpmsg_device(dev)->id.name);
}
static DEVICE_ATTR_RO(name);

static ssize_t announce_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_rpmsg_device(dev)->announce ? "true" : "false");
}
static DEVICE_ATTR_RO(announce);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, RPMSG_DEVICE_MODALIAS_FMT "\n", to_rpmsg_device(dev)->id.name);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t driver_override_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	struct rpmsg_device *rpdev = to_rpmsg_device(dev);
	ssize_t len;

	device_lock(dev);
	/* unset reads "(null)", as upstream's (programs binding a channel look for it) */
	len = sysfs_emit(buf, "%s\n", rpdev->driver_override ?: "(null)");
	device_unlock(dev);
	return len;
}

static ssize_t driver_override_store(struct device *dev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	int ret = driver_set_override(dev, &to_rpmsg_device(dev)->driver_override, buf, count);

	return ret ? ret : count;
}
static DEVICE_ATTR_RW(driver_override);

static struct attribute *rpmsg_dev_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_modalias.attr,
	&dev_attr_dst.attr,
	&dev_attr_src.attr,
	&dev_attr_announce.attr,
	&dev_attr_driver_override.attr,
	NULL,
};
ATTRIBUTE_GROUPS(rpmsg_dev);

static bool rpmsg_id_match(const struct rpmsg_device *rpdev, const struct rpmsg_device_id *id)
{
	return !strncmp(id->name, rpdev->id.name, RPMSG_NAME_SIZE);
}

static int rpmsg_dev_match(struct device *dev, struct device_driver *drv)
{
	struct rpmsg_device *rpdev = to_rpmsg_device(dev);
	struct rpmsg_driver *rpdrv = to_rpmsg_driver(drv);
	const struct rpmsg_device_id *id;

	if (rpdev->driver_override)
		return !strcmp(rpdev->driver_override, drv->name);
	for (id = rpdrv->id_table; id && id->name[0]; id++) {
		if (rpmsg_id_match(rpdev, id)) {
			rpdev->id.driver_data = id->driver_data;
			return 1;
		}
	}
	return of_driver_match_device(dev, drv);
}

static int rpmsg_uevent(struct device *dev, struct kobj_uevent_env *env)
{
	return add_uevent_var(env, "MODALIAS=" RPMSG_DEVICE_MODALIAS_FMT,
			      to_rpmsg_device(dev)->id.name);
}

/* Binding creates the channel's endpoint with the driver's callback, then announces it. */
static int rpmsg_dev_probe(struct device *dev)
{
	struct rpmsg_device *rpdev = to_rpmsg_device(dev);
	struct rpmsg_driver *rpdrv = to_rpmsg_driver(dev->driver);
	struct rpmsg_channel_info chinfo = {};
	struct rpmsg_endpoint *ept = NULL;
	int ret;

	if (rpdrv->callback) {
		strscpy(chinfo.name, rpdev->id.name, sizeof(chinfo.name));
		chinfo.src = rpdev->src;
		chinfo.dst = RPMSG_ADDR_ANY;
		ept = rpmsg_create_ept(rpdev, rpdrv->callback, NULL, chinfo);
		if (!ept) {
			dev_err(dev, "cannot create the channel's endpoint\n");
			return -ENOMEM;
		}
		rpdev->ept = ept;
		rpdev->src = ept->addr;
	}
	ret = rpdrv->probe(rpdev);
	if (ret) {
		dev_err(dev, "%s: probe failed: %d\n", dev->driver->name, ret);
		goto err_destroy_ept;
	}
	if (ept && rpdev->ops->announce_create) {
		ret = rpdev->ops->announce_create(rpdev);
		if (ret) {
			dev_err(dev, "cannot announce the channel: %d\n", ret);
			goto err_remove;
		}
	}
	return 0;

err_remove:
	if (rpdrv->remove)
		rpdrv->remove(rpdev);
err_destroy_ept:
	rpmsg_destroy_ept(ept);
	rpdev->ept = NULL;
	return ret;
}

static void rpmsg_dev_remove(struct device *dev)
{
	struct rpmsg_device *rpdev = to_rpmsg_device(dev);
	struct rpmsg_driver *rpdrv = to_rpmsg_driver(dev->driver);

	if (rpdev->ops->announce_destroy && rpdev->ept)
		rpdev->ops->announce_destroy(rpdev);
	if (rpdrv->remove)
		rpdrv->remove(rpdev);
	rpmsg_destroy_ept(rpdev->ept);
	rpdev->ept = NULL;
}

static struct bus_type rpmsg_bus = {
	.name = "rpmsg",
	.match = rpmsg_dev_match,
	.dev_groups = rpmsg_dev_groups,
	.uevent = rpmsg_uevent,
	.probe = rpmsg_dev_probe,
	.remove = rpmsg_dev_remove,
};

/**
 * rpmsg_register_device_override() - add a channel, bound to a given driver
 * @rpdev: the channel, its name, addresses, ops, parent and release set
 * @driver_override: the driver to bind it to, or NULL to match by name
 *
 * Context: may sleep.
 * Return: 0 or a negative errno (the caller then drops the device with put_device()).
 */
int rpmsg_register_device_override(struct rpmsg_device *rpdev, const char *driver_override)
{
	struct device *dev = &rpdev->dev;
	int ret;

	if (driver_override)
		strscpy_pad(rpdev->id.name, driver_override, RPMSG_NAME_SIZE);
	device_initialize(dev);
	dev->bus = &rpmsg_bus;
	if (driver_override) {
		ret = driver_set_override(dev, &rpdev->driver_override, driver_override,
					  strlen(driver_override));
		if (ret)
			return ret;
	}
	ret = device_add(dev);
	if (ret)
		dev_err(dev, "cannot add the channel: %d\n", ret);
	return ret;
}
EXPORT_SYMBOL(rpmsg_register_device_override);

/**
 * rpmsg_register_device() - add a channel, matched to drivers by its name
 * @rpdev: the channel
 *
 * Context: may sleep.
 * Return: as rpmsg_register_device_override().
 */
int rpmsg_register_device(struct rpmsg_device *rpdev)
{
	return rpmsg_register_device_override(rpdev, NULL);
}
EXPORT_SYMBOL(rpmsg_register_device);

/**
 * __register_rpmsg_driver() - register an rpmsg driver (use register_rpmsg_driver())
 * @rpdrv: the driver
 * @owner: its module
 *
 * Context: may sleep.
 * Return: 0 or a negative errno.
 */
int __register_rpmsg_driver(struct rpmsg_driver *rpdrv, struct module *owner)
{
	rpdrv->drv.bus = &rpmsg_bus;
	rpdrv->drv.owner = owner;
	return driver_register(&rpdrv->drv);
}
EXPORT_SYMBOL(__register_rpmsg_driver);

/**
 * unregister_rpmsg_driver() - unregister an rpmsg driver
 * @rpdrv: the driver
 *
 * Context: may sleep.
 */
void unregister_rpmsg_driver(struct rpmsg_driver *rpdrv)
{
	driver_unregister(&rpdrv->drv);
}
EXPORT_SYMBOL(unregister_rpmsg_driver);

static int __init amp_rpmsg_init(void)
{
	int ret;

	/*
	 * Built in, the kernel's own rpmsg core owns the bus and these symbols: refuse. As a
	 * module (CONFIG_RPMSG=m) it only conflicts while loaded, and then the module loader
	 * already refuses us, naming the symbol and its owner (rpmsg_core).
	 */
	if (IS_BUILTIN(CONFIG_RPMSG)) {
		pr_err("the kernel's built-in rpmsg core (CONFIG_RPMSG=y) owns the rpmsg bus: use a kernel built with CONFIG_RPMSG=n or =m\n");
		return -EBUSY;
	}
	ret = bus_register(&rpmsg_bus);
	if (ret)
		pr_err("cannot register the rpmsg bus: %d\n", ret);
	return ret;
}
module_init(amp_rpmsg_init);

static void __exit amp_rpmsg_exit(void)
{
	bus_unregister(&rpmsg_bus);
}
module_exit(amp_rpmsg_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP rpmsg bus and client API");
