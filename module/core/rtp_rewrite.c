// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtp_rewrite.h's rewrites. The payload replacement comes first and
 * computes the UDP checksum afresh (every payload byte may change); the
 * SSRC rewrite then updates it incrementally (four bytes).
 */
#include <linux/udp.h>
#include <net/checksum.h>

#include "rtp_rewrite.h"
#include "xmit.h"

/*
 * An output's SSRC rewrite on its own copy @skb of the RTP datagram @pkt
 * whose SSRC is @ssrc: in place, the UDP checksum updated incrementally
 * (none stays none; a partial one covers the payload later by itself).
 * Return: 0, or -ENOMEM (the copy could not be made writable).
 */
static int rtpfwd_ssrc_rewrite(const struct rtpfwd_output_cfg *cfg, struct sk_buff *skb,
			       const struct rtpfwd_pkt *pkt, __be32 ssrc)
{
	unsigned int i, off = pkt->payload_off + offsetof(struct rtpfwd_rtphdr, ssrc);
	struct udphdr *uh;
	__be32 *p;

	for (i = 0; i < cfg->num_ssrc_map; i++)
		if (cfg->ssrc_map[i].from == ssrc)
			break;
	if (i == cfg->num_ssrc_map)
		return 0;
	if (skb_ensure_writable(skb, off + sizeof(*p)))
		return -ENOMEM;
	p = (__be32 *)(skb->data + off);
	uh = (struct udphdr *)(skb_network_header(skb) + pkt->l4off);
	if (skb->ip_summed != CHECKSUM_PARTIAL && (uh->check || pkt->dst.family == AF_INET6)) {
		inet_proto_csum_replace4(&uh->check, skb, *p, cfg->ssrc_map[i].to, false);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
	}
	*p = cfg->ssrc_map[i].to;
	return 0;
}

/* The payload replacement of @cfg for RTP of payload type @mpt's, or NULL. */
static const struct rtpfwd_pt_replace *rtpfwd_pt_replace_find(const struct rtpfwd_output_cfg *cfg,
							      u8 mpt)
{
	unsigned int i;

	for (i = 0; i < cfg->num_pt_replace; i++)
		if (cfg->pt_replace[i].type == (mpt & 0x7f))
			return &cfg->pt_replace[i];
	return NULL;
}

/*
 * An output's payload replacement on its own copy @skb of the RTP datagram
 * @pkt (@rtp: what its header says): the payload between the header and
 * any padding overwritten with @r's pattern, over and over, and the UDP
 * checksum computed afresh (every payload byte may have changed). Padding
 * whose count does not fit (SRTP does not check it) counts as payload.
 * Return: 0, or -ENOMEM (the copy could not be made writable).
 */
static int rtpfwd_pt_replace(const struct rtpfwd_pt_replace *r, struct sk_buff *skb,
			     struct rtpfwd_pkt *pkt, const struct rtpfwd_rtp_info *rtp)
{
	unsigned int len = pkt->payload_len, pos, n;
	u8 *p;

	if (skb_ensure_writable(skb, pkt->payload_off + len))
		return -ENOMEM;
	p = skb->data + pkt->payload_off;
	if ((rtp->hdr.vpxcc & 0x20) && p[len - 1] && rtp->hlen + p[len - 1] <= len)
		len -= p[len - 1];
	for (pos = rtp->hlen; pos < len; pos += n) {
		n = min_t(unsigned int, r->len, len - pos);
		memcpy(p + pos, r->pattern, n);
	}
	return rtpfwd_udp_resized(skb, pkt, pkt->payload_len);
}

/**
 * __rtpfwd_rtp_rewrite() - rtpfwd_rtp_rewrite() for an output that rewrites
 * @cfg: the output, with a payload replacement or an SSRC map
 * @skb: its own copy of the datagram
 * @pkt: what parsing found out about it, the output's own copy
 * @rtp: what its RTP header says
 *
 * Return: 0, or -ENOMEM.
 */
int __rtpfwd_rtp_rewrite(const struct rtpfwd_output_cfg *cfg, struct sk_buff *skb,
			 struct rtpfwd_pkt *pkt, const struct rtpfwd_rtp_info *rtp)
{
	const struct rtpfwd_pt_replace *r = rtpfwd_pt_replace_find(cfg, rtp->hdr.mpt);

	if (r && rtpfwd_pt_replace(r, skb, pkt, rtp))
		return -ENOMEM;
	if (cfg->num_ssrc_map)
		return rtpfwd_ssrc_rewrite(cfg, skb, pkt, rtp->hdr.ssrc);
	return 0;
}
