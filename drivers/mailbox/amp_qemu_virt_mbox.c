// SPDX-License-Identifier: GPL-2.0
/*
 * Mailbox controller of the QEMU virt AMP reference platform: doorbells through the GICv2m
 * frame. Binding: dts/amp,qemu-virt-mbox.yaml.
 *
 * Channel i rings remote i: sending writes the INTID amp,remote-intids[i] to the frame's
 * MSI_SETSPI_NS register, which pulses that SPI, routed by the remote's firmware to its own
 * core. The remote rings back by writing the INTID of this node's interrupt i, which
 * arrives as the channel's rx callback, in hard IRQ context (the mailbox framework's
 * contract): a remoteproc client defers what may sleep (the vrings' callbacks) to process
 * context itself, and may first hand a doorbell straight to a waiting reader.
 *
 * A message carries no data: it is a doorbell, and the write is the whole transfer, so the
 * client knows when a send is done (knows_txdone) and says so with mbox_client_txdone().
 * The frame is shared with nothing else (Linux's MSI support is kept off it by the device
 * tree) but is mapped, not claimed, as the remote's firmware uses it too.
 */

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mailbox_controller.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#define QVM_MSI_SETSPI_NS	0x40
#define QVM_MAX_CHANS		32

/**
 * struct qvm_chan - one doorbell pair
 * @qvm: the controller
 * @tx_intid: the INTID a send writes (the remote's SPI)
 * @irq: Linux irq of the remote's doorbell to us
 * @name: the irq's name
 */
struct qvm_chan {
	struct qvm *qvm;
	u32 tx_intid;
	int irq;
	char name[32];
};

/**
 * struct qvm - the controller
 * @dev: its device
 * @frame: the GICv2m frame, mapped
 * @mbox: the mailbox controller
 * @chans: its channels' data, in @mbox.chans[i].con_priv
 */
struct qvm {
	struct device *dev;
	void __iomem *frame;
	struct mbox_controller mbox;
	struct qvm_chan *chans;
};

static int qvm_send_data(struct mbox_chan *chan, void *data)
{
	struct qvm_chan *qc = chan->con_priv;

	/* writel() orders the client's writes to shared memory before the doorbell */
	writel(qc->tx_intid, qc->qvm->frame + QVM_MSI_SETSPI_NS);
	return 0;
}

/*
 * The doorbell is an edge (an MSI): nothing to acknowledge beyond the GIC's own EOI, and a
 * doorbell while the client runs is taken once it returns.
 */
static irqreturn_t qvm_rx(int irq, void *data)
{
	struct mbox_chan *chan = data;

	mbox_chan_received_data(chan, NULL);
	return IRQ_HANDLED;
}

/*
 * The rx interrupt is requested when a client takes the channel: requesting it sets its
 * trigger in the distributor, which must happen before the remote starts (its firmware
 * read-modify-writes the same ICFGR register for its own line).
 */
static int qvm_startup(struct mbox_chan *chan)
{
	struct qvm_chan *qc = chan->con_priv;

	return request_irq(qc->irq, qvm_rx, 0, qc->name, chan);
}

static void qvm_shutdown(struct mbox_chan *chan)
{
	struct qvm_chan *qc = chan->con_priv;

	free_irq(qc->irq, chan);
}

static const struct mbox_chan_ops qvm_ops = {
	.send_data = qvm_send_data,
	.startup = qvm_startup,
	.shutdown = qvm_shutdown,
};

static int qvm_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct resource *res;
	struct mbox_chan *chans;
	struct qvm *qvm;
	int i, n, irqs;

	qvm = devm_kzalloc(dev, sizeof(*qvm), GFP_KERNEL);
	if (!qvm)
		return -ENOMEM;
	qvm->dev = dev;
	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res)
		return dev_err_probe(dev, -EINVAL, "no GICv2m frame (reg)\n");
	/* shared with the remotes' firmware: mapped, not claimed */
	qvm->frame = devm_ioremap(dev, res->start, resource_size(res));
	if (!qvm->frame)
		return -ENOMEM;

	n = of_property_count_u32_elems(dev->of_node, "amp,remote-intids");
	irqs = platform_irq_count(pdev);
	if (n <= 0 || n > QVM_MAX_CHANS || irqs != n)
		return dev_err_probe(dev, -EINVAL,
				     "amp,remote-intids: %d, interrupts: %d; want as many, 1..%d\n",
				     n, irqs, QVM_MAX_CHANS);
	qvm->chans = devm_kcalloc(dev, n, sizeof(*qvm->chans), GFP_KERNEL);
	chans = devm_kcalloc(dev, n, sizeof(*chans), GFP_KERNEL);
	if (!qvm->chans || !chans)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct qvm_chan *qc = &qvm->chans[i];

		qc->qvm = qvm;
		of_property_read_u32_index(dev->of_node, "amp,remote-intids", i, &qc->tx_intid);
		if (qc->tx_intid < 32 || qc->tx_intid > 1019)
			return dev_err_probe(dev, -EINVAL, "amp,remote-intids[%d] %u: not an SPI\n",
					     i, qc->tx_intid);
		qc->irq = platform_get_irq(pdev, i);
		if (qc->irq < 0)
			return qc->irq;
		snprintf(qc->name, sizeof(qc->name), "%s:%d", dev_name(dev), i);
		chans[i].con_priv = qc;
	}
	qvm->mbox.dev = dev;
	qvm->mbox.ops = &qvm_ops;
	qvm->mbox.chans = chans;
	qvm->mbox.num_chans = n;
	platform_set_drvdata(pdev, qvm);
	return devm_mbox_controller_register(dev, &qvm->mbox);
}

static const struct of_device_id qvm_of_match[] = {
	{ .compatible = "amp,qemu-virt-mbox" },
	{ }
};
MODULE_DEVICE_TABLE(of, qvm_of_match);

static struct platform_driver qvm_driver = {
	.probe = qvm_probe,
	.driver = {
		.name = "amp-qemu-virt-mbox",
		.of_match_table = qvm_of_match,
	},
};
module_platform_driver(qvm_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("AMP: mailbox of the QEMU virt reference platform (GICv2m doorbells)");
