/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RTP on the packet path: the checks a rule with RTPFWD_RULE_F_RTP makes
 * (and what RTCP is, for RTPFWD_RULE_F_RTCP)
 * (no side effect, so a GSO batch can be judged datagram by datagram before
 * anything is counted) and the RFC 3550 receiver statistics of a forwarded
 * packet.
 */
#ifndef _RTPFWD_RTP_H
#define _RTPFWD_RTP_H

#include <linux/skbuff.h>

#include "pkt.h"

/* The fixed RTP header. */
struct rtpfwd_rtphdr {
	u8	vpxcc;		/* version 2, padding, extension, CSRC count */
	u8	mpt;		/* marker, payload type */
	__be16	seq;
	__be32	ts;
	__be32	ssrc;
};

/* What rtpfwd_rtp_check() found, for rtpfwd_rtp_account(). */
struct rtpfwd_rtp_info {
	struct rtpfwd_rtphdr	hdr;
	unsigned int		len;		/* UDP payload bytes */
	unsigned int		hlen;		/* RTP header bytes (CSRCs, extension) */
	int			pt_idx;		/* in the rule's list; -1: no list */
	u32			clock_rate;	/* 0: no jitter */
	bool			rtcp;		/* RTCP to forward (RTPFWD_RULE_F_RTCP) */
};

bool rtpfwd_rtcp_check(const struct sk_buff *skb, const struct rtpfwd_pkt *pkt);
int rtpfwd_rtp_check(const struct rtpfwd_rule *rule, const struct sk_buff *skb,
		     const struct rtpfwd_pkt *pkt, struct rtpfwd_rtp_info *info);
void rtpfwd_rtp_account(struct rtpfwd_rule *rule, const struct rtpfwd_rtp_info *info);

#endif /* _RTPFWD_RTP_H */
