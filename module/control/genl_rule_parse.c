// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink, rule requests parsed into struct rtpfwd_rule_cfg
 * (core/rule.h): syntax, and the bounds of its arrays, only. What a valid
 * rule is, the core checks (core/rule_cfg.c). Policies are strict and
 * nested; every rejection says why through extack.
 */
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>

#include "core/rule.h"
#include "genl.h"
#include "proc_calls.h"

static const struct nla_policy rtpfwd_ep_policy[RTPFWD_EP_A_MAX + 1] = {
	[RTPFWD_EP_A_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[RTPFWD_EP_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[RTPFWD_EP_A_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy rtpfwd_srtp_roc_policy[RTPFWD_SRTP_ROC_A_MAX + 1] = {
	[RTPFWD_SRTP_ROC_A_SSRC]	= { .type = NLA_U32 },
	[RTPFWD_SRTP_ROC_A_ROC]		= { .type = NLA_U32 },
};

/*
 * The key's and the salt's exact lengths depend on the suite
 * (rtpfwd_srtp_cfg_validate()); the policy bounds them (.len: at most), as
 * it does the MKI. Numbers, not
 * srtp.h's names: check-spec.sh compiles this table with the uapi header
 * alone (the assertions below keep them equal).
 */
static_assert(RTPFWD_SRTP_KEY_MAX == 32 && RTPFWD_SRTP_SALT_LEN == 14 &&
	      RTPFWD_SRTP_MKI_MAX == 4);
const struct nla_policy rtpfwd_srtp_policy[RTPFWD_SRTP_A_MAX + 1] = {
	[RTPFWD_SRTP_A_SUITE]	    = NLA_POLICY_MAX(NLA_U32, RTPFWD_SRTP_SUITE_MAX),
	[RTPFWD_SRTP_A_MASTER_KEY]  = { .type = NLA_BINARY, .len = 32 },
	[RTPFWD_SRTP_A_MASTER_SALT] = { .type = NLA_BINARY, .len = 14 },
	[RTPFWD_SRTP_A_MKI]	    = { .type = NLA_BINARY, .len = 4 },
	[RTPFWD_SRTP_A_ROC]	    = NLA_POLICY_NESTED(rtpfwd_srtp_roc_policy),
	[RTPFWD_SRTP_A_MKI_LEN]	    = { .type = NLA_REJECT,
					.reject_message = "the MKI length is read-only" },
	[RTPFWD_SRTP_A_UNAUTHENTICATED] = { .type = NLA_FLAG },
};

static const struct nla_policy rtpfwd_ssrc_map_policy[RTPFWD_SSRC_MAP_A_MAX + 1] = {
	[RTPFWD_SSRC_MAP_A_FROM] = { .type = NLA_U32 },
	[RTPFWD_SSRC_MAP_A_TO]	 = { .type = NLA_U32 },
};

/* the pattern's least length (1) is checked by rtpfwd_genl_parse_pt_replace() */
static const struct nla_policy rtpfwd_pt_replace_policy[RTPFWD_PT_REPLACE_A_MAX + 1] = {
	[RTPFWD_PT_REPLACE_A_TYPE]    = NLA_POLICY_MAX(NLA_U8, 127),
	[RTPFWD_PT_REPLACE_A_PATTERN] = { .type = NLA_BINARY, .len = RTPFWD_PT_PATTERN_MAX },
};

static const struct nla_policy rtpfwd_out_policy[RTPFWD_OUT_A_MAX + 1] = {
	[RTPFWD_OUT_A_SRC]	= NLA_POLICY_NESTED(rtpfwd_ep_policy),
	[RTPFWD_OUT_A_DST]	= NLA_POLICY_NESTED(rtpfwd_ep_policy),
	[RTPFWD_OUT_A_TOS]	= { .type = NLA_U8 },
	[RTPFWD_OUT_A_ENCRYPT]	= NLA_POLICY_NESTED(rtpfwd_srtp_policy),
	[RTPFWD_OUT_A_STATS]	= { .type = NLA_REJECT,
				    .reject_message = "statistics are read-only" },
	[RTPFWD_OUT_A_SSRC_MAP]	= NLA_POLICY_NESTED(rtpfwd_ssrc_map_policy),
	[RTPFWD_OUT_A_PT_REPLACE] = NLA_POLICY_NESTED(rtpfwd_pt_replace_policy),
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
	[RTPFWD_RULE_A_DECRYPT]	 = NLA_POLICY_NESTED(rtpfwd_srtp_policy),
	[RTPFWD_RULE_A_RECORDING] = { .type = NLA_U32 },
};

const struct nla_policy rtpfwd_rule_req_policy[RTPFWD_A_RULE + 1] = {
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

/* One SSRC rewrite of an output (RTPFWD_OUT_A_SSRC_MAP). */
static int rtpfwd_genl_parse_ssrc_map(const struct nlattr *attr, struct rtpfwd_output_cfg *out,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_SSRC_MAP_A_MAX + 1];
	struct rtpfwd_ssrc_map *map;
	int err;

	if (out->num_ssrc_map == RTPFWD_SSRCS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "too many SSRC rewrites in an output (at most 4)");
		return -E2BIG;
	}
	err = nla_parse_nested(tb, RTPFWD_SSRC_MAP_A_MAX, attr, rtpfwd_ssrc_map_policy, extack);
	if (err)
		return err;
	if (!tb[RTPFWD_SSRC_MAP_A_FROM] || !tb[RTPFWD_SSRC_MAP_A_TO]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "an SSRC rewrite needs from and to");
		return -EINVAL;
	}
	map = &out->ssrc_map[out->num_ssrc_map++];
	map->from = cpu_to_be32(nla_get_u32(tb[RTPFWD_SSRC_MAP_A_FROM]));
	map->to = cpu_to_be32(nla_get_u32(tb[RTPFWD_SSRC_MAP_A_TO]));
	return 0;
}

/* One payload replacement of an output (RTPFWD_OUT_A_PT_REPLACE). */
static int rtpfwd_genl_parse_pt_replace(const struct nlattr *attr,
					struct rtpfwd_output_cfg *out,
					struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_PT_REPLACE_A_MAX + 1];
	struct rtpfwd_pt_replace *r;
	int err;

	if (out->num_pt_replace == RTPFWD_PT_REPLACE_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "too many payload replacements in an output (at most "
				    __stringify(RTPFWD_PT_REPLACE_MAX) ")");
		return -E2BIG;
	}
	err = nla_parse_nested(tb, RTPFWD_PT_REPLACE_A_MAX, attr, rtpfwd_pt_replace_policy,
			       extack);
	if (err)
		return err;
	if (!tb[RTPFWD_PT_REPLACE_A_TYPE] || !tb[RTPFWD_PT_REPLACE_A_PATTERN]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a payload replacement needs a type and a pattern");
		return -EINVAL;
	}
	if (!nla_len(tb[RTPFWD_PT_REPLACE_A_PATTERN])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[RTPFWD_PT_REPLACE_A_PATTERN],
				    "an empty replacement pattern");
		return -EINVAL;
	}
	r = &out->pt_replace[out->num_pt_replace++];
	r->type = nla_get_u8(tb[RTPFWD_PT_REPLACE_A_TYPE]);
	r->len = nla_memcpy(r->pattern, tb[RTPFWD_PT_REPLACE_A_PATTERN], sizeof(r->pattern));
	return 0;
}

