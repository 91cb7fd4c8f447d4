// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd rule store: adding, replacing and deleting the rules of a table.
 * Control-plane only; the packet path just looks rules up (rule.h).
 */
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "rule.h"

unsigned int rtpfwd_max_rules __read_mostly = 1U << 20;
module_param_named(max_rules, rtpfwd_max_rules, uint, 0644);
MODULE_PARM_DESC(max_rules, "Maximum number of rules per table (default 1048576)");

static unsigned int rtpfwd_max_netns_rules __read_mostly = 2000000;
module_param_named(max_netns_rules, rtpfwd_max_netns_rules, uint, 0644);
MODULE_PARM_DESC(max_netns_rules,
		 "Maximum number of rules of a network namespace, all its tables together (default 2000000, 0: no limit)");

const struct rhashtable_params rtpfwd_rule_params = {
	.key_len		= sizeof(struct rtpfwd_endpoint),
	.key_offset		= offsetof(struct rtpfwd_rule, local),
	.head_offset		= offsetof(struct rtpfwd_rule, node),
	.automatic_shrinking	= true,
};

int rtpfwd_rules_init(struct rtpfwd_table *table)
{
	mutex_init(&table->rules_lock);
	return rhashtable_init(&table->rules, &rtpfwd_rule_params);
}

static void rtpfwd_rtp_free(struct rtpfwd_rtp *rtp)
{
	if (rtp)
		free_percpu(rtp->pt_stats);
	kfree(rtp);
}

/* Frees a rule nobody can reach any more, but not its counters. */
static void rtpfwd_rule_free_keep_stats(struct rtpfwd_rule *rule)
{
	unsigned int i;

	if (!rule->rtp_handed_over)
		rtpfwd_rtp_free(rule->rtp);

	for (i = 0; i < rule->num_outputs; i++)
		dst_cache_destroy(&rule->outputs[i].dst_cache);
	kfree(rule);
}

static void rtpfwd_rule_free(struct rtpfwd_rule *rule)
{
	free_percpu(rule->stats);
	rtpfwd_rule_free_keep_stats(rule);
}

static void rtpfwd_rule_free_entry(void *ptr, void *arg)
{
	rtpfwd_rule_free(ptr);
}

/* Context: the table is unreachable and a grace period has passed. */
void rtpfwd_rules_destroy(struct rtpfwd_table *table)
{
	rhashtable_free_and_destroy(&table->rules, rtpfwd_rule_free_entry, NULL);
}

static struct rtpfwd_rtp *rtpfwd_rtp_alloc(const struct rtpfwd_rule_cfg *cfg)
{
	struct rtpfwd_rtp *rtp;
	unsigned int i;
	int cpu;

	rtp = kzalloc(sizeof(*rtp), GFP_KERNEL_ACCOUNT);
	if (!rtp)
		return NULL;
	rtp->num_pts = cfg->num_pts;
	memcpy(rtp->pts, cfg->pts, sizeof(rtp->pts));
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++)
		spin_lock_init(&rtp->ssrcs[i].lock);
	if (!cfg->num_pts)
		return rtp;
	rtp->pt_stats = __alloc_percpu_gfp(struct_size(rtp->pt_stats, pt, cfg->num_pts),
					   __alignof__(struct rtpfwd_pt_stats),
					   GFP_KERNEL_ACCOUNT);
	if (!rtp->pt_stats) {
		kfree(rtp);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rtp->pt_stats, cpu)->syncp);
	return rtp;
}

/* The same payload type list: the RTP state can move to the new rule. */
static bool rtpfwd_rtp_compatible(const struct rtpfwd_rtp *rtp, const struct rtpfwd_rule_cfg *cfg)
{
	unsigned int i;

	if (!rtp || !(cfg->flags & RTPFWD_RULE_F_RTP) || rtp->num_pts != cfg->num_pts)
		return false;
	for (i = 0; i < cfg->num_pts; i++)
		if (rtp->pts[i].type != cfg->pts[i].type ||
		    rtp->pts[i].clock_rate != cfg->pts[i].clock_rate)
			return false;
	return true;
}

static struct rtpfwd_rule *rtpfwd_rule_alloc(const struct rtpfwd_rule_cfg *cfg)
{
	struct rtpfwd_rule *rule;
	unsigned int i;

