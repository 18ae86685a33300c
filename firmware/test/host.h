/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake host for the host-native tests of the firmware's rpmsg stack: the driver side of
 * both vrings (as the kernel's virtio_rpmsg_bus would drive them), the vdev entry of the
 * resource table, the control block, and port.h (doorbell, barrier, clock, trace).
 *
 * The vrings and the buffer pool are mmap()ed between PROT_NONE guard pages, so any access
 * of the firmware outside them faults; the tests also compare snapshots to prove a hostile
 * input made the firmware write nothing at all.
 */
#ifndef FW_TEST_HOST_H
#define FW_TEST_HOST_H

#include <stddef.h>
#include <linux/types.h>
#include <linux/amp/fw_ctl.h>
#include "rpmsg.h"
#include "rsc_table.h"
#include "virtqueue.h"

#define H_NUM		256
#define H_ALIGN		4096
#define H_VRING0_DA	0x5f800000u
#define H_VRING1_DA	0x5f808000u
#define H_POOL_DA	0x5f900000ull
#define H_POOL_SIZE	0x100000ull
#define H_BUF		512
#define H_TXBUF_OFF	(H_NUM * H_BUF)	/* TX buffers after the RX ones, as Linux lays them */
#define H_RING_MAP	12288		/* vq_ring_size(256, 4096) rounded up to a page */
#define H_GUARD		65536

/* A message the firmware sent, as the host received it. */
struct hmsg {
	__u32 id;
	__u32 used_len;
	__u32 src;
	__u32 dst;
	__u32 reserved;
	__u16 len;
	__u16 flags;
	__u8 data[H_BUF];
};

struct host {
	struct fw_rsc_vdev rsc;
	struct amp_fw_ctl ctl;
	struct rpmsg_vdev v;
	__u8 *ring[2];
	__u8 *pool;
	struct vq_desc *desc[2];
	struct vq_avail *avail[2];
	struct vq_used *used[2];
	__u16 avail_idx[2];
	__u16 last_used[2];
	int tx_free[H_NUM];
	int n_tx_free;
	__u8 tx_busy[H_NUM];
	unsigned int bad_used;		/* used entries the kernel would reject */
	int allow_bad;			/* the test damages the rings itself */
	struct hmsg *log;
	unsigned int n_log;
	unsigned int cap_log;
	unsigned int kicks;
	unsigned int waits;
	unsigned int polls;
	unsigned long now_ms;
	unsigned long relax_us;
	unsigned int relaxes;
	void (*on_relax)(void);		/* what the host does while the firmware spins */
	unsigned long wait_ms;		/* time one port_wait() takes */
	void (*on_wait)(void);		/* what the host does while the firmware sleeps */
	int (*on_poll)(void);
	void (*on_kick)(void);		/* what the host does when the firmware rings it */
	int repost;			/* host_drain_rx() gives buffers back */
	char trace[65536];
	size_t trace_len;
};

extern struct host H;

void host_setup(void);
void host_teardown(void);
void host_reinit_rings(void);
void host_set_status(__u8 status);
void host_rx_add(__u16 id);
void host_post_rx(unsigned int n);
void host_start(int ns);
unsigned int host_drain_rx(void);
void host_reclaim_tx(void);
int host_send(__u32 src, __u32 dst, const void *data, __u32 len);
void host_post_raw(int q, __u16 id, __u64 addr, __u32 len, __u16 flags);
void host_run(void);
void host_default_wait(void);
unsigned int trace_count(const char *needle);
void host_log_clear(void);

/* Snapshot of everything shared: both vrings and the pool. */
struct snapshot {
	__u8 ring[2][H_RING_MAP];
	__u8 *pool;
};

void snap_take(struct snapshot *s);
long snap_diff(const struct snapshot *s);
long snap_diff_driver(const struct snapshot *s);
void snap_free(struct snapshot *s);

#endif
