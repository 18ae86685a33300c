// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the remoteproc core, through upstream's API (struct rproc_ops): which ops
 * run, in which order, and which state the remote ends in, for every transition and every
 * failure of an op; the carveouts' alloc and release callbacks; a driver's own parse_fw
 * and handle_rsc; crash reports from interrupt context; and the bad arguments a platform
 * driver can pass. The remote is a fake one: its ops record their calls and fail on
 * request, and it boots an ELF image built here with no segment to load and no resource
 * table (the ELF defaults load it), or a table its own parse_fw supplies.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/interrupt.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "../drivers/remoteproc/amp_rproc_internal.h"

#define FAKE_MEM_LEN	0x1000

/**
 * struct fake_remote - the platform side of the fake remote
 * @calls: the ops called, in order, comma-separated
 * @fail_prepare: errno prepare returns
 * @fail_start: errno start returns
 * @fail_stop: errno stop returns
 * @fail_attach: errno attach returns
 * @fail_detach: errno detach returns
 * @fail_alloc: errno the carveout's alloc returns
 * @unprepare_ok: unprepare is only called after a successful prepare
 * @prepared: prepare succeeded and unprepare has not run since
 * @carveouts: carveouts prepare registers: 0, 1, or 2 that overlap
 * @carveout_da: device address of the first one
 * @allocs: calls of the carveout's alloc
 * @releases: calls of the carveout's release
 * @mem: the carveout's memory
 * @table: the table the driver's parse_fw supplies (or the running firmware's, for attach)
 * @table_len: its size
 * @loaded: where the "loaded" table lies (find_loaded_rsc_table)
 * @vendor_type: the vendor entry handle_rsc saw, or 0
 * @vendor_offset: its payload's offset in the table
 * @vendor_avail: bytes from it to the table's end
 * @vendor_ret: what handle_rsc returns
 */
struct fake_remote {
	char calls[160];
	int fail_prepare;
	int fail_start;
	int fail_stop;
	int fail_attach;
	int fail_detach;
	int fail_alloc;
	bool unprepare_ok;
	bool prepared;
	unsigned int carveouts;
	u32 carveout_da;
	unsigned int allocs;
	unsigned int releases;
	u8 mem[FAKE_MEM_LEN];
	u8 table[64];
	size_t table_len;
	u8 loaded[64];
	u32 vendor_type;
	size_t vendor_offset;
	size_t vendor_avail;
	int vendor_ret;
};

static struct fake_remote *fake(struct rproc *rproc)
{
	return rproc->priv;
}

static void fake_log(struct rproc *rproc, const char *op)
{
	struct fake_remote *fr = fake(rproc);

	if (fr->calls[0])
		strlcat(fr->calls, ",", sizeof(fr->calls));
	strlcat(fr->calls, op, sizeof(fr->calls));
}

static int fake_alloc(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	struct fake_remote *fr = fake(rproc);

	fr->allocs++;
	if (fr->fail_alloc)
		return fr->fail_alloc;
	mem->va = fr->mem;
	return 0;
}

static int fake_release(struct rproc *rproc, struct rproc_mem_entry *mem)
{
	fake(rproc)->releases++;
	mem->va = NULL;
	return 0;
}

static int fake_prepare(struct rproc *rproc)
{
	struct fake_remote *fr = fake(rproc);
	struct rproc_mem_entry *mem;
	unsigned int i;

	fake_log(rproc, "prepare");
	if (fr->fail_prepare)
		return fr->fail_prepare;
	/* as a platform driver does: its memory, described in prepare */
	for (i = 0; i < fr->carveouts; i++) {
		mem = rproc_mem_entry_init(rproc->dev.parent, NULL, 0x40000000 + i * 0x800,
					   FAKE_MEM_LEN, fr->carveout_da + i * 0x800, fake_alloc,
					   fake_release, "fake%u", i);
		if (!mem)
			return -ENOMEM;
		rproc_add_carveout(rproc, mem);
	}
	fr->prepared = true;
	return 0;
}

static int fake_unprepare(struct rproc *rproc)
{
	struct fake_remote *fr = fake(rproc);

	fake_log(rproc, "unprepare");
	fr->unprepare_ok = fr->prepared;
	fr->prepared = false;
	return 0;
}

static int fake_start(struct rproc *rproc)
{
	fake_log(rproc, "start");
	return fake(rproc)->fail_start;
}

static int fake_stop(struct rproc *rproc)
{
	fake_log(rproc, "stop");
	return fake(rproc)->fail_stop;
}

