// SPDX-License-Identifier: GPL-2.0
/*
 * AMP rpmsg: the virtio transport (VIRTIO_ID_RPMSG), with the name service.
 *
 * Wire format (as upstream and OpenAMP): virtqueue 0 carries the remote's messages to us
 * (we post empty buffers there), virtqueue 1 ours to the remote. Buffers come from the vdev's
 * buffer pool (virtio shared memory region 0, the platform's vdevNbuffer carveout), 512
 * bytes each, or the sizes the remote states with VIRTIO_RPMSG_F_BUFSZ (per direction,
 * <linux/amp/virtio_rpmsg.h>): a 16-byte header {src, dst, reserved, len, flags}, then the
 * payload. The
 * descriptors carry the buffers' physical addresses, which the remote (MMU off) uses as is.
 * The name service listens at address 53 for 40-byte {name[32], addr, flags} messages.
 *
 * Everything the remote hands back is checked before use: the used ring's ids by the
 * virtio core (a bad one marks the vq broken), lengths and header fields here; a remote
 * that breaks the protocol marks the device broken, with one message, and nothing more is
 * read from it.
 *
 * The data path is laid out for what comes next (Documentation/rpmsg.rst): buffers are
 * addressed by index (vrp_rbuf(), vrp_sbuf()), so a zero-copy API only changes their users;
 * kicks go through vrp_kick() for VIRTIO_RING_F_EVENT_IDX.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/amp/remoteproc.h>
#include <linux/amp/virtio_rpmsg.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/rpmsg/ns.h>
#include <linux/scatterlist.h>
#include <linux/uio.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "amp_rpmsg_internal.h"

#define CREATE_TRACE_POINTS
#include "amp_rpmsg_trace.h"

#define VIRTIO_RPMSG_F_NS	AMP_VIRTIO_RPMSG_F_NS
#define VIRTIO_RPMSG_F_BUFSZ	AMP_VIRTIO_RPMSG_F_BUFSZ

#define VRP_ADDR_FIRST_DYN	1024
#define VRP_SEND_TIMEOUT_MS	15000
#define VRP_SEND_POLL_MS	1	/* senders re-check the used ring this often */
#define VRP_MAX_CHANNELS	64	/* name-service floods stop here */
#define VRP_MAX_NS_PENDING	64
/* a doorbell handed to readers who did not serve it is served by us after this (jiffies) */
#define VRP_HANDOFF_GRACE	2

static bool handoff = true;
module_param(handoff, bool, 0644);
MODULE_PARM_DESC(handoff, "doorbells wake a waiting reader straight from hard IRQ (default on)");
/* The control channel's name, and its driver's: no other channel may have it. */
#define VRP_CTRL_NAME		"rpmsg_ctrl"
/* The name service's channel, and the driver that binds it: upstream's names */
#define VRP_NS_NAME		"rpmsg_ns"

/**
 * struct rpmsg_hdr - the header of every rpmsg message
 * @src: source address
 * @dst: destination address
 * @reserved: zero
 * @len: payload length
 * @flags: zero
 * @data: the payload
 */
struct rpmsg_hdr {
	__rpmsg32 src;
	__rpmsg32 dst;
	__rpmsg32 reserved;
	__rpmsg16 len;
	__rpmsg16 flags;
	u8 data[];
} __packed;

static_assert(sizeof(struct rpmsg_hdr) == AMP_RPMSG_HDR_SIZE);
static_assert(sizeof(struct rpmsg_ns_msg) == 40);
static_assert(sizeof(struct rpmsg_hdr) + sizeof(struct rpmsg_ns_msg) <= AMP_RPMSG_BUF_SIZE_MIN);

struct amp_vrp_channel;

/* How long the device's removal waits for pollers to leave its send queue. */
#define VRP_SENDQ_DRAIN_MS	5000

/**
 * struct amp_vrp_sendq - the queue of senders and pollers waiting for a tx buffer
 * @wq: the queue
 * @rcu: frees it once RCU readers of its entries (epoll's) are done
 *
 * Allocated apart from the device, and freed only once nothing waits on it: a client that
 * passes a file's poll table to rpmsg_poll() (upstream's rpmsg_char does) leaves entries
 * on it that live as long as the file's poll (poll()) or the file itself (epoll), beyond
 * the device's removal (vrp_sendq_release()).
 */
struct amp_vrp_sendq {
	wait_queue_head_t wq;
	struct rcu_head rcu;
};

/**
 * struct amp_vrp - one rpmsg virtio device
 * @vdev: the virtio device
 * @rvq: virtqueue 0: the remote's messages to us; only the rx callback touches it
 * @svq: virtqueue 1: ours to the remote; under @tx_lock
 * @bufs: the buffer pool, mapped; rx buffers first, then tx buffers
 * @bufs_pa: its physical address
 * @num_rbufs: rx buffers
 * @num_sbufs: tx buffers
 * @rbuf_size: bytes of each rx buffer (the remote's txbuf_size)
 * @sbuf_size: bytes of each tx buffer (the remote's rxbuf_size)
 * @tx_lock: protects @svq, @last_sbuf, @tx_used, @spare and @nr_spare (a spinlock: senders
 *	test for a buffer inside a wait_event condition, where they must not sleep)
 * @last_sbuf: tx buffers handed out at least once
 * @spare: tx buffers taken for a send that failed before queuing (its copy from userspace
 *	faulted), handed out first; room for every tx buffer
 * @nr_spare: their number
 * @rx_lock: serialises @rvq's use: its callback (the doorbell's thread, or a busy poller
 *	through the remoteproc's vring service), and turning its interrupts off and on; protects
 *	@rx_used, @polling and @poll_until
 * @rx_used: buffers taken from @rvq's used ring (mod 2^16, as its index)
 * @polling: a busy poller keeps the remote's doorbells off (@rvq's callback disabled);
 *	pollers read it without @rx_lock, as a hint
 * @poll_until: until when, unless a poller comes back (written under @rx_lock, read by
 *	@poll_timer without it)
 * @poll_timer: ends @polling at @poll_until (armed once per polling spell, not per round;
 *	it follows @poll_until by itself, so that a poller is not woken for nothing)
 * @poll_end_work: asks for doorbells again and looks at the ring once more
 * @vq_poll: the remoteproc core's vring service (amp_rproc_vq_poll()), if loaded: a poll
 *	of @rvq must collect the remote's entries into the ring the virtqueue reads
 * @tx_used: buffers taken from @svq's used ring; under @tx_lock
 * @sendq: senders waiting for a tx buffer, and pollers waiting for EPOLLOUT; @svq's
 *	callback (armed under @tx_lock) wakes them
 * @endpoints_lock: protects @endpoints
 * @endpoints: address -> endpoint
 * @ns_ept: the name service's endpoint
 * @ns_lock: protects @ns_pending and @ns_count
 * @ns_pending: name-service messages waiting for @ns_work
 * @ns_count: their number
 * @ns_work: creates and destroys channels, outside the rx path
 * @channels_lock: protects @channels and @removing, and serialises adding and removing
 *	channels (the name service, the control channel's users and remove)
 * @channels: channels on the bus, the control channel excepted
 * @removing: the device goes: no channel is added any more
 * @ctrl: the control channel (bound by rpmsg_ctrl: /dev/rpmsg_ctrlN), or NULL
 * @ns: the name service's channel (virtioN.rpmsg_ns.53.53, bound by our rpmsg_ns driver),
 *	when the remote offers VIRTIO_RPMSG_F_NS; the service itself is @ns_ept's
 * @broken: the remote broke the protocol, or the device goes; set once
 * @fail_lock: makes setting @broken and queuing @fail_work one step, so that remove, which
 *	sets it under the lock, knows that no @fail_work is queued after it
 * @fail_work: tells the device side we gave up on it (VIRTIO_CONFIG_S_FAILED), which may
 *	sleep: vrp_broken() runs under @tx_lock too
 * @waiters_lock: protects @waiters and each waiter's @handed_at (the doorbell's hand-off
 *	takes it in hard IRQ context)
 * @waiters: endpoints' readers, &struct amp_rpmsg_rx_waiter: the doorbell hands news to the
 *	first with a sleeper, whose wake-up serves the rings (amp_rpmsg_rx_serve())
 * @vq_set_handoff: the remoteproc core's amp_rproc_vq_set_handoff(), if loaded: @rvq's
 *	hook is set with it
 * @handoff_timer: serves hand-offs the readers did not serve within VRP_HANDOFF_GRACE (a
 *	poller that was woken and never polled again, say): nothing waits for a doorbell that
 *	came once
 * @handoff_work: its process-context half
 */
