// SPDX-License-Identifier: GPL-2.0
/*
 * AMP remoteproc core: debugfs remoteproc/remoteprocN/{name,resource_table,
 * carveout_memories,vrings,recovery,coredump,crash,fail_vdev_register,traceN}. Every file
 * takes the remote's lock while it reads, so nothing is read from memory the remote's
 * shutdown has unmapped.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/virtio.h>

#include "amp_rproc_internal.h"

static struct dentry *amp_rproc_debugfs_root;

static int amp_rproc_name_show(struct seq_file *s, void *unused)
{
	struct rproc *rproc = s->private;

	seq_printf(s, "%s\n", rproc->name);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rproc_name);

/*
 * @ent points into the live table (what the remote sees now), @checked at the same entry of
 * the core's checked copy: counts come from the copy, so a remote rewriting its table while
 * it runs cannot make this read past the entry.
 */
static void amp_rproc_show_entry(struct seq_file *s, u32 i, const struct amp_rsc_entry *ent,
				 const struct amp_rsc_entry *checked)
{
	const struct fw_rsc_vdev *checked_vdev = checked->data;
	const struct fw_rsc_carveout *c = ent->data;
	const struct fw_rsc_trace *t = ent->data;
	const struct fw_rsc_vdev *v = ent->data;
	unsigned int j;

	switch (ent->type) {
	case RSC_CARVEOUT:
		seq_printf(s, "Entry %u is of type carveout\n  name %.*s da 0x%08x pa 0x%08x len 0x%x flags 0x%x\n",
			   i, AMP_RSC_NAME_LEN, c->name, c->da, c->pa, c->len, c->flags);
		break;
	case RSC_DEVMEM:
		seq_printf(s, "Entry %u is of type devmem\n  name %.*s da 0x%08x pa 0x%08x len 0x%x\n",
			   i, AMP_RSC_NAME_LEN, c->name, c->da, c->pa, c->len);
		break;
	case RSC_TRACE:
		seq_printf(s, "Entry %u is of type trace\n  name %.*s da 0x%08x len 0x%x\n",
			   i, AMP_RSC_NAME_LEN, t->name, t->da, t->len);
		break;
	case RSC_VDEV:
		seq_printf(s, "Entry %u is of type vdev\n  id %u notifyid %u dfeatures 0x%x gfeatures 0x%x config_len 0x%x status 0x%x num_of_vrings %u\n",
			   i, v->id, v->notifyid, v->dfeatures, v->gfeatures, v->config_len,
			   v->status, v->num_of_vrings);
		for (j = 0; j < checked_vdev->num_of_vrings; j++)
			seq_printf(s, "  vring %u: da 0x%08x pa 0x%08x align 0x%x num %u notifyid %u\n",
				   j, v->vring[j].da, v->vring[j].pa, v->vring[j].align,
				   v->vring[j].num, v->vring[j].notifyid);
		break;
	default:
		seq_printf(s, "Entry %u is of vendor type %u, %zu bytes\n", i, ent->type,
			   ent->len);
		break;
	}
}

