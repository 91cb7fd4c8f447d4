// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: rtpengine 10.5's targets and destinations translated into our
 * rule configuration (core/rule.h), and the daemon's binary layout pinned.
 * Translation only: what makes a rule valid is the core's to say
 * (core/rule_cfg.c); what 10.5 asks and we cannot do right is refused here,
 * with EOPNOTSUPP, so the daemon relays that stream itself. SRTP parameters
 * are proc_compat_srtp.c's to translate.
 */
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/string.h>

#include "core/rule.h"
#include "proc_calls.h"
#include "proc_compat.h"

/* The daemon binary's layout: every size and offset it depends on. */
static_assert(sizeof(struct rtpe10_addr) == 24);
static_assert(offsetof(struct rtpe10_addr, port) == 20);
static_assert(sizeof(struct rtpe10_srtp) == 368);
static_assert(offsetof(struct rtpe10_srtp, master_key_len) == 40);
static_assert(offsetof(struct rtpe10_srtp, mki) == 72);
static_assert(offsetof(struct rtpe10_srtp, last_index) == 328);
static_assert(offsetof(struct rtpe10_srtp, auth_tag_len) == 360);
static_assert(sizeof(struct rtpe10_payload_type) == 24);
static_assert(sizeof(struct rtpe10_target) == 1224);
static_assert(offsetof(struct rtpe10_target, src_mismatch) == 48);
static_assert(offsetof(struct rtpe10_target, decrypt) == 64);
static_assert(offsetof(struct rtpe10_target, ssrc) == 432);
static_assert(offsetof(struct rtpe10_target, payload_types) == 448);
static_assert(offsetof(struct rtpe10_target, num_payload_types) == 1216);
static_assert(offsetof(struct rtpe10_target, flags) == 1220);
static_assert(sizeof(struct rtpe10_output) == 440);
static_assert(offsetof(struct rtpe10_output, encrypt) == 48);
static_assert(offsetof(struct rtpe10_output, ssrc_out) == 416);
static_assert(offsetof(struct rtpe10_output, tos) == 432);
static_assert(sizeof(struct rtpe10_destination) == 472);
static_assert(offsetof(struct rtpe10_destination, output) == 32);
static_assert(sizeof(struct rtpe10_call) == 260);
static_assert(sizeof(struct rtpe10_stream) == 268);
static_assert(sizeof(struct rtpe10_ssrc_stats) == 40);
static_assert(sizeof(struct rtpe10_stats_req) == 200);
static_assert(offsetof(struct rtpe10_stats_req, ssrc_stats) == 40);
static_assert(sizeof(struct rtpe10_noop) == 16);
static_assert(offsetof(struct rtpe10_msg, u) == 8);
static_assert(sizeof(struct rtpe10_msg) == RTPE10_MSG_SIZE);
static_assert(sizeof(struct rtpe10_stats) == 56);
static_assert(offsetof(struct rtpe10_list_entry, stats) == 1224);
static_assert(offsetof(struct rtpe10_list_entry, rtp_stats) == 1280);
static_assert(offsetof(struct rtpe10_list_entry, outputs) == 1792);
static_assert(sizeof(struct rtpe10_list_entry) == RTPE10_LIST_ENTRY_SIZE);
static_assert(__RTPE10_CMD_LAST == 12);
/* every SSRC slot of ours fits the daemon's array */
static_assert(RTPFWD_SSRCS_MAX <= RTPE10_SSRCS);

/* ---- addresses ---------------------------------------------------------- */

/**
 * rtpfwd_compat_addr_to_ep() - a 10.5 address as our endpoint
 * @addr: the address; family, a non-zero address and port required
 * @ep: the endpoint, zero-padded
 *
 * Return: 0, or -EINVAL for what rtpengine's module rejects as invalid.
 */
int rtpfwd_compat_addr_to_ep(const struct rtpe10_addr *addr, struct rtpfwd_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	if (!addr->port)
		return -EINVAL;
	switch (addr->family) {
	case AF_INET:
		if (!addr->u.ipv4)
			return -EINVAL;
		ep->addr.v4 = addr->u.ipv4;
		break;
	case AF_INET6:
		if (!memchr_inv(addr->u.ipv6, 0, sizeof(addr->u.ipv6)))
			return -EINVAL;
		memcpy(&ep->addr.v6, addr->u.ipv6, sizeof(ep->addr.v6));
		break;
	default:
		return -EINVAL;
	}
	ep->family = addr->family;
	ep->port = htons(addr->port);
	return 0;
}

