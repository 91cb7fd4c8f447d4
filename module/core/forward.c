// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd packet path: what a packet goes through, top to bottom.
 *
 *   front-end (nft expression / xt target, PRE_ROUTING or LOCAL_IN; in
 *   softirq, or in process context when an NFQUEUE verdict re-injects it;
 *   or the nft expression on a device's ingress hook, ingress.c)
 *   -> BHs off for the whole path (per-CPU counters and route caches, the
 *      per SSRC slot lock)
 *   -> table: RCU array in the namespace            (no lock)
 *   -> rule:  rhashtable by {family, daddr, dport}  (RCU, no lock, no refcount)
 *   -> a GSO batch (UDP_SEGMENT sender, UDP GRO): every datagram judged as
 *      below; all forwardable: segmented and forwarded one by one; else the
 *      batch is handed up (or dropped) whole, untouched
 *   -> decision (rtpfwd_decide, no side effect):
 *      STUN handed up (RTPFWD_RULE_F_STUN), whatever its source;
 *      expected source and mismatch policy; DTLS handed up (_F_DTLS);
 *      a blackhole rule (_F_BLACKHOLE, no outputs) drops the rest, a
 *      hand-up rule (_F_HAND_UP, no outputs) hands it up;
 *      RTCP forwarded (_F_RTCP) or RTP checks (_F_RTP, _F_SSRC, rtp.c);
 *      TTL / hop limit 1: dropped
 *   -> routes of every output; a datagram larger than a path MTU that
 *      nobody may fragment is handed up (the daemon can)
 *   -> SRTP (srtp.c; RTCP: SRTCP, srtcp.c), a rule with decrypt: replay
 *      check, authentication (failures handed up untouched), decrypted in
 *      place
 *   -> RTP accounting (rtp.c), a copy for the rule's recording tap (tap.c),
 *      then per output: its payload replacement
 *      (RTP of a payload type it silences), its SSRC rewrite (RTP of an
 *      SSRC in its map), encrypted if the output has SRTP (srtp.c, the
 *      copy grows by the tag), bridged to the other family if needed
 *      (bridge.c), headers rewritten, sent (xmit.c; from the ingress
 *      hook straight to the neighbour where the route allows,
 *      xmit_direct.c) - in place for the last output, a copy for each
 *      other one
 *   -> RTPFWD_STOLEN; anything not ours is RTPFWD_PASS, untouched.
 *
 * Must not: take a lock (but the per SSRC slot lock of RTP rules, see
 * rule.h), touch a shared cache line per packet (counters are per CPU),
 * allocate except to fork or segment, or forward a packet it did not fully
 * validate.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/ip.h>
#ifdef RTPFWD_HAVE_NET_GSO		/* __skb_gso_segment() moved there in 6.5 */
#include <net/gso.h>
#endif

#include "count.h"
#include "rtpfwd_core.h"
#include "rtp.h"
#include "rtp_rewrite.h"
#include "xmit.h"

static enum rtpfwd_verdict rtpfwd_rule_packet(struct net *net, struct rtpfwd_rule *rule,
					      struct sk_buff *skb, struct rtpfwd_pkt *pkt);
static bool rtpfwd_parse(struct sk_buff *skb, struct rtpfwd_pkt *pkt);

/*
 * BHs go off here rather than in the front-ends: the nft expression also
 * runs in process context when nf_reinject() resumes a queued packet, and
 * the path relies on not being interrupted by itself on this CPU.
 */
enum rtpfwd_verdict rtpfwd_offer(struct net *net, u32 table_id, struct sk_buff *skb, bool ingress)
{
	enum rtpfwd_verdict verdict = RTPFWD_PASS;
	struct rtpfwd_table *table;
	struct rtpfwd_rule *rule;
	struct rtpfwd_pkt pkt;

	pkt.ingress = ingress;
	local_bh_disable();
	table = rtpfwd_table_lookup_rcu(net, table_id);
	if (table && rtpfwd_parse(skb, &pkt)) {
		rule = rtpfwd_rule_lookup_rcu(table, &pkt.dst);
		if (rule)
			verdict = rtpfwd_rule_packet(net, rule, skb, &pkt);
	}
	local_bh_enable();
	return verdict;
}

/* rtpfwd_packet() is documented in rtpfwd_core.h. */
enum rtpfwd_verdict rtpfwd_packet(struct net *net, u32 table_id, struct sk_buff *skb)
{
	return rtpfwd_offer(net, table_id, skb, false);
}
EXPORT_SYMBOL_GPL(rtpfwd_packet);

/* Counts @n datagrams refused for @d; the verdict for their packet. */
static enum rtpfwd_verdict rtpfwd_refuse(struct rtpfwd_rule *rule, enum rtpfwd_decision d,
					 unsigned int n)
{
	rtpfwd_count(rule, d, n);
	return rtpfwd_decisions[d].drop ? RTPFWD_DROP : RTPFWD_PASS;
}

/*
 * The UDP header at pkt->l4off, pulled by the caller: its length must be
 * what the IP header says is left (a shorter one would carry trailing
 * bytes we cannot vouch for). Fills the ports and zeroes the rest of both
 * endpoints.
 */
static bool rtpfwd_parse_udp(struct sk_buff *skb, struct rtpfwd_pkt *pkt, unsigned int l3len)
{
	const struct udphdr *uh;
	unsigned int ulen;

	uh = (const struct udphdr *)(skb_network_header(skb) + pkt->l4off);
	ulen = ntohs(uh->len);
	if (ulen < sizeof(*uh) || pkt->l4off + ulen != l3len ||
	    l3len > skb->len - skb_network_offset(skb))
		return false;
	memset(&pkt->src, 0, sizeof(pkt->src));
	memset(&pkt->dst, 0, sizeof(pkt->dst));
	pkt->src.port = uh->source;
	pkt->dst.port = uh->dest;
	pkt->payload_off = skb_network_offset(skb) + pkt->l4off + sizeof(*uh);
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
	    !pskb_network_may_pull(skb, pkt->l4off + sizeof(struct udphdr)))
		return false;
	iph = ip_hdr(skb);	/* the pull may have moved the header */
	if (!rtpfwd_parse_udp(skb, pkt, ntohs(iph->tot_len)))
		return false;

	pkt->src.family = AF_INET;
	pkt->src.addr.v4 = iph->saddr;
	pkt->dst.family = AF_INET;
	pkt->dst.addr.v4 = iph->daddr;
	pkt->ttl = iph->ttl;
	pkt->df = iph->frag_off & htons(IP_DF);
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
	if (ip6h->nexthdr != IPPROTO_UDP ||
	    !rtpfwd_parse_udp(skb, pkt, sizeof(*ip6h) + ntohs(ip6h->payload_len)))
		return false;

	pkt->src.family = AF_INET6;
	pkt->src.addr.v6 = ip6h->saddr;
	pkt->dst.family = AF_INET6;
	pkt->dst.addr.v6 = ip6h->daddr;
	pkt->ttl = ip6h->hop_limit;
	pkt->df = true;
	return true;
}

