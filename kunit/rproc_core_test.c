// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the remoteproc core's life cycle: which ops run, in which order, and which
 * state the remote ends in, for every transition and every failure of an op. The remote is
 * a fake one: its ops record their calls and fail on request, and it boots an ELF image
 * built here with no segment to load and no resource table.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/string.h>

#include "../drivers/remoteproc/amp_rproc_internal.h"

/**
 * struct fake_remote - the platform side of the fake remote
 * @calls: the ops called, in order, comma-separated
 * @fail_prepare: errno prepare returns
 * @fail_start: errno start returns
 * @fail_stop: errno stop returns
 * @fail_attach: errno attach returns
 * @fail_detach: errno detach returns
 * @unprepare_ok: unprepare is only called after a successful prepare
 * @prepared: prepare succeeded and unprepare has not run since
 */
struct fake_remote {
	char calls[128];
	int fail_prepare;
	int fail_start;
	int fail_stop;
	int fail_attach;
	int fail_detach;
	bool unprepare_ok;
	bool prepared;
};

static void fake_log(struct amp_rproc *rproc, const char *op)
{
	struct fake_remote *fr = amp_rproc_priv(rproc);

	if (fr->calls[0])
		strlcat(fr->calls, ",", sizeof(fr->calls));
	strlcat(fr->calls, op, sizeof(fr->calls));
}

static int fake_prepare(struct amp_rproc *rproc)
{
	struct fake_remote *fr = amp_rproc_priv(rproc);

	fake_log(rproc, "prepare");
	fr->prepared = !fr->fail_prepare;
	return fr->fail_prepare;
}

static int fake_unprepare(struct amp_rproc *rproc)
{
	struct fake_remote *fr = amp_rproc_priv(rproc);

	fake_log(rproc, "unprepare");
	fr->unprepare_ok = fr->prepared;
	fr->prepared = false;
	return 0;
}

static int fake_start(struct amp_rproc *rproc)
{
	fake_log(rproc, "start");
	return ((struct fake_remote *)amp_rproc_priv(rproc))->fail_start;
}

static int fake_stop(struct amp_rproc *rproc)
{
	fake_log(rproc, "stop");
	return ((struct fake_remote *)amp_rproc_priv(rproc))->fail_stop;
}

static const struct amp_rproc_ops fake_ops = {
	.prepare = fake_prepare,
	.unprepare = fake_unprepare,
	.start = fake_start,
	.stop = fake_stop,
};

/* The running firmware's table, for attach: empty, at device address FAKE_TABLE_DA. */
#define FAKE_TABLE_DA	0x1000
static const u32 fake_table[4] = { 1, 0, 0, 0 };	/* ver 1, num 0, reserved */
static u32 fake_table_mem[ARRAY_SIZE(fake_table)];

static void *fake_da_to_va(struct amp_rproc *rproc, u64 da, size_t len)
{
	if (da < FAKE_TABLE_DA || len > sizeof(fake_table_mem) ||
	    da - FAKE_TABLE_DA > sizeof(fake_table_mem) - len)
		return NULL;
	return (u8 *)fake_table_mem + (da - FAKE_TABLE_DA);
}

static int fake_attach(struct amp_rproc *rproc)
{
	fake_log(rproc, "attach");
	return ((struct fake_remote *)amp_rproc_priv(rproc))->fail_attach;
}

static int fake_detach(struct amp_rproc *rproc)
{
	fake_log(rproc, "detach");
	return ((struct fake_remote *)amp_rproc_priv(rproc))->fail_detach;
}

static int fake_find_table(struct amp_rproc *rproc, u64 *da, size_t *size)
{
	fake_log(rproc, "find");
	*da = FAKE_TABLE_DA;
	*size = sizeof(fake_table);
	return 0;
}

