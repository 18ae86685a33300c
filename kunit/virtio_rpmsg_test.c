// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_virtio_rpmsg: the rpmsg virtio transport (amp_virtio_rpmsg.ko) against a
 * fake remote.
 *
 * Each case registers a fake virtio device (VIRTIO_ID_RPMSG) and lets the virtio core bind
 * the real transport to it. The fake plays the remote's side of both split vrings, as the
 * firmware does (firmware/virtqueue.c): it takes the buffers the driver made available,
 * writes or reads them, returns them as used (entry, barrier, index) and raises the vring's
 * interrupt by calling vring_interrupt() itself. The buffer pool is remote 1's no-map
 * carveout vdev0buffer (unused while no remote runs): the transport needs pool memory with a
 * memmap but outside the linear map. Every case runs on a fresh device: init registers it,
 * exit unregisters it.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/rpmsg.h>
#include <linux/rpmsg/ns.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/uio.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>

#include <linux/amp/virtio_rpmsg.h>
#include <linux/ktime.h>
#include <uapi/linux/amp/rpmsg.h>

#include "../drivers/rpmsg/amp_rpmsg_internal.h"

#define VRP_DRIVER	"amp_virtio_rpmsg"
#define POOL_NODE	"/reserved-memory/vdev0buffer@5f900000"

#define FAKE_NUM	16	/* descriptors per vring */
#define FAKE_ALIGN	4096
#define F_NS		0	/* VIRTIO_RPMSG_F_NS */
#define F_BUFSZ		AMP_VIRTIO_RPMSG_F_BUFSZ

#define BUF_SIZE	512
#define HDR_SIZE	16
#define MTU		(BUF_SIZE - HDR_SIZE)
#define POOL_NEEDED	(2 * FAKE_NUM * BUF_SIZE)
#define BIG_MTU		(4096 - HDR_SIZE)	/* the largest payload a case looks at */

#define WAIT_MS		1000	/* for the name service's worker */
#define SENDER_WAIT_MS	2000	/* for a blocked sender */

#define CH_ADDR		0x400	/* the remote's address of the channels the cases create */
#define SENTINEL	"kunit-sentinel"
#define SENTINEL_ADDR	0x3ff

/* The wire header, as the remote sees it (legacy virtio on a little-endian host). */
struct wire_hdr {
	__le32 src;
	__le32 dst;
	__le32 reserved;
	__le16 len;
	__le16 flags;
} __packed;

static_assert(sizeof(struct wire_hdr) == HDR_SIZE);

/**
 * struct fake_vring - the remote's side of one vring
 * @pages: the ring's memory, shared with the driver's virtqueue
 * @vr: the ring's layout in @pages
 * @vq: the driver's virtqueue, while it exists
 * @last_avail: next avail entry the remote takes
 * @used_idx: the remote's used index
 * @notified: the driver's kicks
 */
struct fake_vring {
	void *pages;
	struct vring vr;
	struct virtqueue *vq;
	u16 last_avail;
	u16 used_idx;
	atomic_t notified;
};

/**
 * struct rx_log - what the endpoints' callbacks received
 * @count: callbacks
 * @overlong: a callback was given more than the MTU
 * @len: the last message's length
 * @src: its source
 * @priv: its endpoint's priv
 * @rpdev: its channel
 * @data: its payload (up to BIG_MTU bytes)
 */
struct rx_log {
	unsigned int count;
	bool overlong;
	int len;
	u32 src;
	void *priv;
	struct rpmsg_device *rpdev;
	u8 data[BIG_MTU];
};

/**
 * struct sender - a kthread blocked in rpmsg_send()
 * @task: the thread (a reference is held)
 * @ept: the endpoint it sends from
 * @data: the payload
 * @len: its length
 * @ret: rpmsg_send()'s result
 * @done: rpmsg_send() returned
 */
struct sender {
	struct task_struct *task;
	struct rpmsg_endpoint *ept;
	u8 data[8];
	int len;
	int ret;
	struct completion done;
};

/**
 * struct vrp_test - one case's fake remote
 * @test: the case
 * @vdev: the registered virtio device, or NULL
 * @status: the device's status byte
 * @offered: the features the device offers
 * @negotiated: the features the driver finalised
 * @vr: the vrings: 0 the remote's messages to Linux, 1 Linux's to the remote
 * @pool: the buffer pool, mapped for the remote
 * @pool_pa: its physical address
 * @pool_len: its size
 * @shm_none: the device has no shared memory region 0
 * @shm_addr: region 0's address, as the device reports it
 * @shm_len: its size
 * @config: the config space (VIRTIO_RPMSG_F_BUFSZ's sizes)
 * @rbuf: the size of the driver's rx buffers the remote expects (vring 0)
 * @sbuf: the size of its tx buffers (vring 1)
 * @break_in_probe: the remote breaks vring 0 as soon as it exists (in find_vqs)
 * @ept: an endpoint the case created, destroyed at exit
 * @rx: what the endpoints' callbacks received
 * @probed: channels the test driver bound
 * @removed: channels the test driver unbound
 * @sender: a blocked sender, if the case started one
 * @remove_wait_ret: the blocked sender's result, seen from the driver's remove
 */
struct vrp_test {
	struct kunit *test;
	struct virtio_device *vdev;
	u8 status;
	u64 offered;
	u64 negotiated;
	struct fake_vring vr[2];
	void *pool;
	phys_addr_t pool_pa;
	size_t pool_len;
	bool shm_none;
	phys_addr_t shm_addr;
	u64 shm_len;
	struct amp_virtio_rpmsg_config config;
	u32 rbuf;
	u32 sbuf;
	bool break_in_probe;
	struct rpmsg_endpoint *ept;
	struct rx_log rx;
	unsigned int probed;
	unsigned int removed;
	struct sender *sender;
	int remove_wait_ret;
};

/**
 * struct fake_vdev - the fake virtio device; freed by its release
 * @vdev: the device
 * @t: its case
 */
struct fake_vdev {
	struct virtio_device vdev;
	struct vrp_test *t;
};

static struct vrp_test *vdev_to_test(struct virtio_device *vdev)
{
	return container_of(vdev, struct fake_vdev, vdev)->t;
}

/* The virtio device's config ops: the remote's side of the handshake. */

static void fake_get(struct virtio_device *vdev, unsigned int offset, void *buf,
		     unsigned int len)
{
	struct vrp_test *t = vdev_to_test(vdev);

	memset(buf, 0, len);	/* zeroes past the config space */
	if (offset < sizeof(t->config))
		memcpy(buf, (u8 *)&t->config + offset, min_t(size_t, len,
							     sizeof(t->config) - offset));
}

static void fake_set(struct virtio_device *vdev, unsigned int offset, const void *buf,
		     unsigned int len)
{
}

static u8 fake_get_status(struct virtio_device *vdev)
{
	return vdev_to_test(vdev)->status;
}

static void fake_set_status(struct virtio_device *vdev, u8 status)
{
	vdev_to_test(vdev)->status = status;
}

static void fake_reset(struct virtio_device *vdev)
{
	vdev_to_test(vdev)->status = 0;
}

static u64 fake_get_features(struct virtio_device *vdev)
{
	return vdev_to_test(vdev)->offered;
}

static int fake_finalize_features(struct virtio_device *vdev)
{
	vring_transport_features(vdev);
	vdev_to_test(vdev)->negotiated = vdev->features;
	return 0;
}

static bool fake_notify(struct virtqueue *vq)
{
	struct vrp_test *t = vdev_to_test(vq->vdev);

	if (vq->index < ARRAY_SIZE(t->vr))
		atomic_inc(&t->vr[vq->index].notified);
	return true;
}

static void fake_del_vqs(struct virtio_device *vdev)
{
	struct vrp_test *t = vdev_to_test(vdev);
	struct virtqueue *vq, *n;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t->vr); i++)
		t->vr[i].vq = NULL;
	list_for_each_entry_safe(vq, n, &vdev->vqs, list)
		vring_del_virtqueue(vq);
}

static int fake_find_vqs(struct virtio_device *vdev, unsigned int nvqs, struct virtqueue *vqs[],
			 vq_callback_t *callbacks[], const char * const names[],
			 const bool *ctx, struct irq_affinity *desc)
{
	struct vrp_test *t = vdev_to_test(vdev);
	unsigned int i;

	if (nvqs > ARRAY_SIZE(t->vr))
		return -EINVAL;
	for (i = 0; i < nvqs; i++) {
		struct fake_vring *r = &t->vr[i];

		memset(r->pages, 0, vring_size(FAKE_NUM, FAKE_ALIGN));
		vring_init(&r->vr, FAKE_NUM, r->pages, FAKE_ALIGN);
		r->last_avail = 0;
		r->used_idx = 0;
		atomic_set(&r->notified, 0);
		vqs[i] = vring_new_virtqueue(i, FAKE_NUM, FAKE_ALIGN, vdev, false,
					     ctx ? ctx[i] : false, r->pages, fake_notify,
					     callbacks[i], names[i]);
		if (!vqs[i]) {
			fake_del_vqs(vdev);
			return -ENOMEM;
		}
		r->vq = vqs[i];
	}
	/* a used index far ahead, signalled while the driver still probes */
	if (t->break_in_probe && nvqs) {
		t->vr[0].vr.used->idx = cpu_to_virtio16(vdev, 0x4000);
		vring_interrupt(0, vqs[0]);
	}
	return 0;
}

static bool fake_get_shm_region(struct virtio_device *vdev, struct virtio_shm_region *region,
				u8 id)
{
	struct vrp_test *t = vdev_to_test(vdev);

	if (id != 0 || t->shm_none)
		return false;
	region->addr = t->shm_addr;
	region->len = t->shm_len;
	return true;
}

static const struct virtio_config_ops fake_config_ops = {
	.get = fake_get,
	.set = fake_set,
	.get_status = fake_get_status,
	.set_status = fake_set_status,
	.reset = fake_reset,
	.find_vqs = fake_find_vqs,
	.del_vqs = fake_del_vqs,
	.get_features = fake_get_features,
	.finalize_features = fake_finalize_features,
	.get_shm_region = fake_get_shm_region,
};