void rtpfwd_compat_ep_to_addr(const struct rtpfwd_endpoint *ep, struct rtpe10_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (!ep->family)
		return;
	addr->family = ep->family;
	if (ep->family == AF_INET)
		addr->u.ipv4 = ep->addr.v4;
	else
		memcpy(addr->u.ipv6, &ep->addr.v6, sizeof(addr->u.ipv6));
	addr->port = ntohs(ep->port);
}

/* ---- validation and translation ---------------------------------------- */

/* A target we will not forward: say why, once in a while, and refuse it. */
int rtpfwd_compat_unsupported(const struct rtpfwd_table *table,
			      const struct rtpe10_addr *local, const char *what)
{
	pr_notice_ratelimited("rtpfwd: table %u: target port %u: %s not supported, left to the daemon\n",
			      table->id, local->port, what);
	return -EOPNOTSUPP;
}

/*
 * The target's SRTP decryption into *@srtp, allocated here (RTPFWD_SRTP_CFGS
 * entries, the outputs' to come); what we cannot do is refused.
 */
static int rtpfwd_compat_target_decrypt(const struct rtpfwd_table *table,
					const struct rtpe10_target *target,
					struct rtpfwd_rule_cfg *cfg, struct rtpfwd_srtp_cfg **srtp)
{
	const char *what;
	int err;

	if (rtpfwd_compat_srtp_plain(&target->decrypt))
		return 0;
	/* the core parses RTP before it decrypts: 10.5 sets it for RTP/SAVP */
	if (!(cfg->flags & RTPFWD_RULE_F_RTP))
		return rtpfwd_compat_unsupported(table, &target->local,
						 "SRTP decryption without RTP parsing");
	*srtp = kcalloc(RTPFWD_SRTP_CFGS, sizeof(**srtp), GFP_KERNEL_ACCOUNT);
	if (!*srtp)
		return -ENOMEM;
	err = rtpfwd_compat_srtp_cfg(&target->decrypt, target->ssrc,
				     &(*srtp)[RTPFWD_SRTP_DECRYPT], &what);
	if (!err && what)
		err = rtpfwd_compat_unsupported(table, &target->local, what);
	if (err) {
		kfree_sensitive(*srtp);
		*srtp = NULL;
		return err;
	}
	cfg->srtp = *srtp;
	return 0;
}

/* 10.5's own patterns are 16 bytes: a longer one is malformed (EINVAL). */
static bool rtpfwd_compat_patterns_valid(const struct rtpe10_target *target)
{
	unsigned int i;

	BUILD_BUG_ON(sizeof(target->payload_types[0].replace_pattern) != RTPFWD_PT_PATTERN_MAX);
	for (i = 0; i < target->num_payload_types && i < RTPE10_PAYLOAD_TYPES; i++)
		if (target->payload_types[i].replace_pattern_len > RTPFWD_PT_PATTERN_MAX)
			return false;
	return true;
}

/**
 * rtpfwd_compat_target_cfg() - an ADD_TARGET's target, translated and checked
 * @table: its table (for the log)
 * @target: the target
 * @st: its staged copy, whose rule (st->cfg) this fills, without outputs
 *	yet (they go into st->outputs); its recording tap (cfg->tap) the
 *	caller's to put, also on failure; st->srtp set to the rule's SRTP
 *	parameters (keys; RTPFWD_SRTP_CFGS entries), or NULL without SRTP, on
 *	success the caller's, to free with kfree_sensitive()
 *
 * Return: 0, -EINVAL (malformed), -EOPNOTSUPP (left to the daemon), -ENOENT
 * (recorded into a stream that does not exist), -ENOMEM.
 */
