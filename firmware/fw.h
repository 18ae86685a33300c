/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FW_FW_H
#define FW_FW_H

#include <linux/types.h>
#include <linux/amp/fw_ctl.h>

/* MMU off: every data access is Device-nGnRnE, so no cache maintenance is needed, but
 * ordering against the other core's view still needs DSB before a doorbell write.
 */
static inline void mmio_w32(unsigned long addr, __u32 v)
{
	*(volatile __u32 *)addr = v;
}

static inline __u32 mmio_r32(unsigned long addr)
{
	return *(volatile __u32 *)addr;
}

static inline void mmio_w8(unsigned long addr, __u8 v)
{
	*(volatile __u8 *)addr = v;
}

static inline __u8 mmio_r8(unsigned long addr)
{
	return *(volatile __u8 *)addr;
}

#define dsb()	__asm__ volatile("dsb sy" ::: "memory")
#define __stringify_fw_1(x)	#x
#define __stringify_fw(x)	__stringify_fw_1(x)

#define wfi()	__asm__ volatile("wfi" ::: "memory")

#define READ_ONCE32(x)		(*(volatile __u32 *)&(x))
#define WRITE_ONCE32(x, v)	(*(volatile __u32 *)&(x) = (v))

extern struct amp_fw_ctl *const fw_ctl;

void trace_init(void);
void trace_puts(const char *s);
void trace_hex(const char *label, unsigned long v);
void fw_main(unsigned long context);
void fw_exception(unsigned long type, unsigned long esr, unsigned long elr, unsigned long far);

#endif
