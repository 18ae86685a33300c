// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: makes the kernel report a problem on purpose, so that the tests of
 * scripts/vm-run can check that every kind of report fails the run and is named.
 *
 *   modprobe amp_harness_report what=warn    WARN() once
 *   modprobe amp_harness_report what=leak    leak one allocation (kmemleak reports it)
 */
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *what = "warn";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "the report to cause: warn or leak");

static void *amp_harness_leaked;

static int __init amp_harness_report_init(void)
{
	if (!strcmp(what, "warn")) {
		WARN(1, "amp_harness_report: deliberate warning for the vm-run self-test\n");
		return 0;
	}
	if (!strcmp(what, "leak")) {
		amp_harness_leaked = kmalloc(256, GFP_KERNEL);
		if (!amp_harness_leaked)
			return -ENOMEM;
		/* Forget the only reference: kmemleak finds the block unreferenced. */
		WRITE_ONCE(amp_harness_leaked, NULL);
		pr_info("amp_harness_report: leaked 256 bytes on purpose\n");
		return 0;
	}
	pr_err("amp_harness_report: unknown what=%s (warn, leak)\n", what);
	return -EINVAL;
}
module_init(amp_harness_report_init);

static void __exit amp_harness_report_exit(void)
{
}
module_exit(amp_harness_report_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP test harness: deliberate kernel reports");
