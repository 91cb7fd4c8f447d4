// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd rule constraints: the one place that says what a valid rule is.
 * Control planes parse their own syntax into struct rtpfwd_rule_cfg (and
 * bound their arrays while doing so); rtpfwd_rule_add() checks the result
 * here, and a control plane that must refuse early (rtpengine 10.5 stages a
 * target before its outputs arrive) calls the same checks itself.
 * Rejections are -EINVAL with a message for extack.
 */
#include <linux/netlink.h>
#include <linux/string.h>
#include <linux/stringify.h>

#include "rule.h"

/*
 * The rules without outputs (blackhole, hand-up), and the flags they cannot
 * have: those act after such a rule has dropped or handed up.
 */
#define RTPFWD_RULE_F_NO_OUTPUTS	(RTPFWD_RULE_F_BLACKHOLE | RTPFWD_RULE_F_HAND_UP)
#define RTPFWD_RULE_F_NO_OUTPUTS_NOT	(RTPFWD_RULE_F_RTP | RTPFWD_RULE_F_SSRC | \
					 RTPFWD_RULE_F_RTCP | RTPFWD_RULE_F_SRTP_AUTH_DROP)

/*
 * What a rule without outputs (@hole: a blackhole, else a hand-up rule) has
 * that it cannot have: its options, outputs or decryption. extack messages
 * are literals (6.1 has no NL_SET_ERR_MSG_FMT): one per kind.
 */
static int rtpfwd_no_outputs_options(bool hole, struct netlink_ext_ack *extack)
{
	if (hole)
		NL_SET_ERR_MSG(extack,
			       "a blackhole rule takes no RTP, SSRC, RTCP or SRTP auth-drop options");
	else
		NL_SET_ERR_MSG(extack,
			       "a hand-up rule takes no RTP, SSRC, RTCP or SRTP auth-drop options");
	return -EINVAL;
}

static int rtpfwd_no_outputs_validate(const struct rtpfwd_rule_cfg *cfg,
				      struct netlink_ext_ack *extack)
{
	bool hole = cfg->flags & RTPFWD_RULE_F_BLACKHOLE;

	if (cfg->num_outputs) {
		if (hole)
			NL_SET_ERR_MSG(extack, "a blackhole rule has no outputs");
		else
			NL_SET_ERR_MSG(extack, "a hand-up rule has no outputs");
		return -EINVAL;
	}
	if (cfg->srtp) {
		if (hole)
			NL_SET_ERR_MSG(extack, "a blackhole rule decrypts nothing");
		else
			NL_SET_ERR_MSG(extack, "a hand-up rule decrypts nothing");
		return -EINVAL;
	}
	return 0;
}

static bool rtpfwd_endpoint_valid(const struct rtpfwd_endpoint *ep)
{
	return (ep->family == AF_INET || ep->family == AF_INET6) && ep->port;
}

/**
 * rtpfwd_output_cfg_validate() - check one output
 * @out: the output
 * @extack: where to explain a rejection, or NULL
 *
 * An output of another family than the rule's local endpoint bridges
 * IPv4<->IPv6; its source and destination are of one family.
 * Return: 0 or -EINVAL.
 */
int rtpfwd_output_cfg_validate(const struct rtpfwd_output_cfg *out,
			       struct netlink_ext_ack *extack)
{
	if (!rtpfwd_endpoint_valid(&out->src) || !rtpfwd_endpoint_valid(&out->dst)) {
		NL_SET_ERR_MSG(extack, "an output needs a source and a destination");
		return -EINVAL;
	}
	if (out->src.family != out->dst.family) {
		NL_SET_ERR_MSG(extack,
			       "an output's source and destination must be of one address family");
		return -EINVAL;
	}
	return 0;
}

/* One output's SSRC map: within bounds, each SSRC rewritten once. */
static int rtpfwd_output_cfg_validate_ssrc_map(const struct rtpfwd_output_cfg *out,
					       struct netlink_ext_ack *extack)
{
	unsigned int j, k;

	if (out->num_ssrc_map > RTPFWD_SSRCS_MAX) {
		NL_SET_ERR_MSG(extack, "too many SSRC rewrites in an output (at most 4)");
		return -EINVAL;
	}
	for (j = 0; j < out->num_ssrc_map; j++)
		for (k = 0; k < j; k++)
			if (out->ssrc_map[j].from == out->ssrc_map[k].from) {
				NL_SET_ERR_MSG(extack, "an output rewrites the same SSRC twice");
				return -EINVAL;
			}
	return 0;
}

