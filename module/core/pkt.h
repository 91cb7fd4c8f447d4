/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd packet path, internal: what parsing found out about one datagram,
 * shared by forward.c (decisions), rtp.c (RTP checks and accounting),
 * xmit.c (routes, rewrite, send) and bridge.c (IPv4<->IPv6 headers).
 */
#ifndef _RTPFWD_PKT_H
#define _RTPFWD_PKT_H

#include <linux/types.h>

#include "rule.h"

struct rtpfwd_pkt {
	struct rtpfwd_endpoint	src;
	struct rtpfwd_endpoint	dst;
	unsigned int		l4off;		/* UDP header, from the network header */
	unsigned int		payload_off;	/* UDP payload, from skb->data */
	unsigned int		payload_len;	/* UDP payload bytes */
	u8			ttl;		/* TTL / hop limit as received */
	bool			df;		/* IPv4 don't fragment (IPv6: always) */
};

#endif /* _RTPFWD_PKT_H */
