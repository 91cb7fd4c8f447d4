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
 * whatever else is added or deleted meanwhile, with two exceptions the
 * cursor reports (@restarted: a dump marks itself interrupted):
 * - the table is resized under the walk: it starts over in the new table,
 *   so rules seen before are seen once more (a resize noticed on resuming
 *   too: rhashtable_walk_start() would drop that -EAGAIN);
 * - the rule the walk stopped at was deleted or replaced while it was
 *   stopped: the walker cannot find its place in the bucket and goes on by
 *   its count of rules there, which may skip a rule or repeat one.
 * Other changes, even in the same bucket, do not disturb it: rules are
 * inserted at a bucket's head, and the place is found again by the rule.
 */

/* Resume the walk (enters RCU); note a restart or a lost place. */
static void rtpfwd_rule_cursor_resume(struct rtpfwd_rule_cursor *cur)
	__acquires(RCU)
{
	bool placed = cur->iter.p;	/* stopped at a rule, not a bucket's end */

	if (rhashtable_walk_start_check(&cur->iter) == -EAGAIN || (placed && !cur->iter.p))
		cur->restarted = true;
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
		if (!IS_ERR(rule))
			return rule;
		if (PTR_ERR(rule) != -EAGAIN)
			return NULL;
		cur->restarted = true;	/* resized: the walk starts over */
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
	/*
	 * Past the rule peeked at. At the end of a table being resized the
	 * walk moves on to the new table from its first bucket (-EAGAIN, the
	 * walker already repositioned): a restart too, and the only word of
	 * it, as the peek that follows finds the new table's first rule.
	 */
	if (PTR_ERR_OR_ZERO(rhashtable_walk_next(&cur->iter)) == -EAGAIN)
		cur->restarted = true;
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
