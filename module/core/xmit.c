// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sending a forwarded datagram: per output, a route from the output's
 * per-CPU route cache (route_cache.h), the path MTU check, then the IP and UDP headers
 * rewritten in place (bridged to the other family first if the output is
 * of it), incremental checksum, ip(6)_local_out in the rule's namespace
 * (from the ingress hook: straight to the neighbour, xmit_direct.c).
 *
 * The TTL / hop limit is the received one minus one, as a router's: a
 * datagram caught in a loop (an output that reaches its own rule, two
 * proxies forwarding to each other) dies after at most 255 hops instead of
 * circulating in softirq forever (forward.c drops it at 1).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "bridge.h"
#include "xmit.h"

/*
 * The route of @out, held, from its per-CPU cache; the flow is built only
 * on a miss (the first packet per CPU, or after a route change).
 * Context: BHs off.
 */
static struct dst_entry *rtpfwd_route4(struct net *net, struct rtpfwd_output *out)
{
	const struct rtpfwd_output_cfg *cfg = &out->cfg;
	struct flowi4 fl4;
	struct dst_entry *dst;
	struct rtable *rt;

	dst = rtpfwd_route_get(out->route);
	if (dst)
		return dst;
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = cfg->dst.addr.v4;
	fl4.saddr = cfg->src.addr.v4;
	fl4.flowi4_proto = IPPROTO_UDP;
	fl4.flowi4_tos = RT_TOS(cfg->tos);
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return ERR_CAST(rt);
	rtpfwd_route_set(out->route, &rt->dst, 0);
	return &rt->dst;
}

static struct dst_entry *rtpfwd_route6(struct net *net, struct rtpfwd_output *out)
{
	const struct rtpfwd_output_cfg *cfg = &out->cfg;
	struct dst_entry *dst;
	struct flowi6 fl6;
	int err;

	dst = rtpfwd_route_get(out->route);
	if (dst)
		return dst;
	memset(&fl6, 0, sizeof(fl6));
	fl6.daddr = cfg->dst.addr.v6;
	fl6.saddr = cfg->src.addr.v6;
	fl6.flowi6_proto = IPPROTO_UDP;
	dst = ip6_route_output(net, NULL, &fl6);
	err = dst->error;
	if (err) {
		dst_release(dst);
		return ERR_PTR(err);
	}
	rtpfwd_route_set(out->route, dst, rt6_get_cookie(dst_rt6_info(dst)));
	return dst;
}

/* Whether a datagram of @payload_len bytes leaves @out in one piece. */
static bool rtpfwd_fits(const struct rtpfwd_output *out, const struct dst_entry *dst,
			const struct rtpfwd_pkt *pkt, unsigned int payload_len)
{
	unsigned int len = payload_len + sizeof(struct udphdr);

	if (out->cfg.dst.family == AF_INET) {
		/* without DF, ip_output() fragments, as for any local sender */
		if (pkt->dst.family == AF_INET && !pkt->df)
			return true;
		len += sizeof(struct iphdr);	/* bridged from IPv6: DF (bridge.c) */
	} else {
		len += sizeof(struct ipv6hdr);	/* nobody on the way fragments IPv6 */
	}
	return len <= dst_mtu(dst);
}

/**
 * rtpfwd_routes() - the route of every output of @rule, checked against the MTU
 * @net: the rule's namespace
 * @rule: the rule
 * @pkt: the datagram (its family and DF bit)
 * @payload_len: the largest UDP payload that will be sent (a GSO batch's
 *	segment size)
 * @dsts: the routes, held, by output; NULL where an output has none. NULL:
 *	only check, hold nothing (a GSO batch, whose segments route again),
 *	so that the caller needs no array of RTPFWD_OUTPUTS_MAX pointers
 *
 * Return: 0, or -EMSGSIZE (nothing held) if a datagram would exceed an
 * output's path MTU and could not be fragmented on the way: the caller
 * hands it to the local socket, whose owner can fragment or drop it.
 * Context: BHs off.
 */
