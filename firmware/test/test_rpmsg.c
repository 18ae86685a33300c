// SPDX-License-Identifier: GPL-2.0
/*
 * Host-native unit tests of the firmware's rpmsg stack (virtqueue.c, rpmsg.c, services.c)
 * against the fake host of host.c. Run with `make -C firmware test`; prints
 * "N passed, M failed" and exits non-zero on any failure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host.h"
#include "services.h"

static int n_passed, n_failed, cur_failed;
static const char *cur_test;

#define CHECK(cond)								\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "FAIL %s: %s:%d: %s\n", cur_test, __FILE__,	\
				__LINE__, #cond);				\
			cur_failed = 1;						\
		}								\
	} while (0)

#define CHECK_EQ(a, b)								\
	do {									\
		unsigned long long _a = (a), _b = (b);				\
		if (_a != _b) {							\
			fprintf(stderr, "FAIL %s: %s:%d: %s == %s: 0x%llx != 0x%llx\n",	\
				cur_test, __FILE__, __LINE__, #a, #b, _a, _b);	\
			cur_failed = 1;						\
		}								\
	} while (0)

#define SVC_SAMPLE	0x400
#define SVC_RAW		0x401
#define SVC_DEMO	0x402
#define SVC_BENCH	0x403
#define HOST_EPT	0x400	/* the host's endpoints have their own address space */

static const struct {
	const char *name;
	__u32 addr;
} expect_svcs[] = {
	{ "rpmsg-client-sample", SVC_SAMPLE },
	{ "rpmsg-raw", SVC_RAW },
	{ "rpmsg-openamp-demo-channel", SVC_DEMO },
	{ "amp-bench", SVC_BENCH },
};
#define N_SVCS	4

static void fill_pattern(__u8 *p, unsigned int len, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = (__u8)(seed * 31 + i * 7 + (i >> 3));
}

/* Start the vdev (NS negotiated) and take the announcements. */
static void start_and_drain(void)
{
	host_start(1);
	host_run();
	host_drain_rx();
	host_log_clear();
}

static void check_ready(void)
{
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_READY);
	CHECK_EQ(H.ctl.rpmsg_state, AMP_FW_RPMSG_READY);
}

static void check_echo(const struct hmsg *m, __u32 svc, __u32 to, const __u8 *data, __u32 len)
{
	CHECK_EQ(m->src, svc);
	CHECK_EQ(m->dst, to);
	CHECK_EQ(m->len, len);
	CHECK_EQ(m->used_len, 16 + len);
	CHECK_EQ(m->reserved, 0);
	CHECK_EQ(m->flags, 0);
	CHECK(!memcmp(m->data, data, len));
}

/* ---- name service ---- */

static void test_nothing_before_driver_ok(void)
{
	__u8 msg[8] = "hello";

	host_post_rx(H_NUM);
	H.rsc.gfeatures = 1;
	host_set_status(1 | 2 | 8);	/* everything but DRIVER_OK */
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_WAITING);
	CHECK_EQ(H.used[0]->idx, 0);
	CHECK_EQ(H.used[1]->idx, 0);
	CHECK_EQ(H.kicks, 0);
	CHECK_EQ(H.ctl.rpmsg_rx, 0);
	CHECK_EQ(H.ctl.vring_errors, 0);	/* stale value reset at init */
	/* DRIVER_OK plus FAILED is not ready either */
	host_set_status(1 | 2 | 4 | 8 | VIRTIO_CONFIG_S_FAILED);
	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_WAITING);
	CHECK_EQ(H.used[0]->idx, 0);
	/* now it is: announcements, then the queued message */
	host_set_status(1 | 2 | 4 | 8);
	host_run();
	check_ready();
	host_drain_rx();
	CHECK_EQ(H.n_log, N_SVCS + 1);
	if (H.n_log == N_SVCS + 1)
		check_echo(&H.log[N_SVCS], SVC_RAW, HOST_EPT, msg, sizeof(msg));
}

static void test_ns_announce(void)
{
	unsigned int i;

	host_start(1);
	host_run();	/* the boot-time poll, DRIVER_OK already set */
	check_ready();
	CHECK(H.kicks >= 1);
	CHECK_EQ(host_drain_rx(), N_SVCS);
	CHECK_EQ(H.ctl.rpmsg_tx, N_SVCS);
	for (i = 0; i < H.n_log && i < N_SVCS; i++) {
		const struct hmsg *m = &H.log[i];
		char name[33] = { 0 };
		__u32 addr, flags;

		CHECK_EQ(m->src, expect_svcs[i].addr);
		CHECK_EQ(m->dst, RPMSG_NS_ADDR);
		CHECK_EQ(m->len, 40);
		CHECK_EQ(m->used_len, 56);
		memcpy(name, m->data, 32);
		memcpy(&addr, m->data + 32, 4);
		memcpy(&flags, m->data + 36, 4);
		CHECK(!strcmp(name, expect_svcs[i].name));
		CHECK_EQ(m->data[31], 0);
		/* NUL-padded: nothing after the terminator */
		CHECK(!memcmp(m->data + strlen(expect_svcs[i].name),
			      "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
			      32 - strlen(expect_svcs[i].name)));
		CHECK_EQ(addr, expect_svcs[i].addr);
		CHECK_EQ(flags, RPMSG_NS_CREATE);
	}
	/* announced once only */
	host_run();
	CHECK_EQ(host_drain_rx(), 0);
}

static void test_ns_not_negotiated(void)
{
	__u8 msg[3] = "abc";

	host_start(0);
	host_run();
	check_ready();
	CHECK_EQ(host_drain_rx(), 0);
	CHECK_EQ(H.ctl.rpmsg_tx, 0);
	host_send(HOST_EPT + 1, SVC_DEMO, msg, 3);
	host_run();
	CHECK_EQ(host_drain_rx(), 1);
	if (H.n_log == 1)
		check_echo(&H.log[0], SVC_DEMO, HOST_EPT + 1, msg, 3);
}

static unsigned int trickle_left;

static void trickle_rx(void)
{
	host_drain_rx();
	if (trickle_left) {
		trickle_left--;
		host_post_rx(1);
	}
}

/* DRIVER_OK before any RX buffer: the announcements wait for buffers. */
static void test_ns_waits_for_buffers(void)
{
	H.repost = 0;
	H.on_wait = trickle_rx;
	trickle_left = 10;
	H.rsc.gfeatures = 1;
	host_set_status(15);
	host_run();
	host_drain_rx();
	check_ready();
	CHECK_EQ(H.n_log, N_SVCS);
	CHECK(H.waits >= N_SVCS);
	CHECK_EQ(H.ctl.rpmsg_dropped, 0);
}

/* ---- echo services ---- */

static void echo_sizes(__u32 svc, unsigned int from, unsigned int to, int bench)
{
	static __u8 buf[H_BUF];
	unsigned int len, first, i;
	__u32 src = HOST_EPT + 7;

	for (first = from; first <= to; first += 40) {
		host_log_clear();
		for (len = first; len <= to && len < first + 40; len++) {
			fill_pattern(buf, len, len + svc);
			if (bench)
				buf[0] = BENCH_ECHO;
			CHECK(!host_send(src, svc, buf, len));
		}
		host_run();
		host_drain_rx();
		CHECK_EQ(H.n_log, len - first);
		for (i = 0; i < H.n_log; i++) {
			fill_pattern(buf, first + i, first + i + svc);
			if (bench)
				buf[0] = BENCH_ECHO;
			check_echo(&H.log[i], svc, src, buf, first + i);
		}
		host_reclaim_tx();
	}
}

