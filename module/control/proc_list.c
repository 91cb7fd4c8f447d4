// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd /proc/net/rtpengine/N/list: a table's rules as text, in the format
 * of rtpengine's own list; and the rule walk that N/list and N/blist
 * (proc_blist.c) share.
 */
#include <linux/seq_file.h>

#include "core/rule.h"
#include "proc_compat.h"

static void rtpfwd_proc_print_ep(struct seq_file *m, const char *label,
				 const struct rtpfwd_endpoint *ep)
{
	seq_printf(m, "%s", label);
	if (ep->family == AF_INET)
		seq_printf(m, "inet4 %pI4:%u\n", &ep->addr.v4, ntohs(ep->port));
	else
		seq_printf(m, "inet6 [%pI6c]:%u\n", &ep->addr.v6, ntohs(ep->port));
}

/* Payload type counters and SSRCs seen, as rtpengine prints them. */
static void rtpfwd_proc_print_rtp(struct seq_file *m, const struct rtpfwd_rule *rule)
{
	struct rtpfwd_ssrc_sum ss;
	u64 packets, bytes;
	unsigned int i;

	for (i = 0; i < rule->rtp->num_pts; i++) {
		rtpfwd_rule_pt_stats(rule, i, &packets, &bytes);
		seq_printf(m, "        RTP payload type %3u: %20llu bytes, %20llu packets\n",
			   rule->rtp->pts[i].type, bytes, packets);
	}
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		if (!rtpfwd_rule_ssrc_stats(rule, i, &ss))
			break;
		seq_printf(m, "%s %lx", i ? "," : "    SSRC in:", (unsigned long)ss.ssrc);
	}
	if (i)
		seq_puts(m, "\n");
}

/* Hand-up flags as rtpengine's "option:" lines; the SSRC filter's list. */
static void rtpfwd_proc_print_options(struct seq_file *m, const struct rtpfwd_rule *rule)
{
	unsigned int i;

	if (rule->flags & RTPFWD_RULE_F_DTLS)
		seq_puts(m, "    option: dtls\n");
	if (rule->flags & RTPFWD_RULE_F_STUN)
		seq_puts(m, "    option: stun\n");
	if (rule->flags & RTPFWD_RULE_F_RTCP)
		seq_puts(m, "    option: rtcp\n");
	if (rule->flags & (RTPFWD_RULE_F_BLACKHOLE | RTPFWD_RULE_F_HAND_UP))
		seq_puts(m, "    option: non forwarding\n");
	if (rule->flags & RTPFWD_RULE_F_BLACKHOLE)
		seq_puts(m, "    option: blackhole\n");
	if (!(rule->flags & RTPFWD_RULE_F_SSRC))
		return;
	seq_puts(m, "    option: SSRC filter\n    SSRC expected:");
	for (i = 0; i < rule->num_ssrcs; i++)
		seq_printf(m, "%s %lx", i ? "," : "", (unsigned long)be32_to_cpu(rule->ssrcs[i]));
	seq_puts(m, "\n");
}

/* One rule, in the text format of rtpengine's /proc/rtpengine/N/list. */
static void rtpfwd_proc_print_rule(struct seq_file *m, const struct rtpfwd_rule *rule)
{
	static const char * const mismatch[] = {
		[RTPFWD_MISMATCH_DROP] = "drop",
		[RTPFWD_MISMATCH_PASS] = "propagate",
	};
	struct rtpfwd_stats_sum sum;
	unsigned int i;
	u8 unfilled;

	rtpfwd_proc_print_ep(m, "local ", &rule->local);
	/* a staged target's placeholder (proc_compat_staged.c), as 10.5 shows one */
	unfilled = READ_ONCE(rule->unfilled);
	if (unfilled) {
		seq_printf(m, "    outputs not fully filled (%u missing)\n", unfilled);
		return;
	}
	if (rule->expect.family)
		rtpfwd_proc_print_ep(m, "    expect ", &rule->expect);
	if (rule->mismatch != RTPFWD_MISMATCH_IGNORE)
		seq_printf(m, "    src mismatch action: %s\n", mismatch[rule->mismatch]);
	rtpfwd_rule_stats(rule, &sum);
	seq_printf(m, "    stats: %20llu bytes, %20llu packets, %20llu errors\n",
		   sum.bytes, sum.packets, sum.errors);
	if (rule->rtp)
		rtpfwd_proc_print_rtp(m, rule);
	rtpfwd_proc_print_options(m, rule);
	for (i = 0; i < rule->num_outputs; i++) {
		const struct rtpfwd_output_cfg *cfg = &rule->outputs[i].cfg;
		unsigned int j;

		seq_printf(m, "    output #%u\n", i);
		rtpfwd_proc_print_ep(m, "       src ", &cfg->src);
		rtpfwd_proc_print_ep(m, "       dst ", &cfg->dst);
		/* rtpengine prints the new SSRCs; ours say which old one each replaces */
		for (j = 0; j < cfg->num_ssrc_map; j++)
			seq_printf(m, "%s %lx>%lx", j ? "," : "       SSRC out:",
				   (unsigned long)be32_to_cpu(cfg->ssrc_map[j].from),
				   (unsigned long)be32_to_cpu(cfg->ssrc_map[j].to));
		if (cfg->num_ssrc_map)
			seq_puts(m, "\n");
		/* as 12.5 (10.5 prints them per target, but replaces per output too) */
		for (j = 0; j < cfg->num_pt_replace; j++)
			seq_printf(m, "        RTP payload type %3u: %u bytes replacement payload\n",
				   cfg->pt_replace[j].type, cfg->pt_replace[j].len);
	}
}