int rtpfwd_compat_target_cfg(const struct rtpfwd_table *table,
			     const struct rtpe10_target *target, struct rtpfwd_compat_staged *st)
{
	static const u8 mismatch[] = {
		[RTPE10_MSM_IGNORE]	= RTPFWD_MISMATCH_IGNORE,
		[RTPE10_MSM_DROP]	= RTPFWD_MISMATCH_DROP,
		[RTPE10_MSM_PROPAGATE]	= RTPFWD_MISMATCH_PASS,
	};
	struct rtpfwd_srtp_cfg **srtp = &st->srtp;
	struct rtpfwd_rule_cfg *cfg = &st->cfg;
	unsigned int i;
	int err;

	*srtp = NULL;
	memset(cfg, 0, sizeof(*cfg));
	cfg->outputs = st->outputs;
	err = rtpfwd_compat_addr_to_ep(&target->local, &cfg->local);
	if (err)
		return err;
	/* As rtpengine 10.5 itself: more than its message can carry is EINVAL.
	 * Every target it can describe fits in a rule.
	 */
	BUILD_BUG_ON(RTPE10_DESTINATIONS > RTPFWD_OUTPUTS_MAX);
	if (target->num_destinations > RTPE10_DESTINATIONS ||
	    target->num_payload_types > RTPE10_PAYLOAD_TYPES ||
	    !rtpfwd_compat_patterns_valid(target) ||
	    target->src_mismatch >= ARRAY_SIZE(mismatch) ||
	    !target->num_destinations != !!(target->flags & RTPE10_TF_NON_FORWARDING))
		return -EINVAL;
	err = rtpfwd_compat_srtp_valid(&target->decrypt);
	if (err)
		return err;
	/* recorded: what the rule forwards goes to the stream's readers too */
	if (target->flags & RTPE10_TF_DO_INTERCEPT) {
		struct rtpfwd_calls *calls = rtpfwd_calls_get(table->net, table->id);

		cfg->tap = calls ? rtpfwd_calls_tap(calls, target->intercept_stream_idx) : NULL;
		rtpfwd_calls_put(calls);
		if (!cfg->tap) {
			pr_notice_ratelimited("rtpfwd: table %u: target port %u: no recorded stream %u\n",
					      table->id, target->local.port,
					      target->intercept_stream_idx);
			return -ENOENT;
		}
	}

	if (target->expected_src.family) {
		err = rtpfwd_compat_addr_to_ep(&target->expected_src, &cfg->expect);
		if (err)
			return err;
	}
	cfg->mismatch = mismatch[target->src_mismatch];
	cfg->num_outputs = target->num_destinations;
	if (target->flags & RTPE10_TF_STUN)
		cfg->flags |= RTPFWD_RULE_F_STUN;
	if (target->flags & RTPE10_TF_DTLS)
		cfg->flags |= RTPFWD_RULE_F_DTLS;

	/* 10.5 drops a blackhole's packets, and hands a non-forwarding
	 * target's up, after the STUN, source and DTLS checks, before it
	 * looks at RTP or SRTP: a blackhole or hand-up rule, which needs
	 * nothing more. Blackhole without non-forwarding is ignored there
	 * (the daemon never sends it): here too.
	 */
	if (target->flags & RTPE10_TF_NON_FORWARDING) {
		cfg->flags |= target->flags & RTPE10_TF_BLACKHOLE ?
			      RTPFWD_RULE_F_BLACKHOLE : RTPFWD_RULE_F_HAND_UP;
		return rtpfwd_rule_cfg_validate_match(cfg, NULL);
	}
	if (!(target->flags & RTPE10_TF_RTP))
		goto check;
	/* RTP parsing hands up RTCP, malformed RTP and payload types not in
	 * the list: rtcp_mux, rtp_only and pt_filter need nothing more.
	 */
	cfg->flags |= RTPFWD_RULE_F_RTP;
	if (target->flags & RTPE10_TF_TRACK_SSRC) {
		/* only the daemon's SSRCs (none yet: all handed up, so it learns) */
		cfg->flags |= RTPFWD_RULE_F_SSRC;
		for (i = 0; i < RTPE10_SSRCS && cfg->num_ssrcs < RTPFWD_SSRCS_MAX; i++)
			if (target->ssrc[i])
				cfg->ssrcs[cfg->num_ssrcs++] = target->ssrc[i];
	}
	for (i = 0; i < target->num_payload_types; i++) {
		cfg->pts[i].type = target->payload_types[i].pt_num;
		cfg->pts[i].clock_rate = target->payload_types[i].clock_rate;
	}
	cfg->num_pts = target->num_payload_types;
check:
	/* the core's constraints now, as the daemon expects EINVAL on this write;
	 * the outputs come later (rtpfwd_compat_output_cfg())
	 */
	return rtpfwd_rule_cfg_validate_match(cfg, NULL) ?:
	       rtpfwd_compat_target_decrypt(table, target, cfg, srtp);
}