static void test_echo_all_sizes(void)
{
	__u32 rx0;

	start_and_drain();
	rx0 = H.ctl.rpmsg_rx;
	echo_sizes(SVC_SAMPLE, 0, RPMSG_MAX_PAYLOAD, 0);
	echo_sizes(SVC_RAW, 0, RPMSG_MAX_PAYLOAD, 0);
	echo_sizes(SVC_DEMO, 0, RPMSG_MAX_PAYLOAD, 0);
	echo_sizes(SVC_BENCH, 1, RPMSG_MAX_PAYLOAD, 1);
	check_ready();
	CHECK_EQ(H.ctl.rpmsg_rx - rx0, 4 * 497 - 1);
	CHECK_EQ(H.ctl.rpmsg_tx, N_SVCS + 4 * 497 - 1);
	CHECK_EQ(H.ctl.rpmsg_dropped, 0);
	CHECK_EQ(H.ctl.vring_errors, 0);
	CHECK_EQ(H.n_tx_free, H_NUM);
}

/* The kernel's samples/rpmsg/rpmsg_client_sample.c: 100 x "hello world!", each echoed. */
static void test_client_sample(void)
{
	static const char hello[] = "hello world!";
	unsigned int i;

	start_and_drain();
	for (i = 0; i < 100; i++) {
		host_log_clear();
		CHECK(!host_send(0x401, SVC_SAMPLE, hello, strlen(hello)));
		host_run();
		CHECK_EQ(host_drain_rx(), 1);
		if (H.n_log == 1)
			check_echo(&H.log[0], SVC_SAMPLE, 0x401, (const __u8 *)hello, strlen(hello));
	}
	CHECK_EQ(H.ctl.rpmsg_rx, 100);
}

/* A full ring of requests at once, more replies than RX buffers without the host's help. */
static void test_full_ring_burst(void)
{
	__u8 buf[64];
	unsigned int i;

	H.repost = 0;			/* keep the 4 NS buffers: 252 RX buffers for 256 replies */
	start_and_drain();
	for (i = 0; i < H_NUM; i++) {
		fill_pattern(buf, sizeof(buf), i);
		CHECK(!host_send(HOST_EPT, SVC_RAW, buf, sizeof(buf)));
	}
	CHECK_EQ(H.n_tx_free, 0);
	H.repost = 1;
	host_run();
	host_drain_rx();
	CHECK_EQ(H.n_log, H_NUM);
	for (i = 0; i < H.n_log; i++) {
		fill_pattern(buf, sizeof(buf), i);
		check_echo(&H.log[i], SVC_RAW, HOST_EPT, buf, sizeof(buf));
	}
	host_reclaim_tx();
	CHECK_EQ(H.n_tx_free, H_NUM);
	CHECK(H.waits >= 1);
	CHECK_EQ(H.ctl.rpmsg_dropped, 0);
}

/* ---- amp-bench ---- */

static void bench_cmd(const __u8 *cmd, unsigned int len)
{
	host_log_clear();
	CHECK(!host_send(HOST_EPT + 2, SVC_BENCH, cmd, len));
	host_run();
	host_drain_rx();
}

static void stream_check(__u32 count, __u32 size)
{
	__u8 cmd[7] = { 'T' };
	unsigned int k, i;
	__u32 seq, n;

	memcpy(cmd + 1, &count, 4);
	memcpy(cmd + 5, &size, 2);
	bench_cmd(cmd, sizeof(cmd));
	CHECK_EQ(H.n_log, count + 1);
	for (k = 0; k < H.n_log && k < count; k++) {
		const struct hmsg *m = &H.log[k];
		int ok = m->len == size && m->src == SVC_BENCH && m->dst == HOST_EPT + 2;

		memcpy(&seq, m->data, 4);
		ok = ok && seq == k;
		for (i = 4; ok && i < size; i++)
			ok = m->data[i] == (__u8)(k + i);
		if (!ok) {
			CHECK(!"stream message as specified");
			fprintf(stderr, "  message %u: len %u seq %u\n", k, m->len, seq);
			break;
		}
	}
	if (H.n_log == count + 1) {
		const struct hmsg *d = &H.log[count];

		CHECK_EQ(d->len, 5);
		CHECK_EQ(d->data[0], 'D');
		memcpy(&n, d->data + 1, 4);
		CHECK_EQ(n, count);
	}
}

static void test_bench_stream(void)
{
	start_and_drain();
	stream_check(1000, RPMSG_MAX_PAYLOAD);
	CHECK(H.waits >= 3);		/* 1000 > 256: it had to wait for buffers */
	CHECK(H.kicks >= 1000 / RPMSG_KICK_BATCH);
	CHECK(H.polls >= 1000);		/* doorbells looked at during the stream */
	stream_check(300, 4);
	stream_check(17, 100);
	stream_check(0, 50);
	check_ready();
	CHECK_EQ(H.ctl.rpmsg_dropped, 0);
}

static void test_bench_counters(void)
{
	__u8 s[10] = "S123456789", e[5] = "Ehey!", c = 'C', r = 'R';
	__u8 t[7] = { 'T', 10, 0, 0, 0, 8, 0 };
	__u32 v[5];

	start_and_drain();
	bench_cmd(s, sizeof(s));
	bench_cmd(&r, 1);
	CHECK_EQ(H.n_log, 1);
	if (H.n_log == 1) {
		CHECK_EQ(H.log[0].len, 1);
		CHECK_EQ(H.log[0].data[0], 'R');
	}
	bench_cmd(s, sizeof(s));
	CHECK_EQ(H.n_log, 0);	/* sink: no reply */
	bench_cmd(s, sizeof(s));
	bench_cmd(s, sizeof(s));
	bench_cmd(e, sizeof(e));
	CHECK_EQ(H.n_log, 1);
	if (H.n_log == 1)
		check_echo(&H.log[0], SVC_BENCH, HOST_EPT + 2, e, sizeof(e));
	bench_cmd(t, sizeof(t));
	CHECK_EQ(H.n_log, 11);
	bench_cmd(&c, 1);
	CHECK_EQ(H.n_log, 1);
	if (H.n_log != 1)
		return;
	CHECK_EQ(H.log[0].len, BENCH_COUNTERS_LEN);
	CHECK_EQ(H.log[0].data[0], 'C');
	memcpy(v, H.log[0].data + 1, sizeof(v));
	CHECK_EQ(v[0], 6);			/* S S S E T C */
	CHECK_EQ(v[1], 3 * 10 + 5 + 7 + 1);
	CHECK_EQ(v[2], 3);
	CHECK_EQ(v[3], 10);
	CHECK_EQ(v[4], 0);
}

/* Polls take a millisecond of the firmware's time; a reset at poll 30, if asked. */
static int pause_reset_at;

static int pause_poll(void)
{
	H.now_ms++;
	if (pause_reset_at && H.polls == (unsigned int)pause_reset_at)
		host_set_status(0);
	return pause_reset_at && H.polls == (unsigned int)pause_reset_at;
}

static void test_bench_pause(void)
{
	__u8 p[5] = { 'P', 50, 0, 0, 0 }, forever[5] = { 'P', 0xff, 0xff, 0xff, 0xff };
	__u8 e[3] = "Eok", p_short[4] = { 'P', 1, 0, 0 };
	unsigned int polls;

	start_and_drain();
	H.on_poll = pause_poll;
	pause_reset_at = 0;
	/* the echo queued behind the pause is served after it, and after its reply */
	host_log_clear();
	polls = H.polls;
	CHECK(!host_send(HOST_EPT + 2, SVC_BENCH, p, sizeof(p)));
	CHECK(!host_send(HOST_EPT + 2, SVC_BENCH, e, sizeof(e)));
	host_run();
	host_drain_rx();
	CHECK(H.polls - polls >= 50);
	CHECK_EQ(H.n_log, 2);
	if (H.n_log == 2) {
		CHECK(H.log[0].len == 1 && H.log[0].data[0] == 'P');
		check_echo(&H.log[1], SVC_BENCH, HOST_EPT + 2, e, sizeof(e));
	}
	/* bounded: "forever" is BENCH_PAUSE_MAX_MS */
	polls = H.polls;
	bench_cmd(forever, sizeof(forever));
	CHECK(H.polls - polls >= BENCH_PAUSE_MAX_MS);
	CHECK(H.polls - polls < BENCH_PAUSE_MAX_MS + 100);
	CHECK(H.n_log == 1 && H.log[0].data[0] == 'P');
	bench_cmd(p_short, sizeof(p_short));
	CHECK(H.n_log == 1 && !memcmp(H.log[0].data, "NP", 2));
	/* a reset ends the pause at once, with no reply */
	pause_reset_at = H.polls + 30;
	bench_cmd(forever, sizeof(forever));
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_WAITING);
	CHECK_EQ(H.n_log, 0);
	CHECK(H.polls < (unsigned int)pause_reset_at + 100);
	pause_reset_at = 0;
}

