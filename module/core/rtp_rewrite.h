/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What an output changes in the RTP it sends, on its own copy: the payload
 * of a payload type it replaces (rtpengine's silence media), the SSRC of an
 * SSRC in its map (rtpengine's SSRC substitution). Both before its SRTP.
 */
#ifndef _RTPFWD_RTP_REWRITE_H
#define _RTPFWD_RTP_REWRITE_H

#include <linux/skbuff.h>

#include "pkt.h"
#include "rtp.h"
#include "rule.h"

int __rtpfwd_rtp_rewrite(const struct rtpfwd_output_cfg *cfg, struct sk_buff *skb,
			 struct rtpfwd_pkt *pkt, const struct rtpfwd_rtp_info *rtp);

/**
 * rtpfwd_rtp_rewrite() - an output's changes to its copy of an RTP datagram
 * @cfg: the output
 * @skb: its own copy of the datagram (the original for the last output)
 * @pkt: what parsing found out about it, the output's own copy: kept true
 * @rtp: what its RTP header says
 *
 * Inline so that an output without rewrites costs a test on the packet path.
 * Return: 0, or -ENOMEM (the copy could not be made writable).
 */
static inline int rtpfwd_rtp_rewrite(const struct rtpfwd_output_cfg *cfg, struct sk_buff *skb,
				     struct rtpfwd_pkt *pkt, const struct rtpfwd_rtp_info *rtp)
{
	if (!cfg->num_pt_replace && !cfg->num_ssrc_map)
		return 0;
	return __rtpfwd_rtp_rewrite(cfg, skb, pkt, rtp);
}

#endif /* _RTPFWD_RTP_REWRITE_H */