static const struct rproc_ops fake_ops = {
	.prepare = fake_prepare,
	.unprepare = fake_unprepare,
	.start = fake_start,
	.stop = fake_stop,
};

/* The running firmware's table, for attach: empty (ver 1, num 0). */
static const u32 fake_empty_table[4] = { 1, 0, 0, 0 };

static int fake_attach(struct rproc *rproc)
{
	fake_log(rproc, "attach");
	return fake(rproc)->fail_attach;
}

static int fake_detach(struct rproc *rproc)
{
	fake_log(rproc, "detach");
	return fake(rproc)->fail_detach;
}

static struct resource_table *fake_get_loaded_table(struct rproc *rproc, size_t *size)
{
	struct fake_remote *fr = fake(rproc);

	fake_log(rproc, "find");
	*size = fr->table_len;
	return (struct resource_table *)fr->loaded;
}

static const struct rproc_ops fake_detach_ops = {
	.prepare = fake_prepare,
	.unprepare = fake_unprepare,
	.start = fake_start,
	.stop = fake_stop,
	.attach = fake_attach,
	.detach = fake_detach,
	.get_loaded_rsc_table = fake_get_loaded_table,
};

/* A driver that loads firmware itself: its own parse_fw, load and vendor resources. */
static int fake_parse_fw(struct rproc *rproc, const struct firmware *fw)
{
	struct fake_remote *fr = fake(rproc);

	fake_log(rproc, "parse");
	rproc->cached_table = kmemdup(fr->table, fr->table_len, GFP_KERNEL);
	if (!rproc->cached_table)
		return -ENOMEM;
	rproc->table_sz = fr->table_len;
	return 0;
}

static int fake_load(struct rproc *rproc, const struct firmware *fw)
{
	fake_log(rproc, "load");
	return 0;
}

static struct resource_table *fake_find_loaded(struct rproc *rproc, const struct firmware *fw)
{
	return (struct resource_table *)fake(rproc)->loaded;
}

static int fake_handle_rsc(struct rproc *rproc, u32 type, void *rsc, int offset, int avail)
{
	struct fake_remote *fr = fake(rproc);

	fake_log(rproc, "rsc");
	fr->vendor_type = type;
	fr->vendor_offset = offset;
	fr->vendor_avail = avail;
	/* the payload, as the driver sees it: the core's copy, writable */
	if (avail >= 4)
		memcpy(rsc, "seen", 4);
	return fr->vendor_ret;
}

static const struct rproc_ops fake_own_loader_ops = {
	.prepare = fake_prepare,
	.unprepare = fake_unprepare,
	.start = fake_start,
	.stop = fake_stop,
	.parse_fw = fake_parse_fw,
	.load = fake_load,
	.find_loaded_rsc_table = fake_find_loaded,
	.handle_rsc = fake_handle_rsc,
};

/* An ELF64 executable with one PT_NOTE and no sections: nothing to load, no table. */
struct fake_image {
	struct elf64_hdr eh;
	struct elf64_phdr ph;
};

static const struct fake_image fake_image = {
	.eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_EXEC,
		.e_machine = EM_AARCH64,
		.e_version = EV_CURRENT,
		.e_entry = 0x5f000000,
		.e_phoff = sizeof(struct elf64_hdr),
		.e_ehsize = sizeof(struct elf64_hdr),
		.e_phentsize = sizeof(struct elf64_phdr),
		.e_phnum = 1,
	},
	.ph = {
		.p_type = PT_NOTE,
	},
};

static void fake_parent_release(struct device *dev)
{
}

#define MAX_OTHERS	8

/**
 * struct rproc_core_test - a test's remote, and the others it made
 * @parent: their platform device (never added)
 * @rproc: the remote of the test's ops (&fake_ops)
 * @fr: its fake platform side
 * @others: more remotes, freed with the test
 * @nothers: their number
 */
struct rproc_core_test {
	struct device parent;
	struct rproc *rproc;
	struct fake_remote *fr;
	struct rproc *others[MAX_OTHERS];
	unsigned int nothers;
};

static int rproc_core_test_init(struct kunit *test)
{
	struct rproc_core_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	/* Initialised, never added: a module's suites run before its sysfs is complete. */
	device_initialize(&t->parent);
	t->parent.release = fake_parent_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(&t->parent, "amp-rproc-core-test"), 0);
	t->rproc = rproc_alloc(&t->parent, "fake", &fake_ops, "fake.elf", sizeof(*t->fr));
	KUNIT_ASSERT_NOT_NULL(test, t->rproc);
	t->fr = t->rproc->priv;
	test->priv = t;
	return 0;
}

