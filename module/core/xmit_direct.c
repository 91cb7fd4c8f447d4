// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ingress hook's way out: a datagram taken before the IP stack
 * (ingress.c) and rewritten by xmit.c goes straight to the neighbour of its
 * route's device, as nf_flowtable's fast path does, instead of through
 * ip_local_out(): no OUTPUT or POSTROUTING hook, no conntrack, no IP
 * statistics. What the fast path cannot carry takes ip(6)_local_out() as
 * from the other hooks: a local or loopback route, a non-unicast one,
 * IPsec, a lightweight tunnel or a VRF, a device that is down, and an IPv4
 * datagram that has to be fragmented.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/l3mdev.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "xmit.h"

/*
 * Whether a datagram may leave on @dst's device without the IP stack's output
 * path. Its size was checked against the path MTU already (xmit.c,
 * rtpfwd_routes()), but for IPv4 without DF, which only ip_output() fragments.
 */
static bool rtpfwd_direct_ok(const struct dst_entry *dst)
{
	const struct net_device *dev = dst->dev;

	return !(dev->flags & IFF_LOOPBACK) && netif_running(dev) &&
	       !netif_is_l3_master(dev) && !dst_xfrm(dst) && !dst->lwtstate;
}

/* Room for the device's link-layer header, then to the neighbour. Consumes @skb. */
static int rtpfwd_neigh_out(int table, struct net_device *dev, const void *nexthop,
			    struct sk_buff *skb)
{
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev))) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb->dev = dev;
	return neigh_xmit(table, dev, nexthop, skb);
}

/**
 * rtpfwd_direct_out4() - send a rewritten IPv4 datagram from the ingress hook
 * @net: the rule's namespace
 * @skb: the datagram, its route set (xmit.c), its header checksum not yet
 *
 * Consumes @skb. Return: as ip_local_out().
 */
int rtpfwd_direct_out4(struct net *net, struct sk_buff *skb)
{
	const struct rtable *rt = skb_rtable(skb);
	__be32 nexthop;

	if (rt->rt_type != RTN_UNICAST || rt->rt_gw_family == AF_INET6 ||
	    !rtpfwd_direct_ok(&rt->dst) ||
	    (!(ip_hdr(skb)->frag_off & htons(IP_DF)) && skb->len > dst_mtu(&rt->dst)))
		return ip_local_out(net, NULL, skb);
	ip_send_check(ip_hdr(skb));
	nexthop = rt_nexthop(rt, ip_hdr(skb)->daddr);
	return rtpfwd_neigh_out(NEIGH_ARP_TABLE, rt->dst.dev, &nexthop, skb);
}

/**
 * rtpfwd_direct_out6() - send a rewritten IPv6 datagram from the ingress hook
 * @net: the rule's namespace
 * @skb: the datagram, its route set (xmit.c)
 *
 * Consumes @skb. Return: as ip6_local_out().
 */
int rtpfwd_direct_out6(struct net *net, struct sk_buff *skb)
{
	const struct rt6_info *rt = container_of(skb_dst(skb), struct rt6_info, dst);
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	if ((rt->rt6i_flags & (RTF_LOCAL | RTF_ANYCAST | RTF_REJECT)) ||
	    ipv6_addr_is_multicast(&ip6h->daddr) || !rtpfwd_direct_ok(&rt->dst))
		return ip6_local_out(net, NULL, skb);
	return rtpfwd_neigh_out(NEIGH_ND_TABLE, rt->dst.dev,
				rt6_nexthop(rt, &ip6h->daddr), skb);
}
