/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An output's route, per CPU: held while cached, revalidated on every use
 * (dst_check(): a route change or a device going away makes it obsolete),
 * released when its rule is freed (rule_pcpu.c). What a dst_cache does,
 * but living in the rule's one per-CPU block instead of an allocation of
 * its own: a per-CPU allocation (a bitmap search under a global lock, with
 * interrupts off) cost more than the rest of a rule's creation together.
 */
#ifndef _RTPFWD_ROUTE_CACHE_H
#define _RTPFWD_ROUTE_CACHE_H

#include <linux/percpu.h>
#include <net/dst.h>

struct rtpfwd_route_cache {
	struct dst_entry	*dst;
	u32			cookie;		/* IPv6: the route's; IPv4: 0 */
};

/* This CPU's route, held; NULL if there is none or it went stale. BHs off. */
static inline struct dst_entry *rtpfwd_route_get(struct rtpfwd_route_cache __percpu *pc)
{
	struct rtpfwd_route_cache *c = this_cpu_ptr(pc);
	struct dst_entry *dst = c->dst;

	if (!dst)
		return NULL;
	if (unlikely(!dst_check(dst, c->cookie))) {
		c->dst = NULL;
		dst_release(dst);
		return NULL;
	}
	dst_hold(dst);
	return dst;
}

/* Caches @dst (the caller's reference stays the caller's). BHs off. */
static inline void rtpfwd_route_set(struct rtpfwd_route_cache __percpu *pc,
				    struct dst_entry *dst, u32 cookie)
{
	struct rtpfwd_route_cache *c = this_cpu_ptr(pc);

	dst_hold(dst);
	dst_release(c->dst);
	c->dst = dst;
	c->cookie = cookie;
}

#endif /* _RTPFWD_ROUTE_CACHE_H */