int rtpfwd_routes(struct net *net, struct rtpfwd_rule *rule, const struct rtpfwd_pkt *pkt,
		  unsigned int payload_len, struct dst_entry **dsts)
{
	unsigned int i;

	for (i = 0; i < rule->num_outputs; i++) {
		struct rtpfwd_output *out = &rule->outputs[i];
		struct dst_entry *dst = out->cfg.dst.family == AF_INET ? rtpfwd_route4(net, out) :
								      rtpfwd_route6(net, out);

		if (IS_ERR(dst))
			dst = NULL;
		if (dst && !rtpfwd_fits(out, dst, pkt, payload_len)) {
			dst_release(dst);
			while (dsts && i--)
				dst_release(dsts[i]);
			return -EMSGSIZE;
		}
		if (dsts)
			dsts[i] = dst;
		else
			dst_release(dst);
	}
	return 0;
}

/*
 * Clear what the packet carried in from its first life, as skb_scrub_packet()
 * does across namespaces: a stale mark, priority or timestamp makes CNI
 * plugins and qdiscs treat the forwarded packet as something it is not, and
 * a socket an early demux attached at input is not the sender.
 */
static void rtpfwd_scrub(struct sk_buff *skb)
{
	skb_orphan(skb);
	skb_scrub_packet(skb, true);
	skb->priority = 0;
	skb_set_queue_mapping(skb, 0);
	/* a receive-side full checksum no longer matches the rewritten headers */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

/*
 * The output's ports, and the UDP checksum with them (incrementally: a
 * corrupted payload stays detectably corrupted) unless @csum is false (an
 * IPv4 datagram sent without checksum).
 */
static void rtpfwd_rewrite_ports(struct sk_buff *skb, struct udphdr *uh,
				 const struct rtpfwd_output_cfg *cfg, bool csum)
{
	if (csum) {
		inet_proto_csum_replace2(&uh->check, skb, uh->source, cfg->src.port, false);
		inet_proto_csum_replace2(&uh->check, skb, uh->dest, cfg->dst.port, false);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
	}
	uh->source = cfg->src.port;
	uh->dest = cfg->dst.port;
}

/* Rewrite the IPv4 and UDP headers for @cfg and send. Consumes @skb and @dst. */
static int rtpfwd_xmit4(struct net *net, const struct rtpfwd_output_cfg *cfg,
			struct dst_entry *dst, struct sk_buff *skb, u8 ttl, bool csum,
			bool ingress)
{
	struct iphdr *iph = ip_hdr(skb);
	struct udphdr *uh = (struct udphdr *)(iph + 1);

	if (csum) {
		inet_proto_csum_replace4(&uh->check, skb, iph->saddr, cfg->src.addr.v4, true);
		inet_proto_csum_replace4(&uh->check, skb, iph->daddr, cfg->dst.addr.v4, true);
	}
	rtpfwd_rewrite_ports(skb, uh, cfg, csum);
	iph->saddr = cfg->src.addr.v4;
	iph->daddr = cfg->dst.addr.v4;
	iph->tos = cfg->tos;
	iph->ttl = ttl;

	rtpfwd_scrub(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));	/* input options are not ours */
	skb_dst_set(skb, dst);
	skb->protocol = htons(ETH_P_IP);
	/* ip_local_out() recomputes the header checksum, as does the direct way */
	if (ingress)
		return rtpfwd_direct_out4(net, skb);
	return ip_local_out(net, NULL, skb);
}

