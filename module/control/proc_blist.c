// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: /proc/rtpengine/N/blist, the table's rules as rtpengine 10.5's
 * binary list records (struct rtpe10_list_entry), which the 10.5 daemon reads
 * for its statistics. Each read() of exactly one record's size returns the
 * next rule; 0 at the end.
 *
 * A seq_file of one record per rule, walked with a cursor (rule.c): an open
 * file costs one record's buffer whatever the table's size, and each read()
 * holds the RCU read lock for one record. Rules added or deleted while a
 * reader walks may or may not be listed; the others are. Records never hold
 * keys, salts or MKIs (zeros): only the SRTP suite as 10.5's cipher, HMAC and
 * lengths, and each SSRC's packet index (last_index, ROC << 16 | highest
 * sequence number), which the daemon takes over when the stream returns to
 * it (daemon/call.c reads last_index[u] for target.ssrc[u], outputs too).
 * Plain RTP reports the extended highest sequence number, as 10.5 does.
 */
#include "proc_compat.h"

struct rtpfwd_blist {
	struct rtpfwd_proc_walk		walk;	/* first: proc.c's walk functions */
	struct rtpe10_list_entry	entry;	/* the record being built (seq_file's lock) */
};

static void rtpfwd_blist_fill_rtp(struct rtpe10_list_entry *e, const struct rtpfwd_rule *rule)
{
	const struct rtpfwd_rtp *rtp = rule->rtp;
	struct rtpfwd_ssrc_sum ss;
	unsigned int i;

	e->target.flags |= RTPE10_TF_RTP | RTPE10_TF_RTP_STATS;
	e->target.num_payload_types = rtp->num_pts;
	for (i = 0; i < rtp->num_pts; i++) {
		e->target.payload_types[i].pt_num = rtp->pts[i].type;
		e->target.payload_types[i].clock_rate = rtp->pts[i].clock_rate;
		rtpfwd_rule_pt_stats(rule, i, &e->rtp_stats[i].packets, &e->rtp_stats[i].bytes);
	}
	/* the SSRCs the daemon gave us, or else those seen */
	if (rule->flags & RTPFWD_RULE_F_SSRC) {
		e->target.flags |= RTPE10_TF_TRACK_SSRC;
		for (i = 0; i < rule->num_ssrcs; i++)
			e->target.ssrc[i] = rule->ssrcs[i];
		return;
	}
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		if (!rtpfwd_rule_ssrc_stats(rule, i, &ss))
			break;
		e->target.ssrc[i] = htonl(ss.ssrc);
	}
}

/* The RTP statistics' extended highest sequence number of @ssrc, or 0. */
static u64 rtpfwd_blist_ext_seq(const struct rtpfwd_rule *rule, __be32 ssrc)
{
	struct rtpfwd_ssrc_sum ss;
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX && rtpfwd_rule_ssrc_stats(rule, i, &ss); i++)
		if (ss.ssrc == ntohl(ssrc))
			return ss.ext_seq;
	return 0;
}

/*
 * The packet index of every SSRC of the record, by its position in
 * target.ssrc: of the SRTP context where there is one, else of the RTP
 * statistics (input) or 0 (a plain output: the daemon does not read it).
 */
static void rtpfwd_blist_fill_index(struct rtpe10_list_entry *e, const struct rtpfwd_rule *rule)
{
	unsigned int i, u;
	u64 index;

	for (u = 0; u < RTPE10_SSRCS && e->target.ssrc[u]; u++) {
		__be32 ssrc = e->target.ssrc[u];

		if (!rule->decrypt)
			e->target.decrypt.last_index[u] = rtpfwd_blist_ext_seq(rule, ssrc);
		else if (rtpfwd_srtp_last_index(rule->decrypt, ssrc, &index))
			e->target.decrypt.last_index[u] = index;
		for (i = 0; i < rule->num_outputs; i++)
			if (rule->outputs[i].encrypt &&
			    rtpfwd_srtp_last_index(rule->outputs[i].encrypt, ssrc, &index))
				e->outputs[i].encrypt.last_index[u] = index;
	}
}

/* An output's SSRC map as 10.5's substitution: by the target's SSRC slots. */
static void rtpfwd_blist_fill_ssrc_map(struct rtpe10_list_entry *e, unsigned int i,
				       const struct rtpfwd_output_cfg *cfg)
{
	unsigned int m, u;

	for (m = 0; m < cfg->num_ssrc_map; m++)
		for (u = 0; u < RTPE10_SSRCS && e->target.ssrc[u]; u++)
			if (e->target.ssrc[u] == cfg->ssrc_map[m].from) {
				e->outputs[i].ssrc_out[u] = cfg->ssrc_map[m].to;
				e->outputs[i].flags |= RTPE10_OF_SSRC_SUBST;
			}
}

