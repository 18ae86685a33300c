// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test of the reference platform: for every remote of the device tree, load the
 * AMP reference firmware into its carveout, start its core with PSCI CPU_ON, wait for the
 * firmware's "running" doorbell, ping it over the doorbells both ways, stop it (the firmware
 * calls CPU_OFF; we poll AFFINITY_INFO) and do it all again. Loading the module fails with
 * an errno when any step fails.
 *
 * This is a harness test: it trusts the firmware it loads far more than the driver set may
 * (it only bounds what it copies). The product's loader lives in drivers/remoteproc/.
 */
#include <linux/arm-smccc.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/firmware.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_irq.h>
#include <linux/of_platform.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/sort.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/psci.h>

#include <linux/amp/fw_ctl.h>
#include <linux/amp/rsc_table.h>

#define FWBOOT_MSI_SETSPI_NS	0x40
#define FWBOOT_TIMEOUT		msecs_to_jiffies(1000)
#define FWBOOT_STOP_US		1000000

static unsigned int pings = 1000;
module_param(pings, uint, 0444);
MODULE_PARM_DESC(pings, "doorbell round trips per boot");

static unsigned int cycles = 2;
module_param(cycles, uint, 0444);
MODULE_PARM_DESC(cycles, "boots of each remote");

/**
 * struct fwboot - one remote under test
 * @dev: the remote's platform device (for logs and request_firmware)
 * @mem: the firmware carveout, mapped write-combined
 * @base: physical (= device) address of the carveout
 * @size: size of the carveout
 * @doorbell: the doorbell frame
 * @doorbell_pa: physical address of the doorbell register
 * @fw_intid: INTID that interrupts the remote
 * @host_intid: INTID that interrupts us
 * @mpidr: the remote core
 * @hvc: PSCI conduit is HVC (else SMC)
 * @irq: Linux irq of @host_intid
 * @rang: completed by every doorbell from the remote
 * @ctl: the control block inside the loaded image
 * @trace: the trace buffer inside the carveout
 * @trace_len: its size
 */
struct fwboot {
	struct device *dev;
	void *mem;
	phys_addr_t base;
	size_t size;
	void __iomem *doorbell;
	phys_addr_t doorbell_pa;
	u32 fw_intid;
	u32 host_intid;
	u64 mpidr;
	bool hvc;
	int irq;
	struct completion rang;
	struct amp_fw_ctl *ctl;
	const char *trace;
	size_t trace_len;
};

static unsigned long fwboot_psci(struct fwboot *fb, u32 fn, u64 a1, u64 a2, u64 a3)
{
	struct arm_smccc_res res;

	/* QEMU 7.2 reports SMCCC 1.0, so arm_smccc_1_1_invoke() would do nothing. */
	if (fb->hvc)
		arm_smccc_1_1_hvc(fn, a1, a2, a3, &res);
	else
		arm_smccc_1_1_smc(fn, a1, a2, a3, &res);
	return res.a0;
}

static irqreturn_t fwboot_irq(int irq, void *data)
{
	struct fwboot *fb = data;

	complete(&fb->rang);
	return IRQ_HANDLED;
}

static void fwboot_kick(struct fwboot *fb)
{
	/* writel() orders our earlier writes to the control block before the doorbell. */
	writel(fb->fw_intid, fb->doorbell + FWBOOT_MSI_SETSPI_NS);
}

static void *fwboot_va(struct fwboot *fb, u64 da, u64 len)
{
	if (da < fb->base || len > fb->size || da - fb->base > fb->size - len)
		return NULL;
	return fb->mem + (da - fb->base);
}

static int fwboot_find_resources(struct fwboot *fb, void *table, size_t size)
{
	struct amp_rsc_entry ent;
	const struct resource_table *t = table;
	int ret;
	u32 i;

	if (!table)
		return -EINVAL;
	ret = amp_rsc_table_check(fb->dev, table, size);
	if (ret)
		return ret;
	fb->ctl = NULL;
	fb->trace = NULL;
	for (i = 0; i < t->num; i++) {
		ret = amp_rsc_table_entry(table, size, i, &ent);
		if (ret)
			return ret;
		if (ent.type == AMP_RSC_FW_CTL && ent.len >= sizeof(*fb->ctl)) {
			/* the table sits in the carveout: the firmware sees our writes there */
			fb->ctl = table + ent.offset;
		} else if (ent.type == RSC_TRACE) {
			const struct fw_rsc_trace *tr = ent.data;

			fb->trace = fwboot_va(fb, tr->da, tr->len);
			fb->trace_len = tr->len;
		}
	}
	if (!fb->ctl || !fb->trace || fb->ctl->magic != AMP_FW_CTL_MAGIC) {
		dev_err(fb->dev, "fwboot: the image lacks a control block or a trace buffer\n");
		return -EINVAL;
	}
	return 0;
}