/* One output's payload replacements: within bounds, each type once. */
static int rtpfwd_output_cfg_validate_pt_replace(const struct rtpfwd_output_cfg *out,
						 struct netlink_ext_ack *extack)
{
	const struct rtpfwd_pt_replace *r;
	unsigned int j, k;

	if (out->num_pt_replace > RTPFWD_PT_REPLACE_MAX) {
		NL_SET_ERR_MSG(extack, "too many payload replacements in an output (at most "
			       __stringify(RTPFWD_PT_REPLACE_MAX) ")");
		return -EINVAL;
	}
	for (j = 0; j < out->num_pt_replace; j++) {
		r = &out->pt_replace[j];
		if (r->type > 127 || !r->len || r->len > RTPFWD_PT_PATTERN_MAX) {
			NL_SET_ERR_MSG(extack,
				       "a payload replacement needs a type 0..127 and a pattern of 1.."
				       __stringify(RTPFWD_PT_PATTERN_MAX) " bytes");
			return -EINVAL;
		}
		for (k = 0; k < j; k++)
			if (r->type == out->pt_replace[k].type) {
				NL_SET_ERR_MSG(extack,
					       "an output replaces the same payload type twice");
				return -EINVAL;
			}
	}
	return 0;
}

/* What each output rewrites in RTP: in bounds, unambiguous, RTP parsed. */
static int rtpfwd_rule_cfg_validate_rewrites(const struct rtpfwd_rule_cfg *cfg,
					     struct netlink_ext_ack *extack)
{
	const struct rtpfwd_output_cfg *out;
	unsigned int i;
	int err;

	for (i = 0; i < cfg->num_outputs; i++) {
		out = &cfg->outputs[i];
		if (!out->num_ssrc_map && !out->num_pt_replace)
			continue;
		if (!(cfg->flags & RTPFWD_RULE_F_RTP)) {
			if (out->num_ssrc_map)
				NL_SET_ERR_MSG(extack, "an output's SSRC map needs the RTP flag");
			else
				NL_SET_ERR_MSG(extack,
					       "an output's payload replacement needs the RTP flag");
			return -EINVAL;
		}
		err = rtpfwd_output_cfg_validate_ssrc_map(out, extack) ?:
		      rtpfwd_output_cfg_validate_pt_replace(out, extack);
		if (err)
			return err;
	}
	return 0;
}

/* Every SSRC of @cfg's list once; every payload type once and in range. */
static int rtpfwd_rule_cfg_validate_lists(const struct rtpfwd_rule_cfg *cfg,
					  struct netlink_ext_ack *extack)
{
	unsigned int i, j;