static void fake_vdev_release(struct device *dev)
{
	kfree(container_of(dev_to_virtio(dev), struct fake_vdev, vdev));
}

/* Registers the device: the virtio core binds the transport (if loaded) from here. */
static int fake_register(struct vrp_test *t)
{
	struct fake_vdev *fv = kzalloc(sizeof(*fv), GFP_KERNEL);
	int ret;

	if (!fv)
		return -ENOMEM;
	fv->t = t;
	fv->vdev.id.device = VIRTIO_ID_RPMSG;
	fv->vdev.id.vendor = VIRTIO_DEV_ANY_ID;
	fv->vdev.config = &fake_config_ops;
	fv->vdev.dev.release = fake_vdev_release;
	ret = register_virtio_device(&fv->vdev);
	if (ret) {
		put_device(&fv->vdev.dev);
		return ret;
	}
	t->vdev = &fv->vdev;
	return 0;
}

static void fake_unregister(struct vrp_test *t)
{
	if (!t->vdev)
		return;
	unregister_virtio_device(t->vdev);	/* the transport's remove, then the release */
	t->vdev = NULL;
}

static bool bound(struct vrp_test *t)
{
	return t->vdev && t->vdev->dev.driver &&
	       !strcmp(t->vdev->dev.driver->name, VRP_DRIVER);
}

/* The remote's side of the vrings. */

static u16 rd16(__virtio16 *p)
{
	return __virtio16_to_cpu(virtio_legacy_is_little_endian(), READ_ONCE(*p));
}

static u16 avail_idx(struct vrp_test *t, unsigned int q)
{
	return rd16(&t->vr[q].vr.avail->idx);
}

/*
 * Takes the next buffer the driver made available on vring @q, checking it as the firmware
 * does. Return: the buffer in the pool (its head and length in @head and @len), or NULL.
 */
static void *remote_pop(struct vrp_test *t, unsigned int q, u16 *head, u32 *len)
{
	struct fake_vring *r = &t->vr[q];
	struct kunit *test = t->test;
	struct vring_desc *d;
	u32 size = q == 0 ? t->rbuf : t->sbuf;
	u64 addr, off, first;
	u16 idx, h, flags;

	idx = rd16(&r->vr.avail->idx);
	KUNIT_EXPECT_LE(test, (u16)(idx - r->last_avail), FAKE_NUM);
	if (idx == r->last_avail)
		return NULL;
	virt_rmb();	/* the entry after the index that covers it */
	h = rd16(&r->vr.avail->ring[r->last_avail & (FAKE_NUM - 1)]);
	KUNIT_EXPECT_LT(test, h, FAKE_NUM);
	if (h >= FAKE_NUM)
		return NULL;
	d = &r->vr.desc[h];
	addr = __virtio64_to_cpu(virtio_legacy_is_little_endian(), READ_ONCE(d->addr));
	*len = __virtio32_to_cpu(virtio_legacy_is_little_endian(), READ_ONCE(d->len));
	flags = rd16(&d->flags);
	KUNIT_EXPECT_EQ(test, flags, q == 0 ? VRING_DESC_F_WRITE : 0);
	KUNIT_EXPECT_GE(test, *len, HDR_SIZE);
	KUNIT_EXPECT_LE(test, *len, size);
	/* the whole buffer in the pool, and a whole buffer of its half: rx first, then tx */
	off = addr - t->pool_pa;
	first = q == 0 ? 0 : (u64)FAKE_NUM * t->rbuf;
	if (addr < t->pool_pa || *len > t->pool_len || off > t->pool_len - *len ||
	    off < first || (off - first) % size || off - first >= (u64)FAKE_NUM * size ||
	    *len > size) {
		KUNIT_FAIL(test, "vring %u: buffer 0x%llx+%u outside the pool", q, addr, *len);
		return NULL;
	}
	r->last_avail++;
	*head = h;
	return t->pool + (addr - t->pool_pa);
}

/* Returns buffer @id as used with @len bytes written: the entry, a barrier, the index. */
static void remote_push(struct vrp_test *t, unsigned int q, u32 id, u32 len)
{
	struct fake_vring *r = &t->vr[q];
	struct vring_used_elem *e = &r->vr.used->ring[r->used_idx & (FAKE_NUM - 1)];

	WRITE_ONCE(e->id, __cpu_to_virtio32(virtio_legacy_is_little_endian(), id));
	WRITE_ONCE(e->len, __cpu_to_virtio32(virtio_legacy_is_little_endian(), len));
	virt_wmb();	/* the entry before the index that publishes it */
	r->used_idx++;
	WRITE_ONCE(r->vr.used->idx,
		   __cpu_to_virtio16(virtio_legacy_is_little_endian(), r->used_idx));
}

/* The vring's interrupt, in this thread (the transport's callbacks may sleep). */
static void remote_irq(struct vrp_test *t, unsigned int q)
{
	if (t->vr[q].vq)
		vring_interrupt(0, t->vr[q].vq);
}

static void remote_fill(void *buf, u32 src, u32 dst, u16 hdr_len, const void *data,
			unsigned int len)
{
	struct wire_hdr hdr = {
		.src = cpu_to_le32(src),
		.dst = cpu_to_le32(dst),
		.len = cpu_to_le16(hdr_len),
	};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + HDR_SIZE, data, len);
}

/* One message to Linux: written into an rx buffer, returned as used; no interrupt. */
static int remote_put(struct vrp_test *t, u32 src, u32 dst, const void *data, unsigned int len)
{
	void *buf;
	u16 head;
	u32 blen;

	buf = remote_pop(t, 0, &head, &blen);
	if (!buf)
		return -ENOBUFS;
	KUNIT_EXPECT_EQ(t->test, blen, t->rbuf);
	if (HDR_SIZE + len > blen)
		return -EMSGSIZE;
	remote_fill(buf, src, dst, len, data, len);
	remote_push(t, 0, head, HDR_SIZE + len);
	return 0;
}

/* One message to Linux, then the vring's interrupt. */
static int remote_send(struct vrp_test *t, u32 src, u32 dst, const void *data, unsigned int len)
{
	int ret = remote_put(t, src, dst, data, len);

	if (!ret)
		remote_irq(t, 0);
	return ret;
}

/* A name-service message, sent from @addr as the firmware does. */
static int remote_ns(struct vrp_test *t, const char *name, u32 addr, u32 flags)
{
	struct rpmsg_ns_msg m = {};

	strscpy(m.name, name, sizeof(m.name));
	m.addr = cpu_to_rpmsg32(NULL, addr);
	m.flags = cpu_to_rpmsg32(NULL, flags);
	return remote_send(t, addr, RPMSG_NS_ADDR, &m, sizeof(m));
}

/**
 * struct tx_msg - a message Linux put on vring 1
 * @head: its descriptor
 * @desc_len: the descriptor's length
 * @src: header: source
 * @dst: header: destination
 * @reserved: header: reserved
 * @len: header: payload length
 * @flags: header: flags
 * @data: the payload (up to BIG_MTU bytes)
 */
struct tx_msg {
	u16 head;
	u32 desc_len;
	u32 src;
	u32 dst;
	u32 reserved;
	u16 len;
	u16 flags;
	u8 data[BIG_MTU];
};

/* Takes Linux's next message off vring 1; @give_back returns the buffer as used. */
static bool remote_take(struct vrp_test *t, struct tx_msg *m, bool give_back)
{
	struct wire_hdr hdr;
	void *buf;

	buf = remote_pop(t, 1, &m->head, &m->desc_len);
	if (!buf)
		return false;
	memcpy(&hdr, buf, sizeof(hdr));
	m->src = le32_to_cpu(hdr.src);
	m->dst = le32_to_cpu(hdr.dst);
	m->reserved = le32_to_cpu(hdr.reserved);
	m->len = le16_to_cpu(hdr.len);
	m->flags = le16_to_cpu(hdr.flags);
	memcpy(m->data, buf + HDR_SIZE, min_t(u32, m->desc_len - HDR_SIZE, BIG_MTU));
	if (give_back)
		remote_push(t, 1, m->head, 0);
	return true;
}

/* Channels: devices virtioN.<name>.-1.<addr> under the virtio device, made by a worker. */

static struct rpmsg_device *find_channel(struct vrp_test *t, const char *name, u32 addr)
{
	char dn[96];
	struct device *dev;

	snprintf(dn, sizeof(dn), "%s.%s.-1.%u", dev_name(&t->vdev->dev), name, addr);
	dev = device_find_child_by_name(&t->vdev->dev, dn);
	if (!dev)
		return NULL;
	/* A channel goes only when the case makes it go: no reference is kept. */
	put_device(dev);
	return to_rpmsg_device(dev);
}

static struct rpmsg_device *wait_channel(struct vrp_test *t, const char *name, u32 addr)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(WAIT_MS);
	struct rpmsg_device *rpdev;

	while (!(rpdev = find_channel(t, name, addr)) && time_before(jiffies, deadline))
		usleep_range(1000, 2000);
	return rpdev ?: find_channel(t, name, addr);
}

static bool wait_channel_gone(struct vrp_test *t, const char *name, u32 addr)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(WAIT_MS);

	while (find_channel(t, name, addr) && time_before(jiffies, deadline))
		usleep_range(1000, 2000);
	return !find_channel(t, name, addr);
}

/*
 * The channels the name service made: the transport's own, the control channel (rpmsg_ctrl)
 * and the name service's (rpmsg_ns), are always there.
 */
static int count_one(struct device *dev, void *data)
{
	const char *name = to_rpmsg_device(dev)->id.name;

	if (strcmp(name, "rpmsg_ctrl") && strcmp(name, "rpmsg_ns"))
		(*(unsigned int *)data)++;
	return 0;
}

/* The channel virtioN.@suffix: how the transport's own are named, as upstream's. */
static struct rpmsg_device *own_channel(struct vrp_test *t, const char *suffix)
{
	char dn[96];
	struct device *dev;

	snprintf(dn, sizeof(dn), "%s.%s", dev_name(&t->vdev->dev), suffix);
	dev = device_find_child_by_name(&t->vdev->dev, dn);
	if (!dev)
		return NULL;
	put_device(dev);
	return to_rpmsg_device(dev);
}

