/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of the firmware's resource table that code other than rsc_table.c reads: the
 * rpmsg vdev entry, which the host writes while the firmware runs (status, gfeatures).
 * Layouts are those of the kernel's struct fw_rsc_vdev and struct fw_rsc_vdev_vring.
 */
#ifndef FW_RSC_TABLE_H
#define FW_RSC_TABLE_H

#include <linux/types.h>
#include <linux/amp/virtio_rpmsg.h>

#define VIRTIO_ID_RPMSG		7
/* 1024 entries still fit the platform's 32 KiB vring regions (28 KiB with 4 KiB align) */
#if defined(FW_VARIANT_RING_1024)
#define FW_VRING_NUM		1024
#else
#define FW_VRING_NUM		256
#endif
#define FW_VRING_ALIGN		4096

/* The buffer sizes the vdev states (VIRTIO_RPMSG_F_BUFSZ), ours to send and to receive in. */
#if defined(FW_VARIANT_BUFSZ_4K)
#define FW_RPMSG_TXBUF_SIZE	4096
#define FW_RPMSG_RXBUF_SIZE	4096
#else
#define FW_RPMSG_TXBUF_SIZE	AMP_RPMSG_BUF_SIZE_DEFAULT
#define FW_RPMSG_RXBUF_SIZE	AMP_RPMSG_BUF_SIZE_DEFAULT
#endif

struct fw_rsc_vdev_vring {
	__u32 da;
	__u32 align;
	__u32 num;
	__u32 notifyid;
	__u32 pa;
};

struct fw_rsc_vdev {
	__u32 type;
	__u32 id;
	__u32 notifyid;
	__u32 dfeatures;
	__u32 gfeatures;
	__u32 config_len;
	__u8 status;
	__u8 num_of_vrings;
	__u8 reserved[2];
	struct fw_rsc_vdev_vring vring[2];
};

_Static_assert(sizeof(struct fw_rsc_vdev) == 28 + 2 * 20, "fw_rsc_vdev layout");

/* The rpmsg vdev entry of this image's table. */
extern volatile struct fw_rsc_vdev *const fw_vdev_rsc;

#endif
