// SPDX-License-Identifier: GPL-2.0
/*
 * AMP rpmsg: endpoints as character devices, with upstream's interface (<linux/rpmsg.h>
 * uapi) and semantics, and a few guarantees upstream lacks.
 *
 *   rpmsg_ctrl    binds each transport's control channel: /dev/rpmsg_ctrlN, whose ioctls
 *                 create endpoint devices (RPMSG_CREATE_EPT_IOCTL) and local channels
 *                 (RPMSG_CREATE_DEV_IOCTL, RPMSG_RELEASE_DEV_IOCTL). It binds only through
 *                 driver_override, which the transport sets on its control channel, never
 *                 by name: see ctrl_probe().
 *   rpmsg_chrdev  binds channels named rpmsg-raw, and any channel whose driver_override
 *                 names it: /dev/rpmsgN on the channel's own endpoint.
 *
 * /dev/rpmsgN: one opener; write() sends one message (-EMSGSIZE above the MTU, -EAGAIN
 * with O_NONBLOCK and no free buffer), read() returns one message, poll() reports EPOLLIN,
 * EPOLLOUT (a transmit buffer is free) and EPOLLERR once the endpoint is gone.
 *
 * Busy polling (<uapi/linux/amp/rpmsg.h>, off by default): a blocking read() that finds no
 * message first spins on the transport's receive ring for up to the file's busy-poll time
 * (AMP_RPMSG_SET_BUSY_POLL; each open starts with the device's sysfs busy_poll_us, which
 * starts with the module's busy_poll_us), then sleeps as usual.
 *
 * Received messages wait in a queue of at most rx_queue_max messages per endpoint. When it
 * is full, the receive path waits up to rx_wait_ms for the reader: the remote's buffers
 * stay with us meanwhile, which slows the remote down (back-pressure). A reader that frees
 * no room in that time is stalled: further messages are dropped, and counted (rx_dropped),
 * until it reads again, so a stalled reader delays the transport's other endpoints at most
 * once. Kernel memory per endpoint is bounded by the queue.
 *
 * When the remote goes (stop, crash, or the channel's destruction), each endpoint device
 * is marked gone and removed from sysfs and /dev at once: queued messages can still be
 * read, then read() and write() return -EPIPE, poll() EPOLLERR, and a new open -ENETRESET.
 * The structures live as long as a file or a sysfs user holds them (device refcount), so
 * close, rmmod of the transport and stop can come in any order.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <uapi/linux/amp/rpmsg.h>

#include "amp_rpmsg_internal.h"

#define AMP_RPMSG_MINORS	(MINORMASK + 1)
#define AMP_RPMSG_QUEUE_LIMIT	4096
/* rpmsg_ctrl's name, the driver_override and name of the control channels it binds */
#define AMP_RPMSG_CTRL_DRIVER	"rpmsg_ctrl"

/*
 * A ring's worth (the reference platform's vrings hold 256): a reader that keeps up with
 * a window as deep as the ring never makes the receive path wait for room (a wait and a
 * wake-up per message once the queue is full).
 */
static unsigned int rx_queue_max = 256;
module_param(rx_queue_max, uint, 0644);
MODULE_PARM_DESC(rx_queue_max,
		 "messages queued per endpoint before back-pressure (default 256, 1..4096; per endpoint in sysfs)");

static unsigned int busy_poll_us;
module_param(busy_poll_us, uint, 0644);
MODULE_PARM_DESC(busy_poll_us,
		 "busy-poll time new endpoint devices start with (default 0: off; at most 10000 us; per endpoint in sysfs, per file by ioctl)");

static unsigned int rx_wait_ms = 100;
module_param(rx_wait_ms, uint, 0644);
MODULE_PARM_DESC(rx_wait_ms,
		 "how long a full endpoint queue holds the receive path before dropping (default 100 ms; 0: drop at once)");

/**
 * struct amp_rpmsg_region - the device numbers and names of one kind of device
 * @name: the name of the char device region, and of the devices with their minor
 * @devt: the region's first number
 * @minors: the minors in use
 */
struct amp_rpmsg_region {
	const char *name;
	dev_t devt;
	struct ida minors;
};

static struct amp_rpmsg_region ctrl_region = {
	.name = "rpmsg_ctrl",
	.minors = IDA_INIT(ctrl_region.minors),
};

static struct amp_rpmsg_region ept_region = {
	.name = "rpmsg",
	.minors = IDA_INIT(ept_region.minors),
};

static struct class *amp_rpmsg_class;

/**
 * struct amp_rpmsg_node - what the control and the endpoint devices share
 * @dev: the class device (rpmsg_ctrlN, rpmsgN)
 * @cdev: its character device
 * @region: where its number comes from
 * @opens: open files; under the owner's lock
 * @added: the device is in sysfs: it can be opened (its char device is visible a moment
 *	earlier, to an inode left by an earlier device with the same number); read under the
 *	owner's lock
 * @gone: the device was removed; under the owner's lock
 * @cdev_live: @cdev is still added (until the last file of a gone device closes, so that
 *	re-opening an open file's inode reaches us and gets -ENETRESET); under the owner's lock
 */
struct amp_rpmsg_node {
	struct device dev;
	struct cdev cdev;
	struct amp_rpmsg_region *region;
	unsigned int opens;
	bool added;
	bool gone;
	bool cdev_live;
};

/**
 * struct amp_rpmsg_ctrl - /dev/rpmsg_ctrlN
 * @node: the device
 * @rpdev: the control channel
 * @lock: protects @node's state against the ioctls, which hold it for reading
 * @epts_lock: protects @epts
 * @epts: endpoint devices created through this control device
 */
struct amp_rpmsg_ctrl {
	struct amp_rpmsg_node node;
	struct rpmsg_device *rpdev;
	struct rw_semaphore lock;	/* @node state, against ioctls */
	struct mutex epts_lock;		/* @epts */
	struct list_head epts;
};