static void rproc_core_test_exit(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	while (t->nothers)
		rproc_free(t->others[--t->nothers]);
	rproc_free(t->rproc);
	put_device(&t->parent);
}

/* Another remote of the test's parent, freed with the test. */
static struct rproc *other_rproc(struct kunit *test, const struct rproc_ops *ops)
{
	struct rproc_core_test *t = test->priv;
	struct rproc *rproc;

	rproc = rproc_alloc(&t->parent, "fake-other", ops, "fake.elf",
			    sizeof(struct fake_remote));
	KUNIT_ASSERT_NOT_NULL(test, rproc);
	KUNIT_ASSERT_LT(test, t->nothers, MAX_OTHERS);
	t->others[t->nothers++] = rproc;
	return rproc;
}

static int boot_image(struct rproc *rproc, const void *image, size_t size)
{
	struct firmware fw = { .size = size, .data = image };
	int ret;

	mutex_lock(&rproc->lock);
	ret = amp_rproc_boot_fw(rproc, &fw);
	mutex_unlock(&rproc->lock);
	return ret;
}

static int boot(struct rproc *rproc)
{
	return boot_image(rproc, &fake_image, sizeof(fake_image));
}

/* Boot a detached remote: attach. */
static int attach(struct rproc *rproc)
{
	int ret;

	mutex_lock(&rproc->lock);
	ret = amp_rproc_boot_locked(rproc);
	mutex_unlock(&rproc->lock);
	return ret;
}

static int shutdown(struct rproc *rproc)
{
	int ret;

	mutex_lock(&rproc->lock);
	ret = amp_rproc_shutdown_locked(rproc);
	mutex_unlock(&rproc->lock);
	return ret;
}

static int detach(struct rproc *rproc)
{
	int ret;

	mutex_lock(&rproc->lock);
	ret = amp_rproc_detach_locked(rproc);
	mutex_unlock(&rproc->lock);
	return ret;
}

static void rproc_boot_then_shutdown(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, t->rproc->bootaddr, 0x5f000000ULL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start");
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,unprepare");
	KUNIT_EXPECT_TRUE(test, t->fr->unprepare_ok);
}

static void rproc_boot_while_running_is_busy(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -EBUSY);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start");
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
}

static void rproc_shutdown_while_offline_is_invalid(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), -EINVAL);
	KUNIT_EXPECT_EQ(test, rproc_shutdown(t->rproc), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
}

static void rproc_bad_image_touches_nothing(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct fake_image bad = fake_image;

	bad.eh.e_ident[EI_MAG0] = 0;
	KUNIT_EXPECT_LT(test, boot_image(t->rproc, &bad, sizeof(bad)), 0);
	KUNIT_EXPECT_LT(test, boot_image(t->rproc, &fake_image, sizeof(fake_image) - 1), 0);
	KUNIT_EXPECT_EQ(test, boot_image(t->rproc, NULL, 0), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
}

/* rproc_coredump_set_elf_info() says what the remote takes: class and machine. */
static void rproc_wrong_machine_or_class_is_refused(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, rproc_coredump_set_elf_info(t->rproc, ELFCLASS64, EM_ARM), 0);
	KUNIT_EXPECT_LT(test, boot(t->rproc), 0);
	KUNIT_ASSERT_EQ(test, rproc_coredump_set_elf_info(t->rproc, ELFCLASS32, EM_AARCH64), 0);
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -ENOEXEC);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
	KUNIT_EXPECT_EQ(test, rproc_coredump_set_elf_info(t->rproc, 7, EM_AARCH64), -EINVAL);
	KUNIT_ASSERT_EQ(test, rproc_coredump_set_elf_info(t->rproc, ELFCLASS64, EM_AARCH64), 0);
	KUNIT_EXPECT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
}

static void rproc_prepare_failure_stops_there(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->fail_prepare = -ENODEV;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -ENODEV);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare");
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
}

static void rproc_start_failure_unwinds(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->fail_start = -EIO;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -EIO);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,unprepare");
	KUNIT_EXPECT_TRUE(test, t->fr->unprepare_ok);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	/* and the remote boots once the cause is gone */
	t->fr->fail_start = 0;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
}

static void rproc_stop_failure_marks_crashed(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	t->fr->fail_stop = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_CRASHED);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop");
	/* a crashed remote cannot boot until it is stopped */
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -EBUSY);
	t->fr->fail_stop = 0;
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,stop,unprepare");
}

