// SPDX-License-Identifier: GPL-2.0-only
/*
 * A rule's per-CPU memory, in one allocation per rule:
 *
 *   [struct rtpfwd_stats]           a created rule's counters (not in a
 *                                   replacement's block: it inherits them)
 *   [struct rtpfwd_out_stats + n]   its outputs' counters
 *   [struct rtpfwd_route_cache x n] its outputs' routes
 *
 * Per-CPU allocations were the largest cost of adding a rule (three per
 * rule of one output, each a bitmap search under the allocator's global
 * lock with interrupts off, then zeroed on every CPU): a busy proxy adds
 * thousands of rules per second and restores a million on restart.
 *
 * The counters survive a replace: the new rule takes @stats and the block
 * that holds them (@stats_block) over, and the old rule, once freed, leaves
 * that block alone, routes included: whoever frees a block releases the
 * routes in it. (The two rules are freed by workers after their own grace
 * periods, in no set order: the old rule must not touch a block its
 * successor may have freed already.) The routes cached in it stay held
 * until then, at most one block's per chain of replacements.
 */
#include <linux/align.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include "rule.h"

#define RTPFWD_PCPU_ALIGN	max3(__alignof__(struct rtpfwd_stats),		\
				     __alignof__(struct rtpfwd_out_stats),	\
				     __alignof__(struct rtpfwd_route_cache))

/* Where a block's parts are, for a rule of @n outputs; its size. */
static size_t rtpfwd_rule_pcpu_layout(unsigned int n, bool with_stats,
				      size_t *out_off, size_t *route_off)
{
	const struct rtpfwd_out_stats *outs = NULL;
	size_t size = with_stats ? sizeof(struct rtpfwd_stats) : 0;

	*out_off = ALIGN(size, __alignof__(struct rtpfwd_out_stats));
	if (n)
		size = *out_off + struct_size(outs, out, n);
	*route_off = ALIGN(size, __alignof__(struct rtpfwd_route_cache));
	if (n)
		size = *route_off + n * sizeof(struct rtpfwd_route_cache);
	return size;
}

static void __percpu *rtpfwd_pcpu_at(void __percpu *block, size_t off)
{
	return (u8 __percpu *)block + off;
}

static void rtpfwd_stats_init(struct rtpfwd_stats __percpu *stats)
{
	int cpu;

	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
}

/**
 * rtpfwd_rule_pcpu_alloc() - allocate @rule's per-CPU block
 * @rule: a rule being built: its outputs' routes are set here
 * @num_outputs: its outputs
 * @with_stats: room for its own counters (a rule created, not a replacement)
 *
 * A rule of no outputs that inherits its counters needs none (a per-CPU
 * area of size 0 would be refused with a warning on 64-bit kernels).
 * Return: 0 or -ENOMEM. Context: process, may sleep.
 */
int rtpfwd_rule_pcpu_alloc(struct rtpfwd_rule *rule, unsigned int num_outputs, bool with_stats)
{
	size_t out_off, route_off, size;
	unsigned int i;
	int cpu;

	size = rtpfwd_rule_pcpu_layout(num_outputs, with_stats, &out_off, &route_off);
	if (!size)
		return 0;
	rule->pcpu = __alloc_percpu_gfp(size, RTPFWD_PCPU_ALIGN, GFP_KERNEL_ACCOUNT);
	if (!rule->pcpu)
		return -ENOMEM;
	rule->pcpu_outputs = num_outputs;
	rule->pcpu_has_stats = with_stats;
	if (with_stats) {
		rtpfwd_rule_stats_disinherit(rule);	/* its own */
		rtpfwd_stats_init(rule->stats);
	}
	if (!num_outputs)
		return 0;
	rule->out_stats = rtpfwd_pcpu_at(rule->pcpu, out_off);
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rule->out_stats, cpu)->syncp);
	for (i = 0; i < num_outputs; i++)
		rule->outputs[i].route = rtpfwd_pcpu_at(rule->pcpu, route_off +
							i * sizeof(struct rtpfwd_route_cache));
	return 0;
}

/**
 * rtpfwd_rule_stats_alloc() - counters of their own for @rule
 * @rule: a rule whose block was allocated without them (it was expected to
 *        replace one, and did not)
 *
 * Return: 0 or -ENOMEM. Context: process, may sleep.
 */
int rtpfwd_rule_stats_alloc(struct rtpfwd_rule *rule)
{
	rule->stats = alloc_percpu_gfp(struct rtpfwd_stats, GFP_KERNEL_ACCOUNT);
	if (!rule->stats)
		return -ENOMEM;
	rule->stats_block = rule->stats;
	rule->stats_block_outputs = 0;
	rtpfwd_stats_init(rule->stats);
	return 0;
}

/**
 * rtpfwd_rule_stats_inherit() - @rule replaces @old: it takes its counters
 * @rule: the replacement, not published yet
 * @old: the rule it replaces
 *
 * Context: the table's rules_lock held.
 */
void rtpfwd_rule_stats_inherit(struct rtpfwd_rule *rule, const struct rtpfwd_rule *old)
{
	rule->stats = old->stats;
	rule->stats_block = old->stats_block;
	rule->stats_block_outputs = old->stats_block_outputs;
}

/**
 * rtpfwd_rule_stats_disinherit() - @rule's counters are its own block's again
 * @rule: a rule whose replacement did not happen (or one being built)
 *
 * Its own, or none if its block has no room for them.
 */
void rtpfwd_rule_stats_disinherit(struct rtpfwd_rule *rule)
{
	if (rule->pcpu_has_stats) {
		rule->stats = rule->pcpu;
		rule->stats_block = rule->pcpu;
		rule->stats_block_outputs = rule->pcpu_outputs;
	} else {
		rule->stats = NULL;
		rule->stats_block = NULL;
		rule->stats_block_outputs = 0;
	}
}

/* Releases the routes in a block of @n outputs, then frees it. */
static void rtpfwd_pcpu_block_free(void __percpu *block, unsigned int n, bool with_stats)
{
	size_t out_off, route_off;
	unsigned int i;
	int cpu;

	if (!block)
		return;
	rtpfwd_rule_pcpu_layout(n, with_stats, &out_off, &route_off);
	for_each_possible_cpu(cpu) {
		struct rtpfwd_route_cache *c = per_cpu_ptr(rtpfwd_pcpu_at(block, route_off), cpu);

		for (i = 0; i < n; i++)
			dst_release(c[i].dst);
	}
	free_percpu(block);
}

/**
 * rtpfwd_rule_pcpu_free() - free @rule's per-CPU memory
 * @rule: a rule no packet uses any more
 * @keep_stats: its counters were handed to the rule that replaced it: the
 *              block that holds them is that rule's to free
 */
void rtpfwd_rule_pcpu_free(struct rtpfwd_rule *rule, bool keep_stats)
{
	if (rule->pcpu != rule->stats_block)
		rtpfwd_pcpu_block_free(rule->pcpu, rule->pcpu_outputs, rule->pcpu_has_stats);
	if (!keep_stats)
		rtpfwd_pcpu_block_free(rule->stats_block, rule->stats_block_outputs, true);
}