static void test_bench_invalid(void)
{
	__u8 x = 'X';
	__u8 t_short[5] = { 'T', 1, 0, 0, 0 };
	__u8 t_small[7] = { 'T', 1, 0, 0, 0, 3, 0 };
	__u8 t_big[7] = { 'T', 1, 0, 0, 0, 0xf1, 0x01 };	/* 497 */

	start_and_drain();
	bench_cmd(&x, 0);
	CHECK_EQ(H.n_log, 1);
	if (H.n_log == 1) {
		CHECK_EQ(H.log[0].len, 1);
		CHECK_EQ(H.log[0].data[0], 'N');
	}
	bench_cmd(&x, 1);
	CHECK_EQ(H.n_log, 1);
	if (H.n_log == 1) {
		CHECK_EQ(H.log[0].len, 2);
		CHECK(!memcmp(H.log[0].data, "NX", 2));
	}
	bench_cmd(t_short, sizeof(t_short));
	CHECK(H.n_log == 1 && !memcmp(H.log[0].data, "NT", 2));
	bench_cmd(t_small, sizeof(t_small));
	CHECK(H.n_log == 1 && !memcmp(H.log[0].data, "NT", 2));
	bench_cmd(t_big, sizeof(t_big));
	CHECK(H.n_log == 1 && !memcmp(H.log[0].data, "NT", 2));
	check_ready();
}

/* ---- odd but legal traffic ---- */

static void test_no_endpoint(void)
{
	__u8 msg[20] = "lost";
	struct vq_used_elem e;

	start_and_drain();
	CHECK(!host_send(HOST_EPT, 0x9999, msg, sizeof(msg)));
	host_run();
	CHECK_EQ(host_drain_rx(), 0);
	CHECK_EQ(H.ctl.rpmsg_no_endpoint, 1);
	CHECK_EQ(H.ctl.rpmsg_rx, 1);
	CHECK_EQ(H.used[1]->idx, 1);		/* the buffer came back */
	e = H.used[1]->ring[0];
	CHECK_EQ(e.id, 0);			/* host_send's first descriptor */
	CHECK_EQ(e.len, 0);
	CHECK_EQ(trace_count("no endpoint"), 1);
	CHECK(!host_send(HOST_EPT, 0, msg, sizeof(msg)));
	CHECK(!host_send(HOST_EPT, 0xffffffff, msg, sizeof(msg)));
	/* the host's own announcements are taken and ignored */
	CHECK(!host_send(HOST_EPT, RPMSG_NS_ADDR, msg, sizeof(msg)));
	host_run();
	CHECK_EQ(host_drain_rx(), 0);
	CHECK_EQ(H.ctl.rpmsg_no_endpoint, 3);
	CHECK_EQ(trace_count("no endpoint"), 1);
	CHECK(!host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg)));
	host_run();
	CHECK_EQ(host_drain_rx(), 1);
	check_ready();
}

static void test_boundaries(void)
{
	__u8 *b;
	__u16 len;
	__u32 src = HOST_EPT, dst = SVC_RAW;

	start_and_drain();
	/* a TX buffer in the pool's last 512 bytes, hdr.len exactly desc len - 16 */
	b = H.pool + H_POOL_SIZE - H_BUF;
	len = H_BUF - 16;
	memcpy(b, &src, 4);
	memcpy(b + 4, &dst, 4);
	memcpy(b + 12, &len, 2);
	fill_pattern(b + 16, len, 9);
	host_post_raw(1, 5, H_POOL_DA + H_POOL_SIZE - H_BUF, H_BUF, 0);
	/* a 16-byte TX buffer with an empty message */
	b = H.pool + H_POOL_SIZE - 2 * H_BUF;
	len = 0;
	memcpy(b, &src, 4);
	memcpy(b + 4, &dst, 4);
	memcpy(b + 12, &len, 2);
	host_post_raw(1, 6, H_POOL_DA + H_POOL_SIZE - 2 * H_BUF, 16, 0);
	host_run();
	host_drain_rx();
	check_ready();
	CHECK_EQ(H.n_log, 2);
	if (H.n_log == 2) {
		check_echo(&H.log[0], SVC_RAW, HOST_EPT, H.pool + H_POOL_SIZE - H_BUF + 16,
			   H_BUF - 16);
		CHECK_EQ(H.log[1].len, 0);
	}
	/* an RX buffer at the very end of the pool */
	host_log_clear();
	H.repost = 0;
	host_run();
	while (host_drain_rx())
		;
	H.used[0]->idx = H.last_used[0];
	/* use all buffers the firmware holds: post exactly one at the pool's end */
	{
		unsigned int pend = (__u16)(H.avail[0]->idx - H.v.rxq.last_avail);
		__u8 msg[100];

		CHECK(pend > 0);
		/* replace the posted ones by pointing them all at the last buffer */
		while (pend--) {
			__u16 id = H.avail[0]->ring[(__u16)(H.v.rxq.last_avail + pend) % H_NUM];

			H.desc[0][id].addr = H_POOL_DA + H_POOL_SIZE - H_BUF;
		}
		fill_pattern(msg, sizeof(msg), 3);
		host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
		host_run();
		CHECK_EQ(H.used[0]->idx, H.last_used[0] + 1);
		CHECK(!memcmp(H.pool + H_POOL_SIZE - H_BUF + 16, msg, sizeof(msg)));
	}
	check_ready();
}

/* Buffers at any byte alignment are legal: the firmware must not fault on them (bytewise). */
static void test_unaligned_buffers(void)
{
	unsigned int rx_mis, tx_mis;

	H.repost = 0;
	start_and_drain();
	for (rx_mis = 0; rx_mis < 8; rx_mis++) {
		for (tx_mis = 0; tx_mis < 8; tx_mis++) {
			__u64 rx_off = 0x80000 + (rx_mis * 8 + tx_mis) * 1024 + rx_mis;
			__u64 tx_off = 0xc0000 + (rx_mis * 8 + tx_mis) * 1024 + tx_mis;
			__u16 len = 100 + rx_mis * 8 + tx_mis, id, hl;
			__u32 src = HOST_EPT + 9, dst = SVC_DEMO, v;
			__u8 *rx = H.pool + rx_off, *tx = H.pool + tx_off;

			/* retarget the next RX buffer the firmware will take */
			id = H.avail[0]->ring[H.v.rxq.last_avail % H_NUM];
			H.desc[0][id].addr = H_POOL_DA + rx_off;
			memcpy(tx, &src, 4);
			memcpy(tx + 4, &dst, 4);
			memcpy(tx + 12, &len, 2);
			fill_pattern(tx + 16, len, len);
			host_post_raw(1, id, H_POOL_DA + tx_off, 16 + len, 0);
			host_run();
			check_ready();
			CHECK_EQ(H.used[0]->idx, (__u16)(H.last_used[0] + 1));
			CHECK_EQ(H.used[0]->ring[H.last_used[0] % H_NUM].len, 16 + len);
			H.last_used[0]++;
			memcpy(&v, rx, 4);
			CHECK_EQ(v, SVC_DEMO);
			memcpy(&v, rx + 4, 4);
			CHECK_EQ(v, HOST_EPT + 9);
			memcpy(&hl, rx + 12, 2);
			CHECK_EQ(hl, len);
			CHECK(!memcmp(rx + 16, tx + 16, len));
		}
	}
}