static const struct amp_rproc_ops fake_detach_ops = {
	.prepare = fake_prepare,
	.unprepare = fake_unprepare,
	.start = fake_start,
	.stop = fake_stop,
	.da_to_va = fake_da_to_va,
	.attach = fake_attach,
	.detach = fake_detach,
	.find_loaded_rsc_table = fake_find_table,
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

struct rproc_core_test {
	struct device parent;
	struct amp_rproc *rproc;
	struct fake_remote *fr;
};

static int rproc_core_test_init(struct kunit *test)
{
	struct rproc_core_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	/* Initialised, never added: a module's suites run before its sysfs is complete. */
	device_initialize(&t->parent);
	t->parent.release = fake_parent_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(&t->parent, "amp-rproc-core-test"), 0);
	t->rproc = amp_rproc_alloc(&t->parent, "fake", &fake_ops, "fake.elf", sizeof(*t->fr));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->rproc);
	t->fr = amp_rproc_priv(t->rproc);
	test->priv = t;
	return 0;
}

static void rproc_core_test_exit(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	amp_rproc_put(t->rproc);
	put_device(&t->parent);
}

static int boot(struct rproc_core_test *t, const void *image, size_t size)
{
	int ret;

	mutex_lock(&t->rproc->lock);
	ret = amp_rproc_boot_image(t->rproc, image, size);
	mutex_unlock(&t->rproc->lock);
	return ret;
}

static int shutdown(struct rproc_core_test *t)
{
	int ret;

	mutex_lock(&t->rproc->lock);
	ret = amp_rproc_shutdown(t->rproc);
	mutex_unlock(&t->rproc->lock);
	return ret;
}

static void rproc_boot_then_shutdown(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
	KUNIT_ASSERT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, t->rproc->bootaddr, 0x5f000000ULL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start");
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,unprepare");
	KUNIT_EXPECT_TRUE(test, t->fr->unprepare_ok);
}

static void rproc_boot_while_running_is_busy(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -EBUSY);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start");
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
}

static void rproc_shutdown_while_offline_is_invalid(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, shutdown(t), -EINVAL);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
}

static void rproc_bad_image_touches_nothing(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct fake_image bad = fake_image;

	bad.eh.e_ident[EI_MAG0] = 0;
	KUNIT_EXPECT_LT(test, boot(t, &bad, sizeof(bad)), 0);
	KUNIT_EXPECT_LT(test, boot(t, &fake_image, sizeof(fake_image) - 1), 0);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
}

static void rproc_wrong_machine_is_refused(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	amp_rproc_set_elf_machine(t->rproc, EM_ARM);
	KUNIT_EXPECT_LT(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
	amp_rproc_set_elf_machine(t->rproc, EM_AARCH64);
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
}

static void rproc_prepare_failure_stops_there(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->fail_prepare = -ENODEV;
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -ENODEV);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare");
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
}

static void rproc_start_failure_unwinds(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->fail_start = -EIO;
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -EIO);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,unprepare");
	KUNIT_EXPECT_TRUE(test, t->fr->unprepare_ok);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
	/* and the remote boots once the cause is gone */
	t->fr->fail_start = 0;
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
}

static void rproc_stop_failure_marks_crashed(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	t->fr->fail_stop = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, shutdown(t), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_CRASHED);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop");
	/* a crashed remote cannot boot until it is stopped */
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -EBUSY);
	t->fr->fail_stop = 0;
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,stop,unprepare");
}

/*
 * A start that fails but cannot make sure the core is off (-ETIMEDOUT) leaves everything
 * in place (no unprepare): the remote is crashed until a stop succeeds.
 */
static void rproc_start_timeout_keeps_the_boot(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->fr->fail_start = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_CRASHED);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start");
	KUNIT_EXPECT_TRUE(test, t->fr->prepared);
	t->fr->fail_start = 0;
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -EBUSY);
	/* a stop that fails again changes nothing */
	t->fr->fail_stop = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, shutdown(t), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_CRASHED);
	KUNIT_EXPECT_TRUE(test, t->fr->prepared);
	t->fr->fail_stop = 0;
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "prepare,start,stop,stop,unprepare");
	KUNIT_EXPECT_TRUE(test, t->fr->unprepare_ok);
}