struct amp_vrp {
	struct virtio_device *vdev;
	struct virtqueue *rvq;
	struct virtqueue *svq;
	void *bufs;
	phys_addr_t bufs_pa;
	unsigned int num_rbufs;
	unsigned int num_sbufs;
	unsigned int rbuf_size;
	unsigned int sbuf_size;
	spinlock_t tx_lock;	/* @svq, @last_sbuf, @tx_used, @spare, @nr_spare */
	unsigned int last_sbuf;
	void **spare;
	unsigned int nr_spare;
	struct mutex rx_lock;	/* @rvq, @rx_used, @polling, @poll_until's writes */
	u16 rx_used;
	bool polling;
	ktime_t poll_until;
	struct hrtimer poll_timer;
	struct work_struct poll_end_work;
	bool (*vq_poll)(struct virtqueue *vq, bool wait);
	u16 tx_used;
	struct amp_vrp_sendq *sendq;
	struct mutex endpoints_lock;	/* @endpoints */
	struct idr endpoints;
	struct rpmsg_endpoint *ns_ept;
	spinlock_t ns_lock;	/* @ns_pending, @ns_count */
	struct list_head ns_pending;
	unsigned int ns_count;
	struct work_struct ns_work;
	struct mutex channels_lock;	/* @channels, @removing; channel add/remove */
	unsigned int channels;
	bool removing;
	struct amp_vrp_channel *ctrl;
	struct amp_vrp_channel *ns;
	atomic_t broken;
	spinlock_t fail_lock;	/* @broken's 0 -> 1 with queuing @fail_work */
	struct work_struct fail_work;
	spinlock_t waiters_lock;	/* @waiters, against the doorbell's hard IRQ */
	struct list_head waiters;
	bool (*vq_set_handoff)(struct virtqueue *vq, bool (*handoff)(struct virtqueue *vq));
	struct timer_list handoff_timer;
	struct work_struct handoff_work;
};

/**
 * struct amp_vrp_channel - a channel of the transport
 * @rpdev: the rpmsg device
 * @vrp: the transport
 * @local: created on our side (rpmsg_create_channel()), not by the remote's name service
 */
struct amp_vrp_channel {
	struct rpmsg_device rpdev;
	struct amp_vrp *vrp;
	bool local;
};

/**
 * struct amp_vrp_ns_msg - a name-service message waiting for the worker
 * @node: entry in &amp_vrp.ns_pending
 * @msg: the checked message
 */
struct amp_vrp_ns_msg {
	struct list_head node;
	struct rpmsg_ns_msg msg;
};

#define to_vrp_channel(r)	container_of(r, struct amp_vrp_channel, rpdev)

/* The pool: @num_rbufs rx buffers, then @num_sbufs tx buffers (sizes checked at probe). */
static void *vrp_rbuf(struct amp_vrp *vrp, unsigned int i)
{
	return vrp->bufs + (size_t)i * vrp->rbuf_size;
}

static void *vrp_sbuf(struct amp_vrp *vrp, unsigned int i)
{
	return vrp->bufs + (size_t)vrp->num_rbufs * vrp->rbuf_size + (size_t)i * vrp->sbuf_size;
}

/* The buffer's pages are in the kernel's memmap (checked at probe), not its linear map. */
static void vrp_sg_init(struct amp_vrp *vrp, struct scatterlist *sg, void *buf,
			unsigned int len)
{
	phys_addr_t pa = vrp->bufs_pa + (buf - vrp->bufs);

	sg_init_table(sg, 1);
	sg_set_page(sg, pfn_to_page(PHYS_PFN(pa)), len, offset_in_page(pa));
}

static void vrp_broken(struct amp_vrp *vrp, const char *what, unsigned long value)
{
	bool was;

	spin_lock(&vrp->fail_lock);
	was = atomic_xchg(&vrp->broken, 1);
	if (!was)
		schedule_work(&vrp->fail_work);
	spin_unlock(&vrp->fail_lock);
	if (was)
		return;
	dev_err(&vrp->vdev->dev, "remote broke the protocol: %s %lu; device marked broken\n",
		what, value);
}

/*
 * The device side learns that we gave up on the device: for a remoteproc vdev that is a
 * crash of the remote, which recovery then restarts.
 */
static void vrp_fail_work(struct work_struct *work)
{
	struct amp_vrp *vrp = container_of(work, struct amp_vrp, fail_work);

	virtio_add_status(vrp->vdev, VIRTIO_CONFIG_S_FAILED);
}

/*
 * The virtio core checks the used ring's ids, not its index: a remote whose used->idx runs
 * more than the ring ahead of what we took would make us take buffers it still owns.
 */
static bool vrp_used_idx_ok(struct amp_vrp *vrp, struct virtqueue *vq, u16 taken)
{
	const struct vring *vr = virtqueue_get_vring(vq);
	u16 idx = virtio16_to_cpu(vrp->vdev, READ_ONCE(vr->used->idx));

	if ((u16)(idx - taken) <= virtqueue_get_vring_size(vq))
		return true;
	vrp_broken(vrp, "used index", idx);
	return false;
}

/* A virtqueue the virtio core found broken (a bad used id) breaks the device too. */
static bool vrp_check_vq(struct amp_vrp *vrp, struct virtqueue *vq)
{
	if (!virtqueue_is_broken(vq))
		return true;
	vrp_broken(vrp, vq == vrp->rvq ? "rx vring broken, at used entry" :
		   "tx vring broken, at used entry", vq == vrp->rvq ? vrp->rx_used : vrp->tx_used);
	return false;
}

static void vrp_kick(struct virtqueue *vq)
{
	if (virtqueue_kick_prepare(vq))
		virtqueue_notify(vq);
}

static void vrp_free_ept(struct kref *kref)
{
	kfree(container_of(kref, struct rpmsg_endpoint, refcount));
}

static const struct rpmsg_endpoint_ops vrp_ept_ops;

static struct rpmsg_endpoint *vrp_create_ept(struct amp_vrp *vrp, struct rpmsg_device *rpdev,
					     rpmsg_rx_cb_t cb, void *priv, u32 addr)
{
	struct rpmsg_endpoint *ept;
	int id, start, end;

	ept = kzalloc(sizeof(*ept), GFP_KERNEL);
	if (!ept)
		return NULL;
	kref_init(&ept->refcount);
	mutex_init(&ept->cb_lock);
	ept->rpdev = rpdev;
	ept->cb = cb;
	ept->priv = priv;
	ept->ops = &vrp_ept_ops;
	start = addr;
	end = addr + 1;
	if (addr == RPMSG_ADDR_ANY) {
		start = VRP_ADDR_FIRST_DYN;
		end = 0;
	} else if (addr >= INT_MAX) {
		dev_err(&vrp->vdev->dev, "endpoint address 0x%x out of range\n", addr);
		kref_put(&ept->refcount, vrp_free_ept);
		return NULL;
	}
	mutex_lock(&vrp->endpoints_lock);
	id = idr_alloc(&vrp->endpoints, ept, start, end, GFP_KERNEL);
	mutex_unlock(&vrp->endpoints_lock);
	if (id < 0) {
		dev_err(&vrp->vdev->dev, "address %d is taken or none is free: %d\n", start, id);
		kref_put(&ept->refcount, vrp_free_ept);
		return NULL;
	}
	ept->addr = id;
	return ept;
}

static void vrp_waiters_drop(struct amp_vrp *vrp, struct rpmsg_endpoint *ept,
			     struct amp_rpmsg_rx_waiter *w);

static void vrp_destroy_ept(struct amp_vrp *vrp, struct rpmsg_endpoint *ept)
{
	/* readers that still wait on it are not handed doorbells any more */
	vrp_waiters_drop(vrp, ept, NULL);
	mutex_lock(&vrp->endpoints_lock);
	idr_remove(&vrp->endpoints, ept->addr);
	mutex_unlock(&vrp->endpoints_lock);
	/* A callback running now finishes first; none starts after this. */
	mutex_lock(&ept->cb_lock);
	ept->cb = NULL;
	mutex_unlock(&ept->cb_lock);
	kref_put(&ept->refcount, vrp_free_ept);
}