/*
 * A start that fails but cannot make sure the core is off (-ETIMEDOUT) leaves everything
 * in place (no unprepare): the remote is crashed until a stop succeeds.
 */
static void rproc_start_timeout_keeps_the_boot(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->carveouts = 1;
	t->fr->fail_start = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_CRASHED);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start");
	KUNIT_EXPECT_TRUE(test, t->fr->prepared);
	KUNIT_EXPECT_EQ(test, t->fr->releases, 0);
	t->fr->fail_start = 0;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -EBUSY);
	/* a stop that fails again changes nothing */
	t->fr->fail_stop = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_CRASHED);
	KUNIT_EXPECT_TRUE(test, t->fr->prepared);
	KUNIT_EXPECT_EQ(test, t->fr->releases, 0);
	t->fr->fail_stop = 0;
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,stop,unprepare");
	KUNIT_EXPECT_TRUE(test, t->fr->unprepare_ok);
	KUNIT_EXPECT_EQ(test, t->fr->releases, 1);
}

static void rproc_deleted_refuses_to_boot(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->rproc->deleting = true;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -ENODEV);
	KUNIT_EXPECT_EQ(test, attach(t->rproc), -ENODEV);
	KUNIT_EXPECT_EQ(test, amp_rproc_set_firmware(t->rproc, "x.elf", 5), -EBUSY);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
}

/* rproc_boot() and rproc_shutdown() count their users, as upstream's. */
static void rproc_power_is_counted(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	atomic_set(&t->rproc->power, 1);
	KUNIT_EXPECT_EQ(test, rproc_boot(t->rproc), 0);	/* a second user */
	KUNIT_EXPECT_EQ(test, atomic_read(&t->rproc->power), 2);
	KUNIT_EXPECT_EQ(test, rproc_shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, rproc_shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->rproc->power), 0);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,unprepare");
	KUNIT_EXPECT_EQ(test, rproc_boot(NULL), -EINVAL);
}

static void rproc_detach_unsupported(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, detach(t->rproc), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
}

static struct rproc *detachable(struct kunit *test)
{
	struct rproc *rproc = other_rproc(test, &fake_detach_ops);
	struct fake_remote *fr = fake(rproc);

	memcpy(fr->loaded, fake_empty_table, sizeof(fake_empty_table));
	fr->table_len = sizeof(fake_empty_table);
	return rproc;
}

/* Detach a booted remote, attach to it (get_loaded_rsc_table), stop it. */
static void rproc_detach_then_attach(struct kunit *test)
{
	struct rproc *rproc = detachable(test);
	struct fake_remote *fr = fake(rproc);

	KUNIT_EXPECT_EQ(test, detach(rproc), -EINVAL);	/* offline */
	KUNIT_ASSERT_EQ(test, boot(rproc), 0);
	KUNIT_EXPECT_EQ(test, detach(rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_DETACHED);
	KUNIT_EXPECT_EQ(test, shutdown(rproc), -EINVAL);
	KUNIT_EXPECT_EQ(test, attach(rproc), 0);	/* detached: attaches, loads nothing */
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_ATTACHED);
	KUNIT_EXPECT_EQ(test, attach(rproc), -EBUSY);
	KUNIT_EXPECT_EQ(test, shutdown(rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, fr->calls,
			   "prepare,start,detach,unprepare,prepare,find,attach,stop,unprepare");
}

/* A failed attach leaves the remote as it was: detached, nothing held. */
static void rproc_attach_failure_leaves_it_detached(struct kunit *test)
{
	struct rproc *rproc = detachable(test);
	struct fake_remote *fr = fake(rproc);

	rproc->state = RPROC_DETACHED;
	fr->fail_attach = -EIO;
	KUNIT_EXPECT_EQ(test, attach(rproc), -EIO);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_DETACHED);
	KUNIT_EXPECT_NULL(test, rproc->cached_table);
	fr->fail_attach = 0;
	KUNIT_EXPECT_EQ(test, attach(rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_ATTACHED);
	KUNIT_EXPECT_EQ(test, shutdown(rproc), 0);
	KUNIT_EXPECT_STREQ(test, fr->calls,
			   "prepare,find,attach,unprepare,prepare,find,attach,stop,unprepare");
	KUNIT_EXPECT_TRUE(test, fr->unprepare_ok);
}

/* A failed detach leaves the remote ours, running, its boot intact. */
static void rproc_detach_failure_keeps_it_running(struct kunit *test)
{
	struct rproc *rproc = detachable(test);
	struct fake_remote *fr = fake(rproc);

	KUNIT_ASSERT_EQ(test, boot(rproc), 0);
	fr->fail_detach = -EIO;
	KUNIT_EXPECT_EQ(test, detach(rproc), -EIO);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_RUNNING);
	KUNIT_EXPECT_TRUE(test, fr->prepared);
	KUNIT_EXPECT_EQ(test, shutdown(rproc), 0);
	KUNIT_EXPECT_STREQ(test, fr->calls, "prepare,start,detach,stop,unprepare");
}

