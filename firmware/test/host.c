// SPDX-License-Identifier: GPL-2.0
/*
 * The fake host: the driver side of the vrings, the resource table's vdev entry, the
 * control block, and the firmware's platform calls (port.h). See host.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "host.h"
#include "port.h"

struct host H;

static __u8 *map_guarded(size_t size)
{
	__u8 *p = mmap(NULL, size + 2 * H_GUARD, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	if (mprotect(p + H_GUARD, size, PROT_READ | PROT_WRITE)) {
		perror("mprotect");
		exit(2);
	}
	return p + H_GUARD;
}

static void unmap_guarded(__u8 *p, size_t size)
{
	if (p)
		munmap(p - H_GUARD, size + 2 * H_GUARD);
}

static void host_layout(void)
{
	int q;

	for (q = 0; q < 2; q++) {
		H.desc[q] = (struct vq_desc *)H.ring[q];
		H.avail[q] = (struct vq_avail *)(H.ring[q] + 16 * H_NUM);
		H.used[q] = (struct vq_used *)(H.ring[q] + vq_used_offset(H_NUM, H_ALIGN));
		H.avail_idx[q] = 0;
		H.last_used[q] = 0;
	}
	H.n_tx_free = 0;
	for (q = H_NUM - 1; q >= 0; q--) {
		H.tx_free[H.n_tx_free++] = q;
		H.tx_busy[q] = 0;
	}
}

/* The driver (re)initialises its rings, as before every DRIVER_OK. */
void host_reinit_rings(void)
{
	memset(H.ring[0], 0, H_RING_MAP);
	memset(H.ring[1], 0, H_RING_MAP);
	host_layout();
}

void host_setup(void)
{
	struct rpmsg_vdev_cfg cfg;

	memset(&H, 0, sizeof(H));
	H.ring[0] = map_guarded(H_RING_MAP);
	H.ring[1] = map_guarded(H_RING_MAP);
	H.pool = map_guarded(H_POOL_SIZE);
	host_layout();
	H.wait_ms = 100;
	H.repost = 1;

	H.rsc.type = 3;
	H.rsc.id = VIRTIO_ID_RPMSG;
	H.rsc.notifyid = 2;
	H.rsc.dfeatures = 1u << VIRTIO_RPMSG_F_NS;
	H.rsc.num_of_vrings = 2;
	H.rsc.vring[0] = (struct fw_rsc_vdev_vring){ H_VRING0_DA, H_ALIGN, H_NUM, 0, 0 };
	H.rsc.vring[1] = (struct fw_rsc_vdev_vring){ H_VRING1_DA, H_ALIGN, H_NUM, 1, 0 };
	H.ctl.magic = AMP_FW_CTL_MAGIC;
	H.ctl.version = AMP_FW_CTL_VERSION;
	/* stale values the firmware must reset */
	H.ctl.rpmsg_rx = 77;
	H.ctl.vring_errors = 5;

	memset(&cfg, 0, sizeof(cfg));
	cfg.rsc = &H.rsc;
	cfg.ctl = &H.ctl;
	cfg.vring_da[0] = H_VRING0_DA;
	cfg.vring_da[1] = H_VRING1_DA;
	cfg.vring_va[0] = H.ring[0];
	cfg.vring_va[1] = H.ring[1];
	cfg.num = H_NUM;
	cfg.align = H_ALIGN;
	cfg.pool.da = H_POOL_DA;
	cfg.pool.size = H_POOL_SIZE;
	cfg.pool.va = H.pool;
	rpmsg_init(&H.v, &cfg);
}

void host_teardown(void)
{
	unmap_guarded(H.ring[0], H_RING_MAP);
	unmap_guarded(H.ring[1], H_RING_MAP);
	unmap_guarded(H.pool, H_POOL_SIZE);
	free(H.log);
	memset(&H, 0, sizeof(H));
}

void host_set_status(__u8 status)
{
	H.rsc.status = status;
}

static void host_avail_add(int q, __u16 id)
{
	H.avail[q]->ring[H.avail_idx[q] % H_NUM] = id;
	__sync_synchronize();
	H.avail[q]->idx = ++H.avail_idx[q];
}