static void rproc_deleted_refuses_everything(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	t->rproc->state = AMP_RPROC_DELETED;
	KUNIT_EXPECT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), -ENODEV);
	KUNIT_EXPECT_EQ(test, shutdown(t), -ENODEV);
	KUNIT_EXPECT_STREQ(test, t->fr->calls, "");
}

static void rproc_detach_unsupported(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	mutex_lock(&t->rproc->lock);
	KUNIT_EXPECT_EQ(test, amp_rproc_detach(t->rproc), -EINVAL);
	mutex_unlock(&t->rproc->lock);
	KUNIT_EXPECT_EQ(test, t->rproc->state, AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, shutdown(t), 0);
}

/* Detach a booted remote, attach to it (through the da_to_va op), stop it. */
static void rproc_detach_then_attach(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct amp_rproc *rproc;
	struct fake_remote *fr;
	int ret;

	rproc = amp_rproc_alloc(&t->parent, "fake-detach", &fake_detach_ops, "fake.elf",
				sizeof(*fr));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rproc);
	fr = amp_rproc_priv(rproc);
	memcpy(fake_table_mem, fake_table, sizeof(fake_table));

	mutex_lock(&rproc->lock);
	KUNIT_EXPECT_EQ(test, amp_rproc_detach(rproc), -EINVAL);	/* offline */
	KUNIT_EXPECT_EQ(test, amp_rproc_boot_image(rproc, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_detach(rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_DETACHED);
	KUNIT_EXPECT_EQ(test, amp_rproc_shutdown(rproc), -EINVAL);
	ret = amp_rproc_boot(rproc);	/* detached: attaches, loads nothing */
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_ATTACHED);
	KUNIT_EXPECT_EQ(test, amp_rproc_boot(rproc), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_rproc_shutdown(rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_OFFLINE);
	mutex_unlock(&rproc->lock);
	KUNIT_EXPECT_STREQ(test, fr->calls,
			   "prepare,start,detach,unprepare,prepare,find,attach,stop,unprepare");
	amp_rproc_put(rproc);
}

static struct amp_rproc *detachable(struct kunit *test, struct rproc_core_test *t)
{
	struct amp_rproc *rproc;

	rproc = amp_rproc_alloc(&t->parent, "fake-detach", &fake_detach_ops, "fake.elf",
				sizeof(struct fake_remote));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rproc);
	memcpy(fake_table_mem, fake_table, sizeof(fake_table));
	return rproc;
}

/* A failed attach leaves the remote as it was: detached, nothing held. */
static void rproc_attach_failure_leaves_it_detached(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct amp_rproc *rproc = detachable(test, t);
	struct fake_remote *fr = amp_rproc_priv(rproc);

	amp_rproc_set_detached(rproc);
	fr->fail_attach = -EIO;
	mutex_lock(&rproc->lock);
	KUNIT_EXPECT_EQ(test, amp_rproc_boot(rproc), -EIO);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_DETACHED);
	KUNIT_EXPECT_NULL(test, rproc->cached_table);
	fr->fail_attach = 0;
	KUNIT_EXPECT_EQ(test, amp_rproc_boot(rproc), 0);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_ATTACHED);
	KUNIT_EXPECT_EQ(test, amp_rproc_shutdown(rproc), 0);
	mutex_unlock(&rproc->lock);
	KUNIT_EXPECT_STREQ(test, fr->calls,
			   "prepare,find,attach,unprepare,prepare,find,attach,stop,unprepare");
	KUNIT_EXPECT_TRUE(test, fr->unprepare_ok);
	amp_rproc_put(rproc);
}