/* A running firmware whose table is hostile is not attached to; its table is left alone. */
static void rproc_attach_checks_the_table(struct kunit *test)
{
	struct rproc *rproc = detachable(test);
	struct fake_remote *fr = fake(rproc);
	u32 *live = (u32 *)fr->loaded;

	live[1] = 1000;		/* num: far more entries than the table holds */
	rproc->state = RPROC_DETACHED;
	KUNIT_EXPECT_EQ(test, attach(rproc), -E2BIG);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_DETACHED);
	KUNIT_EXPECT_EQ(test, live[1], 1000);
	KUNIT_EXPECT_STREQ(test, fr->calls, "prepare,find,unprepare");
	/* nor one of no size, or of more than the core takes */
	live[1] = 0;
	fr->table_len = 0;
	KUNIT_EXPECT_EQ(test, attach(rproc), -EINVAL);
	fr->table_len = AMP_RPROC_MAX_TABLE_SIZE + 1;
	KUNIT_EXPECT_EQ(test, attach(rproc), -EINVAL);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_DETACHED);
}

/*
 * Recovery of a driver with RPROC_FEAT_ATTACH_ON_RECOVERY: detach the crashed remote and
 * attach to it again (its platform restarts it), as upstream; the report may come from
 * an interrupt handler.
 */
static void rproc_crash_report_attach_on_recovery(struct kunit *test)
{
	struct rproc *rproc = detachable(test);
	struct fake_remote *fr = fake(rproc);
	unsigned long flags;

	rproc_set_feature(rproc, RPROC_FEAT_ATTACH_ON_RECOVERY);
	rproc->state = RPROC_DETACHED;
	KUNIT_ASSERT_EQ(test, attach(rproc), 0);
	local_irq_save(flags);
	rproc_report_crash(rproc, RPROC_WATCHDOG);
	local_irq_restore(flags);
	flush_work(&rproc->crash_handler);
	KUNIT_EXPECT_EQ(test, rproc->crash_cnt, 1);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_ATTACHED);
	KUNIT_EXPECT_STREQ(test, fr->calls,
			   "prepare,find,attach,detach,unprepare,prepare,find,attach");
	KUNIT_EXPECT_EQ(test, shutdown(rproc), 0);
}

/*
 * A crash report from interrupt context, recovery disabled: the remote is marked crashed,
 * counted once; a second report about the same run while it is crashed is ignored.
 */
static void rproc_crash_report_from_irq(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	unsigned long flags;

	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	t->rproc->recovery_disabled = true;
	local_irq_save(flags);
	rproc_report_crash(t->rproc, RPROC_FATAL_ERROR);
	local_irq_restore(flags);
	flush_work(&t->rproc->crash_handler);
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_CRASHED);
	KUNIT_EXPECT_EQ(test, t->rproc->crash_cnt, 1);
	rproc_report_crash(t->rproc, RPROC_WATCHDOG);
	flush_work(&t->rproc->crash_handler);
	KUNIT_EXPECT_EQ(test, t->rproc->crash_cnt, 1);
	/* recovery by hand: not from offline; the crashed remote is stopped first */
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc_trigger_recovery(t->rproc), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,unprepare");
	rproc_report_crash(NULL, RPROC_WATCHDOG);	/* reported, ignored */
}

/* A doorbell naming no vring of the remote is not its interrupt. */
static void rproc_vq_interrupt_unknown_id(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, rproc_vq_interrupt(t->rproc, 5), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, rproc_vq_interrupt(t->rproc, -1), IRQ_NONE);
	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc_vq_interrupt(t->rproc, 0), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, rproc_vq_interrupt(t->rproc, INT_MAX), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
}

