// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink: RULE_NEW, RULE_DEL, RULE_GET, STATS_RESET. Parses requests into
 * struct rtpfwd_rule_cfg (rule.h) and fills replies from published rules.
 * Policies are strict and nested; every rejection says why through extack.
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include "compat.h"
#include "genl.h"
#include "rule.h"

static const struct nla_policy rtpfwd_ep_policy[RTPFWD_EP_A_MAX + 1] = {
	[RTPFWD_EP_A_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[RTPFWD_EP_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[RTPFWD_EP_A_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
};

static const struct nla_policy rtpfwd_out_policy[RTPFWD_OUT_A_MAX + 1] = {
	[RTPFWD_OUT_A_SRC]	= NLA_POLICY_NESTED(rtpfwd_ep_policy),
	[RTPFWD_OUT_A_DST]	= NLA_POLICY_NESTED(rtpfwd_ep_policy),
	[RTPFWD_OUT_A_TOS]	= { .type = NLA_U8 },
};

static const struct nla_policy rtpfwd_pt_policy[RTPFWD_PT_A_MAX + 1] = {
	[RTPFWD_PT_A_PAD]	 = { .type = NLA_REJECT },
	[RTPFWD_PT_A_TYPE]	 = NLA_POLICY_MAX(NLA_U8, 127),
	[RTPFWD_PT_A_CLOCK_RATE] = NLA_POLICY_MIN(NLA_U32, 1),
	[RTPFWD_PT_A_PACKETS]	 = { .type = NLA_REJECT,
				     .reject_message = "statistics are read-only" },
	[RTPFWD_PT_A_BYTES]	 = { .type = NLA_REJECT,
				     .reject_message = "statistics are read-only" },
};

static const struct nla_policy rtpfwd_rule_policy[RTPFWD_RULE_A_MAX + 1] = {
	[RTPFWD_RULE_A_PAD]	 = { .type = NLA_REJECT },
	[RTPFWD_RULE_A_LOCAL]	 = NLA_POLICY_NESTED(rtpfwd_ep_policy),
	[RTPFWD_RULE_A_EXPECT]	 = NLA_POLICY_NESTED(rtpfwd_ep_policy),
	[RTPFWD_RULE_A_MISMATCH] = NLA_POLICY_MAX(NLA_U8, RTPFWD_MISMATCH_MAX),
	[RTPFWD_RULE_A_OUTPUT]	 = NLA_POLICY_NESTED(rtpfwd_out_policy),
	[RTPFWD_RULE_A_STATS]	 = { .type = NLA_REJECT,
				     .reject_message = "statistics are read-only" },
	[RTPFWD_RULE_A_FLAGS]	 = NLA_POLICY_MASK(NLA_U32, RTPFWD_RULE_F_ALL),
	[RTPFWD_RULE_A_PAYLOAD_TYPE] = NLA_POLICY_NESTED(rtpfwd_pt_policy),
	[RTPFWD_RULE_A_PT_STATS] = { .type = NLA_REJECT,
				     .reject_message = "statistics are read-only" },
	[RTPFWD_RULE_A_SSRC_STATS] = { .type = NLA_REJECT,
				       .reject_message = "statistics are read-only" },
	[RTPFWD_RULE_A_SSRC]	 = { .type = NLA_U32 },
};

const struct nla_policy rtpfwd_rule_req_policy[RTPFWD_A_MAX + 1] = {
	[RTPFWD_A_TABLE_ID]	= NLA_POLICY_MAX(NLA_U32, RTPFWD_TABLE_ID_MAX),
	[RTPFWD_A_RULE]		= NLA_POLICY_NESTED(rtpfwd_rule_policy),
};

/* ---- requests ----------------------------------------------------------- */

static int rtpfwd_genl_parse_ep(const struct nlattr *attr, struct rtpfwd_endpoint *ep,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_EP_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, RTPFWD_EP_A_MAX, attr, rtpfwd_ep_policy, extack);
	if (err)
		return err;
	memset(ep, 0, sizeof(*ep));
	if (!tb[RTPFWD_EP_A_ADDR4] == !tb[RTPFWD_EP_A_ADDR6]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an endpoint needs exactly one of addr4 and addr6");
		return -EINVAL;
	}
	if (!tb[RTPFWD_EP_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "an endpoint needs a port");
		return -EINVAL;
	}
	if (tb[RTPFWD_EP_A_ADDR4]) {
		ep->family = AF_INET;
		ep->addr.v4 = nla_get_in_addr(tb[RTPFWD_EP_A_ADDR4]);
	} else {
		ep->family = AF_INET6;
		ep->addr.v6 = nla_get_in6_addr(tb[RTPFWD_EP_A_ADDR6]);
	}
	ep->port = htons(nla_get_u16(tb[RTPFWD_EP_A_PORT]));
	return 0;
}

static int rtpfwd_genl_parse_output(const struct nlattr *attr,
				    struct rtpfwd_output_cfg *out,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_OUT_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, RTPFWD_OUT_A_MAX, attr, rtpfwd_out_policy, extack);
	if (err)
		return err;
	if (!tb[RTPFWD_OUT_A_SRC] || !tb[RTPFWD_OUT_A_DST]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "an output needs a source and a destination");
		return -EINVAL;
	}
	err = rtpfwd_genl_parse_ep(tb[RTPFWD_OUT_A_SRC], &out->src, extack) ?:
	      rtpfwd_genl_parse_ep(tb[RTPFWD_OUT_A_DST], &out->dst, extack);
	if (err)
		return err;
	/* of either family: another than the local one bridges IPv4<->IPv6 */
	if (out->src.family != out->dst.family) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an output's source and destination must be of one address family");
		return -EINVAL;
	}
	out->tos = tb[RTPFWD_OUT_A_TOS] ? nla_get_u8(tb[RTPFWD_OUT_A_TOS]) : 0;
	return 0;
}

