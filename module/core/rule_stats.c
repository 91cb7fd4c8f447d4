// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd rule statistics: folding a rule's per-CPU counters and its RTP
 * receiver state for readers, and resetting them exactly (see rule.h). The
 * control planes read and reset statistics through these functions only.
 */
#include <linux/bottom_half.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/sched.h>

#include "rule.h"

/* The names of struct rtpfwd_stats_sum are its counters, in enum order. */
static_assert(offsetof(struct rtpfwd_stats_sum, blackholed) ==
	      RTPFWD_C_BLACKHOLED * sizeof(u64));

/*
 * Fold the per-CPU counters of @rule, and the age of its newest packet.
 * Context: @rule is alive (RCU or lock).
 */
void rtpfwd_rule_stats(const struct rtpfwd_rule *rule, struct rtpfwd_stats_sum *sum)
{
	unsigned long newest = 0, last;
	u64 c[RTPFWD_COUNTERS];
	unsigned int start, i;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct rtpfwd_stats *s = per_cpu_ptr(rule->stats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < RTPFWD_COUNTERS; i++)
				c[i] = u64_stats_read(&s->c[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < RTPFWD_COUNTERS; i++)
			sum->c[i] += c[i];
		last = READ_ONCE(s->last_packet);
		if (last && (!newest || time_after(last, newest))) {
			newest = last;
			sum->in_tos = READ_ONCE(s->in_tos);
		}
	}
	if (newest) {
		sum->seen = true;
		/* jiffies | 1 was stored: never ahead by more than that one */
		sum->last_packet_ms = time_after(newest, jiffies) ? 0 :
				      jiffies64_to_msecs(jiffies - newest);
	}
}

/* Fold the per-CPU counters of output number @idx of @rule. */
void rtpfwd_rule_out_stats(const struct rtpfwd_rule *rule, unsigned int idx,
			   struct rtpfwd_out_sum *sum)
{
	unsigned int start;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct rtpfwd_out_stats *s = per_cpu_ptr(rule->out_stats, cpu);
		u64 packets, bytes, errors;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			packets = u64_stats_read(&s->out[idx].packets);
			bytes = u64_stats_read(&s->out[idx].bytes);
			errors = u64_stats_read(&s->out[idx].errors);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->packets += packets;
		sum->bytes += bytes;
		sum->errors += errors;
	}
}

/* Fold the per-CPU counters of payload type number @idx of @rule's list. */
void rtpfwd_rule_pt_stats(const struct rtpfwd_rule *rule, unsigned int idx,
			  u64 *packets, u64 *bytes)
{
	unsigned int start;
	int cpu;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct rtpfwd_pt_stats *s = per_cpu_ptr(rule->rtp->pt_stats, cpu);
		u64 p, b;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			p = u64_stats_read(&s->pt[idx].packets);
			b = u64_stats_read(&s->pt[idx].bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*packets += p;
		*bytes += b;
	}
}

/* One SSRC slot's counters. Context: @slot->lock held. */
static void rtpfwd_ssrc_fold(const struct rtpfwd_ssrc_slot *slot, struct rtpfwd_ssrc_sum *sum)
{
	s64 expected;

	if (slot->started) {
		sum->ext_seq = slot->cycles + slot->max_seq;
		expected = (s64)sum->ext_seq - slot->base_seq + 1;
		expected -= slot->received;
		sum->lost = clamp_t(s64, expected, 0, U32_MAX);
		sum->jitter = slot->jitter >> 4;
		sum->timestamp = slot->timestamp;
		sum->transit = slot->transit;
	}
	sum->packets = slot->packets;
	sum->bytes = slot->bytes;
}

/* SSRC slot @idx of @rule (RTP flag set); false if the slot is unused. */
bool rtpfwd_rule_ssrc_stats(const struct rtpfwd_rule *rule, unsigned int idx,
			    struct rtpfwd_ssrc_sum *sum)
{
	struct rtpfwd_ssrc_slot *slot = &rule->rtp->ssrcs[idx];
	u64 id = atomic64_read(&slot->id);

	if (!id)
		return false;
	memset(sum, 0, sizeof(*sum));
	sum->ssrc = lower_32_bits(id);
	spin_lock_bh(&slot->lock);
	rtpfwd_ssrc_fold(slot, sum);
	spin_unlock_bh(&slot->lock);
	return true;
}

/*
 * Zero the packets, bytes and loss of every SSRC slot, as rtpengine's "get
 * and reset" does; the sequence tracking and the jitter are state, not
 * counters, and carry on. Loss restarts from the highest sequence seen.
 */