/* Post RX buffer @id (descriptor @id, the @id-th 512-byte buffer), device-writable. */
void host_rx_add(__u16 id)
{
	H.desc[0][id].addr = H_POOL_DA + (__u64)id * H_BUF;
	H.desc[0][id].len = H_BUF;
	H.desc[0][id].flags = VQ_DESC_F_WRITE;
	H.desc[0][id].next = 0;
	host_avail_add(0, id);
}

/* Post the next @n RX buffers of the initial fill. */
void host_post_rx(unsigned int n)
{
	while (n--)
		host_rx_add(H.avail_idx[0] % H_NUM);
}

/* What virtio_rpmsg_bus's probe does: all RX buffers, features, DRIVER_OK, kick. */
void host_start(int ns)
{
	host_post_rx(H_NUM);
	H.rsc.gfeatures = ns ? 1u << VIRTIO_RPMSG_F_NS : 0;
	host_set_status(1 | 2 | 8 | VIRTIO_CONFIG_S_DRIVER_OK);
}

static void log_add(const struct hmsg *m)
{
	if (H.n_log == H.cap_log) {
		H.cap_log = H.cap_log ? 2 * H.cap_log : 1024;
		H.log = realloc(H.log, H.cap_log * sizeof(*H.log));
		if (!H.log)
			exit(2);
	}
	H.log[H.n_log++] = *m;
}

void host_log_clear(void)
{
	H.n_log = 0;
}

/*
 * The host's RX interrupt: take every used RX buffer, log its message, give it back (if
 * H.repost). Used entries are checked as the kernel would; a bad one aborts the tests.
 */
unsigned int host_drain_rx(void)
{
	unsigned int n = 0;

	while (H.last_used[0] != H.used[0]->idx) {
		struct vq_used_elem e = H.used[0]->ring[H.last_used[0] % H_NUM];
		struct hmsg m;
		__u8 *b;

		__sync_synchronize();
		H.last_used[0]++;
		if (e.id >= H_NUM || e.len < 16 || e.len > H_BUF) {
			if (!H.allow_bad)
				fprintf(stderr, "host: bad used RX entry id %u len %u\n", e.id, e.len);
			H.bad_used++;
			continue;
		}
		b = H.pool + (size_t)e.id * H_BUF;
		memset(&m, 0, sizeof(m));
		m.id = e.id;
		m.used_len = e.len;
		memcpy(&m.src, b, 4);
		memcpy(&m.dst, b + 4, 4);
		memcpy(&m.reserved, b + 8, 4);
		memcpy(&m.len, b + 12, 2);
		memcpy(&m.flags, b + 14, 2);
		if (m.len > e.len - 16) {
			if (!H.allow_bad)
				fprintf(stderr, "host: RX hdr.len %u > used len %u - 16\n", m.len, e.len);
			H.bad_used++;
			continue;
		}
		memcpy(m.data, b + 16, m.len);
		log_add(&m);
		if (H.repost)
			host_rx_add(e.id);
		n++;
	}
	return n;
}

/* Take back the TX buffers the firmware is done with. */
void host_reclaim_tx(void)
{
	while (H.last_used[1] != H.used[1]->idx) {
		struct vq_used_elem e = H.used[1]->ring[H.last_used[1] % H_NUM];

		H.last_used[1]++;
		if (e.id >= H_NUM || e.len != 0 || !H.tx_busy[e.id]) {
			if (!H.allow_bad)
				fprintf(stderr, "host: bad used TX entry id %u len %u\n", e.id, e.len);
			H.bad_used++;
			continue;
		}
		H.tx_busy[e.id] = 0;
		H.tx_free[H.n_tx_free++] = e.id;
	}
}

/* Send a message from @src to @dst, as rpmsg_send_offchannel_raw() does. */
int host_send(__u32 src, __u32 dst, const void *data, __u32 len)
{
	__u16 zero = 0, len16 = len;
	__u32 res = 0;
	__u8 *b;
	int id;

	if (len > H_BUF - 16)
		return -1;
	if (!H.n_tx_free)
		host_reclaim_tx();
	if (!H.n_tx_free)
		return -1;
	id = H.tx_free[--H.n_tx_free];
	H.tx_busy[id] = 1;
	b = H.pool + H_TXBUF_OFF + (size_t)id * H_BUF;
	memcpy(b, &src, 4);
	memcpy(b + 4, &dst, 4);
	memcpy(b + 8, &res, 4);
	memcpy(b + 12, &len16, 2);
	memcpy(b + 14, &zero, 2);
	memcpy(b + 16, data, len);
	H.desc[1][id].addr = H_POOL_DA + H_TXBUF_OFF + (__u64)id * H_BUF;
	H.desc[1][id].len = 16 + len;
	H.desc[1][id].flags = 0;
	H.desc[1][id].next = 0;
	host_avail_add(1, id);
	return 0;
}

