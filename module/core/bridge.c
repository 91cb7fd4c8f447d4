// SPDX-License-Identifier: GPL-2.0-only
/*
 * IPv4<->IPv6 bridging only changes the network header's format, with
 * placeholder addresses chosen so that the UDP checksum holds for them:
 * rtpfwd_xmit() then puts the output's addresses, TOS or traffic class and
 * TTL or hop limit in, and updates the checksum, as for any other output.
 * Context: skb->data at the network header, as in the netfilter hooks.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "bridge.h"

/*
 * IPv4 in, IPv6 out: a 40-byte header where the 20-byte one was
 * (rtpfwd_parse4 refuses IP options), addressed from and to the v4-mapped
 * input addresses: ::ffff:a.b.c.d sums in ones' complement to what a.b.c.d
 * does (0xffff is zero), and length and protocol weigh the same in both
 * pseudo-headers, so the checksum needs no change. A datagram that had none
 * gets one: IPv6 requires it (RFC 8200 8.1).
 */
int rtpfwd_bridge4to6(struct sk_buff *skb, const struct rtpfwd_pkt *pkt, bool csum)
{
	const unsigned int grow = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	unsigned int ulen = pkt->payload_len + sizeof(struct udphdr);
	struct ipv6hdr *ip6h;
	__be32 saddr, daddr;

	if (skb_network_offset(skb))
		return -EINVAL;
	if (skb_cow_head(skb, grow))
		return -ENOMEM;
	saddr = ip_hdr(skb)->saddr;
	daddr = ip_hdr(skb)->daddr;

	ip6h = skb_push(skb, grow);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(ulen);
	ip6h->nexthdr = IPPROTO_UDP;
	ipv6_addr_set_v4mapped(saddr, &ip6h->saddr);
	ipv6_addr_set_v4mapped(daddr, &ip6h->daddr);
	if (!csum) {
		struct udphdr *uh = udp_hdr(skb);

		uh->check = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, ulen, IPPROTO_UDP,
					    skb_checksum(skb, sizeof(*ip6h), ulen, 0));
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
		skb->ip_summed = CHECKSUM_NONE;
	}
	return 0;
}

/*
 * IPv6 in, IPv4 out: the 20-byte header at the end of the 40-byte one,
 * addressed from and to 0.0.0.0; the IPv6 addresses leave the checksum.
 */
int rtpfwd_bridge6to4(struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	const unsigned int shrink = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	unsigned int ulen = pkt->payload_len + sizeof(struct udphdr);
	static const __be32 any[4];
	struct ipv6hdr *ip6h;
	struct udphdr *uh;
	struct iphdr *iph;

	if (skb_network_offset(skb))
		return -EINVAL;
	ip6h = ipv6_hdr(skb);
	uh = (struct udphdr *)(ip6h + 1);
	inet_proto_csum_replace16(&uh->check, skb, ip6h->saddr.s6_addr32, any, true);
	inet_proto_csum_replace16(&uh->check, skb, ip6h->daddr.s6_addr32, any, true);

	iph = (struct iphdr *)__skb_pull(skb, shrink);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tot_len = htons(sizeof(*iph) + ulen);
	iph->id = 0;				/* atomic datagram (RFC 6864) */
	iph->frag_off = htons(IP_DF);
	iph->protocol = IPPROTO_UDP;
	iph->saddr = 0;
	iph->daddr = 0;
	return 0;
}
