// SPDX-License-Identifier: GPL-2.0
/*
 * AMP reference firmware: boots on a remote core, checks the platform, then serves host
 * requests signalled by doorbell interrupts. Interrupts stay masked (DAIF): the core waits
 * in WFI, which a pending interrupt ends even when masked, and acknowledges at the GIC CPU
 * interface by hand. An idle remote therefore costs the host nothing.
 *
 * After each doorbell the loop serves the control request (ping, stop, crash injection),
 * then the rpmsg vdev (rpmsg.c). This file also implements port.h, the platform side of
 * the rpmsg stack.
 */
#include "chaos.h"
#include "fw.h"
#include "platform.h"
#include "port.h"
#include "rpmsg.h"
#include "rsc_table.h"

/* Proves that .data was loaded and .bss cleared (boot self-test). */
static volatile __u32 data_canary = 0x600dda7a;
static volatile __u32 bss_canary;

static unsigned long doorbell_pa;
static __u32 host_intid;
static __u32 fw_intid;
static struct rpmsg_vdev rpmsg_vdev;

static unsigned long psci_call(unsigned long fn, unsigned long a1, unsigned long a2,
			       unsigned long a3)
{
	register unsigned long x0 __asm__("x0") = fn;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return x0;
}

static void ring_host(void)
{
	dsb();	/* our writes to shared memory are visible before the host's interrupt */
	if (doorbell_pa)
		mmio_w32(doorbell_pa, host_intid);
}

static __attribute__((noreturn)) void power_off(__u32 state)
{
	WRITE_ONCE32(fw_ctl->state, state);
	ring_host();
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	/* CPU_OFF does not return on success; if it did, park. */
	trace_puts("fw: CPU_OFF failed\n");
	for (;;)
		wfi();
}

static int valid_spi(__u32 intid)
{
	__u32 lines = ((mmio_r32(GICD_BASE + GICD_TYPER) & 0x1f) + 1) * 32;

	return intid >= GIC_FIRST_SPI && intid < lines && intid < GIC_SPURIOUS;
}

/* Route our doorbell SPI to this core: edge-triggered, targeted here, enabled. */
static void gic_init(__u32 fw_intid)
{
	/* Reading an SGI's ITARGETSR gives this CPU interface's own bit. */
	__u8 self = mmio_r8(GICD_BASE + GICD_ITARGETSR(0));
	unsigned long icfgr = GICD_BASE + GICD_ICFGR(fw_intid);

	mmio_w32(GICC_BASE + GICC_PMR, 0xff);
	mmio_w32(GICC_BASE + GICC_CTLR, 1);
	/* ICFGR is shared with other lines (the host's among them): read-modify-write. */
	mmio_w32(icfgr, mmio_r32(icfgr) | (2u << ((fw_intid % 16) * 2)));
	mmio_w8(GICD_BASE + GICD_ITARGETSR(fw_intid), self);
	mmio_w32(GICD_BASE + GICD_ISENABLER(fw_intid), 1u << (fw_intid % 32));
	dsb();
}

static __u32 boot_selftest(__u32 fw_intid)
{
	__u32 fail = 0;
	unsigned long el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	if (((el >> 2) & 3) != 1)
		fail |= AMP_FW_SELFTEST_EL;
	if (bss_canary != 0)
		fail |= AMP_FW_SELFTEST_BSS;
	if (data_canary != 0x600dda7a)
		fail |= AMP_FW_SELFTEST_DATA;
	if (mmio_r32(GICC_BASE + GICC_IIDR) == 0)
		fail |= AMP_FW_SELFTEST_GIC;
	if (!valid_spi(fw_intid) || !valid_spi(host_intid))
		fail |= AMP_FW_SELFTEST_INTID;
	return fail;
}

