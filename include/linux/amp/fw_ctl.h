/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control block shared by the host and the AMP reference firmware.
 *
 * The block is the payload of a vendor resource (type AMP_RSC_FW_CTL) in the firmware's
 * resource table, so it lives in the loaded image, inside the firmware carveout. The host
 * writes the platform words before it starts the remote core; afterwards each word has one
 * writer, named on the field. Only 32-bit fields: the payload of a resource entry is only
 * guaranteed 4-byte alignment, and the remote runs with its MMU off (Device memory, where
 * unaligned or wider accesses would fault).
 *
 * This header is shared with the freestanding firmware: it uses only <linux/types.h> types.
 */
#ifndef _LINUX_AMP_FW_CTL_H
#define _LINUX_AMP_FW_CTL_H

#include <linux/types.h>

/* Vendor resource type of the control block (vendor range is 128..512). */
#define AMP_RSC_FW_CTL		130

#define AMP_FW_CTL_MAGIC	0x4b504d41	/* "AMPK" read as little-endian bytes */
/*
 * 2: the block declares its length (@len, as OpenAMP's struct fw_rsc_vendor does after
 * its type word); the host never infers it. Version 1 blocks are refused.
 */
#define AMP_FW_CTL_VERSION	2
/* What the host adds to its refusal of a version 1 block. */
#define AMP_FW_CTL_V1_HINT	" (version 1 does not declare its length: rebuild the firmware)"

/* Host requests, in @request; the host rings the firmware's doorbell after writing one. */
#define AMP_FW_REQ_NONE		0
#define AMP_FW_REQ_STOP		1	/* power the core off with PSCI CPU_OFF */
#define AMP_FW_REQ_PING		2	/* count it in @pings and ring the host's doorbell */
#define AMP_FW_REQ_FAULT	3	/* take an exception (undefined instruction) */
#define AMP_FW_REQ_SOFT_HANG	4	/* stop serving, but still obey AMP_FW_REQ_STOP */
#define AMP_FW_REQ_HARD_HANG	5	/* spin forever: nothing can stop the core */
#define AMP_FW_REQ_SCRIBBLE	6	/* rewrite its live resource table (vdev vring count) */
#define AMP_FW_REQ_VRING	7	/* break the vring protocol: a used index far ahead */
#define AMP_FW_REQ_CHAOS	8	/* misbehave at random: see @chaos_seed */

/* Firmware states, in @state. */
#define AMP_FW_STATE_OFF	0	/* as loaded: the firmware never ran */
#define AMP_FW_STATE_RUNNING	1	/* initialised, serving doorbells */
#define AMP_FW_STATE_STOPPING	2	/* about to call CPU_OFF */
#define AMP_FW_STATE_CRASHED	3	/* took an exception: see the exc_* words */

/**
 * struct amp_fw_ctl - host/firmware control block
 * @len: bytes of the block, this word included; written into the image by the firmware's
 *	build. At least up to @vring_error_hi; a block without @heartbeat gets no watchdog.
 * @magic: AMP_FW_CTL_MAGIC; written into the image by the firmware's build.
 * @version: AMP_FW_CTL_VERSION; written into the image by the firmware's build.
 * @doorbell_lo: host, before start: low word of the physical address of the doorbell
 *	register (on QEMU virt, the GICv2m frame's MSI_SETSPI_NS).
 * @doorbell_hi: host, before start: high word of that address.
 * @host_intid: host, before start: the INTID the firmware writes to the doorbell to
 *	interrupt the host.
 * @fw_intid: host, before start: the INTID the host writes to interrupt the firmware; the
 *	firmware routes it to itself.
 * @request: host: one of AMP_FW_REQ_*; the firmware clears it when done.
 * @state: firmware: one of AMP_FW_STATE_*.
 * @boots: firmware: incremented on every boot of this image copy.
 * @doorbells: firmware: doorbells taken since boot.
 * @pings: firmware: AMP_FW_REQ_PING requests served since boot.
 * @selftest: firmware: 0 when every boot-time platform check passed, else a bit per failure
 *	(AMP_FW_SELFTEST_*).
 * @exc_esr: firmware, on an exception: ESR_EL1 (low 32 bits are the whole register's ISS/EC).
 * @exc_elr_lo: firmware, on an exception: ELR_EL1 low word.
 * @exc_elr_hi: firmware, on an exception: ELR_EL1 high word.
 * @exc_far_lo: firmware, on an exception: FAR_EL1 low word.
 * @exc_far_hi: firmware, on an exception: FAR_EL1 high word.
 * @exc_type: firmware, on an exception: vector index 0..15 (EL and kind of exception).
 * @rpmsg_state: firmware: state of the rpmsg vdev, one of AMP_FW_RPMSG_*.
 * @rpmsg_rx: firmware: rpmsg messages taken from the host's TX vring (vring 1) since boot.
 * @rpmsg_tx: firmware: rpmsg messages put in the host's RX vring (vring 0) since boot, name
 *	service announcements included.
 * @rpmsg_dropped: firmware: messages not sent because the host returned no RX buffer in time
 *	(it kept ringing without posting one).
 * @rpmsg_no_endpoint: firmware: messages received for an address no service has.
 * @vring_errors: firmware: protocol violations by the host seen on the vrings (bad index,
 *	descriptor, length, address or rpmsg header); the first one breaks the vdev
 *	(AMP_FW_RPMSG_BROKEN) until the host resets it by writing status 0.
 * @vring_error: firmware: the last violation: AMP_FW_VRING_ERR_* in bits 7:0, the index of
 *	the vring it was seen on in bits 15:8.
 * @vring_error_lo: firmware: low word of the offending value of the last violation (an
 *	index, descriptor id, flags, length or address).
 * @vring_error_hi: firmware: high word of that value.
 * @heartbeat: firmware: incremented every AMP_FW_HEARTBEAT_MS by its timer while it
 *	serves; a host watchdog checks that it moves.
 * @chaos_seed: host, before AMP_FW_REQ_CHAOS: the seed of the firmware's pseudo-random
 *	misbehaviour (the same seed, the same choices for the same traffic).
 * @chaos_kinds: host, before AMP_FW_REQ_CHAOS: the misbehaviours allowed, AMP_FW_CHAOS_*.
 * @chaos_rate: host, before AMP_FW_REQ_CHAOS: the chance of each allowed misbehaviour at
 *	each occasion for it, in 1/1024 (1024: every time).
 * @chaos_events: firmware: misbehaviours done since AMP_FW_REQ_CHAOS.
 * @chaos_last: firmware: the AMP_FW_CHAOS_* bit of the last one.
 */