/* An avail index exactly num ahead is legal: a full ring. */
static void test_avail_full_ring_legal(void)
{
	H.repost = 0;
	start_and_drain();
	/* the firmware took 4 RX buffers for NS; give them back: exactly 256 pending */
	host_post_rx(4);
	CHECK_EQ((__u16)(H.avail[0]->idx - H.v.rxq.last_avail), H_NUM);
	CHECK(!host_send(HOST_EPT, SVC_RAW, "x", 1));
	host_run();
	check_ready();
	CHECK_EQ(host_drain_rx(), 1);
}

static void test_no_interrupt_honoured(void)
{
	__u8 s = 'S';

	start_and_drain();
	H.avail[0]->flags = VQ_AVAIL_F_NO_INTERRUPT;
	H.avail[1]->flags = VQ_AVAIL_F_NO_INTERRUPT;	/* as virtio_rpmsg_bus keeps it */
	H.kicks = 0;
	host_send(HOST_EPT, SVC_BENCH, &s, 1);
	host_run();
	CHECK_EQ(H.kicks, 0);
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	host_run();
	CHECK_EQ(H.kicks, 0);			/* RX interrupts off too */
	H.avail[0]->flags = 0;
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	host_run();
	CHECK_EQ(H.kicks, 1);
	H.avail[1]->flags = 0;
	host_send(HOST_EPT, SVC_BENCH, &s, 1);
	host_run();
	CHECK_EQ(H.kicks, 2);			/* TX buffer returned, host wants to know */
	check_ready();
}

/*
 * A host reader busy-polls (NO_INTERRUPT on its RX ring): we poll its TX ring for
 * RPMSG_BUSY_POLL_US after the last message, kicks off, relaxing between looks; then, or
 * as soon as the host stops polling, we ask for kicks again and wait. Without the flag we
 * never poll.
 *
 * While the firmware spins: after a few looks, the host sends, or stops polling.
 */
static unsigned int relax_countdown;
static int relax_sends;

static void act_on_relax(void)
{
	__u8 s = 'S';

	if (!relax_countdown || --relax_countdown)
		return;
	if (relax_sends)
		host_send(HOST_EPT, SVC_RAW, &s, 1);
	else
		H.avail[0]->flags = 0;
}

static void test_busy_poll_window(void)
{
	unsigned int relaxes;
	__u8 s = 'S';

	start_and_drain();
	H.avail[0]->flags = VQ_AVAIL_F_NO_INTERRUPT;
	H.kicks = 0;
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	/* served, then spinning out the window, kicks off meanwhile, then asking for them */
	relaxes = H.relaxes;
	CHECK_EQ(rpmsg_poll(&H.v), 0);
	CHECK_EQ(H.kicks, 0);
	/* the window, 10 us per relax in the fake clock, give or take the last look */
	CHECK(H.relaxes - relaxes >= RPMSG_BUSY_POLL_US / 10 - 1);
	CHECK(H.relaxes - relaxes <= RPMSG_BUSY_POLL_US / 10 + 1);
	CHECK_EQ(H.used[1]->flags, 0);
	CHECK_EQ(host_drain_rx(), 1);
	/* a message inside the window: back to the main loop (1), kicks still off; served */
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	H.on_relax = act_on_relax;
	relax_countdown = 3;
	relax_sends = 1;
	CHECK_EQ(rpmsg_poll(&H.v), 1);
	CHECK_EQ(H.used[1]->flags, VQ_USED_F_NO_NOTIFY);
	CHECK_EQ(host_drain_rx(), 1);
	CHECK_EQ(rpmsg_poll(&H.v), 0);
	CHECK_EQ(host_drain_rx(), 1);
	CHECK_EQ(H.kicks, 0);
	/* the host stops polling: we stop at once */
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	relax_countdown = 2;
	relax_sends = 0;
	relaxes = H.relaxes;
	CHECK_EQ(rpmsg_poll(&H.v), 0);
	CHECK_EQ(H.relaxes - relaxes, 2);
	CHECK_EQ(H.used[1]->flags, 0);
	CHECK_EQ(host_drain_rx(), 1);
	/* and without the flag we never poll */
	H.on_relax = NULL;
	relaxes = H.relaxes;
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	host_run();
	CHECK_EQ(H.relaxes, relaxes);
	CHECK_EQ(host_drain_rx(), 1);
	check_ready();
}

/* ---- kick suppression: VRING_USED_F_NO_NOTIFY on the host's TX ring while serving ---- */

static unsigned int late_sends;

/* The host adds a message while the firmware still serves (its flag still says no kicks). */
static void send_while_serving(void)
{
	__u8 s = 'L';

	if (late_sends++)
		return;
	CHECK_EQ(H.used[1]->flags, VQ_USED_F_NO_NOTIFY);
	host_send(HOST_EPT, SVC_RAW, &s, 1);
}

static void test_kicks_suppressed_while_serving(void)
{
	__u8 s = 'S';

	start_and_drain();
	CHECK_EQ(H.used[1]->flags, 0);			/* idle: kicks wanted */
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	/* one poll serves it, rings the host, finds nothing more, wants kicks again */
	CHECK_EQ(rpmsg_poll(&H.v), 0);
	CHECK_EQ(H.used[1]->flags, 0);
	CHECK_EQ(host_drain_rx(), 1);
	/* a message added after the last look but before the flag is clear is not left */
	late_sends = 0;
	H.on_kick = send_while_serving;
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	CHECK_EQ(rpmsg_poll(&H.v), 1);			/* it saw the late one: serve again */
	host_run();
	H.on_kick = NULL;
	CHECK_EQ(late_sends, 2);			/* a second ring for the late one's echo */
	CHECK_EQ(H.used[1]->flags, 0);
	CHECK_EQ(host_drain_rx(), 2);
	check_ready();
}

/* ---- VIRTIO_RING_F_EVENT_IDX: kicks and doorbells by event index ---- */

static void start_event_idx(void)
{
	host_post_rx(H_NUM);
	H.rsc.gfeatures = 1u << VIRTIO_RPMSG_F_NS | 1u << VQ_F_EVENT_IDX;
	host_set_status(15);
	host_run();
	host_drain_rx();
	host_log_clear();
	check_ready();
	CHECK_EQ(H.v.txq.event_idx, 1);
	CHECK_EQ(H.v.rxq.event_idx, 1);
}

/* The kernel's vring_need_event(), around the 16-bit wrap. */
static void test_event_idx_arith(void)
{
	static const struct {
		__u16 event, new_idx, old;
		int want;
	} rows[] = {
		{ 0, 1, 0, 1 },			/* the entry asked for */
		{ 0xffff, 0, 0xffff, 1 },	/* entry 0xffff: the index wraps to 0 */
		{ 0, 2, 0xffff, 1 },		/* a batch across the wrap */
		{ 1, 1, 0xfffe, 0 },		/* [0xfffe, 1) misses 1 */
		{ 0xfffd, 1, 0xfffe, 0 },	/* behind the batch */
		{ 0x8000, 0x8000, 0x7fff, 0 },	/* not published yet */
		{ 5, 5, 5, 0 },			/* nothing new */
		{ 0x7fff, 0xffff, 0x7fff, 1 },	/* half the index space in one batch */
		{ 0x7ffe, 0xffff, 0x7fff, 0 },	/* ... and just before it */
	};
	unsigned int i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_EQ(vq_need_event(rows[i].event, rows[i].new_idx, rows[i].old), rows[i].want);
}

/* The host adds a message while the firmware serves: avail_event says no kick for it. */
static void ev_send_while_serving(void)
{
	__u8 s = 'L';
	__u16 old = H.avail_idx[1];

	if (late_sends++)
		return;
	CHECK_EQ(H.used[1]->flags, 0);		/* the flags are not used */
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	CHECK_EQ(vq_need_event(*vq_avail_event(&H.v.txq), H.avail_idx[1], old), 0);
}

