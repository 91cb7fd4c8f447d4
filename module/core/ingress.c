// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ingress hook's entry: a packet taken on a device's ingress (an
 * nftables netdev chain, or an inet chain on the ingress hook) has not been
 * through ip_rcv() / ipv6_rcv(), so nothing has checked its IP header yet.
 * What those would refuse is handed on untouched (they refuse it again);
 * what they would accept is trimmed to its IP length as they would trim it
 * (a short Ethernet frame carries padding), then offered to the table like
 * any other packet. Its forwarded copies leave past the IP stack as well
 * (xmit_direct.c): what that bypasses is the operator's choice, the same
 * as with an nf_flowtable.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "pkt.h"

/* Loopback addresses are only at home on a loopback device. */
static bool rtpfwd_from_loopback(const struct sk_buff *skb)
{
	return skb->dev->flags & IFF_LOOPBACK;
}

/*
 * The datagram is @len bytes from the network header: at least that must be
 * there; what follows (a short frame's padding) is trimmed, as the IP stack
 * trims it.
 */
static bool rtpfwd_ingress_trim(struct sk_buff *skb, unsigned int len)
{
	unsigned int off = skb_network_offset(skb);

	return len <= skb->len - off && !pskb_trim_rcsum(skb, off + len);
}

/*
 * ip_rcv_core()'s checks of the fixed header (options are not ours anyway),
 * and the martian addresses routing input refuses.
 */
static bool rtpfwd_ingress_ip4(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_network_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl != 5 || ip_fast_csum((const u8 *)iph, iph->ihl))
		return false;
	/* martians, which the IP stack's routing input would drop */
	if (ipv4_is_multicast(iph->saddr) || ipv4_is_lbcast(iph->saddr) ||
	    ipv4_is_zeronet(iph->saddr) ||
	    (!rtpfwd_from_loopback(skb) &&
	     (ipv4_is_loopback(iph->saddr) || ipv4_is_loopback(iph->daddr))))
		return false;
	len = ntohs(iph->tot_len);
	return len >= sizeof(*iph) && rtpfwd_ingress_trim(skb, len);
}

/* ip6_rcv_core()'s checks, for a datagram with no extension header. */
static bool rtpfwd_ingress_ip6(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;

	if (!pskb_network_may_pull(skb, sizeof(*ip6h)))
		return false;
	ip6h = ipv6_hdr(skb);
	if (ip6h->version != 6 || ipv6_addr_is_multicast(&ip6h->saddr) ||
	    (!rtpfwd_from_loopback(skb) &&
	     (ipv6_addr_loopback(&ip6h->saddr) || ipv6_addr_loopback(&ip6h->daddr))))
		return false;
	return rtpfwd_ingress_trim(skb, sizeof(*ip6h) + ntohs(ip6h->payload_len));
}

/**
 * rtpfwd_packet_ingress() - offer a packet from a device's ingress hook
 * @net: the device's network namespace
 * @table_id: the table; an id out of range or without a table passes
 * @skb: the packet, at the network header, not yet through the IP stack
 *
 * Only unshared unicast IPv4 and IPv6 frames for this host are looked at.
 * Context: as rtpfwd_packet(), from the netdev ingress hook.
 * Return: what the caller must do with @skb.
 */
enum rtpfwd_verdict rtpfwd_packet_ingress(struct net *net, u32 table_id, struct sk_buff *skb)
{
	bool ok;

	if (skb->pkt_type != PACKET_HOST || skb_shared(skb))
		return RTPFWD_PASS;
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		ok = rtpfwd_ingress_ip4(skb);
		break;
	case htons(ETH_P_IPV6):
		ok = rtpfwd_ingress_ip6(skb);
		break;
	default:
		return RTPFWD_PASS;
	}
	return ok ? rtpfwd_offer(net, table_id, skb, true) : RTPFWD_PASS;
}
EXPORT_SYMBOL_GPL(rtpfwd_packet_ingress);
