// SPDX-License-Identifier: GPL-2.0
/*
 * Chaos mode: see chaos.h. A xorshift32 generator: small, and the same sequence for the
 * same seed on the firmware and in the host-native tests.
 */
#include "chaos.h"
#include "port.h"
#include "shm.h"

static struct {
	volatile struct amp_fw_ctl *ctl;
	__u32 state;
	__u32 kinds;
	__u32 rate;
} chaos;

static const char *const chaos_names[] = {
	"fw: chaos: descriptor #", "fw: chaos: used id #", "fw: chaos: used len #",
	"fw: chaos: used idx #", "fw: chaos: avail ring #", "fw: chaos: rpmsg header #",
	"fw: chaos: name service #", "fw: chaos: resource table #",
	"fw: chaos: control block #", "fw: chaos: doorbell storm #", "fw: chaos: silence #",
};

/* Read the host's choice from @ctl and start misbehaving. */
void chaos_start(volatile struct amp_fw_ctl *ctl)
{
	__u32 seed = shm_r32(&ctl->chaos_seed);

	chaos.ctl = ctl;
	chaos.state = seed ? seed : 0x9e3779b9;	/* xorshift's state must not be 0 */
	chaos.kinds = shm_r32(&ctl->chaos_kinds) & AMP_FW_CHAOS_ALL;
	chaos.rate = shm_r32(&ctl->chaos_rate);
	shm_w32(&ctl->chaos_events, 0);
	shm_w32(&ctl->chaos_last, 0);
	port_trace_hex("fw: chaos: on, seed ", seed);
	port_trace_hex("fw: chaos: kinds ", chaos.kinds);
	port_trace_hex("fw: chaos: rate /1024 ", chaos.rate);
}

void chaos_stop(void)
{
	chaos.kinds = 0;
}

__u32 chaos_rand(void)
{
	__u32 x = chaos.state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	chaos.state = x;
	return x;
}

/* Whether to misbehave as @kind (one AMP_FW_CHAOS_* bit) now; counted and traced if so. */
int chaos_roll(__u32 kind)
{
	unsigned int i;

	if (!(chaos.kinds & kind))
		return 0;
	if ((chaos_rand() & 1023) >= chaos.rate)
		return 0;
	shm_inc32(&chaos.ctl->chaos_events);
	shm_w32(&chaos.ctl->chaos_last, kind);
	for (i = 0; i < sizeof(chaos_names) / sizeof(chaos_names[0]); i++)
		if (kind == 1u << i)
			port_trace_hex(chaos_names[i], shm_r32(&chaos.ctl->chaos_events));
	return 1;
}
