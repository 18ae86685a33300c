// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: /sys/class/remoteproc/remoteprocN/{firmware,state,name,recovery,
 * coredump}, with upstream's names, values and semantics.
 */

#include <linux/device.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "amp_rproc_internal.h"

static ssize_t firmware_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct rproc *rproc = to_rproc(dev);
	ssize_t len;

	mutex_lock(&rproc->lock);
	len = sysfs_emit(buf, "%s\n", rproc->firmware);
	mutex_unlock(&rproc->lock);
	return len;
}

static ssize_t firmware_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct rproc *rproc = to_rproc(dev);
	int ret;

	if (rproc->sysfs_read_only)
		return -EPERM;
	ret = amp_rproc_set_firmware(rproc, buf, count);

	return ret ? ret : count;
}
static DEVICE_ATTR_RW(firmware);

static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct rproc *rproc = to_rproc(dev);
	unsigned int state;

	mutex_lock(&rproc->lock);
	state = rproc->state;
	mutex_unlock(&rproc->lock);
	return sysfs_emit(buf, "%s\n", amp_rproc_state_name(state));
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct rproc *rproc = to_rproc(dev);
	int ret = 0;

	if (!sysfs_streq(buf, "start") && !sysfs_streq(buf, "stop") &&
	    !sysfs_streq(buf, "detach")) {
		dev_err(dev, "state: unknown command '%.*s' (start, stop, detach)\n",
			(int)min_t(size_t, count, 16), buf);
		return -EINVAL;
	}
	if (rproc->sysfs_read_only)
		return -EPERM;
	if (sysfs_streq(buf, "start")) {
		/*
		 * A second start is refused (-EBUSY), as later upstream kernels do; 6.1 counted
		 * it as a reference, so that the next stop silently did nothing.
		 */
		mutex_lock(&rproc->lock);
		if (rproc->state == RPROC_RUNNING || rproc->state == RPROC_ATTACHED)
			ret = -EBUSY;
		mutex_unlock(&rproc->lock);
		if (!ret)
			ret = rproc_boot(rproc);
	} else if (sysfs_streq(buf, "stop")) {
		ret = rproc_shutdown(rproc);
	} else {
		ret = rproc_detach(rproc);
	}
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(state);

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_rproc(dev)->name);
}
static DEVICE_ATTR_RO(name);

static ssize_t recovery_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct rproc *rproc = to_rproc(dev);
	bool disabled;

	mutex_lock(&rproc->lock);
	disabled = rproc->recovery_disabled;
	mutex_unlock(&rproc->lock);
	return sysfs_emit(buf, "%s\n", disabled ? "disabled" : "enabled");
}

static ssize_t recovery_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct rproc *rproc = to_rproc(dev);
	int ret = 0;

	/* A crashed remote is stopped (or found off) and booted again. */
	if (sysfs_streq(buf, "recover")) {
		ret = rproc_trigger_recovery(rproc);
		return ret ? ret : count;
	}
	mutex_lock(&rproc->lock);
	if (sysfs_streq(buf, "enabled"))
		rproc->recovery_disabled = false;
	else if (sysfs_streq(buf, "disabled"))
		rproc->recovery_disabled = true;
	else
		ret = -EINVAL;
	mutex_unlock(&rproc->lock);
	return ret ? ret : count;
}

/* also behind debugfs recovery (amp_rproc_debugfs.c) */
DEVICE_ATTR_RW(recovery);

static const char * const amp_rproc_coredump_names[] = {
	[RPROC_COREDUMP_DISABLED]	= "disabled",
	[RPROC_COREDUMP_ENABLED]	= "enabled",
	[RPROC_COREDUMP_INLINE]		= "inline",
};

static ssize_t coredump_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct rproc *rproc = to_rproc(dev);
	int mode;

	mutex_lock(&rproc->lock);
	mode = rproc->dump_conf;
	mutex_unlock(&rproc->lock);
	return sysfs_emit(buf, "%s\n", amp_rproc_coredump_names[mode]);
}

static ssize_t coredump_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct rproc *rproc = to_rproc(dev);
	int mode = sysfs_match_string(amp_rproc_coredump_names, buf);

	if (mode < 0)
		return -EINVAL;
	mutex_lock(&rproc->lock);
	rproc->dump_conf = mode;
	mutex_unlock(&rproc->lock);
	return count;
}

/* also behind debugfs coredump (amp_rproc_debugfs.c) */
DEVICE_ATTR_RW(coredump);

static struct attribute *amp_rproc_attrs[] = {
	&dev_attr_firmware.attr,
	&dev_attr_state.attr,
	&dev_attr_name.attr,
	&dev_attr_recovery.attr,
	&dev_attr_coredump.attr,
	NULL,
};

static const struct attribute_group amp_rproc_group = {
	.attrs = amp_rproc_attrs,
};

const struct attribute_group *amp_rproc_groups[] = {
	&amp_rproc_group,
	NULL,
};