static struct amp_vrp *vrp_of_ept(struct rpmsg_endpoint *ept)
{
	return ept->rpdev ? to_vrp_channel(ept->rpdev)->vrp : ept->priv;
}

static void vrp_ept_destroy(struct rpmsg_endpoint *ept)
{
	vrp_destroy_ept(vrp_of_ept(ept), ept);
}

/* A tx buffer: one never used, or one the remote has returned. Under @tx_lock. */
static void *vrp_get_tx_buf(struct amp_vrp *vrp)
{
	unsigned int len;
	void *buf;

	lockdep_assert_held(&vrp->tx_lock);
	if (vrp->nr_spare)
		return vrp->spare[--vrp->nr_spare];
	if (vrp->last_sbuf < vrp->num_sbufs)
		return vrp_sbuf(vrp, vrp->last_sbuf++);
	if (!vrp_used_idx_ok(vrp, vrp->svq, vrp->tx_used))
		return NULL;
	buf = virtqueue_get_buf(vrp->svq, &len);
	if (buf)
		vrp->tx_used++;
	else
		vrp_check_vq(vrp, vrp->svq);
	return buf;
}

static void *vrp_try_tx_buf(struct amp_vrp *vrp)
{
	void *buf;

	spin_lock(&vrp->tx_lock);
	buf = vrp_get_tx_buf(vrp);
	spin_unlock(&vrp->tx_lock);
	return buf;
}

/*
 * Wait for a tx buffer, bounded. The wait re-checks the used ring every millisecond as well
 * as on the tx doorbell: a client that sends from its rx callback runs in the doorbell's
 * thread, so no doorbell can wake it.
 */
static void *vrp_wait_tx_buf(struct amp_vrp *vrp, int *err)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(VRP_SEND_TIMEOUT_MS);
	void *buf = NULL;
	long ret;

	spin_lock(&vrp->tx_lock);
	virtqueue_enable_cb(vrp->svq);
	spin_unlock(&vrp->tx_lock);
	while (!buf) {
		ret = wait_event_interruptible_timeout(vrp->sendq->wq,
						       (buf = vrp_try_tx_buf(vrp)) ||
						       atomic_read(&vrp->broken),
						       msecs_to_jiffies(VRP_SEND_POLL_MS));
		if (ret < 0) {
			*err = ret;
			break;
		}
		if (atomic_read(&vrp->broken)) {
			*err = -EPIPE;
			break;
		}
		if (!buf && time_after(jiffies, deadline)) {
			dev_err(&vrp->vdev->dev, "no tx buffer came back in %d ms\n",
				VRP_SEND_TIMEOUT_MS);
			*err = -ETIMEDOUT;
			break;
		}
	}
	/*
	 * Disarm the tx callback only if nobody else waits on @sendq: a poller, or another
	 * sender, relies on it (our own entry is off the queue by now). The test is under
	 * @tx_lock, as vrp_ept_poll() arms the callback under it after queuing on @sendq: a
	 * poller that armed it before us is seen here, one after us arms it again.
	 */
	spin_lock(&vrp->tx_lock);
	if (!wq_has_sleeper(&vrp->sendq->wq))
		virtqueue_disable_cb(vrp->svq);
	spin_unlock(&vrp->tx_lock);
	return buf;
}

/* A tx buffer the send did not queue after all: the next sender takes it. */
static void vrp_put_unused_tx_buf(struct amp_vrp *vrp, void *buf)
{
	spin_lock(&vrp->tx_lock);
	if (!WARN_ON_ONCE(vrp->nr_spare >= vrp->num_sbufs))
		vrp->spare[vrp->nr_spare++] = buf;
	spin_unlock(&vrp->tx_lock);
	wake_up_interruptible(&vrp->sendq->wq);
}

/*
 * Send @len bytes from @data, or from @from (userspace, copied straight into the shared
 * buffer: no bounce buffer, one copy).
 */
static int vrp_send(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
		    struct iov_iter *from, int len, bool wait)
{
	struct amp_vrp *vrp = vrp_of_ept(ept);
	struct rpmsg_device *rpdev = ept->rpdev;
	struct rpmsg_hdr *hdr;
	struct scatterlist sg;
	int err = 0;

	if (src == RPMSG_ADDR_ANY || dst == RPMSG_ADDR_ANY || len < 0 || (!data && !from && len))
		return -EINVAL;
	if (len > vrp->sbuf_size - sizeof(*hdr))
		return -EMSGSIZE;
	if (atomic_read(&vrp->broken))
		return -EPIPE;
	hdr = vrp_try_tx_buf(vrp);
	if (!hdr && atomic_read(&vrp->broken))
		return -EPIPE;
	if (!hdr && !wait)
		return -ENOMEM;
	if (!hdr)
		hdr = vrp_wait_tx_buf(vrp, &err);
	if (!hdr)
		return err;

	hdr->src = cpu_to_rpmsg32(rpdev, src);
	hdr->dst = cpu_to_rpmsg32(rpdev, dst);
	hdr->reserved = 0;
	hdr->len = cpu_to_rpmsg16(rpdev, len);
	hdr->flags = 0;
	if (!from) {
		memcpy(hdr->data, data, len);
	} else if (!copy_from_iter_full(hdr->data, len, from)) {
		vrp_put_unused_tx_buf(vrp, hdr);
		return -EFAULT;
	}
	vrp_sg_init(vrp, &sg, hdr, sizeof(*hdr) + len);

	spin_lock(&vrp->tx_lock);
	err = virtqueue_add_outbuf(vrp->svq, &sg, 1, hdr, GFP_ATOMIC);
	if (!err) {
		trace_amp_rpmsg_tx(&vrp->vdev->dev, src, dst, len);
		vrp_kick(vrp->svq);
	} else if (!vrp_check_vq(vrp, vrp->svq)) {
		err = -EPIPE;
	}
	spin_unlock(&vrp->tx_lock);
	if (err && err != -EPIPE)
		dev_err(&vrp->vdev->dev, "cannot queue a tx buffer: %d\n", err);
	return err;
}

static int vrp_send_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
			       int len, bool wait)
{
	return vrp_send(ept, src, dst, data, NULL, len, wait);
}

static int vrp_ept_send_iter(struct rpmsg_endpoint *ept, u32 dst, struct iov_iter *from,
			     size_t len, bool wait)
{
	if (len > INT_MAX)
		return -EMSGSIZE;
	return vrp_send(ept, ept->addr, dst, NULL, from, len, wait);
}

static int vrp_ept_send(struct rpmsg_endpoint *ept, void *data, int len)
{
	return vrp_send_offchannel(ept, ept->addr, ept->rpdev->dst, data, len, true);
}

static int vrp_ept_sendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst)
{
	return vrp_send_offchannel(ept, ept->addr, dst, data, len, true);
}

static int vrp_ept_send_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst, void *data,
				   int len)
{
	return vrp_send_offchannel(ept, src, dst, data, len, true);
}

static int vrp_ept_trysend(struct rpmsg_endpoint *ept, void *data, int len)
{
	return vrp_send_offchannel(ept, ept->addr, ept->rpdev->dst, data, len, false);
}

static int vrp_ept_trysendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst)
{
	return vrp_send_offchannel(ept, ept->addr, dst, data, len, false);
}

static int vrp_ept_trysend_offchannel(struct rpmsg_endpoint *ept, u32 src, u32 dst,
				      void *data, int len)
{
	return vrp_send_offchannel(ept, src, dst, data, len, false);
}

/*
 * EPOLLOUT when a tx buffer is free: one never used, or one the remote returned. Asking
 * the virtqueue also arms its callback, so a poller sleeping on @sendq is woken when the
 * remote returns one. It is queued on @sendq before it arms the callback under @tx_lock,
 * so a blocking sender that stops waiting leaves the callback armed for it
 * (vrp_wait_tx_buf()).
 */
static __poll_t vrp_ept_poll(struct rpmsg_endpoint *ept, struct file *filp, poll_table *wait)
{
	struct amp_vrp *vrp = vrp_of_ept(ept);
	__poll_t mask = 0;

	poll_wait(filp, &vrp->sendq->wq, wait);
	if (atomic_read(&vrp->broken))
		return EPOLLERR;
	spin_lock(&vrp->tx_lock);
	if (vrp->nr_spare || vrp->last_sbuf < vrp->num_sbufs || !virtqueue_enable_cb(vrp->svq))
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock(&vrp->tx_lock);
	return mask;
}