/* Stuck, as a main loop can be; only a stop request (a reset line on a board) still works. */
static __attribute__((noreturn)) void soft_hang(__u32 fw_intid)
{
	/*
	 * A stuck main loop beats no more. The timer's interrupt is level: left armed and
	 * unserved it would stay pending and, lower INTID at equal priority, starve the
	 * doorbell that carries the stop request.
	 */
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
	for (;;) {
		__u32 iar = mmio_r32(GICC_BASE + GICC_IAR);

		if ((iar & 0x3ff) == GIC_SPURIOUS)
			continue;
		mmio_w32(GICC_BASE + GICC_EOIR, iar);
		if ((iar & 0x3ff) == fw_intid && READ_ONCE32(fw_ctl->request) == AMP_FW_REQ_STOP) {
			trace_puts("fw: stop requested while hung, CPU_OFF\n");
			power_off(AMP_FW_STATE_STOPPING);
		}
	}
}

/* Serve the host's control request; called after each of its doorbells. */
static void serve_request(void)
{
	switch (READ_ONCE32(fw_ctl->request)) {
	case AMP_FW_REQ_STOP:
		trace_puts("fw: stop requested, CPU_OFF\n");
		WRITE_ONCE32(fw_ctl->request, AMP_FW_REQ_NONE);
		power_off(AMP_FW_STATE_STOPPING);
	case AMP_FW_REQ_FAULT:
		trace_puts("fw: fault requested\n");
		__asm__ volatile("udf #0");
		break;
	case AMP_FW_REQ_SOFT_HANG:
		trace_puts("fw: soft hang requested\n");
		soft_hang(fw_intid);
	case AMP_FW_REQ_HARD_HANG:
		trace_puts("fw: hard hang requested\n");
		for (;;)
			;
	case AMP_FW_REQ_SCRIBBLE:
		/* a misbehaving firmware: the host must go on trusting only its checked copy */
		trace_puts("fw: scribbling over the resource table\n");
		fw_vdev_rsc->num_of_vrings = 0xff;
		WRITE_ONCE32(fw_ctl->request, AMP_FW_REQ_NONE);
		break;
	case AMP_FW_REQ_VRING:
		WRITE_ONCE32(fw_ctl->request, AMP_FW_REQ_NONE);
		rpmsg_misbehave(&rpmsg_vdev);
		break;
	case AMP_FW_REQ_CHAOS:
		WRITE_ONCE32(fw_ctl->request, AMP_FW_REQ_NONE);
		chaos_start(fw_ctl);
		break;
	case AMP_FW_REQ_PING:
		WRITE_ONCE32(fw_ctl->pings, fw_ctl->pings + 1);
		WRITE_ONCE32(fw_ctl->request, AMP_FW_REQ_NONE);
		ring_host();
		break;
	default:
		break;
	}
}

/* The CTL_NO_HEARTBEAT variant's control block ends before the heartbeat word. */
#ifdef FW_VARIANT_CTL_NO_HEARTBEAT
#define FW_HAS_HEARTBEAT	0
#else
#define FW_HAS_HEARTBEAT	1
#endif

static unsigned long heartbeat_ticks;

/* Arm the virtual timer for the next heartbeat (it also ends its level interrupt). */
static void heartbeat_arm(void)
{
	__asm__ volatile("msr cntv_tval_el0, %0" : : "r"(heartbeat_ticks));
	__asm__ volatile("msr cntv_ctl_el0, %0; isb" : : "r"(1UL));
}

/* A heartbeat the host's watchdog checks, from the virtual timer (a banked PPI). */
static void heartbeat_init(void)
{
	unsigned long freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	heartbeat_ticks = freq / (1000 / AMP_FW_HEARTBEAT_MS);
	mmio_w32(GICD_BASE + GICD_ISENABLER(GIC_PPI_VTIMER), 1u << GIC_PPI_VTIMER);
	heartbeat_arm();
}

/* Heartbeat ticks taken (our own count: the control block's is the host's to read). */
static unsigned int ticks;