static unsigned int count_channels(struct vrp_test *t)
{
	unsigned int n = 0;

	device_for_each_child(&t->vdev->dev, &n, count_one);
	return n;
}

/* Waits until the worker made @n channels, at most WAIT_MS. */
static unsigned int wait_channels(struct vrp_test *t, unsigned int n)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(WAIT_MS);

	while (count_channels(t) < n && time_before(jiffies, deadline))
		usleep_range(1000, 2000);
	return count_channels(t);
}

/* The endpoints' callback: records, never asserts (it runs under the transport's locks). */
static int rx_cb(struct rpmsg_device *rpdev, void *data, int len, void *priv, u32 src)
{
	struct vrp_test *t = vdev_to_test(dev_to_virtio(rpdev->dev.parent));
	struct rx_log *rx = &t->rx;

	rx->count++;
	rx->len = len;
	rx->src = src;
	rx->priv = priv;
	rx->rpdev = rpdev;
	if (len < 0 || len > t->rbuf - HDR_SIZE)
		rx->overlong = true;
	else
		memcpy(rx->data, data, min_t(int, len, sizeof(rx->data)));
	return 0;
}

/* A channel from the name service, with an endpoint of ours on it (t->ept). */
static struct rpmsg_device *open_channel(struct vrp_test *t, const char *name, u32 addr)
{
	struct rpmsg_channel_info chinfo = { .src = RPMSG_ADDR_ANY, .dst = RPMSG_ADDR_ANY };
	struct kunit *test = t->test;
	struct rpmsg_device *rpdev;

	KUNIT_ASSERT_EQ(test, remote_ns(t, name, addr, RPMSG_NS_CREATE), 0);
	rpdev = wait_channel(t, name, addr);
	KUNIT_ASSERT_NOT_NULL_MSG(test, rpdev, "channel %s not created in %d ms", name, WAIT_MS);
	strscpy(chinfo.name, name, sizeof(chinfo.name));
	t->ept = rpmsg_create_ept(rpdev, rx_cb, t, chinfo);
	KUNIT_ASSERT_NOT_NULL(test, t->ept);
	return rpdev;
}

/* A sender blocked in rpmsg_send(); a signal (SIGUSR1) unblocks it if the case fails. */

static int sender_fn(void *arg)
{
	struct sender *s = arg;

	allow_signal(SIGUSR1);
	s->ret = rpmsg_send(s->ept, s->data, s->len);
	complete_all(&s->done);	/* stays done: waited for more than once */
	return 0;
}

static struct sender *sender_start(struct vrp_test *t, struct rpmsg_endpoint *ept)
{
	struct sender *s = kunit_kzalloc(t->test, sizeof(*s), GFP_KERNEL);
	struct task_struct *task;

	KUNIT_ASSERT_NOT_NULL(t->test, s);
	s->ept = ept;
	s->len = sizeof(s->data);
	memcpy(s->data, "blocked", s->len);
	init_completion(&s->done);
	task = kthread_create(sender_fn, s, "vrp-test-sender");
	KUNIT_ASSERT_FALSE(t->test, IS_ERR(task));
	get_task_struct(task);
	s->task = task;
	t->sender = s;
	wake_up_process(task);
	return s;
}

/* Interrupts the sender: its wait is interruptible, so it returns at once. */
static void sender_interrupt(struct sender *s)
{
	send_sig(SIGUSR1, s->task, 1);
	/* bounded even if the signal were lost: the transport gives up after 15 s */
	wait_for_completion_timeout(&s->done, 20 * HZ);
}

/* Waits for the sender's result, at most SENDER_WAIT_MS; then interrupts it. */
static int sender_wait(struct sender *s)
{
	if (wait_for_completion_timeout(&s->done, msecs_to_jiffies(SENDER_WAIT_MS)))
		return s->ret;
	sender_interrupt(s);
	return -ETIMEDOUT;
}

static void sender_stop(struct vrp_test *t)
{
	struct sender *s = t->sender;

	if (!s)
		return;
	if (!completion_done(&s->done))
		sender_interrupt(s);
	kthread_stop(s->task);
	put_task_struct(s->task);
	t->sender = NULL;
}

/* The test's rpmsg driver: binds channels named "kunit-bound". */

static int bound_probe(struct rpmsg_device *rpdev)
{
	vdev_to_test(dev_to_virtio(rpdev->dev.parent))->probed++;
	return 0;
}

/* A client stops its senders before its channel goes: here, the blocked one. */
static void bound_remove(struct rpmsg_device *rpdev)
{
	struct vrp_test *t = vdev_to_test(dev_to_virtio(rpdev->dev.parent));

	t->removed++;
	if (t->sender)
		t->remove_wait_ret = sender_wait(t->sender);
}

static const struct rpmsg_device_id bound_ids[] = {
	{ .name = "kunit-bound" },
	{},
};

static struct rpmsg_driver bound_driver = {
	.drv.name = "amp_virtio_rpmsg_test",
	.id_table = bound_ids,
	.probe = bound_probe,
	.remove = bound_remove,
	.callback = rx_cb,
};

/* Fixture */

static int vrp_suite_init(struct kunit_suite *suite)
{
	/*
	 * The transport is the unit under test, but nothing here references its symbols:
	 * modprobe does not load it with us. Its absence shows as an unbound device.
	 */
	request_module(VRP_DRIVER);
	/*
	 * No owner: this module's suites run before its sysfs exists (the driver core would
	 * link the driver to it). The driver is unregistered before the module goes.
	 */
	return __register_rpmsg_driver(&bound_driver, NULL);
}

static void vrp_suite_exit(struct kunit_suite *suite)
{
	unregister_rpmsg_driver(&bound_driver);
}

static int vrp_test_init(struct kunit *test)
{
	struct reserved_mem *rmem;
	struct device_node *np;
	struct vrp_test *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	test->priv = t;

	np = of_find_node_by_path(POOL_NODE);
	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no %s in the device tree", POOL_NODE);
	rmem = of_reserved_mem_lookup(np);
	of_node_put(np);
	KUNIT_ASSERT_NOT_NULL_MSG(test, rmem, "%s is not reserved memory", POOL_NODE);
	KUNIT_ASSERT_GE(test, rmem->size, (phys_addr_t)POOL_NEEDED);
	t->pool_pa = rmem->base;
	t->pool_len = rmem->size;
	t->pool = memremap(t->pool_pa, t->pool_len, MEMREMAP_WC);
	KUNIT_ASSERT_NOT_NULL(test, t->pool);
	memset(t->pool, 0, POOL_NEEDED);
	t->shm_addr = t->pool_pa;
	t->shm_len = t->pool_len;
	t->offered = BIT_ULL(F_NS);
	t->rbuf = BUF_SIZE;
	t->sbuf = BUF_SIZE;

	for (i = 0; i < ARRAY_SIZE(t->vr); i++) {
		t->vr[i].pages = alloc_pages_exact(vring_size(FAKE_NUM, FAKE_ALIGN),
						   GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, t->vr[i].pages);
	}

	KUNIT_ASSERT_EQ(test, fake_register(t), 0);
	KUNIT_ASSERT_TRUE_MSG(test, bound(t),
			      "%s did not bind the fake device (module not available, or its probe failed: see the log)",
			      VRP_DRIVER);
	return 0;
}

static void vrp_test_exit(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	unsigned int i;

	if (!t)
		return;
	sender_stop(t);
	if (t->ept && t->vdev)
		rpmsg_destroy_ept(t->ept);
	t->ept = NULL;
	fake_unregister(t);
	for (i = 0; i < ARRAY_SIZE(t->vr); i++)
		if (t->vr[i].pages)
			free_pages_exact(t->vr[i].pages, vring_size(FAKE_NUM, FAKE_ALIGN));
	if (t->pool)
		memunmap(t->pool);
}

/* Cases */

static void vrp_probe_posts_rx_buffers(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	unsigned long seen = 0;
	unsigned int i;
	u16 saved;

	KUNIT_EXPECT_EQ(test, t->status, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_TRUE(test, t->negotiated & BIT_ULL(F_NS));
	KUNIT_ASSERT_NOT_NULL(test, t->vr[0].vq);
	KUNIT_ASSERT_NOT_NULL(test, t->vr[1].vq);
	KUNIT_EXPECT_EQ(test, avail_idx(t, 0), FAKE_NUM);
	KUNIT_EXPECT_EQ(test, avail_idx(t, 1), 0);
	KUNIT_EXPECT_GE(test, atomic_read(&t->vr[0].notified), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->vr[1].notified), 0);

	/* every rx buffer is a distinct, device-writable 512-byte buffer of the rx half */
	saved = t->vr[0].last_avail;
	for (i = 0; i < FAKE_NUM; i++) {
		void *buf;
		u32 len;
		u16 head;
		size_t n;

		buf = remote_pop(t, 0, &head, &len);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_EXPECT_EQ(test, len, BUF_SIZE);
		n = (buf - t->pool) / BUF_SIZE;
		KUNIT_EXPECT_LT(test, n, FAKE_NUM);
		KUNIT_EXPECT_FALSE(test, seen & BIT(n));
		seen |= BIT(n);
	}
	KUNIT_EXPECT_EQ(test, seen, GENMASK(FAKE_NUM - 1, 0));
	t->vr[0].last_avail = saved;	/* only looked: the buffers are still available */
	/* the name service listens: an announcement makes a channel */
	KUNIT_EXPECT_EQ(test, remote_ns(t, "kunit-probe", CH_ADDR, RPMSG_NS_CREATE), 0);
	KUNIT_EXPECT_NOT_NULL(test, wait_channel(t, "kunit-probe", CH_ADDR));
	KUNIT_EXPECT_EQ(test, avail_idx(t, 0), FAKE_NUM + 1);	/* re-posted */
}