/**
 * struct amp_rpmsg_eptdev - /dev/rpmsgN
 * @node: the device
 * @ctrl: the control device that created it (we hold a reference), or NULL for a
 *	channel's own endpoint
 * @ctrl_entry: entry in @ctrl's list; under its @epts_lock
 * @rpdev: the channel endpoints are created on; NULL once gone; under @lock
 * @chinfo: name and addresses (dst: where write() sends)
 * @default_ept: the channel's own endpoint (rpmsg_chrdev), or NULL; set before the device
 *	is visible
 * @ept: the endpoint of the open file; under @lock
 * @teardown_lock: serialises the endpoint's creation (open) and destruction (the last
 *	close, removal): when either of these returns, the endpoint is destroyed, so the
 *	transport's remove, which waits for removal, never leaves one behind on a channel it
 *	frees; and an open waits for a last close to finish (endpoint destroyed, queue
 *	purged). Taken before @lock and @tx_lock.
 * @lock: protects @node's state, @rpdev and @ept; held briefly
 * @tx_lock: serialises writers; removal takes it to wait for a sender in flight; protects
 *	@tx_messages, @tx_bytes and @tx_errors
 * @queue_lock: protects @queue, @queued, @queue_max, @dropped, @rx_messages, @rx_bytes,
 *	@accepting, @stalled and @rx_gone (a spinlock: poll and the rx callback test them)
 * @queue: received messages, oldest first
 * @queued: their number, at most @queue_max
 * @queue_max: the queue's bound (sysfs rx_queue_max)
 * @dropped: messages dropped on a full queue (sysfs rx_dropped)
 * @rx_messages: messages queued for the reader (sysfs rx_messages)
 * @rx_bytes: their payload bytes (sysfs rx_bytes)
 * @tx_messages: messages sent (sysfs tx_messages)
 * @tx_bytes: their payload bytes (sysfs tx_bytes)
 * @tx_errors: writes the transport refused, but for lack of a buffer in non-blocking mode
 *	and signals (sysfs tx_errors)
 * @busy_poll_us: the busy-poll time each open starts with (sysfs busy_poll_us)
 * @poll_us: the open file's busy-poll time (AMP_RPMSG_SET_BUSY_POLL); 0: off
 * @accepting: a file is open: a full queue holds the rx path for it, up to rx_wait_ms
 * @stalled: the reader made no room within rx_wait_ms: drop until it reads
 * @rx_gone: gone, as the readers see it
 * @readq: readers and pollers wait here for a message, a free transmit buffer, or the end
 * @roomq: the rx callback waits here for room
 * @tx_pt: the poll table through which the transport's poll hands us its wait queue
 * @tx_wait: our entry on that queue: it forwards "a transmit buffer is free" to @readq
 * @tx_wqh: the queue @tx_wait is on, or NULL; under @lock. Pollers never wait on the
 *	transport's queue themselves: it goes with the transport, their files do not. Ours
 *	is taken off before the endpoint goes (eptdev_untie_tx()).
 * @rx_waiter: registered with @ept's transport while a file is open, so that a doorbell
 *	can wake a reader or poller on @readq straight from its hard IRQ; whoever wakes
 *	serves the transport's rings (eptdev_serve())
 * @rx_waiter_on: @rx_waiter is registered; under @lock
 */
struct amp_rpmsg_eptdev {
	struct amp_rpmsg_node node;
	struct amp_rpmsg_ctrl *ctrl;
	struct list_head ctrl_entry;
	struct rpmsg_device *rpdev;
	struct rpmsg_channel_info chinfo;
	struct rpmsg_endpoint *default_ept;
	struct rpmsg_endpoint *ept;
	struct mutex teardown_lock;	/* release and removal */
	struct mutex lock;		/* @node state, @rpdev, @ept */
	struct mutex tx_lock;		/* writers */
	spinlock_t queue_lock;		/* the rx queue and its counters */
	struct list_head queue;
	unsigned int queued;
	unsigned int queue_max;
	unsigned long dropped;
	u64 rx_messages;
	u64 rx_bytes;
	u64 tx_messages;
	u64 tx_bytes;
	u64 tx_errors;
	unsigned int busy_poll_us;
	unsigned int poll_us;
	bool accepting;
	bool stalled;
	bool rx_gone;
	wait_queue_head_t readq;
	wait_queue_head_t roomq;
	poll_table tx_pt;
	wait_queue_entry_t tx_wait;
	wait_queue_head_t *tx_wqh;
	struct amp_rpmsg_rx_waiter rx_waiter;
	bool rx_waiter_on;
};

/**
 * struct amp_rpmsg_msg - a received message
 * @entry: entry in the endpoint's queue
 * @len: payload length
 * @data: payload
 */
struct amp_rpmsg_msg {
	struct list_head entry;
	unsigned int len;
	u8 data[];
};

#define to_node(d)	container_of(d, struct amp_rpmsg_node, dev)
#define to_eptdev(d)	container_of(to_node(d), struct amp_rpmsg_eptdev, node)
#define to_ctrl(d)	container_of(to_node(d), struct amp_rpmsg_ctrl, node)

/*
 * A device numbered from @region. On failure nothing was set up (the caller frees @node's
 * owner); on success put_device() releases it, and @release calls node_free_minor().
 */
static int node_init(struct amp_rpmsg_node *node, struct amp_rpmsg_region *region,
		     struct device *parent, const struct file_operations *fops,
		     void (*release)(struct device *))
{
	int minor = ida_alloc_max(&region->minors, AMP_RPMSG_MINORS - 1, GFP_KERNEL);

	if (minor < 0)
		return minor;
	node->region = region;
	device_initialize(&node->dev);
	node->dev.parent = parent;
	node->dev.class = amp_rpmsg_class;
	node->dev.devt = MKDEV(MAJOR(region->devt), minor);
	node->dev.release = release;
	cdev_init(&node->cdev, fops);
	node->cdev.owner = THIS_MODULE;
	return 0;
}

