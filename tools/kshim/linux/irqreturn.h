/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/irqreturn.h>, the kernel's definitions. */
#ifndef _KSHIM_LINUX_IRQRETURN_H
#define _KSHIM_LINUX_IRQRETURN_H

/**
 * enum irqreturn - what an interrupt handler did
 * @IRQ_NONE: the interrupt was not from this device or was not handled
 * @IRQ_HANDLED: the interrupt was handled by this device
 * @IRQ_WAKE_THREAD: the handler requests to wake the handler thread
 */
enum irqreturn {
	IRQ_NONE		= (0 << 0),
	IRQ_HANDLED		= (1 << 0),
	IRQ_WAKE_THREAD		= (1 << 1),
};

typedef enum irqreturn irqreturn_t;

#endif /* _KSHIM_LINUX_IRQRETURN_H */