static ssize_t vrp_ept_get_mtu(struct rpmsg_endpoint *ept)
{
	return vrp_of_ept(ept)->sbuf_size - sizeof(struct rpmsg_hdr);
}

/*
 * Busy polling (amp_rpmsg_busy_poll()): a reader spins on the rx ring instead of waiting
 * for the remote's doorbell. While anyone polls, and for the poller's time after its last
 * round, the ring asks the remote not to ring (VRING_AVAIL_F_NO_INTERRUPT): the poller
 * takes what it sends. Then the ring asks for doorbells again and is looked at once more,
 * so that nothing the remote sent meanwhile waits for a doorbell that never comes.
 */
static void vrp_poll_ring(struct amp_vrp *vrp, bool wait)
{
	/* ours: the remoteproc core shows the flag to the remote and collects first */
	if (vrp->vq_poll && vrp->vq_poll(vrp->rvq, wait))
		return;
	/* a virtio device whose ring is the shared one: its callback, right here */
	vring_interrupt(0, vrp->rvq);
}

/*
 * Doorbells back on, unless a poller's time runs: then a last look at the ring, so that
 * what the remote sent without ringing is delivered.
 */
static void vrp_poll_end(struct amp_vrp *vrp)
{
	mutex_lock(&vrp->rx_lock);
	if (!vrp->polling) {
		mutex_unlock(&vrp->rx_lock);
		return;
	}
	/* a poller came back since the timer fired: wait for its time to pass */
	if (ktime_before(ktime_get(), vrp->poll_until)) {
		hrtimer_start(&vrp->poll_timer, vrp->poll_until, HRTIMER_MODE_ABS);
		mutex_unlock(&vrp->rx_lock);
		return;
	}
	WRITE_ONCE(vrp->polling, false);
	virtqueue_enable_cb(vrp->rvq);
	mutex_unlock(&vrp->rx_lock);
	vrp_poll_ring(vrp, true);
}

static int vrp_ept_rx_poll(struct rpmsg_endpoint *ept, unsigned int linger_us)
{
	struct amp_vrp *vrp = vrp_of_ept(ept);

	if (atomic_read(&vrp->broken))
		return -EPIPE;
	/* the poller gives up and sleeps: it needs the doorbells now */
	if (!linger_us) {
		mutex_lock(&vrp->rx_lock);
		WRITE_ONCE(vrp->poll_until, ktime_get());
		mutex_unlock(&vrp->rx_lock);
		vrp_poll_end(vrp);
		return 0;
	}
	/*
	 * Polling already: push its end back, without the lock. Should the end come first
	 * (its check before our write), doorbells are on meanwhile, which costs a doorbell at
	 * worst, and the next round turns them off again.
	 */
	if (READ_ONCE(vrp->polling)) {
		WRITE_ONCE(vrp->poll_until, ktime_add_us(ktime_get(), linger_us));
	} else {
		mutex_lock(&vrp->rx_lock);
		WRITE_ONCE(vrp->poll_until, ktime_add_us(ktime_get(), linger_us));
		if (!vrp->polling) {
			WRITE_ONCE(vrp->polling, true);
			virtqueue_disable_cb(vrp->rvq);
			hrtimer_start(&vrp->poll_timer, vrp->poll_until, HRTIMER_MODE_ABS);
		}
		mutex_unlock(&vrp->rx_lock);
	}
	vrp_poll_ring(vrp, false);
	return 0;
}

static enum hrtimer_restart vrp_poll_timer_fn(struct hrtimer *timer)
{
	struct amp_vrp *vrp = container_of(timer, struct amp_vrp, poll_timer);
	ktime_t until = READ_ONCE(vrp->poll_until);

	/* a poller came back meanwhile: follow it, without waking anyone */
	if (ktime_before(hrtimer_cb_get_time(timer), until)) {
		hrtimer_set_expires(timer, until);
		return HRTIMER_RESTART;
	}
	queue_work(system_highpri_wq, &vrp->poll_end_work);
	return HRTIMER_NORESTART;
}

static void vrp_poll_end_work(struct work_struct *work)
{
	vrp_poll_end(container_of(work, struct amp_vrp, poll_end_work));
}

/* No poller is left (the channels are gone): the doorbells stay as they are. */
static void vrp_poll_stop(struct amp_vrp *vrp)
{
	hrtimer_cancel(&vrp->poll_timer);
	cancel_work_sync(&vrp->poll_end_work);
}

/*
 * Whether a task sleeps on @wq: in read() (wait_event) or in poll() and select(), whose
 * entries name their waiter. An epoll set's entry names none: it stays on the queue while
 * its owner may be busy elsewhere, and a hand-off to it could wait for the next
 * epoll_wait(); such readers are woken by the transport's thread, as without hand-offs.
 */
static bool vrp_wq_has_task(struct wait_queue_head *wq)
{
	struct wait_queue_entry *we;
	bool found = false;

	if (!wq_has_sleeper(wq))
		return false;
	spin_lock(&wq->lock);
	list_for_each_entry(we, &wq->head, entry) {
		if (we->private) {
			found = true;
			break;
		}
	}
	spin_unlock(&wq->lock);
	return found;
}

/*
 * The doorbell's hard IRQ, through the remoteproc core (amp_rproc_vq_set_handoff()): news
 * on the rings goes to the first endpoint with a task asleep on it, woken right here;
 * whoever wakes serves the rings (amp_rpmsg_rx_serve()), and no thread runs in between.
 */
static bool vrp_handoff(struct virtqueue *vq)
{
	struct amp_vrp *vrp = vq->vdev->priv;
	struct amp_rpmsg_rx_waiter *w, *handed = NULL;
	bool taken = false;

	if (!READ_ONCE(handoff) || atomic_read(&vrp->broken))
		return false;
	spin_lock(&vrp->waiters_lock);
	list_for_each_entry(w, &vrp->waiters, node) {
		if (!vrp_wq_has_task(w->wq))
			continue;
		if (!test_and_set_bit(0, &w->handed)) {
			w->handed_at = jiffies;
			/* not keyed: pollers of any event wake, and poll again, which serves */
			wake_up_interruptible(w->wq);
			taken = true;
			break;
		}
		/* handed already, not served yet: that serve collects this news too */
		handed = w;
	}
	spin_unlock(&vrp->waiters_lock);
	if (!taken && !handed)
		return false;
	if (!timer_pending(&vrp->handoff_timer))
		mod_timer(&vrp->handoff_timer, jiffies + VRP_HANDOFF_GRACE);
	return true;
}

/* Serve, ourselves, the hand-offs nobody served in time; wait for the fresh ones. */
static void vrp_handoff_work(struct work_struct *work)
{
	struct amp_vrp *vrp = container_of(work, struct amp_vrp, handoff_work);
	struct amp_rpmsg_rx_waiter *w;
	bool serve = false, fresh = false;

	spin_lock_irq(&vrp->waiters_lock);
	list_for_each_entry(w, &vrp->waiters, node) {
		if (!test_bit(0, &w->handed))
			continue;
		if (time_before(jiffies, w->handed_at + VRP_HANDOFF_GRACE))
			fresh = true;
		else if (test_and_clear_bit(0, &w->handed))
			serve = true;
	}
	if (fresh)
		mod_timer(&vrp->handoff_timer, jiffies + VRP_HANDOFF_GRACE);
	spin_unlock_irq(&vrp->waiters_lock);
	if (serve)
		vrp_poll_ring(vrp, true);
}

static void vrp_handoff_timer_fn(struct timer_list *t)
{
	struct amp_vrp *vrp = from_timer(vrp, t, handoff_timer);

	queue_work(system_highpri_wq, &vrp->handoff_work);
}

/*
 * Unregister @ept's waiters (@w, or all of them for NULL), and serve what they were handed
 * and did not serve: unless the device goes, whose remote is reset already.
 */
static void vrp_waiters_drop(struct amp_vrp *vrp, struct rpmsg_endpoint *ept,
			     struct amp_rpmsg_rx_waiter *w)
{
	struct amp_rpmsg_rx_waiter *pos, *tmp;
	bool serve = false;