static int rtpfwd_genl_parse_output(const struct nlattr *attr,
				    struct rtpfwd_rule_cfg *rule,
				    struct rtpfwd_srtp_cfg **srtp,
				    struct netlink_ext_ack *extack)
{
	struct rtpfwd_output_cfg *out = &rule->outputs[rule->num_outputs];
	struct nlattr *tb[RTPFWD_OUT_A_MAX + 1], *map;
	int err, rem;

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
	out->tos = tb[RTPFWD_OUT_A_TOS] ? nla_get_u8(tb[RTPFWD_OUT_A_TOS]) : 0;
	nla_for_each_nested(map, attr, rem) {
		if (nla_type(map) == RTPFWD_OUT_A_SSRC_MAP)
			err = rtpfwd_genl_parse_ssrc_map(map, out, extack);
		else if (nla_type(map) == RTPFWD_OUT_A_PT_REPLACE)
			err = rtpfwd_genl_parse_pt_replace(map, out, extack);
		if (err)
			return err;
	}
	if (tb[RTPFWD_OUT_A_ENCRYPT])
		return rtpfwd_genl_parse_srtp(tb[RTPFWD_OUT_A_ENCRYPT], srtp,
					      RTPFWD_SRTP_ENCRYPT(rule->num_outputs), extack);
	return 0;
}

static int rtpfwd_genl_parse_pt(const struct nlattr *attr, struct rtpfwd_rule_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_PT_A_MAX + 1];
	struct rtpfwd_pt_cfg *pt;
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
	pt = &cfg->pts[cfg->num_pts++];
	pt->type = nla_get_u8(tb[RTPFWD_PT_A_TYPE]);
	pt->clock_rate = tb[RTPFWD_PT_A_CLOCK_RATE] ?
			 nla_get_u32(tb[RTPFWD_PT_A_CLOCK_RATE]) : 0;
	return 0;
}

/* One expected SSRC (RTPFWD_RULE_A_SSRC). */
static int rtpfwd_genl_parse_ssrc(const struct nlattr *attr, struct rtpfwd_rule_cfg *cfg,
				  struct netlink_ext_ack *extack)
{
	if (cfg->num_ssrcs == RTPFWD_SSRCS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many expected SSRCs (at most 4)");
		return -E2BIG;
	}
	cfg->ssrcs[cfg->num_ssrcs++] = cpu_to_be32(nla_get_u32(attr));
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

/*
 * The recorded stream a rule records into: its tap, referenced, in
 * cfg->tap. The table is the request's (rule_new checks it exists after).
 */
static int rtpfwd_genl_parse_recording(struct genl_info *info, const struct nlattr *attr,
				       struct rtpfwd_rule_cfg *cfg)
{
	struct nlattr *id = info->attrs[RTPFWD_A_TABLE_ID];
	struct rtpfwd_calls *calls;