/* Name it after its region and minor, and add it. On failure the caller puts it. */
static int node_add(struct amp_rpmsg_node *node)
{
	int ret;

	ret = dev_set_name(&node->dev, "%s%d", node->region->name, MINOR(node->dev.devt));
	if (ret)
		return ret;
	ret = cdev_device_add(&node->cdev, &node->dev);
	if (!ret)
		node->cdev_live = true;
	return ret;
}

/* The minor is freed with the structure, so that no other device reuses it meanwhile. */
static void node_free_minor(struct amp_rpmsg_node *node)
{
	ida_free(&node->region->minors, MINOR(node->dev.devt));
}

/*
 * Mark @node gone. Its character device stays until the last file closes. Under the
 * owner's lock; the caller then calls device_del() outside it (sysfs readers may wait for
 * that lock, and device_del() waits for them). Return: true if it must cdev_del() too.
 */
static bool node_remove_locked(struct amp_rpmsg_node *node)
{
	node->gone = true;
	if (node->opens || !node->cdev_live)
		return false;
	node->cdev_live = false;
	return true;
}

/* A file closes. Under the owner's lock. Return: true if the caller must cdev_del(). */
static bool node_close_locked(struct amp_rpmsg_node *node)
{
	node->opens--;
	if (!node->gone || node->opens || !node->cdev_live)
		return false;
	node->cdev_live = false;
	return true;
}

/* ---- endpoint devices ---- */

static void eptdev_purge(struct amp_rpmsg_eptdev *e)
{
	struct amp_rpmsg_msg *msg, *tmp;
	LIST_HEAD(purged);

	spin_lock(&e->queue_lock);
	list_splice_init(&e->queue, &purged);
	e->queued = 0;
	spin_unlock(&e->queue_lock);
	list_for_each_entry_safe(msg, tmp, &purged, entry)
		kfree(msg);
	wake_up_all(&e->roomq);
}

static bool eptdev_room(struct amp_rpmsg_eptdev *e)
{
	bool room;

	spin_lock(&e->queue_lock);
	room = e->queued < e->queue_max || !e->accepting || e->rx_gone;
	spin_unlock(&e->queue_lock);
	return room;
}

/*
 * The rx callback: copy the message out of the shared buffer into the bounded queue. It
 * runs in the transport's rx thread, or in a busy poller's read(): both may sleep.
 */
static int eptdev_cb(struct rpmsg_device *rpdev, void *data, int len, void *priv, u32 src)
{
	struct amp_rpmsg_eptdev *e = priv;
	struct amp_rpmsg_msg *msg;

	if (!e || len < 0)
		return -EINVAL;
	msg = kmalloc(struct_size(msg, data, len), GFP_KERNEL);
	if (!msg) {
		spin_lock(&e->queue_lock);
		e->dropped++;
		spin_unlock(&e->queue_lock);
		return -ENOMEM;
	}
	memcpy(msg->data, data, len);
	msg->len = len;

	spin_lock(&e->queue_lock);
	/* Once per message: a reader that made no room in rx_wait_ms is stalled. */
	if (e->queued >= e->queue_max && e->accepting && !e->stalled && !e->rx_gone &&
	    rx_wait_ms) {
		spin_unlock(&e->queue_lock);
		wait_event_timeout(e->roomq, eptdev_room(e), msecs_to_jiffies(rx_wait_ms));
		spin_lock(&e->queue_lock);
		if (e->queued >= e->queue_max)
			e->stalled = true;
	}
	if (e->queued >= e->queue_max || e->rx_gone) {
		e->dropped++;
		spin_unlock(&e->queue_lock);
		kfree(msg);
		dev_warn_ratelimited(&e->node.dev, "rx queue full (%u): message from 0x%x dropped\n",
				     e->queue_max, src);
		return 0;
	}
	list_add_tail(&msg->entry, &e->queue);
	e->queued++;
	WRITE_ONCE(e->rx_messages, e->rx_messages + 1);
	WRITE_ONCE(e->rx_bytes, e->rx_bytes + len);
	spin_unlock(&e->queue_lock);
	/* a busy-polling reader does not sleep: skip the queue's lock (the check has a barrier) */
	if (wq_has_sleeper(&e->readq))
		wake_up_interruptible(&e->readq);
	return 0;
}

static int eptdev_tx_wake(wait_queue_entry_t *wait, unsigned int mode, int sync, void *key)
{
	struct amp_rpmsg_eptdev *e = container_of(wait, struct amp_rpmsg_eptdev, tx_wait);

	wake_up_interruptible_poll(&e->readq, EPOLLOUT | EPOLLWRNORM);
	return 0;
}

/* The transport's poll_wait() lands here: our forwarding entry goes on its queue, once. */
static void eptdev_tx_queue(struct file *filp, wait_queue_head_t *wqh, poll_table *pt)
{
	struct amp_rpmsg_eptdev *e = container_of(pt, struct amp_rpmsg_eptdev, tx_pt);

	lockdep_assert_held(&e->lock);
	if (e->tx_wqh)
		return;
	e->tx_wqh = wqh;
	add_wait_queue(wqh, &e->tx_wait);
}

/* Off the transport's queue, before the endpoint (and maybe the transport) goes. */
static void eptdev_untie_tx(struct amp_rpmsg_eptdev *e)
{
	lockdep_assert_held(&e->lock);
	if (!e->tx_wqh)
		return;
	remove_wait_queue(e->tx_wqh, &e->tx_wait);
	e->tx_wqh = NULL;
}

