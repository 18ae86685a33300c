/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chaos mode: the firmware misbehaves at random, on the host's request (AMP_FW_REQ_CHAOS,
 * with the seed, the allowed kinds and the rate in the control block), to test that a
 * hostile remote cannot hurt the host. Off at boot; a reload (recovery) ends it.
 *
 * Each hook point of the rpmsg stack and the main loop asks chaos_roll() for the kinds it
 * can do; the choices follow from the seed and the order of the questions alone.
 */
#ifndef FW_CHAOS_H
#define FW_CHAOS_H

#include <linux/types.h>
#include <linux/amp/fw_ctl.h>

void chaos_start(volatile struct amp_fw_ctl *ctl);
void chaos_stop(void);
int chaos_roll(__u32 kind);
__u32 chaos_rand(void);

#endif
