// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd rule store: adding, replacing and deleting the rules of a table.
 * Control-plane only; the packet path just looks rules up (rule.h). Every
 * change is checked (rule_cfg.c), bumps the namespace's generation and is
 * announced (event.h) here, whoever asked for it.
 */
#include <linux/atomic.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "event.h"
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

/*
 * Frees a rule nobody can reach any more; its counters too unless
 * @keep_stats (the rule that replaced it has them).
 */
static void rtpfwd_rule_free(struct rtpfwd_rule *rule, bool keep_stats)
{
	unsigned int i;

	if (!rule->rtp_handed_over)
		rtpfwd_rtp_free(rule->rtp);

	rtpfwd_rule_pcpu_free(rule, keep_stats);
	rtpfwd_xstats_put(rule->xstats);
	rtpfwd_tap_put(rule->tap);
	rtpfwd_srtp_destroy(rule->decrypt);
	for (i = 0; i < rule->num_outputs; i++)
		rtpfwd_srtp_destroy(rule->outputs[i].encrypt);
	kfree(rule);
}

static void rtpfwd_rule_free_entry(void *ptr, void *arg)
{
	rtpfwd_rule_free(ptr, false);
}

static void rtpfwd_rule_free_work(struct work_struct *work)
{
	struct rtpfwd_rule *rule = container_of(to_rcu_work(work), struct rtpfwd_rule, free_work);

	rtpfwd_rule_free(rule, rule->stats_handed_over);
}

/*
 * @rule was unhashed: free it after a grace period, and count it for
 * rtpfwd_rules_sync(). Module exit drains these (rcu_barrier(), then
 * destroy_workqueue()). The increment is fully ordered after the unhash.
 */
static void rtpfwd_rule_retire(struct rtpfwd_table *table, struct rtpfwd_rule *rule)
{
	queue_rcu_work(rtpfwd_wq, &rule->free_work);
	atomic64_inc_return(&rtpfwd_pernet(table->net)->rules_retired);
}

/**
 * rtpfwd_rules_sync() - wait until no packet uses a rule retired so far
 * @net: the namespace whose deletes and replaces are to be settled
 *
 * Waits for one grace period, unless one that started after the latest
 * retirement has already ended (another caller waited for it). Callers
 * answer a request after this, so that its answer means "the old rule is out
 * of use". Context: process, may sleep.
 */