/* Take a pending interrupt, if any. Returns 1 if it was our doorbell (request served). */
static int take_doorbell(void)
{
	__u32 iar = mmio_r32(GICC_BASE + GICC_IAR);
	__u32 id = iar & 0x3ff;

	if (id == GIC_SPURIOUS)
		return 0;
	if (FW_HAS_HEARTBEAT && id == GIC_PPI_VTIMER) {
		heartbeat_arm();
		WRITE_ONCE32(fw_ctl->heartbeat, fw_ctl->heartbeat + 1);
		ticks++;
	}
	mmio_w32(GICC_BASE + GICC_EOIR, iar);
	if (id != fw_intid)
		return 0;
	WRITE_ONCE32(fw_ctl->doorbells, fw_ctl->doorbells + 1);
	serve_request();
	return 1;
}

/* Sleep until our doorbell rings (WFI ends on a pending interrupt even when masked). */
/* An interrupt is pending (ISR_EL1.I): cheaper than the GIC's IAR, for polling loops. */
static int irq_pending(void)
{
	unsigned long isr;

	__asm__ volatile("mrs %0, isr_el1" : "=r"(isr));
	return isr & (1UL << 7);
}

static void wait_doorbell(void)
{
	while (!irq_pending() || !take_doorbell())
		wfi();
}

/*
 * The main loop's sleep: until our doorbell rings or the heartbeat ticks. After a tick the
 * caller looks at the rings again, so a kick the host lost (a doorbell its mailbox dropped)
 * delays its messages by one heartbeat period at most: with event indices the host kicks
 * once for a batch, and no later message of it would ring for them.
 */
static void wait_doorbell_or_tick(void)
{
	unsigned int t = ticks;

	while (!irq_pending() || !take_doorbell()) {
		if (ticks != t)
			return;
		wfi();
	}
}

/* Chaos: what a hostile remote may do outside the vrings (see chaos.h). */
static void chaos_main(void)
{
	volatile __u32 *word;
	unsigned int i;

	if (chaos_roll(AMP_FW_CHAOS_RSC)) {
		/* the host works from its own checked copy: none of this may reach it */
		fw_vdev_rsc->num_of_vrings = chaos_rand();
		fw_vdev_rsc->config_len = chaos_rand();
		fw_vdev_rsc->vring[chaos_rand() & 1].num = chaos_rand();
		fw_vdev_rsc->vring[chaos_rand() & 1].da = chaos_rand();
	}
	if (chaos_roll(AMP_FW_CHAOS_CTL)) {
		/* any word the firmware writes, and the length the host read at boot */
		word = chaos_rand() & 1 ? &fw_ctl->len :
		       (volatile __u32 *)&fw_ctl->state + chaos_rand() % 16;
		*word = chaos_rand();
	}
	if (chaos_roll(AMP_FW_CHAOS_STORM))
		for (i = 0; i < 5000; i++)
			ring_host();
	if (chaos_roll(AMP_FW_CHAOS_SILENCE))
		soft_hang(fw_intid);
}

static void serve(void)
{
	for (;;) {
		chaos_main();
		/* Still busy: only look for a doorbell (a stop request must get through). */
		if (rpmsg_poll(&rpmsg_vdev)) {
			if (irq_pending())
				take_doorbell();
		} else {
			wait_doorbell_or_tick();
		}
	}
}

/*
 * Bring-up-grade bugs, for the host's tests: HANG_INIT never finishes its initialisation
 * (interrupts masked, so nothing stops the core), SLOW_INIT takes longer than the host
 * waits (then serves, and answers a stop request).
 */
static void boot_variant(void)
{
#if defined(FW_VARIANT_HANG_INIT)
	trace_puts("fw: variant: hanging in init\n");
	for (;;)
		;
#elif defined(FW_VARIANT_SLOW_INIT)
	unsigned long t0 = port_ms();

	trace_puts("fw: variant: slow init, 1500 ms\n");
	while (port_ms() - t0 < 1500)
		;
#endif
}