	spin_lock_irq(&vrp->waiters_lock);
	list_for_each_entry_safe(pos, tmp, &vrp->waiters, node) {
		if (pos->ept != ept || (w && pos != w))
			continue;
		list_del_init(&pos->node);
		if (test_and_clear_bit(0, &pos->handed))
			serve = true;
	}
	spin_unlock_irq(&vrp->waiters_lock);
	if (serve && !READ_ONCE(vrp->removing))
		vrp_poll_ring(vrp, true);
}

static int vrp_ept_rx_waiter(struct rpmsg_endpoint *ept, struct amp_rpmsg_rx_waiter *w,
			     bool add)
{
	struct amp_vrp *vrp = vrp_of_ept(ept);

	if (!add) {
		vrp_waiters_drop(vrp, ept, w);
		return 0;
	}
	if (!vrp->vq_set_handoff)
		return -EOPNOTSUPP;
	spin_lock_irq(&vrp->waiters_lock);
	list_add_tail(&w->node, &vrp->waiters);
	spin_unlock_irq(&vrp->waiters_lock);
	return 0;
}

static void vrp_ept_rx_serve(struct rpmsg_endpoint *ept)
{
	vrp_poll_ring(vrp_of_ept(ept), true);
}

/* No doorbell reaches the hook once this returns, and no hand-off is served late. */
static void vrp_handoff_stop(struct amp_vrp *vrp)
{
	if (vrp->vq_set_handoff) {
		vrp->vq_set_handoff(vrp->rvq, NULL);
		symbol_put(amp_rproc_vq_set_handoff);
		vrp->vq_set_handoff = NULL;
	}
	del_timer_sync(&vrp->handoff_timer);
	cancel_work_sync(&vrp->handoff_work);
	WARN_ON(!list_empty(&vrp->waiters));
}

static const struct rpmsg_endpoint_ops vrp_ept_ops = {
	.destroy_ept = vrp_ept_destroy,
	.send = vrp_ept_send,
	.sendto = vrp_ept_sendto,
	.send_offchannel = vrp_ept_send_offchannel,
	.trysend = vrp_ept_trysend,
	.trysendto = vrp_ept_trysendto,
	.trysend_offchannel = vrp_ept_trysend_offchannel,
	.poll = vrp_ept_poll,
	.get_mtu = vrp_ept_get_mtu,
	.rx_poll = vrp_ept_rx_poll,
	.send_iter = vrp_ept_send_iter,
	.rx_waiter = vrp_ept_rx_waiter,
	.rx_serve = vrp_ept_rx_serve,
};

/* No new endpoint on a broken device: it could only fail its first send. */
static struct rpmsg_endpoint *vrp_dev_create_ept(struct rpmsg_device *rpdev, rpmsg_rx_cb_t cb,
						 void *priv, struct rpmsg_channel_info chinfo)
{
	struct amp_vrp *vrp = to_vrp_channel(rpdev)->vrp;

	if (atomic_read(&vrp->broken)) {
		dev_err(&vrp->vdev->dev, "no endpoint 0x%x: the device is broken\n", chinfo.src);
		return NULL;
	}
	return vrp_create_ept(vrp, rpdev, cb, priv, chinfo.src);
}

static int vrp_announce(struct rpmsg_device *rpdev, enum rpmsg_ns_flags flags)
{
	struct amp_vrp *vrp = to_vrp_channel(rpdev)->vrp;
	struct rpmsg_ns_msg msg = {};

	if (!rpdev->announce || !rpdev->ept ||
	    !virtio_has_feature(vrp->vdev, VIRTIO_RPMSG_F_NS))
		return 0;
	strscpy_pad(msg.name, rpdev->id.name, sizeof(msg.name));
	msg.addr = cpu_to_rpmsg32(rpdev, rpdev->ept->addr);
	msg.flags = cpu_to_rpmsg32(rpdev, flags);
	return rpmsg_sendto(rpdev->ept, &msg, sizeof(msg), RPMSG_NS_ADDR);
}

static int vrp_announce_create(struct rpmsg_device *rpdev)
{
	return vrp_announce(rpdev, RPMSG_NS_CREATE);
}

static int vrp_announce_destroy(struct rpmsg_device *rpdev)
{
	return vrp_announce(rpdev, RPMSG_NS_DESTROY);
}

static int vrp_dev_create_channel(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo);
static int vrp_dev_release_channel(struct rpmsg_device *rpdev,
				   struct rpmsg_channel_info *chinfo);

static const struct rpmsg_device_ops vrp_dev_ops = {
	.create_ept = vrp_dev_create_ept,
	.announce_create = vrp_announce_create,
	.announce_destroy = vrp_announce_destroy,
	.create_channel = vrp_dev_create_channel,
	.release_channel = vrp_dev_release_channel,
};

static void vrp_channel_release(struct device *dev)
{
	struct rpmsg_device *rpdev = container_of(dev, struct rpmsg_device, dev);

	kfree(rpdev->driver_override);
	kfree(to_vrp_channel(rpdev));
}

/*
 * Add a channel: announced by the remote (@local false) or created on our side, bound to
 * @driver (or by its name when NULL). Under @channels_lock.
 */
static int vrp_add_channel(struct amp_vrp *vrp, const struct rpmsg_channel_info *chinfo,
			   bool local, const char *driver, struct amp_vrp_channel **out)
{
	struct amp_vrp_channel *ch;
	struct device *dev;
	int ret;

	lockdep_assert_held(&vrp->channels_lock);
	if (vrp->removing)
		return -ENODEV;
	/*
	 * A second channel named as the control channel would get a second control device,
	 * whose removal (under @channels_lock) would wait for its own ioctls (which take
	 * @channels_lock): only ours has the name.
	 */
	if (!driver && !strncmp(chinfo->name, VRP_CTRL_NAME, RPMSG_NAME_SIZE)) {
		dev_err(&vrp->vdev->dev, "channel %s 0x%x -> 0x%x refused: the name is the control channel's\n",
			chinfo->name, chinfo->src, chinfo->dst);
		return -EINVAL;
	}
	dev = rpmsg_find_device(&vrp->vdev->dev, (struct rpmsg_channel_info *)chinfo);
	if (dev) {
		put_device(dev);
		return -EEXIST;
	}
	if (!driver && vrp->channels >= VRP_MAX_CHANNELS)
		return -ENOSPC;
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ch->vrp = vrp;
	ch->local = local;
	ch->rpdev.src = chinfo->src;
	ch->rpdev.dst = chinfo->dst;
	ch->rpdev.ops = &vrp_dev_ops;
	ch->rpdev.little_endian = virtio_is_little_endian(vrp->vdev);
	/*
	 * A remote's channel needs no announcing back; a local one with an address does, but
	 * not the control channel (which has no endpoint: announce reads false, as upstream's).
	 */
	ch->rpdev.announce = local && !driver && chinfo->src != RPMSG_ADDR_ANY;
	strscpy_pad(ch->rpdev.id.name, chinfo->name, RPMSG_NAME_SIZE);
	ch->rpdev.dev.parent = &vrp->vdev->dev;
	ch->rpdev.dev.release = vrp_channel_release;
	dev_set_name(&ch->rpdev.dev, "%s.%s.%d.%d", dev_name(&vrp->vdev->dev), chinfo->name,
		     chinfo->src, chinfo->dst);
	ret = rpmsg_register_device_override(&ch->rpdev, driver);
	if (ret) {
		put_device(&ch->rpdev.dev);
		return ret;
	}
	trace_amp_rpmsg_channel(&ch->rpdev, true);
	if (driver)
		*out = ch;
	else
		vrp->channels++;
	return 0;
}

static void vrp_create_channel(struct amp_vrp *vrp, const struct rpmsg_ns_msg *msg)
{
	struct rpmsg_channel_info chinfo = { .src = RPMSG_ADDR_ANY };
	int ret;

	strscpy(chinfo.name, msg->name, sizeof(chinfo.name));
	chinfo.dst = rpmsg32_to_cpu(NULL, msg->addr);
	mutex_lock(&vrp->channels_lock);
	ret = vrp_add_channel(vrp, &chinfo, false, NULL, NULL);
	mutex_unlock(&vrp->channels_lock);
	if (ret == -EEXIST)
		dev_err(&vrp->vdev->dev, "channel %s addr 0x%x announced twice\n", chinfo.name,
			chinfo.dst);
	else if (ret == -ENOSPC)
		dev_err(&vrp->vdev->dev, "channel %s: already %d channels, ignored\n",
			chinfo.name, VRP_MAX_CHANNELS);
	else if (!ret)
		dev_info(&vrp->vdev->dev, "creating channel %s addr 0x%x\n", chinfo.name,
			 chinfo.dst);
}

