// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueue, device side: take buffers the driver made available, give them back as
 * used. See virtqueue.h for the layout and the trust model.
 */
#include <linux/amp/fw_ctl.h>
#include "chaos.h"
#include "port.h"
#include "shm.h"
#include "virtqueue.h"

/* A used length no rpmsg buffer can hold. */
#define RPMSG_CHAOS_BIG_LEN	0x10000

void vq_init(struct vq *vq, volatile void *ring, unsigned int num, unsigned long align,
	     const struct vq_pool *pool, __u16 dir)
{
	volatile __u8 *base = ring;

	vq->desc = (volatile struct vq_desc *)base;
	vq->avail = (volatile struct vq_avail *)(base + 16UL * num);
	vq->used = (volatile struct vq_used *)(base + vq_used_offset(num, align));
	vq->pool = pool;
	vq->num = num;
	vq->dir = dir;
	/* A (re)initialised ring starts at index 0 on both sides. */
	vq->last_avail = 0;
	vq->seen_avail = 0;
	vq->used_idx = 0;
	vq->event_idx = 0;
	vq->unkicked = 0;
	/* kicks wanted: a flag left from a previous use of the ring would silence the driver */
	vq_notify_wanted(vq);
}

/* Follow the event indices (or the flags again) from now on, kicks wanted. */
void vq_set_event_idx(struct vq *vq, int on)
{
	vq->event_idx = !!on;
	vq_notify_wanted(vq);
}

static int vq_fail(struct vq_fault *f, __u32 code, __u64 value)
{
	f->code = code;
	f->value = value;
	return -1;
}

/*
 * Number of buffers available and not yet taken, or -1 if the driver's avail->idx ran
 * ahead of what we took by more than the ring holds.
 */
int vq_pending(struct vq *vq, struct vq_fault *f)
{
	__u16 idx = shm_r16(&vq->avail->idx);
	__u16 n = idx - vq->last_avail;

	if (n > vq->num)
		return vq_fail(f, AMP_FW_VRING_ERR_AVAIL_IDX, idx);
	if (idx != vq->seen_avail) {
		vq->seen_avail = idx;
		/* Read the ring entries the new index covers only after the index. */
		port_mb();
	}
	return n;
}

static int vq_in_pool(const struct vq_pool *pool, __u64 addr, __u32 len)
{
	/* No sum can wrap: each term is compared with the pool's bounds separately. */
	return addr >= pool->da && len <= pool->size && addr - pool->da <= pool->size - len;
}

/**
 * vq_pop - take the next available buffer
 * @vq: the queue
 * @min_len: smallest acceptable buffer length
 * @max_len: largest acceptable buffer length
 * @b: the buffer, on success
 * @f: the violation, on failure
 *
 * Return: 1 with @b filled, 0 if none is available, -1 with @f filled if the driver
 * violated the protocol (nothing has been consumed or touched then).
 */
int vq_pop(struct vq *vq, __u32 min_len, __u32 max_len, struct vq_buf *b, struct vq_fault *f)
{
	volatile struct vq_desc *d;
	__u64 addr;
	__u32 len;
	__u16 head, flags;
	int n;

	n = vq_pending(vq, f);
	if (n <= 0)
		return n;
	head = shm_r16(&vq->avail->ring[vq->last_avail & (vq->num - 1)]);
	if (head >= vq->num)
		return vq_fail(f, AMP_FW_VRING_ERR_DESC_ID, head);
	d = &vq->desc[head];
	addr = shm_r64(&d->addr);
	len = shm_r32(&d->len);
	flags = shm_r16(&d->flags);
	if (flags != vq->dir)
		return vq_fail(f, AMP_FW_VRING_ERR_DESC_FLAGS, flags);
	if (len < min_len || len > max_len)
		return vq_fail(f, AMP_FW_VRING_ERR_DESC_LEN, len);
	if (!vq_in_pool(vq->pool, addr, len))
		return vq_fail(f, AMP_FW_VRING_ERR_DESC_ADDR, addr);
	vq->last_avail++;
	b->head = head;
	b->len = len;
	b->va = vq->pool->va + (addr - vq->pool->da);
	return 1;
}