static int fwboot_load(struct fwboot *fb, const struct firmware *fw, u64 *entry)
{
	const struct elf64_hdr *eh = (const void *)fw->data;
	const struct elf64_phdr *ph;
	const struct elf64_shdr *sh;
	const char *names;
	unsigned int i;

	if (fw->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_AARCH64 ||
	    eh->e_phentsize != sizeof(*ph) || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_phoff > fw->size || eh->e_phnum > (fw->size - eh->e_phoff) / sizeof(*ph) ||
	    eh->e_shoff > fw->size || eh->e_shnum > (fw->size - eh->e_shoff) / sizeof(*sh) ||
	    eh->e_shstrndx >= eh->e_shnum) {
		dev_err(fb->dev, "fwboot: not an aarch64 ELF64 image this test can load\n");
		return -EINVAL;
	}
	memset(fb->mem, 0, fb->size);
	ph = (const void *)fw->data + eh->e_phoff;
	for (i = 0; i < eh->e_phnum; i++, ph++) {
		void *va;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		va = fwboot_va(fb, ph->p_paddr, ph->p_memsz);
		if (!va || ph->p_filesz > ph->p_memsz || ph->p_offset > fw->size ||
		    ph->p_filesz > fw->size - ph->p_offset) {
			dev_err(fb->dev, "fwboot: segment %u at %#llx does not fit\n", i,
				ph->p_paddr);
			return -EINVAL;
		}
		memcpy(va, fw->data + ph->p_offset, ph->p_filesz);
	}

	sh = (const void *)fw->data + eh->e_shoff;
	if (sh[eh->e_shstrndx].sh_offset > fw->size ||
	    sh[eh->e_shstrndx].sh_size > fw->size - sh[eh->e_shstrndx].sh_offset)
		return -EINVAL;
	names = fw->data + sh[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++) {
		size_t room = sh[eh->e_shstrndx].sh_size;

		if (sh[i].sh_name < room &&
		    strnlen(names + sh[i].sh_name, room - sh[i].sh_name) <
		    room - sh[i].sh_name && !strcmp(names + sh[i].sh_name, ".resource_table"))
			break;
	}
	if (i == eh->e_shnum) {
		dev_err(fb->dev, "fwboot: no .resource_table section\n");
		return -EINVAL;
	}
	*entry = eh->e_entry;
	return fwboot_find_resources(fb, fwboot_va(fb, sh[i].sh_addr, sh[i].sh_size),
				     sh[i].sh_size);
}

static int fwboot_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Round trips over the doorbells: request a ping, kick, wait for the remote's doorbell. */
static int fwboot_ping(struct fwboot *fb)
{
	u32 *rtt;
	unsigned int i;
	int ret = 0;

	if (!pings)
		return 0;
	rtt = kcalloc(pings, sizeof(*rtt), GFP_KERNEL);
	if (!rtt)
		return -ENOMEM;
	for (i = 0; i < pings; i++) {
		ktime_t t0 = ktime_get();

		reinit_completion(&fb->rang);
		WRITE_ONCE(fb->ctl->request, AMP_FW_REQ_PING);
		fwboot_kick(fb);
		if (!wait_for_completion_timeout(&fb->rang, FWBOOT_TIMEOUT)) {
			dev_err(fb->dev, "fwboot: ping %u: no doorbell from the remote\n", i);
			ret = -ETIMEDOUT;
			goto out_free;
		}
		rtt[i] = ktime_to_ns(ktime_sub(ktime_get(), t0));
	}
	if (READ_ONCE(fb->ctl->pings) != pings) {
		dev_err(fb->dev, "fwboot: remote counted %u pings, sent %u\n",
			READ_ONCE(fb->ctl->pings), pings);
		ret = -EIO;
		goto out_free;
	}
	sort(rtt, pings, sizeof(*rtt), fwboot_cmp_u32, NULL);
	dev_info(fb->dev, "fwboot: %u doorbell round trips: min %u ns, median %u ns, p99 %u ns\n",
		 pings, rtt[0], rtt[pings / 2], rtt[pings * 99 / 100]);
out_free:
	kfree(rtt);
	return ret;
}