void rtpfwd_rules_sync(struct net *net)
{
	struct rtpfwd_net *rn = rtpfwd_pernet(net);
	s64 retired = atomic64_read(&rn->rules_retired);
	s64 synced = atomic64_read_acquire(&rn->rules_synced);

	if (synced >= retired)
		return;
	synchronize_rcu_expedited();
	/* Everything retired before @retired was read is out of use now. */
	do {
		if (synced >= retired)
			return;
	} while (!atomic64_try_cmpxchg(&rn->rules_synced, &synced, retired));
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

/*
 * The SRTP context of one direction of @cfg, NULL without SRTP; with
 * SRTCP if the rule forwards RTCP. Fresh on every rule, replaced ones too:
 * the control plane seeds the rollover counters (RTPFWD_SRTP_A_ROC) of a
 * replacement.
 */
static int rtpfwd_srtp_alloc(const struct rtpfwd_rule_cfg *cfg, unsigned int idx,
			     struct rtpfwd_srtp **srtp)
{
	if (!cfg->srtp || cfg->srtp[idx].suite == RTPFWD_SRTP_SUITE_NONE)
		return 0;
	*srtp = rtpfwd_srtp_create(&cfg->srtp[idx], cfg->flags & RTPFWD_RULE_F_RTCP);
	if (IS_ERR(*srtp)) {
		int err = PTR_ERR(*srtp);

		*srtp = NULL;
		return err;
	}
	return 0;
}

/*
 * A new rule for @cfg, but its per-CPU memory: that depends on whether it
 * replaces a rule (rtpfwd_rule_pcpu_alloc(), under the table's lock).
 */
static struct rtpfwd_rule *rtpfwd_rule_alloc(const struct rtpfwd_rule_cfg *cfg)
{
	struct rtpfwd_rule *rule;
	unsigned int i;

	rule = kzalloc(struct_size(rule, outputs, cfg->num_outputs), GFP_KERNEL_ACCOUNT);
	if (!rule)
		return NULL;
	INIT_RCU_WORK(&rule->free_work, rtpfwd_rule_free_work);
	rule->local = cfg->local;
	rule->expect = cfg->expect;
	rule->mismatch = cfg->mismatch;
	rule->flags = cfg->flags;
	rule->unfilled = cfg->unfilled;
	rule->num_ssrcs = cfg->num_ssrcs;
	memcpy(rule->ssrcs, cfg->ssrcs, sizeof(rule->ssrcs));
	if (cfg->xstats) {
		rule->xstats = cfg->xstats;
		rtpfwd_xstats_get(rule->xstats);
	}
	rule->tap = rtpfwd_tap_get(cfg->tap);
	for (i = 0; i < cfg->num_outputs; i++) {
		rule->outputs[i].cfg = cfg->outputs[i];
		rule->num_outputs = i + 1;
		if (rtpfwd_srtp_alloc(cfg, RTPFWD_SRTP_ENCRYPT(i), &rule->outputs[i].encrypt))
			goto err;
		if (rule->outputs[i].encrypt)
			rule->srtp_growth = max_t(u8, rule->srtp_growth,
						  rtpfwd_srtp_growth(rule->outputs[i].encrypt));
	}
	if (rtpfwd_srtp_alloc(cfg, RTPFWD_SRTP_DECRYPT, &rule->decrypt))
		goto err;
	return rule;

err:
	rtpfwd_rule_free(rule, false);
	return NULL;
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
 * @cfg: the rule; checked here (rtpfwd_rule_cfg_validate())
 * @create: create the rule if there is none (NLM_F_CREATE)
 * @excl: fail with -EEXIST if there is one (NLM_F_EXCL)
 * @replace: replace an existing rule, keeping its counters (NLM_F_REPLACE)
 * @extack: where to explain a rejection
 *
 * A replaced rule is retired: call rtpfwd_rules_sync() before telling
 * anyone it is gone.
 *
 * Return: 0, -EINVAL (not a valid rule), -EEXIST, -ENOENT (also: the table
 * was deleted), -ENOSPC when the table or the namespace is full, -ENOMEM.
 * Nothing changes on error.
 */
int rtpfwd_rule_add(struct rtpfwd_table *table, const struct rtpfwd_rule_cfg *cfg,
		    bool create, bool excl, bool replace, struct netlink_ext_ack *extack)
{
	struct rtpfwd_rule *rule, *old;
	int err;

	err = rtpfwd_rule_cfg_validate(cfg, extack);
	if (err)
		return err;
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
		if (rtpfwd_rtp_compatible(old->rtp, cfg)) {
			rule->rtp = old->rtp;
		} else if (cfg->flags & RTPFWD_RULE_F_RTP) {
			rule->rtp = rtpfwd_rtp_alloc(cfg);
			if (!rule->rtp) {
				err = -ENOMEM;
				goto err_unlock;
			}
		}
		/* The new rule takes the counters over; in-flight readers of
		 * the old one still count into them, which is right.
		 */
		err = rtpfwd_rule_pcpu_alloc(rule, old);
		if (!err)
			err = rhashtable_replace_fast(&table->rules, &old->node, &rule->node,
						      rtpfwd_rule_params);
		if (err) {
			rtpfwd_rule_stats_disown(rule);
			if (rule->rtp == old->rtp)
				rule->rtp = NULL;
			goto err_unlock;
		}
		old->rtp_handed_over = rule->rtp == old->rtp;
		old->stats_handed_over = true;
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
		err = rtpfwd_rule_pcpu_alloc(rule, NULL);
		if (err)
			goto err_unlock;
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
	rtpfwd_table_changed(table);
	rtpfwd_event_send(RTPFWD_EVENT_RULE_NEW, table, &cfg->local, !!old);
	if (old)
		rtpfwd_rule_retire(table, old);
	mutex_unlock(&table->rules_lock);
	return 0;

err_unlock:
	mutex_unlock(&table->rules_lock);
	rtpfwd_rule_free(rule, false);
	return err;
}

/**
 * rtpfwd_rule_del() - delete the rule for @local from @table
 * @table: the table
 * @local: the rule's local endpoint
 * @extack: where to explain a rejection
 *
 * The rule is retired: call rtpfwd_rules_sync() before telling anyone it is
 * gone.
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
		rtpfwd_table_changed(table);
		rtpfwd_event_send(RTPFWD_EVENT_RULE_DEL, table, local, false);
		rtpfwd_rule_retire(table, rule);
		err = 0;
	}
	mutex_unlock(&table->rules_lock);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "no rule for this local endpoint");
	return err;
}