static void test_event_idx_kicks(void)
{
	__u8 s = 'S';
	__u16 old;

	start_event_idx();
	/* idle: a kick wanted for the next entry */
	CHECK_EQ(*vq_avail_event(&H.v.txq), H.avail_idx[1]);
	old = H.avail_idx[1];
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	CHECK_EQ(vq_need_event(*vq_avail_event(&H.v.txq), H.avail_idx[1], old), 1);
	/* a message added while it serves needs no kick, and is not left behind */
	late_sends = 0;
	H.on_kick = ev_send_while_serving;
	CHECK_EQ(rpmsg_poll(&H.v), 1);
	host_run();
	H.on_kick = NULL;
	CHECK_EQ(host_drain_rx(), 2);
	CHECK_EQ(*vq_avail_event(&H.v.txq), H.avail_idx[1]);	/* asks again */
	CHECK_EQ(H.used[1]->flags, 0);
	/* the host's RX ring: no kick wanted for new buffers until the firmware waits */
	old = H.avail_idx[0];
	host_post_rx(1);
	CHECK_EQ(vq_need_event(*vq_avail_event(&H.v.rxq), H.avail_idx[0], old), 0);
	check_ready();
}

/*
 * Doorbells: one per batch while the host's used_event asks for the first entry it has not
 * collected, none while it has not collected, across more entries than the index counts.
 */
static void test_event_idx_doorbells(void)
{
	unsigned int i, kicks;
	__u8 s = 'D';
	__u16 u0;

	start_event_idx();
	u0 = H.v.rxq.used_idx;
	H.repost = 1;
	/* the host wants no doorbell for TX buffers (it collects them with the RX ones) */
	*vq_used_event(&H.v.txq) = H.last_used[1] - 0x8000;
	*vq_used_event(&H.v.rxq) = H.last_used[0];
	kicks = H.kicks;
	for (i = 0; i < 3; i++)
		host_send(HOST_EPT, SVC_RAW, &s, 1);
	host_run();
	CHECK_EQ(H.kicks - kicks, 1);
	/* not collected yet: the next echoes ring not */
	host_send(HOST_EPT, SVC_RAW, &s, 1);
	host_run();
	CHECK_EQ(H.kicks - kicks, 1);
	CHECK_EQ(host_drain_rx(), 4);
	for (i = 0; i < 70000; i++) {
		*vq_used_event(&H.v.rxq) = H.last_used[0];
		*vq_used_event(&H.v.txq) = H.last_used[1] - 0x8000;
		kicks = H.kicks;
		host_send(HOST_EPT, SVC_RAW, &s, 1);
		host_run();
		if (H.kicks - kicks != 1 || host_drain_rx() != 1) {
			CHECK_EQ(H.kicks - kicks, 1);
			break;
		}
		host_log_clear();
	}
	CHECK_EQ(H.v.rxq.used_idx, (__u16)(u0 + 4 + 70000));
	check_ready();
}

/*
 * A host that busy-polled gets no doorbell for its TX buffers meanwhile, and its used_event
 * on the TX ring is not spent on them: the first TX buffer back after it stops rings.
 */
static void test_event_idx_tx_after_polling(void)
{
	unsigned int kicks;
	__u8 s = 'T';

	start_event_idx();
	*vq_used_event(&H.v.txq) = H.last_used[1];	/* a TX doorbell wanted */
	H.avail[0]->flags = VQ_AVAIL_F_NO_INTERRUPT;
	*vq_used_event(&H.v.rxq) = H.last_used[0] - 0x8000;
	kicks = H.kicks;
	host_send(HOST_EPT, SVC_BENCH, &s, 1);	/* to the sink: only a TX buffer comes back */
	CHECK_EQ(rpmsg_poll(&H.v), 0);
	CHECK_EQ(H.kicks, kicks);
	CHECK_EQ(H.used[1]->idx, (__u16)(H.last_used[1] + 1));
	/* it stops polling, without having collected its TX ring */
	H.avail[0]->flags = 0;
	*vq_used_event(&H.v.rxq) = H.last_used[0];
	host_send(HOST_EPT, SVC_BENCH, &s, 1);
	CHECK_EQ(rpmsg_poll(&H.v), 0);
	CHECK_EQ(H.kicks - kicks, 1);
	host_reclaim_tx();
	check_ready();
}

/* A ring set up anew starts with kicks wanted, whatever its memory held. */
static void test_kicks_wanted_after_reinit(void)
{
	start_and_drain();
	H.used[1]->flags = VQ_USED_F_NO_NOTIFY;
	host_set_status(0);
	host_run();
	host_reinit_rings();
	start_and_drain();
	CHECK_EQ(H.used[1]->flags, 0);
	check_ready();
}

/* ---- the host does not give RX buffers back ---- */

static void ring_with_nothing(void)
{
}

/* While we wait for an RX buffer, the host's kick is wanted: record the flag, post one. */
static __u16 rx_flags_seen;

static void post_one_on_wait(void)
{
	rx_flags_seen = H.used[0]->flags;
	host_post_rx(1);
}

static void rx_hostile_setup(void);

/* Kicks for new RX buffers: not wanted, but while we wait for one. */
static void test_rx_kicks_only_when_waiting(void)
{
	__u8 msg[4] = "abc";

	rx_hostile_setup();			/* just enough RX buffers for the announcements */
	CHECK_EQ(H.used[0]->flags, VQ_USED_F_NO_NOTIFY);
	H.on_wait = post_one_on_wait;
	rx_flags_seen = 0xffff;
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(rx_flags_seen, 0);
	CHECK_EQ(H.used[0]->flags, VQ_USED_F_NO_NOTIFY);
	CHECK_EQ(host_drain_rx(), 1);
	check_ready();
}

static void test_rx_wait_timeout(void)
{
	__u8 msg[10] = "drop me";
	unsigned int waits;

	host_post_rx(N_SVCS);			/* just enough for the announcements */
	H.rsc.gfeatures = 1;
	host_set_status(15);
	H.repost = 0;
	H.on_wait = ring_with_nothing;
	host_run();
	host_drain_rx();
	CHECK_EQ(H.n_log, N_SVCS);
	host_log_clear();
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(H.ctl.rpmsg_dropped, 1);
	CHECK(H.waits >= RPMSG_WAIT_RINGS);
	CHECK(H.now_ms >= RPMSG_WAIT_MS);
	CHECK_EQ(trace_count("no RX buffer"), 1);
	CHECK_EQ(H.used[1]->idx, 1);		/* the request's buffer still came back */
	check_ready();
	/* starved: the next one is dropped without waiting again */
	waits = H.waits;
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(H.ctl.rpmsg_dropped, 2);
	CHECK_EQ(H.waits, waits);
	/* buffers again: back to normal */
	host_post_rx(8);
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(host_drain_rx(), 1);
	CHECK_EQ(H.ctl.rpmsg_dropped, 2);
	CHECK_EQ(trace_count("no RX buffer"), 1);
	/* and waiting works again, a timeout is logged again */
	host_post_rx(0);
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	for (waits = 0; waits < 7; waits++)
		host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(host_drain_rx(), 7);
	CHECK_EQ(H.ctl.rpmsg_dropped, 3);
	CHECK_EQ(trace_count("no RX buffer"), 2);
	check_ready();
}

/* Only a host that keeps ringing for long is given up on; quick rings are fine. */
static void test_rx_wait_needs_rings_and_time(void)
{
	host_post_rx(N_SVCS);
	H.rsc.gfeatures = 1;
	host_set_status(15);
	H.repost = 0;
	H.on_wait = ring_with_nothing;
	host_run();
	host_drain_rx();
	H.wait_ms = 60000;			/* slow rings: the ring count decides */
	host_send(HOST_EPT, SVC_RAW, "a", 1);
	host_run();
	CHECK_EQ(H.waits, RPMSG_WAIT_RINGS);
	CHECK_EQ(H.ctl.rpmsg_dropped, 1);
	host_post_rx(1);
	host_send(HOST_EPT, SVC_RAW, "a", 1);
	host_run();				/* un-starves */
	H.wait_ms = 1;				/* fast rings: time decides */
	H.waits = 0;
	H.now_ms = 0;
	host_send(HOST_EPT, SVC_RAW, "a", 1);
	host_run();
	CHECK_EQ(H.waits, RPMSG_WAIT_MS);
	CHECK_EQ(H.ctl.rpmsg_dropped, 2);
}

