/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The packet path's counting (forward.c alone includes it): what each
 * decision about a datagram counts, and the per-CPU writes. The counters
 * themselves, and how they are read and reset: rule.h, rule_stats.c.
 * Must not: write another CPU's counters, or use atomics.
 */
#ifndef _RTPFWD_COUNT_H
#define _RTPFWD_COUNT_H

#include <linux/jiffies.h>
#include <linux/percpu.h>

#include "rule.h"

/* What rtpfwd_decide() says about one datagram; all but FORWARD are counted. */
enum rtpfwd_decision {
	RTPFWD_D_FORWARD,
	RTPFWD_D_PASS_STUN,	/* hand up, not an error */
	RTPFWD_D_PASS_DTLS,
	RTPFWD_D_PASS_MISMATCH,
	RTPFWD_D_PASS_OTHER,	/* RTCP, a payload type not listed, a hand-up rule's */
	RTPFWD_D_PASS_NOT_RTP,	/* hand up, an error */
	RTPFWD_D_PASS_ERROR,	/* hand up, an error of no listed reason */
	RTPFWD_D_DROP_MISMATCH,	/* drop, an error */
	RTPFWD_D_DROP_ERROR,	/* drop, an error of no listed reason */
	RTPFWD_D_TTL_EXPIRED,	/* drop, an error */
	RTPFWD_D_TOO_BIG,	/* hand up, not an error */
	RTPFWD_D_SRTP_AUTH_FAILED,	/* hand up untouched, not an error */
	RTPFWD_D_SRTP_AUTH_DROP,	/* the same, dropped (RTPFWD_RULE_F_SRTP_AUTH_DROP) */
	RTPFWD_D_SRTP_REPLAYED,	/* drop, not an error */
	RTPFWD_D_BLACKHOLE,	/* drop, not an error (RTPFWD_RULE_F_BLACKHOLE) */
	RTPFWD_D_NUM
};

/* What a refused datagram counts; errors also adds to RTPFWD_C_ERRORS. */
static const struct {
	u8	counter;	/* enum rtpfwd_counter */
	bool	error;
	bool	drop;		/* else handed up */
} rtpfwd_decisions[RTPFWD_D_NUM] = {
	[RTPFWD_D_PASS_STUN]	   = { RTPFWD_C_HANDED_UP_STUN },
	[RTPFWD_D_PASS_DTLS]	   = { RTPFWD_C_HANDED_UP_DTLS },
	[RTPFWD_D_PASS_MISMATCH]   = { RTPFWD_C_HANDED_UP_MISMATCH },
	[RTPFWD_D_PASS_OTHER]	   = { RTPFWD_C_HANDED_UP_OTHER },
	[RTPFWD_D_PASS_NOT_RTP]	   = { RTPFWD_C_NOT_RTP, true },
	[RTPFWD_D_PASS_ERROR]	   = { RTPFWD_C_ERRORS },
	[RTPFWD_D_DROP_MISMATCH]   = { RTPFWD_C_SRC_MISMATCH_DROPPED, true, true },
	[RTPFWD_D_DROP_ERROR]	   = { RTPFWD_C_ERRORS, false, true },
	[RTPFWD_D_TTL_EXPIRED]	   = { RTPFWD_C_TTL_EXPIRED, true, true },
	[RTPFWD_D_TOO_BIG]	   = { RTPFWD_C_TOO_BIG },
	[RTPFWD_D_SRTP_AUTH_FAILED] = { RTPFWD_C_SRTP_AUTH_FAILED },
	[RTPFWD_D_SRTP_AUTH_DROP]  = { RTPFWD_C_SRTP_AUTH_FAILED, false, true },
	[RTPFWD_D_SRTP_REPLAYED]   = { RTPFWD_C_SRTP_REPLAYED, false, true },
	[RTPFWD_D_BLACKHOLE]	   = { RTPFWD_C_BLACKHOLED, false, true },
};

/* Counts @n datagrams refused for @d (not RTPFWD_D_FORWARD). */
static inline void rtpfwd_count(struct rtpfwd_rule *rule, enum rtpfwd_decision d, unsigned int n)
{
	struct rtpfwd_stats *stats = this_cpu_ptr(rule->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_add(&stats->c[rtpfwd_decisions[d].counter], n);
	if (rtpfwd_decisions[d].error)
		u64_stats_add(&stats->c[RTPFWD_C_ERRORS], n);
	u64_stats_update_end(&stats->syncp);
}

/*
 * A forwarded datagram of @bytes: a packet, or one error when any of its
 * outputs failed (@no_route, @failed: how many, counted by reason).
 */
static inline void rtpfwd_count_forward(struct rtpfwd_rule *rule, unsigned int bytes,
					unsigned int no_route, unsigned int failed)
{
	struct rtpfwd_stats *stats = this_cpu_ptr(rule->stats);

	u64_stats_update_begin(&stats->syncp);
	if (no_route || failed) {
		u64_stats_inc(&stats->c[RTPFWD_C_ERRORS]);
		u64_stats_add(&stats->c[RTPFWD_C_NO_ROUTE], no_route);
		u64_stats_add(&stats->c[RTPFWD_C_OUTPUT_FAILED], failed);
	} else {
		u64_stats_inc(&stats->c[RTPFWD_C_PACKETS]);
		u64_stats_add(&stats->c[RTPFWD_C_BYTES], bytes);
	}
	u64_stats_update_end(&stats->syncp);
}

/* Output @idx of @rule sent @bytes, or failed (@bytes ignored). */
static inline void rtpfwd_count_output(struct rtpfwd_rule *rule, unsigned int idx,
				       unsigned int bytes, bool sent)
{
	struct rtpfwd_out_stats *stats = this_cpu_ptr(rule->out_stats);

	u64_stats_update_begin(&stats->syncp);
	if (sent) {
		u64_stats_inc(&stats->out[idx].packets);
		u64_stats_add(&stats->out[idx].bytes, bytes);
	} else {
		u64_stats_inc(&stats->out[idx].errors);
	}
	u64_stats_update_end(&stats->syncp);
}

/*
 * The age of the rule's last packet: jiffies | 1 (0 is "never"), written
 * only when it changed, so a busy rule writes it once a tick, not per packet.
 */
static inline void rtpfwd_touch(struct rtpfwd_rule *rule)
{
	struct rtpfwd_stats *stats = this_cpu_ptr(rule->stats);
	unsigned long now = jiffies | 1;

	if (READ_ONCE(stats->last_packet) != now)
		WRITE_ONCE(stats->last_packet, now);
}

/* The TOS of a packet @rule forwards, on this CPU, written when it changed. */
static inline void rtpfwd_note_tos(struct rtpfwd_rule *rule, u8 tos)
{
	struct rtpfwd_stats *stats = this_cpu_ptr(rule->stats);

	if (READ_ONCE(stats->in_tos) != tos)
		WRITE_ONCE(stats->in_tos, tos);
}

#endif /* _RTPFWD_COUNT_H */
