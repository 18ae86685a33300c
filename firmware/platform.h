/* SPDX-License-Identifier: GPL-2.0 */
/* QEMU virt (aarch64) facts the firmware needs: GICv2 frames, PSCI conduit. */
#ifndef FW_PLATFORM_H
#define FW_PLATFORM_H

#define GICD_BASE		0x08000000UL
#define GICC_BASE		0x08010000UL

#define GICD_ISENABLER(n)	(0x100 + 4 * ((n) / 32))
#define GICD_ITARGETSR(n)	(0x800 + (n))
#define GICD_ICFGR(n)		(0xc00 + 4 * ((n) / 16))
#define GICD_TYPER		0x004

#define GICC_CTLR		0x000
#define GICC_PMR		0x004
#define GICC_IAR		0x00c
#define GICC_EOIR		0x010
#define GICC_IIDR		0x0fc

#define GIC_SPURIOUS		1023
#define GIC_PPI_VTIMER		27	/* the EL1 virtual timer */
#define GIC_FIRST_SPI		32

/* PSCI 0.2+ function ids; QEMU virt's conduit is HVC (its DT says method = "hvc"). */
#define PSCI_CPU_OFF		0x84000002UL

/* Layout of the image's window: the trace buffer sits in the image carveout, not loaded. */
#define FW_TRACE_OFFSET		0x7f0000UL
#define FW_TRACE_SIZE		0x4000UL
#define FW_TRACE_DA		(FW_BASE + FW_TRACE_OFFSET)

/* The vdev's regions of the window (scripts/gen-dtb reserves the same). */
#define FW_VRING0_DA		(FW_BASE + 0x800000UL)
#define FW_VRING1_DA		(FW_BASE + 0x808000UL)
#define FW_BUFFER_DA		(FW_BASE + 0x900000UL)
#define FW_BUFFER_SIZE		0x400000UL	/* 2 x 256 buffers of up to 4 KiB */

#endif