static void reset_on_wait(void)
{
	host_set_status(0);
}

static void test_reset_while_waiting(void)
{
	host_post_rx(N_SVCS);
	H.rsc.gfeatures = 1;
	host_set_status(15);
	H.repost = 0;
	host_run();
	host_drain_rx();
	H.on_wait = reset_on_wait;
	host_send(HOST_EPT, SVC_RAW, "a", 1);
	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_WAITING);
	CHECK_EQ(H.used[1]->idx, 0);		/* the vrings were left alone */
	CHECK_EQ(H.ctl.rpmsg_dropped, 0);
	/* the host brings it up again */
	H.on_wait = NULL;
	H.repost = 1;
	host_reinit_rings();
	host_log_clear();
	host_start(1);
	host_run();
	check_ready();
	CHECK_EQ(host_drain_rx(), N_SVCS);
	host_send(HOST_EPT, SVC_RAW, "b", 1);
	host_run();
	CHECK_EQ(host_drain_rx(), 1);
}

static int reset_after_polls(void)
{
	if (H.polls == 20)
		host_set_status(0);
	return H.polls == 20;
}

static void test_reset_during_stream(void)
{
	__u8 t[7] = { 'T', 0xe8, 0x03, 0, 0, 16, 0 };

	start_and_drain();
	H.on_poll = reset_after_polls;
	host_send(HOST_EPT, SVC_BENCH, t, sizeof(t));
	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_WAITING);
	host_drain_rx();
	CHECK(H.n_log < 1000);
	CHECK_EQ(H.used[1]->idx, 0);
}

/* ---- hostile host ---- */

struct hostile {
	struct snapshot snap;
	__u32 tx;
	__u32 rx;
};

static void hostile_begin(struct hostile *h)
{
	snap_take(&h->snap);
	h->tx = H.ctl.rpmsg_tx;
	h->rx = H.ctl.rpmsg_rx;
}

/* The violation was caught, reported once, and nothing shared was written. */
static void hostile_end(struct hostile *h, unsigned int queue, __u32 code, __u64 value)
{
	long diff;
	__u8 msg[4] = "abc";

	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_BROKEN);
	CHECK_EQ(H.ctl.rpmsg_state, AMP_FW_RPMSG_BROKEN);
	CHECK_EQ(H.ctl.vring_errors, 1);
	CHECK_EQ(H.ctl.vring_error, code | queue << 8);
	CHECK_EQ(H.ctl.vring_error_lo, (__u32)value);
	CHECK_EQ(H.ctl.vring_error_hi, (__u32)(value >> 32));
	CHECK_EQ(trace_count("vdev broken"), 1);
	CHECK_EQ(H.ctl.rpmsg_tx, h->tx);
	diff = snap_diff(&h->snap);
	if (diff >= 0)
		fprintf(stderr, "  shared memory changed at offset 0x%lx\n", diff);
	CHECK_EQ(diff, -1);
	/* stays broken: more (valid) traffic is not touched, nothing more is logged */
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_post_rx(1);
	snap_free(&h->snap);
	snap_take(&h->snap);
	host_run();
	host_run();
	CHECK_EQ(snap_diff(&h->snap), -1);
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_BROKEN);
	CHECK_EQ(H.ctl.vring_errors, 1);
	CHECK_EQ(trace_count("vdev broken"), 1);
	CHECK(H.ctl.rpmsg_rx <= h->rx + 1);
	snap_free(&h->snap);
	/* DRIVER_OK cleared but not a full reset: still broken */
	host_set_status(1);
	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_BROKEN);
	/* a full reset and a fresh start bring it back */
	host_set_status(0);
	host_run();
	CHECK_EQ(H.v.state, AMP_FW_RPMSG_WAITING);
	host_reinit_rings();
	host_log_clear();
	H.on_wait = NULL;
	host_start(1);
	host_run();
	check_ready();
	CHECK_EQ(host_drain_rx(), N_SVCS);
	host_send(HOST_EPT, SVC_RAW, msg, sizeof(msg));
	host_run();
	CHECK_EQ(host_drain_rx(), 1);
	CHECK_EQ(H.ctl.vring_errors, 1);
}

/* Write a valid-looking message into TX buffer @slot and return its device address. */
static __u64 tx_message(unsigned int slot, __u32 dst, __u16 len)
{
	__u8 *b = H.pool + H_TXBUF_OFF + slot * H_BUF;
	__u32 src = HOST_EPT;

	memcpy(b, &src, 4);
	memcpy(b + 4, &dst, 4);
	memset(b + 8, 0, 4);
	memcpy(b + 12, &len, 2);
	memset(b + 14, 0, 2);
	return H_POOL_DA + H_TXBUF_OFF + slot * H_BUF;
}

static void tx_hostile(__u16 id, __u64 addr, __u32 len, __u16 flags, __u32 code, __u64 value)
{
	struct hostile h;

	start_and_drain();
	host_post_raw(1, id, addr, len, flags);
	hostile_begin(&h);
	hostile_end(&h, 1, code, value);
}

static void test_tx_avail_idx_jump(void)
{
	struct hostile h;
	__u16 idx;

	start_and_drain();
	tx_message(0, SVC_RAW, 4);
	host_post_raw(1, 0, H_POOL_DA + H_TXBUF_OFF, 20, 0);
	idx = H.avail_idx[1] + H_NUM;		/* 257 ahead of what the firmware took */
	H.avail[1]->idx = idx;
	hostile_begin(&h);
	hostile_end(&h, 1, AMP_FW_VRING_ERR_AVAIL_IDX, idx);
}

static void test_tx_avail_idx_backwards(void)
{
	struct hostile h;

	start_and_drain();
	host_send(HOST_EPT, SVC_RAW, "a", 1);
	host_run();
	host_drain_rx();
	H.avail[1]->idx = 0;			/* 0 - 1 = 65535 pending */
	hostile_begin(&h);
	hostile_end(&h, 1, AMP_FW_VRING_ERR_AVAIL_IDX, 0);
}

static void test_tx_desc_id(void)
{
	tx_hostile(H_NUM, H_POOL_DA + H_TXBUF_OFF, 20, 0, AMP_FW_VRING_ERR_DESC_ID, H_NUM);
	host_teardown();
	host_setup();
	tx_hostile(0xffff, H_POOL_DA + H_TXBUF_OFF, 20, 0, AMP_FW_VRING_ERR_DESC_ID, 0xffff);
}

static void test_tx_desc_addr(void)
{
	static const __u64 addrs[] = {
		H_POOL_DA - H_BUF,			/* below */
		H_POOL_DA - 1,
		H_POOL_DA + H_POOL_SIZE,		/* just past the end */
		H_POOL_DA + H_POOL_SIZE - 100,		/* straddles the end */
		H_POOL_DA + H_POOL_SIZE - H_BUF + 1,
		0,
		0xfffffffffffffe00ull,			/* addr + len wraps */
		0xffffffffffffffffull,
		H_POOL_DA + (1ull << 32),		/* right low word, wrong high word */
		(__u64)H_VRING1_DA,			/* the vring itself */
	};
	unsigned int i;

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		if (i) {
			host_teardown();
			host_setup();
		}
		tx_hostile(3, addrs[i], H_BUF, 0, AMP_FW_VRING_ERR_DESC_ADDR, addrs[i]);
	}
}

static void test_tx_desc_len(void)
{
	static const __u32 lens[] = { 0, 1, 15, 513, 4096, 0x80000000u, 0xffffffffu };
	unsigned int i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if (i) {
			host_teardown();
			host_setup();
		}
		start_and_drain();
		tx_message(3, SVC_RAW, 0);
		host_teardown();
		host_setup();
		tx_hostile(3, H_POOL_DA + H_TXBUF_OFF + 3 * H_BUF, lens[i], 0,
			   AMP_FW_VRING_ERR_DESC_LEN, lens[i]);
	}
}