static bool rtpfwd_parse(struct sk_buff *skb, struct rtpfwd_pkt *pkt)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return rtpfwd_parse4(skb, pkt);
	case htons(ETH_P_IPV6):
		return rtpfwd_parse6(skb, pkt);
	default:
		return false;
	}
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
	       !skb_copy_bits(skb, pkt->payload_off, &h, sizeof(h)) &&
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
	p = skb_header_pointer(skb, pkt->payload_off, 1, &buf);
	return p && *p >= 20 && *p <= 63;
}

static bool rtpfwd_source_expected(const struct rtpfwd_rule *rule,
				   const struct rtpfwd_pkt *pkt)
{
	return !rule->expect.family ||
	       !memcmp(&rule->expect, &pkt->src, sizeof(pkt->src));
}

/* What @rule does with the datagram @pkt of @skb. Changes nothing. */
static enum rtpfwd_decision rtpfwd_decide(const struct rtpfwd_rule *rule,
					  const struct sk_buff *skb,
					  const struct rtpfwd_pkt *pkt,
					  struct rtpfwd_rtp_info *rtp)
{
	/* ICE checks come from candidates not yet expected: before the source */
	if ((rule->flags & RTPFWD_RULE_F_STUN) && rtpfwd_is_stun(skb, pkt))
		return RTPFWD_D_PASS_STUN;