	rule = kzalloc(struct_size(rule, outputs, cfg->num_outputs), GFP_KERNEL_ACCOUNT);
	if (!rule)
		return NULL;
	rule->local = cfg->local;
	rule->expect = cfg->expect;
	rule->mismatch = cfg->mismatch;
	rule->flags = cfg->flags;
	rule->num_ssrcs = cfg->num_ssrcs;
	memcpy(rule->ssrcs, cfg->ssrcs, sizeof(rule->ssrcs));
	for (i = 0; i < cfg->num_outputs; i++) {
		rule->outputs[i].cfg = cfg->outputs[i];
		if (dst_cache_init(&rule->outputs[i].dst_cache, GFP_KERNEL_ACCOUNT))
			goto err;
		rule->num_outputs = i + 1;
	}
	return rule;

err:
	rtpfwd_rule_free(rule);
	return NULL;
}

static struct rtpfwd_stats __percpu *rtpfwd_stats_alloc(void)
{
	struct rtpfwd_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct rtpfwd_stats, GFP_KERNEL_ACCOUNT);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

/* Count one more rule against @table's namespace; false at its limit. */
static bool rtpfwd_netns_rule_charge(struct rtpfwd_table *table)
{
	atomic_t *count = &rtpfwd_pernet(table->net)->rule_count;
	unsigned int max = READ_ONCE(rtpfwd_max_netns_rules);
	int n = atomic_read(count);

	do {
		if (max && (unsigned int)n >= max)
			return false;
	} while (!atomic_try_cmpxchg(count, &n, n + 1));
	return true;
}

/* Context: rules_lock held. */
static void rtpfwd_netns_rule_uncharge(struct rtpfwd_table *table, u32 rules)
{
	atomic_sub(rules, &rtpfwd_pernet(table->net)->rule_count);
}

/**
 * rtpfwd_rules_unlink() - @table is being unpublished: no more rule writers
 * @table: the table
 *
 * Its rules stop counting against the namespace; adding a rule to it fails
 * from now on. Context: the namespace's lock held.
 */
void rtpfwd_rules_unlink(struct rtpfwd_table *table)
{
	mutex_lock(&table->rules_lock);
	table->unlinked = true;
	rtpfwd_netns_rule_uncharge(table, table->rule_count);
	mutex_unlock(&table->rules_lock);
}

/**
 * rtpfwd_rule_add() - add or replace the rule for @cfg->local in @table
 * @table: the table
 * @cfg: the rule, validated by the caller
 * @create: create the rule if there is none (NLM_F_CREATE)
 * @excl: fail with -EEXIST if there is one (NLM_F_EXCL)
 * @replace: replace an existing rule, keeping its counters (NLM_F_REPLACE)
 * @extack: where to explain a rejection
 *
 * Return: 0, -EEXIST, -ENOENT (also: the table was deleted), -ENOSPC when
 * the table or the namespace is full, -ENOMEM. Nothing changes on error.
 */
int rtpfwd_rule_add(struct rtpfwd_table *table, const struct rtpfwd_rule_cfg *cfg,
		    bool create, bool excl, bool replace, struct netlink_ext_ack *extack)
{
	struct rtpfwd_rule *rule, *old;
	int err;

	rule = rtpfwd_rule_alloc(cfg);
	if (!rule)
		return -ENOMEM;

	mutex_lock(&table->rules_lock);
	if (table->unlinked) {
		NL_SET_ERR_MSG_MOD(extack, "no such table");
		err = -ENOENT;
		goto err_unlock;
	}
	old = rhashtable_lookup_fast(&table->rules, &cfg->local, rtpfwd_rule_params);
	if (old) {
		/* CREATE alone or with EXCL: a new rule only; neither: replace */
		if (excl || (create && !replace)) {
			NL_SET_ERR_MSG_MOD(extack, "a rule for this local endpoint exists");
			err = -EEXIST;
			goto err_unlock;
		}
		/* The new rule takes the counters over; in-flight readers of
		 * the old one still count into them, which is right.
		 */
		rule->stats = old->stats;
		if (rtpfwd_rtp_compatible(old->rtp, cfg)) {
			rule->rtp = old->rtp;
		} else if (cfg->flags & RTPFWD_RULE_F_RTP) {
			rule->rtp = rtpfwd_rtp_alloc(cfg);
			if (!rule->rtp) {
				rule->stats = NULL;
				err = -ENOMEM;
				goto err_unlock;
			}
		}
		err = rhashtable_replace_fast(&table->rules, &old->node, &rule->node,
					      rtpfwd_rule_params);
		if (err) {
			rule->stats = NULL;
			if (rule->rtp == old->rtp)
				rule->rtp = NULL;
			goto err_unlock;
		}
		old->rtp_handed_over = rule->rtp == old->rtp;
	} else {
		if (!create) {
			NL_SET_ERR_MSG_MOD(extack, "no rule for this local endpoint");
			err = -ENOENT;
			goto err_unlock;
		}
		if (table->rule_count >= READ_ONCE(rtpfwd_max_rules)) {
			NL_SET_ERR_MSG_MOD(extack, "table is full (module parameter max_rules)");
			err = -ENOSPC;
			goto err_unlock;
		}
		rule->stats = rtpfwd_stats_alloc();
		if (!rule->stats) {
			err = -ENOMEM;
			goto err_unlock;
		}
		if (cfg->flags & RTPFWD_RULE_F_RTP) {
			rule->rtp = rtpfwd_rtp_alloc(cfg);
			if (!rule->rtp) {
				err = -ENOMEM;
				goto err_unlock;
			}
		}
		if (!rtpfwd_netns_rule_charge(table)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "rule limit of this namespace reached (module parameter max_netns_rules)");
			err = -ENOSPC;
			goto err_unlock;
		}
		err = rhashtable_insert_fast(&table->rules, &rule->node, rtpfwd_rule_params);
		if (err) {
			rtpfwd_netns_rule_uncharge(table, 1);
			goto err_unlock;
		}
		WRITE_ONCE(table->rule_count, table->rule_count + 1);
	}
	/* under the lock: events come in the order of the changes */
	rtpfwd_genl_notify_rule(table, &cfg->local, RTPFWD_CMD_RULE_NEW,
				old ? NLM_F_REPLACE : NLM_F_CREATE);
	mutex_unlock(&table->rules_lock);
	if (old) {
		/* No packet leaves through the old rule once we return. */
		synchronize_rcu_expedited();
		rtpfwd_rule_free_keep_stats(old);
	}
	return 0;

