// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd packet path: everything a packet goes through, top to bottom.
 *
 *   front-end (nft expression / xt target, PRE_ROUTING or LOCAL_IN)
 *   -> table: RCU array in the namespace            (no lock)
 *   -> rule:  rhashtable by {family, daddr, dport}  (RCU, no lock, no refcount)
 *   -> STUN handed up (RTPFWD_RULE_F_STUN), whatever its source
 *   -> expected source and mismatch policy
 *   -> DTLS handed up (RTPFWD_RULE_F_DTLS)
 *   -> RTP checks and accounting (RTPFWD_RULE_F_RTP, _SSRC)
 *   -> per output: rewrite IP/UDP headers (in place for the last output, a
 *      copy for each other one), incremental checksum, cached route,
 *      ip(6)_local_out in the table's namespace
 *   -> RTPFWD_STOLEN; anything not ours is RTPFWD_PASS, untouched.
 *
 * Must not: take a lock (but the per SSRC slot lock of RTP rules, see
 * rule.h), touch a shared cache line per packet (counters are per CPU),
 * allocate except to fork, or forward a packet it did not fully validate.
 * An output of the other address family (IPv4<->IPv6 bridging) gets the
 * other header format in place (rtpfwd_bridge4to6/6to4), then the usual
 * rewrite.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "rtpfwd_core.h"
#include "rule.h"

/* What parsing found out about a packet. */
struct rtpfwd_pkt {
	struct rtpfwd_endpoint	src;
	struct rtpfwd_endpoint	dst;
	unsigned int		l4off;		/* UDP header offset from the network header */
	unsigned int		payload_len;	/* UDP payload bytes */
};

static void rtpfwd_count(struct rtpfwd_rule *rule, unsigned int bytes, bool error)
{
	struct rtpfwd_stats *stats = this_cpu_ptr(rule->stats);

	u64_stats_update_begin(&stats->syncp);
	if (error) {
		u64_stats_inc(&stats->errors);
	} else {
		u64_stats_inc(&stats->packets);
		u64_stats_add(&stats->bytes, bytes);
	}
	u64_stats_update_end(&stats->syncp);
}

/*
 * The UDP header at pkt->l4off, pulled by the caller: its length must fit in
 * the packet. Fills the ports and zeroes the rest of both endpoints.
 */
static bool rtpfwd_parse_udp(struct sk_buff *skb, struct rtpfwd_pkt *pkt)
{
	const struct udphdr *uh;
	unsigned int ulen;

	uh = (const struct udphdr *)(skb_network_header(skb) + pkt->l4off);
	ulen = ntohs(uh->len);
	if (ulen < sizeof(*uh) || pkt->l4off + ulen > skb->len - skb_network_offset(skb))
		return false;
	memset(&pkt->src, 0, sizeof(pkt->src));
	memset(&pkt->dst, 0, sizeof(pkt->dst));
	pkt->src.port = uh->source;
	pkt->dst.port = uh->dest;
	pkt->payload_len = ulen - sizeof(*uh);
	return true;
}