/* A failed detach leaves the remote ours, running, its boot intact. */
static void rproc_detach_failure_keeps_it_running(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct amp_rproc *rproc = detachable(test, t);
	struct fake_remote *fr = amp_rproc_priv(rproc);

	mutex_lock(&rproc->lock);
	KUNIT_ASSERT_EQ(test, amp_rproc_boot_image(rproc, &fake_image, sizeof(fake_image)), 0);
	fr->fail_detach = -EIO;
	KUNIT_EXPECT_EQ(test, amp_rproc_detach(rproc), -EIO);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_RUNNING);
	KUNIT_EXPECT_TRUE(test, fr->prepared);
	KUNIT_EXPECT_EQ(test, amp_rproc_shutdown(rproc), 0);
	mutex_unlock(&rproc->lock);
	KUNIT_EXPECT_STREQ(test, fr->calls, "prepare,start,detach,stop,unprepare");
	amp_rproc_put(rproc);
}

/* A running firmware whose table is hostile is not attached to. */
static void rproc_attach_checks_the_table(struct kunit *test)
{
	struct rproc_core_test *t = test->priv;
	struct amp_rproc *rproc;

	rproc = amp_rproc_alloc(&t->parent, "fake-detach", &fake_detach_ops, "fake.elf",
				sizeof(struct fake_remote));
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rproc);
	memcpy(fake_table_mem, fake_table, sizeof(fake_table));
	fake_table_mem[1] = 1000;	/* num: far more entries than the table holds */
	amp_rproc_set_detached(rproc);
	mutex_lock(&rproc->lock);
	KUNIT_EXPECT_EQ(test, amp_rproc_boot(rproc), -E2BIG);
	KUNIT_EXPECT_EQ(test, rproc->state, AMP_RPROC_DETACHED);
	mutex_unlock(&rproc->lock);
	KUNIT_EXPECT_STREQ(test, ((struct fake_remote *)amp_rproc_priv(rproc))->calls,
			   "prepare,find,unprepare");
	amp_rproc_put(rproc);
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
		KUNIT_ASSERT_EQ(test, boot(t, &fake_image, sizeof(fake_image)), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_set_firmware(t->rproc, c->name, strlen(c->name)),
			c->expected);
	KUNIT_EXPECT_STREQ(test, t->rproc->firmware, c->result);
	if (c->running)
		KUNIT_EXPECT_EQ(test, shutdown(t), 0);
}

static void rproc_state_names_match_upstream(struct kunit *test)
{
	static const char * const names[] = {
		"offline", "suspended", "running", "crashed", "deleted", "attached", "detached",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(i), names[i]);
	KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(AMP_RPROC_LAST), "invalid");
	KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(-1), "invalid");
}

static struct kunit_case rproc_core_cases[] = {
	KUNIT_CASE(rproc_boot_then_shutdown),
	KUNIT_CASE(rproc_boot_while_running_is_busy),
	KUNIT_CASE(rproc_shutdown_while_offline_is_invalid),
	KUNIT_CASE(rproc_bad_image_touches_nothing),
	KUNIT_CASE(rproc_wrong_machine_is_refused),
	KUNIT_CASE(rproc_prepare_failure_stops_there),
	KUNIT_CASE(rproc_start_failure_unwinds),
	KUNIT_CASE(rproc_stop_failure_marks_crashed),
	KUNIT_CASE(rproc_start_timeout_keeps_the_boot),
	KUNIT_CASE(rproc_deleted_refuses_everything),
	KUNIT_CASE(rproc_detach_unsupported),
	KUNIT_CASE(rproc_detach_then_attach),
	KUNIT_CASE(rproc_attach_checks_the_table),
	KUNIT_CASE(rproc_attach_failure_leaves_it_detached),
	KUNIT_CASE(rproc_detach_failure_keeps_it_running),
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
MODULE_DESCRIPTION("KUnit suite of the AMP remoteproc core's life cycle");