err_unlock:
	mutex_unlock(&table->rules_lock);
	rtpfwd_rule_free(rule);
	return err;
}

/**
 * rtpfwd_rule_del() - delete the rule for @local from @table
 * @table: the table
 * @local: the rule's local endpoint
 * @extack: where to explain a rejection
 *
 * Return: 0 or -ENOENT.
 */
int rtpfwd_rule_del(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local,
		    struct netlink_ext_ack *extack)
{
	struct rtpfwd_rule *rule;
	int err = -ENOENT;

	mutex_lock(&table->rules_lock);
	rule = rhashtable_lookup_fast(&table->rules, local, rtpfwd_rule_params);
	if (rule && !rhashtable_remove_fast(&table->rules, &rule->node, rtpfwd_rule_params)) {
		WRITE_ONCE(table->rule_count, table->rule_count - 1);
		if (!table->unlinked)
			rtpfwd_netns_rule_uncharge(table, 1);
		rtpfwd_genl_notify_rule(table, local, RTPFWD_CMD_RULE_DEL, 0);
		err = 0;
	}
	mutex_unlock(&table->rules_lock);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "no rule for this local endpoint");
		return err;
	}
	/* No packet leaves through the rule once we return (see rule.h). */
	synchronize_rcu_expedited();
	rtpfwd_rule_free(rule);
	return 0;
}

/* Fold the per-CPU counters of @rule. Context: @rule is alive (RCU or lock). */
void rtpfwd_rule_stats(const struct rtpfwd_rule *rule, struct rtpfwd_stats_sum *sum)
{
	unsigned int start;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct rtpfwd_stats *s = per_cpu_ptr(rule->stats, cpu);
		u64 packets, bytes, errors, ttl_expired, too_big;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			packets = u64_stats_read(&s->packets);
			bytes = u64_stats_read(&s->bytes);
			errors = u64_stats_read(&s->errors);
			ttl_expired = u64_stats_read(&s->ttl_expired);
			too_big = u64_stats_read(&s->too_big);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->packets += packets;
		sum->bytes += bytes;
		sum->errors += errors;
		sum->ttl_expired += ttl_expired;
		sum->too_big += too_big;
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
 * Zeroes packets, bytes, errors, ttl_expired, too_big, the per payload type counters and the per
 * SSRC packets, bytes and loss. Exact: a packet is counted either in what
 * @got returns or after the reset, never in both or neither.
 *
 * Context: the caller holds the table's rules_lock (resets of one rule must
 * not run concurrently, see rule.h). Does not sleep.
 */