/* The carveouts the driver registers: allocated once per boot, released once per stop. */
static void rproc_carveout_callbacks(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct rproc_mem_entry *mem;
	bool iomem = true;

	t->fr->carveouts = 1;
	t->fr->carveout_da = 0x5f000000;
	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->fr->allocs, 1);
	KUNIT_EXPECT_EQ(test, t->fr->releases, 0);
	mem = rproc_find_carveout_by_name(t->rproc, "fake%u", 0);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_PTR_EQ(test, mem->va, (void *)t->fr->mem);
	KUNIT_EXPECT_PTR_EQ(test, rproc_da_to_va(t->rproc, 0x5f000010, 16, &iomem),
			    (void *)(t->fr->mem + 0x10));
	KUNIT_EXPECT_FALSE(test, iomem);
	KUNIT_EXPECT_NULL(test, rproc_da_to_va(t->rproc, 0x5f000ff8, 16, NULL));
	KUNIT_EXPECT_NULL(test, rproc_da_to_va(t->rproc, 0x5f000000, 0, NULL));
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->fr->releases, 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&t->rproc->carveouts));
	/* and again: prepare registers them anew */
	KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->fr->allocs, 2);
	KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, t->fr->releases, 2);
}

/* A carveout that cannot be allocated fails the boot before start; nothing kept. */
static void rproc_carveout_alloc_failure(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->carveouts = 1;
	t->fr->fail_alloc = -ENOMEM;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -ENOMEM);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,unprepare");
	KUNIT_EXPECT_EQ(test, t->rproc->state, RPROC_OFFLINE);
	KUNIT_EXPECT_TRUE(test, list_empty(&t->rproc->carveouts));
}

struct carveout_case {
	const char *desc;
	unsigned int count;
	u32 da;
};

static const struct carveout_case bad_carveout_cases[] = {
	{ "two that overlap", 2, 0x5f000000 },
	{ "beyond the 32-bit device address space", 1, 0xfffff800 },
};

static void carveout_case_desc(const struct carveout_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_carveout, bad_carveout_cases, carveout_case_desc);

/* The driver's own carveouts are checked before anything is allocated or started. */
static void rproc_bad_carveouts_refused(struct kunit *test)
{
	const struct carveout_case *c = test->param_value;
	struct rproc_core_test *t = test->priv;

	t->fr->carveouts = c->count;
	t->fr->carveout_da = c->da;
	KUNIT_EXPECT_EQ(test, boot(t->rproc), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,unprepare");
	KUNIT_EXPECT_EQ(test, t->fr->allocs, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&t->rproc->carveouts));
}

/* A table with one vendor entry (type 200, 8 bytes of payload) and nothing else. */
static size_t vendor_table(u8 *buf)
{
	struct resource_table *table = (void *)buf;
	struct fw_rsc_hdr *hdr;

	memset(buf, 0, 64);
	table->ver = 1;
	table->num = 1;
	table->offset[0] = 20;
	hdr = (void *)(buf + 20);
	hdr->type = 200;
	memcpy(hdr->data, "vendor!", 8);
	return 32;
}

/*
 * A driver with its own parse_fw, load and handle_rsc: the core checks the table parse_fw
 * supplies, hands vendor entries to handle_rsc on its copy, and writes the copy into the
 * loaded image.
 */
static void rproc_driver_parse_fw_and_vendor_rsc(struct kunit *test)
{
	struct rproc *rproc = other_rproc(test, &fake_own_loader_ops);
	struct fake_remote *fr = fake(rproc);

	fr->table_len = vendor_table(fr->table);
	KUNIT_ASSERT_EQ(test, boot(rproc), 0);
	KUNIT_EXPECT_STREQ(test, fr->calls, "prepare,parse,rsc,load,start");
	KUNIT_EXPECT_EQ(test, fr->vendor_type, 200);
	KUNIT_EXPECT_EQ(test, fr->vendor_offset, 24);
	KUNIT_EXPECT_EQ(test, fr->vendor_avail, 8);
	/* what handle_rsc wrote reached the loaded table */
	KUNIT_EXPECT_EQ(test, memcmp(fr->loaded + 24, "seen", 4), 0);
	KUNIT_EXPECT_EQ(test, shutdown(rproc), 0);

	/* a refusal of the driver's fails the boot; RSC_IGNORED does not */
	fr->calls[0] = 0;
	fr->vendor_ret = -EPROTO;
	KUNIT_EXPECT_EQ(test, boot(rproc), -EPROTO);
	KUNIT_EXPECT_STREQ(test, fr->calls, "prepare,parse,rsc,unprepare");
	fr->vendor_ret = RSC_IGNORED;
	KUNIT_EXPECT_EQ(test, boot(rproc), 0);
	KUNIT_EXPECT_EQ(test, shutdown(rproc), 0);
}