static void rpmsg_setup(void)
{
	const struct rpmsg_vdev_cfg cfg = {
		.rsc = fw_vdev_rsc,
		.ctl = fw_ctl,
		.vring_da = { FW_VRING0_DA, FW_VRING1_DA },
		.vring_va = { (volatile void *)FW_VRING0_DA, (volatile void *)FW_VRING1_DA },
		.num = FW_VRING_NUM,
		.align = FW_VRING_ALIGN,
		.pool = {
			.da = FW_BUFFER_DA,
			.size = FW_BUFFER_SIZE,
			.va = (volatile __u8 *)FW_BUFFER_DA,
		},
		.txbuf_size = FW_RPMSG_TXBUF_SIZE,
		.rxbuf_size = FW_RPMSG_RXBUF_SIZE,
	};

	rpmsg_init(&rpmsg_vdev, &cfg);
}

/* port.h, for the rpmsg stack */
void port_mb(void)
{
	dsb();
}

void port_kick_host(void)
{
	ring_host();
}

void port_wait(void)
{
	wait_doorbell();
}

int port_poll(void)
{
	return take_doorbell();
}

/* The virtual counter: always readable at EL1 (the physical one may be trapped by EL2). */
unsigned long port_ms(void)
{
	unsigned long cnt, frq;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt) : : "memory");
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	return frq >= 1000 ? cnt / (frq / 1000) : cnt;
}

unsigned long port_us(void)
{
	unsigned long cnt, frq;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt) : : "memory");
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	return frq >= 1000000 ? cnt / (frq / 1000000) : cnt;
}

/* YIELD: single-threaded TCG runs the next vCPU (Linux) on it, at once. */
void port_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

int port_irq_pending(void)
{
	return irq_pending();
}

void port_trace(const char *s)
{
	trace_puts(s);
}

void port_trace_hex(const char *label, unsigned long v)
{
	trace_hex(label, v);
}

void fw_main(unsigned long context)
{
	__u32 fail;

	trace_init();
	doorbell_pa = READ_ONCE32(fw_ctl->doorbell_lo) |
		      (unsigned long)READ_ONCE32(fw_ctl->doorbell_hi) << 32;
	host_intid = READ_ONCE32(fw_ctl->host_intid);
	fw_intid = READ_ONCE32(fw_ctl->fw_intid);
	WRITE_ONCE32(fw_ctl->boots, fw_ctl->boots + 1);
	WRITE_ONCE32(fw_ctl->doorbells, 0);
	WRITE_ONCE32(fw_ctl->pings, 0);

	trace_puts("fw: amp reference firmware, remote " __stringify_fw(FW_REMOTE) "\n");
	trace_hex("fw: context ", context);
	fail = boot_selftest(fw_intid);
	WRITE_ONCE32(fw_ctl->selftest, fail);
	if (fail) {
		trace_hex("fw: platform self-test FAILED ", fail);
		power_off(AMP_FW_STATE_CRASHED);
	}
	gic_init(fw_intid);
	if (FW_HAS_HEARTBEAT)
		heartbeat_init();
	trace_puts("fw: platform self-test passed, running\n");
	boot_variant();
	rpmsg_setup();
	WRITE_ONCE32(fw_ctl->state, AMP_FW_STATE_RUNNING);
	ring_host();
	/*
	 * A request the host made before gic_init() made our line edge-triggered came with a
	 * doorbell the GIC did not keep: serve it now (later ones come with a kept doorbell).
	 */
	serve_request();
	serve();
}

void fw_exception(unsigned long type, unsigned long esr, unsigned long elr, unsigned long far)
{
	WRITE_ONCE32(fw_ctl->exc_type, type);
	WRITE_ONCE32(fw_ctl->exc_esr, esr);
	WRITE_ONCE32(fw_ctl->exc_elr_lo, elr);
	WRITE_ONCE32(fw_ctl->exc_elr_hi, elr >> 32);
	WRITE_ONCE32(fw_ctl->exc_far_lo, far);
	WRITE_ONCE32(fw_ctl->exc_far_hi, far >> 32);
	trace_hex("fw: EXCEPTION esr ", esr);
	trace_hex("fw: elr ", elr);
	trace_hex("fw: far ", far);
	power_off(AMP_FW_STATE_CRASHED);
}