static int rtpfwd_genl_parse_pt(const struct nlattr *attr, struct rtpfwd_rule_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_PT_A_MAX + 1];
	struct rtpfwd_pt_cfg *pt;
	unsigned int i;
	int err;

	if (cfg->num_pts == RTPFWD_PAYLOAD_TYPES_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many payload types (at most 32)");
		return -E2BIG;
	}
	err = nla_parse_nested(tb, RTPFWD_PT_A_MAX, attr, rtpfwd_pt_policy, extack);
	if (err)
		return err;
	if (!tb[RTPFWD_PT_A_TYPE]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "a payload type needs a type");
		NL_SET_ERR_ATTR_MISS(extack, attr, RTPFWD_PT_A_TYPE);
		return -EINVAL;
	}
	pt = &cfg->pts[cfg->num_pts];
	pt->type = nla_get_u8(tb[RTPFWD_PT_A_TYPE]);
	pt->clock_rate = tb[RTPFWD_PT_A_CLOCK_RATE] ?
			 nla_get_u32(tb[RTPFWD_PT_A_CLOCK_RATE]) : 0;
	for (i = 0; i < cfg->num_pts; i++) {
		if (cfg->pts[i].type == pt->type) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "duplicate payload type");
			return -EINVAL;
		}
	}
	cfg->num_pts++;
	return 0;
}

/* One expected SSRC (RTPFWD_RULE_A_SSRC) of a rule with RTPFWD_RULE_F_SSRC. */
static int rtpfwd_genl_parse_ssrc(const struct nlattr *attr, struct rtpfwd_rule_cfg *cfg,
				  struct netlink_ext_ack *extack)
{
	__be32 ssrc = cpu_to_be32(nla_get_u32(attr));
	unsigned int i;

	if (!(cfg->flags & RTPFWD_RULE_F_SSRC)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "expected SSRCs need the SSRC flag");
		return -EINVAL;
	}
	if (cfg->num_ssrcs == RTPFWD_SSRCS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many expected SSRCs (at most 4)");
		return -E2BIG;
	}
	for (i = 0; i < cfg->num_ssrcs; i++) {
		if (cfg->ssrcs[i] == ssrc) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "duplicate expected SSRC");
			return -EINVAL;
		}
	}
	cfg->ssrcs[cfg->num_ssrcs++] = ssrc;
	return 0;
}

