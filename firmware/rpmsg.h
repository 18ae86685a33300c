/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rpmsg over virtio, remote (device) side. Wire format as the kernel's
 * drivers/rpmsg/virtio_rpmsg_bus.c and include/linux/rpmsg/ns.h:
 *
 *   every message   struct rpmsg_hdr { u32 src; u32 dst; u32 reserved; u16 len; u16 flags; }
 *                   (16 bytes, packed, little-endian) + len payload bytes, in a 512-byte buffer
 *                   or, with VIRTIO_RPMSG_F_BUFSZ, in buffers of the sizes our vdev's config
 *                   space states (<linux/amp/virtio_rpmsg.h>)
 *   name service    address 53; payload { char name[32]; u32 addr; u32 flags; } (40 bytes),
 *                   flags 0 = create, 1 = destroy; only if VIRTIO_RPMSG_F_NS was negotiated
 *   vring 0         the host's RX: it posts empty buffers, we fill them
 *   vring 1         the host's TX: it posts full buffers (16 + len bytes), we consume them
 */
#ifndef FW_RPMSG_H
#define FW_RPMSG_H

#include <linux/types.h>
#include <linux/amp/fw_ctl.h>
#include "rsc_table.h"
#include "virtqueue.h"

#define RPMSG_HDR_SIZE		16
#define RPMSG_BUF_SIZE		512
#define RPMSG_MAX_PAYLOAD	(RPMSG_BUF_SIZE - RPMSG_HDR_SIZE)
#define RPMSG_NS_ADDR		53
#define RPMSG_NAME_SIZE		32
#define RPMSG_NS_MSG_SIZE	(RPMSG_NAME_SIZE + 8)
#define RPMSG_NS_CREATE		0
#define RPMSG_NS_DESTROY	1
#define RPMSG_FIRST_ADDR	0x400

#define VIRTIO_RPMSG_F_NS		AMP_VIRTIO_RPMSG_F_NS
#define VIRTIO_RPMSG_F_BUFSZ		AMP_VIRTIO_RPMSG_F_BUFSZ
#define VIRTIO_CONFIG_S_DRIVER_OK	4
#define VIRTIO_CONFIG_S_FAILED		0x80

/*
 * Waiting for an RX buffer gives up (and drops the message) only once the host has rung
 * at least RPMSG_WAIT_RINGS times without posting one and RPMSG_WAIT_MS have passed. A host
 * that does not ring at all is simply waited for: the core sleeps in WFI meanwhile.
 */
#define RPMSG_WAIT_RINGS	32
#define RPMSG_WAIT_MS		5000
/* Interrupt the host after this many messages even while more are being sent. */
#define RPMSG_KICK_BATCH	32
/*
 * While a host reader busy-polls (it set VRING_AVAIL_F_NO_INTERRUPT on its RX ring), we
 * poll its TX ring instead of sleeping, until this long after the last message.
 */
#define RPMSG_BUSY_POLL_US	200

/**
 * struct rpmsg_vdev_cfg - where the platform put things
 * @rsc: the vdev entry of the resource table (the host writes status and gfeatures)
 * @ctl: the control block, for the counters
 * @vring_da: device addresses the table declares for vrings 0 and 1
 * @vring_va: where the firmware reaches them
 * @num: vring size the table declares
 * @align: vring alignment the table declares
 * @pool: the vdev0buffer carveout, where every buffer must lie
 * @txbuf_size: the size of the buffers we send in, as our config space states it (used if
 *	the host negotiates VIRTIO_RPMSG_F_BUFSZ; 0 means RPMSG_BUF_SIZE)
 * @rxbuf_size: the same for the buffers we receive in
 */
struct rpmsg_vdev_cfg {
	volatile struct fw_rsc_vdev *rsc;
	volatile struct amp_fw_ctl *ctl;
	__u32 vring_da[2];
	volatile void *vring_va[2];
	unsigned int num;
	unsigned int align;
	struct vq_pool pool;
	__u32 txbuf_size;
	__u32 rxbuf_size;
};

/**
 * struct rpmsg_vdev - the rpmsg virtio device
 * @cfg: the platform's description
 * @rxq: vring 0, the host's RX: buffers we fill
 * @txq: vring 1, the host's TX: buffers we read
 * @state: AMP_FW_RPMSG_*
 * @ns: the host negotiated VIRTIO_RPMSG_F_NS
 * @tx_size: bytes of each buffer we send in (the host's RX buffers), for this session
 * @rx_size: bytes of each buffer we receive in (the host's TX buffers)
 * @starved: the last wait for an RX buffer timed out: drop instead of waiting until the
 *	host posts one again
 * @busy_since: port_us() of the last message served, for the busy-poll window
 */
struct rpmsg_vdev {
	struct rpmsg_vdev_cfg cfg;
	struct vq rxq;
	struct vq txq;
	int state;
	int ns;
	__u32 tx_size;
	__u32 rx_size;
	int starved;
	unsigned long busy_since;
};

/* An RX buffer being filled: payload at @data, room for @room bytes. */
struct rpmsg_out {
	__u16 head;
	volatile __u8 *buf;
	volatile __u8 *data;
	__u32 room;
};

void rpmsg_init(struct rpmsg_vdev *v, const struct rpmsg_vdev_cfg *cfg);
int rpmsg_poll(struct rpmsg_vdev *v);
int rpmsg_yield(struct rpmsg_vdev *v);
void rpmsg_misbehave(struct rpmsg_vdev *v);
int rpmsg_get_out(struct rpmsg_vdev *v, __u32 len, struct rpmsg_out *o);
void rpmsg_put_out(struct rpmsg_vdev *v, struct rpmsg_out *o, __u32 src, __u32 dst, __u32 len);
int rpmsg_send(struct rpmsg_vdev *v, __u32 src, __u32 dst, const volatile __u8 *data,
	       __u32 len);

/* The largest payload we can send in this session. */
static inline __u32 rpmsg_max_payload(const struct rpmsg_vdev *v)
{
	return v->tx_size - RPMSG_HDR_SIZE;
}

#endif