/* A hostile table from the driver's parse_fw never reaches handle_rsc, nor start. */
static void rproc_driver_table_is_checked(struct kunit *test)
{
	struct rproc *rproc = other_rproc(test, &fake_own_loader_ops);
	struct fake_remote *fr = fake(rproc);
	struct resource_table *table = (void *)fr->table;

	fr->table_len = vendor_table(fr->table);
	table->offset[0] = 60;		/* past the table's end */
	KUNIT_EXPECT_LT(test, boot(rproc), 0);
	KUNIT_EXPECT_STREQ(test, fr->calls, "prepare,parse,unprepare");
	KUNIT_EXPECT_EQ(test, fr->vendor_type, 0);
	KUNIT_EXPECT_NULL(test, rproc->cached_table);
	KUNIT_EXPECT_EQ(test, rproc->state, RPROC_OFFLINE);
}

static int fake_nop(struct rproc *rproc)
{
	return 0;
}

static const struct rproc_ops fake_no_stop_ops = {
	.start = fake_nop,
};

static const struct rproc_ops fake_no_start_ops = {
	.stop = fake_nop,
};

/* What rproc_alloc() and rproc_add() refuse, each with a message. */
static void rproc_bad_driver_arguments(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct rproc_mem_entry *mem;
	struct rproc *rproc;
	unsigned int i;
	char *name;

	KUNIT_EXPECT_NULL(test, rproc_alloc(NULL, "x", &fake_ops, NULL, 0));
	KUNIT_EXPECT_NULL(test, rproc_alloc(&t->parent, NULL, &fake_ops, NULL, 0));
	KUNIT_EXPECT_NULL(test, rproc_alloc(&t->parent, "x", NULL, NULL, 0));
	KUNIT_EXPECT_NULL(test, rproc_alloc(&t->parent, "x", &fake_ops, NULL, -1));
	KUNIT_EXPECT_NULL(test, rproc_alloc(&t->parent, "x", &fake_ops, "", 0));
	KUNIT_EXPECT_NULL(test, rproc_alloc(&t->parent, "x", &fake_ops, "a\nb", 0));
	name = kunit_kzalloc(test, NAME_MAX + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	memset(name, 'f', NAME_MAX + 1);
	KUNIT_EXPECT_NULL(test, rproc_alloc(&t->parent, "x", &fake_ops, name, 0));
	name[NAME_MAX] = 0;
	rproc = rproc_alloc(&t->parent, "x", &fake_ops, name, 0);
	KUNIT_EXPECT_NOT_NULL(test, rproc);
	if (rproc)
		rproc_free(rproc);

	/* without a firmware name: upstream's default */
	rproc = other_rproc(test, &fake_ops);
	KUNIT_EXPECT_STREQ(test, rproc->firmware, "fake.elf");
	rproc = rproc_alloc(&t->parent, "dsp0", &fake_ops, NULL, 0);
	KUNIT_ASSERT_NOT_NULL(test, rproc);
	KUNIT_EXPECT_STREQ(test, rproc->firmware, "rproc-dsp0-fw");
	/* the ELF defaults, as upstream's, for a driver without a load op */
	KUNIT_EXPECT_TRUE(test, rproc->ops->load == rproc_elf_load_segments);
	KUNIT_EXPECT_TRUE(test, rproc->ops->parse_fw == rproc_elf_load_rsc_table);
	rproc_free(rproc);

	/* refused by rproc_add() before anything is published */
	rproc = other_rproc(test, &fake_no_stop_ops);
	KUNIT_EXPECT_EQ(test, rproc_add(rproc), -EINVAL);
	rproc = other_rproc(test, &fake_no_start_ops);
	KUNIT_EXPECT_EQ(test, rproc_add(rproc), -EINVAL);
	rproc = other_rproc(test, &fake_ops);
	rproc->state = RPROC_DETACHED;		/* no attach op */
	KUNIT_EXPECT_EQ(test, rproc_add(rproc), -EINVAL);
	rproc = other_rproc(test, &fake_ops);
	rproc->state = RPROC_RUNNING;
	KUNIT_EXPECT_EQ(test, rproc_add(rproc), -EINVAL);
	rproc = other_rproc(test, &fake_ops);
	rproc->has_iommu = true;
	KUNIT_EXPECT_EQ(test, rproc_add(rproc), -EOPNOTSUPP);
	/* carveouts registered in probe that overlap */
	rproc = other_rproc(test, &fake_ops);
	for (i = 0; i < 2; i++) {
		mem = rproc_mem_entry_init(&t->parent, NULL, 0, 0x1000, 0x1000 + i * 0x800,
					   NULL, NULL, "probe%u", i);
		KUNIT_ASSERT_NOT_NULL(test, mem);
		rproc_add_carveout(rproc, mem);
	}
	KUNIT_EXPECT_EQ(test, rproc_add(rproc), -EINVAL);
}

struct firmware_case {
	const char *desc;
	const char *name;
	bool running;
	int expected;
	const char *result;
};

static const struct firmware_case firmware_cases[] = {
	{ "plain", "a.elf", false, 0, "a.elf" },
	{ "newline_dropped", "b.elf\n", false, 0, "b.elf" },
	{ "subdirectory", "bad/c.elf", false, 0, "bad/c.elf" },
	{ "empty", "", false, -EINVAL, "fake.elf" },
	{ "only_newline", "\n", false, -EINVAL, "fake.elf" },
	{ "inner_newline", "a\nb", false, -EINVAL, "fake.elf" },
	{ "while_running", "d.elf", true, -EBUSY, "fake.elf" },
};

static void firmware_case_desc(const struct firmware_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(firmware, firmware_cases, firmware_case_desc);

static void rproc_set_firmware_rules(struct kunit *test)
{
	const struct firmware_case *c = test->param_value;
	struct rproc_core_test *t = test->priv;

	if (c->running)
		KUNIT_ASSERT_EQ(test, boot(t->rproc), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_set_firmware(t->rproc, c->name, strlen(c->name)),
			c->expected);
	KUNIT_EXPECT_STREQ(test, t->rproc->firmware, c->result);
	if (c->running)
		KUNIT_EXPECT_EQ(test, shutdown(t->rproc), 0);
}

static void rproc_state_names_match_upstream(struct kunit *test)
{
	static const char * const names[] = {
		"offline", "suspended", "running", "crashed", "attached", "detached",
	};
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(names) != RPROC_LAST);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(i), names[i]);
	KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(RPROC_LAST), "invalid");
	KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(-1), "invalid");
}