	if (!rtpfwd_source_expected(rule, pkt)) {
		switch (rule->mismatch) {
		case RTPFWD_MISMATCH_DROP:
			return RTPFWD_D_DROP_MISMATCH;
		case RTPFWD_MISMATCH_PASS:
			return RTPFWD_D_PASS_MISMATCH;
		}
	}

	if ((rule->flags & RTPFWD_RULE_F_DTLS) && rtpfwd_is_dtls(skb, pkt))
		return RTPFWD_D_PASS_DTLS;

	/* no outputs: what the daemon would not send anywhere ends here, and
	 * what it relays itself goes up
	 */
	if (rule->flags & RTPFWD_RULE_F_BLACKHOLE)
		return RTPFWD_D_BLACKHOLE;
	if (rule->flags & RTPFWD_RULE_F_HAND_UP)
		return RTPFWD_D_PASS_OTHER;

	rtp->rtcp = (rule->flags & RTPFWD_RULE_F_RTCP) && rtpfwd_rtcp_check(skb, pkt);
	if (rtp->rtcp) {
		rtp->len = pkt->payload_len;
	} else if (rule->flags & RTPFWD_RULE_F_RTP) {
		int ret = rtpfwd_rtp_check(rule, skb, pkt, rtp);

		if (ret)
			return ret < 0 ? RTPFWD_D_PASS_NOT_RTP : RTPFWD_D_PASS_OTHER;
	} else if (rule->flags & RTPFWD_RULE_F_RTCP) {
		return RTPFWD_D_PASS_NOT_RTP;	/* an RTCP port: nothing else */
	}

	/* A loop ends here, as at a router: nobody gets a copy with TTL 0. */
	if (pkt->ttl <= 1)
		return RTPFWD_D_TTL_EXPIRED;
	return RTPFWD_D_FORWARD;
}

/*
 * SRTP on input (a rule with decrypt), after rtpfwd_decide() let the
 * datagram through: authenticated and decrypted in place, or refused. An
 * authentication failure leaves the packet as it came: handed up (the
 * daemon copes with a key change), or dropped where the rule says so.
 */
static enum rtpfwd_decision rtpfwd_srtp_in(struct rtpfwd_rule *rule, struct sk_buff *skb,
					   struct rtpfwd_pkt *pkt, struct rtpfwd_rtp_info *rtp)
{
	unsigned int len = pkt->payload_len;
	int err;

	if (rtp->rtcp)
		err = rtpfwd_srtcp_decrypt(rule->decrypt, skb, pkt->payload_off, &len);
	else
		err = rtpfwd_srtp_decrypt(rule->decrypt, skb, pkt->payload_off, &len);
	switch (err) {
	case 0:
		break;
	case -EBADMSG:
		return rule->flags & RTPFWD_RULE_F_SRTP_AUTH_DROP ?
		       RTPFWD_D_SRTP_AUTH_DROP : RTPFWD_D_SRTP_AUTH_FAILED;
	case -EALREADY:
		return RTPFWD_D_SRTP_REPLAYED;
	default:		/* malformed, or more SSRCs than slots */
		return RTPFWD_D_PASS_ERROR;
	}
	/* decrypted: it can no longer go up as it came */
	if (rtpfwd_udp_resized(skb, pkt, len))
		return RTPFWD_D_DROP_ERROR;
	rtp->len = len;
	return RTPFWD_D_FORWARD;
}

/* SRTP (SRTCP) of an output: its own copy @skb encrypted, @pkt updated to match. */
static int rtpfwd_srtp_out(struct rtpfwd_srtp *srtp, struct sk_buff *skb,
			   struct rtpfwd_pkt *pkt, bool rtcp)
{
	unsigned int len = pkt->payload_len;
	int err;