/* The rule nest of a request, parsed, with its mandatory local endpoint. */
static int rtpfwd_genl_rule_attrs(struct genl_info *info, struct nlattr **tb,
				  struct rtpfwd_endpoint *local)
{
	struct nlattr *rule_attr = info->attrs[RTPFWD_A_RULE];
	struct netlink_ext_ack *extack = info->extack;
	int err;

	if (!rule_attr) {
		NL_SET_ERR_MSG_MOD(extack, "missing rule");
		NL_SET_ERR_ATTR_MISS(extack, NULL, RTPFWD_A_RULE);
		return -EINVAL;
	}
	err = nla_parse_nested(tb, RTPFWD_RULE_A_MAX, rule_attr, rtpfwd_rule_policy, extack);
	if (err)
		return err;
	if (!tb[RTPFWD_RULE_A_LOCAL]) {
		NL_SET_ERR_MSG_MOD(extack, "a rule needs a local endpoint");
		NL_SET_ERR_ATTR_MISS(extack, rule_attr, RTPFWD_RULE_A_LOCAL);
		return -EINVAL;
	}
	return rtpfwd_genl_parse_ep(tb[RTPFWD_RULE_A_LOCAL], local, extack);
}

/* A whole rule description, for RULE_NEW. */
static int rtpfwd_genl_parse_rule(struct genl_info *info, struct rtpfwd_rule_cfg *cfg)
{
	struct nlattr *tb[RTPFWD_RULE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	const struct nlattr *attr;
	int err, rem;

	memset(cfg, 0, sizeof(*cfg));
	err = rtpfwd_genl_rule_attrs(info, tb, &cfg->local);
	if (err)
		return err;

	if (tb[RTPFWD_RULE_A_EXPECT]) {
		err = rtpfwd_genl_parse_ep(tb[RTPFWD_RULE_A_EXPECT], &cfg->expect, extack);
		if (err)
			return err;
		if (cfg->expect.family != cfg->local.family) {
			NL_SET_ERR_MSG_ATTR(extack, tb[RTPFWD_RULE_A_EXPECT],
					    "expected source of another address family than the local one");
			return -EINVAL;
		}
	}
	cfg->mismatch = tb[RTPFWD_RULE_A_MISMATCH] ?
			nla_get_u8(tb[RTPFWD_RULE_A_MISMATCH]) : RTPFWD_MISMATCH_IGNORE;

	if (tb[RTPFWD_RULE_A_FLAGS])
		cfg->flags = nla_get_u32(tb[RTPFWD_RULE_A_FLAGS]);
	if ((cfg->flags & RTPFWD_RULE_F_SSRC) && !(cfg->flags & RTPFWD_RULE_F_RTP)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[RTPFWD_RULE_A_FLAGS],
				    "the SSRC flag needs the RTP flag");
		return -EINVAL;
	}

	nla_for_each_nested(attr, info->attrs[RTPFWD_A_RULE], rem) {
		if (nla_type(attr) == RTPFWD_RULE_A_PAYLOAD_TYPE) {
			if (!(cfg->flags & RTPFWD_RULE_F_RTP)) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "payload types need the RTP flag");
				return -EINVAL;
			}
			err = rtpfwd_genl_parse_pt(attr, cfg, extack);
			if (err)
				return err;
			continue;
		}
		if (nla_type(attr) == RTPFWD_RULE_A_SSRC) {
			err = rtpfwd_genl_parse_ssrc(attr, cfg, extack);
			if (err)
				return err;
			continue;
		}
		if (nla_type(attr) != RTPFWD_RULE_A_OUTPUT)
			continue;
		if (cfg->num_outputs == RTPFWD_OUTPUTS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "too many outputs (at most 8)");
			return -E2BIG;
		}
		err = rtpfwd_genl_parse_output(attr, &cfg->outputs[cfg->num_outputs], extack);
		if (err)
			return err;
		cfg->num_outputs++;
	}
	if (!cfg->num_outputs) {
		NL_SET_ERR_MSG_MOD(extack, "a rule needs at least one output");
		NL_SET_ERR_ATTR_MISS(extack, info->attrs[RTPFWD_A_RULE], RTPFWD_RULE_A_OUTPUT);
		return -EINVAL;
	}
	return 0;
}