/* The first output's payload replacements as 10.5's patterns, per payload type. */
static void rtpfwd_blist_fill_patterns(struct rtpe10_list_entry *e,
				       const struct rtpfwd_output_cfg *cfg)
{
	const struct rtpfwd_pt_replace *r;
	unsigned int m, i;

	for (m = 0; m < cfg->num_pt_replace; m++) {
		r = &cfg->pt_replace[m];
		for (i = 0; i < e->target.num_payload_types; i++)
			if (e->target.payload_types[i].pt_num == r->type) {
				e->target.payload_types[i].replace_pattern_len = r->len;
				memcpy(e->target.payload_types[i].replace_pattern, r->pattern,
				       r->len);
			}
	}
}

/* @rule as a 10.5 record. Context: rcu_read_lock() held. */
static void rtpfwd_blist_fill(struct rtpe10_list_entry *e, const struct rtpfwd_rule *rule)
{
	static const u32 mismatch[] = {
		[RTPFWD_MISMATCH_IGNORE]	= RTPE10_MSM_IGNORE,
		[RTPFWD_MISMATCH_DROP]		= RTPE10_MSM_DROP,
		[RTPFWD_MISMATCH_PASS]		= RTPE10_MSM_PROPAGATE,
	};
	struct rtpfwd_stats_sum sum;
	unsigned int i;

	memset(e, 0, sizeof(*e));
	rtpfwd_compat_ep_to_addr(&rule->local, &e->target.local);
	rtpfwd_compat_ep_to_addr(&rule->expect, &e->target.expected_src);
	e->target.src_mismatch = mismatch[rule->mismatch];
	e->target.num_destinations = rule->num_outputs;
	rtpfwd_compat_srtp_to_10(rule->decrypt, &e->target.decrypt);
	if (rule->flags & RTPFWD_RULE_F_STUN)
		e->target.flags |= RTPE10_TF_STUN;
	if (rule->flags & RTPFWD_RULE_F_DTLS)
		e->target.flags |= RTPE10_TF_DTLS;
	if (rule->flags & RTPFWD_RULE_F_BLACKHOLE)
		e->target.flags |= RTPE10_TF_NON_FORWARDING | RTPE10_TF_BLACKHOLE;
	/* a staged target's placeholder is no non-forwarding target: unfilled */
	if ((rule->flags & RTPFWD_RULE_F_HAND_UP) && !READ_ONCE(rule->unfilled))
		e->target.flags |= RTPE10_TF_NON_FORWARDING;
	if (rule->rtp)
		rtpfwd_blist_fill_rtp(e, rule);

	rtpfwd_rule_stats(rule, &sum);
	e->stats.packets = sum.packets;
	e->stats.bytes = sum.bytes;
	e->stats.errors = sum.errors;
	e->stats.in_tos = sum.in_tos;	/* the daemon's in_tos_tclass */

	for (i = 0; i < rule->num_outputs; i++) {
		const struct rtpfwd_output_cfg *cfg = &rule->outputs[i].cfg;
		struct rtpe10_output *out = &e->outputs[i];

		rtpfwd_compat_ep_to_addr(&cfg->src, &out->src_addr);
		rtpfwd_compat_ep_to_addr(&cfg->dst, &out->dst_addr);
		out->tos = cfg->tos;
		rtpfwd_compat_srtp_to_10(rule->outputs[i].encrypt, &out->encrypt);
		rtpfwd_blist_fill_ssrc_map(e, i, cfg);
	}
	if (rule->num_outputs)
		rtpfwd_blist_fill_patterns(e, &rule->outputs[0].cfg);
	rtpfwd_blist_fill_index(e, rule);
}

static int rtpfwd_blist_show(struct seq_file *m, void *v)
{
	struct rtpfwd_blist *bl = m->private;

	rtpfwd_blist_fill(&bl->entry, v);
	/* too large for the buffer: seq_file retries this rule with a larger one */
	seq_write(m, &bl->entry, sizeof(bl->entry));
	return 0;
}

static const struct seq_operations rtpfwd_blist_seq_ops = {
	.start	= rtpfwd_proc_walk_start,
	.next	= rtpfwd_proc_walk_next,
	.stop	= rtpfwd_proc_walk_stop,
	.show	= rtpfwd_blist_show,
};

static int rtpfwd_blist_open(struct inode *inode, struct file *file)
{
	return rtpfwd_proc_walk_open(inode, file, &rtpfwd_blist_seq_ops,
				     sizeof(struct rtpfwd_blist));
}

/* One record per read(), as the daemon reads them: other sizes are refused. */
static ssize_t rtpfwd_blist_read(struct file *file, char __user *ubuf, size_t len,
				 loff_t *ppos)
{
	if (len != sizeof(struct rtpe10_list_entry))
		return -EINVAL;
	return seq_read(file, ubuf, len, ppos);
}

const struct proc_ops rtpfwd_proc_blist_ops = {
	.proc_open	= rtpfwd_blist_open,
	.proc_read	= rtpfwd_blist_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= rtpfwd_proc_walk_release,
};