static int eptdev_open(struct inode *inode, struct file *filp)
{
	struct amp_rpmsg_eptdev *e = container_of(inode->i_cdev, struct amp_rpmsg_eptdev,
						  node.cdev);
	struct rpmsg_endpoint *ept;
	int ret = 0;

	get_device(&e->node.dev);
	/* After a last close in progress has destroyed its endpoint and purged the queue. */
	mutex_lock(&e->teardown_lock);
	mutex_lock(&e->lock);
	if (!e->node.added) {
		ret = -ENODEV;
	} else if (e->node.gone) {
		ret = -ENETRESET;
	} else if (e->node.opens) {
		ret = -EBUSY;
	} else {
		ept = e->default_ept;
		if (!ept)
			ept = rpmsg_create_ept(e->rpdev, eptdev_cb, e, e->chinfo);
		if (!ept) {
			dev_err(&e->node.dev, "cannot create an endpoint at 0x%x\n", e->chinfo.src);
			ret = -EINVAL;
		} else {
			e->ept = ept;
			/* without the transport's support, its thread wakes the readers */
			e->rx_waiter_on = !amp_rpmsg_rx_waiter_add(ept, &e->rx_waiter, &e->readq);
			e->node.opens++;
			WRITE_ONCE(e->poll_us, READ_ONCE(e->busy_poll_us));
			spin_lock(&e->queue_lock);
			e->accepting = true;
			e->stalled = false;
			spin_unlock(&e->queue_lock);
		}
	}
	mutex_unlock(&e->lock);
	mutex_unlock(&e->teardown_lock);
	if (ret) {
		put_device(&e->node.dev);
		return ret;
	}
	filp->private_data = e;
	return stream_open(inode, filp);
}

/* Off the transport's list of waiters; a hand-off not served yet is served here. */
static void eptdev_waiter_del(struct amp_rpmsg_eptdev *e)
{
	lockdep_assert_held(&e->lock);
	if (!e->rx_waiter_on)
		return;
	amp_rpmsg_rx_waiter_del(&e->rx_waiter);
	e->rx_waiter_on = false;
}

/*
 * The doorbell woke us for news on the rings (amp_rpmsg_rx_handed()): serve them here, so
 * that what they brought reaches the endpoints' queues (ours among them, perhaps). Under
 * @lock, which keeps the endpoint.
 */
static void eptdev_serve_locked(struct amp_rpmsg_eptdev *e)
{
	lockdep_assert_held(&e->lock);
	if (e->rx_waiter_on)
		amp_rpmsg_rx_serve(&e->rx_waiter);
}

static void eptdev_serve(struct amp_rpmsg_eptdev *e)
{
	if (!amp_rpmsg_rx_handed(&e->rx_waiter))
		return;
	mutex_lock(&e->lock);
	eptdev_serve_locked(e);
	mutex_unlock(&e->lock);
}

/* Stop the rx path waiting for this endpoint's reader. */
static void eptdev_stop_accepting(struct amp_rpmsg_eptdev *e, bool gone)
{
	spin_lock(&e->queue_lock);
	e->accepting = false;
	if (gone)
		e->rx_gone = true;
	spin_unlock(&e->queue_lock);
	wake_up_all(&e->roomq);
}

static int eptdev_release(struct inode *inode, struct file *filp)
{
	struct amp_rpmsg_eptdev *e = filp->private_data;
	struct rpmsg_endpoint *ept = NULL;
	bool del;

	eptdev_stop_accepting(e, false);
	mutex_lock(&e->teardown_lock);
	mutex_lock(&e->lock);
	eptdev_untie_tx(e);
	eptdev_waiter_del(e);
	if (e->ept != e->default_ept)
		ept = e->ept;
	e->ept = NULL;
	del = node_close_locked(&e->node);
	mutex_unlock(&e->lock);
	/* After this, the endpoint's callback does not run again. */
	rpmsg_destroy_ept(ept);
	/* Before the next open (which waits for @teardown_lock): its messages stay. */
	eptdev_purge(e);
	mutex_unlock(&e->teardown_lock);
	if (del)
		cdev_del(&e->node.cdev);
	put_device(&e->node.dev);
	return 0;
}

static bool eptdev_readable(void *arg)
{
	struct amp_rpmsg_eptdev *e = arg;

	return !list_empty_careful(&e->queue) || READ_ONCE(e->rx_gone);
}

/*
 * Spin on the transport for a message, up to @us: under @lock, so that the endpoint stays
 * (its removal waits for the spin, which is bounded). What comes in lands in our queue
 * through our callback, which takes none of our mutexes.
 */
static void eptdev_busy_poll(struct amp_rpmsg_eptdev *e, unsigned int us)
{
	mutex_lock(&e->lock);
	if (e->ept && !e->node.gone)
		amp_rpmsg_busy_poll(e->ept, us, eptdev_readable, e);
	mutex_unlock(&e->lock);
}

static ssize_t eptdev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct amp_rpmsg_eptdev *e = iocb->ki_filp->private_data;
	unsigned int poll_us = READ_ONCE(e->poll_us);
	struct amp_rpmsg_msg *msg;
	size_t use;
	int ret;

	/*
	 * A busy poller looks at the ring even with messages queued: that keeps the remote's
	 * doorbells off while it reads on, and picks up what came meanwhile.
	 */
	if (poll_us && !(iocb->ki_filp->f_flags & O_NONBLOCK))
		eptdev_busy_poll(e, poll_us);
	spin_lock(&e->queue_lock);
	while (list_empty(&e->queue)) {
		if (e->rx_gone) {
			spin_unlock(&e->queue_lock);
			return -EPIPE;
		}
		spin_unlock(&e->queue_lock);
		if (iocb->ki_filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(e->readq, !list_empty_careful(&e->queue) ||
					       READ_ONCE(e->rx_gone) ||
					       amp_rpmsg_rx_handed(&e->rx_waiter));
		/* even when a signal came: a hand-off is ours to serve once taken */
		eptdev_serve(e);
		if (ret)
			return ret;
		spin_lock(&e->queue_lock);
	}
	msg = list_first_entry(&e->queue, struct amp_rpmsg_msg, entry);
	list_del(&msg->entry);
	e->queued--;
	e->stalled = false;
	spin_unlock(&e->queue_lock);
	/* a callback waits for room only when the queue is full: skip roomq's own lock */
	if (wq_has_sleeper(&e->roomq))
		wake_up(&e->roomq);

	/* One message per read; a short buffer gets its head, as upstream. */
	use = min_t(size_t, iov_iter_count(to), msg->len);
	if (copy_to_iter(msg->data, use, to) != use) {
		/* Nothing lost: the message goes back to the head of the queue. */
		spin_lock(&e->queue_lock);
		list_add(&msg->entry, &e->queue);
		e->queued++;
		spin_unlock(&e->queue_lock);
		return -EFAULT;
	}
	kfree(msg);
	return use;
}

