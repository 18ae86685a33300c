// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: the host-private shadow of a vring shared with the remote.
 *
 * The kernel's virtio_ring trusts the ring it is given: 6.1 follows VRING_DESC_F_NEXT read
 * from the descriptor table when it frees a buffer, so a remote that rewrites descriptor
 * flags makes it loop forever. So the virtqueue a driver gets never sees shared memory: it
 * runs on a private ring in kernel memory, and this file moves entries between the two.
 *
 *              driver (virtio_ring)                    remote
 *   private:   desc, avail  --- publish (notify) --->  shared: desc, avail
 *   private:   used         <-- collect (doorbell) --  shared: used
 *
 * Publish copies the descriptor chains of the new private avail entries into the shared
 * descriptor table and the heads into the shared avail ring; each head is then marked "in
 * the remote's hands". Collect reads the shared used ring once, entry by entry, and checks
 * each before it copies it into the private used ring: the index may not run more than the
 * ring ahead, an id must be a head in the remote's hands, a length may not exceed what the
 * chain lets the remote write. The first violation stops the shadow for good: nothing more
 * is read from the remote's ring, and the caller breaks the device.
 *
 * Nothing here reads the shared descriptor table or the shared avail ring back: what the
 * host relies on (free list, chains, lengths, which heads are out) lives in private memory.
 *
 * Notification suppression is the shadow's business with the remote, not the driver's: the
 * private ring stays a legacy ring. With VIRTIO_RING_F_EVENT_IDX negotiated on the shared
 * ring, publish kicks only when the new entries cross the remote's avail_event (once, until
 * the remote looks again), and collect leaves used_event at the first entry it has not
 * collected (the remote rings once, until the host looks again); the remote's avail_event is
 * a hint like its flags: a wrong one only costs the remote kicks, or starves it.
 */

#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>

#include "amp_rproc_internal.h"

static u16 shadow_r16(const struct amp_vring_shadow *s, const __virtio16 *p)
{
	return virtio16_to_cpu(s->vdev, READ_ONCE(*p));
}

static void shadow_w16(const struct amp_vring_shadow *s, __virtio16 *p, u16 v)
{
	WRITE_ONCE(*p, cpu_to_virtio16(s->vdev, v));
}

/**
 * amp_vring_shadow_init() - set up the shadow of a shared vring
 * @s: the shadow, zeroed by the caller
 * @vdev: the virtio device (for its byte order)
 * @shared: the vring in the remote's memory, vring_size(@num, @align) bytes, zeroed
 * @num: descriptors, a power of two
 * @align: the shared ring's used-ring alignment
 * @event_idx: VIRTIO_RING_F_EVENT_IDX is negotiated with the remote for this ring
 *
 * Context: may sleep.
 * Return: 0 or -ENOMEM.
 */