/* Make descriptor @id of vring @q say anything, and make it available. */
void host_post_raw(int q, __u16 id, __u64 addr, __u32 len, __u16 flags)
{
	if (id < H_NUM) {
		H.desc[q][id].addr = addr;
		H.desc[q][id].len = len;
		H.desc[q][id].flags = flags;
		H.desc[q][id].next = (id + 1) % H_NUM;
	}
	host_avail_add(q, id);
}

/* The firmware's main loop, minus the doorbells: poll until nothing is left. */
void host_run(void)
{
	int guard = 0;

	while (rpmsg_poll(&H.v)) {
		if (++guard > 100000) {
			fprintf(stderr, "host: firmware never idles\n");
			exit(3);
		}
	}
}

void host_default_wait(void)
{
	host_drain_rx();
}

unsigned int trace_count(const char *needle)
{
	unsigned int n = 0;
	const char *p = H.trace;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

void snap_take(struct snapshot *s)
{
	memcpy(s->ring[0], H.ring[0], H_RING_MAP);
	memcpy(s->ring[1], H.ring[1], H_RING_MAP);
	s->pool = malloc(H_POOL_SIZE);
	if (!s->pool)
		exit(2);
	memcpy(s->pool, H.pool, H_POOL_SIZE);
}

/* Offset of the first byte that changed (rings, then pool), or -1. */
long snap_diff(const struct snapshot *s)
{
	size_t i;
	int q;

	for (q = 0; q < 2; q++)
		for (i = 0; i < H_RING_MAP; i++)
			if (s->ring[q][i] != H.ring[q][i])
				return q * H_RING_MAP + i;
	for (i = 0; i < H_POOL_SIZE; i++)
		if (s->pool[i] != H.pool[i])
			return 2 * H_RING_MAP + i;
	return -1;
}

/* Offset of the first byte of a desc table or avail ring (the driver's) that changed, or -1. */
long snap_diff_driver(const struct snapshot *s)
{
	size_t i, end = vq_used_offset(H_NUM, H_ALIGN);
	int q;

	for (q = 0; q < 2; q++)
		for (i = 0; i < end; i++)
			if (s->ring[q][i] != H.ring[q][i])
				return q * H_RING_MAP + i;
	return -1;
}

void snap_free(struct snapshot *s)
{
	free(s->pool);
	s->pool = NULL;
}

/* port.h */
void port_mb(void)
{
	__sync_synchronize();
}

void port_kick_host(void)
{
	H.kicks++;
	if (H.on_kick)
		H.on_kick();
}

void port_wait(void)
{
	if (++H.waits > 1000000) {
		fprintf(stderr, "host: firmware waits forever\n");
		exit(3);
	}
	H.now_ms += H.wait_ms;
	if (H.on_wait)
		H.on_wait();
	else
		host_default_wait();
}

int port_poll(void)
{
	H.polls++;
	return H.on_poll ? H.on_poll() : 0;
}

unsigned long port_ms(void)
{
	return H.now_ms;
}

/* The fake clock's microseconds: the waits' milliseconds, plus 10 us per relax. */
unsigned long port_us(void)
{
	return H.now_ms * 1000 + H.relax_us;
}

void port_relax(void)
{
	H.relaxes++;
	H.relax_us += 10;
	if (H.on_relax)
		H.on_relax();
}

int port_irq_pending(void)
{
	return 0;
}

void port_trace(const char *s)
{
	size_t n = strlen(s);

	if (H.trace_len + n >= sizeof(H.trace))
		return;
	memcpy(H.trace + H.trace_len, s, n + 1);
	H.trace_len += n;
}

void port_trace_hex(const char *label, unsigned long v)
{
	char buf[32];

	port_trace(label);
	snprintf(buf, sizeof(buf), "0x%lx\n", v);
	port_trace(buf);
}