static ssize_t eptdev_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct amp_rpmsg_eptdev *e = iocb->ki_filp->private_data;
	size_t len = iov_iter_count(from);
	struct rpmsg_endpoint *ept;
	ssize_t mtu;
	int ret;

	ret = mutex_lock_interruptible(&e->tx_lock);
	if (ret)
		return ret;
	mutex_lock(&e->lock);
	ept = e->node.gone ? NULL : e->ept;
	mutex_unlock(&e->lock);
	/* Removal waits for @tx_lock before destroying @ept: it is safe to use here. */
	if (!ept) {
		ret = -EPIPE;
		goto out_unlock;
	}
	mtu = rpmsg_get_mtu(ept);
	/* Without an MTU, nothing bounds the copy but userspace's length: refuse. */
	if (mtu < 0) {
		ret = -EOPNOTSUPP;
		goto out_unlock;
	}
	if (len > (size_t)mtu) {
		ret = -EMSGSIZE;
		goto out_unlock;
	}
	/* straight from userspace into the transport's buffer */
	if (iocb->ki_filp->f_flags & O_NONBLOCK) {
		ret = amp_rpmsg_send_iter(ept, e->chinfo.dst, from, len, false);
		if (ret == -ENOMEM)
			ret = -EAGAIN;
	} else {
		ret = amp_rpmsg_send_iter(ept, e->chinfo.dst, from, len, true);
	}
	if (!ret) {
		WRITE_ONCE(e->tx_messages, e->tx_messages + 1);
		WRITE_ONCE(e->tx_bytes, e->tx_bytes + len);
	} else if (ret != -EAGAIN && ret != -ERESTARTSYS && ret != -EFAULT) {
		WRITE_ONCE(e->tx_errors, e->tx_errors + 1);
	}
out_unlock:
	mutex_unlock(&e->tx_lock);
	return ret ? ret : len;
}

static __poll_t eptdev_poll(struct file *filp, poll_table *wait)
{
	struct amp_rpmsg_eptdev *e = filp->private_data;
	__poll_t mask = 0;

	poll_wait(filp, &e->readq, wait);
	mutex_lock(&e->lock);
	/* woken by a hand-off: what it brought reaches the queue before we look */
	eptdev_serve_locked(e);
	if (e->node.gone || !e->ept)
		mask |= EPOLLERR;
	/*
	 * Room to send only for a caller that asks for it: the transport arms its tx
	 * doorbell for a poller, which a reader waiting for messages has no use for.
	 */
	else if (poll_requested_events(wait) & (EPOLLOUT | EPOLLWRNORM))
		mask |= rpmsg_poll(e->ept, filp, &e->tx_pt);
	mutex_unlock(&e->lock);
	spin_lock(&e->queue_lock);
	if (!list_empty(&e->queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&e->queue_lock);
	return mask;
}

/*
 * The endpoint goes: no new open, readers and writers see -EPIPE once the queue is empty,
 * its endpoint is destroyed, and it leaves sysfs and /dev. Idempotent.
 */
static void eptdev_remove(struct amp_rpmsg_eptdev *e)
{
	struct rpmsg_endpoint *ept = NULL;
	bool del;

	eptdev_stop_accepting(e, true);
	wake_up_interruptible_all(&e->readq);
	/* A removal or a last close in progress finishes first. */
	mutex_lock(&e->teardown_lock);
	mutex_lock(&e->lock);
	if (e->node.gone) {
		mutex_unlock(&e->lock);
		mutex_unlock(&e->teardown_lock);
		return;
	}
	eptdev_untie_tx(e);
	eptdev_waiter_del(e);
	if (e->ept != e->default_ept)
		ept = e->ept;
	e->ept = NULL;
	e->rpdev = NULL;
	del = node_remove_locked(&e->node);
	mutex_unlock(&e->lock);
	device_del(&e->node.dev);
	/* A sender in flight finishes (the transport bounds it) before its endpoint goes. */
	mutex_lock(&e->tx_lock);
	mutex_unlock(&e->tx_lock);
	rpmsg_destroy_ept(ept);
	mutex_unlock(&e->teardown_lock);
	if (del)
		cdev_del(&e->node.cdev);
	if (e->ctrl) {
		mutex_lock(&e->ctrl->epts_lock);
		list_del_init(&e->ctrl_entry);
		mutex_unlock(&e->ctrl->epts_lock);
	}
	/* the reference of the registration */
	put_device(&e->node.dev);
}

static long eptdev_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct amp_rpmsg_eptdev *e = filp->private_data;
	u32 __user *uarg = (u32 __user *)arg;
	u32 us;

	switch (cmd) {
	case AMP_RPMSG_SET_BUSY_POLL:
		if (get_user(us, uarg))
			return -EFAULT;
		if (us > AMP_RPMSG_BUSY_POLL_MAX_US)
			return -EINVAL;
		WRITE_ONCE(e->poll_us, us);
		return 0;
	case AMP_RPMSG_GET_BUSY_POLL:
		return put_user(READ_ONCE(e->poll_us), uarg);
	case RPMSG_DESTROY_EPT_IOCTL:
		break;
	default:
		return -ENOTTY;
	}
	/* A channel's own endpoint goes with the channel, not on request. */
	if (!e->ctrl)
		return -EINVAL;
	eptdev_remove(e);
	return 0;
}

static const struct file_operations eptdev_fops = {
	.owner = THIS_MODULE,
	.open = eptdev_open,
	.release = eptdev_release,
	.read_iter = eptdev_read_iter,
	.write_iter = eptdev_write_iter,
	.poll = eptdev_poll,
	.unlocked_ioctl = eptdev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_eptdev(dev)->chinfo.name);
}
static DEVICE_ATTR_RO(name);