	if (cfg->num_ssrcs > RTPFWD_SSRCS_MAX || cfg->num_pts > RTPFWD_PAYLOAD_TYPES_MAX) {
		NL_SET_ERR_MSG(extack, "too many expected SSRCs or payload types");
		return -EINVAL;
	}
	if (cfg->num_ssrcs && !(cfg->flags & RTPFWD_RULE_F_SSRC)) {
		NL_SET_ERR_MSG(extack, "expected SSRCs need the SSRC flag");
		return -EINVAL;
	}
	for (i = 0; i < cfg->num_ssrcs; i++)
		for (j = 0; j < i; j++)
			if (cfg->ssrcs[i] == cfg->ssrcs[j]) {
				NL_SET_ERR_MSG(extack, "duplicate expected SSRC");
				return -EINVAL;
			}
	if (cfg->num_pts && !(cfg->flags & RTPFWD_RULE_F_RTP)) {
		NL_SET_ERR_MSG(extack, "payload types need the RTP flag");
		return -EINVAL;
	}
	for (i = 0; i < cfg->num_pts; i++) {
		if (cfg->pts[i].type > 127) {
			NL_SET_ERR_MSG(extack, "payload type out of range (0..127)");
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (cfg->pts[i].type == cfg->pts[j].type) {
				NL_SET_ERR_MSG(extack, "duplicate payload type");
				return -EINVAL;
			}
	}
	return 0;
}

/**
 * rtpfwd_rule_cfg_validate_match() - check everything of a rule but its outputs
 * @cfg: the rule
 * @extack: where to explain a rejection, or NULL
 *
 * Return: 0 or -EINVAL.
 */
int rtpfwd_rule_cfg_validate_match(const struct rtpfwd_rule_cfg *cfg,
				   struct netlink_ext_ack *extack)
{
	if (!rtpfwd_endpoint_valid(&cfg->local)) {
		NL_SET_ERR_MSG(extack, "a rule needs a local endpoint");
		return -EINVAL;
	}
	if (cfg->expect.family && (!rtpfwd_endpoint_valid(&cfg->expect) ||
				   cfg->expect.family != cfg->local.family)) {
		NL_SET_ERR_MSG(extack,
			       "expected source of another address family than the local one");
		return -EINVAL;
	}
	if (cfg->mismatch > RTPFWD_MISMATCH_MAX) {
		NL_SET_ERR_MSG(extack, "unknown source mismatch policy");
		return -EINVAL;
	}
	if (cfg->flags & ~RTPFWD_RULE_F_ALL) {
		NL_SET_ERR_MSG(extack, "unknown rule flags");
		return -EINVAL;
	}
	if ((cfg->flags & RTPFWD_RULE_F_SSRC) && !(cfg->flags & RTPFWD_RULE_F_RTP)) {
		NL_SET_ERR_MSG(extack, "the SSRC flag needs the RTP flag");
		return -EINVAL;
	}
	if ((cfg->flags & RTPFWD_RULE_F_NO_OUTPUTS) == RTPFWD_RULE_F_NO_OUTPUTS) {
		NL_SET_ERR_MSG(extack, "a rule is a blackhole or a hand-up rule, not both");
		return -EINVAL;
	}
	/* it drops or hands up before RTP is looked at: options that would say otherwise */
	if ((cfg->flags & RTPFWD_RULE_F_NO_OUTPUTS) &&
	    ((cfg->flags & RTPFWD_RULE_F_NO_OUTPUTS_NOT) || cfg->num_pts || cfg->num_ssrcs))
		return rtpfwd_no_outputs_options(cfg->flags & RTPFWD_RULE_F_BLACKHOLE, extack);
	if (cfg->unfilled && !(cfg->flags & RTPFWD_RULE_F_HAND_UP)) {
		NL_SET_ERR_MSG(extack, "only a hand-up rule waits for outputs");
		return -EINVAL;
	}
	return rtpfwd_rule_cfg_validate_lists(cfg, extack);
}

/*
 * SRTP of the rule's input and its outputs: valid parameters, and RTP or
 * RTCP parsing on (what is neither goes up before the transforms).
 */
static int rtpfwd_rule_cfg_validate_srtp(const struct rtpfwd_rule_cfg *cfg,
					 struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	if ((cfg->flags & RTPFWD_RULE_F_SRTP_AUTH_DROP) &&
	    (!cfg->srtp || cfg->srtp[RTPFWD_SRTP_DECRYPT].suite == RTPFWD_SRTP_SUITE_NONE)) {
		NL_SET_ERR_MSG(extack, "the SRTP auth-drop flag needs decryption");
		return -EINVAL;
	}
	if (!cfg->srtp)
		return 0;
	for (i = 0; i < RTPFWD_SRTP_ENCRYPT(cfg->num_outputs); i++) {
		if (cfg->srtp[i].suite == RTPFWD_SRTP_SUITE_NONE)
			continue;
		if (!(cfg->flags & (RTPFWD_RULE_F_RTP | RTPFWD_RULE_F_RTCP))) {
			NL_SET_ERR_MSG(extack, "SRTP needs the RTP or the RTCP flag");
			return -EINVAL;
		}
		err = rtpfwd_srtp_cfg_validate(&cfg->srtp[i], extack);
		if (err)
			return err;
	}
	return 0;
}

/**
 * rtpfwd_rule_cfg_validate() - check a whole rule
 * @cfg: the rule
 * @extack: where to explain a rejection, or NULL
 *
 * Return: 0 or -EINVAL.
 */
int rtpfwd_rule_cfg_validate(const struct rtpfwd_rule_cfg *cfg, struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	err = rtpfwd_rule_cfg_validate_match(cfg, extack);
	if (err)
		return err;
	if (cfg->flags & RTPFWD_RULE_F_NO_OUTPUTS)
		return rtpfwd_no_outputs_validate(cfg, extack);
	if (!cfg->num_outputs) {
		NL_SET_ERR_MSG(extack, "a rule needs at least one output");
		return -EINVAL;
	}
	if (cfg->num_outputs > RTPFWD_OUTPUTS_MAX) {
		NL_SET_ERR_MSG(extack, RTPFWD_MSG_TOO_MANY_OUTPUTS);
		return -EINVAL;
	}
	for (i = 0; i < cfg->num_outputs; i++) {
		err = rtpfwd_output_cfg_validate(&cfg->outputs[i], extack);
		if (err)
			return err;
	}
	return rtpfwd_rule_cfg_validate_rewrites(cfg, extack) ?:
	       rtpfwd_rule_cfg_validate_srtp(cfg, extack);
}