static int fwboot_stop(struct fwboot *fb)
{
	ktime_t t0 = ktime_get();
	unsigned long info;

	WRITE_ONCE(fb->ctl->request, AMP_FW_REQ_STOP);
	fwboot_kick(fb);
	do {
		info = fwboot_psci(fb, PSCI_0_2_FN64_AFFINITY_INFO, fb->mpidr, 0, 0);
		if (info == PSCI_0_2_AFFINITY_LEVEL_OFF) {
			dev_info(fb->dev, "fwboot: remote off after %lld us (state %u)\n",
				 ktime_us_delta(ktime_get(), t0), READ_ONCE(fb->ctl->state));
			return READ_ONCE(fb->ctl->state) == AMP_FW_STATE_STOPPING ? 0 : -EIO;
		}
		usleep_range(50, 100);
	} while (ktime_us_delta(ktime_get(), t0) < FWBOOT_STOP_US);
	dev_err(fb->dev, "fwboot: remote not off after %d us (AFFINITY_INFO %lu)\n",
		FWBOOT_STOP_US, info);
	return -ETIMEDOUT;
}

static int fwboot_boot(struct fwboot *fb, const struct firmware *fw, unsigned int cycle)
{
	unsigned long ret;
	u64 entry;
	int err;

	err = fwboot_load(fb, fw, &entry);
	if (err)
		return err;
	fb->ctl->doorbell_lo = lower_32_bits(fb->doorbell_pa + FWBOOT_MSI_SETSPI_NS);
	fb->ctl->doorbell_hi = upper_32_bits(fb->doorbell_pa + FWBOOT_MSI_SETSPI_NS);
	fb->ctl->host_intid = fb->host_intid;
	fb->ctl->fw_intid = fb->fw_intid;
	reinit_completion(&fb->rang);
	/* The image and the control block reach memory before the remote core starts. */
	wmb();
	ret = fwboot_psci(fb, PSCI_0_2_FN64_CPU_ON, fb->mpidr, entry, 0xa3f00000 + cycle);
	if (ret) {
		dev_err(fb->dev, "fwboot: PSCI CPU_ON(%#llx, %#llx) = %ld\n", fb->mpidr, entry,
			(long)ret);
		return -EIO;
	}
	if (!wait_for_completion_timeout(&fb->rang, FWBOOT_TIMEOUT) ||
	    READ_ONCE(fb->ctl->state) != AMP_FW_STATE_RUNNING) {
		dev_err(fb->dev, "fwboot: remote not running (state %u, self-test %#x)\n",
			READ_ONCE(fb->ctl->state), READ_ONCE(fb->ctl->selftest));
		fwboot_stop(fb);
		return -EIO;
	}
	if (!strnstr(fb->trace, "self-test passed", fb->trace_len)) {
		dev_err(fb->dev, "fwboot: the trace lacks the self-test line\n");
		fwboot_stop(fb);
		return -EIO;
	}
	/* The trace is a NUL-terminated string the firmware keeps in bounds. */
	dev_info(fb->dev, "fwboot: boot %u, remote trace:\n%.*s", cycle,
		 (int)strnlen(fb->trace, fb->trace_len), fb->trace);
	err = fwboot_ping(fb);
	if (err) {
		fwboot_stop(fb);
		return err;
	}
	return fwboot_stop(fb);
}

static int fwboot_region(struct fwboot *fb, struct device_node *np)
{
	struct device_node *rn;
	struct reserved_mem *rmem;
	int idx;

	idx = of_property_match_string(np, "memory-region-names", "firmware");
	rn = of_parse_phandle(np, "memory-region", idx < 0 ? 0 : idx);
	rmem = rn ? of_reserved_mem_lookup(rn) : NULL;
	of_node_put(rn);
	if (!rmem) {
		dev_err(fb->dev, "fwboot: no firmware memory-region\n");
		return -EINVAL;
	}
	fb->base = rmem->base;
	fb->size = rmem->size;
	fb->mem = memremap(fb->base, fb->size, MEMREMAP_WC);
	return fb->mem ? 0 : -ENOMEM;
}

