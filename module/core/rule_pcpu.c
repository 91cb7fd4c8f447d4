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
 * The block is allocated under the table's lock, once it is known whether
 * the rule replaces one. The counters survive a replace: the new rule
 * takes @stats and the block that holds them (@stats_block) over, and its
 * own block has no room for counters; the old rule, once freed, leaves
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

/**
 * rtpfwd_rule_pcpu_alloc() - allocate @rule's per-CPU block
 * @rule: a rule being built, its outputs set: their routes are set here
 * @old: the rule it replaces, whose counters it takes over, or NULL: a
 *       rule created, with counters of its own in its block
 *
 * A replacement of no outputs needs no block (a per-CPU area of size 0
 * would be refused with a warning on 64-bit kernels). If the replacement
 * does not happen after all, rtpfwd_rule_stats_disown() before freeing it.
 * Return: 0 or -ENOMEM. Context: the table's rules_lock held, may sleep.
 */
int rtpfwd_rule_pcpu_alloc(struct rtpfwd_rule *rule, const struct rtpfwd_rule *old)
{
	unsigned int i, n = rule->num_outputs;
	size_t out_off, route_off, size;
	int cpu;

	size = rtpfwd_rule_pcpu_layout(n, !old, &out_off, &route_off);
	if (size) {
		rule->pcpu = __alloc_percpu_gfp(size, RTPFWD_PCPU_ALIGN, GFP_KERNEL_ACCOUNT);
		if (!rule->pcpu)
			return -ENOMEM;
	}
	if (old) {
		rule->stats = old->stats;
		rule->stats_block = old->stats_block;
		rule->stats_block_outputs = old->stats_block_outputs;
	} else {
		rule->stats = rule->pcpu;
		rule->stats_block = rule->pcpu;
		rule->stats_block_outputs = n;
		for_each_possible_cpu(cpu)
			u64_stats_init(&per_cpu_ptr(rule->stats, cpu)->syncp);
	}
	if (!n)
		return 0;
	rule->out_stats = rtpfwd_pcpu_at(rule->pcpu, out_off);
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rule->out_stats, cpu)->syncp);
	for (i = 0; i < n; i++)
		rule->outputs[i].route = rtpfwd_pcpu_at(rule->pcpu, route_off +
							i * sizeof(struct rtpfwd_route_cache));
	return 0;
}

/**
 * rtpfwd_rule_stats_disown() - @rule did not replace the rule it was to
 * @rule: a replacement never published
 *
 * The counters it was to take over stay the old rule's: freeing @rule
 * then frees its own block only.
 */
void rtpfwd_rule_stats_disown(struct rtpfwd_rule *rule)
{
	rule->stats = NULL;
	rule->stats_block = NULL;
}

/* Releases the routes in a block of a rule of @n outputs, then frees it. */
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
 *
 * A rule's own block holds counters exactly when it is @stats_block (a
 * created rule's); a replacement's own block never does.
 */
void rtpfwd_rule_pcpu_free(struct rtpfwd_rule *rule, bool keep_stats)
{
	if (rule->pcpu != rule->stats_block)
		rtpfwd_pcpu_block_free(rule->pcpu, rule->num_outputs, false);
	if (!keep_stats)
		rtpfwd_pcpu_block_free(rule->stats_block, rule->stats_block_outputs, true);
}