/* The bound address while open, else the requested one (-1: any), as upstream prints it. */
static ssize_t src_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct amp_rpmsg_eptdev *e = to_eptdev(dev);
	u32 src;

	mutex_lock(&e->lock);
	src = e->ept ? e->ept->addr : e->chinfo.src;
	mutex_unlock(&e->lock);
	return sysfs_emit(buf, "%d\n", src);
}
static DEVICE_ATTR_RO(src);

static ssize_t dst_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", to_eptdev(dev)->chinfo.dst);
}
static DEVICE_ATTR_RO(dst);

static ssize_t rx_queue_max_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_eptdev(dev)->queue_max));
}

static ssize_t rx_queue_max_store(struct device *dev, struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct amp_rpmsg_eptdev *e = to_eptdev(dev);
	unsigned int max;
	int ret;

	ret = kstrtouint(buf, 0, &max);
	if (ret)
		return ret;
	if (!max || max > AMP_RPMSG_QUEUE_LIMIT) {
		dev_err(dev, "rx_queue_max %u out of range 1..%d\n", max, AMP_RPMSG_QUEUE_LIMIT);
		return -ERANGE;
	}
	spin_lock(&e->queue_lock);
	e->queue_max = max;
	spin_unlock(&e->queue_lock);
	wake_up_all(&e->roomq);
	return count;
}
static DEVICE_ATTR_RW(rx_queue_max);

static ssize_t rx_queued_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_eptdev(dev)->queued));
}
static DEVICE_ATTR_RO(rx_queued);

static ssize_t rx_dropped_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(to_eptdev(dev)->dropped));
}
static DEVICE_ATTR_RO(rx_dropped);

/* the endpoint's traffic counters, read without its locks (each a single word) */
static ssize_t rx_messages_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(to_eptdev(dev)->rx_messages));
}
static DEVICE_ATTR_RO(rx_messages);

static ssize_t rx_bytes_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(to_eptdev(dev)->rx_bytes));
}
static DEVICE_ATTR_RO(rx_bytes);

static ssize_t tx_messages_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(to_eptdev(dev)->tx_messages));
}
static DEVICE_ATTR_RO(tx_messages);

static ssize_t tx_bytes_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(to_eptdev(dev)->tx_bytes));
}
static DEVICE_ATTR_RO(tx_bytes);

static ssize_t tx_errors_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(to_eptdev(dev)->tx_errors));
}
static DEVICE_ATTR_RO(tx_errors);

static ssize_t busy_poll_us_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_eptdev(dev)->busy_poll_us));
}

static ssize_t busy_poll_us_store(struct device *dev, struct device_attribute *attr,
				  const char *buf, size_t count)
{
	unsigned int us;
	int ret;

	ret = kstrtouint(buf, 0, &us);
	if (ret)
		return ret;
	if (us > AMP_RPMSG_BUSY_POLL_MAX_US) {
		dev_err(dev, "busy_poll_us %u out of range 0..%d\n", us,
			AMP_RPMSG_BUSY_POLL_MAX_US);
		return -ERANGE;
	}
	WRITE_ONCE(to_eptdev(dev)->busy_poll_us, us);
	return count;
}
static DEVICE_ATTR_RW(busy_poll_us);

static struct attribute *eptdev_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_src.attr,
	&dev_attr_dst.attr,
	&dev_attr_rx_queue_max.attr,
	&dev_attr_rx_queued.attr,
	&dev_attr_rx_dropped.attr,
	&dev_attr_rx_messages.attr,
	&dev_attr_rx_bytes.attr,
	&dev_attr_tx_messages.attr,
	&dev_attr_tx_bytes.attr,
	&dev_attr_tx_errors.attr,
	&dev_attr_busy_poll_us.attr,
	NULL,
};
ATTRIBUTE_GROUPS(eptdev);

/* Point the channel's endpoint @ept at @e (or NULL): its callback sees @e once this returns. */
static void eptdev_set_ept_priv(struct rpmsg_endpoint *ept, struct amp_rpmsg_eptdev *e)
{
	mutex_lock(&ept->cb_lock);
	ept->priv = e;
	mutex_unlock(&ept->cb_lock);
}

static void eptdev_release_dev(struct device *dev)
{
	struct amp_rpmsg_eptdev *e = to_eptdev(dev);
	struct amp_rpmsg_ctrl *ctrl = e->ctrl;

	eptdev_purge(e);
	node_free_minor(&e->node);
	kfree(e);
	/* The control device never holds ours past its removal: no cycle. */
	if (ctrl)
		put_device(&ctrl->node.dev);
}

/*
 * A new endpoint device on @rpdev, child of @parent: for @ctrl, or a channel's own on its
 * endpoint @default_ept (which then delivers its messages to the device).
 */
static struct amp_rpmsg_eptdev *eptdev_create(struct rpmsg_device *rpdev, struct device *parent,
					      struct amp_rpmsg_ctrl *ctrl,
					      struct rpmsg_endpoint *default_ept,
					      const struct rpmsg_channel_info *chinfo)
{
	struct amp_rpmsg_eptdev *e;
	int ret;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return ERR_PTR(-ENOMEM);
	e->rpdev = rpdev;
	e->ctrl = ctrl;
	e->default_ept = default_ept;
	e->chinfo = *chinfo;
	e->queue_max = clamp_t(unsigned int, READ_ONCE(rx_queue_max), 1, AMP_RPMSG_QUEUE_LIMIT);
	e->busy_poll_us = min_t(unsigned int, READ_ONCE(busy_poll_us), AMP_RPMSG_BUSY_POLL_MAX_US);
	INIT_LIST_HEAD(&e->ctrl_entry);
	INIT_LIST_HEAD(&e->queue);
	mutex_init(&e->teardown_lock);
	mutex_init(&e->lock);
	mutex_init(&e->tx_lock);
	spin_lock_init(&e->queue_lock);
	init_waitqueue_head(&e->readq);
	init_waitqueue_head(&e->roomq);
	init_poll_funcptr(&e->tx_pt, eptdev_tx_queue);
	init_waitqueue_func_entry(&e->tx_wait, eptdev_tx_wake);
	ret = node_init(&e->node, &ept_region, parent, &eptdev_fops, eptdev_release_dev);
	if (ret) {
		kfree(e);
		return ERR_PTR(ret);
	}
	/*
	 * @ctrl lives as long as we do: eptdev_remove() unlists us from it after device_del(),
	 * which drops the reference of our parent. Put by eptdev_release_dev().
	 */
	if (ctrl)
		get_device(&ctrl->node.dev);
	e->node.dev.groups = eptdev_groups;
	/* Messages reach the device from here on (the callback drops them until now). */
	if (default_ept)
		eptdev_set_ept_priv(default_ept, e);
	/* Visible from here on: an open finds @default_ept set. */
	ret = node_add(&e->node);
	if (ret)
		goto err_unset_priv;
	mutex_lock(&e->lock);
	e->node.added = true;
	mutex_unlock(&e->lock);
	return e;

err_unset_priv:
	if (default_ept)
		eptdev_set_ept_priv(default_ept, NULL);
	put_device(&e->node.dev);
	return ERR_PTR(ret);
}