static void test_tx_hdr_len(void)
{
	static const struct {
		__u32 desc_len;
		__u16 hdr_len;
	} cases[] = { { 100, 85 }, { 16, 1 }, { 512, 497 }, { 512, 0xffff }, { 17, 2 } };
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hostile h;
		__u64 addr;

		if (i) {
			host_teardown();
			host_setup();
		}
		start_and_drain();
		addr = tx_message(7, SVC_RAW, cases[i].hdr_len);
		host_post_raw(1, 7, addr, cases[i].desc_len, 0);
		hostile_begin(&h);
		hostile_end(&h, 1, AMP_FW_VRING_ERR_HDR_LEN, cases[i].hdr_len);
	}
}

/*
 * VIRTIO_RPMSG_F_BUFSZ: our stated sizes bound the host's buffers only once it negotiated
 * the feature; without it, 512 as ever. Here we receive in 2048-byte buffers, send in 512.
 */
static void test_bufsz(void)
{
	unsigned int neg;

	for (neg = 0; neg < 2; neg++) {
		struct hostile h;
		__u32 rx0;

		if (neg) {
			host_teardown();
			host_setup();
		}
		H.v.cfg.rxbuf_size = 2048;
		host_post_rx(N_SVCS);
		H.rsc.gfeatures = 1u << VIRTIO_RPMSG_F_NS | neg << VIRTIO_RPMSG_F_BUFSZ;
		host_set_status(15);
		host_run();
		host_drain_rx();
		host_log_clear();
		check_ready();
		CHECK_EQ(H.v.rx_size, neg ? 2048 : RPMSG_BUF_SIZE);
		CHECK_EQ(H.v.tx_size, RPMSG_BUF_SIZE);
		CHECK_EQ(rpmsg_max_payload(&H.v), RPMSG_MAX_PAYLOAD);
		/* a 2000-byte message to the sink, in a 2048-byte buffer (slots 0-3) */
		tx_message(0, SVC_BENCH, 2000);
		H.pool[H_TXBUF_OFF + 16] = 'S';
		rx0 = H.ctl.rpmsg_rx;
		if (neg) {
			host_post_raw(1, 0, H_POOL_DA + H_TXBUF_OFF, 2048, 0);
			host_run();
			check_ready();
			CHECK_EQ(H.ctl.rpmsg_rx - rx0, 1);
			CHECK_EQ(H.ctl.vring_errors, 0);
			/* one byte more than we stated is a violation */
			host_post_raw(1, 1, H_POOL_DA + H_TXBUF_OFF + 4 * H_BUF, 2049, 0);
			hostile_begin(&h);
			hostile_end(&h, 1, AMP_FW_VRING_ERR_DESC_LEN, 2049);
		} else {
			host_post_raw(1, 0, H_POOL_DA + H_TXBUF_OFF, 2048, 0);
			hostile_begin(&h);
			hostile_end(&h, 1, AMP_FW_VRING_ERR_DESC_LEN, 2048);
		}
	}
}

static void test_tx_desc_flags(void)
{
	static const __u16 flags[] = {
		VQ_DESC_F_NEXT, VQ_DESC_F_INDIRECT, VQ_DESC_F_WRITE,
		VQ_DESC_F_NEXT | VQ_DESC_F_WRITE, 0x8000, 0x10,
	};
	unsigned int i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct hostile h;
		__u64 addr;

		if (i) {
			host_teardown();
			host_setup();
		}
		start_and_drain();
		addr = tx_message(1, SVC_RAW, 4);
		/* a two-descriptor chain: header in one, payload in the next */
		H.desc[1][2].addr = addr + 16;
		H.desc[1][2].len = 4;
		host_post_raw(1, 1, addr, 16, flags[i]);
		hostile_begin(&h);
		hostile_end(&h, 1, AMP_FW_VRING_ERR_DESC_FLAGS, flags[i]);
	}
}

/*
 * Hostile RX buffers: the host posts one bad RX descriptor after all others were used,
 * then asks for an echo. The firmware must refuse the buffer before writing anything.
 */
static void rx_hostile_setup(void)
{
	host_post_rx(N_SVCS);
	H.rsc.gfeatures = 1;
	host_set_status(15);
	H.repost = 0;
	host_run();
	host_drain_rx();
	host_log_clear();
	CHECK_EQ(H.v.rxq.last_avail, N_SVCS);
	CHECK_EQ(H.avail_idx[0], N_SVCS);
}

static void rx_hostile(__u16 id, __u64 addr, __u32 len, __u16 flags, __u32 echo_len, __u32 code,
		       __u64 value)
{
	__u8 msg[RPMSG_MAX_PAYLOAD];
	struct hostile h;

	rx_hostile_setup();
	host_post_raw(0, id, addr, len, flags);
	memset(msg, 0x5a, sizeof(msg));
	host_send(HOST_EPT, SVC_RAW, msg, echo_len);
	hostile_begin(&h);
	hostile_end(&h, 0, code, value);
}

static void test_rx_hostile(void)
{
	static const struct {
		__u16 id;
		__u64 addr;
		__u32 len;
		__u16 flags;
		__u32 echo_len;
		__u32 code;
		__u64 value;
	} cases[] = {
		{ H_NUM, H_POOL_DA, H_BUF, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_ID, H_NUM },
		{ 0xffff, H_POOL_DA, H_BUF, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_ID, 0xffff },
		{ 9, H_POOL_DA - H_BUF, H_BUF, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_ADDR,
		  H_POOL_DA - H_BUF },
		{ 9, H_POOL_DA + H_POOL_SIZE - 8, 16, VQ_DESC_F_WRITE, 0,
		  AMP_FW_VRING_ERR_DESC_ADDR, H_POOL_DA + H_POOL_SIZE - 8 },
		{ 9, 0xffffffffffffff00ull, H_BUF, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_ADDR,
		  0xffffffffffffff00ull },
		{ 9, H_VRING0_DA, H_BUF, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_ADDR,
		  H_VRING0_DA },
		{ 9, H_POOL_DA, 8, VQ_DESC_F_WRITE, 0, AMP_FW_VRING_ERR_DESC_LEN, 8 },
		{ 9, H_POOL_DA, 0, VQ_DESC_F_WRITE, 0, AMP_FW_VRING_ERR_DESC_LEN, 0 },
		{ 9, H_POOL_DA, 1024, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_LEN, 1024 },
		{ 9, H_POOL_DA, 0xffffffff, VQ_DESC_F_WRITE, 4, AMP_FW_VRING_ERR_DESC_LEN,
		  0xffffffff },
		/* room for the header but not the reply */
		{ 9, H_POOL_DA, 20, VQ_DESC_F_WRITE, 100, AMP_FW_VRING_ERR_DESC_LEN, 20 },
		{ 9, H_POOL_DA, H_BUF, VQ_DESC_F_WRITE | VQ_DESC_F_NEXT, 4,
		  AMP_FW_VRING_ERR_DESC_FLAGS, VQ_DESC_F_WRITE | VQ_DESC_F_NEXT },
		{ 9, H_POOL_DA, H_BUF, VQ_DESC_F_WRITE | VQ_DESC_F_INDIRECT, 4,
		  AMP_FW_VRING_ERR_DESC_FLAGS, VQ_DESC_F_WRITE | VQ_DESC_F_INDIRECT },
		{ 9, H_POOL_DA, H_BUF, 0, 4, AMP_FW_VRING_ERR_DESC_FLAGS, 0 },	/* read-only */
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (i) {
			host_teardown();
			host_setup();
		}
		rx_hostile(cases[i].id, cases[i].addr, cases[i].len, cases[i].flags,
			   cases[i].echo_len, cases[i].code, cases[i].value);
	}
}

static void test_rx_avail_idx_jump(void)
{
	struct hostile h;

	rx_hostile_setup();
	H.avail[0]->idx = N_SVCS + H_NUM + 1;
	host_send(HOST_EPT, SVC_RAW, "abcd", 4);
	hostile_begin(&h);
	hostile_end(&h, 0, AMP_FW_VRING_ERR_AVAIL_IDX, N_SVCS + H_NUM + 1);
}

