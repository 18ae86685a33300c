/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device side of a split virtqueue, legacy layout (virtio 1.x section 2.7 / 2.6 for
 * legacy interfaces; the kernel's include/uapi/linux/virtio_ring.h), native little-endian:
 *
 *   desc table   num x { u64 addr; u32 len; u16 flags; u16 next; }
 *   avail ring   { u16 flags; u16 idx; u16 ring[num]; u16 used_event; }   right after desc
 *   used ring    { u16 flags; u16 idx; { u32 id; u32 len; }[num]; u16 avail_event; }
 *                at ALIGN(end of avail, align)
 *
 * The driver (the host) posts buffers in avail; we take them in order and give them back in
 * used. The host is not trusted: vq_pop() checks the index, the descriptor id, its flags,
 * its length and that the whole buffer lies in the buffer pool before anyone touches it,
 * and reads each descriptor field exactly once. INDIRECT_DESC is never offered: an INDIRECT
 * descriptor is a violation.
 *
 * With VIRTIO_RING_F_EVENT_IDX negotiated (vq_set_event_idx()), notifications follow the
 * event indices instead of the flags: we ask for a kick by writing avail_event (the entry
 * we take next) and let it go stale while we serve the ring (the driver kicks once for a
 * batch), and we ring when what we gave back since the last decision crosses the driver's
 * used_event (a hint: a wrong one only loses the driver its doorbell).
 */
#ifndef FW_VIRTQUEUE_H
#define FW_VIRTQUEUE_H

#include <linux/types.h>

#define VQ_DESC_F_NEXT			1
#define VQ_DESC_F_WRITE			2
#define VQ_DESC_F_INDIRECT		4
#define VQ_AVAIL_F_NO_INTERRUPT		1
#define VQ_USED_F_NO_NOTIFY		1
/* Transport feature bit: used_event / avail_event (VIRTIO_RING_F_EVENT_IDX). */
#define VQ_F_EVENT_IDX			29

struct vq_desc {
	__u64 addr;
	__u32 len;
	__u16 flags;
	__u16 next;
};

struct vq_avail {
	__u16 flags;
	__u16 idx;
	__u16 ring[];
};

struct vq_used_elem {
	__u32 id;
	__u32 len;
};

struct vq_used {
	__u16 flags;
	__u16 idx;
	struct vq_used_elem ring[];
};

_Static_assert(sizeof(struct vq_desc) == 16, "vring_desc layout");
_Static_assert(sizeof(struct vq_used_elem) == 8, "vring_used_elem layout");

static inline unsigned long vq_align(unsigned long x, unsigned long align)
{
	return (x + align - 1) & ~(align - 1);
}

static inline unsigned long vq_used_offset(unsigned int num, unsigned long align)
{
	return vq_align(16UL * num + 2 * (3 + num), align);
}

/* Bytes a vring of @num entries occupies (the kernel's vring_size()). */
static inline unsigned long vq_ring_size(unsigned int num, unsigned long align)
{
	return vq_used_offset(num, align) + 2 * 3 + 8UL * num;
}

/* The memory every buffer must lie in: @size bytes at device address @da, mapped at @va. */
struct vq_pool {
	__u64 da;
	__u64 size;
	volatile __u8 *va;
};

/* A buffer taken from avail: descriptor @head, @len bytes at @va (inside the pool). */
struct vq_buf {
	__u16 head;
	__u32 len;
	volatile __u8 *va;
};

/* A violation: AMP_FW_VRING_ERR_* and the offending value. */
struct vq_fault {
	__u32 code;
	__u64 value;
};

/**
 * struct vq - our (the device's) state of one virtqueue
 * @desc: the descriptor table
 * @avail: the available ring (the driver's)
 * @used: the used ring (ours)
 * @pool: where buffers must lie
 * @num: ring size, a power of two
 * @dir: VQ_DESC_F_WRITE if we write the buffers (the host's RX queue), 0 if we read them
 * @last_avail: next avail entry to take
 * @seen_avail: avail->idx as last read
 * @used_idx: our copy of used->idx
 * @event_idx: VIRTIO_RING_F_EVENT_IDX is negotiated
 * @unkicked: used entries published since the last kick decision
 */
struct vq {
	volatile struct vq_desc *desc;
	volatile struct vq_avail *avail;
	volatile struct vq_used *used;
	const struct vq_pool *pool;
	unsigned int num;
	__u16 dir;
	__u16 last_avail;
	__u16 seen_avail;
	__u16 used_idx;
	__u16 event_idx;
	unsigned int unkicked;
};

/* used_event: at the end of the avail ring; avail_event: at the end of the used ring. */
static inline volatile __u16 *vq_used_event(struct vq *vq)
{
	return &vq->avail->ring[vq->num];
}

static inline volatile __u16 *vq_avail_event(struct vq *vq)
{
	return (volatile __u16 *)&vq->used->ring[vq->num];
}

/* The kernel's vring_need_event(): @event in [@old, @new), modulo 2^16. */
static inline int vq_need_event(__u16 event, __u16 new_idx, __u16 old)
{
	return (__u16)(new_idx - event - 1) < (__u16)(new_idx - old);
}

void vq_init(struct vq *vq, volatile void *ring, unsigned int num, unsigned long align,
	     const struct vq_pool *pool, __u16 dir);
int vq_pending(struct vq *vq, struct vq_fault *f);
int vq_pop(struct vq *vq, __u32 min_len, __u32 max_len, struct vq_buf *b, struct vq_fault *f);
void vq_set_event_idx(struct vq *vq, int on);
void vq_push(struct vq *vq, __u16 head, __u32 len);
int vq_kick_wanted(struct vq *vq);
void vq_notify_off(struct vq *vq);
void vq_notify_wanted(struct vq *vq);
int vq_notify_on(struct vq *vq, struct vq_fault *f);

#endif