/* Remove the channel matching @chinfo, only if local when @local. Under @channels_lock. */
static int vrp_remove_channel(struct amp_vrp *vrp, struct rpmsg_channel_info *chinfo,
			      bool local)
{
	struct device *dev;

	lockdep_assert_held(&vrp->channels_lock);
	dev = rpmsg_find_device(&vrp->vdev->dev, chinfo);
	if (!dev)
		return -EINVAL;
	/* the control and name-service channels are the transport's own */
	if ((vrp->ctrl && dev == &vrp->ctrl->rpdev.dev) ||
	    (vrp->ns && dev == &vrp->ns->rpdev.dev) ||
	    (local && !to_vrp_channel(to_rpmsg_device(dev))->local)) {
		put_device(dev);
		return -EINVAL;
	}
	trace_amp_rpmsg_channel(to_rpmsg_device(dev), false);
	device_unregister(dev);
	put_device(dev);
	vrp->channels--;
	return 0;
}

static int vrp_dev_create_channel(struct rpmsg_device *rpdev, struct rpmsg_channel_info *chinfo)
{
	struct amp_vrp *vrp = to_vrp_channel(rpdev)->vrp;
	int ret;

	if (!chinfo->name[0] || strnlen(chinfo->name, RPMSG_NAME_SIZE) == RPMSG_NAME_SIZE)
		return -EINVAL;
	if (chinfo->src != RPMSG_ADDR_ANY && chinfo->src >= INT_MAX)
		return -EINVAL;
	mutex_lock(&vrp->channels_lock);
	ret = vrp_add_channel(vrp, chinfo, true, NULL, NULL);
	mutex_unlock(&vrp->channels_lock);
	return ret;
}

static int vrp_dev_release_channel(struct rpmsg_device *rpdev,
				   struct rpmsg_channel_info *chinfo)
{
	struct amp_vrp *vrp = to_vrp_channel(rpdev)->vrp;
	int ret;

	mutex_lock(&vrp->channels_lock);
	ret = vrp_remove_channel(vrp, chinfo, true);
	mutex_unlock(&vrp->channels_lock);
	return ret;
}

static void vrp_ns_work(struct work_struct *work)
{
	struct amp_vrp *vrp = container_of(work, struct amp_vrp, ns_work);
	struct amp_vrp_ns_msg *m;

	for (;;) {
		spin_lock(&vrp->ns_lock);
		m = list_first_entry_or_null(&vrp->ns_pending, struct amp_vrp_ns_msg, node);
		if (m) {
			list_del(&m->node);
			vrp->ns_count--;
		}
		spin_unlock(&vrp->ns_lock);
		if (!m)
			return;
		if (rpmsg32_to_cpu(NULL, m->msg.flags) == RPMSG_NS_DESTROY) {
			struct rpmsg_channel_info chinfo = {
				.src = RPMSG_ADDR_ANY,
				.dst = rpmsg32_to_cpu(NULL, m->msg.addr),
			};

			strscpy(chinfo.name, m->msg.name, sizeof(chinfo.name));
			mutex_lock(&vrp->channels_lock);
			if (vrp_remove_channel(vrp, &chinfo, false))
				dev_err(&vrp->vdev->dev, "destroy of unknown channel %s addr 0x%x\n",
					chinfo.name, chinfo.dst);
			mutex_unlock(&vrp->channels_lock);
		} else {
			vrp_create_channel(vrp, &m->msg);
		}
		kfree(m);
	}
}

/*
 * Name service: copy the message out of shared memory first (the remote could change it
 * under the checks), check the copy here, act on it in the worker.
 */
static int vrp_ns_cb(struct rpmsg_device *rpdev, void *data, int len, void *priv, u32 src)
{
	struct amp_vrp *vrp = priv;
	struct amp_vrp_ns_msg *m;
	struct rpmsg_ns_msg *msg;
	u32 flags, addr;

	if (len != sizeof(*msg)) {
		dev_err_ratelimited(&vrp->vdev->dev, "name service: message of %d bytes, not %zu\n",
				    len, sizeof(*msg));
		return -EINVAL;
	}
	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	memcpy(&m->msg, data, sizeof(m->msg));
	msg = &m->msg;
	flags = rpmsg32_to_cpu(NULL, msg->flags);
	addr = rpmsg32_to_cpu(NULL, msg->addr);
	if (strnlen(msg->name, sizeof(msg->name)) == sizeof(msg->name) || !msg->name[0] ||
	    flags > RPMSG_NS_DESTROY || addr == RPMSG_ADDR_ANY) {
		dev_err_ratelimited(&vrp->vdev->dev, "name service: bad message: name '%.*s' (%zu bytes, NUL needed), addr 0x%x, flags %u\n",
				    (int)sizeof(msg->name), msg->name,
				    strnlen(msg->name, sizeof(msg->name)), addr, flags);
		kfree(m);
		return -EINVAL;
	}
	spin_lock(&vrp->ns_lock);
	if (vrp->ns_count >= VRP_MAX_NS_PENDING) {
		spin_unlock(&vrp->ns_lock);
		kfree(m);
		dev_err_ratelimited(&vrp->vdev->dev, "name service: flooded, message dropped\n");
		return -ENOSPC;
	}
	list_add_tail(&m->node, &vrp->ns_pending);
	vrp->ns_count++;
	spin_unlock(&vrp->ns_lock);
	schedule_work(&vrp->ns_work);
	return 0;
}

/* One message from the remote: checked, then handed to its endpoint's callback. */
static void vrp_recv_one(struct amp_vrp *vrp, struct rpmsg_hdr *hdr, unsigned int len)
{
	struct rpmsg_endpoint *ept;
	unsigned int msg_len;
	u32 src, dst;

	if (len < sizeof(*hdr) || len > vrp->rbuf_size) {
		vrp_broken(vrp, "rx length", len);
		return;
	}
	msg_len = rpmsg16_to_cpu(NULL, hdr->len);
	if (msg_len > len - sizeof(*hdr)) {
		vrp_broken(vrp, "rx header len", msg_len);
		return;
	}
	src = rpmsg32_to_cpu(NULL, hdr->src);
	dst = rpmsg32_to_cpu(NULL, hdr->dst);
	trace_amp_rpmsg_rx(&vrp->vdev->dev, src, dst, msg_len);

	mutex_lock(&vrp->endpoints_lock);
	ept = idr_find(&vrp->endpoints, dst);
	if (ept)
		kref_get(&ept->refcount);
	mutex_unlock(&vrp->endpoints_lock);
	if (!ept) {
		dev_warn_ratelimited(&vrp->vdev->dev, "message from 0x%x to no endpoint 0x%x\n",
				     src, dst);
		return;
	}
	mutex_lock(&ept->cb_lock);
	if (ept->cb)
		ept->cb(ept->rpdev, hdr->data, msg_len, ept->priv, src);
	mutex_unlock(&ept->cb_lock);
	kref_put(&ept->refcount, vrp_free_ept);
}

static void vrp_recv_done(struct virtqueue *rvq)
{
	struct amp_vrp *vrp = rvq->vdev->priv;
	unsigned int len, n = 0;
	struct scatterlist sg;
	void *buf;

	mutex_lock(&vrp->rx_lock);
	while (!atomic_read(&vrp->broken) && vrp_used_idx_ok(vrp, rvq, vrp->rx_used) &&
	       (buf = virtqueue_get_buf(rvq, &len))) {
		vrp->rx_used++;
		vrp_recv_one(vrp, buf, len);
		vrp_sg_init(vrp, &sg, buf, vrp->rbuf_size);
		if (virtqueue_add_inbuf(rvq, &sg, 1, buf, GFP_KERNEL)) {
			vrp_broken(vrp, "rx ring overflow at buffer",
				   (buf - vrp->bufs) / vrp->rbuf_size);
			break;
		}
		n++;
	}
	vrp_check_vq(vrp, rvq);
	if (n)
		vrp_kick(rvq);
	mutex_unlock(&vrp->rx_lock);
}

