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
 * that holds them (@stats_block) over; the old rule, once freed, releases
 * its routes but leaves that block to its successor.
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
	if (with_stats) {
		rule->stats = rule->pcpu;
		rule->stats_block = rule->pcpu;
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
	rtpfwd_stats_init(rule->stats);
	return 0;
}

/**
 * rtpfwd_rule_pcpu_free() - release @rule's routes and per-CPU memory
 * @rule: a rule no packet uses any more
 * @keep_stats: its counters were handed to the rule that replaced it: the
 *              block that holds them is that rule's to free now
 */
void rtpfwd_rule_pcpu_free(struct rtpfwd_rule *rule, bool keep_stats)
{
	unsigned int i;
	int cpu;

	for (i = 0; i < rule->num_outputs && rule->outputs[i].route; i++) {
		for_each_possible_cpu(cpu) {
			struct rtpfwd_route_cache *c = per_cpu_ptr(rule->outputs[i].route, cpu);

			dst_release(c->dst);
			c->dst = NULL;
		}
	}
	if (!keep_stats)
		free_percpu(rule->stats_block);
	if (rule->pcpu != rule->stats_block)
		free_percpu(rule->pcpu);
}