/* Returns false for anything that is not a complete, unfragmented UDP datagram. */
static bool rtpfwd_parse4(struct sk_buff *skb, struct rtpfwd_pkt *pkt)
{
	const struct iphdr *iph;

	if (!pskb_network_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return false;
	/* IP options (source routes...) are not ours to carry over: hand up */
	pkt->l4off = iph->ihl * 4;
	if (pkt->l4off != sizeof(*iph) ||
	    !pskb_network_may_pull(skb, pkt->l4off + sizeof(struct udphdr)) ||
	    !rtpfwd_parse_udp(skb, pkt))
		return false;

	iph = ip_hdr(skb);	/* the pulls may have moved the header */
	pkt->src.family = AF_INET;
	pkt->src.addr.v4 = iph->saddr;
	pkt->dst.family = AF_INET;
	pkt->dst.addr.v4 = iph->daddr;
	return true;
}

static bool rtpfwd_parse6(struct sk_buff *skb, struct rtpfwd_pkt *pkt)
{
	const struct ipv6hdr *ip6h;

	pkt->l4off = sizeof(*ip6h);
	if (!pskb_network_may_pull(skb, pkt->l4off + sizeof(struct udphdr)))
		return false;
	ip6h = ipv6_hdr(skb);
	/* UDP straight after the fixed header; extension headers go up */
	if (ip6h->nexthdr != IPPROTO_UDP || !rtpfwd_parse_udp(skb, pkt) ||
	    pkt->payload_len + sizeof(struct udphdr) != ntohs(ip6h->payload_len))
		return false;

	pkt->src.family = AF_INET6;
	pkt->src.addr.v6 = ip6h->saddr;
	pkt->dst.family = AF_INET6;
	pkt->dst.addr.v6 = ip6h->daddr;
	return true;
}

/*
 * Clear what the packet carried in from its first life, as skb_scrub_packet()
 * does across namespaces: a stale mark, priority or timestamp makes CNI
 * plugins and qdiscs treat the forwarded packet as something it is not.
 */
static void rtpfwd_scrub(struct sk_buff *skb)
{
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

/*
 * Rewrite the IPv4 and UDP headers for @out and send. Consumes @skb.
 * @csum: the datagram has a UDP checksum (IPv4 may send UDP without one).
 */
static int rtpfwd_xmit4(struct net *net, struct rtpfwd_output *out,
			struct sk_buff *skb, struct udphdr *uh, bool csum)
{
	const struct rtpfwd_output_cfg *cfg = &out->cfg;
	struct iphdr *iph = ip_hdr(skb);
	__be32 saddr = cfg->src.addr.v4;
	struct rtable *rt;

	rt = dst_cache_get_ip4(&out->dst_cache, &saddr);
	if (!rt) {
		struct flowi4 fl4 = {
			.daddr = cfg->dst.addr.v4,
			.saddr = cfg->src.addr.v4,
			.flowi4_proto = IPPROTO_UDP,
			.flowi4_tos = RT_TOS(cfg->tos),
		};

		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt)) {
			kfree_skb(skb);
			return PTR_ERR(rt);
		}
		dst_cache_set_ip4(&out->dst_cache, &rt->dst, fl4.saddr);
	}

	if (csum) {
		inet_proto_csum_replace4(&uh->check, skb, iph->saddr, cfg->src.addr.v4, true);
		inet_proto_csum_replace4(&uh->check, skb, iph->daddr, cfg->dst.addr.v4, true);
	}
	rtpfwd_rewrite_ports(skb, uh, cfg, csum);
	iph->saddr = cfg->src.addr.v4;
	iph->daddr = cfg->dst.addr.v4;
	iph->tos = cfg->tos;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);

	rtpfwd_scrub(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));	/* input options are not ours */
	skb_dst_set(skb, &rt->dst);
	skb->protocol = htons(ETH_P_IP);
	/* ip_local_out() recomputes the header checksum */
	return ip_local_out(net, NULL, skb);
}

/* Rewrite the IPv6 and UDP headers for @out and send. Consumes @skb. */
static int rtpfwd_xmit6(struct net *net, struct rtpfwd_output *out,
			struct sk_buff *skb, struct udphdr *uh)
{
	const struct rtpfwd_output_cfg *cfg = &out->cfg;
	struct in6_addr saddr = cfg->src.addr.v6;
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct dst_entry *dst;

	dst = dst_cache_get_ip6(&out->dst_cache, &saddr);
	if (!dst) {
		struct flowi6 fl6 = {
			.daddr = cfg->dst.addr.v6,
			.saddr = cfg->src.addr.v6,
			.flowi6_proto = IPPROTO_UDP,
		};
		int err;

		dst = ip6_route_output(net, NULL, &fl6);
		err = dst->error;
		if (err) {
			dst_release(dst);
			kfree_skb(skb);
			return err;
		}
		dst_cache_set_ip6(&out->dst_cache, dst, &fl6.saddr);
	}

	inet_proto_csum_replace16(&uh->check, skb, ip6h->saddr.s6_addr32,
				  cfg->src.addr.v6.s6_addr32, true);
	inet_proto_csum_replace16(&uh->check, skb, ip6h->daddr.s6_addr32,
				  cfg->dst.addr.v6.s6_addr32, true);
	rtpfwd_rewrite_ports(skb, uh, cfg, true);	/* IPv6 UDP always has one */
	ip6h->saddr = cfg->src.addr.v6;
	ip6h->daddr = cfg->dst.addr.v6;
	ip6_flow_hdr(ip6h, cfg->tos, 0);
	ip6h->hop_limit = ip6_dst_hoplimit(dst);

	rtpfwd_scrub(skb);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb_dst_set(skb, dst);
	skb->protocol = htons(ETH_P_IPV6);
	return ip6_local_out(net, NULL, skb);
}

