// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd rule cursors: the one walk over a table's rules, for every reader
 * that goes through a whole table (/proc list and blist, generic netlink
 * dumps, resetting a table's counters).
 */
#include <linux/rhashtable.h>
#include <linux/sched.h>

#include "rule.h"

/*
 * Cursors: resumable walks over a table's rules for readers that read a
 * little at a time (one seq_file buffer, one blist record, one netlink dump
 * message) and must not hold the RCU read lock, nor memory, in proportion
 * to the table. The rhashtable walker stays registered with the table
 * between reads; on resuming it finds its place again
 * (rhashtable_walk_start_check() checks that the rule it was at is still in
 * its bucket). Every rule present throughout a walk is seen exactly once,
 * whatever else is added or deleted meanwhile: rules are inserted at a
 * bucket's head, and the place is found again by the rule. Two exceptions
 * the cursor reports (@restarted: a dump marks itself interrupted):
 * - the table is resized under the walk: it starts over in the new table,
 *   so rules seen before are seen once more (a resize noticed on resuming
 *   too: rhashtable_walk_start() would drop that -EAGAIN);
 * - the rule the walk stopped at was deleted or replaced while it was
 *   stopped, in a bucket of more than RTPFWD_CURSOR_HAD rules the reader
 *   had: the walker cannot find its place and goes on by its count of rules
 *   there, which may skip a rule or repeat one.
 * In a smaller bucket (they rarely hold more than two) the cursor finds its
 * place another way: it remembers the keys of the rules of the current
 * bucket the reader has had, walks that bucket again from its head and
 * passes over those. What it then meets is new (added during the walk:
 * listing it or not is equally right) or not yet had; a rule replaced after
 * it was had is new, with a key already listed: passed over. On a live
 * proxy the rule a read stops at is one of those that come and go often
 * enough that a dump of 20,000 rules under churn lost its place in about
 * one try in six: three tries in a row were seen to fail.
 */

/* Resume the walk (enters RCU); note a restart, find a lost place again. */
static void rtpfwd_rule_cursor_resume(struct rtpfwd_rule_cursor *cur)
	__acquires(RCU)
{
	bool placed = cur->iter.p;	/* stopped at a rule, not a bucket's end */

	if (rhashtable_walk_start_check(&cur->iter) == -EAGAIN) {
		cur->restarted = true;
		return;
	}
	if (!placed || cur->iter.p)
		return;
	if (cur->slot != cur->iter.slot)
		cur->nhad = 0;		/* none of this bucket had yet */
	if (cur->nhad > RTPFWD_CURSOR_HAD) {
		cur->restarted = true;	/* went on by count */
		return;
	}
	/*
	 * The walker lost the rule it stopped at and kept only its position
	 * in the bucket; from the bucket's head instead (the walker's own
	 * next lookup of a position, with nothing to skip), passing over
	 * what was had.
	 */
	cur->slot = cur->iter.slot;
	cur->iter.skip = 0;
	cur->refinding = true;
}

/* Whether the reader has had @rule in the bucket being walked again. */
static bool rtpfwd_rule_cursor_had(const struct rtpfwd_rule_cursor *cur,
				   const struct rtpfwd_rule *rule)
{
	unsigned int i;

	for (i = 0; i < cur->nhad; i++)
		if (!memcmp(&cur->had[i], &rule->local, sizeof(rule->local)))
			return true;
	return false;
}

/* The reader has had @rule: remember its key while its bucket is walked. */
static void rtpfwd_rule_cursor_pass(struct rtpfwd_rule_cursor *cur,
				    const struct rtpfwd_rule *rule)
{
	if (cur->slot != cur->iter.slot) {
		cur->slot = cur->iter.slot;
		cur->nhad = 0;
		cur->refinding = false;
	}
	if (cur->nhad < RTPFWD_CURSOR_HAD)
		cur->had[cur->nhad] = rule->local;
	if (cur->nhad <= RTPFWD_CURSOR_HAD)
		cur->nhad++;
}

/**
 * rtpfwd_rule_cursor_init() - a cursor at the first rule of @table
 * @cur: the cursor
 * @table: the table; must outlive the cursor (hold a reference)
 */
void rtpfwd_rule_cursor_init(struct rtpfwd_rule_cursor *cur, struct rtpfwd_table *table)
{
	cur->ht = &table->rules;
	cur->pos = 0;
	cur->nhad = 0;
	cur->refinding = false;
	cur->restarted = false;
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

	for (;;) {
		rule = rhashtable_walk_peek(&cur->iter);
		if (IS_ERR(rule)) {
			if (PTR_ERR(rule) != -EAGAIN)
				return NULL;
			cur->restarted = true;	/* resized: the walk starts over */
			cur->refinding = false;
			continue;
		}
		if (!rule || !cur->refinding || cur->slot != cur->iter.slot ||
		    !rtpfwd_rule_cursor_had(cur, rule)) {
			cur->refinding = cur->refinding && rule && cur->slot == cur->iter.slot;
			return rule;
		}
		/* had before the place was lost: not again */
		if (PTR_ERR_OR_ZERO(rhashtable_walk_next(&cur->iter)) == -EAGAIN) {
			cur->restarted = true;
			cur->refinding = false;
		}
	}
}

/**
 * rtpfwd_rule_cursor_next() - move to the next rule
 * @cur: the cursor, started
 *
 * Return: that rule, or NULL at the end of the table.
 */
struct rtpfwd_rule *rtpfwd_rule_cursor_next(struct rtpfwd_rule_cursor *cur)
{
	struct rtpfwd_rule *had = rhashtable_walk_peek(&cur->iter);

	if (!IS_ERR_OR_NULL(had))
		rtpfwd_rule_cursor_pass(cur, had);
	/*
	 * Past the rule peeked at. At the end of a table being resized the
	 * walk moves on to the new table from its first bucket (-EAGAIN, the
	 * walker already repositioned): a restart too, and the only word of
	 * it, as the peek that follows finds the new table's first rule.
	 */
	if (PTR_ERR_OR_ZERO(rhashtable_walk_next(&cur->iter)) == -EAGAIN) {
		cur->restarted = true;
		cur->refinding = false;
	}
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
		cur->nhad = 0;
		cur->refinding = false;
	}
	rtpfwd_rule_cursor_resume(cur);
	rule = rtpfwd_rule_cursor_peek(cur);
	while (rule && cur->pos < pos) {
		rule = rtpfwd_rule_cursor_next(cur);
		if (!(cur->pos & 1023)) {
			rhashtable_walk_stop(&cur->iter);
			cond_resched();
			rtpfwd_rule_cursor_resume(cur);
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