struct amp_fw_ctl {
	__u32 len;
	__u32 magic;
	__u32 version;
	__u32 doorbell_lo;
	__u32 doorbell_hi;
	__u32 host_intid;
	__u32 fw_intid;
	__u32 request;
	__u32 state;
	__u32 boots;
	__u32 doorbells;
	__u32 pings;
	__u32 selftest;
	__u32 exc_esr;
	__u32 exc_elr_lo;
	__u32 exc_elr_hi;
	__u32 exc_far_lo;
	__u32 exc_far_hi;
	__u32 exc_type;
	__u32 rpmsg_state;
	__u32 rpmsg_rx;
	__u32 rpmsg_tx;
	__u32 rpmsg_dropped;
	__u32 rpmsg_no_endpoint;
	__u32 vring_errors;
	__u32 vring_error;
	__u32 vring_error_lo;
	__u32 vring_error_hi;
	__u32 heartbeat;
	__u32 chaos_seed;
	__u32 chaos_kinds;
	__u32 chaos_rate;
	__u32 chaos_events;
	__u32 chaos_last;
};

/*
 * Chaos: what a firmware asked to misbehave (AMP_FW_REQ_CHAOS) may do, while it serves. Each
 * is what a hostile or broken remote could do to the host; a host must survive every one.
 */
#define AMP_FW_CHAOS_DESC	0x001	/* rewrite a descriptor it returns: NEXT, next, addr, len */
#define AMP_FW_CHAOS_USED_ID	0x002	/* a used id out of range, or not the one it took */
#define AMP_FW_CHAOS_USED_LEN	0x004	/* a used length above the buffer */
#define AMP_FW_CHAOS_USED_IDX	0x008	/* the used index jumps */
#define AMP_FW_CHAOS_AVAIL	0x010	/* scribble over the host's avail ring */
#define AMP_FW_CHAOS_HDR	0x020	/* a bad rpmsg header: len, src, dst */
#define AMP_FW_CHAOS_NS		0x040	/* bad name-service messages, and floods of good ones */
#define AMP_FW_CHAOS_RSC	0x080	/* rewrite the live resource table */
#define AMP_FW_CHAOS_CTL	0x100	/* rewrite control-block words */
#define AMP_FW_CHAOS_STORM	0x200	/* a doorbell storm */
#define AMP_FW_CHAOS_SILENCE	0x400	/* stop answering (a soft hang: no heartbeat) */
#define AMP_FW_CHAOS_ALL	0x7ff

/* The shortest block a host accepts: every word up to @vring_error_hi. */
#define AMP_FW_CTL_MIN_LEN	(__builtin_offsetof(struct amp_fw_ctl, heartbeat))

/* Period of @heartbeat. */
#define AMP_FW_HEARTBEAT_MS	100

/* Boot-time platform checks of the firmware, reported in @selftest. */
#define AMP_FW_SELFTEST_EL	0x01	/* not entered at EL1 */
#define AMP_FW_SELFTEST_BSS	0x02	/* .bss not zero after start-up */
#define AMP_FW_SELFTEST_GIC	0x04	/* no GICv2 CPU interface found */
#define AMP_FW_SELFTEST_INTID	0x08	/* host gave no valid SPI for either doorbell */
#define AMP_FW_SELFTEST_DATA	0x10	/* initialised .data lost its value */

/* States of the firmware's rpmsg vdev, in @rpmsg_state. */
#define AMP_FW_RPMSG_WAITING	0	/* waiting for the host's DRIVER_OK */
#define AMP_FW_RPMSG_READY	1	/* serving both vrings */
#define AMP_FW_RPMSG_BROKEN	2	/* the host violated the protocol: vrings left alone */

/* Protocol violations, in bits 7:0 of @vring_error. */
#define AMP_FW_VRING_ERR_RING		1	/* vring address, num or align not as declared */
#define AMP_FW_VRING_ERR_AVAIL_IDX	2	/* avail idx more than num ahead of the last seen */
#define AMP_FW_VRING_ERR_DESC_ID	3	/* descriptor id >= num */
#define AMP_FW_VRING_ERR_DESC_FLAGS	4	/* chained, indirect or wrong direction */
#define AMP_FW_VRING_ERR_DESC_LEN	5	/* length below the header or above the buffer */
#define AMP_FW_VRING_ERR_DESC_ADDR	6	/* buffer not inside the vdev0buffer carveout */
#define AMP_FW_VRING_ERR_HDR_LEN	7	/* rpmsg hdr.len larger than the buffer holds */

#endif /* _LINUX_AMP_FW_CTL_H */
