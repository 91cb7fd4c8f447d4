/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd rules: "UDP arriving for local addr:port L is rewritten and sent
 * from S to D", and how tables store them.
 *
 * struct rtpfwd_rule_cfg is the one internal description of a rule; every
 * control plane (generic netlink, the rtpengine /proc ABI) parses into it
 * and calls rtpfwd_rule_add()/rtpfwd_rule_del(), which check it
 * (rule_cfg.c: the only place a rule's constraints are written down).
 *
 * A published struct rtpfwd_rule is immutable except for its counters and
 * @unfilled (the outputs an rtpengine target still waits for, written by
 * its control session as they come, read for N/list):
 * changing a rule publishes a new one (rhashtable_replace_fast) that takes
 * over the counters (but the per output ones, which start from zero), and
 * frees the old one after an RCU grace period (queue_rcu_work: the frees
 * destroy crypto transforms and per-CPU memory, so they run in a worker).
 * Deleting or replacing a rule does not wait for that grace period: the
 * caller promises "once you hear back, no packet uses the old rule" by
 * calling rtpfwd_rules_sync() before it answers. The packet path runs
 * inside one RCU read-side section from lookup to transmit, so after one
 * grace period that starts once a rule is unhashed, no packet is forwarded
 * by it. rtpfwd_rules_sync() waits for one such grace period covering every
 * rule retired in the namespace so far, or for none if another caller's
 * wait already covered them: a batch of N deletes answered once costs one
 * grace period, not N (an expedited one is an IPI to every CPU). Deleting
 * a table waits itself.
 * Readers (the packet path, dumps, /proc) hold rcu_read_lock() and no lock;
 * writers hold the table's rules_lock. Counters are per CPU, folded on read.
 *
 * RTP accounting (RTPFWD_RULE_F_RTP) lives in struct rtpfwd_rtp, allocated
 * with the rule. Per payload type counters are per CPU like the rule's. The
 * per SSRC receiver state (RFC 3550 A.1/A.3/A.8: sequence cycles, loss,
 * jitter) must be updated in packet order, so each SSRC slot has its own
 * spinlock (struct rtpfwd_ssrc_slot.lock): the one lock on the packet path.
 * It is per rule and per slot, never global, taken with BHs off by the packet
 * path and by readers, and held for a few arithmetic operations. A slot is
 * claimed once, race-free, by cmpxchg on its id, and never released.
 * On replace, the new rule takes the old one's rtpfwd_rtp over when both have
 * RTPFWD_RULE_F_RTP and identical payload type lists; otherwise the new rule
 * starts from zero RTP statistics (the rule's basic counters are kept anyway).
 *
 * Resetting counters (rtpfwd_rule_stats_reset) never writes another CPU's
 * per-CPU counters, which their owner updates without atomics: it folds the
 * totals and subtracts them from the resetting CPU's own counters, with BHs
 * off (as nft_counter does), storing the result (u64_stats_set: 64-bit
 * arithmetic on 32-bit kernels too). The sum is then exactly what arrived after the
 * fold. Two concurrent resets of a rule would subtract twice: resetters hold
 * the table's rules_lock.
 */
#ifndef _RTPFWD_RULE_H
#define _RTPFWD_RULE_H

#include <linux/in6.h>
#include <linux/rhashtable.h>
#include <linux/stringify.h>
#include <linux/u64_stats_sync.h>

#include "route_cache.h"
#include "rtpfwd.h"
#include "srtp.h"
#include "tap.h"
#include "xstats.h"

/* An address and port; zero-padded, so it can be hashed and compared as bytes. */
struct rtpfwd_endpoint {
	union {
		__be32		v4;
		struct in6_addr	v6;
	} addr;
	__be16	port;
	u8	family;		/* AF_INET or AF_INET6 */
	u8	pad;
};

/* An output's SSRC rewrite: RTP of SSRC @from leaves with SSRC @to. */
struct rtpfwd_ssrc_map {
	__be32	from;
	__be32	to;
};

/*
 * An output's payload replacement: RTP of payload type @type leaves with
 * its payload overwritten by @pattern (@len bytes, 1..RTPFWD_PT_PATTERN_MAX)
 * over and over. rtpengine's silence patterns are one byte: four of them
 * per output cover every codec it has one for (PCMU, PCMA, G.722).
 */
struct rtpfwd_pt_replace {
	u8	type;
	u8	len;
	u8	pattern[RTPFWD_PT_PATTERN_MAX];
};

struct rtpfwd_output_cfg {
	struct rtpfwd_endpoint	src;
	struct rtpfwd_endpoint	dst;
	u8			tos;
	u8			num_ssrc_map;
	u8			num_pt_replace;
	struct rtpfwd_ssrc_map	ssrc_map[RTPFWD_SSRCS_MAX];	/* needs RTPFWD_RULE_F_RTP */
	struct rtpfwd_pt_replace pt_replace[RTPFWD_PT_REPLACE_MAX];	/* likewise */
};

struct rtpfwd_pt_cfg {
	u8	type;		/* 0..127 */
	u32	clock_rate;	/* Hz; 0: unknown */
};

/* The extack of a rule with more outputs than RTPFWD_OUTPUTS_MAX (E2BIG, EINVAL). */
#define RTPFWD_MSG_TOO_MANY_OUTPUTS \
	"too many outputs (at most " __stringify(RTPFWD_OUTPUTS_MAX) ")"

/*
 * SRTP parameters of a rule: [RTPFWD_SRTP_DECRYPT] for input, then one per
 * output (RTPFWD_SRTP_ENCRYPT(i)). Holds keys: freed with kfree_sensitive().
 */
#define RTPFWD_SRTP_DECRYPT		0
#define RTPFWD_SRTP_ENCRYPT(i)		(1 + (i))
#define RTPFWD_SRTP_CFGS		(1 + RTPFWD_OUTPUTS_MAX)

/*
 * A rule to install: ~360 bytes, fine on the stack. @outputs: num_outputs
 * entries in the caller's storage (genl: sized to the request, so that a
 * request with one output does not allocate, and zero under
 * init_on_alloc, room for 32: that was 8 KiB per request). Installed rules
 * keep only the outputs they have (struct rtpfwd_rule).
 * @srtp: NULL without SRTP; else RTPFWD_SRTP_CFGS entries (suite
 * RTPFWD_SRTP_SUITE_NONE where a direction has none), owned by the caller.
 */
struct rtpfwd_rule_cfg {
	struct rtpfwd_endpoint		local;
	struct rtpfwd_endpoint		expect;		/* family 0: none */
	u8				mismatch;	/* enum rtpfwd_mismatch */
	u8				num_outputs;
	u8				num_pts;
	u8				num_ssrcs;
	u32				flags;		/* RTPFWD_RULE_F_* */
	__be32				ssrcs[RTPFWD_SSRCS_MAX];	/* RTPFWD_RULE_F_SSRC */
	struct rtpfwd_output_cfg	*outputs;
	struct rtpfwd_pt_cfg		pts[RTPFWD_PAYLOAD_TYPES_MAX];
	const struct rtpfwd_srtp_cfg	*srtp;
	struct rtpfwd_xstats		*xstats;	/* NULL; else the rule takes a reference */
	struct rtpfwd_tap		*tap;		/* likewise (tap.h): recording */
	u8				unfilled;	/* hand-up: outputs to come */
};

/*
 * A rule's counters, in the order of RTPFWD_STATS_A_PACKETS onwards (the
 * reply puts them in a loop). Errors by reason: src_mismatch_dropped and
 * not_rtp count packets, each also counted in errors; no_route and
 * output_failed count outputs, and their packet once in errors. Errors of
 * no listed reason (malformed SRTP, a GSO batch that cannot be segmented)
 * are in errors only. handed_up_* and blackholed are not errors.
 */
enum rtpfwd_counter {
	RTPFWD_C_PACKETS,
	RTPFWD_C_BYTES,			/* UDP payload */
	RTPFWD_C_ERRORS,
	RTPFWD_C_TTL_EXPIRED,		/* dropped: TTL / hop limit ran out */
	RTPFWD_C_TOO_BIG,		/* handed up: larger than the path MTU */
	RTPFWD_C_SRTP_AUTH_FAILED,	/* handed up: wrong SRTP tag */
	RTPFWD_C_SRTP_REPLAYED,		/* dropped: SRTP replay window */
	RTPFWD_C_SRC_MISMATCH_DROPPED,	/* dropped: wrong source, mismatch drop */
	RTPFWD_C_NOT_RTP,		/* handed up: failed rtpfwd_rtp_check() */
	RTPFWD_C_NO_ROUTE,		/* outputs without a route */
	RTPFWD_C_OUTPUT_FAILED,		/* outputs: copy, SRTP or send failed */
	RTPFWD_C_HANDED_UP_STUN,
	RTPFWD_C_HANDED_UP_DTLS,
	RTPFWD_C_HANDED_UP_MISMATCH,	/* wrong source, mismatch pass */
	RTPFWD_C_HANDED_UP_OTHER,	/* rtpfwd_rtp_check() > 0 (RTCP, PT not
					 * listed); all of a hand-up rule
					 */
	RTPFWD_C_BLACKHOLED,		/* dropped: RTPFWD_RULE_F_BLACKHOLE */
	RTPFWD_COUNTERS
};

/*
 * @last_packet: jiffies | 1 when this CPU last saw a packet of the rule (0:
 * never), READ_ONCE/WRITE_ONCE, written only when it changed. Per CPU, so
 * that it travels with the counters through a replace and shares no cache
 * line; the reader takes the newest. State, not a counter: never reset.
 * @in_tos: the TOS (traffic class) of the last packet this CPU forwarded,
 * written only when it changed; the reader takes the newest CPU's (rtpengine
 * 10.5's daemon copies it from N/blist).
 */
struct rtpfwd_stats {
	u64_stats_t		c[RTPFWD_COUNTERS];
	struct u64_stats_sync	syncp;
	unsigned long		last_packet;
	u8			in_tos;		/* of the last forwarded here; likewise */
};

struct rtpfwd_stats_sum {
	union {
		struct {
			u64 packets;
			u64 bytes;
			u64 errors;
			u64 ttl_expired;
			u64 too_big;
			u64 srtp_auth_failed;
			u64 srtp_replayed;
			u64 src_mismatch_dropped;
			u64 not_rtp;
			u64 no_route;
			u64 output_failed;
			u64 handed_up_stun;
			u64 handed_up_dtls;
			u64 handed_up_mismatch;
			u64 handed_up_other;
			u64 blackholed;
		};
		u64 c[RTPFWD_COUNTERS];
	};
	bool	seen;		/* a packet ever matched: last_packet_ms is valid */
	u8	in_tos;		/* of the newest CPU's last forwarded packet */
	u64	last_packet_ms;	/* since the newest packet */
};

/*
 * Per CPU counters of a rule's outputs, by output. They belong to the
 * installed rule: a replace starts them from zero (the outputs may differ).
 */
struct rtpfwd_out_stats {
	struct u64_stats_sync	syncp;
	struct {
		u64_stats_t	packets;
		u64_stats_t	bytes;	/* UDP payload as sent (SRTP tag included) */
		u64_stats_t	errors;
	} out[];
};

struct rtpfwd_out_sum {
	u64 packets;
	u64 bytes;
	u64 errors;
};

/* Per CPU counters of the payload types of a rule's list, by list position. */
struct rtpfwd_pt_stats {
	struct u64_stats_sync	syncp;
	struct {
		u64_stats_t	packets;
		u64_stats_t	bytes;
	} pt[];
};

/* One SSRC's receiver state; all but @id under @lock. */
struct rtpfwd_ssrc_slot {
	atomic64_t	id;		/* 0: free; else BIT_ULL(32) | ssrc */
	spinlock_t	lock;
	bool		started;
	u16		max_seq;
	u32		cycles;		/* shifted count of sequence wraps */
	u32		base_seq;
	u32		bad_seq;
	u32		received;
	u32		transit;	/* of the last packet, timestamp units */
	u32		timestamp;	/* RTP timestamp of the last packet */
	u32		jitter;		/* scaled by 16, RFC 3550 A.8 */
	u64		packets;
	u64		bytes;
} ____cacheline_aligned_in_smp;

struct rtpfwd_ssrc_sum {
	u32 ssrc;
	u32 ext_seq;
	u32 lost;
	u32 jitter;
	u32 timestamp;		/* RTP timestamp of the last packet */
	u32 transit;		/* its arrival minus that, timestamp units */
	u64 packets;
	u64 bytes;
};

struct rtpfwd_rtp {
	struct rtpfwd_pt_stats __percpu	*pt_stats;	/* NULL without a PT list */
	u8				num_pts;
	struct rtpfwd_pt_cfg		pts[RTPFWD_PAYLOAD_TYPES_MAX];
	struct rtpfwd_ssrc_slot		ssrcs[RTPFWD_SSRCS_MAX];
};

struct rtpfwd_output {
	struct rtpfwd_output_cfg cfg;
	struct rtpfwd_route_cache __percpu *route;	/* in the rule's block */
	struct rtpfwd_srtp	*encrypt;	/* NULL: sent as it is */
};

struct rtpfwd_rule {
	struct rhash_head	node;
	struct rtpfwd_endpoint	local;		/* the key */
	struct rtpfwd_endpoint	expect;
	u8			mismatch;
	u8			num_outputs;
	bool			rtp_handed_over;	/* writers only, under rules_lock */
	bool			stats_handed_over;	/* likewise */
	u8			num_ssrcs;
	u32			flags;			/* RTPFWD_RULE_F_* */
	__be32			ssrcs[RTPFWD_SSRCS_MAX];	/* RTPFWD_RULE_F_SSRC */
	struct rtpfwd_rtp	*rtp;			/* with RTPFWD_RULE_F_RTP */
	struct rtpfwd_srtp	*decrypt;		/* NULL: no SRTP on input */
	u8			srtp_growth;		/* most an output's SRTP adds */
	struct rtpfwd_stats __percpu *stats;	/* survives replacement */
	struct rtpfwd_out_stats __percpu *out_stats;	/* does not; NULL: no outputs */
	/*
	 * Per-CPU memory (rule_pcpu.c): @pcpu, the rule's own block (its
	 * outputs' counters and routes, and its counters if it was created
	 * rather than a replacement); @stats_block, the block that holds
	 * @stats (of a rule of @stats_block_outputs outputs): @pcpu, or the
	 * block of the rule it replaced, handed on with @stats. Whoever frees
	 * a block releases the routes in it.
	 */
	void __percpu		*pcpu;
	void __percpu		*stats_block;
	u8			stats_block_outputs;
	struct rtpfwd_xstats	*xstats;		/* shared counters, or NULL */
	struct rtpfwd_tap	*tap;			/* recording, or NULL */
	u8			unfilled;		/* READ_ONCE/WRITE_ONCE */
	struct rcu_work		free_work;		/* once unhashed */
	struct rtpfwd_output	outputs[];
};

/* Rules of one bucket a cursor remembers having passed (rule_cursor.c). */
#define RTPFWD_CURSOR_HAD	8

/* A resumable walk over a table's rules (rule_cursor.c). */
struct rtpfwd_rule_cursor {
	struct rhashtable	*ht;
	struct rhashtable_iter	iter;
	loff_t			pos;	/* number of the rule the walk is at */
	/* the keys of the rules of bucket @slot the reader has had */
	struct rtpfwd_endpoint	had[RTPFWD_CURSOR_HAD];
	unsigned int		slot;
	unsigned int		nhad;	/* > RTPFWD_CURSOR_HAD: too many to remember */
	bool			refinding;	/* passing over @had again in @slot */
	bool			restarted;	/* a resize restarted it, or it lost its place */
};

extern const struct rhashtable_params rtpfwd_rule_params;
extern unsigned int rtpfwd_max_rules;

/* rule.c: the store */
int rtpfwd_rules_init(struct rtpfwd_table *table);
void rtpfwd_rules_destroy(struct rtpfwd_table *table);
void rtpfwd_rules_unlink(struct rtpfwd_table *table);
int rtpfwd_rule_add(struct rtpfwd_table *table, const struct rtpfwd_rule_cfg *cfg,
		    bool create, bool excl, bool replace, struct netlink_ext_ack *extack);
int rtpfwd_rule_del(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
		    struct netlink_ext_ack *extack);
void rtpfwd_rules_sync(struct net *net);

/* rule_pcpu.c: a rule's per-CPU memory */
int rtpfwd_rule_pcpu_alloc(struct rtpfwd_rule *rule, const struct rtpfwd_rule *old);
void rtpfwd_rule_stats_disown(struct rtpfwd_rule *rule);
void rtpfwd_rule_pcpu_free(struct rtpfwd_rule *rule, bool keep_stats);

/* rule_cfg.c: what a valid rule is */
int rtpfwd_rule_cfg_validate(const struct rtpfwd_rule_cfg *cfg, struct netlink_ext_ack *extack);
int rtpfwd_rule_cfg_validate_match(const struct rtpfwd_rule_cfg *cfg,
				   struct netlink_ext_ack *extack);
int rtpfwd_output_cfg_validate(const struct rtpfwd_output_cfg *out,
			       struct netlink_ext_ack *extack);

/* rule_stats.c: reading and resetting counters */
void rtpfwd_rule_stats(const struct rtpfwd_rule *rule, struct rtpfwd_stats_sum *sum);
void rtpfwd_rule_out_stats(const struct rtpfwd_rule *rule, unsigned int idx,
			   struct rtpfwd_out_sum *sum);
void rtpfwd_rule_pt_stats(const struct rtpfwd_rule *rule, unsigned int idx,
			  u64 *packets, u64 *bytes);
bool rtpfwd_rule_ssrc_stats(const struct rtpfwd_rule *rule, unsigned int idx,
			    struct rtpfwd_ssrc_sum *sum);
int rtpfwd_table_stats_reset(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
			     struct rtpfwd_stats_sum *got,
			     struct rtpfwd_ssrc_sum got_ssrc[RTPFWD_SSRCS_MAX],
			     struct netlink_ext_ack *extack);
int rtpfwd_table_ssrc_stats(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
			    bool reset, struct rtpfwd_ssrc_sum got[RTPFWD_SSRCS_MAX],
			    unsigned int *used);

/* rule_cursor.c: walking a table */
void rtpfwd_rule_cursor_init(struct rtpfwd_rule_cursor *cur, struct rtpfwd_table *table);
void rtpfwd_rule_cursor_exit(struct rtpfwd_rule_cursor *cur);
struct rtpfwd_rule *rtpfwd_rule_cursor_start(struct rtpfwd_rule_cursor *cur, loff_t pos)
	__acquires(RCU);
struct rtpfwd_rule *rtpfwd_rule_cursor_next(struct rtpfwd_rule_cursor *cur);
void rtpfwd_rule_cursor_stop(struct rtpfwd_rule_cursor *cur)
	__releases(RCU);

static inline struct rtpfwd_rule *
rtpfwd_rule_lookup_rcu(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local)
{
	return rhashtable_lookup(&table->rules, local, rtpfwd_rule_params);
}

#endif /* _RTPFWD_RULE_H */
