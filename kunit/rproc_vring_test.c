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
	KUNIT_ASSERT_EQ(test, amp_vring_shadow_init(&t->s, &t->vdev, t->shared, T_NUM, T_ALIGN),
			0);
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