/*
 * IPv4<->IPv6 bridging only changes the network header's format, with
 * placeholder addresses chosen so that the UDP checksum holds for them:
 * rtpfwd_xmit4/6 then put the output's addresses, TOS or traffic class and
 * TTL or hop limit in, and update the checksum, as for any other output.
 * Context: skb->data at the network header, as in the netfilter hooks.
 */

/*
 * IPv4 in, IPv6 out: a 40-byte header where the 20-byte one was
 * (rtpfwd_parse4 refuses IP options), addressed from and to the v4-mapped
 * input addresses: ::ffff:a.b.c.d sums in ones' complement to what a.b.c.d
 * does (0xffff is zero), and length and protocol weigh the same in both
 * pseudo-headers, so the checksum needs no change. A datagram that had none
 * gets one: IPv6 requires it (RFC 8200 8.1).
 */
static int rtpfwd_bridge4to6(struct sk_buff *skb, const struct rtpfwd_pkt *pkt, bool csum)
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
static int rtpfwd_bridge6to4(struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
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

/* Consumes @skb. Returns 0 when it left (or was only congested), else < 0. */
static int rtpfwd_xmit(struct net *net, struct rtpfwd_output *out,
		       struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	struct udphdr *uh;
	bool csum;
	int err;

	/* A clone's header is shared with someone else: copy before writing. */
	if (skb_ensure_writable(skb, skb_network_offset(skb) + pkt->l4off + sizeof(*uh))) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	uh = (struct udphdr *)(skb_network_header(skb) + pkt->l4off);
	csum = pkt->dst.family == AF_INET6 || uh->check || skb->ip_summed == CHECKSUM_PARTIAL;
	if (out->cfg.dst.family != pkt->dst.family) {
		err = pkt->dst.family == AF_INET ? rtpfwd_bridge4to6(skb, pkt, csum) :
						   rtpfwd_bridge6to4(skb, pkt);
		if (err) {
			kfree_skb(skb);
			return err;
		}
		csum = true;	/* bridge4to6 added one if there was none */
	}
	if (out->cfg.dst.family == AF_INET) {
		uh = (struct udphdr *)(skb_network_header(skb) + sizeof(struct iphdr));
		err = rtpfwd_xmit4(net, out, skb, uh, csum);
	} else {
		uh = (struct udphdr *)(skb_network_header(skb) + sizeof(struct ipv6hdr));
		err = rtpfwd_xmit6(net, out, skb, uh);
	}
	/* net_xmit_eval() evaluates its argument twice: never pass it a call */
	return net_xmit_eval(err);
}

/* Offset of the UDP payload from skb->data. */
static unsigned int rtpfwd_payload_offset(const struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	return skb_network_offset(skb) + pkt->l4off + sizeof(struct udphdr);
}

/* RFC 5389 section 6 header, demultiplexed as RFC 7983 says (first byte 0..3). */
static bool rtpfwd_is_stun(const struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	struct {
		u8	type_hi;	/* 0..3: the two leading zero bits */
		u8	type_lo;
		__be16	len;		/* after the 20-byte header */
		__be32	cookie;
	} h;

	return pkt->payload_len >= 20 &&
	       !skb_copy_bits(skb, rtpfwd_payload_offset(skb, pkt), &h, sizeof(h)) &&
	       h.type_hi <= 3 && h.cookie == htonl(0x2112A442) &&
	       20 + ntohs(h.len) == pkt->payload_len;
}

/* RFC 7983: a first byte of 20..63 is DTLS. */
static bool rtpfwd_is_dtls(const struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	u8 buf;
	const u8 *p;

	if (!pkt->payload_len)
		return false;
	p = skb_header_pointer(skb, rtpfwd_payload_offset(skb, pkt), 1, &buf);
	return p && *p >= 20 && *p <= 63;
}

static bool rtpfwd_ssrc_expected(const struct rtpfwd_rule *rule, __be32 ssrc)
{
	unsigned int i;

	for (i = 0; i < rule->num_ssrcs; i++)
		if (rule->ssrcs[i] == ssrc)
			return true;
	return false;
}

/* The fixed RTP header. */
struct rtpfwd_rtphdr {
	u8	vpxcc;		/* version 2, padding, extension, CSRC count */
	u8	mpt;		/* marker, payload type */
	__be16	seq;
	__be32	ts;
	__be32	ssrc;
};

/* RFC 3550 A.1 */
#define RTPFWD_MAX_DROPOUT	3000
#define RTPFWD_MAX_MISORDER	100
#define RTPFWD_SEQ_MOD		BIT(16)

static void rtpfwd_ssrc_init_seq(struct rtpfwd_ssrc_slot *s, u16 seq)
{
	s->base_seq = seq;
	s->max_seq = seq;
	s->bad_seq = RTPFWD_SEQ_MOD + 1;
	s->cycles = 0;
	s->received = 0;
}

/* RFC 3550 A.1 without probation; false: a jump, not counted as received. */
static bool rtpfwd_ssrc_update_seq(struct rtpfwd_ssrc_slot *s, u16 seq)
{
	u16 udelta = seq - s->max_seq;

	if (udelta < RTPFWD_MAX_DROPOUT) {
		if (seq < s->max_seq)
			s->cycles += RTPFWD_SEQ_MOD;
		s->max_seq = seq;
	} else if (udelta <= RTPFWD_SEQ_MOD - RTPFWD_MAX_MISORDER) {
		if (seq != s->bad_seq) {
			s->bad_seq = (seq + 1) & (RTPFWD_SEQ_MOD - 1);
			return false;
		}
		rtpfwd_ssrc_init_seq(s, seq);	/* two in a row: the source restarted */
	}
	/* else: duplicate or reordered */
	s->received++;
	return true;
}

/* Per SSRC receiver statistics; @clock_rate 0: no jitter. */
static void rtpfwd_ssrc_account(struct rtpfwd_rtp *rtp, const struct rtpfwd_rtphdr *hdr,
				unsigned int bytes, u32 clock_rate)
{
	u32 ssrc = ntohl(hdr->ssrc), ts = ntohl(hdr->ts);
	u16 seq = ntohs(hdr->seq);
	u64 want = BIT_ULL(32) | ssrc, id;
	struct rtpfwd_ssrc_slot *s = NULL;
	u32 arrival = 0, transit;
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		id = atomic64_read(&rtp->ssrcs[i].id);
		if (!id)
			id = atomic64_cmpxchg(&rtp->ssrcs[i].id, 0, want) ?: want;
		if (id == want) {
			s = &rtp->ssrcs[i];
			break;
		}
	}
	if (!s)
		return;		/* all slots taken: forwarded, not accounted */

	if (clock_rate)
		arrival = (u32)mul_u64_u32_div(ktime_get_ns(), clock_rate, NSEC_PER_SEC);

	/* BHs are off in every netfilter hook; readers use spin_lock_bh() */
	spin_lock(&s->lock);
	s->packets++;
	s->bytes += bytes;
	if (!s->started) {
		rtpfwd_ssrc_init_seq(s, seq);
		s->received = 1;
		s->transit = arrival - ts;
		s->started = true;
	} else if (rtpfwd_ssrc_update_seq(s, seq) && clock_rate) {
		/* RFC 3550 A.8 */
		s32 d;

		transit = arrival - ts;
		d = (s32)(transit - s->transit);
		s->transit = transit;
		if (d < 0)
			d = -d;
		s->jitter += (u32)d - ((s->jitter + 8) >> 4);
	}
	spin_unlock(&s->lock);
}