/* ---- rpmsg_chrdev: a channel's own endpoint ---- */

static int chrdev_probe(struct rpmsg_device *rpdev)
{
	struct rpmsg_channel_info chinfo = {
		.src = rpdev->src,
		.dst = rpdev->dst,
	};
	struct amp_rpmsg_eptdev *e;

	strscpy(chinfo.name, rpdev->id.name, sizeof(chinfo.name));
	e = eptdev_create(rpdev, &rpdev->dev, NULL, rpdev->ept, &chinfo);
	if (IS_ERR(e))
		return PTR_ERR(e);
	dev_set_drvdata(&rpdev->dev, e);
	return 0;
}

static void chrdev_remove(struct rpmsg_device *rpdev)
{
	struct amp_rpmsg_eptdev *e = dev_get_drvdata(&rpdev->dev);

	eptdev_stop_accepting(e, true);
	/* The core destroys the endpoint after us: its callback must not find @e. */
	eptdev_set_ept_priv(rpdev->ept, NULL);
	eptdev_remove(e);
}

static const struct rpmsg_device_id chrdev_id_table[] = {
	{ .name = "rpmsg-raw" },
	{ },
};
MODULE_DEVICE_TABLE(rpmsg, chrdev_id_table);

static struct rpmsg_driver chrdev_driver = {
	.drv.name = "rpmsg_chrdev",
	.id_table = chrdev_id_table,
	.probe = chrdev_probe,
	.remove = chrdev_remove,
	.callback = eptdev_cb,
};

/* ---- rpmsg_ctrl: /dev/rpmsg_ctrlN ---- */

static int ctrl_open(struct inode *inode, struct file *filp)
{
	struct amp_rpmsg_ctrl *c = container_of(inode->i_cdev, struct amp_rpmsg_ctrl, node.cdev);
	int ret = 0;

	get_device(&c->node.dev);
	down_write(&c->lock);
	if (!READ_ONCE(c->node.added))
		ret = -ENODEV;
	else if (c->node.gone)
		ret = -ENETRESET;
	else
		c->node.opens++;
	up_write(&c->lock);
	if (ret) {
		put_device(&c->node.dev);
		return ret;
	}
	filp->private_data = c;
	return 0;
}

static int ctrl_release(struct inode *inode, struct file *filp)
{
	struct amp_rpmsg_ctrl *c = filp->private_data;
	bool del;

	down_write(&c->lock);
	del = node_close_locked(&c->node);
	up_write(&c->lock);
	if (del)
		cdev_del(&c->node.cdev);
	put_device(&c->node.dev);
	return 0;
}

static long ctrl_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct amp_rpmsg_ctrl *c = filp->private_data;
	struct rpmsg_endpoint_info info;
	struct rpmsg_channel_info chinfo;
	struct amp_rpmsg_eptdev *e;
	int ret = 0;

	if (cmd != RPMSG_CREATE_EPT_IOCTL && cmd != RPMSG_CREATE_DEV_IOCTL &&
	    cmd != RPMSG_RELEASE_DEV_IOCTL)
		return -ENOTTY;
	if (copy_from_user(&info, (void __user *)arg, sizeof(info)))
		return -EFAULT;
	/* a name that fills the field loses its last byte to the NUL, as upstream's does */
	memcpy(chinfo.name, info.name, sizeof(chinfo.name));
	chinfo.name[sizeof(chinfo.name) - 1] = '\0';
	chinfo.src = info.src;
	chinfo.dst = info.dst;

	down_read(&c->lock);
	if (c->node.gone) {
		ret = -ENETRESET;
		goto out_unlock;
	}
	switch (cmd) {
	case RPMSG_CREATE_EPT_IOCTL:
		/*
		 * Listed before anyone can open it: its removal (RPMSG_DESTROY_EPT_IOCTL as soon
		 * as it exists) unlists it under the same lock.
		 */
		mutex_lock(&c->epts_lock);
		e = eptdev_create(c->rpdev, &c->node.dev, c, NULL, &chinfo);
		if (IS_ERR(e))
			ret = PTR_ERR(e);
		else
			list_add_tail(&e->ctrl_entry, &c->epts);
		mutex_unlock(&c->epts_lock);
		break;
	case RPMSG_CREATE_DEV_IOCTL:
		ret = rpmsg_create_channel(c->rpdev, &chinfo);
		if (ret)
			dev_err(&c->node.dev, "cannot create channel %s 0x%x -> 0x%x: %d\n",
				chinfo.name, chinfo.src, chinfo.dst, ret);
		break;
	default:
		ret = rpmsg_release_channel(c->rpdev, &chinfo);
		if (ret)
			dev_err(&c->node.dev, "cannot release channel %s 0x%x -> 0x%x: %d\n",
				chinfo.name, chinfo.src, chinfo.dst, ret);
		break;
	}
