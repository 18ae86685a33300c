// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_rproc_vring: the host-private shadow of a shared vring
 * (drivers/remoteproc/amp_rproc_vring.c), with the test playing the remote on the shared
 * ring: what it may do, and one row per way it may break the protocol.
 *
 * A real virtqueue of the kernel's virtio_ring runs on the shadow's private ring, as in the
 * core, so the cases also show that nothing the remote writes reaches it: the reproduction
 * of the descriptor-flag hang (every descriptor returned with VRING_DESC_F_NEXT, chained to
 * itself) completes here.
 */

#include <kunit/test.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include "../drivers/remoteproc/amp_rproc_internal.h"

#define T_NUM		8
#define T_ALIGN		4096
#define T_BUF		64
#define T_ROUND_TRIPS	70000	/* more than a 16-bit index counts */

/**
 * struct vring_test - one case's rings and buffers
 * @vdev: a bare virtio device: legacy, no features (the byte order and the vq list)
 * @shared: the ring the "remote" sees
 * @s: the shadow under test
 * @vq: the driver's virtqueue, on the private ring
 * @bufs: the buffers the driver posts
 * @notified: publish said the remote wants a kick, at least once
 * @callbacks: the virtqueue's callback ran
 */
struct vring_test {
	struct virtio_device vdev;
	void *shared;
	struct amp_vring_shadow s;
	struct virtqueue *vq;
	u8 bufs[T_NUM][T_BUF];
	bool notified;
	unsigned int callbacks;
};

static bool t_notify(struct virtqueue *vq)
{
	struct vring_test *t = vq->priv;

	t->notified |= amp_vring_shadow_publish(&t->s);
	return true;
}

static void t_callback(struct virtqueue *vq)
{
	struct vring_test *t = vq->priv;

	t->callbacks++;
}