/*
 * RTP checks and accounting for a rule with RTPFWD_RULE_F_RTP. Returns 0 to
 * forward, > 0 to hand the packet up untouched (RTCP, a payload type not in
 * the list), < 0 for malformed RTP or, with RTPFWD_RULE_F_SSRC, an SSRC not
 * in the rule's list (handed up, counted as an error).
 */
static int rtpfwd_rtp(struct rtpfwd_rule *rule, struct sk_buff *skb,
		      const struct rtpfwd_pkt *pkt)
{
	unsigned int off = pkt->l4off + sizeof(struct udphdr), len = pkt->payload_len;
	struct rtpfwd_rtp *rtp = rule->rtp;
	unsigned int hlen, idx;
	struct rtpfwd_rtphdr hdr;
	u8 buf[4];
	const u8 *p;
	u32 clock_rate = 0;
	u8 pt;

	if (len < sizeof(hdr) || !pskb_network_may_pull(skb, off + sizeof(hdr)))
		return -EINVAL;
	memcpy(&hdr, skb_network_header(skb) + off, sizeof(hdr));
	if ((hdr.vpxcc >> 6) != 2)
		return -EINVAL;
	if (hdr.mpt >= 192 && hdr.mpt <= 223)
		return 1;	/* RTCP (rtcp-mux): user space's */

	off += skb_network_offset(skb);	/* from here: offsets from skb->data */
	hlen = sizeof(hdr) + 4 * (hdr.vpxcc & 0x0f);
	if (hdr.vpxcc & 0x10) {		/* extension */
		p = skb_header_pointer(skb, off + hlen, 4, buf);
		if (hlen + 4 > len || !p)
			return -EINVAL;
		hlen += 4 + 4 * (p[2] << 8 | p[3]);
	}
	if (hlen > len)
		return -EINVAL;
	if (hdr.vpxcc & 0x20) {		/* padding: the last byte counts it */
		p = skb_header_pointer(skb, off + len - 1, 1, buf);
		if (!p || !*p || hlen + *p > len)
			return -EINVAL;
	}
	if ((rule->flags & RTPFWD_RULE_F_SSRC) && !rtpfwd_ssrc_expected(rule, hdr.ssrc))
		return -ENOENT;		/* user space's, as an error (rtpengine's way) */

	pt = hdr.mpt & 0x7f;
	if (rtp->num_pts) {
		for (idx = 0; idx < rtp->num_pts; idx++)
			if (rtp->pts[idx].type == pt)
				break;
		if (idx == rtp->num_pts)
			return 1;
		clock_rate = rtp->pts[idx].clock_rate;
		if (rtp->pt_stats) {
			struct rtpfwd_pt_stats *st = this_cpu_ptr(rtp->pt_stats);

			u64_stats_update_begin(&st->syncp);
			u64_stats_inc(&st->pt[idx].packets);
			u64_stats_add(&st->pt[idx].bytes, len);
			u64_stats_update_end(&st->syncp);
		}
	}
	rtpfwd_ssrc_account(rtp, &hdr, len, clock_rate);
	return 0;
}

