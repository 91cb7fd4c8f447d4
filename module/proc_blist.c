// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: /proc/rtpengine/N/blist, the table's rules as rtpengine 10.5's
 * binary list records (struct rtpe10_list_entry), which the 10.5 daemon reads
 * for its statistics. Each read() of exactly one record's size returns the
 * next rule; 0 at the end.
 *
 * The rules' keys are taken at open time, so a reader walks a stable list
 * while rules come and go (a rule deleted since is skipped). Records never
 * hold keys: we forward plain RTP only, and say so (cipher and HMAC "null").
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "proc_compat.h"

struct rtpfwd_blist {
	struct rtpfwd_table	*table;		/* referenced */
	unsigned int		num;
	struct rtpfwd_endpoint	*keys;
	struct mutex		lock;		/* pread()s do not serialize */
	struct rtpe10_list_entry entry;		/* the record being built, under @lock */
};

/* The keys of @table's rules, at most @max of them. */
static unsigned int rtpfwd_blist_keys(struct rtpfwd_table *table, struct rtpfwd_endpoint *keys,
				      unsigned int max)
{
	struct rhashtable_iter iter;
	struct rtpfwd_rule *rule;
	unsigned int num = 0;

	rhashtable_walk_enter(&table->rules, &iter);
	rhashtable_walk_start(&iter);
	while (num < max && (rule = rhashtable_walk_next(&iter))) {
		if (IS_ERR(rule))
			continue;	/* -EAGAIN: resized, the walk goes on */
		keys[num++] = rule->local;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return num;
}

static int rtpfwd_blist_open(struct inode *inode, struct file *file)
{
	struct rtpfwd_table *table = pde_data(inode);
	struct rtpfwd_blist *bl;
	unsigned int max;

	bl = kvzalloc(sizeof(*bl), GFP_KERNEL_ACCOUNT);
	if (!bl)
		return -ENOMEM;
	/* room for rules added while we walk; later ones are not listed */
	max = READ_ONCE(table->rule_count) + 64;
	bl->keys = kvmalloc_array(max, sizeof(*bl->keys), GFP_KERNEL_ACCOUNT);
	if (!bl->keys) {
		kvfree(bl);
		return -ENOMEM;
	}
	/* proc keeps the entry, and so the published table, alive during open */
	rtpfwd_table_get(table);
	bl->table = table;
	mutex_init(&bl->lock);
	bl->num = rtpfwd_blist_keys(table, bl->keys, max);
	file->private_data = bl;
	return 0;
}

static int rtpfwd_blist_release(struct inode *inode, struct file *file)
{
	struct rtpfwd_blist *bl = file->private_data;

	rtpfwd_table_put(bl->table);
	kvfree(bl->keys);
	kvfree(bl);
	return 0;
}

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
	e->target.decrypt.cipher = RTPE10_CIPHER_NULL;
	e->target.decrypt.hmac = RTPE10_HMAC_NULL;
	if (rule->flags & RTPFWD_RULE_F_STUN)
		e->target.flags |= RTPE10_TF_STUN;
	if (rule->flags & RTPFWD_RULE_F_DTLS)
		e->target.flags |= RTPE10_TF_DTLS;
	if (rule->rtp)
		rtpfwd_blist_fill_rtp(e, rule);

	rtpfwd_rule_stats(rule, &sum);
	e->stats.packets = sum.packets;
	e->stats.bytes = sum.bytes;
	e->stats.errors = sum.errors;

	for (i = 0; i < rule->num_outputs; i++) {
		const struct rtpfwd_output_cfg *cfg = &rule->outputs[i].cfg;
		struct rtpe10_output *out = &e->outputs[i];

		rtpfwd_compat_ep_to_addr(&cfg->src, &out->src_addr);
		rtpfwd_compat_ep_to_addr(&cfg->dst, &out->dst_addr);
		out->tos = cfg->tos;
		out->encrypt.cipher = RTPE10_CIPHER_NULL;
		out->encrypt.hmac = RTPE10_HMAC_NULL;
	}
}

static ssize_t rtpfwd_blist_read(struct file *file, char __user *ubuf, size_t len,
				 loff_t *ppos)
{
	struct rtpfwd_blist *bl = file->private_data;
	struct rtpfwd_rule *rule;
	loff_t pos = *ppos;
	ssize_t ret = 0;

	if (len != sizeof(bl->entry))
		return -EINVAL;
	mutex_lock(&bl->lock);
	for (; pos >= 0 && pos < bl->num; pos++) {
		rcu_read_lock();
		rule = rtpfwd_rule_lookup_rcu(bl->table, &bl->keys[pos]);
		if (rule)
			rtpfwd_blist_fill(&bl->entry, rule);
		rcu_read_unlock();
		if (!rule)
			continue;	/* deleted since open */
		ret = copy_to_user(ubuf, &bl->entry, len) ? -EFAULT : len;
		pos++;
		break;
	}
	if (ret >= 0)
		*ppos = pos;
	mutex_unlock(&bl->lock);
	return ret;
}

const struct proc_ops rtpfwd_proc_blist_ops = {
	.proc_open	= rtpfwd_blist_open,
	.proc_read	= rtpfwd_blist_read,
	.proc_lseek	= noop_llseek,
	.proc_release	= rtpfwd_blist_release,
};