/* Just the local endpoint, for RULE_DEL and RULE_GET. */
static int rtpfwd_genl_parse_local(struct genl_info *info, struct rtpfwd_endpoint *local)
{
	struct nlattr *tb[RTPFWD_RULE_A_MAX + 1];

	return rtpfwd_genl_rule_attrs(info, tb, local);
}

/* The table named by the request, with a reference. */
static int rtpfwd_genl_table(struct genl_info *info, struct rtpfwd_table **table)
{
	u32 id;
	int err;

	err = rtpfwd_genl_table_id(info, &id);
	if (err)
		return err;
	*table = rtpfwd_table_get_id(genl_info_net(info), id);
	if (!*table) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such table");
		return -ENOENT;
	}
	return 0;
}

int rtpfwd_genl_rule_new(struct sk_buff *skb, struct genl_info *info)
{
	u16 flags = info->nlhdr->nlmsg_flags;
	struct rtpfwd_rule_cfg *cfg;
	struct rtpfwd_table *table;
	int err;

	/* A rule description is too big for the stack with 8 outputs. */
	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	err = rtpfwd_genl_parse_rule(info, cfg) ?: rtpfwd_genl_table(info, &table);
	if (err)
		goto out;
	err = rtpfwd_rule_add(table, cfg, flags & NLM_F_CREATE, flags & NLM_F_EXCL,
			      flags & NLM_F_REPLACE, info->extack);
	if (!err)
		rtpfwd_table_changed(table);
	rtpfwd_table_put(table);
out:
	kfree(cfg);
	return err;
}

int rtpfwd_genl_rule_del(struct sk_buff *skb, struct genl_info *info)
{
	struct rtpfwd_endpoint local;
	struct rtpfwd_table *table;
	int err;

	err = rtpfwd_genl_parse_local(info, &local) ?: rtpfwd_genl_table(info, &table);
	if (err)
		return err;
	err = rtpfwd_rule_del(table, &local, info->extack);
	if (!err)
		rtpfwd_table_changed(table);
	rtpfwd_table_put(table);
	return err;
}

/* STATS_RESET: one rule (with RTPFWD_A_RULE { LOCAL }) or the whole table. */
int rtpfwd_genl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct rtpfwd_endpoint local;
	struct rtpfwd_table *table;
	bool one = info->attrs[RTPFWD_A_RULE];
	int err;

	err = (one ? rtpfwd_genl_parse_local(info, &local) : 0) ?:
	      rtpfwd_genl_table(info, &table);
	if (err)
		return err;
	err = rtpfwd_table_stats_reset(table, one ? &local : NULL, NULL, NULL, info->extack);
	rtpfwd_table_put(table);
	return err;
}

/* ---- replies ------------------------------------------------------------ */

static int rtpfwd_genl_put_ep(struct sk_buff *skb, int type, const struct rtpfwd_endpoint *ep)
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

/**
 * rtpfwd_genl_notify_rule() - announce a rule change on the notify group
 * @table: the rule's table
 * @local: the rule's local endpoint
 * @cmd: RTPFWD_CMD_RULE_NEW (@flags NLM_F_CREATE: created, NLM_F_REPLACE:
 *	replaced) or RTPFWD_CMD_RULE_DEL
 * @flags: see @cmd
 *
 * Events carry RTPFWD_A_TABLE_ID and RTPFWD_A_RULE { LOCAL }; listeners
 * fetch the rule if they want more. Deleting a table announces the table
 * only. Nothing is built while nobody listens. Context: process.
 */