/**
 * rtpfwd_compat_output_cfg() - a destination's output, translated and checked
 * @dest: the ADD_DESTINATION message
 * @local: its target's local endpoint, translated
 * @out: the output
 *
 * An output of the other address family than the target's is fine: the
 * core bridges. Its SRTP encryption is translated with the staged target
 * (rtpfwd_compat_staged_encrypt()), which knows the SSRCs its indexes
 * belong to; its RTCP-only flag is the staged target's too.
 * Return: 0 or -EINVAL (malformed).
 */
int rtpfwd_compat_output_cfg(const struct rtpe10_destination *dest,
			     struct rtpfwd_endpoint *local, struct rtpfwd_output_cfg *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	err = rtpfwd_compat_addr_to_ep(&dest->local, local) ?:
	      rtpfwd_compat_addr_to_ep(&dest->output.src_addr, &out->src) ?:
	      rtpfwd_compat_addr_to_ep(&dest->output.dst_addr, &out->dst) ?:
	      rtpfwd_compat_srtp_valid(&dest->output.encrypt) ?:
	      rtpfwd_output_cfg_validate(out, NULL);
	if (err)
		return err;
	out->tos = dest->output.tos;
	return 0;
}

/**
 * rtpfwd_compat_output_pt_replace() - a replacement pattern, for an output
 * @st: its staged target: its flags and payload type list
 * @out: the output, whose replacements this adds to
 * @idx: the payload type's position in the target's list (< cfg.num_pts)
 * @pattern: what 10.5 (per target) or 12.5 (per output) overwrites its
 *	payload with
 * @len: its length, 1..RTPFWD_PT_PATTERN_MAX
 *
 * The list's types are distinct (rtpfwd_rule_cfg_validate_match()), so are
 * the output's replacements. Context: session lock held.
 * Return: NULL, or what of it we cannot do (the target is left to the daemon).
 */
const char *rtpfwd_compat_output_pt_replace(const struct rtpfwd_compat_staged *st,
					    struct rtpfwd_output_cfg *out, unsigned int idx,
					    const u8 *pattern, unsigned int len)
{
	struct rtpfwd_pt_replace *r;

	/* 10.5 replaces only in RTP it parsed, as the core */
	if (!(st->cfg.flags & RTPFWD_RULE_F_RTP))
		return "payload replacement without RTP parsing";
	if (out->num_pt_replace == RTPFWD_PT_REPLACE_MAX)
		return "more than " __stringify(RTPFWD_PT_REPLACE_MAX) " replaced payload types";
	r = &out->pt_replace[out->num_pt_replace++];
	r->type = st->cfg.pts[idx].type;
	r->len = len;
	memcpy(r->pattern, pattern, len);
	return NULL;
}

/**
 * rtpfwd_compat_output_ssrc_map() - an output's SSRC substitution, as a map
 * @st: its staged target: its SSRCs in the daemon's order, its flags
 * @o: the output; with RTPE10_OF_SSRC_SUBST, RTP of the target's ssrc[i]
 *	leaves as ssrc_out[i] (0: unchanged)
 * @out: the translated output, whose SSRC map this fills
 *
 * 10.5 substitutes only an SSRC its tracking found (track_ssrc, our
 * RTPFWD_RULE_F_SSRC, which implies RTP parsing). With it the target's
 * SSRCs are distinct (rtpfwd_compat_target_cfg() refused duplicates), so
 * each is mapped at most once. Context: session lock held.
 */
void rtpfwd_compat_output_ssrc_map(const struct rtpfwd_compat_staged *st,
				   const struct rtpe10_output *o,
				   struct rtpfwd_output_cfg *out)
{
	struct rtpfwd_ssrc_map *map;
	unsigned int i;

	BUILD_BUG_ON(RTPE10_SSRCS > RTPFWD_SSRCS_MAX);
	if (!(o->flags & RTPE10_OF_SSRC_SUBST) || !(st->cfg.flags & RTPFWD_RULE_F_SSRC))
		return;
	for (i = 0; i < RTPE10_SSRCS; i++) {
		if (!st->ssrc[i] || !o->ssrc_out[i])
			continue;
		map = &out->ssrc_map[out->num_ssrc_map++];
		map->from = st->ssrc[i];
		map->to = o->ssrc_out[i];
	}
}