static void vrp_probe_without_ns_has_no_name_service(struct kunit *test)
{
	struct vrp_test *t = test->priv;

	fake_unregister(t);
	t->offered = 0;
	KUNIT_ASSERT_EQ(test, fake_register(t), 0);
	KUNIT_ASSERT_TRUE(test, bound(t));
	KUNIT_EXPECT_FALSE(test, t->negotiated & BIT_ULL(F_NS));
	KUNIT_EXPECT_EQ(test, remote_ns(t, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE), 0);
	/* no endpoint at 53: dropped at once, buffer re-posted; no worker to wait for */
	KUNIT_EXPECT_EQ(test, avail_idx(t, 0), FAKE_NUM + 1);
	KUNIT_EXPECT_EQ(test, count_channels(t), 0);
	/* and no name service's channel; the control channel is there all the same */
	KUNIT_EXPECT_NULL(test, own_channel(t, "rpmsg_ns.53.53"));
	KUNIT_EXPECT_NOT_NULL(test, own_channel(t, "rpmsg_ctrl.0.0"));
}

/*
 * The name service's channel is on the bus as upstream's (virtioN.rpmsg_ns.53.53, bound to
 * rpmsg_ns, not announced), and neither userspace (RPMSG_RELEASE_DEV_IOCTL) nor the remote (a
 * destroy announcement) can remove it.
 */
static void vrp_ns_channel_is_the_transports(struct kunit *test)
{
	struct rpmsg_channel_info chinfo = {
		.name = "rpmsg_ns", .src = RPMSG_NS_ADDR, .dst = RPMSG_NS_ADDR
	};
	struct vrp_test *t = test->priv;
	struct rpmsg_device *ns, *ctrl;

	ns = own_channel(t, "rpmsg_ns.53.53");
	ctrl = own_channel(t, "rpmsg_ctrl.0.0");
	KUNIT_ASSERT_NOT_NULL(test, ns);
	KUNIT_ASSERT_NOT_NULL(test, ctrl);
	KUNIT_EXPECT_STREQ(test, ns->id.name, "rpmsg_ns");
	KUNIT_EXPECT_EQ(test, ns->src, RPMSG_NS_ADDR);
	KUNIT_EXPECT_EQ(test, ns->dst, RPMSG_NS_ADDR);
	KUNIT_EXPECT_FALSE(test, ns->announce);
	KUNIT_EXPECT_STREQ(test, ns->driver_override, "rpmsg_ns");
	KUNIT_ASSERT_NOT_NULL(test, ns->dev.driver);
	KUNIT_EXPECT_STREQ(test, ns->dev.driver->name, "rpmsg_ns");

	KUNIT_EXPECT_EQ(test, rpmsg_release_channel(ctrl, &chinfo), -EINVAL);
	KUNIT_EXPECT_EQ(test, remote_ns(t, "rpmsg_ns", RPMSG_NS_ADDR, RPMSG_NS_DESTROY), 0);
	/* the worker had its chance to act on the announcement */
	msleep(50);
	KUNIT_EXPECT_PTR_EQ(test, own_channel(t, "rpmsg_ns.53.53"), ns);
	/* the name service still works */
	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE), 0);
	KUNIT_EXPECT_NOT_NULL(test, wait_channel(t, "kunit-ns", CH_ADDR));
}

struct pool_case {
	const char *desc;
	bool none;		/* no region 0 at all */
	bool broken;		/* and the remote breaks vring 0 during the probe */
	phys_addr_t addr;	/* 0: the pool's */
	bool set_len;
	u64 len;		/* if set_len; else the pool's */
};

static const struct pool_case pool_cases[] = {
	{ "no_region", .none = true },
	{ "empty", .set_len = true, .len = 0 },
	{ "too_small", .set_len = true, .len = POOL_NEEDED - 1 },
	{ "no_memmap", .addr = 0x1000 },	/* flash on QEMU virt: no struct pages */
	/* the failed probe must not leave the broken ring's work to run on freed memory */
	{ "too_small_and_broken", .set_len = true, .len = POOL_NEEDED - 1, .broken = true },
};

static void pool_case_desc(const struct pool_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pool, pool_cases, pool_case_desc);

/* A device without a usable buffer pool is refused, and the refusal leaves nothing behind. */
static void vrp_probe_refuses_bad_pool(struct kunit *test)
{
	const struct pool_case *c = test->param_value;
	struct vrp_test *t = test->priv;

	fake_unregister(t);
	t->shm_none = c->none;
	if (c->addr)
		t->shm_addr = c->addr;
	if (c->set_len)
		t->shm_len = c->len;
	t->break_in_probe = c->broken;
	KUNIT_ASSERT_EQ(test, fake_register(t), 0);
	KUNIT_EXPECT_FALSE(test, bound(t));
	/* long enough for a work left behind to run */
	msleep(50);
	KUNIT_EXPECT_TRUE(test, t->status & VIRTIO_CONFIG_S_DRIVER);	/* it was tried */
	KUNIT_EXPECT_TRUE(test, t->status & VIRTIO_CONFIG_S_FAILED);
	KUNIT_EXPECT_FALSE(test, t->status & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_NULL(test, t->vr[0].vq);	/* deleted again */
	KUNIT_EXPECT_NULL(test, t->vr[1].vq);
}

static void vrp_ns_create_then_destroy(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	struct rpmsg_device *rpdev;

	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE), 0);
	rpdev = wait_channel(t, "kunit-ns", CH_ADDR);
	KUNIT_ASSERT_NOT_NULL(test, rpdev);
	KUNIT_EXPECT_STREQ(test, rpdev->id.name, "kunit-ns");
	KUNIT_EXPECT_EQ(test, rpdev->src, RPMSG_ADDR_ANY);
	KUNIT_EXPECT_EQ(test, rpdev->dst, CH_ADDR);
	KUNIT_EXPECT_FALSE(test, rpdev->announce);
	KUNIT_EXPECT_PTR_EQ(test, rpdev->dev.parent, &t->vdev->dev);
	/* the same name at another address is another channel */
	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-ns", CH_ADDR + 1, RPMSG_NS_CREATE), 0);
	KUNIT_EXPECT_NOT_NULL(test, wait_channel(t, "kunit-ns", CH_ADDR + 1));
	KUNIT_EXPECT_EQ(test, count_channels(t), 2);

	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-ns", CH_ADDR, RPMSG_NS_DESTROY), 0);
	KUNIT_EXPECT_TRUE(test, wait_channel_gone(t, "kunit-ns", CH_ADDR));
	KUNIT_EXPECT_NOT_NULL(test, find_channel(t, "kunit-ns", CH_ADDR + 1));
	KUNIT_EXPECT_EQ(test, count_channels(t), 1);
	/* and it can come back */
	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE), 0);
	KUNIT_EXPECT_NOT_NULL(test, wait_channel(t, "kunit-ns", CH_ADDR));
}

struct ns_case {
	const char *desc;
	unsigned int len;	/* bytes on the wire */
	const char *name;	/* NULL: 32 non-NUL bytes */
	u32 addr;
	u32 flags;
	unsigned int times;	/* sent this many times */
	unsigned int channels;	/* channels it makes */
	bool flood;		/* 70 announcements of distinct channels instead */
};

#define NS_FLOOD	70
#define NS_MAX_CHANNELS	64

static const struct ns_case ns_cases[] = {
	{ "size_0", 0, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE, 1, 0 },
	{ "size_39", 39, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE, 1, 0 },
	{ "size_41", 41, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE, 1, 0 },
	{ "name_without_nul", 40, NULL, CH_ADDR, RPMSG_NS_CREATE, 1, 0 },
	{ "empty_name", 40, "", CH_ADDR, RPMSG_NS_CREATE, 1, 0 },
	{ "flags_2", 40, "kunit-ns", CH_ADDR, 2, 1, 0 },
	{ "flags_max", 40, "kunit-ns", CH_ADDR, U32_MAX, 1, 0 },
	{ "addr_any", 40, "kunit-ns", RPMSG_ADDR_ANY, RPMSG_NS_CREATE, 1, 0 },
	{ "destroy_unknown", 40, "kunit-ns", CH_ADDR, RPMSG_NS_DESTROY, 1, 0 },
	{ "duplicate", 40, "kunit-ns", CH_ADDR, RPMSG_NS_CREATE, 2, 1 },
	{ "flood", .flood = true },
};

static void ns_case_desc(const struct ns_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ns, ns_cases, ns_case_desc);

static void ns_flood(struct vrp_test *t)
{
	struct kunit *test = t->test;
	char name[RPMSG_NAME_SIZE];
	unsigned int i;

	/* paced, so that the channel limit, not the worker's backlog, is what stops them */
	for (i = 0; i < NS_FLOOD; i++) {
		snprintf(name, sizeof(name), "flood-%02u", i);
		KUNIT_ASSERT_EQ(test, remote_ns(t, name, 0x500 + i, RPMSG_NS_CREATE), 0);
		if (i < NS_MAX_CHANNELS && (i % 16 == 15 || i == NS_MAX_CHANNELS - 1))
			KUNIT_ASSERT_EQ(test, wait_channels(t, i + 1), i + 1);
	}
	/* the worker is in order: once the sentinel exists, the extras were refused */
	KUNIT_ASSERT_EQ(test, remote_ns(t, "flood-00", 0x500, RPMSG_NS_DESTROY), 0);
	KUNIT_ASSERT_EQ(test, remote_ns(t, SENTINEL, SENTINEL_ADDR, RPMSG_NS_CREATE), 0);
	KUNIT_ASSERT_NOT_NULL(test, wait_channel(t, SENTINEL, SENTINEL_ADDR));
	KUNIT_EXPECT_EQ(test, count_channels(t), NS_MAX_CHANNELS);
	KUNIT_EXPECT_NULL(test, find_channel(t, "flood-00", 0x500));
	KUNIT_EXPECT_NOT_NULL(test, find_channel(t, "flood-63", 0x500 + 63));
	for (i = NS_MAX_CHANNELS; i < NS_FLOOD; i++) {
		snprintf(name, sizeof(name), "flood-%02u", i);
		KUNIT_EXPECT_NULL(test, find_channel(t, name, 0x500 + i));
	}
}