/* The table in the remote's memory while it is booted (it reads and writes it), else none. */
static int amp_rproc_rsc_table_show(struct seq_file *s, void *unused)
{
	struct rproc *rproc = s->private;
	struct amp_rsc_entry ent;
	u32 i;

	mutex_lock(&rproc->lock);
	if (!rproc->amp->loaded_table) {
		seq_puts(s, "No resource table: the remote is not booted, or its firmware has none\n");
		goto out_unlock;
	}
	/* Walk the core's copy, read the live entry: the remote cannot move our bounds. */
	for (i = 0; i < ((struct resource_table *)rproc->cached_table)->num; i++) {
		struct amp_rsc_entry checked;

		if (amp_rsc_table_entry(rproc->cached_table, rproc->table_sz, i, &checked))
			break;
		ent = checked;
		ent.data = rproc->amp->loaded_table + ent.offset;
		amp_rproc_show_entry(s, i, &ent, &checked);
	}
out_unlock:
	mutex_unlock(&rproc->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rproc_rsc_table);

static int amp_rproc_carveouts_show(struct seq_file *s, void *unused)
{
	struct rproc *rproc = s->private;
	struct amp_rproc_devmem *dm;
	struct rproc_mem_entry *mem;

	mutex_lock(&rproc->lock);
	list_for_each_entry(mem, &rproc->carveouts, node)
		seq_printf(s, "Carveout memory entry:\n\tName: %s\n\tVirtual address: %s\n\tDMA address: %pad\n\tDevice address: 0x%x\n\tLength: 0x%zx bytes\n\tOrigin: %s\n\tMapped: %s\n",
			   mem->name, mem->va ? "mapped" : "none", &mem->dma, mem->da, mem->len,
			   mem->priv == rproc->amp ? "resource table (allocated)" : "platform",
			   mem->va ? "yes" : "no");
	list_for_each_entry(dm, &rproc->amp->devmems, node)
		seq_printf(s, "Device memory the platform grants:\n\tPhysical address: %pa\n\tLength: 0x%zx bytes\n",
			   &dm->pa, dm->len);
	mutex_unlock(&rproc->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rproc_carveouts);

/*
 * One line per vdev, then one per vring, as key=value words (ampctl vrings reads them): the
 * host's side of each ring (private state) and what the remote's used index says now.
 */
static int amp_rproc_vrings_show(struct seq_file *s, void *unused)
{
	struct rproc *rproc = s->private;
	struct amp_rproc_vdev *rvdev;
	struct amp_vring_stats st;
	unsigned int i, n = 0;
	u64 handoffs;

	mutex_lock(&rproc->lock);
	mutex_lock(&rproc->amp->vq_lock);
	list_for_each_entry(rvdev, &rproc->amp->vdevs, node) {
		seq_printf(s, "vdev %u id=%u notifyid=%u status=0x%x features=0x%llx registered=%d broken=%d\n",
			   n++, rvdev->id, rvdev->notifyid, rvdev->status,
			   rvdev->registered ? rvdev->vdev.features : 0ULL, rvdev->registered,
			   rvdev->broken);
		for (i = 0; i < rvdev->nvrings; i++) {
			struct amp_rproc_vring *vr = &rvdev->vrings[i];

			if (!vr->vq) {
				seq_printf(s, "vring %u num=%u notifyid=%u name=-\n", i, vr->num,
					   vr->notifyid);
				continue;
			}
			amp_vring_shadow_stats(&vr->shadow, &st);
			spin_lock_irq(&rproc->amp->vq_irq_lock);
			handoffs = vr->handoffs;
			spin_unlock_irq(&rproc->amp->vq_irq_lock);
			seq_printf(s,
				   "vring %u num=%u notifyid=%u name=%s free=%u out=%u avail=%u used_seen=%u remote_used=%u event_idx=%d kicks=%llu kicks_suppressed=%llu interrupts=%llu handoffs=%llu faults=%llu dead=%d\n",
				   i, st.num, vr->notifyid, vr->vq->name, vr->vq->num_free, st.out,
				   st.shared_avail, st.used_seen, st.remote_used, st.event_idx,
				   st.kicks, st.kicks_suppressed, st.interrupts, handoffs,
				   st.faults, st.dead);
		}
	}
	mutex_unlock(&rproc->amp->vq_lock);
	mutex_unlock(&rproc->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rproc_vrings);

/*
 * recovery and coredump: upstream has them in debugfs as well as in sysfs; these are the
 * sysfs attributes' own show and store, behind a file.
 */
static ssize_t amp_rproc_dbg_attr_read(struct file *file, char __user *ubuf, size_t count,
				       loff_t *ppos, struct device_attribute *attr)
{
	struct rproc *rproc = file->private_data;
	ssize_t len, ret;
	char *page;

	/* sysfs_emit() wants a page */
	page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	len = attr->show(&rproc->dev, attr, page);
	ret = len < 0 ? len : simple_read_from_buffer(ubuf, count, ppos, page, len);
	free_page((unsigned long)page);
	return ret;
}

static ssize_t amp_rproc_dbg_attr_write(struct file *file, const char __user *ubuf,
					size_t count, struct device_attribute *attr)
{
	struct rproc *rproc = file->private_data;
	char buf[16];
	ssize_t ret;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	ret = attr->store(&rproc->dev, attr, buf, count);
	return ret < 0 ? ret : count;
}

static ssize_t amp_rproc_recovery_read(struct file *file, char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	return amp_rproc_dbg_attr_read(file, ubuf, count, ppos, &dev_attr_recovery);
}

static ssize_t amp_rproc_recovery_write(struct file *file, const char __user *ubuf,
					size_t count, loff_t *ppos)
{
	return amp_rproc_dbg_attr_write(file, ubuf, count, &dev_attr_recovery);
}

static const struct file_operations amp_rproc_recovery_fops = {
	.read = amp_rproc_recovery_read,
	.write = amp_rproc_recovery_write,
	.open = simple_open,
	.llseek = generic_file_llseek,
};

static ssize_t amp_rproc_coredump_read(struct file *file, char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	return amp_rproc_dbg_attr_read(file, ubuf, count, ppos, &dev_attr_coredump);
}

static ssize_t amp_rproc_coredump_write(struct file *file, const char __user *ubuf,
					size_t count, loff_t *ppos)
{
	return amp_rproc_dbg_attr_write(file, ubuf, count, &dev_attr_coredump);
}

static const struct file_operations amp_rproc_coredump_fops = {
	.read = amp_rproc_coredump_read,
	.write = amp_rproc_coredump_write,
	.open = simple_open,
	.llseek = generic_file_llseek,
};

static const char * const amp_rproc_crash_names[] = {
	[AMP_RPROC_CRASH_FAULT]		= "fault",
	[AMP_RPROC_CRASH_SOFT_HANG]	= "soft-hang",
	[AMP_RPROC_CRASH_HARD_HANG]	= "hard-hang",
	[AMP_RPROC_CRASH_TABLE_SCRIBBLE] = "table-scribble",
	[AMP_RPROC_CRASH_VRING]		= "vring",
};

/*
 * Writing a number simulates a crash of that &enum rproc_crash_type, as upstream does (0
 * mmufault, 1 watchdog, 2 fatal error); writing a name asks the running firmware to crash
 * that way.
 */
static ssize_t amp_rproc_crash_write(struct file *filp, const char __user *ubuf, size_t count,
				     loff_t *ppos)
{
	struct rproc *rproc = filp->private_data;
	unsigned int num;
	char buf[24];
	int type, ret;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (!kstrtouint(buf, 0, &num)) {
		dev_info(&rproc->dev, "crash: simulating a %s crash\n",
			 amp_rproc_crash_name(num));
		rproc_report_crash(rproc, num);
		return count;
	}
	type = sysfs_match_string(amp_rproc_crash_names, buf);
	if (type < 0) {
		dev_err(&rproc->dev, "crash: unknown type '%s' (a number, or fault, soft-hang, hard-hang, table-scribble, vring)\n",
			strim(buf));
		return -EINVAL;
	}
	mutex_lock(&rproc->lock);
	if (rproc->state != RPROC_RUNNING && rproc->state != RPROC_ATTACHED)
		ret = -EINVAL;
	else if (!rproc->ops->inject_crash)
		ret = -EOPNOTSUPP;
	else
		ret = rproc->ops->inject_crash(rproc, type);
	mutex_unlock(&rproc->lock);
	if (!ret)
		dev_info(&rproc->dev, "crash: asked the firmware for a %s\n",
			 amp_rproc_crash_names[type]);
	return ret ? ret : count;
}

static const struct file_operations amp_rproc_crash_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = amp_rproc_crash_write,
	.llseek = noop_llseek,
};

/* The live buffer while the remote runs, the copy kept at its last stop afterwards. */
static ssize_t amp_rproc_trace_read(struct file *filp, char __user *ubuf, size_t count,
				    loff_t *ppos)
{
	struct amp_rproc_trace_slot *slot = filp->private_data;
	struct rproc *rproc = slot->rproc;
	struct amp_rproc_trace *trace;
	ssize_t ret = 0;

	mutex_lock(&rproc->lock);
	list_for_each_entry(trace, &rproc->amp->traces, node) {
		const char *va = trace->dbg.trace_mem.va;

		if (trace->index != slot->index)
			continue;
		if (trace->live && va)
			ret = simple_read_from_buffer(ubuf, count, ppos, va,
						      strnlen(va, trace->dbg.trace_mem.len));
		else
			ret = simple_read_from_buffer(ubuf, count, ppos, trace->copy,
						      trace->copy_len);
		break;
	}
	mutex_unlock(&rproc->lock);
	return ret;
}

static const struct file_operations amp_rproc_trace_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = amp_rproc_trace_read,
	.llseek = generic_file_llseek,
};

/**
 * amp_rproc_debugfs_add_trace() - make sure debugfs traceN exists
 * @rproc: the remote
 * @index: N, below AMP_RPROC_MAX_TRACES
 *
 * Context: may sleep; with the remote's lock held.
 */
void amp_rproc_debugfs_add_trace(struct rproc *rproc, unsigned int index)
{
	struct amp_rproc_trace_slot *slot = &rproc->amp->trace_slots[index];
	char name[16];

	lockdep_assert_held(&rproc->lock);
	if (slot->file || !rproc->dbg_dir)
		return;
	snprintf(name, sizeof(name), "trace%u", index);
	slot->rproc = rproc;
	slot->index = index;
	slot->file = debugfs_create_file(name, 0400, rproc->dbg_dir, slot, &amp_rproc_trace_fops);
}

/**
 * amp_rproc_debugfs_add() - create debugfs remoteproc/remoteprocN
 * @rproc: the remote, being added
 */
void amp_rproc_debugfs_add(struct rproc *rproc)
{
	struct dentry *dir = debugfs_create_dir(dev_name(&rproc->dev), amp_rproc_debugfs_root);

	mutex_lock(&rproc->lock);
	rproc->dbg_dir = dir;
	mutex_unlock(&rproc->lock);
	debugfs_create_file("name", 0400, dir, rproc, &amp_rproc_name_fops);
	debugfs_create_file("resource_table", 0400, dir, rproc, &amp_rproc_rsc_table_fops);
	debugfs_create_file("carveout_memories", 0400, dir, rproc, &amp_rproc_carveouts_fops);
	debugfs_create_file("vrings", 0400, dir, rproc, &amp_rproc_vrings_fops);
	debugfs_create_file("recovery", 0600, dir, rproc, &amp_rproc_recovery_fops);
	debugfs_create_file("coredump", 0600, dir, rproc, &amp_rproc_coredump_fops);
	debugfs_create_file("crash", 0200, dir, rproc, &amp_rproc_crash_fops);
	/* failure injection: so many of the next vdev registrations fail */
	debugfs_create_u32("fail_vdev_register", 0600, dir, &rproc->amp->fail_vdev_register);
}

/**
 * amp_rproc_debugfs_remove() - remove the remote's debugfs directory
 * @rproc: the remote, deleted; called without its lock (readers take it)
 */
void amp_rproc_debugfs_remove(struct rproc *rproc)
{
	struct dentry *dir;

	mutex_lock(&rproc->lock);
	dir = rproc->dbg_dir;
	rproc->dbg_dir = NULL;
	mutex_unlock(&rproc->lock);
	debugfs_remove_recursive(dir);
}

/**
 * amp_rproc_debugfs_init() - create debugfs remoteproc/
 */
void amp_rproc_debugfs_init(void)
{
	amp_rproc_debugfs_root = debugfs_create_dir("remoteproc", NULL);
}

/**
 * amp_rproc_debugfs_exit() - remove debugfs remoteproc/
 */
void amp_rproc_debugfs_exit(void)
{
	debugfs_remove_recursive(amp_rproc_debugfs_root);
}