/* Rewrite the IPv6 and UDP headers for @cfg and send. Consumes @skb and @dst. */
static int rtpfwd_xmit6(struct net *net, const struct rtpfwd_output_cfg *cfg,
			struct dst_entry *dst, struct sk_buff *skb, u8 hop_limit,
			bool ingress)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct udphdr *uh = (struct udphdr *)(ip6h + 1);

	inet_proto_csum_replace16(&uh->check, skb, ip6h->saddr.s6_addr32,
				  cfg->src.addr.v6.s6_addr32, true);
	inet_proto_csum_replace16(&uh->check, skb, ip6h->daddr.s6_addr32,
				  cfg->dst.addr.v6.s6_addr32, true);
	rtpfwd_rewrite_ports(skb, uh, cfg, true);	/* IPv6 UDP always has one */
	ip6h->saddr = cfg->src.addr.v6;
	ip6h->daddr = cfg->dst.addr.v6;
	ip6_flow_hdr(ip6h, cfg->tos, 0);
	ip6h->hop_limit = hop_limit;

	rtpfwd_scrub(skb);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb_dst_set(skb, dst);
	skb->protocol = htons(ETH_P_IPV6);
	if (ingress)
		return rtpfwd_direct_out6(net, skb);
	return ip6_local_out(net, NULL, skb);
}

/**
 * rtpfwd_xmit() - send @skb to @out
 * @net: the rule's namespace
 * @out: the output
 * @dst: its route from rtpfwd_routes(), held
 * @skb: the datagram (the original or a copy), at the network header
 * @pkt: what parsing found out about it; @pkt->ttl > 1
 *
 * Consumes @skb and @dst.
 * Return: 0 when it left (or was only congested), else < 0.
 */
int rtpfwd_xmit(struct net *net, const struct rtpfwd_output *out, struct dst_entry *dst,
		struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	const unsigned int l4end = pkt->l4off + sizeof(struct udphdr);
	struct udphdr *uh;
	bool csum;
	int err;

	/* A clone's header is shared with someone else: copy before writing. */
	if (skb_ensure_writable(skb, skb_network_offset(skb) + l4end)) {
		err = -ENOMEM;
		goto drop;
	}
	uh = (struct udphdr *)(skb_network_header(skb) + pkt->l4off);
	csum = pkt->dst.family == AF_INET6 || uh->check || skb->ip_summed == CHECKSUM_PARTIAL;
	if (out->cfg.dst.family != pkt->dst.family) {
		err = pkt->dst.family == AF_INET ? rtpfwd_bridge4to6(skb, pkt, csum) :
						   rtpfwd_bridge6to4(skb, pkt);
		if (err)
			goto drop;
		csum = true;	/* bridge4to6 added one if there was none */
	}
	if (out->cfg.dst.family == AF_INET)
		err = rtpfwd_xmit4(net, &out->cfg, dst, skb, pkt->ttl - 1, csum, pkt->ingress);
	else
		err = rtpfwd_xmit6(net, &out->cfg, dst, skb, pkt->ttl - 1, pkt->ingress);
	/* net_xmit_eval() evaluates its argument twice: never pass it a call */
	return net_xmit_eval(err);

drop:
	dst_release(dst);
	kfree_skb(skb);
	return err;
}

/*
 * The UDP payload of @pkt changed length to @payload_len (SRTP took its
 * trailer off or added one): trim the skb, set the UDP and IP lengths and
 * compute the UDP checksum afresh, in software (the payload changed too, so
 * neither a received checksum nor an incremental update would be right).
 * The header is writable (srtp.c made the whole datagram so).
 */
int rtpfwd_udp_resized(struct sk_buff *skb, struct rtpfwd_pkt *pkt, unsigned int payload_len)
{
	unsigned int l4 = skb_network_offset(skb) + pkt->l4off;
	unsigned int ulen = sizeof(struct udphdr) + payload_len;
	struct udphdr *uh;
	__wsum csum;

	if (pskb_trim(skb, pkt->payload_off + payload_len))
		return -ENOMEM;
	pkt->payload_len = payload_len;
	uh = (struct udphdr *)(skb->data + l4);
	uh->len = htons(ulen);
	uh->check = 0;
	csum = skb_checksum(skb, l4, ulen, 0);
	if (pkt->dst.family == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(pkt->l4off + ulen);
		ip_send_check(iph);
		uh->check = csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, IPPROTO_UDP, csum);
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = htons(ulen);
		uh->check = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, ulen, IPPROTO_UDP, csum);
	}
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}
