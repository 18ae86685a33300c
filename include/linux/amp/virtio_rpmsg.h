/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rpmsg over virtio: negotiated buffer sizes (VIRTIO_RPMSG_F_BUFSZ), shared by the host's
 * transport (drivers/rpmsg/amp_virtio_rpmsg.c) and the reference firmware.
 *
 * The layout deployed today (the original Linux series, NuttX's rptun): feature bit 2; the
 * vdev's config space starts with two little-endian u32, seen from the remote:
 *
 *   txbuf_size   bytes of each buffer the remote sends in (the host's receive buffers)
 *   rxbuf_size   bytes of each buffer the remote receives in (the host's send buffers)
 *
 * Without the feature both are AMP_RPMSG_BUF_SIZE_DEFAULT, as upstream's fixed 512. The
 * proposal is still in review upstream (its bit and layout may change): only this header
 * knows them.
 *
 * This header is shared with the freestanding firmware: it uses only <linux/types.h> types.
 */
#ifndef _LINUX_AMP_VIRTIO_RPMSG_H
#define _LINUX_AMP_VIRTIO_RPMSG_H

#include <linux/types.h>

/* The remote sends name-service announcements (address 53). */
#define AMP_VIRTIO_RPMSG_F_NS		0
/* The remote states its buffer sizes in the config space (struct amp_virtio_rpmsg_config). */
#define AMP_VIRTIO_RPMSG_F_BUFSZ	2

/**
 * struct amp_virtio_rpmsg_config - the config space with VIRTIO_RPMSG_F_BUFSZ
 * @txbuf_size: size of the buffers the remote sends in (the host's receive buffers)
 * @rxbuf_size: size of the buffers the remote receives in (the host's send buffers)
 */
struct amp_virtio_rpmsg_config {
	__le32 txbuf_size;
	__le32 rxbuf_size;
};

/* Every rpmsg message starts with a 16-byte header: {u32 src, dst, reserved; u16 len, flags}. */
#define AMP_RPMSG_HDR_SIZE		16
/* Without VIRTIO_RPMSG_F_BUFSZ: upstream's fixed size, both ways. */
#define AMP_RPMSG_BUF_SIZE_DEFAULT	512
/* A buffer holds at least a name-service message (40 bytes) and its header. */
#define AMP_RPMSG_BUF_SIZE_MIN		(AMP_RPMSG_HDR_SIZE + 40)
/* The header's u16 len bounds a payload; a buffer is at most 64 KiB. */
#define AMP_RPMSG_BUF_SIZE_MAX		65536
/* Buffers lie back to back in the pool: a multiple of 8 keeps every header aligned. */
#define AMP_RPMSG_BUF_ALIGN		8

#endif /* _LINUX_AMP_VIRTIO_RPMSG_H */
