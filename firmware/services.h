/* SPDX-License-Identifier: GPL-2.0 */
/* The firmware's rpmsg services: one endpoint each, announced to the host's name service. */
#ifndef FW_SERVICES_H
#define FW_SERVICES_H

#include <linux/types.h>

struct rpmsg_vdev;

/**
 * struct rpmsg_service - an endpoint of ours and what it does
 * @name: channel name announced (at most 31 characters)
 * @addr: our endpoint address
 * @rx: called with each message the host sends to @addr; @data points into the host's
 *	buffer (shared memory: read it with care, it may change under us) and holds @len
 *	bytes, already checked to lie inside the buffer
 */
struct rpmsg_service {
	const char *name;
	__u32 addr;
	void (*rx)(struct rpmsg_vdev *v, const struct rpmsg_service *svc, __u32 src,
		   const volatile __u8 *data, __u32 len);
};

/* amp-bench commands: the first payload byte. See services.c and README.rst. */
#define BENCH_SINK		'S'
#define BENCH_ECHO		'E'
#define BENCH_STREAM		'T'
#define BENCH_DONE		'D'
#define BENCH_COUNTERS		'C'
#define BENCH_RESET		'R'
#define BENCH_NACK		'N'
#define BENCH_PAUSE		'P'
#define BENCH_STREAM_LEN	7	/* 'T', u32 count, u16 size */
#define BENCH_STREAM_MIN_SIZE	4	/* the sequence number */
#define BENCH_COUNTERS_LEN	21	/* 'C', 5 x u32 */
#define BENCH_PAUSE_LEN		5	/* 'P', u32 ms */
#define BENCH_PAUSE_MAX_MS	10000

void services_init(void);
const struct rpmsg_service *services_at(unsigned int i);
const struct rpmsg_service *services_find(__u32 addr);

#endif