void rtpfwd_genl_notify_rule(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
			     u8 cmd, u16 flags)
{
	const size_t ep_size = nla_total_size(sizeof(struct in6_addr)) +
			       nla_total_size(sizeof(u16));
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	skb = rtpfwd_genl_notify_start(table->net, nla_total_size(sizeof(u32)) +
				       nla_total_size(nla_total_size(ep_size)), cmd, flags, &hdr);
	if (!skb)
		return;
	if (nla_put_u32(skb, RTPFWD_A_TABLE_ID, table->id))
		goto err;
	nest = nla_nest_start(skb, RTPFWD_A_RULE);
	if (!nest || rtpfwd_genl_put_ep(skb, RTPFWD_RULE_A_LOCAL, local))
		goto err;
	nla_nest_end(skb, nest);
	rtpfwd_genl_notify_send(table->net, skb, hdr);
	return;
err:
	nlmsg_free(skb);
}

static int rtpfwd_genl_put_stats(struct sk_buff *skb, const struct rtpfwd_rule *rule)
{
	struct rtpfwd_stats_sum sum;
	struct nlattr *nest;

	rtpfwd_rule_stats(rule, &sum);
	nest = nla_nest_start(skb, RTPFWD_RULE_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_PACKETS, sum.packets, RTPFWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_BYTES, sum.bytes, RTPFWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_ERRORS, sum.errors, RTPFWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_TTL_EXPIRED, sum.ttl_expired,
			      RTPFWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RTPFWD_STATS_A_TOO_BIG, sum.too_big, RTPFWD_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Flags (when any) and expected SSRCs. */
static int rtpfwd_genl_put_flags(struct sk_buff *skb, const struct rtpfwd_rule *rule)
{
	unsigned int i;

	if (rule->flags && nla_put_u32(skb, RTPFWD_RULE_A_FLAGS, rule->flags))
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
		    nla_put_u8(skb, RTPFWD_OUT_A_TOS, cfg->tos))
			goto cancel;
		nla_nest_end(skb, out);
	}
	if (rtpfwd_genl_put_stats(skb, rule) || rtpfwd_genl_put_flags(skb, rule) ||
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
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
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
 * Dump state, in cb->args[0]: a walk over one table's rules at a time. The
 * walker survives between calls (rules may come and go: each rule present
 * throughout is listed; a resize or a change marks the dump interrupted).
 */
struct rtpfwd_rule_dump {
	struct rhashtable_iter	iter;
	struct rtpfwd_table	*table;		/* being walked, referenced */
	u32			next_id;	/* next table to walk */
	bool			one_table;
	bool			resized;
};

int rtpfwd_genl_rule_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = rtpfwd_genl_dump_attrs(cb);
	struct rtpfwd_rule_dump *dump;

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
	return 0;
}

int rtpfwd_genl_rule_dump_done(struct netlink_callback *cb)
{
	struct rtpfwd_rule_dump *dump = (struct rtpfwd_rule_dump *)cb->args[0];

	if (dump->table) {
		rhashtable_walk_exit(&dump->iter);
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
	rhashtable_walk_enter(&dump->table->rules, &dump->iter);
	return true;
}

int rtpfwd_genl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rtpfwd_rule_dump *dump = (struct rtpfwd_rule_dump *)cb->args[0];
	struct net *net = sock_net(skb->sk);
	struct rtpfwd_rule *rule;
	int err = 0;

	cb->seq = rtpfwd_generation(net);
	while (dump->table || rtpfwd_genl_dump_next_table(net, dump)) {
		rhashtable_walk_start(&dump->iter);
		while ((rule = rhashtable_walk_peek(&dump->iter))) {
			if (IS_ERR(rule)) {
				if (PTR_ERR(rule) != -EAGAIN)
					break;
				/* resized: the walk restarted; peek again */
				dump->resized = true;
				continue;
			}
			err = rtpfwd_genl_rule_fill(skb, dump->table->id, rule,
						    NETLINK_CB(cb->skb).portid,
						    cb->nlh->nlmsg_seq, NLM_F_MULTI);
			if (err)
				break;
			if (dump->resized)
				cb->seq++;	/* force NLM_F_DUMP_INTR */
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
			rhashtable_walk_next(&dump->iter);
		}
		rhashtable_walk_stop(&dump->iter);
		if (err)
			break;
		rhashtable_walk_exit(&dump->iter);
		rtpfwd_table_put(dump->table);
		dump->table = NULL;
	}

	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* resume here next time */
	return err ?: skb->len;
}