static void vrp_xmit_done(struct virtqueue *svq)
{
	struct amp_vrp *vrp = svq->vdev->priv;

	wake_up_interruptible(&vrp->sendq->wq);
}

static bool vrp_buf_size_ok(u32 size)
{
	return size >= AMP_RPMSG_BUF_SIZE_MIN && size <= AMP_RPMSG_BUF_SIZE_MAX &&
	       IS_ALIGNED(size, AMP_RPMSG_BUF_ALIGN);
}

/*
 * The buffer sizes: upstream's 512 both ways, or what the remote states with
 * VIRTIO_RPMSG_F_BUFSZ. The remote uses its sizes once it sees the feature negotiated, so a
 * size we cannot use fails the probe rather than fall back to 512 behind its back.
 */
static int vrp_get_buf_sizes(struct amp_vrp *vrp)
{
	struct virtio_device *vdev = vrp->vdev;
	u32 txbuf, rxbuf;

	vrp->rbuf_size = AMP_RPMSG_BUF_SIZE_DEFAULT;
	vrp->sbuf_size = AMP_RPMSG_BUF_SIZE_DEFAULT;
	if (!virtio_has_feature(vdev, VIRTIO_RPMSG_F_BUFSZ))
		return 0;
	virtio_cread_le(vdev, struct amp_virtio_rpmsg_config, txbuf_size, &txbuf);
	virtio_cread_le(vdev, struct amp_virtio_rpmsg_config, rxbuf_size, &rxbuf);
	if (!vrp_buf_size_ok(txbuf) || !vrp_buf_size_ok(rxbuf)) {
		dev_err(&vdev->dev, "buffer sizes txbuf %u rxbuf %u refused: each must be %u..%u bytes, a multiple of %u\n",
			txbuf, rxbuf, AMP_RPMSG_BUF_SIZE_MIN, AMP_RPMSG_BUF_SIZE_MAX,
			AMP_RPMSG_BUF_ALIGN);
		return -EINVAL;
	}
	/* the remote's transmit buffers are the ones we receive in */
	vrp->rbuf_size = txbuf;
	vrp->sbuf_size = rxbuf;
	return 0;
}

static int vrp_map_buffers(struct amp_vrp *vrp)
{
	struct virtio_device *vdev = vrp->vdev;
	struct virtio_shm_region shm;
	size_t total;
	u64 pfn;
	int ret;

	ret = vrp_get_buf_sizes(vrp);
	if (ret)
		return ret;
	vrp->num_rbufs = virtqueue_get_vring_size(vrp->rvq);
	vrp->num_sbufs = virtqueue_get_vring_size(vrp->svq);
	/* at most 2 x 32768 buffers of 64 KiB: no overflow, but the pool's size is hostile */
	total = size_add(array_size(vrp->num_rbufs, vrp->rbuf_size),
			 array_size(vrp->num_sbufs, vrp->sbuf_size));
	if (!virtio_get_shm_region(vdev, &shm, 0)) {
		dev_err(&vdev->dev, "no buffer pool: the vdev has no shared memory region 0\n");
		return -ENODEV;
	}
	if (shm.len < total) {
		dev_err(&vdev->dev, "buffer pool of 0x%llx bytes, need 0x%zx (%u rx buffers of %u bytes, %u tx of %u)\n",
			shm.len, total, vrp->num_rbufs, vrp->rbuf_size, vrp->num_sbufs,
			vrp->sbuf_size);
		return -ENOSPC;
	}
	/* The vring gets the buffers' physical addresses through their struct pages. */
	for (pfn = PHYS_PFN(shm.addr); pfn <= PHYS_PFN(shm.addr + total - 1); pfn++) {
		if (!pfn_valid(pfn)) {
			dev_err(&vdev->dev, "buffer pool at 0x%llx has no memmap\n", shm.addr);
			return -EINVAL;
		}
	}
	vrp->bufs_pa = shm.addr;
	vrp->bufs = devm_memremap(&vdev->dev, shm.addr, total, MEMREMAP_WC);
	return PTR_ERR_OR_ZERO(vrp->bufs);
}