/*
 * N/list and N/blist: seq_files of one record per rule, walked with a
 * cursor (rule.c) that a reader resumes read() after read(): each read()
 * holds the RCU read lock for one seq_file buffer, not for the table, and an
 * open file costs the same whatever the table's size. Their private data
 * starts with a struct rtpfwd_proc_walk.
 */
void *rtpfwd_proc_walk_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU)
{
	struct rtpfwd_proc_walk *walk = m->private;

	/* between two buffers of a long list */
	cond_resched();
	return rtpfwd_rule_cursor_start(&walk->cursor, *pos);
}

void *rtpfwd_proc_walk_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct rtpfwd_proc_walk *walk = m->private;

	++*pos;
	return rtpfwd_rule_cursor_next(&walk->cursor);
}

void rtpfwd_proc_walk_stop(struct seq_file *m, void *v)
	__releases(RCU)
{
	struct rtpfwd_proc_walk *walk = m->private;

	rtpfwd_rule_cursor_stop(&walk->cursor);
}

/**
 * rtpfwd_proc_walk_open() - open a per-table walk file
 * @inode: the file's inode (its data: the table)
 * @file: the file
 * @ops: its seq_operations, with the start, next and stop above
 * @size: size of its private data, which starts with a struct rtpfwd_proc_walk
 *
 * Return: 0 or -ENOMEM.
 */
int rtpfwd_proc_walk_open(struct inode *inode, struct file *file,
			  const struct seq_operations *ops, size_t size)
{
	struct rtpfwd_proc_walk *walk;

	walk = __seq_open_private(file, ops, size);
	if (!walk)
		return -ENOMEM;
	walk->table = rtpfwd_proc_table_get(inode);
	rtpfwd_rule_cursor_init(&walk->cursor, walk->table);
	return 0;
}

int rtpfwd_proc_walk_release(struct inode *inode, struct file *file)
{
	struct rtpfwd_proc_walk *walk = ((struct seq_file *)file->private_data)->private;
	struct rtpfwd_table *table = walk->table;

	rtpfwd_rule_cursor_exit(&walk->cursor);
	seq_release_private(inode, file);
	rtpfwd_table_put(table);
	return 0;
}

static int rtpfwd_proc_list_show_rule(struct seq_file *m, void *v)
{
	rtpfwd_proc_print_rule(m, v);
	return 0;
}

static const struct seq_operations rtpfwd_proc_list_seq_ops = {
	.start	= rtpfwd_proc_walk_start,
	.next	= rtpfwd_proc_walk_next,
	.stop	= rtpfwd_proc_walk_stop,
	.show	= rtpfwd_proc_list_show_rule,
};

static int rtpfwd_proc_list_open(struct inode *inode, struct file *file)
{
	return rtpfwd_proc_walk_open(inode, file, &rtpfwd_proc_list_seq_ops,
				     sizeof(struct rtpfwd_proc_walk));
}

const struct proc_ops rtpfwd_proc_list_ops = {
	.proc_open	= rtpfwd_proc_list_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= rtpfwd_proc_walk_release,
};