	if (pskb_trim(skb, pkt->payload_off + len))
		return -ENOMEM;
	if (rtcp)
		err = rtpfwd_srtcp_encrypt(srtp, skb, pkt->payload_off, &len);
	else
		err = rtpfwd_srtp_encrypt(srtp, skb, pkt->payload_off, &len);
	return err ?: rtpfwd_udp_resized(skb, pkt, len);
}

/* The TOS (traffic class) byte of the IP header in front of @skb's datagram. */
static unsigned int rtpfwd_tos(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return ip_hdr(skb)->tos;
	return ipv6_get_dsfield(ipv6_hdr(skb));
}

/*
 * Forward one datagram that rtpfwd_decide() let through.
 * Never inlined: its routes (RTPFWD_OUTPUTS_MAX pointers) are then on the
 * stack only while forwarding, not in rtpfwd_rule_packet()'s frame, which a
 * GSO batch has twice (rtpfwd_gso() calls it per segment).
 */
static noinline_for_stack enum rtpfwd_verdict
rtpfwd_forward(struct net *net, struct rtpfwd_rule *rule, struct sk_buff *skb,
	       const struct rtpfwd_pkt *pkt, const struct rtpfwd_rtp_info *rtp)
{
	bool rtp_ok = (rule->flags & RTPFWD_RULE_F_RTP) && !rtp->rtcp;
	unsigned int i, no_route = 0, failed = 0;
	struct dst_entry *dsts[RTPFWD_OUTPUTS_MAX];
	struct rtpfwd_xstats *xs = rule->xstats;
	u8 tos = rtpfwd_tos(skb);	/* read once: noted, and xstats' */
	struct rtpfwd_pkt own;
	int ssrc_idx = -1;

	/* an output's SRTP grows the datagram: the MTU check allows for it */
	if (rtpfwd_routes(net, rule, pkt, pkt->payload_len + rule->srtp_growth, dsts))
		return rtpfwd_refuse(rule, RTPFWD_D_TOO_BIG, 1);

	rtpfwd_note_tos(rule, tos);
	if (rtp_ok)
		rtpfwd_rtp_account(rule, rtp);
	/* recorded as it came (decrypted), before any output changes it */
	if (rule->tap)
		rtpfwd_tap_datagram(rule->tap, skb, pkt);
	if (xs)
		ssrc_idx = rtpfwd_xstats_in(xs, rtp, rtp_ok, pkt->payload_len, tos);

	/* Fork a copy to every output but the last, which gets the original. */
	for (i = 0; i < rule->num_outputs; i++) {
		const struct rtpfwd_output_cfg *cfg = &rule->outputs[i].cfg;
		bool last = i + 1 == rule->num_outputs, sent_ok = false;
		struct sk_buff *out;

		if (!dsts[i]) {
			if (last)
				kfree_skb(skb);
			no_route++;
			rtpfwd_count_output(rule, i, 0, false);
			if (xs)
				rtpfwd_xstats_out(xs, i, ssrc_idx, rtp, rtp_ok, 0, false);
			continue;
		}
		out = last ? skb : skb_copy(skb, GFP_ATOMIC);
		own = *pkt;
		/* payload and SSRC, then SRTP: the new SSRC's context, as rtpengine */
		if (out && rtp_ok && rtpfwd_rtp_rewrite(cfg, out, &own, rtp)) {
			kfree_skb(out);
			out = NULL;
		}
		if (out && rule->outputs[i].encrypt &&
		    rtpfwd_srtp_out(rule->outputs[i].encrypt, out, &own, rtp->rtcp)) {
			kfree_skb(out);
			out = NULL;
		}
		if (out)
			sent_ok = !rtpfwd_xmit(net, &rule->outputs[i], dsts[i], out, &own);
		else
			dst_release(dsts[i]);
		failed += !sent_ok;
		rtpfwd_count_output(rule, i, own.payload_len, sent_ok);
		if (xs)
			rtpfwd_xstats_out(xs, i, ssrc_idx, rtp, rtp_ok, own.payload_len, sent_ok);
	}
	rtpfwd_count_forward(rule, pkt->payload_len, no_route, failed);
	if (xs && (no_route || failed))
		rtpfwd_xstats_error(xs);
	return RTPFWD_STOLEN;
}