static unsigned int rtpfwd_ssrcs_reset(struct rtpfwd_rtp *rtp, struct rtpfwd_ssrc_sum *got)
{
	unsigned int i, used = 0;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		struct rtpfwd_ssrc_slot *slot = &rtp->ssrcs[i];
		struct rtpfwd_ssrc_sum sum = {};
		u64 id = atomic64_read(&slot->id);

		if (!id)
			continue;
		used |= BIT(i);
		sum.ssrc = lower_32_bits(id);
		spin_lock_bh(&slot->lock);
		rtpfwd_ssrc_fold(slot, &sum);
		slot->packets = 0;
		slot->bytes = 0;
		if (slot->started) {
			slot->base_seq = sum.ext_seq + 1;
			slot->received = 0;
		}
		spin_unlock_bh(&slot->lock);
		if (got)
			got[i] = sum;
	}
	return used;
}

/*
 * Take @total off this CPU's counter @stat, with 64-bit arithmetic: the
 * counter goes "negative" (wraps), and the fold over all CPUs is right again.
 * Not u64_stats_add(-total): it takes an unsigned long, 32 bits on 32-bit
 * kernels. Context: BHs off (we are the counter's only writer), inside
 * u64_stats_update_begin/end.
 */
static void rtpfwd_stat_sub(u64_stats_t *stat, u64 total)
{
	u64_stats_set(stat, u64_stats_read(stat) - total);
}

/**
 * rtpfwd_rule_stats_reset() - zero a rule's counters, returning them
 * @rule: the rule; alive (RCU or the table's rules_lock)
 * @got: if not NULL, the counters just before the reset
 * @got_ssrc: if not NULL, the SSRC counters just before the reset, by slot;
 *	slots without an SSRC (and every slot of a rule without RTP) read 0
 *
 * Zeroes every counter of the rule (not the age of its last packet: state),
 * of its outputs, of its payload types, and the per SSRC packets, bytes and
 * loss.
 * Exact: a packet is counted either in what @got returns or after the
 * reset, never in both or neither.
 *
 * Context: the caller holds the table's rules_lock (resets of one rule must
 * not run concurrently, see rule.h). Does not sleep.
 */
static void rtpfwd_rule_stats_reset(struct rtpfwd_rule *rule, struct rtpfwd_stats_sum *got,
				    struct rtpfwd_ssrc_sum got_ssrc[RTPFWD_SSRCS_MAX])
{
	struct rtpfwd_rtp *rtp = rule->rtp;
	struct rtpfwd_stats_sum sum;
	struct rtpfwd_stats *mine;
	u64 packets, bytes;
	unsigned int i;

	if (got_ssrc)
		memset(got_ssrc, 0, RTPFWD_SSRCS_MAX * sizeof(*got_ssrc));

	/* Fold and subtract with BHs off: the packet path cannot run on this
	 * CPU in between, so nothing it counts here is lost.
	 */
	local_bh_disable();
	rtpfwd_rule_stats(rule, &sum);
	mine = this_cpu_ptr(rule->stats);
	u64_stats_update_begin(&mine->syncp);
	for (i = 0; i < RTPFWD_COUNTERS; i++)
		rtpfwd_stat_sub(&mine->c[i], sum.c[i]);
	u64_stats_update_end(&mine->syncp);
	for (i = 0; i < rule->num_outputs; i++) {
		struct rtpfwd_out_stats *outs = this_cpu_ptr(rule->out_stats);
		struct rtpfwd_out_sum out;

		rtpfwd_rule_out_stats(rule, i, &out);
		u64_stats_update_begin(&outs->syncp);
		rtpfwd_stat_sub(&outs->out[i].packets, out.packets);
		rtpfwd_stat_sub(&outs->out[i].bytes, out.bytes);
		rtpfwd_stat_sub(&outs->out[i].errors, out.errors);
		u64_stats_update_end(&outs->syncp);
	}
	for (i = 0; rtp && rtp->pt_stats && i < rtp->num_pts; i++) {
		struct rtpfwd_pt_stats *pts = this_cpu_ptr(rtp->pt_stats);

		rtpfwd_rule_pt_stats(rule, i, &packets, &bytes);
		u64_stats_update_begin(&pts->syncp);
		rtpfwd_stat_sub(&pts->pt[i].packets, packets);
		rtpfwd_stat_sub(&pts->pt[i].bytes, bytes);
		u64_stats_update_end(&pts->syncp);
	}
	local_bh_enable();

	if (rtp)
		rtpfwd_ssrcs_reset(rtp, got_ssrc);
	if (got)
		*got = sum;
}