/* Chaos: what a hostile device may do to a buffer it gives back (see chaos.h). */
static void vq_chaos_push(struct vq *vq, __u16 *head, __u32 *len)
{
	volatile struct vq_desc *d = &vq->desc[*head];

	if (chaos_roll(AMP_FW_CHAOS_DESC)) {
		/* chained (to itself, or anywhere), maybe indirect, another address */
		shm_w16(&d->flags, VQ_DESC_F_NEXT | (chaos_rand() & (VQ_DESC_F_WRITE |
								     VQ_DESC_F_INDIRECT)));
		shm_w16(&d->next, chaos_rand() & 1 ? *head : chaos_rand());
		if (chaos_rand() & 1)
			shm_w32(&d->len, chaos_rand());
	}
	if (chaos_roll(AMP_FW_CHAOS_USED_ID))
		*head = chaos_rand() & 1 ? vq->num + (chaos_rand() & 0xfff) :
			(*head + 1 + chaos_rand() % (vq->num - 1 ? vq->num - 1 : 1)) % vq->num;
	if (chaos_roll(AMP_FW_CHAOS_USED_LEN))
		*len = RPMSG_CHAOS_BIG_LEN + (chaos_rand() & 0xffff);
	if (chaos_roll(AMP_FW_CHAOS_AVAIL)) {
		shm_w16(&vq->avail->flags, chaos_rand());
		shm_w16(&vq->avail->ring[chaos_rand() & (vq->num - 1)], chaos_rand());
	}
}

/* Give buffer @head back with @len bytes written: the entry first, then the index. */
void vq_push(struct vq *vq, __u16 head, __u32 len)
{
	volatile struct vq_used_elem *e;

	vq_chaos_push(vq, &head, &len);
	e = &vq->used->ring[vq->used_idx & (vq->num - 1)];
	shm_w32(&e->id, head);
	shm_w32(&e->len, len);
	port_mb();
	vq->used_idx++;
	shm_w16(&vq->used->idx, vq->used_idx);
	if (chaos_roll(AMP_FW_CHAOS_USED_IDX))
		shm_w16(&vq->used->idx, vq->used_idx + 1 + (chaos_rand() & 0x7fff));
	vq->unkicked++;
}

/*
 * Kick suppression on a queue the driver fills: while we serve it (vq_notify_off()), the
 * driver need not ring for every buffer it adds (VRING_USED_F_NO_NOTIFY); before we wait
 * for its doorbell we ask for kicks again and look once more (vq_notify_on()), so that a
 * buffer added before the driver could see the request is never left waiting. The driver
 * publishes its index before it reads the flag (avail_event), we write the flag
 * (avail_event) before we read the index, each with a full barrier: one of us sees the
 * other's write. With EVENT_IDX, "off" leaves avail_event where it was: the driver kicks
 * at most once more, for the first entry past it, until we ask again.
 */
void vq_notify_off(struct vq *vq)
{
	if (!vq->event_idx)
		shm_w16(&vq->used->flags, VQ_USED_F_NO_NOTIFY);
}

/* Kicks wanted again, without looking at the ring (it is broken, or being reset). */
void vq_notify_wanted(struct vq *vq)
{
	shm_w16(&vq->used->flags, 0);
	if (vq->event_idx)
		shm_w16(vq_avail_event(vq), vq->last_avail);
}

/* Return: the buffers pending once kicks are wanted again, or -1 (fault in @f). */
int vq_notify_on(struct vq *vq, struct vq_fault *f)
{
	vq_notify_wanted(vq);
	port_mb();
	return vq_pending(vq, f);
}

/*
 * Whether the driver wants an interrupt for what we published since the last call: it
 * does unless it set VRING_AVAIL_F_NO_INTERRUPT, or with EVENT_IDX unless those entries
 * miss its used_event. Read after our used->idx write is visible, so a driver that asks
 * (clears the flag, moves used_event) and then checks used->idx misses nothing.
 */
int vq_kick_wanted(struct vq *vq)
{
	unsigned int n = vq->unkicked;

	if (!n)
		return 0;
	vq->unkicked = 0;
	port_mb();
	if (!vq->event_idx)
		return !(shm_r16(&vq->avail->flags) & VQ_AVAIL_F_NO_INTERRUPT);
	/* more than the index counts since the last decision: any used_event lies in it */
	if (n > 0xffff)
		return 1;
	return vq_need_event(shm_r16(vq_used_event(vq)), vq->used_idx,
			     (__u16)(vq->used_idx - n));
}
