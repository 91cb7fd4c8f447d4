/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd shared counters ("xstats"): counters a rule also adds into memory
 * that a control plane shares with its daemon (rtpengine 12.5 maps them from
 * its control file and reads them there, it never asks). The rule's own
 * per-CPU counters (rule.h) are kept as always; these are a mirror the
 * packet path writes on top, for the rules that have them.
 *
 * The control plane resolves the daemon's addresses into kernel pointers,
 * checks them and keeps the memory alive (a reference per struct
 * rtpfwd_xstats, dropped by @release); the core only writes through them.
 * The blocks' layouts are the daemon's: the control plane asserts that
 * these structures match its ABI, field by field.
 *
 * Nothing here is read back by the packet path: the daemon may rewrite its
 * memory at any moment, so what matters for forwarding (payload types,
 * SRTP indexes) was copied into the rule when it was made.
 *
 * Shared memory means a shared cache line per packet and atomics: the cost
 * of the ABI, paid only by rules that have xstats.
 */
#ifndef _RTPFWD_XSTATS_H
#define _RTPFWD_XSTATS_H

#include <linux/atomic.h>
#include <linux/refcount.h>
#include <linux/types.h>

#include "rtpfwd.h"

struct rtpfwd_xs_global {
	atomic64_t	packets;
	atomic64_t	bytes;
	atomic64_t	errors;
	atomic64_t	packets_lost;
};

struct rtpfwd_xs_dir {
	atomic64_t	packets;
	atomic64_t	bytes;
	atomic64_t	errors;
};

struct rtpfwd_xs_iface {
	struct rtpfwd_xs_dir	in;
	struct rtpfwd_xs_dir	out;
};

struct rtpfwd_xs_stream {
	atomic64_t	packets;
	atomic64_t	bytes;
	atomic64_t	errors;
	atomic64_t	last_packet;	/* seconds, wall clock */
	atomic_t	tos;
};

struct rtpfwd_xs_pt {
	u32		payload_type;	/* the daemon's: never read here */
	u32		clock_rate;
	atomic64_t	packets;
	atomic64_t	bytes;
};

struct rtpfwd_xs_ssrc {
	atomic64_t	packets;
	atomic64_t	bytes;
	atomic_t	timestamp;
	atomic_t	ext_seq;
	atomic_t	rtcp_seq;
	u32		lost_bits;
	atomic_t	total_lost;
	atomic_t	transit;
	atomic_t	jitter;
	u32		pad;
	atomic64_t	last_packet;	/* seconds, wall clock */
	atomic_t	last_pt;
};

/* An output's blocks; NULL where the daemon gave none. */
struct rtpfwd_xs_out {
	struct rtpfwd_xs_iface	*iface;
	struct rtpfwd_xs_stream	*stream;
	struct rtpfwd_xs_ssrc	*ssrc[RTPFWD_SSRCS_MAX];	/* by @ssrc index */
};

/*
 * A rule's shared counters. Every pointer may be NULL (nothing written).
 * @ssrc: the SSRCs whose blocks @in_ssrc and the outputs' @ssrc hold, by
 * index (0 ends the list); @pt: by the rule's payload type list position;
 * @pt_type: the payload type numbers, as the rule has them.
 * @release: frees it and whatever keeps its memory alive; called once the
 * last rule holding it is gone (after a grace period), in any context.
 */
struct rtpfwd_xstats {
	refcount_t		refs;
	void			(*release)(struct rtpfwd_xstats *xs);
	struct rtpfwd_xs_global	*global;
	struct rtpfwd_xs_iface	*iface;
	struct rtpfwd_xs_stream	*stream;
	u8			num_ssrcs;
	u8			num_outputs;
	__be32			ssrc[RTPFWD_SSRCS_MAX];
	u8			pt_type[RTPFWD_PAYLOAD_TYPES_MAX];
	struct rtpfwd_xs_ssrc	*in_ssrc[RTPFWD_SSRCS_MAX];
	struct rtpfwd_xs_pt	*pt[RTPFWD_PAYLOAD_TYPES_MAX];
	struct rtpfwd_xs_out	out[RTPFWD_OUTPUTS_MAX];
};

static inline void rtpfwd_xstats_get(struct rtpfwd_xstats *xs)
{
	refcount_inc(&xs->refs);
}

static inline void rtpfwd_xstats_put(struct rtpfwd_xstats *xs)
{
	if (xs && refcount_dec_and_test(&xs->refs))
		xs->release(xs);
}

struct rtpfwd_rtp_info;

/*
 * The packet path (forward.c), for a datagram being forwarded: the input
 * side (@tos of its IP header), each output's result, then the errors.
 * Return of rtpfwd_xstats_in(): the SSRC index for the outputs, or -1.
 */
int rtpfwd_xstats_in(struct rtpfwd_xstats *xs, const struct rtpfwd_rtp_info *rtp,
		     bool rtp_ok, unsigned int bytes, unsigned int tos);
void rtpfwd_xstats_out(struct rtpfwd_xstats *xs, unsigned int idx, int ssrc_idx,
		       const struct rtpfwd_rtp_info *rtp, bool rtp_ok, unsigned int bytes,
		       bool sent);
void rtpfwd_xstats_error(struct rtpfwd_xstats *xs);

#endif /* _RTPFWD_XSTATS_H */
