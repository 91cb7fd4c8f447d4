// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink, rule replies: RULE_GET and its dump, the one
 * serializer of a rule into attributes (also used by events, genl_notify.c).
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "core/rule.h"
#include "genl.h"

int rtpfwd_genl_put_ep(struct sk_buff *skb, int type, const struct rtpfwd_endpoint *ep)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if ((ep->family == AF_INET ?
	     nla_put_in_addr(skb, RTPFWD_EP_A_ADDR4, ep->addr.v4) :
	     nla_put_in6_addr(skb, RTPFWD_EP_A_ADDR6, &ep->addr.v6)) ||
	    nla_put_u16(skb, RTPFWD_EP_A_PORT, ntohs(ep->port))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The counters of enum rtpfwd_counter up to HANDED_UP_OTHER are the
 * attributes from PACKETS on; the later ones came after LAST_PACKET_MS.
 */
static_assert(RTPFWD_STATS_A_HANDED_UP_OTHER ==
	      RTPFWD_STATS_A_PACKETS + RTPFWD_C_HANDED_UP_OTHER);
static_assert(RTPFWD_C_BLACKHOLED + 1 == RTPFWD_COUNTERS);

static int rtpfwd_genl_put_stats(struct sk_buff *skb, const struct rtpfwd_rule *rule)
{
	struct rtpfwd_stats_sum sum;
	struct nlattr *nest;
	unsigned int i;

	rtpfwd_rule_stats(rule, &sum);
	nest = nla_nest_start(skb, RTPFWD_RULE_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i <= RTPFWD_C_HANDED_UP_OTHER; i++)
		if (nla_put_u64_64bit(skb, RTPFWD_STATS_A_PACKETS + i, sum.c[i],
				      RTPFWD_STATS_A_PAD))
			return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, RTPFWD_STATS_A_BLACKHOLED, sum.blackholed,
			      RTPFWD_STATS_A_PAD))
		return -EMSGSIZE;
	if (sum.seen &&
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_LAST_PACKET_MS, sum.last_packet_ms,
			      RTPFWD_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* An output's SSRC rewrites, in its RTPFWD_RULE_A_OUTPUT nest. */
static int rtpfwd_genl_put_ssrc_map(struct sk_buff *skb, const struct rtpfwd_output_cfg *cfg)
{
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < cfg->num_ssrc_map; i++) {
		nest = nla_nest_start(skb, RTPFWD_OUT_A_SSRC_MAP);
		if (!nest ||
		    nla_put_u32(skb, RTPFWD_SSRC_MAP_A_FROM, be32_to_cpu(cfg->ssrc_map[i].from)) ||
		    nla_put_u32(skb, RTPFWD_SSRC_MAP_A_TO, be32_to_cpu(cfg->ssrc_map[i].to)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* An output's payload replacements, in its RTPFWD_RULE_A_OUTPUT nest. */
static int rtpfwd_genl_put_pt_replace(struct sk_buff *skb, const struct rtpfwd_output_cfg *cfg)
{
	const struct rtpfwd_pt_replace *r;
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < cfg->num_pt_replace; i++) {
		r = &cfg->pt_replace[i];
		nest = nla_nest_start(skb, RTPFWD_OUT_A_PT_REPLACE);
		if (!nest ||
		    nla_put_u8(skb, RTPFWD_PT_REPLACE_A_TYPE, r->type) ||
		    nla_put(skb, RTPFWD_PT_REPLACE_A_PATTERN, r->len, r->pattern))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* Output @idx's own counters, in its RTPFWD_RULE_A_OUTPUT nest. */
static int rtpfwd_genl_put_out_stats(struct sk_buff *skb, const struct rtpfwd_rule *rule,
				     unsigned int idx)
{
	struct rtpfwd_out_sum sum;
	struct nlattr *nest;

	rtpfwd_rule_out_stats(rule, idx, &sum);
	nest = nla_nest_start(skb, RTPFWD_OUT_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_PACKETS, sum.packets, RTPFWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_BYTES, sum.bytes, RTPFWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_ERRORS, sum.errors, RTPFWD_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * An SRTP context as the control plane may see it: suite, MKI length, the
 * rollover counter of every SSRC seen. Never a key (they are write-only).
 */
static int rtpfwd_genl_put_srtp(struct sk_buff *skb, int type, struct rtpfwd_srtp *srtp)
{
	struct nlattr *nest, *roc_nest;
	unsigned int i;
	u32 ssrc, roc;

	nest = nla_nest_start(skb, type);
	if (!nest || nla_put_u32(skb, RTPFWD_SRTP_A_SUITE, srtp->suite) ||
	    nla_put_u8(skb, RTPFWD_SRTP_A_MKI_LEN, srtp->mki_len) ||
	    (srtp->unauthenticated && nla_put_flag(skb, RTPFWD_SRTP_A_UNAUTHENTICATED)))
		return -EMSGSIZE;
	for (i = 0; i < RTPFWD_SSRCS_MAX && rtpfwd_srtp_slot_roc(srtp, i, &ssrc, &roc); i++) {
		roc_nest = nla_nest_start(skb, RTPFWD_SRTP_A_ROC);
		if (!roc_nest || nla_put_u32(skb, RTPFWD_SRTP_ROC_A_SSRC, ssrc) ||
		    nla_put_u32(skb, RTPFWD_SRTP_ROC_A_ROC, roc))
			return -EMSGSIZE;
		nla_nest_end(skb, roc_nest);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Flags (when any), the recording and expected SSRCs. */
static int rtpfwd_genl_put_flags(struct sk_buff *skb, const struct rtpfwd_rule *rule)
{
	unsigned int i;

	if (rule->flags && nla_put_u32(skb, RTPFWD_RULE_A_FLAGS, rule->flags))
		return -EMSGSIZE;
	/* the stream it records into, while there is one */
	if (rule->tap && rtpfwd_tap_open(rule->tap) &&
	    nla_put_u32(skb, RTPFWD_RULE_A_RECORDING, rule->tap->id))
		return -EMSGSIZE;
	for (i = 0; i < rule->num_ssrcs; i++)
		if (nla_put_u32(skb, RTPFWD_RULE_A_SSRC, be32_to_cpu(rule->ssrcs[i])))
			return -EMSGSIZE;
	return 0;
}

/* Payload types and RTP statistics of a rule with RTPFWD_RULE_F_RTP. */
static int rtpfwd_genl_put_rtp(struct sk_buff *skb, const struct rtpfwd_rule *rule)
{
	const struct rtpfwd_rtp *rtp = rule->rtp;
	struct rtpfwd_ssrc_sum ss;
	struct nlattr *nest;
	u64 packets, bytes;
	unsigned int i;

	for (i = 0; i < rtp->num_pts; i++) {
		nest = nla_nest_start(skb, RTPFWD_RULE_A_PAYLOAD_TYPE);
		if (!nest || nla_put_u8(skb, RTPFWD_PT_A_TYPE, rtp->pts[i].type) ||
		    (rtp->pts[i].clock_rate &&
		     nla_put_u32(skb, RTPFWD_PT_A_CLOCK_RATE, rtp->pts[i].clock_rate)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	for (i = 0; i < rtp->num_pts; i++) {
		rtpfwd_rule_pt_stats(rule, i, &packets, &bytes);
		nest = nla_nest_start(skb, RTPFWD_RULE_A_PT_STATS);
		if (!nest || nla_put_u8(skb, RTPFWD_PT_A_TYPE, rtp->pts[i].type) ||
		    nla_put_u64_64bit(skb, RTPFWD_PT_A_PACKETS, packets, RTPFWD_PT_A_PAD) ||
		    nla_put_u64_64bit(skb, RTPFWD_PT_A_BYTES, bytes, RTPFWD_PT_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		if (!rtpfwd_rule_ssrc_stats(rule, i, &ss))
			break;
		nest = nla_nest_start(skb, RTPFWD_RULE_A_SSRC_STATS);
		if (!nest || nla_put_u32(skb, RTPFWD_SSRC_A_SSRC, ss.ssrc) ||
		    nla_put_u64_64bit(skb, RTPFWD_SSRC_A_PACKETS, ss.packets, RTPFWD_SSRC_A_PAD) ||
		    nla_put_u64_64bit(skb, RTPFWD_SSRC_A_BYTES, ss.bytes, RTPFWD_SSRC_A_PAD) ||
		    nla_put_u32(skb, RTPFWD_SSRC_A_EXT_SEQ, ss.ext_seq) ||
		    nla_put_u32(skb, RTPFWD_SSRC_A_LOST, ss.lost) ||
		    nla_put_u32(skb, RTPFWD_SSRC_A_JITTER, ss.jitter))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * The attributes of the largest rule message: every list full, IPv6
 * everywhere (what rtpfwd_genl_rule_fill() can put; keep the two together).
 * With 32 outputs and 32 payload types that is about 5 KB, more than
 * NLMSG_GOODSIZE: RULE_GET replies are allocated for it, and dumps ask for
 * skbs at least this large (cb->min_dump_alloc), so that any one rule fits
 * in an empty dump message.
 */
static size_t rtpfwd_genl_rule_size_max(void)
{
	const size_t ep = nla_total_size(nla_total_size(sizeof(struct in6_addr)) +
					 nla_total_size(sizeof(u16)));
	const size_t u8a = nla_total_size(sizeof(u8)), u32a = nla_total_size(sizeof(u32));
	const size_t u64a = nla_total_size_64bit(sizeof(u64));
	const size_t srtp = nla_total_size(u32a + u8a +
					   RTPFWD_SSRCS_MAX * nla_total_size(2 * u32a));
	const size_t repl = nla_total_size(u8a + nla_total_size(RTPFWD_PT_PATTERN_MAX));
	const size_t out = nla_total_size(2 * ep + u8a + srtp +
					  nla_total_size(3 * u64a) +	/* its STATS */
					  RTPFWD_SSRCS_MAX * nla_total_size(2 * u32a) +
					  RTPFWD_PT_REPLACE_MAX * repl);
	const size_t pt = nla_total_size(u8a + u32a), pt_stats = nla_total_size(u8a + 2 * u64a);
	const size_t ssrc_stats = nla_total_size(4 * u32a + 2 * u64a);

	return u32a +						/* TABLE_ID */
	       nla_total_size(2 * ep + u8a +			/* LOCAL, EXPECT, MISMATCH */
			      RTPFWD_OUTPUTS_MAX * out +
			      nla_total_size((RTPFWD_COUNTERS + 1) * u64a) + /* STATS */
			      srtp +					/* DECRYPT */
			      2 * u32a + RTPFWD_SSRCS_MAX * u32a +	/* FLAGS, RECORDING, SSRC */
			      RTPFWD_PAYLOAD_TYPES_MAX * (pt + pt_stats) +
			      RTPFWD_SSRCS_MAX * ssrc_stats);
}

/* Context: rcu_read_lock() held, or the table's rules_lock. */
static int rtpfwd_genl_rule_fill(struct sk_buff *skb, u32 table_id,
				 const struct rtpfwd_rule *rule,
				 u32 portid, u32 seq, int flags)
{
	struct nlattr *nest, *out;
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &rtpfwd_genl_family, flags, RTPFWD_CMD_RULE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, RTPFWD_A_TABLE_ID, table_id))
		goto cancel;
	nest = nla_nest_start(skb, RTPFWD_A_RULE);
	if (!nest ||
	    rtpfwd_genl_put_ep(skb, RTPFWD_RULE_A_LOCAL, &rule->local) ||
	    (rule->expect.family &&
	     rtpfwd_genl_put_ep(skb, RTPFWD_RULE_A_EXPECT, &rule->expect)) ||
	    nla_put_u8(skb, RTPFWD_RULE_A_MISMATCH, rule->mismatch))
		goto cancel;
	for (i = 0; i < rule->num_outputs; i++) {
		const struct rtpfwd_output_cfg *cfg = &rule->outputs[i].cfg;

		out = nla_nest_start(skb, RTPFWD_RULE_A_OUTPUT);
		if (!out ||
		    rtpfwd_genl_put_ep(skb, RTPFWD_OUT_A_SRC, &cfg->src) ||
		    rtpfwd_genl_put_ep(skb, RTPFWD_OUT_A_DST, &cfg->dst) ||
		    nla_put_u8(skb, RTPFWD_OUT_A_TOS, cfg->tos) ||
		    rtpfwd_genl_put_ssrc_map(skb, cfg) ||
		    rtpfwd_genl_put_pt_replace(skb, cfg) ||
		    (rule->outputs[i].encrypt &&
		     rtpfwd_genl_put_srtp(skb, RTPFWD_OUT_A_ENCRYPT, rule->outputs[i].encrypt)) ||
		    rtpfwd_genl_put_out_stats(skb, rule, i))
			goto cancel;
		nla_nest_end(skb, out);
	}
	if ((rule->decrypt &&
	     rtpfwd_genl_put_srtp(skb, RTPFWD_RULE_A_DECRYPT, rule->decrypt)) ||
	    rtpfwd_genl_put_stats(skb, rule) || rtpfwd_genl_put_flags(skb, rule) ||
	    (rule->rtp && rtpfwd_genl_put_rtp(skb, rule)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int rtpfwd_genl_rule_get(struct sk_buff *skb, struct genl_info *info)
{
	struct rtpfwd_endpoint local;
	struct rtpfwd_table *table;
	struct rtpfwd_rule *rule;
	struct sk_buff *reply;
	int err;

	err = rtpfwd_genl_parse_local(info, &local) ?: rtpfwd_genl_table(info, &table);
	if (err)
		return err;
	reply = genlmsg_new(rtpfwd_genl_rule_size_max(), GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto out;
	}
	rcu_read_lock();
	rule = rtpfwd_rule_lookup_rcu(table, &local);
	err = rule ? rtpfwd_genl_rule_fill(reply, table->id, rule, info->snd_portid,
					   info->snd_seq, 0) : -ENOENT;
	rcu_read_unlock();
	if (err) {
		if (err == -ENOENT)
			NL_SET_ERR_MSG_MOD(info->extack, "no rule for this local endpoint");
		nlmsg_free(reply);
		goto out;
	}
	err = genlmsg_reply(reply, info);
out:
	rtpfwd_table_put(table);
	return err;
}

/* ---- dumps -------------------------------------------------------------- */

/*
 * Dump state, in cb->args[0]: a cursor (core/rule_cursor.c) over one table's
 * rules at a time, kept between calls. Rules may come and go on a live proxy
 * without interrupting the dump: each rule present throughout is listed
 * exactly once. Only what the cursor reports (a resize that restarts the
 * walk, or a lost place) may list a rule twice or miss one: then the dump is
 * marked interrupted (NLM_F_DUMP_INTR), on every message from there on and
 * on NLMSG_DONE.
 */
struct rtpfwd_rule_dump {
	struct rtpfwd_rule_cursor cursor;
	struct rtpfwd_table	*table;		/* being walked, referenced */
	u32			next_id;	/* next table to walk */
	bool			one_table;
	bool			inconsistent;	/* sticky */
};

/* A restarted cursor makes the dump inconsistent; cb->seq says so to NLMSG_DONE. */
static void rtpfwd_genl_rule_dump_note(struct netlink_callback *cb,
				       struct rtpfwd_rule_dump *dump)
{
	if (dump->cursor.restarted)
		dump->inconsistent = true;
	cb->seq = 1 + dump->inconsistent;
}

static void rtpfwd_genl_rule_dump_mark(struct netlink_callback *cb,
				       struct rtpfwd_rule_dump *dump, struct sk_buff *skb)
{
	rtpfwd_genl_rule_dump_note(cb, dump);
	rtpfwd_genl_dump_mark(cb, nlmsg_hdr(skb), dump->inconsistent);
}

int rtpfwd_genl_rule_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = rtpfwd_genl_dump_attrs(cb);
	struct rtpfwd_rule_dump *dump;
	int err;

	err = rtpfwd_genl_dump_check(cb);
	if (err)
		return err;
	dump = kzalloc(sizeof(*dump), GFP_KERNEL);
	if (!dump)
		return -ENOMEM;
	if (attrs[RTPFWD_A_TABLE_ID]) {
		struct rtpfwd_table *table;

		dump->next_id = nla_get_u32(attrs[RTPFWD_A_TABLE_ID]);
		dump->one_table = true;
		/* A table that does not exist is an error, not an empty list. */
		table = rtpfwd_table_get_id(sock_net(cb->skb->sk), dump->next_id);
		if (!table) {
			NL_SET_ERR_MSG_MOD(cb->extack, "no such table");
			kfree(dump);
			return -ENOENT;
		}
		rtpfwd_table_put(table);
	}
	cb->args[0] = (long)dump;
	cb->min_dump_alloc = nlmsg_total_size(GENL_HDRLEN + rtpfwd_genl_rule_size_max());
	return 0;
}

int rtpfwd_genl_rule_dump_done(struct netlink_callback *cb)
{
	struct rtpfwd_rule_dump *dump = (struct rtpfwd_rule_dump *)cb->args[0];

	if (dump->table) {
		rtpfwd_rule_cursor_exit(&dump->cursor);
		rtpfwd_table_put(dump->table);
	}
	kfree(dump);
	return 0;
}

/* Move to the next table to walk; false at the end. */
static bool rtpfwd_genl_dump_next_table(struct net *net, struct rtpfwd_rule_dump *dump)
{
	for (; dump->next_id < RTPFWD_TABLES; dump->next_id++) {
		dump->table = rtpfwd_table_get_id(net, dump->next_id);
		if (dump->table || dump->one_table)
			break;
	}
	if (!dump->table)
		return false;
	dump->next_id = dump->one_table ? RTPFWD_TABLES : dump->next_id + 1;
	rtpfwd_rule_cursor_init(&dump->cursor, dump->table);
	return true;
}

int rtpfwd_genl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rtpfwd_rule_dump *dump = (struct rtpfwd_rule_dump *)cb->args[0];
	struct net *net = sock_net(skb->sk);
	struct rtpfwd_rule *rule;
	int err = 0;

	cb->seq = 1 + dump->inconsistent;
	while (dump->table || rtpfwd_genl_dump_next_table(net, dump)) {
		/* resumes at the rule that did not fit last time */
		rule = rtpfwd_rule_cursor_start(&dump->cursor, dump->cursor.pos);
		for (; rule; rule = rtpfwd_rule_cursor_next(&dump->cursor)) {
			err = rtpfwd_genl_rule_fill(skb, dump->table->id, rule,
						    NETLINK_CB(cb->skb).portid,
						    cb->nlh->nlmsg_seq, NLM_F_MULTI);
			if (err)
				break;
			rtpfwd_genl_rule_dump_mark(cb, dump, skb);
		}
		rtpfwd_genl_rule_dump_note(cb, dump);	/* at the end: for NLMSG_DONE */
		rtpfwd_rule_cursor_stop(&dump->cursor);
		if (err)
			break;
		rtpfwd_rule_cursor_exit(&dump->cursor);
		rtpfwd_table_put(dump->table);
		dump->table = NULL;
	}

	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* resume here next time */
	return err ?: skb->len;
}
