// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: /dev/remoteprocN. Writing "start", "stop" or "detach" does what the
 * sysfs state file does; the RPROC_{SET,GET}_SHUTDOWN_ON_RELEASE ioctls of
 * <uapi/linux/remoteproc_cdev.h> make closing the file stop the remote. An open file holds
 * the remote's device (the cdev's parent), so the structure outlives a platform driver's
 * unbind; after it, the file's calls fail with -ENODEV.
 */

#include <linux/cdev.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <uapi/linux/remoteproc_cdev.h>

#include "amp_rproc_internal.h"

#define AMP_RPROC_MAX_DEVICES	64

static dev_t amp_rproc_devt;

static struct rproc *amp_rproc_from_file(struct file *filp)
{
	return container_of(filp->f_inode->i_cdev, struct rproc, cdev);
}

static ssize_t amp_rproc_cdev_write(struct file *filp, const char __user *buf, size_t len,
				    loff_t *pos)
{
	struct rproc *rproc = amp_rproc_from_file(filp);
	char cmd[8];
	int ret;

	if (!len || len > sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	if (len >= 5 && !strncmp(cmd, "start", 5) && (len == 5 || cmd[5] == '\n')) {
		mutex_lock(&rproc->lock);
		ret = rproc->deleting ? -ENODEV :
		      rproc->state == RPROC_RUNNING || rproc->state == RPROC_ATTACHED ? -EBUSY : 0;
		mutex_unlock(&rproc->lock);
		if (!ret)
			ret = rproc_boot(rproc);
	} else if (len >= 4 && !strncmp(cmd, "stop", 4) && (len == 4 || cmd[4] == '\n')) {
		ret = rproc->deleting ? -ENODEV : rproc_shutdown(rproc);
	} else if (len >= 6 && !strncmp(cmd, "detach", 6) && (len == 6 || cmd[6] == '\n')) {
		ret = rproc->deleting ? -ENODEV : rproc_detach(rproc);
	} else {
		ret = -EINVAL;
	}
	return ret ? ret : len;
}

static long amp_rproc_cdev_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct rproc *rproc = amp_rproc_from_file(filp);
	s32 __user *argp = (s32 __user *)arg;
	s32 param;

	switch (cmd) {
	case RPROC_SET_SHUTDOWN_ON_RELEASE:
		if (get_user(param, argp))
			return -EFAULT;
		mutex_lock(&rproc->lock);
		rproc->cdev_put_on_release = !!param;
		mutex_unlock(&rproc->lock);
		return 0;
	case RPROC_GET_SHUTDOWN_ON_RELEASE:
		mutex_lock(&rproc->lock);
		param = rproc->cdev_put_on_release;
		mutex_unlock(&rproc->lock);
		return put_user(param, argp);
	default:
		return -ENOTTY;
	}
}

static int amp_rproc_cdev_release(struct inode *inode, struct file *filp)
{
	struct rproc *rproc = amp_rproc_from_file(filp);

	bool put;

	mutex_lock(&rproc->lock);
	put = rproc->cdev_put_on_release && !rproc->deleting &&
	      (rproc->state == RPROC_RUNNING || rproc->state == RPROC_ATTACHED);
	mutex_unlock(&rproc->lock);
	/* as upstream: an attached remote is detached, a booted one stopped */
	if (put && rproc->state == RPROC_ATTACHED)
		rproc_detach(rproc);
	else if (put)
		rproc_shutdown(rproc);
	return 0;
}

static const struct file_operations amp_rproc_fops = {
	.owner = THIS_MODULE,
	.write = amp_rproc_cdev_write,
	.unlocked_ioctl = amp_rproc_cdev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = amp_rproc_cdev_release,
	.llseek = noop_llseek,
};

/**
 * amp_rproc_cdev_prepare() - set up a remote's /dev/remoteprocN before it is added
 * @rproc: the remote, its index allocated
 */
void amp_rproc_cdev_prepare(struct rproc *rproc)
{
	cdev_init(&rproc->cdev, &amp_rproc_fops);
	rproc->cdev.owner = THIS_MODULE;
	rproc->dev.devt = MKDEV(MAJOR(amp_rproc_devt), rproc->index);
}

/**
 * amp_rproc_cdev_init() - reserve the device numbers of /dev/remoteprocN
 *
 * Return: 0 or a negative errno.
 */
int amp_rproc_cdev_init(void)
{
	return alloc_chrdev_region(&amp_rproc_devt, 0, AMP_RPROC_MAX_DEVICES, "remoteproc");
}

/**
 * amp_rproc_cdev_exit() - release the device numbers
 */
void amp_rproc_cdev_exit(void)
{
	unregister_chrdev_region(amp_rproc_devt, AMP_RPROC_MAX_DEVICES);
}