/* Hostile announcements make no channel (a duplicate no second one), and break nothing. */
static void vrp_ns_rejects_hostile(struct kunit *test)
{
	const struct ns_case *c = test->param_value;
	struct vrp_test *t = test->priv;
	u8 wire[sizeof(struct rpmsg_ns_msg) + 1] = {};
	struct rpmsg_ns_msg *m = (struct rpmsg_ns_msg *)wire;
	unsigned int i;

	if (c->flood) {
		ns_flood(t);
		return;
	}
	if (c->name)
		strscpy(m->name, c->name, sizeof(m->name));
	else
		memset(m->name, 'a', sizeof(m->name));
	m->addr = cpu_to_rpmsg32(NULL, c->addr);
	m->flags = cpu_to_rpmsg32(NULL, c->flags);
	for (i = 0; i < c->times; i++)
		KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, RPMSG_NS_ADDR, wire, c->len), 0);
	/* the worker is in order: once the sentinel exists, the rows' messages were handled */
	KUNIT_ASSERT_EQ(test, remote_ns(t, SENTINEL, SENTINEL_ADDR, RPMSG_NS_CREATE), 0);
	KUNIT_ASSERT_NOT_NULL(test, wait_channel(t, SENTINEL, SENTINEL_ADDR));
	KUNIT_EXPECT_EQ(test, count_channels(t), c->channels + 1);
	if (c->channels)
		KUNIT_EXPECT_NOT_NULL(test, find_channel(t, c->name, c->addr));
	/* every buffer came back */
	KUNIT_EXPECT_EQ(test, avail_idx(t, 0), FAKE_NUM + c->times + 1);
}

static void vrp_rx_delivers_to_endpoint(struct kunit *test)
{
	static const unsigned int sizes[] = { 0, 1, 12, MTU };
	struct vrp_test *t = test->priv;
	struct rpmsg_device *rpdev;
	u8 data[MTU];
	unsigned int i, j;
	u32 addr;

	rpdev = open_channel(t, "kunit-rx", CH_ADDR);
	KUNIT_EXPECT_GE(test, t->ept->addr, 1024);
	KUNIT_EXPECT_PTR_EQ(test, t->ept->rpdev, rpdev);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (j = 0; j < sizes[i]; j++)
			data[j] = j * 7 + i;
		KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR + i, t->ept->addr, data, sizes[i]), 0);
		KUNIT_EXPECT_EQ(test, t->rx.count, i + 1);
		KUNIT_EXPECT_EQ(test, t->rx.len, sizes[i]);
		KUNIT_EXPECT_EQ(test, t->rx.src, CH_ADDR + i);
		KUNIT_EXPECT_PTR_EQ(test, t->rx.priv, (void *)t);
		KUNIT_EXPECT_PTR_EQ(test, t->rx.rpdev, rpdev);
		KUNIT_EXPECT_EQ(test, memcmp(t->rx.data, data, sizes[i]), 0);
	}
	KUNIT_EXPECT_FALSE(test, t->rx.overlong);
	/* each buffer re-posted: the driver always has FAKE_NUM out */
	KUNIT_EXPECT_EQ(test, (u16)(avail_idx(t, 0) - t->vr[0].last_avail), FAKE_NUM);
	/* after the destruction of the endpoint, nothing reaches its callback */
	addr = t->ept->addr;
	rpmsg_destroy_ept(t->ept);
	t->ept = NULL;
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, addr, data, 4), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, ARRAY_SIZE(sizes));
}

static void vrp_rx_without_endpoint_reposts(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	u16 before;
	int kicks;

	open_channel(t, "kunit-rx", CH_ADDR);
	before = avail_idx(t, 0);
	kicks = atomic_read(&t->vr[0].notified);
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, 0x7777, "lost", 4), 0);
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, t->ept->addr + 1, "lost", 4), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, 0);
	KUNIT_EXPECT_EQ(test, avail_idx(t, 0), (u16)(before + 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&t->vr[0].notified), kicks + 2);
	KUNIT_EXPECT_EQ(test, (u16)(avail_idx(t, 0) - t->vr[0].last_avail), FAKE_NUM);
	/* and the ring still works */
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, t->ept->addr, "found", 5), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, 1);
}

enum send_api {
	API_SEND,
	API_TRYSEND,
	API_SENDTO,
	API_TRYSENDTO,
	API_OFFCHANNEL,
	API_TRYOFFCHANNEL,
};

struct send_case {
	const char *desc;
	enum send_api api;
	int len;
	u32 src;	/* offchannel only */
	u32 dst;	/* sendto and offchannel only */
	bool no_data;
	int expected;
};

static const struct send_case send_cases[] = {
	{ "send_0", API_SEND, 0 },
	{ "send_1", API_SEND, 1 },
	{ "send_mtu", API_SEND, MTU },
	{ "send_mtu_plus_1", API_SEND, MTU + 1, .expected = -EMSGSIZE },
	{ "send_64k", API_SEND, 65536, .expected = -EMSGSIZE },
	{ "send_negative", API_SEND, -1, .expected = -EINVAL },
	{ "send_null_data", API_SEND, 4, .no_data = true, .expected = -EINVAL },
	{ "send_null_data_0", API_SEND, 0, .no_data = true },
	{ "trysend_mtu", API_TRYSEND, MTU },
	{ "trysend_mtu_plus_1", API_TRYSEND, MTU + 1, .expected = -EMSGSIZE },
	{ "sendto", API_SENDTO, 5, .dst = 0x77 },
	{ "sendto_any", API_SENDTO, 5, .dst = RPMSG_ADDR_ANY, .expected = -EINVAL },
	{ "trysendto", API_TRYSENDTO, 5, .dst = 0x77 },
	{ "offchannel", API_OFFCHANNEL, 5, .src = 0x66, .dst = 0x77 },
	{ "offchannel_src_any", API_OFFCHANNEL, 5, .src = RPMSG_ADDR_ANY, .dst = 0x77,
	  .expected = -EINVAL },
	{ "tryoffchannel", API_TRYOFFCHANNEL, 5, .src = 0x66, .dst = 0x77 },
};

static void send_case_desc(const struct send_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(send, send_cases, send_case_desc);

static int do_send(struct rpmsg_endpoint *ept, const struct send_case *c, void *data)
{
	switch (c->api) {
	case API_SEND:
		return rpmsg_send(ept, data, c->len);
	case API_TRYSEND:
		return rpmsg_trysend(ept, data, c->len);
	case API_SENDTO:
		return rpmsg_sendto(ept, data, c->len, c->dst);
	case API_TRYSENDTO:
		return rpmsg_trysendto(ept, data, c->len, c->dst);
	case API_OFFCHANNEL:
		return rpmsg_send_offchannel(ept, c->src, c->dst, data, c->len);
	case API_TRYOFFCHANNEL:
		return rpmsg_trysend_offchannel(ept, c->src, c->dst, data, c->len);
	}
	return -EINVAL;
}

/* Busy polling (amp_rpmsg_busy_poll()) */

static bool rx_arrived(void *arg)
{
	struct vrp_test *t = arg;

	return READ_ONCE(t->rx.count) > 0;
}

/* The remote's view: does the driver ask it not to interrupt on vring 0? */
static bool rx_interrupts_off(struct vrp_test *t)
{
	return rd16(&t->vr[0].vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT;
}

/* While polling: record whether interrupts were off, never done. */
static bool bp_saw_flag;

static bool poll_sees_flag(void *arg)
{
	bp_saw_flag |= rx_interrupts_off(arg);
	return false;
}

/*
 * A send from an iov_iter lands byte for byte, copied once; one whose copy faults sends
 * nothing and loses no buffer: all FAKE_NUM go out after it, the remote returning none.
 */
static void vrp_send_iter(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	struct iov_iter iter;
	struct tx_msg *m;
	struct kvec kv;
	unsigned int i;
	u8 *data;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	data = kunit_kzalloc(test, MTU, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i < MTU; i++)
		data[i] = i * 11 + 5;
	open_channel(t, "kunit-iter", CH_ADDR);
	kv = (struct kvec){ .iov_base = data, .iov_len = MTU };
	iov_iter_kvec(&iter, WRITE, &kv, 1, MTU);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_iter(t->ept, 0x77, &iter, MTU, true), 0);
	KUNIT_ASSERT_TRUE(test, remote_take(t, m, false));
	KUNIT_EXPECT_EQ(test, m->len, MTU);
	KUNIT_EXPECT_EQ(test, m->dst, 0x77);
	KUNIT_EXPECT_EQ(test, m->src, t->ept->addr);
	KUNIT_EXPECT_EQ(test, memcmp(m->data, data, MTU), 0);
	/* too big: refused before a buffer is taken */
	iov_iter_kvec(&iter, WRITE, &kv, 1, MTU);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_iter(t->ept, 0x77, &iter, MTU + 1, true), -EMSGSIZE);
	/* a user address this kernel thread cannot read: -EFAULT, nothing queued */
	iov_iter_ubuf(&iter, WRITE, (void __user *)0x1000, 8);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_iter(t->ept, 0x77, &iter, 8, false), -EFAULT);
	KUNIT_EXPECT_EQ(test, avail_idx(t, 1), 1);
	/* the faulted send's buffer is not lost: the other FAKE_NUM - 1 and it go out */
	for (i = 1; i < FAKE_NUM; i++) {
		iov_iter_kvec(&iter, WRITE, &kv, 1, 4);
		KUNIT_EXPECT_EQ(test, amp_rpmsg_send_iter(t->ept, 0x77, &iter, 4, false), 0);
	}
	KUNIT_EXPECT_EQ(test, avail_idx(t, 1), FAKE_NUM);
	iov_iter_kvec(&iter, WRITE, &kv, 1, 4);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_iter(t->ept, 0x77, &iter, 4, false), -ENOMEM);
}

/* A bad bound is refused before anything is touched. */
static void vrp_busy_poll_args(struct kunit *test)
{
	static const unsigned int bad[] = { 0, AMP_RPMSG_BUSY_POLL_MAX_US + 1, UINT_MAX };
	struct vrp_test *t = test->priv;
	unsigned int i;

	open_channel(t, "kunit-bp", CH_ADDR);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ(test, amp_rpmsg_busy_poll(t->ept, bad[i], rx_arrived, t), -EINVAL);
	KUNIT_EXPECT_FALSE(test, rx_interrupts_off(t));
}

