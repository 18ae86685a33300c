/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of the remote core: PSCI CPU_ON lands here at EL1, AArch64, MMU and caches off,
 * with the context id in x0. Set up a stack and vectors, clear .bss, run fw_main().
 */
	.section .text.start, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mov	x19, x0				/* context id from CPU_ON */
	ldr	x1, =__stack_top
	mov	sp, x1
	adr	x1, fw_vectors
	msr	vbar_el1, x1
	isb
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	fw_main
3:	wfi
	b	3b

/* Every vector records which one it was and goes to fw_exception(type, esr, elr, far). */
	.macro	vector idx
	.balign	0x80
	mov	x0, #\idx
	b	exc_common
	.endm

	.text
	.balign	2048
fw_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\i
	.endr

exc_common:
	msr	daifset, #0xf
	ldr	x1, =__stack_top		/* the old stack may be what faulted */
	mov	sp, x1
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	fw_exception
4:	wfi
	b	4b