static int vring_test_init(struct kunit *test)
{
	struct vring_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	INIT_LIST_HEAD(&t->vdev.vqs);
	spin_lock_init(&t->vdev.vqs_list_lock);
	t->shared = kunit_kzalloc(test, vring_size(T_NUM, T_ALIGN), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->shared);
	KUNIT_ASSERT_EQ(test, amp_vring_shadow_init(&t->s, &t->vdev, t->shared, T_NUM, T_ALIGN,
						    false), 0);
	t->vq = vring_new_virtqueue(0, T_NUM, AMP_VRING_PRIV_ALIGN, &t->vdev, true, false,
				    t->s.priv, t_notify, t_callback, "test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->vq);
	t->vq->priv = t;
	test->priv = t;
	return 0;
}

static void vring_test_exit(struct kunit *test)
{
	struct vring_test *t = test->priv;

	vring_del_virtqueue(t->vq);
	amp_vring_shadow_free(&t->s);
}

/* The driver posts buffer @i, writable by the remote (an rx buffer) or not. */
static void post(struct kunit *test, unsigned int i, bool writable)
{
	struct vring_test *t = test->priv;
	struct scatterlist sg;
	int ret;

	sg_init_one(&sg, t->bufs[i], T_BUF);
	if (writable)
		ret = virtqueue_add_inbuf(t->vq, &sg, 1, t->bufs[i], GFP_KERNEL);
	else
		ret = virtqueue_add_outbuf(t->vq, &sg, 1, t->bufs[i], GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, ret, 0);
	virtqueue_kick(t->vq);
}

/* The remote side of the shared ring. */
static u16 remote_avail_idx(struct vring_test *t)
{
	return virtio16_to_cpu(&t->vdev, t->s.shared.avail->idx);
}

static u16 remote_avail_head(struct vring_test *t, u16 n)
{
	return virtio16_to_cpu(&t->vdev, t->s.shared.avail->ring[n % T_NUM]);
}

static u16 remote_used_idx(struct vring_test *t)
{
	return virtio16_to_cpu(&t->vdev, t->s.shared.used->idx);
}

static void remote_set_used_idx(struct vring_test *t, u16 idx)
{
	t->s.shared.used->idx = cpu_to_virtio16(&t->vdev, idx);
}

static void remote_push(struct vring_test *t, u32 id, u32 len)
{
	struct vring_used_elem *e = &t->s.shared.used->ring[remote_used_idx(t) % T_NUM];

	e->id = cpu_to_virtio32(&t->vdev, id);
	e->len = cpu_to_virtio32(&t->vdev, len);
	remote_set_used_idx(t, remote_used_idx(t) + 1);
}

/* The remote rewrites descriptor @i of the shared table. */
static void remote_scribble_desc(struct vring_test *t, unsigned int i)
{
	struct vring_desc *d = &t->s.shared.desc[i];

	d->flags = cpu_to_virtio16(&t->vdev, VRING_DESC_F_NEXT | VRING_DESC_F_INDIRECT);
	d->next = cpu_to_virtio16(&t->vdev, i);
	d->len = cpu_to_virtio32(&t->vdev, U32_MAX);
}

static int collect(struct vring_test *t, struct amp_vring_fault *f)
{
	int n = amp_vring_shadow_collect(&t->s, f);

	if (n >= 0)
		vring_interrupt(0, t->vq);
	return n;
}

static void vring_publish_copies_chain_and_head(struct kunit *test)
{
	struct vring_test *t = test->priv;
	struct scatterlist sg[2];
	struct vring_desc *d;
	u16 head, next;

	sg_init_table(sg, 2);
	sg_set_buf(&sg[0], t->bufs[0], 16);
	sg_set_buf(&sg[1], t->bufs[1], 32);
	KUNIT_ASSERT_EQ(test, virtqueue_add_inbuf(t->vq, sg, 2, t->bufs[0], GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, remote_avail_idx(t), 0);	/* nothing before the notify */
	virtqueue_kick(t->vq);
	KUNIT_EXPECT_TRUE(test, t->notified);
	KUNIT_ASSERT_EQ(test, remote_avail_idx(t), 1);
	head = remote_avail_head(t, 0);
	KUNIT_ASSERT_LT(test, head, T_NUM);
	d = &t->s.shared.desc[head];
	KUNIT_EXPECT_EQ(test, virtio64_to_cpu(&t->vdev, d->addr), (u64)virt_to_phys(t->bufs[0]));
	KUNIT_EXPECT_EQ(test, virtio32_to_cpu(&t->vdev, d->len), 16);
	KUNIT_EXPECT_EQ(test, virtio16_to_cpu(&t->vdev, d->flags),
			VRING_DESC_F_WRITE | VRING_DESC_F_NEXT);
	next = virtio16_to_cpu(&t->vdev, d->next);
	KUNIT_ASSERT_LT(test, next, T_NUM);
	d = &t->s.shared.desc[next];
	KUNIT_EXPECT_EQ(test, virtio32_to_cpu(&t->vdev, d->len), 32);
	KUNIT_EXPECT_EQ(test, virtio16_to_cpu(&t->vdev, d->flags), VRING_DESC_F_WRITE);
	KUNIT_EXPECT_EQ(test, amp_vring_shadow_in_flight(&t->s), 1);
}

static void vring_publish_honours_no_notify(struct kunit *test)
{
	struct vring_test *t = test->priv;

	t->s.shared.used->flags = cpu_to_virtio16(&t->vdev, VRING_USED_F_NO_NOTIFY);
	post(test, 0, true);
	KUNIT_EXPECT_FALSE(test, t->notified);
	KUNIT_EXPECT_EQ(test, remote_avail_idx(t), 1);	/* published all the same */
	KUNIT_EXPECT_EQ(test, t->s.kicks_suppressed, 1);
}

static void vring_collect_hands_back_checked_entries(struct kunit *test)
{
	struct vring_test *t = test->priv;
	struct amp_vring_fault f;
	unsigned int len;

	post(test, 0, true);
	post(test, 1, false);
	remote_push(t, remote_avail_head(t, 0), 20);
	remote_push(t, remote_avail_head(t, 1), 64);	/* a read-only buffer's length */
	KUNIT_EXPECT_EQ(test, collect(t, &f), 2);
	KUNIT_EXPECT_EQ(test, t->callbacks, 1);
	KUNIT_EXPECT_PTR_EQ(test, virtqueue_get_buf(t->vq, &len), (void *)t->bufs[0]);
	KUNIT_EXPECT_EQ(test, len, 20);
	KUNIT_EXPECT_PTR_EQ(test, virtqueue_get_buf(t->vq, &len), (void *)t->bufs[1]);
	KUNIT_EXPECT_EQ(test, len, 0);	/* it wrote nothing there */
	KUNIT_EXPECT_EQ(test, amp_vring_shadow_in_flight(&t->s), 0);
	KUNIT_EXPECT_EQ(test, collect(t, &f), 0);
}

/*
 * The reproduction of the hang: before giving buffers back, the remote sets
 * VRING_DESC_F_NEXT on every descriptor, chained to itself. virtio_ring frees them from its
 * private ring and never sees that.
 */
static void vring_descriptor_scribbles_do_not_reach_the_driver(struct kunit *test)
{
	struct vring_test *t = test->priv;
	struct amp_vring_fault f;
	unsigned int i, round, len;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < T_NUM; i++)
			post(test, i, round & 1);
		for (i = 0; i < T_NUM; i++)
			remote_scribble_desc(t, i);
		for (i = 0; i < T_NUM; i++)
			remote_push(t, remote_avail_head(t, round * T_NUM + i), 1);
		KUNIT_ASSERT_EQ(test, collect(t, &f), T_NUM);
		for (i = 0; i < T_NUM; i++)
			KUNIT_ASSERT_NOT_NULL(test, virtqueue_get_buf(t->vq, &len));
		KUNIT_EXPECT_EQ(test, t->vq->num_free, T_NUM);
	}
	KUNIT_EXPECT_FALSE(test, virtqueue_is_broken(t->vq));
}

