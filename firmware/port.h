/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the rpmsg stack (virtqueue.c, rpmsg.c, services.c) needs from the platform. The
 * firmware implements it in main.c; the host-native tests (test/fake_port.c) implement it
 * with a fake driver side. Nothing else in those files is platform-specific.
 */
#ifndef FW_PORT_H
#define FW_PORT_H

/* Full barrier: our accesses to shared memory before it are seen before those after it. */
void port_mb(void);

/* Interrupt the host (ordered after our earlier writes to shared memory). */
void port_kick_host(void);

/*
 * Sleep until the host rings our doorbell, serving its control request (ping, stop, ...)
 * before returning. Used when we wait for a buffer.
 */
void port_wait(void);

/*
 * Take a pending doorbell, if any, without sleeping, and serve its control request.
 * Returns 1 if there was one.
 */
int port_poll(void);

/* Monotonic milliseconds, for timeouts only. */
unsigned long port_ms(void);

/* Monotonic microseconds, for the busy-poll window. */
unsigned long port_us(void);

/* A spin loop's pause: lets the other cores (or an emulator's other vCPUs) run. */
void port_relax(void);

/* An interrupt (a doorbell) is pending: a spin loop must return to the main loop. */
int port_irq_pending(void);

/* Log to the trace buffer; port_trace_hex() ends the line. */
void port_trace(const char *s);
void port_trace_hex(const char *label, unsigned long v);

#endif