	calls = id ? rtpfwd_calls_get(genl_info_net(info), nla_get_u32(id)) : NULL;
	if (calls) {
		cfg->tap = rtpfwd_calls_tap(calls, nla_get_u32(attr));
		rtpfwd_calls_put(calls);
	}
	if (!cfg->tap) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such recorded stream in the table");
		return -ENOENT;
	}
	return 0;
}

/*
 * cfg->outputs: room for as many outputs as the request has (zeroed), or
 * -E2BIG naming the first one too many.
 */
static int rtpfwd_genl_alloc_outputs(const struct nlattr *rule, struct rtpfwd_rule_cfg *cfg,
				     struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(attr, rule, rem) {
		if (nla_type(attr) != RTPFWD_RULE_A_OUTPUT)
			continue;
		if (n == RTPFWD_OUTPUTS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr, RTPFWD_MSG_TOO_MANY_OUTPUTS);
			return -E2BIG;
		}
		n++;
	}
	if (!n)
		return 0;
	cfg->outputs = kcalloc(n, sizeof(*cfg->outputs), GFP_KERNEL);
	return cfg->outputs ? 0 : -ENOMEM;
}

/*
 * A whole rule description, for RULE_NEW. A missing attribute is syntax,
 * reported here with the attribute that lacks it; the rest of what makes a
 * rule valid is rtpfwd_rule_add()'s to check. SRTP parameters go to *@srtp
 * (allocated here when there are any, the caller frees it, even on error),
 * the recording's tap to cfg->tap (the caller puts it, even on error), the
 * outputs to cfg->outputs (the caller kfree()s it, even on error).
 */
int rtpfwd_genl_parse_rule(struct genl_info *info, struct rtpfwd_rule_cfg *cfg,
			   struct rtpfwd_srtp_cfg **srtp)
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
	}
	cfg->mismatch = tb[RTPFWD_RULE_A_MISMATCH] ?
			nla_get_u8(tb[RTPFWD_RULE_A_MISMATCH]) : RTPFWD_MISMATCH_IGNORE;

	if (tb[RTPFWD_RULE_A_FLAGS])
		cfg->flags = nla_get_u32(tb[RTPFWD_RULE_A_FLAGS]);
	if (tb[RTPFWD_RULE_A_DECRYPT]) {
		err = rtpfwd_genl_parse_srtp(tb[RTPFWD_RULE_A_DECRYPT], srtp,
					     RTPFWD_SRTP_DECRYPT, extack);
		if (err)
			return err;
	}

	err = rtpfwd_genl_alloc_outputs(info->attrs[RTPFWD_A_RULE], cfg, extack);
	if (err)
		return err;
	nla_for_each_nested(attr, info->attrs[RTPFWD_A_RULE], rem) {
		if (nla_type(attr) == RTPFWD_RULE_A_PAYLOAD_TYPE) {
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
		err = rtpfwd_genl_parse_output(attr, cfg, srtp, extack);
		if (err)
			return err;
		cfg->num_outputs++;
	}
	if (!cfg->num_outputs &&
	    !(cfg->flags & (RTPFWD_RULE_F_BLACKHOLE | RTPFWD_RULE_F_HAND_UP))) {
		NL_SET_ERR_MSG_MOD(extack, "a rule needs at least one output");
		NL_SET_ERR_ATTR_MISS(extack, info->attrs[RTPFWD_A_RULE], RTPFWD_RULE_A_OUTPUT);
		return -EINVAL;
	}
	cfg->srtp = *srtp;
	/* last: a request that is wrong anyway says so first */
	if (tb[RTPFWD_RULE_A_RECORDING])
		return rtpfwd_genl_parse_recording(info, tb[RTPFWD_RULE_A_RECORDING], cfg);
	return 0;
}

/*
 * Just the local endpoint, for RULE_DEL, RULE_GET and STATS_RESET: it is the
 * rule's key, and anything else in the nest would be ignored. Ignoring it
 * would let "delete the rule to X" silently delete a rule to Y, so any
 * other attribute is refused, and named.
 */
int rtpfwd_genl_parse_local(struct genl_info *info, struct rtpfwd_endpoint *local)
{
	struct nlattr *tb[RTPFWD_RULE_A_MAX + 1];
	const struct nlattr *attr;
	int err, rem;

	err = rtpfwd_genl_rule_attrs(info, tb, local);
	if (err)
		return err;
	nla_for_each_nested(attr, info->attrs[RTPFWD_A_RULE], rem) {
		if (nla_type(attr) != RTPFWD_RULE_A_LOCAL) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "only the local endpoint names a rule here");
			return -EINVAL;
		}
	}
	return 0;
}
