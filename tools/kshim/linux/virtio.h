/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: <linux/virtio.h>: the types only, for structures that embed them; nothing here
 * registers a virtio device. (The vring layout, <linux/virtio_ring.h>, is the system's uapi
 * header, as in the kernel.)
 */
#ifndef _KSHIM_LINUX_VIRTIO_H
#define _KSHIM_LINUX_VIRTIO_H

#include <linux/device.h>

struct virtqueue;

struct virtio_device {
	struct device dev;
};

#endif /* _KSHIM_LINUX_VIRTIO_H */