out_unlock:
	up_read(&c->lock);
	return ret;
}

static const struct file_operations ctrl_fops = {
	.owner = THIS_MODULE,
	.open = ctrl_open,
	.release = ctrl_release,
	.unlocked_ioctl = ctrl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static void ctrl_release_dev(struct device *dev)
{
	struct amp_rpmsg_ctrl *c = to_ctrl(dev);

	node_free_minor(&c->node);
	kfree(c);
}

/*
 * Only a transport's control channel, which the transport registers with driver_override
 * "rpmsg_ctrl" (and so with that name, which it gives no other channel). Another channel
 * (driver_override written in sysfs) would be removed under the transport's channel lock,
 * which our ioctls take under @lock: ctrl_remove() would deadlock against them.
 */
static int ctrl_probe(struct rpmsg_device *rpdev)
{
	struct amp_rpmsg_ctrl *c;
	int ret;

	if (strncmp(rpdev->id.name, AMP_RPMSG_CTRL_DRIVER, RPMSG_NAME_SIZE)) {
		dev_err(&rpdev->dev, "%s is not a control channel: not bound\n", rpdev->id.name);
		return -ENODEV;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->rpdev = rpdev;
	init_rwsem(&c->lock);
	mutex_init(&c->epts_lock);
	INIT_LIST_HEAD(&c->epts);
	ret = node_init(&c->node, &ctrl_region, &rpdev->dev, &ctrl_fops, ctrl_release_dev);
	if (ret) {
		kfree(c);
		return ret;
	}
	ret = node_add(&c->node);
	if (ret)
		goto err_put;
	/*
	 * Not under @lock: we run under the transport's channel lock, which the ioctls take
	 * under @lock. Opens read it under @lock; seeing it late only gives -ENODEV.
	 */
	WRITE_ONCE(c->node.added, true);
	dev_set_drvdata(&rpdev->dev, c);
	return 0;

err_put:
	put_device(&c->node.dev);
	return ret;
}

static void ctrl_remove(struct rpmsg_device *rpdev)
{
	struct amp_rpmsg_ctrl *c = dev_get_drvdata(&rpdev->dev);
	struct amp_rpmsg_eptdev *e;
	bool del;

	/* Waits for the ioctls in flight; the next ones see -ENETRESET. */
	down_write(&c->lock);
	c->node.gone = true;
	up_write(&c->lock);
	for (;;) {
		mutex_lock(&c->epts_lock);
		e = list_first_entry_or_null(&c->epts, struct amp_rpmsg_eptdev, ctrl_entry);
		if (e) {
			list_del_init(&e->ctrl_entry);
			get_device(&e->node.dev);
		}
		mutex_unlock(&c->epts_lock);
		if (!e)
			break;
		eptdev_remove(e);
		put_device(&e->node.dev);
	}
	down_write(&c->lock);
	del = node_remove_locked(&c->node);
	up_write(&c->lock);
	device_del(&c->node.dev);
	if (del)
		cdev_del(&c->node.cdev);
	put_device(&c->node.dev);
}

/*
 * No id table: the bus binds us only to channels whose driver_override names us (see
 * ctrl_probe()). MODULE_ALIAS("rpmsg:rpmsg_ctrl") below still loads us for them: the
 * control channel's name, hence its modalias, is "rpmsg_ctrl".
 */
static struct rpmsg_driver ctrl_driver = {
	.drv.name = AMP_RPMSG_CTRL_DRIVER,
	.probe = ctrl_probe,
	.remove = ctrl_remove,
};

static int __init amp_rpmsg_char_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&ctrl_region.devt, 0, AMP_RPMSG_MINORS, ctrl_region.name);
	if (ret) {
		pr_err("cannot allocate %s device numbers: %d\n", ctrl_region.name, ret);
		return ret;
	}
	ret = alloc_chrdev_region(&ept_region.devt, 0, AMP_RPMSG_MINORS, ept_region.name);
	if (ret) {
		pr_err("cannot allocate %s device numbers: %d\n", ept_region.name, ret);
		goto err_unregister_ctrl_region;
	}
	amp_rpmsg_class = class_create(THIS_MODULE, "rpmsg");
	if (IS_ERR(amp_rpmsg_class)) {
		ret = PTR_ERR(amp_rpmsg_class);
		pr_err("cannot create the rpmsg class: %d\n", ret);
		goto err_unregister_ept_region;
	}
	ret = register_rpmsg_driver(&ctrl_driver);
	if (ret) {
		pr_err("cannot register rpmsg_ctrl: %d\n", ret);
		goto err_destroy_class;
	}
	ret = register_rpmsg_driver(&chrdev_driver);
	if (ret) {
		pr_err("cannot register rpmsg_chrdev: %d\n", ret);
		goto err_unregister_ctrl;
	}
	return 0;

err_unregister_ctrl:
	unregister_rpmsg_driver(&ctrl_driver);
err_destroy_class:
	class_destroy(amp_rpmsg_class);
err_unregister_ept_region:
	unregister_chrdev_region(ept_region.devt, AMP_RPMSG_MINORS);
err_unregister_ctrl_region:
	unregister_chrdev_region(ctrl_region.devt, AMP_RPMSG_MINORS);
	return ret;
}
module_init(amp_rpmsg_char_init);

static void __exit amp_rpmsg_char_exit(void)
{
	unregister_rpmsg_driver(&chrdev_driver);
	unregister_rpmsg_driver(&ctrl_driver);
	class_destroy(amp_rpmsg_class);
	unregister_chrdev_region(ept_region.devt, AMP_RPMSG_MINORS);
	unregister_chrdev_region(ctrl_region.devt, AMP_RPMSG_MINORS);
	ida_destroy(&ept_region.minors);
	ida_destroy(&ctrl_region.minors);
}
module_exit(amp_rpmsg_char_exit);

MODULE_ALIAS("rpmsg:rpmsg_ctrl");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP rpmsg: /dev/rpmsg_ctrlN and /dev/rpmsgN endpoint devices");