static const unsigned int bp_bounds[] = { 1, 50, 1000, 5000 };

static void bp_bound_desc(const unsigned int *us, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u_us", *us);
}

KUNIT_ARRAY_PARAM(bp_bound, bp_bounds, bp_bound_desc);

/*
 * Nothing comes: the spin ends within its bound (or earlier, when the scheduler wants the
 * CPU), interrupts off while it spins and on again when it returns.
 */
static void vrp_busy_poll_time_bound(struct kunit *test)
{
	const unsigned int us = *(const unsigned int *)test->param_value;
	struct vrp_test *t = test->priv;
	s64 took;
	ktime_t t0;
	int ret;

	open_channel(t, "kunit-bp", CH_ADDR);
	bp_saw_flag = false;
	t0 = ktime_get();
	ret = amp_rpmsg_busy_poll(t->ept, us, poll_sees_flag, t);
	took = ktime_us_delta(ktime_get(), t0);
	KUNIT_EXPECT_TRUE_MSG(test, ret == -ETIMEDOUT || ret == -EAGAIN, "returned %d", ret);
	if (ret == -ETIMEDOUT)
		KUNIT_EXPECT_GE(test, took, us);
	/* the bound, plus one round and the scheduler's slack on a debug kernel */
	/*
	 * The bound, plus one round, and slack for a loaded host (guest time runs on while a
	 * vCPU thread waits for the host's CPU): an unbounded spin would not end at all.
	 */
	KUNIT_EXPECT_LT_MSG(test, took, us + 250000, "spun %lld us for a bound of %u", took, us);
	KUNIT_EXPECT_TRUE(test, bp_saw_flag);
	KUNIT_EXPECT_FALSE(test, rx_interrupts_off(t));
	KUNIT_EXPECT_EQ(test, t->rx.count, 0);
}

/*
 * A message the remote gives back without an interrupt is delivered by the poll, in the
 * poller's context. After a successful poll interrupts stay off for the linger (the poller
 * comes back soon); what arrives then, without an interrupt, is delivered when it ends.
 */
static void vrp_busy_poll_delivers(struct kunit *test)
{
	unsigned long deadline;
	struct vrp_test *t = test->priv;
	u8 data[8] = "polled";
	bool off;
	s64 after;
	ktime_t t0;

	open_channel(t, "kunit-bp", CH_ADDR);
	KUNIT_ASSERT_EQ(test, remote_put(t, CH_ADDR, t->ept->addr, data, sizeof(data)), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, 0);	/* no interrupt: nothing yet */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_busy_poll(t->ept, AMP_RPMSG_BUSY_POLL_MAX_US, rx_arrived,
						  t), 0);
	t0 = ktime_get();
	KUNIT_EXPECT_EQ(test, t->rx.count, 1);
	KUNIT_EXPECT_EQ(test, t->rx.len, sizeof(data));
	KUNIT_EXPECT_EQ(test, memcmp(t->rx.data, data, sizeof(data)), 0);
	KUNIT_EXPECT_EQ(test, (u16)(avail_idx(t, 0) - t->vr[0].last_avail), FAKE_NUM);
	/*
	 * Lingering (10 ms): interrupts off, if this thread got here well within it (a loaded
	 * host may hold it longer); a message now is taken by the linger's end, no interrupt.
	 */
	off = rx_interrupts_off(t);
	after = ktime_us_delta(ktime_get(), t0);
	if (after < AMP_RPMSG_BUSY_POLL_MAX_US / 2)
		KUNIT_EXPECT_TRUE_MSG(test, off, "interrupts on %lld us into a 10 ms linger",
				      after);
	KUNIT_ASSERT_EQ(test, remote_put(t, CH_ADDR, t->ept->addr, data, 4), 0);
	deadline = jiffies + msecs_to_jiffies(WAIT_MS);
	while ((t->rx.count < 2 || rx_interrupts_off(t)) && time_before(jiffies, deadline))
		usleep_range(200, 400);
	KUNIT_EXPECT_EQ(test, t->rx.count, 2);
	KUNIT_EXPECT_EQ(test, t->rx.len, 4);
	KUNIT_EXPECT_FALSE(test, rx_interrupts_off(t));
	/* and interrupts work again */
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, t->ept->addr, data, 2), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, 3);
}

/* A poll on a broken device fails at once; the removal with a lingering poll is clean. */
static void vrp_busy_poll_broken(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	unsigned long deadline;
	u8 data[4] = "abc";
	int ret;

	open_channel(t, "kunit-bp", CH_ADDR);
	KUNIT_ASSERT_EQ(test, remote_put(t, CH_ADDR, t->ept->addr, data, sizeof(data)), 0);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_busy_poll(t->ept, 5000, rx_arrived, t), 0);
	/* a used index far ahead, without an interrupt: the poll finds it */
	WRITE_ONCE(t->vr[0].vr.used->idx, cpu_to_virtio16(t->vdev, t->vr[0].used_idx + 0x4000));
	t->rx.count = 0;
	ret = amp_rpmsg_busy_poll(t->ept, 5000, rx_arrived, t);
	/* -EAGAIN: the round that broke it queued the device's failure work, which runs now */
	KUNIT_EXPECT_TRUE_MSG(test, ret == -EPIPE || ret == -EAGAIN, "returned %d", ret);
	KUNIT_EXPECT_EQ(test, t->rx.count, 0);
	deadline = jiffies + msecs_to_jiffies(WAIT_MS);
	while (!(READ_ONCE(t->status) & VIRTIO_CONFIG_S_FAILED) && time_before(jiffies, deadline))
		usleep_range(1000, 2000);
	KUNIT_EXPECT_TRUE(test, t->status & VIRTIO_CONFIG_S_FAILED);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_busy_poll(t->ept, 50, rx_arrived, t), -EPIPE);
}

/**
 * struct bufsz_case - buffer sizes a remote states (VIRTIO_RPMSG_F_BUFSZ)
 * @desc: the case
 * @offer: the device offers the feature
 * @txbuf: config txbuf_size (the remote's sends: the driver's rx buffers)
 * @rxbuf: config rxbuf_size (the driver's tx buffers)
 * @shm_len: the pool's size, 0 for the whole carveout
 * @bound: the driver takes the device
 * @rbuf: then, the rx buffers' size
 * @sbuf: and the tx buffers'
 */
struct bufsz_case {
	const char *desc;
	bool offer;
	u32 txbuf;
	u32 rxbuf;
	u64 shm_len;
	bool bound;
	u32 rbuf;
	u32 sbuf;
};

static const struct bufsz_case bufsz_cases[] = {
	/* without the feature the config space means nothing: upstream's 512 */
	{ "absent", false, 4096, 4096, 0, true, BUF_SIZE, BUF_SIZE },
	{ "valid_4k", true, 4096, 4096, 0, true, 4096, 4096 },
	{ "valid_512", true, 512, 512, 0, true, 512, 512 },
	{ "asymmetric", true, 1024, 2048, 0, true, 1024, 2048 },
	{ "asymmetric_other_way", true, 4096, 256, 0, true, 4096, 256 },
	{ "smallest", true, AMP_RPMSG_BUF_SIZE_MIN, AMP_RPMSG_BUF_SIZE_MIN, 0, true,
	  AMP_RPMSG_BUF_SIZE_MIN, AMP_RPMSG_BUF_SIZE_MIN },
	{ "largest", true, AMP_RPMSG_BUF_SIZE_MAX, AMP_RPMSG_BUF_SIZE_MAX, 0, true,
	  AMP_RPMSG_BUF_SIZE_MAX, AMP_RPMSG_BUF_SIZE_MAX },
	{ "pool_just_fits", true, 4096, 2048, FAKE_NUM * (4096 + 2048), true, 4096, 2048 },
	{ "no_config", true, 0, 0 },
	{ "too_small_tx", true, AMP_RPMSG_BUF_SIZE_MIN - 8, 512 },
	{ "too_small_rx", true, 512, HDR_SIZE },
	{ "too_large", true, 512, AMP_RPMSG_BUF_SIZE_MAX + 8 },
	{ "huge", true, 0xfffffff8, 0xfffffff8 },
	{ "unaligned", true, 1001, 512 },
	{ "too_large_for_pool", true, 4096, 4096, 2 * FAKE_NUM * 4096 - 1 },
};

static void bufsz_case_desc(const struct bufsz_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bufsz, bufsz_cases, bufsz_case_desc);

/*
 * Buffer sizes: each direction's buffers are the size the remote states, the MTU follows
 * the tx buffers, messages of every size up to it go both ways; sizes the driver cannot
 * use fail the probe (the remote would use them, so no fallback to 512).
 */