/* 70000 round trips: both 16-bit indices wrap, and so does the remote's. */
static void vring_indices_wrap(struct kunit *test)
{
	struct vring_test *t = test->priv;
	struct amp_vring_fault f;
	unsigned int i, len;

	for (i = 0; i < T_ROUND_TRIPS; i++) {
		post(test, i % T_NUM, true);
		remote_push(t, remote_avail_head(t, i), 8);
		KUNIT_ASSERT_EQ(test, collect(t, &f), 1);
		KUNIT_ASSERT_PTR_EQ(test, virtqueue_get_buf(t->vq, &len),
				    (void *)t->bufs[i % T_NUM]);
	}
	KUNIT_EXPECT_EQ(test, t->s.used_seen, T_ROUND_TRIPS % 0x10000);
	KUNIT_EXPECT_EQ(test, remote_avail_idx(t), T_ROUND_TRIPS % 0x10000);
}

/* ---- VIRTIO_RING_F_EVENT_IDX on the shared ring ---- */

static u16 remote_used_event(struct vring_test *t)
{
	return virtio16_to_cpu(&t->vdev, vring_used_event(&t->s.shared));
}

static void remote_set_avail_event(struct vring_test *t, u16 v)
{
	vring_avail_event(&t->s.shared) = cpu_to_virtio16(&t->vdev, v);
}

/*
 * One publication of @n entries with the shared avail index at @start before it and the
 * remote's avail_event at @event: kick or not, around the 16-bit wrap.
 */
struct event_row {
	const char *name;
	u16 start;
	u16 event;
	unsigned int n;
	bool no_notify;		/* VRING_USED_F_NO_NOTIFY set too: ignored with EVENT_IDX */
	bool kick;
};

static const struct event_row event_rows[] = {
	{ "first entry asked for", 0, 0, 1, false, true },
	{ "entry 0xffff, index wraps to 0", 0xffff, 0xffff, 1, false, true },
	{ "batch across the wrap reaches 0", 0xffff, 0, 2, false, true },
	{ "batch across the wrap reaches 1", 0xfffe, 1, 3, false, false },
	{ "batch across the wrap covers 0", 0xfffe, 0, 3, false, true },
	{ "event behind the batch", 0xfffe, 0xfffd, 3, false, false },
	{ "event one past the batch", 0x7ffe, 0x8000, 2, false, false },
	{ "last entry of a full ring", 0xfffc, 0x3, T_NUM, false, true },
	{ "hostile event half the space away", 0x1234, 0x9234, T_NUM, false, false },
	{ "flags ignored: kick", 0x10, 0x10, 1, true, true },
	{ "flags ignored: no kick", 0x10, 0x0f, 1, false, false },
};

