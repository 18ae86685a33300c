// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg over virtio, remote side. The host owns the vdev's life: when it sets DRIVER_OK in
 * the vdev entry's status byte we check the vrings are where the table says, take them up
 * and announce every service to the name service (if the host negotiated
 * VIRTIO_RPMSG_F_NS); status 0 resets us. Each poll then delivers the messages the host
 * posted on vring 1 and returns their buffers; replies go out on vring 0.
 *
 * The host is not trusted (design.md section 8): the first violation of the protocol
 * (virtqueue.c's checks, or an rpmsg header claiming more than its buffer holds) is
 * logged once with the offending value, counted in the control block, and breaks the vdev:
 * we touch neither vring again until the host resets it. Ping and stop requests are served
 * by main.c regardless.
 */
#include "chaos.h"
#include "port.h"
#include "rpmsg.h"
#include "services.h"
#include "shm.h"

static const char *const vring_err_what[] = {
	[AMP_FW_VRING_ERR_RING]		= "ring not as declared, da/num/align ",
	[AMP_FW_VRING_ERR_AVAIL_IDX]	= "avail idx jumped to ",
	[AMP_FW_VRING_ERR_DESC_ID]	= "descriptor id ",
	[AMP_FW_VRING_ERR_DESC_FLAGS]	= "descriptor flags ",
	[AMP_FW_VRING_ERR_DESC_LEN]	= "descriptor len ",
	[AMP_FW_VRING_ERR_DESC_ADDR]	= "descriptor addr ",
	[AMP_FW_VRING_ERR_HDR_LEN]	= "rpmsg hdr.len ",
};

static void rpmsg_set_state(struct rpmsg_vdev *v, int state)
{
	v->state = state;
	shm_w32(&v->cfg.ctl->rpmsg_state, state);
}

static void rpmsg_fault(struct rpmsg_vdev *v, unsigned int queue, __u32 code, __u64 value)
{
	volatile struct amp_fw_ctl *ctl = v->cfg.ctl;

	if (v->state == AMP_FW_RPMSG_BROKEN)
		return;
	shm_inc32(&ctl->vring_errors);
	shm_w32(&ctl->vring_error, code | queue << 8);
	shm_w32(&ctl->vring_error_lo, value);
	shm_w32(&ctl->vring_error_hi, value >> 32);
	rpmsg_set_state(v, AMP_FW_RPMSG_BROKEN);
	port_trace(queue ? "fw: rpmsg: vdev broken: vring 1: " : "fw: rpmsg: vdev broken: vring 0: ");
	port_trace_hex(vring_err_what[code], value);
	/* the host learns that we gave up on the vdev (rpmsg_state) */
	port_kick_host();
}

static void rpmsg_vq_fault(struct rpmsg_vdev *v, unsigned int queue, const struct vq_fault *f)
{
	rpmsg_fault(v, queue, f->code, f->value);
}

static int rpmsg_host_polls(struct rpmsg_vdev *v);

/*
 * Interrupt the host if it wants to hear about what we gave back since the last time. A
 * host that busy-polls collects both rings (it says so for its RX ring): no interrupt for
 * its TX buffers either then, and no decision on them (with EVENT_IDX, a decision passes
 * its used_event: the TX buffers we give back once it stops polling must still ring).
 */
static void rpmsg_flush(struct rpmsg_vdev *v)
{
	int kick = vq_kick_wanted(&v->rxq);

	if (!rpmsg_host_polls(v) && vq_kick_wanted(&v->txq))
		kick = 1;
	if (kick)
		port_kick_host();
}

/* The table's vrings must be the ones the platform reserved: nothing else is ours to use. */
static int rpmsg_rings_ok(struct rpmsg_vdev *v)
{
	volatile struct fw_rsc_vdev *rsc = v->cfg.rsc;
	unsigned int i;

	if (shm_r8(&rsc->num_of_vrings) != 2) {
		rpmsg_fault(v, 0, AMP_FW_VRING_ERR_RING, shm_r8(&rsc->num_of_vrings));
		return 0;
	}
	for (i = 0; i < 2; i++) {
		volatile struct fw_rsc_vdev_vring *vr = &rsc->vring[i];
		__u32 da = shm_r32(&vr->da), num = shm_r32(&vr->num), align = shm_r32(&vr->align);

		if (da != v->cfg.vring_da[i]) {
			rpmsg_fault(v, i, AMP_FW_VRING_ERR_RING, da);
			return 0;
		}
		if (num != v->cfg.num) {
			rpmsg_fault(v, i, AMP_FW_VRING_ERR_RING, num);
			return 0;
		}
		if (align != v->cfg.align) {
			rpmsg_fault(v, i, AMP_FW_VRING_ERR_RING, align);
			return 0;
		}
	}
	return 1;
}

static void rpmsg_announce(struct rpmsg_vdev *v, const struct rpmsg_service *svc)
{
	const char *name = svc->name;
	struct rpmsg_out o;
	unsigned int i;

	if (rpmsg_get_out(v, RPMSG_NS_MSG_SIZE, &o))
		return;
	/* NUL-padded, always NUL-terminated */
	for (i = 0; i < RPMSG_NAME_SIZE; i++) {
		char c = i < RPMSG_NAME_SIZE - 1 ? *name : '\0';

		o.data[i] = c;
		if (c)
			name++;
	}
	shm_put_le32(o.data + RPMSG_NAME_SIZE, svc->addr);
	shm_put_le32(o.data + RPMSG_NAME_SIZE + 4, RPMSG_NS_CREATE);
	rpmsg_put_out(v, &o, svc->addr, RPMSG_NS_ADDR, RPMSG_NS_MSG_SIZE);
}

static void rpmsg_start(struct rpmsg_vdev *v)
{
	const struct rpmsg_service *svc;
	unsigned int i;
	__u32 gfeatures;

	if (!rpmsg_rings_ok(v))
		return;
	gfeatures = shm_r32(&v->cfg.rsc->gfeatures);
	vq_init(&v->rxq, v->cfg.vring_va[0], v->cfg.num, v->cfg.align, &v->cfg.pool,
		VQ_DESC_F_WRITE);
	vq_init(&v->txq, v->cfg.vring_va[1], v->cfg.num, v->cfg.align, &v->cfg.pool, 0);
	vq_set_event_idx(&v->rxq, (gfeatures >> VQ_F_EVENT_IDX) & 1);
	vq_set_event_idx(&v->txq, (gfeatures >> VQ_F_EVENT_IDX) & 1);
	/* new RX buffers need no kick: we ask for one only when we wait for a buffer */
	vq_notify_off(&v->rxq);
	v->ns = (gfeatures >> VIRTIO_RPMSG_F_NS) & 1;
	/* our own sizes, not the config space's bytes: the host could rewrite those */
	v->tx_size = RPMSG_BUF_SIZE;
	v->rx_size = RPMSG_BUF_SIZE;
	if ((gfeatures >> VIRTIO_RPMSG_F_BUFSZ) & 1) {
		if (v->cfg.txbuf_size)
			v->tx_size = v->cfg.txbuf_size;
		if (v->cfg.rxbuf_size)
			v->rx_size = v->cfg.rxbuf_size;
	}
	v->starved = 0;
	v->busy_since = port_us();
	rpmsg_set_state(v, AMP_FW_RPMSG_READY);
	port_trace(v->ns ? "fw: rpmsg: host ready, announcing\n" : "fw: rpmsg: host ready, no NS\n");
	if (!v->ns)
		return;
	for (i = 0; (svc = services_at(i)) && v->state == AMP_FW_RPMSG_READY; i++)
		rpmsg_announce(v, svc);
}

static int rpmsg_host_ready(__u8 status)
{
	return (status & VIRTIO_CONFIG_S_DRIVER_OK) && !(status & VIRTIO_CONFIG_S_FAILED);
}

/*
 * Follow the host's status byte: take the vdev up on DRIVER_OK (only if @may_start: not
 * from inside a send, which must not re-enter), down when the host resets it. A broken
 * vdev comes back only through a full reset (status 0).
 */
static void rpmsg_follow_status(struct rpmsg_vdev *v, int may_start)
{
	__u8 status = shm_r8(&v->cfg.rsc->status);

	/*
	 * Only we write the used indices: if they changed, the host made its rings anew (it
	 * reset the vdev and set it up again before we looked at its status): start over.
	 */
	if (v->state == AMP_FW_RPMSG_READY &&
	    (shm_r16(&v->rxq.used->idx) != v->rxq.used_idx ||
	     shm_r16(&v->txq.used->idx) != v->txq.used_idx)) {
		rpmsg_set_state(v, AMP_FW_RPMSG_WAITING);
		port_trace("fw: rpmsg: the host made the vrings anew\n");
	}
	switch (v->state) {
	case AMP_FW_RPMSG_WAITING:
		if (may_start && rpmsg_host_ready(status))
			rpmsg_start(v);
		break;
	case AMP_FW_RPMSG_READY:
		if (!rpmsg_host_ready(status)) {
			rpmsg_set_state(v, AMP_FW_RPMSG_WAITING);
			port_trace("fw: rpmsg: host reset the vdev\n");
		}
		break;
	default:
		if (!status) {
			rpmsg_set_state(v, AMP_FW_RPMSG_WAITING);
			port_trace("fw: rpmsg: host reset the broken vdev\n");
		}
		break;
	}
}

/*
 * What a look at the RX ring for a buffer found (@n, from vq_pending()): -1 a violation
 * (reported), 1 a buffer (kicks for new ones are off again), 0 none.
 */
static int rpmsg_rx_found(struct rpmsg_vdev *v, int n, const struct vq_fault *f)
{
	if (n < 0) {
		rpmsg_vq_fault(v, 0, f);
		return -1;
	}
	if (n) {
		vq_notify_off(&v->rxq);
		return 1;
	}
	return 0;
}

/*
 * Wait for the host to post an RX buffer. Returns 0 when one is there, -1 if the vdev went
 * down or broke meanwhile, or if the host kept ringing without posting one for too long:
 * the message is then dropped, and so are the next ones until it posts a buffer again.
 */
static int rpmsg_wait_rx(struct rpmsg_vdev *v)
{
	unsigned int rings = 0;
	struct vq_fault f;
	unsigned long t0;
	int n;

	if (!v->starved) {
		rpmsg_flush(v);	/* the host must see what we sent to give buffers back */
		/*
		 * From here on we want its kick for a new RX buffer: one may be there already.
		 * (Checked first: a host that broke the ring finds nothing of ours written.)
		 */
		n = vq_pending(&v->rxq, &f);
		if (n >= 0 && !n)
			n = vq_notify_on(&v->rxq, &f);
		n = rpmsg_rx_found(v, n, &f);
		if (n)
			return n < 0 ? -1 : 0;
		t0 = port_ms();
		for (;;) {
			port_wait();
			rings++;
			rpmsg_follow_status(v, 0);
			if (v->state != AMP_FW_RPMSG_READY)
				return -1;
			n = rpmsg_rx_found(v, vq_pending(&v->rxq, &f), &f);
			if (n)
				return n < 0 ? -1 : 0;
			if (rings >= RPMSG_WAIT_RINGS && port_ms() - t0 >= RPMSG_WAIT_MS)
				break;
		}
		v->starved = 1;
		port_trace_hex("fw: rpmsg: no RX buffer from the host, dropping; rings ", rings);
	}
	shm_inc32(&v->cfg.ctl->rpmsg_dropped);
	return -1;
}

/**
 * rpmsg_get_out - take an RX buffer of the host's to send a message of @len bytes
 * @v: the vdev
 * @len: payload length, at most rpmsg_max_payload()
 * @o: the buffer, on success
 *
 * Waits (servicing doorbells) while the host has none posted; see rpmsg_wait_rx().
 * Return: 0, or -1 if the message cannot be sent (vdev down or broken, or dropped).
 */
int rpmsg_get_out(struct rpmsg_vdev *v, __u32 len, struct rpmsg_out *o)
{
	struct vq_fault f;
	struct vq_buf b;
	int r;

	for (;;) {
		if (v->state != AMP_FW_RPMSG_READY || len > rpmsg_max_payload(v))
			return -1;
		r = vq_pop(&v->rxq, RPMSG_HDR_SIZE + len, v->tx_size, &b, &f);
		if (r > 0)
			break;
		if (r < 0) {
			rpmsg_vq_fault(v, 0, &f);
			return -1;
		}
		if (rpmsg_wait_rx(v))
			return -1;
	}
	v->starved = 0;
	o->head = b.head;
	o->buf = b.va;
	o->data = b.va + RPMSG_HDR_SIZE;
	o->room = b.len - RPMSG_HDR_SIZE;
	return 0;
}

/* Send the message whose @len payload bytes the caller wrote at o->data. */
void rpmsg_put_out(struct rpmsg_vdev *v, struct rpmsg_out *o, __u32 src, __u32 dst, __u32 len)
{
	volatile __u8 *h = o->buf;

	if (v->state != AMP_FW_RPMSG_READY)
		return;
	if (len > o->room)
		len = o->room;
	shm_put_le32(h, src);
	shm_put_le32(h + 4, dst);
	shm_put_le32(h + 8, 0);
	shm_put_le16(h + 12, len);
	shm_put_le16(h + 14, 0);
	if (chaos_roll(AMP_FW_CHAOS_HDR)) {
		/* a length beyond the buffer, or addresses nobody has */
		if (chaos_rand() & 1)
			shm_put_le16(h + 12, o->room + 1 + (chaos_rand() & 0x3ff));
		else
			shm_put_le32(h + 4 * (chaos_rand() & 1), chaos_rand());
	}
	vq_push(&v->rxq, o->head, RPMSG_HDR_SIZE + len);
	shm_inc32(&v->cfg.ctl->rpmsg_tx);
	if (v->rxq.unkicked >= RPMSG_KICK_BATCH)
		rpmsg_flush(v);
}

/* Send @len bytes from @data (local or shared memory). Return: 0, or -1 if not sent. */
int rpmsg_send(struct rpmsg_vdev *v, __u32 src, __u32 dst, const volatile __u8 *data,
	       __u32 len)
{
	struct rpmsg_out o;

	if (rpmsg_get_out(v, len, &o))
		return -1;
	shm_copy(o.data, data, len);
	rpmsg_put_out(v, &o, src, dst, len);
	return 0;
}

static void rpmsg_deliver(struct rpmsg_vdev *v, __u32 src, __u32 dst, const volatile __u8 *data,
			  __u32 len)
{
	volatile struct amp_fw_ctl *ctl = v->cfg.ctl;
	const struct rpmsg_service *svc;

	/* The host's own announcements: nothing here binds to the host's services. */
	if (dst == RPMSG_NS_ADDR)
		return;
	svc = services_find(dst);
	if (svc) {
		svc->rx(v, svc, src, data, len);
		return;
	}
	if (!shm_r32(&ctl->rpmsg_no_endpoint))
		port_trace_hex("fw: rpmsg: message for no endpoint, dst ", dst);
	shm_inc32(&ctl->rpmsg_no_endpoint);
}

/* Deliver one message of the host's. Return: 1 done, 0 none pending, -1 vdev not ready. */
static int rpmsg_rx_one(struct rpmsg_vdev *v)
{
	struct vq_fault f;
	struct vq_buf b;
	__u32 src, dst, len;
	int r;

	r = vq_pop(&v->txq, RPMSG_HDR_SIZE, v->rx_size, &b, &f);
	if (r < 0)
		rpmsg_vq_fault(v, 1, &f);
	if (r <= 0)
		return r;
	src = shm_get_le32(b.va);
	dst = shm_get_le32(b.va + 4);
	len = shm_get_le16(b.va + 12);
	if (len > b.len - RPMSG_HDR_SIZE) {
		rpmsg_fault(v, 1, AMP_FW_VRING_ERR_HDR_LEN, len);
		return -1;
	}
	shm_inc32(&v->cfg.ctl->rpmsg_rx);
	rpmsg_deliver(v, src, dst, b.va + RPMSG_HDR_SIZE, len);
	/* Broken or reset while replying: the rings are no longer ours to write. */
	if (v->state != AMP_FW_RPMSG_READY)
		return -1;
	/* We wrote nothing into the buffer: used length 0 (the host ignores it anyway). */
	vq_push(&v->txq, b.head, 0);
	return 1;
}

/* Chaos: name-service messages a hostile remote could send. */
static void rpmsg_chaos_ns(struct rpmsg_vdev *v)
{
	__u8 msg[RPMSG_NS_MSG_SIZE];
	unsigned int i, n;

	if (!chaos_roll(AMP_FW_CHAOS_NS))
		return;
	switch (chaos_rand() % 3) {
	case 0:		/* no NUL in the name, random address and flags */
		for (i = 0; i < sizeof(msg); i++)
			msg[i] = 'a' + chaos_rand() % 26;
		rpmsg_send(v, RPMSG_FIRST_ADDR, RPMSG_NS_ADDR, msg, sizeof(msg));
		break;
	case 1:		/* a message of the wrong size */
		for (i = 0; i < sizeof(msg); i++)
			msg[i] = chaos_rand();
		rpmsg_send(v, RPMSG_FIRST_ADDR, RPMSG_NS_ADDR, msg, chaos_rand() % sizeof(msg));
		break;
	default:	/* a flood of well-formed announcements */
		for (n = 0; n < 100 && v->state == AMP_FW_RPMSG_READY; n++) {
			for (i = 0; i < RPMSG_NAME_SIZE; i++)
				msg[i] = i < 12 ? 'a' + chaos_rand() % 26 : 0;
			shm_put_le32(msg + RPMSG_NAME_SIZE, 0x1000 + n);
			shm_put_le32(msg + RPMSG_NAME_SIZE + 4, chaos_rand() & 1);
			rpmsg_send(v, RPMSG_FIRST_ADDR, RPMSG_NS_ADDR, msg, sizeof(msg));
		}
		break;
	}
}

/*
 * A host reader busy-polls: it asked us not to ring for what we send it. The plain variant,
 * an OpenAMP remote of the 512-byte era, does not know about it: it honours the flag (no
 * doorbell for the RX ring), but never polls and always rings for TX buffers.
 */
static int rpmsg_host_polls(struct rpmsg_vdev *v)
{
#ifdef FW_VARIANT_PLAIN
	(void)v;
	return 0;
#else
	return shm_r16(&v->rxq.avail->flags) & VQ_AVAIL_F_NO_INTERRUPT;
#endif
}

/**
 * rpmsg_poll - serve the vdev after a doorbell (and once at boot)
 * @v: the vdev
 *
 * Follows the host's status, then delivers up to a ring's worth of the host's messages.
 * While a host reader busy-polls, spins on the host's TX ring (kicks still off) for up to
 * RPMSG_BUSY_POLL_US after the last message, relaxing between looks; returns 1 early for a
 * new message or a pending doorbell.
 * Return: 1 if more may be pending (call again soon), 0 if the host has to ring first.
 */
int rpmsg_poll(struct rpmsg_vdev *v)
{
	struct vq_fault f;
	unsigned int n;
	int r = 0;

	rpmsg_follow_status(v, 1);
	if (v->state != AMP_FW_RPMSG_READY)
		return 0;
	rpmsg_chaos_ns(v);
	/* while we serve the host's messages, it need not ring for each */
	vq_notify_off(&v->txq);
	for (n = 0; n < v->txq.num && v->state == AMP_FW_RPMSG_READY; n++) {
		r = rpmsg_rx_one(v);
		if (r <= 0)
			break;
	}
	if (n)
		v->busy_since = port_us();
	if (v->state != AMP_FW_RPMSG_READY) {
		/* broken or reset: the ring is left as we found it (flags included) */
		vq_notify_wanted(&v->txq);
		return 0;
	}
	rpmsg_flush(v);
	if (r > 0)
		return 1;
	/*
	 * The host polls: watch its TX ring here, in a tight loop, for the rest of the window;
	 * back to the main loop for a message, a doorbell, or the host no longer polling.
	 */
	while (rpmsg_host_polls(v) && port_us() - v->busy_since < RPMSG_BUSY_POLL_US) {
		if (vq_pending(&v->txq, &f) || port_irq_pending())
			return 1;
		port_relax();
	}
	/* about to wait for a doorbell: ask for them again, then look once more */
	r = vq_notify_on(&v->txq, &f);
	if (r < 0) {
		rpmsg_vq_fault(v, 1, &f);
		return 0;
	}
	return r > 0;
}

/*
 * For long jobs (a bench stream): serve a pending doorbell, if any, so stop and ping
 * requests still work. Return: 0 while the vdev is up, -1 once it is not.
 */
int rpmsg_yield(struct rpmsg_vdev *v)
{
	if (port_poll())
		rpmsg_follow_status(v, 0);
	return v->state == AMP_FW_RPMSG_READY ? 0 : -1;
}

/*
 * A requested misbehaviour, for the host's tests: publish a used index of the host's RX
 * queue far ahead of the buffers we took, and ring. A correct host refuses the ring and
 * gives up on the vdev (VIRTIO_CONFIG_S_FAILED); we stop using it until it is reset.
 */
void rpmsg_misbehave(struct rpmsg_vdev *v)
{
	if (v->state != AMP_FW_RPMSG_READY)
		return;
	port_trace("fw: rpmsg: breaking the vring protocol, as requested\n");
	shm_w16(&v->rxq.used->idx, v->rxq.used_idx + 0x4000);
	/* the bad index is visible to the host before the doorbell that makes it look */
	port_mb();
	rpmsg_set_state(v, AMP_FW_RPMSG_BROKEN);
	port_kick_host();
}

void rpmsg_init(struct rpmsg_vdev *v, const struct rpmsg_vdev_cfg *cfg)
{
	volatile struct amp_fw_ctl *ctl = cfg->ctl;

	v->cfg = *cfg;
	v->rxq.num = 0;
	v->txq.num = 0;
	v->ns = 0;
	v->tx_size = RPMSG_BUF_SIZE;
	v->rx_size = RPMSG_BUF_SIZE;
	v->starved = 0;
	shm_w32(&ctl->rpmsg_rx, 0);
	shm_w32(&ctl->rpmsg_tx, 0);
	shm_w32(&ctl->rpmsg_dropped, 0);
	shm_w32(&ctl->rpmsg_no_endpoint, 0);
	shm_w32(&ctl->vring_errors, 0);
	shm_w32(&ctl->vring_error, 0);
	shm_w32(&ctl->vring_error_lo, 0);
	shm_w32(&ctl->vring_error_hi, 0);
	rpmsg_set_state(v, AMP_FW_RPMSG_WAITING);
	services_init();
}