void rtpfwd_rule_stats_reset(struct rtpfwd_rule *rule, struct rtpfwd_stats_sum *got,
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
	rtpfwd_stat_sub(&mine->packets, sum.packets);
	rtpfwd_stat_sub(&mine->bytes, sum.bytes);
	rtpfwd_stat_sub(&mine->errors, sum.errors);
	rtpfwd_stat_sub(&mine->ttl_expired, sum.ttl_expired);
	rtpfwd_stat_sub(&mine->too_big, sum.too_big);
	u64_stats_update_end(&mine->syncp);
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
unsigned int rtpfwd_rule_ssrc_stats_reset(struct rtpfwd_rule *rule,
					  struct rtpfwd_ssrc_sum got[RTPFWD_SSRCS_MAX])
{
	memset(got, 0, RTPFWD_SSRCS_MAX * sizeof(*got));
	return rule->rtp ? rtpfwd_ssrcs_reset(rule->rtp, got) : 0;
}

/* Every rule of @table. Context: rules_lock held. */
static void rtpfwd_table_stats_reset_all(struct rtpfwd_table *table)
{
	struct rhashtable_iter iter;
	struct rtpfwd_rule *rule;
	unsigned int n = 0;

	rhashtable_walk_enter(&table->rules, &iter);
	rhashtable_walk_start(&iter);
	while ((rule = rhashtable_walk_next(&iter))) {
		if (IS_ERR(rule)) {
			if (PTR_ERR(rule) == -EAGAIN)
				continue;	/* resized: restarted, a rule may be reset twice */
			break;
		}
		rtpfwd_rule_stats_reset(rule, NULL, NULL);
		if (!(++n % 1024)) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
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

/*
 * Cursors: resumable walks over a table's rules for /proc readers, which
 * read a little at a time (one seq_file buffer, one blist record) and must
 * not hold the RCU read lock, nor memory, in proportion to the table. The
 * rhashtable walker stays registered with the table between reads; on
 * resuming it finds its place again (rhashtable_walk_start() checks that
 * the rule it was at is still in its bucket). Every rule present throughout
 * a walk is seen; a rule deleted meanwhile is not; when the table is
 * resized under a walk, the walk starts over in the new table, so rules
 * seen before the resize are seen once more, as with any rhashtable walk.
 */

/**
 * rtpfwd_rule_cursor_init() - a cursor at the first rule of @table
 * @cur: the cursor
 * @table: the table; must outlive the cursor (hold a reference)
 */
void rtpfwd_rule_cursor_init(struct rtpfwd_rule_cursor *cur, struct rtpfwd_table *table)
{
	cur->ht = &table->rules;
	cur->pos = 0;
	rhashtable_walk_enter(cur->ht, &cur->iter);
}

void rtpfwd_rule_cursor_exit(struct rtpfwd_rule_cursor *cur)
{
	rhashtable_walk_exit(&cur->iter);
}

/* The rule the cursor is at, or NULL at the end. Context: started. */
static struct rtpfwd_rule *rtpfwd_rule_cursor_peek(struct rtpfwd_rule_cursor *cur)
{
	struct rtpfwd_rule *rule;

	do
		rule = rhashtable_walk_peek(&cur->iter);
	while (IS_ERR(rule) && PTR_ERR(rule) == -EAGAIN);	/* resized: start over */
	return IS_ERR(rule) ? NULL : rule;
}

/**
 * rtpfwd_rule_cursor_next() - move to the next rule
 * @cur: the cursor, started
 *
 * Return: that rule, or NULL at the end of the table.
 */
struct rtpfwd_rule *rtpfwd_rule_cursor_next(struct rtpfwd_rule_cursor *cur)
{
	rhashtable_walk_next(&cur->iter);	/* past the rule peeked at */
	cur->pos++;
	return rtpfwd_rule_cursor_peek(cur);
}

/**
 * rtpfwd_rule_cursor_start() - resume a walk at rule number @pos
 * @cur: the cursor
 * @pos: how many rules the reader has had; moving backwards walks again
 *	from the first rule (lseek, pread), forwards skips rules
 *
 * Enters an RCU read-side section that rtpfwd_rule_cursor_stop() ends: the
 * returned rule and the ones rtpfwd_rule_cursor_next() returns stay valid
 * until then. Context: process, may sleep before it enters the section.
 * Return: the rule, or NULL at the end of the table.
 */
struct rtpfwd_rule *rtpfwd_rule_cursor_start(struct rtpfwd_rule_cursor *cur, loff_t pos)
	__acquires(RCU)
{
	struct rtpfwd_rule *rule;

	if (pos < cur->pos) {
		rhashtable_walk_exit(&cur->iter);
		rhashtable_walk_enter(cur->ht, &cur->iter);
		cur->pos = 0;
	}
	rhashtable_walk_start(&cur->iter);
	rule = rtpfwd_rule_cursor_peek(cur);
	while (rule && cur->pos < pos) {
		rule = rtpfwd_rule_cursor_next(cur);
		if (!(cur->pos & 1023)) {
			rhashtable_walk_stop(&cur->iter);
			cond_resched();
			rhashtable_walk_start(&cur->iter);
			rule = rtpfwd_rule_cursor_peek(cur);
		}
	}
	return rule;
}

void rtpfwd_rule_cursor_stop(struct rtpfwd_rule_cursor *cur)
	__releases(RCU)
{
	rhashtable_walk_stop(&cur->iter);
}
