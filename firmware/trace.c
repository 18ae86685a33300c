// SPDX-License-Identifier: GPL-2.0
/*
 * Log to the trace buffer the resource table declares. The host reads it as a NUL-terminated
 * string, so the buffer always ends in NUL; when full, logging starts over at the top.
 */
#include "fw.h"
#include "platform.h"

static unsigned long trace_pos;

static void trace_putc(char c)
{
	volatile char *buf = (volatile char *)FW_TRACE_DA;

	if (trace_pos >= FW_TRACE_SIZE - 1)
		trace_pos = 0;
	buf[trace_pos++] = c;
	buf[trace_pos] = '\0';
}

void trace_init(void)
{
	volatile char *buf = (volatile char *)FW_TRACE_DA;
	unsigned long i;

	for (i = 0; i < FW_TRACE_SIZE; i++)
		buf[i] = '\0';
	trace_pos = 0;
}

void trace_puts(const char *s)
{
	while (*s)
		trace_putc(*s++);
}

void trace_hex(const char *label, unsigned long v)
{
	int shift;

	trace_puts(label);
	trace_puts("0x");
	for (shift = 60; shift >= 0; shift -= 4) {
		unsigned int d = (v >> shift) & 0xf;

		if (d || shift == 0 || (v >> shift))
			trace_putc(d < 10 ? '0' + d : 'a' + d - 10);
	}
	trace_putc('\n');
}
