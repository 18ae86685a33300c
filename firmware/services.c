// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's rpmsg services. Each has its own endpoint, announced to the host's name
 * service (address 53) once the host sets DRIVER_OK:
 *
 *   0x400  rpmsg-client-sample          echo: the payload back to the sender
 *                                       (the kernel's samples/rpmsg/rpmsg_client_sample)
 *   0x401  rpmsg-raw                    echo (the host binds rpmsg_chrdev: /dev/rpmsgN)
 *   0x402  rpmsg-openamp-demo-channel   echo (OpenAMP's echo demo)
 *   0x403  amp-bench                    benchmark protocol, below
 *
 * An echo goes from our endpoint to the sender's address (dst = the message's src).
 *
 * amp-bench: the first payload byte is a command; integers are little-endian, unaligned.
 *   'S' ...                  sink: counted, no reply
 *   'E' ...                  echo: the whole message back
 *   'T' u32 count, u16 size  stream: send @count messages of @size bytes (4..MTU) back, as
 *                            fast as the host posts RX buffers; message k holds u32 k, then
 *                            byte i (4 <= i < size) = (k + i) & 0xff. Then 'D' u32 n, n the
 *                            messages actually sent (fewer if the vdev went down or a send
 *                            was dropped, which ends the stream).
 *   'C'                      counters: reply 'C' u32 received, u32 bytes, u32 sunk,
 *                            u32 streamed, u32 dropped (21 bytes): messages and payload bytes
 *                            amp-bench received (this one included), 'S' messages, 'T'
 *                            messages sent, and the firmware's rpmsg_dropped; since boot or
 *                            the last 'R', modulo 2^32
 *   'R'                      reset the counters (dropped excepted); reply 'R'
 *   'P' u32 ms               pause: take nothing from the host for @ms (at most
 *                            BENCH_PAUSE_MAX_MS), so its TX ring fills up; doorbells are
 *                            still served, so a stop ends the pause. Then reply 'P'.
 *   anything else, or empty  reply 'N' followed by the command byte (none if empty)
 */
#include "port.h"
#include "rpmsg.h"
#include "services.h"
#include "shm.h"

static struct {
	__u32 received;
	__u32 bytes;
	__u32 sunk;
	__u32 streamed;
} bench;

static void svc_echo(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 src,
		     const volatile __u8 *data, __u32 len)
{
	rpmsg_send(v, svc->addr, src, data, len);
}

static void bench_fill(volatile __u8 *p, __u32 seq, __u32 size)
{
	__u32 i;

	shm_put_le32(p, seq);
	for (i = BENCH_STREAM_MIN_SIZE; i < size; i++)
		p[i] = seq + i;
}

static void bench_stream(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 dst,
			 __u32 count, __u32 size)
{
	__u8 done[5] = { BENCH_DONE };
	struct rpmsg_out o;
	__u32 seq;

	for (seq = 0; seq < count; seq++) {
		if (rpmsg_yield(v) || rpmsg_get_out(v, size, &o))
			break;
		bench_fill(o.data, seq, size);
		rpmsg_put_out(v, &o, svc->addr, dst, size);
		bench.streamed++;
	}
	shm_put_le32(done + 1, seq);
	rpmsg_send(v, svc->addr, dst, done, sizeof(done));
}

static void bench_pause(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 dst,
			__u32 ms)
{
	unsigned long t0 = port_ms();
	__u8 cmd = BENCH_PAUSE;

	if (ms > BENCH_PAUSE_MAX_MS)
		ms = BENCH_PAUSE_MAX_MS;
	while (port_ms() - t0 < ms)
		if (rpmsg_yield(v))
			return;
	rpmsg_send(v, svc->addr, dst, &cmd, 1);
}

static void bench_counters(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 dst)
{
	__u8 msg[BENCH_COUNTERS_LEN] = { BENCH_COUNTERS };

	shm_put_le32(msg + 1, bench.received);
	shm_put_le32(msg + 5, bench.bytes);
	shm_put_le32(msg + 9, bench.sunk);
	shm_put_le32(msg + 13, bench.streamed);
	shm_put_le32(msg + 17, shm_r32(&v->cfg.ctl->rpmsg_dropped));
	rpmsg_send(v, svc->addr, dst, msg, sizeof(msg));
}

static void bench_nack(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 dst,
		       const volatile __u8 *data, __u32 len)
{
	__u8 msg[2] = { BENCH_NACK, len ? data[0] : 0 };

	rpmsg_send(v, svc->addr, dst, msg, len ? 2 : 1);
}

static void svc_bench(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 src,
		      const volatile __u8 *data, __u32 len)
{
	__u8 cmd = len ? data[0] : 0;
	__u32 count, size;

	bench.received++;
	bench.bytes += len;
	switch (cmd) {
	case BENCH_SINK:
		bench.sunk++;
		return;
	case BENCH_ECHO:
		rpmsg_send(v, svc->addr, src, data, len);
		return;
	case BENCH_STREAM:
		if (len < BENCH_STREAM_LEN)
			break;
		/* read once: the host may change its buffer under us */
		count = shm_get_le32(data + 1);
		size = shm_get_le16(data + 5);
		if (size < BENCH_STREAM_MIN_SIZE || size > rpmsg_max_payload(v))
			break;
		bench_stream(v, svc, src, count, size);
		return;
	case BENCH_PAUSE:
		if (len < BENCH_PAUSE_LEN)
			break;
		bench_pause(v, svc, src, shm_get_le32(data + 1));
		return;
	case BENCH_COUNTERS:
		bench_counters(v, svc, src);
		return;
	case BENCH_RESET:
		services_init();
		rpmsg_send(v, svc->addr, src, &cmd, 1);
		return;
	default:
		break;
	}
	bench_nack(v, svc, src, data, len);
}

static const struct rpmsg_service services[] = {
	{ "rpmsg-client-sample",	RPMSG_FIRST_ADDR + 0,	svc_echo },
	{ "rpmsg-raw",			RPMSG_FIRST_ADDR + 1,	svc_echo },
	{ "rpmsg-openamp-demo-channel",	RPMSG_FIRST_ADDR + 2,	svc_echo },
	{ "amp-bench",			RPMSG_FIRST_ADDR + 3,	svc_bench },
};

void services_init(void)
{
	bench.received = 0;
	bench.bytes = 0;
	bench.sunk = 0;
	bench.streamed = 0;
}

const struct rpmsg_service *services_at(unsigned int i)
{
	return i < sizeof(services) / sizeof(services[0]) ? &services[i] : 0;
}

const struct rpmsg_service *services_find(__u32 addr)
{
	const struct rpmsg_service *svc;
	unsigned int i;

	for (i = 0; (svc = services_at(i)); i++)
		if (svc->addr == addr)
			return svc;
	return 0;
}