/**
 * rtpfwd_rule_ssrc_stats_reset() - zero only the per SSRC counters of a rule
 * @rule: the rule; alive
 * @got: the SSRC counters just before the reset, by slot (unused slots 0)
 *
 * rtpengine 10.5's GET_RESET_STATS: the daemon reads the rule's own counters
 * as running totals (N/blist) and only the per SSRC ones as intervals.
 * Context: the caller holds the table's rules_lock (see rule.h).
 * Return: the slots in use, a bit each (SSRC 0 is an SSRC like any other).
 */
static unsigned int rtpfwd_rule_ssrc_stats_reset(struct rtpfwd_rule *rule,
						 struct rtpfwd_ssrc_sum got[RTPFWD_SSRCS_MAX])
{
	memset(got, 0, RTPFWD_SSRCS_MAX * sizeof(*got));
	return rule->rtp ? rtpfwd_ssrcs_reset(rule->rtp, got) : 0;
}

/* Every rule of @table. Context: rules_lock held. */
static void rtpfwd_table_stats_reset_all(struct rtpfwd_table *table)
{
	struct rtpfwd_rule_cursor cur;
	struct rtpfwd_rule *rule;

	rtpfwd_rule_cursor_init(&cur, table);
	/* a resize restarts the walk: a rule may be reset twice, harmlessly */
	rule = rtpfwd_rule_cursor_start(&cur, 0);
	while (rule) {
		rtpfwd_rule_stats_reset(rule, NULL, NULL);
		rule = rtpfwd_rule_cursor_next(&cur);
		if (rule && !(cur.pos % 1024)) {
			/* resumes at the rule it was at */
			rtpfwd_rule_cursor_stop(&cur);
			cond_resched();
			rule = rtpfwd_rule_cursor_start(&cur, cur.pos);
		}
	}
	rtpfwd_rule_cursor_stop(&cur);
	rtpfwd_rule_cursor_exit(&cur);
}

/**
 * rtpfwd_table_stats_reset() - zero the counters of one rule or of a table
 * @table: the table
 * @local: the rule's local endpoint; NULL: every rule of @table
 * @got: with @local, if not NULL: the rule's counters just before the reset
 * @got_ssrc: with @local, if not NULL: its SSRC counters (see
 *	rtpfwd_rule_stats_reset())
 * @extack: where to explain a rejection
 *
 * The entry point for every control plane (generic netlink STATS_RESET, the
 * rtpengine "get and reset stats" message). Context: process; sleeps.
 * Return: 0, or -ENOENT when @local has no rule.
 */
int rtpfwd_table_stats_reset(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
			     struct rtpfwd_stats_sum *got,
			     struct rtpfwd_ssrc_sum got_ssrc[RTPFWD_SSRCS_MAX],
			     struct netlink_ext_ack *extack)
{
	struct rtpfwd_rule *rule;
	int err = 0;

	mutex_lock(&table->rules_lock);
	if (!local) {
		rtpfwd_table_stats_reset_all(table);
	} else {
		/* stable: deleting it needs rules_lock */
		rule = rhashtable_lookup_fast(&table->rules, local, rtpfwd_rule_params);
		if (rule)
			rtpfwd_rule_stats_reset(rule, got, got_ssrc);
		else
			err = -ENOENT;
	}
	mutex_unlock(&table->rules_lock);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "no rule for this local endpoint");
	return err;
}

/**
 * rtpfwd_table_ssrc_stats() - the per SSRC counters of one rule
 * @table: the table
 * @local: the rule's local endpoint
 * @reset: zero packets, bytes and loss after reading (rtpengine 10.5's
 *	GET_RESET_STATS; see rtpfwd_rule_ssrc_stats_reset())
 * @got: the counters, by slot; unused slots read 0
 * @used: the slots in use, a bit each (SSRC 0 is an SSRC like any other)
 *
 * Context: process; sleeps.
 * Return: 0, or -ENOENT when @local has no rule.
 */
int rtpfwd_table_ssrc_stats(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
			    bool reset, struct rtpfwd_ssrc_sum got[RTPFWD_SSRCS_MAX],
			    unsigned int *used)
{
	struct rtpfwd_rule *rule;
	unsigned int i;

	memset(got, 0, RTPFWD_SSRCS_MAX * sizeof(*got));
	*used = 0;
	/* resets hold rules_lock, which also keeps the rule alive */
	mutex_lock(&table->rules_lock);
	rule = rhashtable_lookup_fast(&table->rules, local, rtpfwd_rule_params);
	if (rule && reset)
		*used = rtpfwd_rule_ssrc_stats_reset(rule, got);
	for (i = 0; rule && !reset && rule->rtp && i < RTPFWD_SSRCS_MAX; i++)
		if (rtpfwd_rule_ssrc_stats(rule, i, &got[i]))
			*used |= BIT(i);
	mutex_unlock(&table->rules_lock);
	return rule ? 0 : -ENOENT;
}
