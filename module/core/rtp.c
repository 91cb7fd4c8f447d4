// SPDX-License-Identifier: GPL-2.0-only
/*
 * RTP on the packet path (RTPFWD_RULE_F_RTP): header checks, payload type
 * and SSRC filters, and RFC 3550 receiver statistics (sequence tracking,
 * loss, interarrival jitter) per SSRC slot of the rule.
 */
#include <linux/math64.h>
#include <linux/sched/clock.h>
#include <linux/skbuff.h>
#include <linux/time64.h>

#include "rtp.h"

/* RFC 3550 A.1 */
#define RTPFWD_MAX_DROPOUT	3000
#define RTPFWD_MAX_MISORDER	100
#define RTPFWD_SEQ_MOD		BIT(16)

static bool rtpfwd_ssrc_expected(const struct rtpfwd_rule *rule, __be32 ssrc)
{
	unsigned int i;

	for (i = 0; i < rule->num_ssrcs; i++)
		if (rule->ssrcs[i] == ssrc)
			return true;
	return false;
}

/**
 * rtpfwd_rtcp_check() - is this datagram RTCP (RFC 3550 6.4, RFC 5761 4)?
 * @skb: the packet
 * @pkt: the datagram in it
 *
 * Version 2, packet type 192..223 and at least the header and sender SSRC,
 * which is all SRTCP leaves in the clear; the rest of a compound packet is
 * the receiver's to parse (it may be encrypted).
 * Return: true for RTCP.
 */
bool rtpfwd_rtcp_check(const struct sk_buff *skb, const struct rtpfwd_pkt *pkt)
{
	u8 buf[2];
	const u8 *p;

	if (pkt->payload_len < 8)
		return false;
	p = skb_header_pointer(skb, pkt->payload_off, sizeof(buf), buf);
	return p && (p[0] >> 6) == 2 && p[1] >= 192 && p[1] <= 223;
}

/**
 * rtpfwd_rtp_check() - the RTP checks of a rule with RTPFWD_RULE_F_RTP
 * @rule: the rule
 * @skb: the packet
 * @pkt: the datagram in it (a GSO batch has several)
 * @info: filled for rtpfwd_rtp_account() when the result is 0
 *
 * Changes nothing: a GSO batch is judged datagram by datagram first.
 * Return: 0 to forward, > 0 to hand the packet up untouched (RTCP, a
 * payload type not in the list), < 0 for malformed RTP or, with
 * RTPFWD_RULE_F_SSRC, an SSRC not in the rule's list (handed up, counted
 * as an error: rtpengine's way).
 */
int rtpfwd_rtp_check(const struct rtpfwd_rule *rule, const struct sk_buff *skb,
		     const struct rtpfwd_pkt *pkt, struct rtpfwd_rtp_info *info)
{
	unsigned int off = pkt->payload_off, len = pkt->payload_len;
	const struct rtpfwd_rtp *rtp = rule->rtp;
	struct rtpfwd_rtphdr *hdr = &info->hdr;
	unsigned int hlen, idx;
	u8 buf[4];
	const u8 *p;

	if (len < sizeof(*hdr) || skb_copy_bits(skb, off, hdr, sizeof(*hdr)))
		return -EINVAL;
	if ((hdr->vpxcc >> 6) != 2)
		return -EINVAL;
	if (hdr->mpt >= 192 && hdr->mpt <= 223)
		return 1;	/* RTCP (rtcp-mux): user space's */

	hlen = sizeof(*hdr) + 4 * (hdr->vpxcc & 0x0f);
	if (hdr->vpxcc & 0x10) {		/* extension */
		if (hlen + 4 > len)
			return -EINVAL;
		p = skb_header_pointer(skb, off + hlen, 4, buf);
		if (!p)
			return -EINVAL;
		hlen += 4 + 4 * (p[2] << 8 | p[3]);
	}
	if (hlen > len)
		return -EINVAL;
	/* padding: the last byte counts it (in SRTP, encrypted: not checked) */
	if ((hdr->vpxcc & 0x20) && !rule->decrypt) {
		p = skb_header_pointer(skb, off + len - 1, 1, buf);
		if (!p || !*p || hlen + *p > len)
			return -EINVAL;
	}
	if ((rule->flags & RTPFWD_RULE_F_SSRC) && !rtpfwd_ssrc_expected(rule, hdr->ssrc))
		return -ENOENT;

	info->len = len;
	info->hlen = hlen;
	info->pt_idx = -1;
	info->clock_rate = 0;
	if (rtp->num_pts) {
		for (idx = 0; idx < rtp->num_pts; idx++)
			if (rtp->pts[idx].type == (hdr->mpt & 0x7f))
				break;
		if (idx == rtp->num_pts)
			return 1;
		info->pt_idx = idx;
		info->clock_rate = rtp->pts[idx].clock_rate;
	}
	return 0;
}

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

/* The slot of @ssrc, claimed if new; NULL when all are taken. */
static struct rtpfwd_ssrc_slot *rtpfwd_ssrc_slot(struct rtpfwd_rtp *rtp, u32 ssrc)
{
	u64 want = BIT_ULL(32) | ssrc, id;
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		id = atomic64_read(&rtp->ssrcs[i].id);
		if (!id)
			id = atomic64_cmpxchg(&rtp->ssrcs[i].id, 0, want) ?: want;
		if (id == want)
			return &rtp->ssrcs[i];
	}
	return NULL;
}

/*
 * Per payload type and per SSRC statistics of a datagram being forwarded,
 * as rtpfwd_rtp_check() found it. Context: BHs off (rtpfwd_packet()).
 */
void rtpfwd_rtp_account(struct rtpfwd_rule *rule, const struct rtpfwd_rtp_info *info)
{
	const struct rtpfwd_rtphdr *hdr = &info->hdr;
	u32 ts = ntohl(hdr->ts), arrival = 0, transit;
	struct rtpfwd_rtp *rtp = rule->rtp;
	u16 seq = ntohs(hdr->seq);
	struct rtpfwd_ssrc_slot *s;

	if (info->pt_idx >= 0 && rtp->pt_stats) {
		struct rtpfwd_pt_stats *st = this_cpu_ptr(rtp->pt_stats);

		u64_stats_update_begin(&st->syncp);
		u64_stats_inc(&st->pt[info->pt_idx].packets);
		u64_stats_add(&st->pt[info->pt_idx].bytes, info->len);
		u64_stats_update_end(&st->syncp);
	}

	s = rtpfwd_ssrc_slot(rtp, ntohl(hdr->ssrc));
	if (!s)
		return;		/* all slots taken: forwarded, not accounted */

	/*
	 * Jitter only compares arrivals of one SSRC, so the CPU's own clock
	 * will do: local_clock() reads the TSC, where ktime_get_ns() reads the
	 * clocksource, an HPET or a hypervisor's in some guests (a microsecond
	 * a packet). Across CPUs it may differ by a tick at most on hosts with
	 * an unstable TSC; one flow is received on one CPU (RSS, RPS).
	 */
	if (info->clock_rate)
		arrival = (u32)mul_u64_u32_div(local_clock(), info->clock_rate, NSEC_PER_SEC);

	/* BHs are off (rtpfwd_packet()); readers use spin_lock_bh() */
	spin_lock(&s->lock);
	s->packets++;
	s->bytes += info->len;
	s->timestamp = ts;
	if (!s->started) {
		rtpfwd_ssrc_init_seq(s, seq);
		s->received = 1;
		s->transit = arrival - ts;
		s->started = true;
	} else if (rtpfwd_ssrc_update_seq(s, seq) && info->clock_rate) {
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