static int vrp_post_rx_buffers(struct amp_vrp *vrp)
{
	struct scatterlist sg;
	unsigned int i;
	int ret;

	for (i = 0; i < vrp->num_rbufs; i++) {
		vrp_sg_init(vrp, &sg, vrp_rbuf(vrp, i), vrp->rbuf_size);
		ret = virtqueue_add_inbuf(vrp->rvq, &sg, 1, vrp_rbuf(vrp, i), GFP_KERNEL);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The device goes: everyone waiting for a tx buffer leaves @sendq. epoll takes its entries
 * off when told (POLLFREE), a poll() in progress when it returns, after this wake-up; the
 * queue is freed after that (and an RCU grace period, for epoll), or left behind, with a
 * message, if a poller never leaves: never freed under it.
 */
static void vrp_sendq_release(struct amp_vrp *vrp)
{
	struct amp_vrp_sendq *q = vrp->sendq;
	unsigned int ms = 0;
	bool waiting;

	__wake_up(&q->wq, TASK_NORMAL, 0, poll_to_key(EPOLLERR | EPOLLHUP | POLLFREE));
	for (;;) {
		/* under the queue's lock: entries leave under it */
		spin_lock_irq(&q->wq.lock);
		waiting = !list_empty(&q->wq.head);
		spin_unlock_irq(&q->wq.lock);
		if (!waiting || ms >= VRP_SENDQ_DRAIN_MS)
			break;
		usleep_range(10000, 20000);
		ms += 20;
	}
	vrp->sendq = NULL;
	if (waiting) {
		dev_err(&vrp->vdev->dev, "pollers still wait for a tx buffer after %u ms: their queue is left behind\n",
			ms);
		return;
	}
	kfree_rcu(q, rcu);
}

/*
 * Broken first, then cancel: vrp_broken() queues @fail_work only when it sets @broken, and
 * does both under @fail_lock, so once we set it there the work is queued or never will be,
 * and the cancel is final. The other way round, a vrp_broken() between the two would queue
 * the work to run on @vrp after devm frees it.
 */
static void vrp_stop_fail_work(struct amp_vrp *vrp)
{
	spin_lock(&vrp->fail_lock);
	atomic_set(&vrp->broken, 1);
	spin_unlock(&vrp->fail_lock);
	cancel_work_sync(&vrp->fail_work);
}

/* After the name service's endpoint is gone: its worker and pending messages go too. */
static void vrp_flush_ns(struct amp_vrp *vrp)
{
	struct amp_vrp_ns_msg *m, *tmp;

	cancel_work_sync(&vrp->ns_work);
	list_for_each_entry_safe(m, tmp, &vrp->ns_pending, node)
		kfree(m);
	INIT_LIST_HEAD(&vrp->ns_pending);
}

static int vrp_unregister_channel(struct device *dev, void *data)
{
	trace_amp_rpmsg_channel(to_rpmsg_device(dev), false);
	device_unregister(dev);
	return 0;
}

static int vrp_probe(struct virtio_device *vdev)
{
	static const char * const names[] = { "input", "output" };
	vq_callback_t *callbacks[] = { vrp_recv_done, vrp_xmit_done };
	struct virtqueue *vqs[2];
	struct amp_vrp *vrp;
	int ret;

	vrp = devm_kzalloc(&vdev->dev, sizeof(*vrp), GFP_KERNEL);
	if (!vrp)
		return -ENOMEM;
	vrp->vdev = vdev;
	vdev->priv = vrp;
	spin_lock_init(&vrp->tx_lock);
	spin_lock_init(&vrp->ns_lock);
	spin_lock_init(&vrp->fail_lock);
	mutex_init(&vrp->endpoints_lock);
	mutex_init(&vrp->channels_lock);
	mutex_init(&vrp->rx_lock);
	hrtimer_init(&vrp->poll_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	vrp->poll_timer.function = vrp_poll_timer_fn;
	INIT_WORK(&vrp->poll_end_work, vrp_poll_end_work);
	idr_init(&vrp->endpoints);
	vrp->sendq = kzalloc(sizeof(*vrp->sendq), GFP_KERNEL);
	if (!vrp->sendq)
		return -ENOMEM;
	init_waitqueue_head(&vrp->sendq->wq);
	INIT_LIST_HEAD(&vrp->ns_pending);
	INIT_WORK(&vrp->ns_work, vrp_ns_work);
	INIT_WORK(&vrp->fail_work, vrp_fail_work);
	spin_lock_init(&vrp->waiters_lock);
	INIT_LIST_HEAD(&vrp->waiters);
	timer_setup(&vrp->handoff_timer, vrp_handoff_timer_fn, 0);
	INIT_WORK(&vrp->handoff_work, vrp_handoff_work);

	ret = virtio_find_vqs(vdev, 2, vqs, callbacks, names, NULL);
	if (ret)
		goto err_destroy_idr;
	vrp->vq_poll = symbol_get(amp_rproc_vq_poll);
	vrp->rvq = vqs[0];
	vrp->svq = vqs[1];
	ret = vrp_map_buffers(vrp);
	if (ret)
		goto err_del_vqs;
	ret = vrp_post_rx_buffers(vrp);
	if (ret)
		goto err_del_vqs;
	vrp->spare = devm_kcalloc(&vdev->dev, vrp->num_sbufs, sizeof(*vrp->spare), GFP_KERNEL);
	if (!vrp->spare) {
		ret = -ENOMEM;
		goto err_del_vqs;
	}
	/* tx doorbells only wake waiting senders */
	virtqueue_disable_cb(vrp->svq);
	/* doorbells in hard IRQ context may wake a waiting reader straight away */
	vrp->vq_set_handoff = symbol_get(amp_rproc_vq_set_handoff);
	if (vrp->vq_set_handoff && !vrp->vq_set_handoff(vrp->rvq, vrp_handoff)) {
		symbol_put(amp_rproc_vq_set_handoff);
		vrp->vq_set_handoff = NULL;
	}

	if (virtio_has_feature(vdev, VIRTIO_RPMSG_F_NS)) {
		vrp->ns_ept = vrp_create_ept(vrp, NULL, vrp_ns_cb, vrp, RPMSG_NS_ADDR);
		if (!vrp->ns_ept) {
			ret = -ENOMEM;
			goto err_del_vqs;
		}
	}
	/*
	 * The control channel: rpmsg_ctrl binds it and makes /dev/rpmsg_ctrlN. Addresses 0 as
	 * upstream's (virtioN.rpmsg_ctrl.0.0, which programs look for); it has no endpoint.
	 */
	mutex_lock(&vrp->channels_lock);
	ret = vrp_add_channel(vrp, &(struct rpmsg_channel_info){ .name = VRP_CTRL_NAME },
			      true, VRP_CTRL_NAME, &vrp->ctrl);
	mutex_unlock(&vrp->channels_lock);
	if (ret) {
		dev_err(&vdev->dev, "cannot add the control channel: %d\n", ret);
		goto err_destroy_ns_ept;
	}
	/*
	 * The name service's channel, as upstream has it on the bus (virtioN.rpmsg_ns.53.53,
	 * driver rpmsg_ns): programs and scripts see the same devices on both stacks.
	 */
	if (vrp->ns_ept) {
		mutex_lock(&vrp->channels_lock);
		ret = vrp_add_channel(vrp, &(struct rpmsg_channel_info){
					.name = VRP_NS_NAME, .src = RPMSG_NS_ADDR,
					.dst = RPMSG_NS_ADDR }, true, VRP_NS_NAME, &vrp->ns);
		mutex_unlock(&vrp->channels_lock);
		if (ret) {
			dev_err(&vdev->dev, "cannot add the name service's channel: %d\n", ret);
			goto err_del_ctrl;
		}
	}
	virtio_device_ready(vdev);
	/* the remote may now use the rx buffers */
	virtqueue_notify(vrp->rvq);
	dev_info(&vdev->dev, "rpmsg host is online: %u rx buffers of %u bytes, %u tx of %u\n",
		 vrp->num_rbufs, vrp->rbuf_size, vrp->num_sbufs, vrp->sbuf_size);
	return 0;

err_del_ctrl:
	device_unregister(&vrp->ctrl->rpdev.dev);
	vrp->ctrl = NULL;
err_destroy_ns_ept:
	if (vrp->ns_ept)
		vrp_destroy_ept(vrp, vrp->ns_ept);
err_del_vqs:
	/* the remote may have broken the rings already: no work outlives the probe */
	vrp_stop_fail_work(vrp);
	vrp_flush_ns(vrp);
	vrp_handoff_stop(vrp);
	vrp_poll_stop(vrp);
	if (vrp->vq_poll)
		symbol_put(amp_rproc_vq_poll);
	vdev->config->del_vqs(vdev);
err_destroy_idr:
	idr_destroy(&vrp->endpoints);
	vrp_sendq_release(vrp);
	return ret;
}

static void vrp_remove(struct virtio_device *vdev)
{
	struct amp_vrp *vrp = vdev->priv;

	vrp_stop_fail_work(vrp);
	/* The remote is told (reset), so it stops using the rings. */
	virtio_reset_device(vdev);
	/* Wake senders: they see the device gone. */
	wake_up_interruptible_all(&vrp->sendq->wq);
	/* No channel is added from here on. */
	mutex_lock(&vrp->channels_lock);
	WRITE_ONCE(vrp->removing, true);
	mutex_unlock(&vrp->channels_lock);
	if (vrp->ns_ept)
		vrp_destroy_ept(vrp, vrp->ns_ept);
	vrp_flush_ns(vrp);
	/*
	 * The control channel first, outside @channels_lock: its driver waits for ioctls that
	 * may be adding or removing channels under it.
	 */
	if (vrp->ctrl) {
		trace_amp_rpmsg_channel(&vrp->ctrl->rpdev, false);
		device_unregister(&vrp->ctrl->rpdev.dev);
	}
	mutex_lock(&vrp->channels_lock);
	device_for_each_child(&vdev->dev, NULL, vrp_unregister_channel);
	mutex_unlock(&vrp->channels_lock);
	vrp_handoff_stop(vrp);
	vrp_poll_stop(vrp);
	if (vrp->vq_poll)
		symbol_put(amp_rproc_vq_poll);
	vdev->config->del_vqs(vdev);
	idr_destroy(&vrp->endpoints);
	vrp_sendq_release(vrp);
}

static const struct virtio_device_id vrp_id_table[] = {
	{ VIRTIO_ID_RPMSG, VIRTIO_DEV_ANY_ID },
	{ 0 },
};

static unsigned int vrp_features[] = {
	VIRTIO_RPMSG_F_NS,
	VIRTIO_RPMSG_F_BUFSZ,
};

static struct virtio_driver amp_virtio_rpmsg_driver = {
	.feature_table = vrp_features,
	.feature_table_size = ARRAY_SIZE(vrp_features),
	.driver.name = KBUILD_MODNAME,
	.driver.owner = THIS_MODULE,
	.id_table = vrp_id_table,
	.probe = vrp_probe,
	.remove = vrp_remove,
};

/*
 * Upstream's rpmsg_ns driver binds the name service's channel and serves the service; here
 * the transport serves it (@ns_ept, checked and rate-limited in vrp_ns_cb()), and the
 * driver only binds the channel, so that it shows on the bus as upstream's does.
 */
static int vrp_ns_probe(struct rpmsg_device *rpdev)
{
	return 0;
}

static struct rpmsg_driver vrp_ns_driver = {
	.drv.name = VRP_NS_NAME,
	.probe = vrp_ns_probe,
};

static int __init vrp_init(void)
{
	int ret;

	ret = register_rpmsg_driver(&vrp_ns_driver);
	if (ret)
		return ret;
	ret = register_virtio_driver(&amp_virtio_rpmsg_driver);
	if (ret)
		goto err_unregister_ns;
	return 0;

err_unregister_ns:
	unregister_rpmsg_driver(&vrp_ns_driver);
	return ret;
}
module_init(vrp_init);

static void __exit vrp_exit(void)
{
	unregister_virtio_driver(&amp_virtio_rpmsg_driver);
	unregister_rpmsg_driver(&vrp_ns_driver);
}
module_exit(vrp_exit);

MODULE_DEVICE_TABLE(virtio, vrp_id_table);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP rpmsg: virtio transport and name service");