static void vrp_bufsz_negotiation(struct kunit *test)
{
	const struct bufsz_case *c = test->param_value;
	struct vrp_test *t = test->priv;
	unsigned int i, mtu, rx_mtu;
	struct tx_msg *m;
	u8 *data;

	fake_unregister(t);
	if (c->offer)
		t->offered |= BIT_ULL(F_BUFSZ);
	t->config.txbuf_size = cpu_to_le32(c->txbuf);
	t->config.rxbuf_size = cpu_to_le32(c->rxbuf);
	if (c->shm_len)
		t->shm_len = c->shm_len;
	t->rbuf = c->rbuf;
	t->sbuf = c->sbuf;
	KUNIT_ASSERT_EQ(test, fake_register(t), 0);
	KUNIT_EXPECT_EQ(test, !!(t->negotiated & BIT_ULL(F_BUFSZ)), c->offer);
	KUNIT_ASSERT_EQ(test, bound(t), c->bound);
	if (!c->bound) {
		KUNIT_EXPECT_TRUE(test, t->status & VIRTIO_CONFIG_S_FAILED);
		KUNIT_EXPECT_NULL(test, t->vr[0].vq);
		return;
	}
	/* every rx buffer posted whole (remote_pop checks size and place) */
	KUNIT_EXPECT_EQ(test, avail_idx(t, 0), FAKE_NUM);

	mtu = c->sbuf - HDR_SIZE;
	rx_mtu = c->rbuf - HDR_SIZE;
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	data = kunit_kzalloc(test, AMP_RPMSG_BUF_SIZE_MAX + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i <= AMP_RPMSG_BUF_SIZE_MAX; i++)
		data[i] = i * 5 + 3;
	open_channel(t, "kunit-bufsz", CH_ADDR);
	KUNIT_EXPECT_EQ(test, rpmsg_get_mtu(t->ept), mtu);

	/* Linux to the remote: the MTU in one tx buffer, a byte more refused */
	KUNIT_EXPECT_EQ(test, rpmsg_send(t->ept, data, mtu + 1), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, rpmsg_send(t->ept, data, mtu), 0);
	KUNIT_ASSERT_TRUE(test, remote_take(t, m, true));
	KUNIT_EXPECT_EQ(test, m->desc_len, c->sbuf);
	KUNIT_EXPECT_EQ(test, m->len, mtu);
	KUNIT_EXPECT_EQ(test, memcmp(m->data, data, min_t(u32, mtu, BIG_MTU)), 0);

	/* the remote to Linux: a full rx buffer is delivered whole */
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, t->ept->addr, data, rx_mtu), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, 1);
	KUNIT_EXPECT_EQ(test, t->rx.len, rx_mtu);
	KUNIT_EXPECT_FALSE(test, t->rx.overlong);
	KUNIT_EXPECT_EQ(test, memcmp(t->rx.data, data, min_t(u32, rx_mtu, BIG_MTU)), 0);
}

/* A send puts exactly header + payload on vring 1, and kicks; a refused one touches nothing. */
static void vrp_send_puts_message_on_vq1(struct kunit *test)
{
	const struct send_case *c = test->param_value;
	struct vrp_test *t = test->priv;
	struct tx_msg *m;
	u8 *data;
	int i;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	data = kunit_kzalloc(test, MTU + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i <= MTU; i++)
		data[i] = i * 3 + 1;
	open_channel(t, "kunit-tx", CH_ADDR);
	KUNIT_EXPECT_EQ(test, rpmsg_get_mtu(t->ept), MTU);

	KUNIT_EXPECT_EQ(test, do_send(t->ept, c, c->no_data ? NULL : data), c->expected);
	if (c->expected) {
		KUNIT_EXPECT_EQ(test, avail_idx(t, 1), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&t->vr[1].notified), 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, avail_idx(t, 1), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->vr[1].notified), 1);
	KUNIT_ASSERT_TRUE(test, remote_take(t, m, true));
	KUNIT_EXPECT_EQ(test, m->desc_len, HDR_SIZE + c->len);
	KUNIT_EXPECT_EQ(test, m->len, c->len);
	KUNIT_EXPECT_EQ(test, m->src, c->api >= API_OFFCHANNEL ? c->src : t->ept->addr);
	KUNIT_EXPECT_EQ(test, m->dst, c->api >= API_SENDTO ? c->dst : CH_ADDR);
	KUNIT_EXPECT_EQ(test, m->reserved, 0);
	KUNIT_EXPECT_EQ(test, m->flags, 0);
	KUNIT_EXPECT_EQ(test, memcmp(m->data, data, c->len), 0);
}

/* The tx ring full: trysend fails, a blocking send waits for the remote to return a buffer. */
static void vrp_send_waits_for_a_buffer(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	struct tx_msg *m;
	struct sender *s;
	unsigned int i;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	open_channel(t, "kunit-tx", CH_ADDR);
	for (i = 0; i < FAKE_NUM; i++)
		KUNIT_ASSERT_EQ(test, rpmsg_trysend(t->ept, "full", 4), 0);
	KUNIT_EXPECT_EQ(test, rpmsg_trysend(t->ept, "full", 4), -ENOMEM);
	KUNIT_EXPECT_EQ(test, avail_idx(t, 1), FAKE_NUM);

	s = sender_start(t, t->ept);
	msleep(50);
	KUNIT_EXPECT_FALSE(test, completion_done(&s->done));	/* blocked */
	/* the remote consumes one message and returns its buffer */
	KUNIT_ASSERT_TRUE(test, remote_take(t, m, true));
	KUNIT_EXPECT_EQ(test, memcmp(m->data, "full", 4), 0);
	remote_irq(t, 1);
	KUNIT_EXPECT_EQ(test, sender_wait(s), 0);
	KUNIT_EXPECT_EQ(test, avail_idx(t, 1), FAKE_NUM + 1);
	/* the blocked message went out in the returned buffer */
	for (i = 1; i < FAKE_NUM; i++)
		KUNIT_ASSERT_TRUE(test, remote_take(t, m, false));
	KUNIT_ASSERT_TRUE(test, remote_take(t, m, false));
	KUNIT_EXPECT_EQ(test, m->len, sizeof(s->data));
	KUNIT_EXPECT_EQ(test, memcmp(m->data, "blocked", sizeof(s->data)), 0);
	KUNIT_EXPECT_EQ(test, rpmsg_trysend(t->ept, "full", 4), -ENOMEM);
}

enum hostile_kind {
	RX_MSG,		/* vring 0: a message with @used_len and @hdr_len as given */
	RX_ID,		/* vring 0: used id @id */
	TX_ID,		/* vring 1: used id @id, once no fresh tx buffer is left */
	RX_IDX_STALE,	/* vring 0: used idx jumps by num + 1, entries as they are */
	RX_IDX_VALID,	/* vring 0: num valid messages, but used idx jumps by num + 1 */
};

enum hostile_outcome {
	BREAKS_DEVICE,		/* the transport marks itself broken: sends return -EPIPE */
	BREAKS_VQ,		/* the virtio core marks the vq broken */
	BREAKS_EITHER,
};

struct hostile_case {
	const char *desc;
	enum hostile_kind kind;
	u32 used_len;
	u16 hdr_len;
	u32 id;
	enum hostile_outcome outcome;
};

static const struct hostile_case hostile_cases[] = {
	{ "used_len_0", RX_MSG, 0, 0, .outcome = BREAKS_DEVICE },
	{ "used_len_15", RX_MSG, 15, 0, .outcome = BREAKS_DEVICE },
	{ "used_len_513", RX_MSG, 513, 4, .outcome = BREAKS_DEVICE },
	{ "used_len_4g", RX_MSG, U32_MAX, 4, .outcome = BREAKS_DEVICE },
	{ "hdr_len_past_used", RX_MSG, HDR_SIZE + 8, 9, .outcome = BREAKS_DEVICE },
	{ "hdr_len_past_buffer", RX_MSG, BUF_SIZE, MTU + 1, .outcome = BREAKS_DEVICE },
	{ "hdr_len_max", RX_MSG, BUF_SIZE, U16_MAX, .outcome = BREAKS_DEVICE },
	{ "used_idx_jump_stale", RX_IDX_STALE, .outcome = BREAKS_EITHER },
	{ "used_idx_jump_valid", RX_IDX_VALID, .outcome = BREAKS_EITHER },
	{ "rx_used_id_num", RX_ID, .id = FAKE_NUM, .outcome = BREAKS_VQ },
	{ "rx_used_id_max", RX_ID, .id = U32_MAX, .outcome = BREAKS_VQ },
	{ "tx_used_id_num", TX_ID, .id = FAKE_NUM, .outcome = BREAKS_VQ },
};

static void hostile_case_desc(const struct hostile_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hostile, hostile_cases, hostile_case_desc);

static void hostile_act(struct vrp_test *t, const struct hostile_case *c)
{
	struct kunit *test = t->test;
	struct tx_msg *m;
	unsigned int i;
	void *buf;
	u16 head;
	u32 len;

	switch (c->kind) {
	case RX_MSG:
		buf = remote_pop(t, 0, &head, &len);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		remote_fill(buf, CH_ADDR, t->ept->addr, c->hdr_len, "hostile!", 8);
		remote_push(t, 0, head, c->used_len);
		remote_irq(t, 0);
		break;
	case RX_ID:
		buf = remote_pop(t, 0, &head, &len);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		remote_fill(buf, CH_ADDR, t->ept->addr, 8, "hostile!", 8);
		remote_push(t, 0, c->id, HDR_SIZE + 8);
		remote_irq(t, 0);
		break;
	case TX_ID:
		m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, m);
		for (i = 0; i < FAKE_NUM; i++)
			KUNIT_ASSERT_EQ(test, rpmsg_trysend(t->ept, "tx", 2), 0);
		KUNIT_ASSERT_TRUE(test, remote_take(t, m, false));
		remote_push(t, 1, c->id, 0);
		remote_irq(t, 1);
		/* the transport reads the used ring when it needs a buffer */
		KUNIT_EXPECT_LT(test, rpmsg_trysend(t->ept, "tx", 2), 0);
		break;
	case RX_IDX_STALE:
		t->vr[0].used_idx += FAKE_NUM + 1;
		WRITE_ONCE(t->vr[0].vr.used->idx,
			   __cpu_to_virtio16(virtio_legacy_is_little_endian(), t->vr[0].used_idx));
		remote_irq(t, 0);
		break;
	case RX_IDX_VALID:
		/* every rx buffer a valid message, then one used entry more than it posted */
		for (i = 0; i < FAKE_NUM; i++) {
			buf = remote_pop(t, 0, &head, &len);
			KUNIT_ASSERT_NOT_NULL(test, buf);
			remote_fill(buf, CH_ADDR, t->ept->addr, 4, "ring", 4);
			remote_push(t, 0, head, HDR_SIZE + 4);
		}
		t->vr[0].used_idx++;
		WRITE_ONCE(t->vr[0].vr.used->idx,
			   __cpu_to_virtio16(virtio_legacy_is_little_endian(), t->vr[0].used_idx));
		remote_irq(t, 0);
		break;
	}
}

/*
 * A remote that breaks the protocol on a vring breaks the device or the vq, with nothing
 * delivered from outside a buffer and nothing read from it afterwards.
 */