static void event_desc(const struct event_row *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(event, event_rows, event_desc);

static void vring_event_idx_kick(struct kunit *test)
{
	const struct event_row *r = test->param_value;
	struct vring_test *t = test->priv;
	struct scatterlist sg;
	unsigned int i;

	t->s.event_idx = true;
	t->s.shared_avail = r->start;
	t->s.shared.avail->idx = cpu_to_virtio16(&t->vdev, r->start);
	remote_set_avail_event(t, r->event);
	if (r->no_notify)
		t->s.shared.used->flags = cpu_to_virtio16(&t->vdev, VRING_USED_F_NO_NOTIFY);
	for (i = 0; i < r->n; i++) {
		sg_init_one(&sg, t->bufs[i], T_BUF);
		KUNIT_ASSERT_EQ(test, virtqueue_add_inbuf(t->vq, &sg, 1, t->bufs[i], GFP_KERNEL),
				0);
	}
	virtqueue_kick(t->vq);
	KUNIT_EXPECT_EQ(test, t->notified, r->kick);
	KUNIT_EXPECT_EQ(test, remote_avail_idx(t), (u16)(r->start + r->n));
	KUNIT_EXPECT_EQ(test, t->s.kicks + t->s.kicks_suppressed, 1);
}

/* Once the event is crossed, no kick until the remote asks again, across the wrap. */
static void vring_event_idx_kick_once(struct kunit *test)
{
	struct vring_test *t = test->priv;
	struct amp_vring_fault f;
	unsigned int i, len;

	t->s.event_idx = true;
	t->s.shared_avail = 0xfffe;
	t->s.shared.avail->idx = cpu_to_virtio16(&t->vdev, 0xfffe);
	remote_set_avail_event(t, 0xfffe);
	for (i = 0; i < 4; i++) {
		t->notified = false;
		post(test, i, true);
		/* kicked for the entry asked for only: 0xfffe, then 0x0000 after asking again */
		KUNIT_EXPECT_EQ(test, t->notified, i == 0 || i == 2);
		if (i == 1)
			remote_set_avail_event(t, remote_avail_idx(t));
	}
	KUNIT_EXPECT_EQ(test, t->s.kicks, 2);
	KUNIT_EXPECT_EQ(test, t->s.kicks_suppressed, 2);
	/* the entries reached the remote all the same */
	for (i = 0; i < 4; i++)
		remote_push(t, remote_avail_head(t, 0xfffe + i), 8);
	KUNIT_EXPECT_EQ(test, collect(t, &f), 4);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_PTR_EQ(test, virtqueue_get_buf(t->vq, &len), (void *)t->bufs[i]);
}

/*
 * used_event: after every collect, the first entry not collected (the remote rings once);
 * while the driver polls, half the index space behind; both across the wrap.
 */
static void vring_event_idx_used_event_wraps(struct kunit *test)
{
	struct vring_test *t = test->priv;
	struct amp_vring_fault f;
	unsigned int i, len;

	t->s.event_idx = true;
	for (i = 0; i < T_ROUND_TRIPS; i++) {
		post(test, i % T_NUM, true);
		remote_push(t, remote_avail_head(t, i), 8);
		if (i % 1000 == 999) {
			/* a busy poller: no doorbell wanted, then wanted again */
			virtqueue_disable_cb(t->vq);
			amp_vring_shadow_sync_flags(&t->s);
			KUNIT_ASSERT_EQ(test, remote_used_event(t), (u16)(t->s.used_seen - 0x8000));
			KUNIT_ASSERT_EQ(test, collect(t, &f), 1);
			KUNIT_ASSERT_EQ(test, remote_used_event(t), (u16)(t->s.used_seen - 0x8000));
			KUNIT_ASSERT_FALSE(test, vring_need_event(remote_used_event(t),
								  t->s.used_seen,
								  t->s.used_seen - T_NUM));
			KUNIT_ASSERT_FALSE(test, virtqueue_enable_cb(t->vq));
			amp_vring_shadow_sync_flags(&t->s);
		} else {
			KUNIT_ASSERT_EQ(test, collect(t, &f), 1);
		}
		KUNIT_ASSERT_EQ(test, remote_used_event(t), (u16)(i + 1));
		/* the remote's next entry is the one that rings */
		KUNIT_ASSERT_TRUE(test, vring_need_event(remote_used_event(t), i + 2, i + 1));
		KUNIT_ASSERT_PTR_EQ(test, virtqueue_get_buf(t->vq, &len),
				    (void *)t->bufs[i % T_NUM]);
	}
	KUNIT_EXPECT_EQ(test, t->s.used_seen, T_ROUND_TRIPS % 0x10000);
}

/* Hostile rows: what the remote writes into the used ring after the driver posted two. */
struct hostile_row {
	const char *name;
	void (*act)(struct vring_test *t);
	const char *what;
};

static void act_idx_runs_ahead(struct vring_test *t)
{
	remote_set_used_idx(t, T_NUM + 1);
}

static void act_idx_runs_backwards(struct vring_test *t)
{
	remote_set_used_idx(t, (u16)-1);
}

static void act_id_out_of_range(struct vring_test *t)
{
	remote_push(t, T_NUM, 4);
}

static void act_id_huge(struct vring_test *t)
{
	remote_push(t, U32_MAX, 4);
}

static void act_id_never_posted(struct vring_test *t)
{
	u16 a = remote_avail_head(t, 0), b = remote_avail_head(t, 1), id = 0;

	while (id == a || id == b)
		id++;
	remote_push(t, id, 4);
}

static void act_id_twice(struct vring_test *t)
{
	remote_push(t, remote_avail_head(t, 0), 4);
	remote_push(t, remote_avail_head(t, 0), 4);
}

static void act_len_above_buffer(struct vring_test *t)
{
	remote_push(t, remote_avail_head(t, 0), T_BUF + 1);
}

static void act_len_max(struct vring_test *t)
{
	remote_push(t, remote_avail_head(t, 0), U32_MAX);
}

#define HOSTILE(n, w)	{ .name = #n, .act = act_##n, .what = (w) }

static const struct hostile_row hostile_rows[] = {
	HOSTILE(idx_runs_ahead, "used index ran ahead to"),
	HOSTILE(idx_runs_backwards, "used index ran ahead to"),
	HOSTILE(id_out_of_range, "used id out of range:"),
	HOSTILE(id_huge, "used id out of range:"),
	HOSTILE(id_never_posted, "used id not in the remote's hands:"),
	HOSTILE(id_twice, "used id not in the remote's hands:"),
	HOSTILE(len_above_buffer, "used length above the buffer:"),
	HOSTILE(len_max, "used length above the buffer:"),
};

static void hostile_desc(const struct hostile_row *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hostile, hostile_rows, hostile_desc);

/* Each violation is caught, named, and ends the shadow: nothing is read afterwards. */
static void vring_collect_refuses_hostile_entries(struct kunit *test)
{
	const struct hostile_row *r = test->param_value;
	struct vring_test *t = test->priv;
	struct amp_vring_fault f;
	unsigned int len, collected = 0;
	int n;

	post(test, 0, true);
	post(test, 1, true);
	r->act(t);
	n = amp_vring_shadow_collect(&t->s, &f);
	KUNIT_EXPECT_EQ(test, n, -EPROTO);
	KUNIT_EXPECT_STREQ(test, f.what, r->what);
	/* what came before the bad entry (id_twice's first) went through; nothing else */
	while (virtqueue_get_buf(t->vq, &len))
		collected++;
	KUNIT_EXPECT_LE(test, collected, 1);
	KUNIT_EXPECT_TRUE(test, t->s.dead);
	/* dead: later entries are not read, later buffers not published */
	remote_push(t, remote_avail_head(t, 1), 4);
	KUNIT_EXPECT_EQ(test, amp_vring_shadow_collect(&t->s, &f), -EPROTO);
	KUNIT_EXPECT_FALSE(test, amp_vring_shadow_publish(&t->s));
}

static struct kunit_case vring_cases[] = {
	KUNIT_CASE(vring_publish_copies_chain_and_head),
	KUNIT_CASE(vring_publish_honours_no_notify),
	KUNIT_CASE(vring_collect_hands_back_checked_entries),
	KUNIT_CASE(vring_descriptor_scribbles_do_not_reach_the_driver),
	KUNIT_CASE(vring_indices_wrap),
	KUNIT_CASE_PARAM(vring_collect_refuses_hostile_entries, hostile_gen_params),
	KUNIT_CASE_PARAM(vring_event_idx_kick, event_gen_params),
	KUNIT_CASE(vring_event_idx_kick_once),
	KUNIT_CASE(vring_event_idx_used_event_wraps),
	{}
};

static struct kunit_suite vring_suite = {
	.name = "amp_rproc_vring",
	.init = vring_test_init,
	.exit = vring_test_exit,
	.test_cases = vring_cases,
};

kunit_test_suite(vring_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suite of the host-private shadow of a shared vring");