static bool rtpfwd_source_expected(const struct rtpfwd_rule *rule,
				   const struct rtpfwd_pkt *pkt)
{
	return !rule->expect.family ||
	       !memcmp(&rule->expect, &pkt->src, sizeof(pkt->src));
}

enum rtpfwd_verdict rtpfwd_packet(struct net *net, u32 table_id, struct sk_buff *skb)
{
	struct rtpfwd_table *table;
	struct rtpfwd_rule *rule;
	struct rtpfwd_pkt pkt;
	unsigned int i;
	bool error = false;

	table = rtpfwd_table_lookup_rcu(net, table_id);
	if (!table)
		return RTPFWD_PASS;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!rtpfwd_parse4(skb, &pkt))
			return RTPFWD_PASS;
		break;
	case htons(ETH_P_IPV6):
		if (!rtpfwd_parse6(skb, &pkt))
			return RTPFWD_PASS;
		break;
	default:
		return RTPFWD_PASS;
	}

	rule = rtpfwd_rule_lookup_rcu(table, &pkt.dst);
	if (!rule)
		return RTPFWD_PASS;

	/* ICE checks come from candidates not yet expected: before the source */
	if ((rule->flags & RTPFWD_RULE_F_STUN) && rtpfwd_is_stun(skb, &pkt))
		return RTPFWD_PASS;

	if (!rtpfwd_source_expected(rule, &pkt)) {
		switch (rule->mismatch) {
		case RTPFWD_MISMATCH_DROP:
			rtpfwd_count(rule, 0, true);
			return RTPFWD_DROP;
		case RTPFWD_MISMATCH_PASS:
			return RTPFWD_PASS;
		}
	}

	if ((rule->flags & RTPFWD_RULE_F_DTLS) && rtpfwd_is_dtls(skb, &pkt))
		return RTPFWD_PASS;

	if (rule->flags & RTPFWD_RULE_F_RTP) {
		int ret = rtpfwd_rtp(rule, skb, &pkt);

		if (ret < 0)
			rtpfwd_count(rule, 0, true);
		if (ret)
			return RTPFWD_PASS;
	}

	/* Fork a copy to every output but the last, which gets the original. */
	for (i = 0; i + 1 < rule->num_outputs; i++) {
		struct sk_buff *copy = skb_copy(skb, GFP_ATOMIC);

		if (!copy || rtpfwd_xmit(net, &rule->outputs[i], copy, &pkt))
			error = true;
	}
	if (rtpfwd_xmit(net, &rule->outputs[i], skb, &pkt))
		error = true;
	rtpfwd_count(rule, pkt.payload_len, error);
	return RTPFWD_STOLEN;
}
EXPORT_SYMBOL_GPL(rtpfwd_packet);