/* The jump seen while waiting for a buffer, not at the first look. */
static void jump_on_wait(void)
{
	H.avail[0]->idx = 0x8000;
}

static void test_rx_avail_idx_jump_while_waiting(void)
{
	struct hostile h;

	rx_hostile_setup();
	host_send(HOST_EPT, SVC_RAW, "abcd", 4);
	H.on_wait = jump_on_wait;
	hostile_begin(&h);
	/* the jump itself is the host's write, not ours: compare after it */
	jump_on_wait();
	/* before it waits, the firmware asks for kicks again (its only write): as if done */
	CHECK_EQ(H.used[0]->flags, VQ_USED_F_NO_NOTIFY);
	H.used[0]->flags = 0;
	snap_free(&h.snap);
	snap_take(&h.snap);
	H.avail[0]->idx = N_SVCS;
	hostile_end(&h, 0, AMP_FW_VRING_ERR_AVAIL_IDX, 0x8000);
}

static void test_ring_config(void)
{
	static const struct {
		int vring;
		int field;	/* 0 da, 1 num, 2 align */
		__u32 value;
	} cases[] = {
		{ 0, 0, H_VRING0_DA + 0x100 }, { 1, 0, 0x40000000 }, { 0, 1, 128 },
		{ 1, 1, 0 }, { 0, 2, 16 }, { 1, 2, 0 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hostile h;

		if (i) {
			host_teardown();
			host_setup();
		}
		if (cases[i].field == 0)
			H.rsc.vring[cases[i].vring].da = cases[i].value;
		else if (cases[i].field == 1)
			H.rsc.vring[cases[i].vring].num = cases[i].value;
		else
			H.rsc.vring[cases[i].vring].align = cases[i].value;
		host_post_rx(H_NUM);
		H.rsc.gfeatures = 1;
		hostile_begin(&h);
		host_set_status(15);
		host_run();
		CHECK_EQ(H.v.state, AMP_FW_RPMSG_BROKEN);
		CHECK_EQ(H.ctl.vring_error, AMP_FW_VRING_ERR_RING | cases[i].vring << 8);
		CHECK_EQ(H.ctl.vring_error_lo, cases[i].value);
		CHECK_EQ(snap_diff(&h.snap), -1);
		snap_free(&h.snap);
	}
}

/*
 * Random damage to the driver's side of the rings: whatever happens, the firmware writes
 * only RX buffers it validated and the used rings, never faults (guard pages), and either
 * keeps working or reports a violation.
 */
static __u64 rnd_state = 0x9e3779b97f4a7c15ull;

static __u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static __u64 rnd_addr(void)
{
	switch (rnd() % 4) {
	case 0:
		return rnd();
	case 1:
		return H_POOL_DA + rnd() % (H_POOL_SIZE + 4096) - 2048;
	case 2:
		return H_POOL_DA + H_POOL_SIZE - rnd() % 1024;
	default:
		return H_POOL_DA + (rnd() % 512) * H_BUF;
	}
}

static void test_fuzz(void)
{
	unsigned int iter, broken = 0;
	struct snapshot snap;

	for (iter = 0; iter < 400; iter++) {
		unsigned int k;

		host_teardown();
		host_setup();
		H.allow_bad = 1;
		start_and_drain();
		for (k = 0; k < 8; k++) {
			__u8 msg[64];
			int q = rnd() % 2;
			__u16 id = rnd() % (H_NUM + 4);

			fill_pattern(msg, sizeof(msg), k);
			msg[0] = "SETC"[rnd() % 4];
			host_send(HOST_EPT, SVC_BENCH - rnd() % 5, msg, rnd() % sizeof(msg));
			switch (rnd() % 6) {
			case 0:
				host_post_raw(q, id, rnd_addr(), rnd() % 1100, rnd() % 8);
				break;
			case 1:
				H.avail[q]->idx += rnd() % 600;
				break;
			case 2:
				if (id < H_NUM)
					H.desc[q][id].len = rnd() % 1100;
				break;
			case 3:
				if (id < H_NUM)
					H.desc[q][id].addr = rnd_addr();
				break;
			case 4: {
				__u16 hl = rnd();
				unsigned int slot = rnd() % H_NUM;

				memcpy(H.pool + H_TXBUF_OFF + slot * H_BUF + 12, &hl, 2);
				break;
			}
			default:
				H.avail[q]->ring[rnd() % H_NUM] = rnd() % (H_NUM + 8);
				break;
			}
			H.on_wait = ring_with_nothing;
			snap_take(&snap);
			host_run();
			/* the firmware never writes the driver's parts of the rings */
			CHECK_EQ(snap_diff_driver(&snap), -1);
			snap_free(&snap);
			if (H.v.state == AMP_FW_RPMSG_BROKEN)
				break;
			/* the host's view must stay consistent: it checks every used entry */
			host_drain_rx();
			host_reclaim_tx();
		}
		if (H.v.state == AMP_FW_RPMSG_BROKEN) {
			broken++;
			CHECK_EQ(H.ctl.vring_errors, 1);
			CHECK_EQ(trace_count("vdev broken"), 1);
		} else {
			CHECK_EQ(H.v.state, AMP_FW_RPMSG_READY);
			CHECK_EQ(H.ctl.vring_errors, 0);
		}
	}
	CHECK(broken > 0);
}

/* ---- runner ---- */

static void on_fault(int sig)
{
	static const char msg[] = "FAULT: access outside the shared memory (guard page hit)\n";

	(void)!write(2, msg, sizeof(msg) - 1);
	(void)!write(2, cur_test, strlen(cur_test));
	(void)!write(2, "\n", 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

#define TEST(fn)	{ #fn, fn }

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	TEST(test_nothing_before_driver_ok),
	TEST(test_ns_announce),
	TEST(test_ns_not_negotiated),
	TEST(test_ns_waits_for_buffers),
	TEST(test_echo_all_sizes),
	TEST(test_client_sample),
	TEST(test_full_ring_burst),
	TEST(test_bench_stream),
	TEST(test_bench_counters),
	TEST(test_bench_invalid),
	TEST(test_bench_pause),
	TEST(test_no_endpoint),
	TEST(test_boundaries),
	TEST(test_unaligned_buffers),
	TEST(test_avail_full_ring_legal),
	TEST(test_no_interrupt_honoured),
	TEST(test_rx_wait_timeout),
	TEST(test_rx_wait_needs_rings_and_time),
	TEST(test_reset_while_waiting),
	TEST(test_reset_during_stream),
	TEST(test_tx_avail_idx_jump),
	TEST(test_tx_avail_idx_backwards),
	TEST(test_tx_desc_id),
	TEST(test_tx_desc_addr),
	TEST(test_tx_desc_len),
	TEST(test_tx_hdr_len),
	TEST(test_tx_desc_flags),
	TEST(test_bufsz),
	TEST(test_busy_poll_window),
	TEST(test_rx_kicks_only_when_waiting),
	TEST(test_rx_hostile),
	TEST(test_rx_avail_idx_jump),
	TEST(test_rx_avail_idx_jump_while_waiting),
	TEST(test_ring_config),
	TEST(test_fuzz),
	TEST(test_kicks_suppressed_while_serving),
	TEST(test_kicks_wanted_after_reinit),
	TEST(test_event_idx_arith),
	TEST(test_event_idx_kicks),
	TEST(test_event_idx_doorbells),
	TEST(test_event_idx_tx_after_polling),
};

int main(int argc, char **argv)
{
	unsigned int i;

	signal(SIGSEGV, on_fault);
	signal(SIGBUS, on_fault);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cur_test = tests[i].name;
		cur_failed = 0;
		host_setup();
		tests[i].fn();
		if (!H.allow_bad)
			CHECK_EQ(H.bad_used, 0);
		host_teardown();
		if (cur_failed)
			n_failed++;
		else
			n_passed++;
		printf("%s %s\n", cur_failed ? "FAIL" : "ok  ", cur_test);
	}
	printf("%d passed, %d failed\n", n_passed, n_failed);
	return n_failed ? 1 : 0;
}