static void vrp_hostile_remote_breaks_device(struct kunit *test)
{
	const struct hostile_case *c = test->param_value;
	struct vrp_test *t = test->priv;
	bool device_broken, vq_broken;
	unsigned int delivered;
	int ret;

	open_channel(t, "kunit-hostile", CH_ADDR);
	t->rx.count = 0;
	hostile_act(t, c);
	KUNIT_EXPECT_FALSE(test, t->rx.overlong);
	if (c->kind == RX_IDX_VALID)
		KUNIT_EXPECT_LE(test, t->rx.count, FAKE_NUM);	/* no buffer delivered twice */
	else
		KUNIT_EXPECT_EQ(test, t->rx.count, 0);

	vq_broken = virtqueue_is_broken(t->vr[c->kind == TX_ID].vq);
	ret = rpmsg_trysend(t->ept, "after", 5);
	device_broken = ret == -EPIPE;
	switch (c->outcome) {
	case BREAKS_DEVICE:
		KUNIT_EXPECT_TRUE_MSG(test, device_broken, "trysend returned %d", ret);
		KUNIT_EXPECT_EQ(test, rpmsg_send(t->ept, "after", 5), -EPIPE);
		break;
	case BREAKS_VQ:
		KUNIT_EXPECT_TRUE(test, vq_broken);
		break;
	case BREAKS_EITHER:
		KUNIT_EXPECT_TRUE_MSG(test, device_broken || vq_broken,
				      "neither the device nor vring 0 is broken (trysend: %d)",
				      ret);
		break;
	}
	/* after an index jump the two sides disagree on the ring: nothing more to check */
	if (c->kind == TX_ID || c->kind == RX_IDX_STALE || c->kind == RX_IDX_VALID)
		return;
	/* nothing more is read from vring 0: a valid message stays undelivered */
	delivered = t->rx.count;
	if (remote_send(t, CH_ADDR, t->ept->addr, "valid", 5) == 0)
		KUNIT_EXPECT_EQ(test, t->rx.count, delivered);
}

/*
 * Unregistering the device with a bound channel, a sender blocked on a full tx ring, rx
 * buffers held by the remote and an unread used entry: the sender gets -EPIPE, the client
 * is unbound, nothing leaks (kmemleak scans the run).
 */
static void vrp_remove_with_traffic_is_clean(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	struct rpmsg_device *rpdev;
	struct sender *s;
	unsigned int i;
	void *buf;
	u16 head;
	u32 len;

	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-bound", CH_ADDR, RPMSG_NS_CREATE), 0);
	rpdev = wait_channel(t, "kunit-bound", CH_ADDR);
	KUNIT_ASSERT_NOT_NULL(test, rpdev);
	KUNIT_ASSERT_EQ(test, t->probed, 1);
	KUNIT_ASSERT_NOT_NULL(test, rpdev->ept);
	/* bound: the driver's callback gets the channel's messages */
	KUNIT_ASSERT_EQ(test, remote_send(t, CH_ADDR, rpdev->ept->addr, "hi", 2), 0);
	KUNIT_EXPECT_EQ(test, t->rx.count, 1);

	for (i = 0; i < FAKE_NUM; i++)
		KUNIT_ASSERT_EQ(test, rpmsg_trysend(rpdev->ept, "inflight", 8), 0);
	s = sender_start(t, rpdev->ept);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, completion_done(&s->done));	/* blocked */
	/* an announcement on its way to the worker (or handled already: both must be clean) */
	KUNIT_ASSERT_EQ(test, remote_ns(t, "kunit-late", CH_ADDR + 1, RPMSG_NS_CREATE), 0);
	/* two rx buffers held by the remote, one returned but not signalled */
	KUNIT_ASSERT_NOT_NULL(test, remote_pop(t, 0, &head, &len));
	KUNIT_ASSERT_NOT_NULL(test, remote_pop(t, 0, &head, &len));
	buf = remote_pop(t, 0, &head, &len);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	remote_fill(buf, CH_ADDR, rpdev->ept->addr, 4, "late", 4);
	remote_push(t, 0, head, HDR_SIZE + 4);

	fake_unregister(t);
	KUNIT_EXPECT_EQ(test, t->removed, 1);
	KUNIT_EXPECT_EQ(test, t->remove_wait_ret, -EPIPE);
	KUNIT_EXPECT_TRUE(test, completion_done(&s->done));
	KUNIT_EXPECT_EQ(test, t->rx.count, 1);
	KUNIT_EXPECT_EQ(test, t->status, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	KUNIT_EXPECT_NULL(test, t->vr[0].vq);
	KUNIT_EXPECT_NULL(test, t->vr[1].vq);
}

/*
 * Pollers that hand rpmsg_poll() a file's poll table, as upstream's rpmsg_char does: an
 * epoll entry (takes itself off when told POLLFREE) and a poll() entry (taken off by its
 * thread once woken, as poll() does when it returns). They are still on the transport's
 * queue when the device goes: its removal waits for them to leave, and frees the queue
 * only then (KASAN would catch a late entry touching it).
 */
struct fake_poller {
	wait_queue_entry_t wait;
	wait_queue_head_t *wqh;
	poll_table pt;
	bool removes_itself;
	unsigned int wakeups;
	bool freed;
	struct completion woken;
};

static int fake_poller_wake(wait_queue_entry_t *wait, unsigned int mode, int sync, void *key)
{
	struct fake_poller *p = container_of(wait, struct fake_poller, wait);

	p->wakeups++;
	if (key_to_poll(key) & POLLFREE) {
		p->freed = true;
		if (p->removes_itself) {
			list_del_init(&wait->entry);
			p->wqh = NULL;
		}
	}
	complete(&p->woken);
	return 0;
}

static void fake_poller_queue(struct file *filp, wait_queue_head_t *wqh, poll_table *pt)
{
	struct fake_poller *p = container_of(pt, struct fake_poller, pt);

	p->wqh = wqh;
	add_wait_queue(wqh, &p->wait);
}

static void fake_poller_init(struct fake_poller *p, bool removes_itself)
{
	init_waitqueue_func_entry(&p->wait, fake_poller_wake);
	init_poll_funcptr(&p->pt, fake_poller_queue);
	init_completion(&p->woken);
	p->removes_itself = removes_itself;
}

/* poll()'s side: once woken, the syscall returns and takes its entry off. */
static int fake_poll_return(void *arg)
{
	struct fake_poller *p = arg;

	wait_for_completion(&p->woken);
	msleep(50);
	remove_wait_queue(p->wqh, &p->wait);
	p->wqh = NULL;
	return 0;
}

static void vrp_poll_entries_outlive_the_device(struct kunit *test)
{
	struct vrp_test *t = test->priv;
	struct fake_poller *epoll, *poll;
	struct task_struct *thread;

	epoll = kunit_kzalloc(test, sizeof(*epoll), GFP_KERNEL);
	poll = kunit_kzalloc(test, sizeof(*poll), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, epoll);
	KUNIT_ASSERT_NOT_NULL(test, poll);
	fake_poller_init(epoll, true);
	fake_poller_init(poll, false);
	open_channel(t, "kunit-poll", CH_ADDR);
	KUNIT_EXPECT_TRUE(test, rpmsg_poll(t->ept, NULL, &epoll->pt) & EPOLLOUT);
	KUNIT_EXPECT_TRUE(test, rpmsg_poll(t->ept, NULL, &poll->pt) & EPOLLOUT);
	KUNIT_ASSERT_NOT_NULL(test, epoll->wqh);
	KUNIT_ASSERT_NOT_NULL(test, poll->wqh);
	thread = kthread_run(fake_poll_return, poll, "kunit-poll-return");
	KUNIT_ASSERT_FALSE(test, IS_ERR(thread));
	get_task_struct(thread);

	rpmsg_destroy_ept(t->ept);
	t->ept = NULL;
	fake_unregister(t);
	/* both were told, both are off the queue, and the queue was freed only after */
	KUNIT_EXPECT_TRUE(test, epoll->freed);
	KUNIT_EXPECT_NULL(test, epoll->wqh);
	KUNIT_EXPECT_GE(test, poll->wakeups, 1);
	KUNIT_EXPECT_EQ(test, kthread_stop(thread), 0);
	put_task_struct(thread);
	KUNIT_EXPECT_NULL(test, poll->wqh);
}

static struct kunit_case vrp_cases[] = {
	KUNIT_CASE(vrp_probe_posts_rx_buffers),
	KUNIT_CASE(vrp_probe_without_ns_has_no_name_service),
	KUNIT_CASE_PARAM(vrp_probe_refuses_bad_pool, pool_gen_params),
	KUNIT_CASE(vrp_ns_create_then_destroy),
	KUNIT_CASE(vrp_ns_channel_is_the_transports),
	KUNIT_CASE_PARAM(vrp_ns_rejects_hostile, ns_gen_params),
	KUNIT_CASE(vrp_rx_delivers_to_endpoint),
	KUNIT_CASE(vrp_rx_without_endpoint_reposts),
	KUNIT_CASE_PARAM(vrp_send_puts_message_on_vq1, send_gen_params),
	KUNIT_CASE_PARAM(vrp_bufsz_negotiation, bufsz_gen_params),
	KUNIT_CASE(vrp_send_iter),
	KUNIT_CASE(vrp_busy_poll_args),
	KUNIT_CASE_PARAM(vrp_busy_poll_time_bound, bp_bound_gen_params),
	KUNIT_CASE(vrp_busy_poll_delivers),
	KUNIT_CASE(vrp_busy_poll_broken),
	KUNIT_CASE(vrp_send_waits_for_a_buffer),
	KUNIT_CASE_PARAM(vrp_hostile_remote_breaks_device, hostile_gen_params),
	KUNIT_CASE(vrp_remove_with_traffic_is_clean),
	KUNIT_CASE(vrp_poll_entries_outlive_the_device),
	{}
};

static struct kunit_suite vrp_suite = {
	.name = "amp_virtio_rpmsg",
	.suite_init = vrp_suite_init,
	.suite_exit = vrp_suite_exit,
	.init = vrp_test_init,
	.exit = vrp_test_exit,
	.test_cases = vrp_cases,
};

kunit_test_suite(vrp_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suite of the AMP rpmsg virtio transport, against a fake remote");