static int fwboot_remote(struct device_node *np, bool hvc)
{
	struct platform_device *pdev = of_find_device_by_node(np);
	struct of_phandle_args mbox;
	const struct firmware *fw;
	struct resource res;
	struct fwboot *fb;
	const char *name;
	unsigned int c;
	int ret;

	if (!pdev)
		return -ENODEV;
	fb = kzalloc(sizeof(*fb), GFP_KERNEL);
	if (!fb) {
		ret = -ENOMEM;
		goto out_put_dev;
	}
	fb->dev = &pdev->dev;
	fb->hvc = hvc;
	init_completion(&fb->rang);
	/* the remote's doorbells: its channel of the mailbox node (amp,qemu-virt-mbox) */
	if (of_parse_phandle_with_args(np, "mboxes", "#mbox-cells", 0, &mbox)) {
		dev_err(fb->dev, "fwboot: no mboxes\n");
		ret = -EINVAL;
		goto out_free_fb;
	}
	if (mbox.args_count != 1 ||
	    of_property_read_u32_index(mbox.np, "amp,remote-intids", mbox.args[0],
				       &fb->fw_intid) ||
	    of_property_read_u64(np, "amp,remote-mpidr", &fb->mpidr) ||
	    of_property_read_string(np, "firmware-name", &name) ||
	    of_address_to_resource(mbox.np, 0, &res)) {
		dev_err(fb->dev, "fwboot: incomplete node\n");
		ret = -EINVAL;
		goto out_put_mbox;
	}
	ret = fwboot_region(fb, np);
	if (ret)
		goto out_put_mbox;
	fb->doorbell_pa = res.start;
	/* Several remotes share the frame: map it, do not claim it. */
	fb->doorbell = ioremap(res.start, resource_size(&res));
	if (!fb->doorbell) {
		ret = -ENOMEM;
		goto out_unmap_mem;
	}
	fb->irq = irq_of_parse_and_map(mbox.np, mbox.args[0]);
	if (!fb->irq) {
		ret = -EINVAL;
		goto out_unmap_doorbell;
	}
	fb->host_intid = irqd_to_hwirq(irq_get_irq_data(fb->irq));
	ret = request_irq(fb->irq, fwboot_irq, 0, "amp-fwboot", fb);
	if (ret)
		goto out_unmap_doorbell;
	ret = request_firmware(&fw, name, fb->dev);
	if (ret)
		goto out_free_irq;
	for (c = 0; c < cycles && !ret; c++)
		ret = fwboot_boot(fb, fw, c);
	if (!ret)
		dev_info(fb->dev, "fwboot: %s: %u boots, %u pings each: PASS\n", name, cycles,
			 pings);
	release_firmware(fw);
out_free_irq:
	free_irq(fb->irq, fb);
out_unmap_doorbell:
	iounmap(fb->doorbell);
out_unmap_mem:
	memunmap(fb->mem);
out_put_mbox:
	of_node_put(mbox.np);
out_free_fb:
	kfree(fb);
out_put_dev:
	put_device(&pdev->dev);
	return ret;
}

static int __init amp_harness_fwboot_init(void)
{
	struct device_node *psci, *np;
	const char *method;
	bool hvc;
	int ret, remotes = 0;

	psci = of_find_compatible_node(NULL, NULL, "arm,psci-0.2");
	if (!psci || of_property_read_string(psci, "method", &method)) {
		of_node_put(psci);
		pr_err("amp_harness_fwboot: no PSCI 0.2 node with a method\n");
		return -ENODEV;
	}
	hvc = !strcmp(method, "hvc");
	of_node_put(psci);

	for_each_compatible_node(np, NULL, "amp,qemu-virt-rproc") {
		ret = fwboot_remote(np, hvc);
		if (ret) {
			of_node_put(np);
			return ret;
		}
		remotes++;
	}
	if (!remotes) {
		pr_err("amp_harness_fwboot: no amp,qemu-virt-rproc node\n");
		return -ENODEV;
	}
	pr_info("amp_harness_fwboot: %d remote(s) PASS\n", remotes);
	return 0;
}
module_init(amp_harness_fwboot_init);

static void __exit amp_harness_fwboot_exit(void)
{
}
module_exit(amp_harness_fwboot_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP test harness: platform self-test with the reference firmware");