/*
 * A GSO batch (UDP_SEGMENT, UDP GRO) arrives as one skb. Every datagram in
 * it is judged first; only if all of them are to be forwarded is the batch
 * segmented and each segment forwarded (and counted) on its own. Otherwise
 * the batch goes up (or is dropped) whole, its datagrams counted one by
 * one: the socket layer segments it for the daemon.
 */
static enum rtpfwd_verdict rtpfwd_gso(struct net *net, struct rtpfwd_rule *rule,
				      struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	unsigned int mss = skb_shinfo(skb)->gso_size, n = 0, off, counts[RTPFWD_D_NUM] = {};
	unsigned int drops = 0;
	struct sk_buff *segs, *seg, *next;
	struct rtpfwd_pkt dgram = *pkt;
	struct rtpfwd_rtp_info rtp;
	enum rtpfwd_decision d;

	if (!(skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4) || !mss)
		return RTPFWD_PASS;	/* not UDP segmentation: not ours */

	for (off = 0; off < pkt->payload_len; off += mss, n++) {
		dgram.payload_off = pkt->payload_off + off;
		dgram.payload_len = min(mss, pkt->payload_len - off);
		counts[rtpfwd_decide(rule, skb, &dgram, &rtp)]++;
	}
	if (counts[RTPFWD_D_FORWARD] != n) {
		for (d = RTPFWD_D_FORWARD + 1; d < RTPFWD_D_NUM; d++) {
			if (counts[d])
				rtpfwd_count(rule, d, counts[d]);
			if (rtpfwd_decisions[d].drop)
				drops += counts[d];
		}
		return drops == n ? RTPFWD_DROP : RTPFWD_PASS;
	}
	/* only the MTU check: each segment routes again in rtpfwd_forward() */
	if (rtpfwd_routes(net, rule, pkt, mss + rule->srtp_growth, NULL))
		return rtpfwd_refuse(rule, RTPFWD_D_TOO_BIG, n);

	/* as udp_rcv_segment(): checksums stay partial where they were */
	segs = __skb_gso_segment(skb, NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM, false);
	if (IS_ERR_OR_NULL(segs))
		return rtpfwd_refuse(rule, RTPFWD_D_PASS_ERROR, n);
	consume_skb(skb);

	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (!rtpfwd_parse(seg, &dgram) ||
		    rtpfwd_rule_packet(net, rule, seg, &dgram) != RTPFWD_STOLEN) {
			/* judged forwardable above: only a changed route gets here */
			rtpfwd_count(rule, RTPFWD_D_DROP_ERROR, 1);
			kfree_skb(seg);
		}
	}
	return RTPFWD_STOLEN;
}

/* @skb matched @rule: forward, hand up or drop it. */
static enum rtpfwd_verdict rtpfwd_rule_packet(struct net *net, struct rtpfwd_rule *rule,
					      struct sk_buff *skb, struct rtpfwd_pkt *pkt)
{
	struct rtpfwd_rtp_info rtp;
	enum rtpfwd_decision d;

	rtpfwd_touch(rule);
	if (skb_is_gso(skb))
		return rtpfwd_gso(net, rule, skb, pkt);

	d = rtpfwd_decide(rule, skb, pkt, &rtp);
	if (d == RTPFWD_D_FORWARD && rule->decrypt)
		d = rtpfwd_srtp_in(rule, skb, pkt, &rtp);
	/* rtpengine 12.5 counts what its blackhole drops as the stream's input */
	if (d == RTPFWD_D_BLACKHOLE && rule->xstats)
		rtpfwd_xstats_in(rule->xstats, &rtp, false, pkt->payload_len, rtpfwd_tos(skb));
	if (d != RTPFWD_D_FORWARD)
		return rtpfwd_refuse(rule, d, 1);
	return rtpfwd_forward(net, rule, skb, pkt, &rtp);
}
