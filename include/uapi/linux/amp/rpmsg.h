/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * AMP rpmsg: what our /dev/rpmsgN adds to upstream's <linux/rpmsg.h> interface.
 *
 * Busy polling, like SO_BUSY_POLL for sockets: a read() that finds no message spins on the
 * transport's receive ring for at most the file's busy-poll time before it sleeps, and
 * while a reader polls (and for that time after), the remote is asked not to ring. Off (0)
 * by default; the endpoint device's sysfs busy_poll_us gives the value each open starts
 * with, these ioctls the file's own. Values are microseconds, at most
 * AMP_RPMSG_BUSY_POLL_MAX_US.
 */
#ifndef _UAPI_LINUX_AMP_RPMSG_H
#define _UAPI_LINUX_AMP_RPMSG_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define AMP_RPMSG_BUSY_POLL_MAX_US	10000

/* 0xb5 is rpmsg's ioctl type; upstream numbers its own from 1: ours start at 0x80. */
#define AMP_RPMSG_SET_BUSY_POLL		_IOW(0xb5, 0x80, __u32)
#define AMP_RPMSG_GET_BUSY_POLL		_IOR(0xb5, 0x81, __u32)

#endif /* _UAPI_LINUX_AMP_RPMSG_H */