static struct kunit_case rproc_core_cases[] = {
	KUNIT_CASE(rproc_boot_then_shutdown),
	KUNIT_CASE(rproc_boot_while_running_is_busy),
	KUNIT_CASE(rproc_shutdown_while_offline_is_invalid),
	KUNIT_CASE(rproc_bad_image_touches_nothing),
	KUNIT_CASE(rproc_wrong_machine_or_class_is_refused),
	KUNIT_CASE(rproc_prepare_failure_stops_there),
	KUNIT_CASE(rproc_start_failure_unwinds),
	KUNIT_CASE(rproc_stop_failure_marks_crashed),
	KUNIT_CASE(rproc_start_timeout_keeps_the_boot),
	KUNIT_CASE(rproc_deleted_refuses_to_boot),
	KUNIT_CASE(rproc_power_is_counted),
	KUNIT_CASE(rproc_detach_unsupported),
	KUNIT_CASE(rproc_detach_then_attach),
	KUNIT_CASE(rproc_attach_checks_the_table),
	KUNIT_CASE(rproc_attach_failure_leaves_it_detached),
	KUNIT_CASE(rproc_detach_failure_keeps_it_running),
	KUNIT_CASE(rproc_crash_report_attach_on_recovery),
	KUNIT_CASE(rproc_crash_report_from_irq),
	KUNIT_CASE(rproc_vq_interrupt_unknown_id),
	KUNIT_CASE(rproc_carveout_callbacks),
	KUNIT_CASE(rproc_carveout_alloc_failure),
	KUNIT_CASE_PARAM(rproc_bad_carveouts_refused, bad_carveout_gen_params),
	KUNIT_CASE(rproc_driver_parse_fw_and_vendor_rsc),
	KUNIT_CASE(rproc_driver_table_is_checked),
	KUNIT_CASE(rproc_bad_driver_arguments),
	KUNIT_CASE_PARAM(rproc_set_firmware_rules, firmware_gen_params),
	KUNIT_CASE(rproc_state_names_match_upstream),
	{}
};

static struct kunit_suite rproc_core_suite = {
	.name = "amp_rproc_core",
	.init = rproc_core_test_init,
	.exit = rproc_core_test_exit,
	.test_cases = rproc_core_cases,
};

kunit_test_suite(rproc_core_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suite of the AMP remoteproc core, through upstream's API");