int amp_vring_shadow_init(struct amp_vring_shadow *s, struct virtio_device *vdev, void *shared,
			  unsigned int num, unsigned int align, bool event_idx)
{
	spin_lock_init(&s->lock);
	s->vdev = vdev;
	s->num = num;
	s->event_idx = event_idx;
	vring_init(&s->shared, num, shared, align);
	s->priv_size = vring_size(num, AMP_VRING_PRIV_ALIGN);
	s->priv = alloc_pages_exact(s->priv_size, GFP_KERNEL | __GFP_ZERO);
	if (!s->priv)
		return -ENOMEM;
	vring_init(&s->priv_vr, num, s->priv, AMP_VRING_PRIV_ALIGN);
	s->out = bitmap_zalloc(num, GFP_KERNEL);
	if (!s->out) {
		free_pages_exact(s->priv, s->priv_size);
		s->priv = NULL;
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_init);

/**
 * amp_vring_shadow_free() - free what amp_vring_shadow_init() allocated
 * @s: the shadow; its virtqueue is deleted already
 *
 * Context: may sleep.
 */
void amp_vring_shadow_free(struct amp_vring_shadow *s)
{
	bitmap_free(s->out);
	s->out = NULL;
	if (s->priv)
		free_pages_exact(s->priv, s->priv_size);
	s->priv = NULL;
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_free);

/*
 * Walk the private chain of @head (written by virtio_ring, bounded anyway): calls @copy for
 * each descriptor if set, and adds up the bytes the remote may write. Under @s->lock.
 */
static int shadow_walk_chain(struct amp_vring_shadow *s, u16 head, bool copy, u32 *wlen)
{
	unsigned int i = head, n;
	u32 len, total = 0;
	u16 flags;

	for (n = 0; n < s->num; n++) {
		struct vring_desc *d = &s->priv_vr.desc[i];

		flags = virtio16_to_cpu(s->vdev, d->flags);
		len = virtio32_to_cpu(s->vdev, d->len);
		if (copy) {
			struct vring_desc *out = &s->shared.desc[i];

			out->addr = d->addr;
			out->len = d->len;
			out->flags = d->flags;
			out->next = d->next;
		}
		if (flags & VRING_DESC_F_WRITE)
			total = len > U32_MAX - total ? U32_MAX : total + len;
		if (!(flags & VRING_DESC_F_NEXT)) {
			*wlen = total;
			return 0;
		}
		i = virtio16_to_cpu(s->vdev, d->next);
		if (i >= s->num)
			return -EINVAL;
	}
	return -ELOOP;
}

/**
 * amp_vring_shadow_publish() - make the driver's new buffers available to the remote
 * @s: the shadow
 *
 * Copies the chains of the private avail entries not yet published into the shared
 * descriptor table and their heads into the shared avail ring, then the index.
 *
 * Context: any (the driver's notify); takes @s->lock with interrupts off.
 * Return: whether the remote wants a notification for them: false when nothing was
 * published, or when it set VRING_USED_F_NO_NOTIFY, or with EVENT_IDX when the new entries
 * do not cross its avail_event (hints: it only hurts itself by lying).
 */
bool amp_vring_shadow_publish(struct amp_vring_shadow *s)
{
	unsigned int mask = s->num - 1;
	unsigned long flags;
	bool kick = false;
	u16 idx, head, old;
	u32 wlen;

	spin_lock_irqsave(&s->lock, flags);
	if (s->dead)
		goto out_unlock;
	old = s->shared_avail;
	idx = shadow_r16(s, &s->priv_vr.avail->idx);
	/* The private entries, after the private index that covers them. */
	smp_rmb();
	while (s->avail_synced != idx) {
		head = shadow_r16(s, &s->priv_vr.avail->ring[s->avail_synced & mask]);
		/* virtio_ring's own output: a fault here is ours, not the remote's */
		if (WARN_ON_ONCE(head >= s->num || test_bit(head, s->out) ||
				 shadow_walk_chain(s, head, true, &wlen)))
			break;
		__set_bit(head, s->out);
		shadow_w16(s, &s->shared.avail->ring[s->shared_avail & mask], head);
		s->avail_synced++;
		s->shared_avail++;
		kick = true;
	}
	if (kick) {
		/* The descriptors and ring entries reach the remote before the index. */
		dma_wmb();
		shadow_w16(s, &s->shared.avail->idx, s->shared_avail);
		/* The index is visible before we read whether the remote wants a kick. */
		mb();
		if (s->event_idx)
			kick = vring_need_event(shadow_r16(s, &vring_avail_event(&s->shared)),
						s->shared_avail, old);
		else
			kick = !(shadow_r16(s, &s->shared.used->flags) & VRING_USED_F_NO_NOTIFY);
		if (kick)
			s->kicks++;
		else
			s->kicks_suppressed++;
	}
out_unlock:
	spin_unlock_irqrestore(&s->lock, flags);
	return kick;
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_publish);

static int shadow_fault(struct amp_vring_shadow *s, struct amp_vring_fault *f, const char *what,
			u32 value)
{
	s->dead = true;
	f->what = what;
	f->value = value;
	return -EPROTO;
}

/*
 * With EVENT_IDX: tell the remote which used entry it rings for, the first one not
 * collected, or (while the driver polls, @s->irq_off) one half the index space behind it,
 * which no batch of entries reaches. Under @s->lock.
 */
static void shadow_arm_used_event(struct amp_vring_shadow *s)
{
	shadow_w16(s, &vring_used_event(&s->shared),
		   s->irq_off ? s->used_seen - 0x8000 : s->used_seen);
}

/**
 * amp_vring_shadow_collect() - take the buffers the remote gave back
 * @s: the shadow
 * @f: the violation, on -EPROTO
 *
 * Checks each new entry of the shared used ring and copies it into the private used ring,
 * then publishes the private index: the driver's virtqueue sees checked entries only. With
 * EVENT_IDX it then asks for a doorbell at the next entry and looks once more, so that an
 * entry given back before the remote could see the request is collected now.
 *
 * Context: any; takes @s->lock with interrupts off.
 * Return: the number of entries collected, or -EPROTO once the remote broke the protocol
 * (then, and on every later call, nothing is collected).
 */
int amp_vring_shadow_collect(struct amp_vring_shadow *s, struct amp_vring_fault *f)
{
	unsigned int mask = s->num - 1;
	unsigned long flags;
	int n = 0, ret = 0;
	u16 idx, pending;

	spin_lock_irqsave(&s->lock, flags);
	if (s->dead) {
		ret = shadow_fault(s, f, s->fault.what, s->fault.value);
		goto out_unlock;
	}
	s->interrupts++;
again:
	idx = shadow_r16(s, &s->shared.used->idx);
	pending = idx - s->used_seen;
	if (pending > s->num) {
		ret = shadow_fault(s, f, "used index ran ahead to", idx);
		goto out_fault;
	}
	/* The remote's entries, after its index that covers them. */
	dma_rmb();
	while (pending--) {
		struct vring_used_elem *e = &s->shared.used->ring[s->used_seen & mask];
		u32 id = virtio32_to_cpu(s->vdev, READ_ONCE(e->id));
		u32 len = virtio32_to_cpu(s->vdev, READ_ONCE(e->len));
		struct vring_used_elem *pe;
		u32 wlen;

		if (id >= s->num) {
			ret = shadow_fault(s, f, "used id out of range:", id);
			goto out_fault;
		}
		if (!test_bit(id, s->out)) {
			ret = shadow_fault(s, f, "used id not in the remote's hands:", id);
			goto out_fault;
		}
		if (WARN_ON_ONCE(shadow_walk_chain(s, id, false, &wlen))) {
			ret = shadow_fault(s, f, "chain of used id", id);
			goto out_fault;
		}
		/*
		 * A remote may report the length of a buffer it only read (OpenAMP does):
		 * harmless, and the driver learns nothing from it. What it wrote may not
		 * exceed the buffer.
		 */
		if (!wlen) {
			len = 0;
		} else if (len > wlen) {
			ret = shadow_fault(s, f, "used length above the buffer:", len);
			goto out_fault;
		}
		__clear_bit(id, s->out);
		pe = &s->priv_vr.used->ring[s->used_seen & mask];
		pe->id = cpu_to_virtio32(s->vdev, id);
		pe->len = cpu_to_virtio32(s->vdev, len);
		s->used_seen++;
		n++;
	}
	if (s->event_idx) {
		shadow_arm_used_event(s);
		/*
		 * used_event is visible before we read the index again: either we see what
		 * the remote gave back meanwhile, or it sees used_event and rings. Each turn
		 * takes entries only the host can hand out again, after the lock: it ends.
		 */
		mb();
		if (shadow_r16(s, &s->shared.used->idx) != s->used_seen)
			goto again;
	}
	ret = n;
	goto out_publish;

out_fault:
	s->fault = *f;
	s->faults++;
out_publish:
	if (n) {
		/* The private entries are in place before the index that covers them. */
		smp_wmb();
		shadow_w16(s, &s->priv_vr.used->idx, s->used_seen);
	}
out_unlock:
	spin_unlock_irqrestore(&s->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_collect);

/**
 * amp_vring_shadow_sync_flags() - show the driver's interrupt suppression to the remote
 * @s: the shadow
 *
 * Copies the private avail ring's flags (VRING_AVAIL_F_NO_INTERRUPT, which
 * virtqueue_disable_cb() sets) into the shared one, for a driver that busy-polls the ring
 * and does not want the remote to ring meanwhile; with EVENT_IDX, used_event says it too
 * (the flag then stays as the hint our firmware's own polling window follows: a device
 * ignores it with EVENT_IDX). A remote that ignores either only costs itself a doorbell.
 *
 * Context: any; takes @s->lock with interrupts off.
 */
void amp_vring_shadow_sync_flags(struct amp_vring_shadow *s)
{
	unsigned long flags;
	u16 f;

	/* a busy poller's every round: nothing to do unless the driver changed its mind */
	f = shadow_r16(s, &s->priv_vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT;
	if (READ_ONCE(s->irq_off) == !!f && shadow_r16(s, &s->shared.avail->flags) == f)
		return;
	spin_lock_irqsave(&s->lock, flags);
	if (!s->dead) {
		f = shadow_r16(s, &s->priv_vr.avail->flags) & VRING_AVAIL_F_NO_INTERRUPT;
		if (shadow_r16(s, &s->shared.avail->flags) != f)
			shadow_w16(s, &s->shared.avail->flags, f);
		WRITE_ONCE(s->irq_off, f);
		if (s->event_idx)
			shadow_arm_used_event(s);
		/*
		 * The flag is visible before the caller reads the used index: with it clear,
		 * either we see the remote's new entries, or it sees the flag and rings.
		 */
		mb();
	}
	spin_unlock_irqrestore(&s->lock, flags);
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_sync_flags);

/**
 * amp_vring_shadow_has_news() - whether a collect would find anything
 * @s: the shadow
 *
 * A hint without the lock, for busy pollers: the remote's used index moved since the last
 * collect (or the shadow stopped, which a collect reports).
 *
 * Context: any.
 */
bool amp_vring_shadow_has_news(struct amp_vring_shadow *s)
{
	return READ_ONCE(s->dead) ||
	       shadow_r16(s, &s->shared.used->idx) != READ_ONCE(s->used_seen);
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_has_news);

/**
 * amp_vring_shadow_in_flight() - buffers in the remote's hands
 * @s: the shadow
 *
 * Context: any.
 * Return: the number of heads published and not yet collected.
 */
unsigned int amp_vring_shadow_in_flight(struct amp_vring_shadow *s)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&s->lock, flags);
	n = s->out ? bitmap_weight(s->out, s->num) : 0;
	spin_unlock_irqrestore(&s->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(amp_vring_shadow_in_flight);

/**
 * amp_vring_shadow_stats() - a snapshot of a shadow's state and counters
 * @s: the shadow, initialised; its shared ring mapped
 * @st: filled in
 *
 * Context: any; takes @s->lock with interrupts off.
 */
void amp_vring_shadow_stats(struct amp_vring_shadow *s, struct amp_vring_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	st->num = s->num;
	st->out = s->out ? bitmap_weight(s->out, s->num) : 0;
	st->shared_avail = s->shared_avail;
	st->used_seen = s->used_seen;
	/* the remote's word, only shown: nothing the host does depends on it here */
	st->remote_used = shadow_r16(s, &s->shared.used->idx);
	st->event_idx = s->event_idx;
	st->kicks = s->kicks;
	st->kicks_suppressed = s->kicks_suppressed;
	st->interrupts = s->interrupts;
	st->faults = s->faults;
	st->dead = s->dead;
	spin_unlock_irqrestore(&s->lock, flags);
}
