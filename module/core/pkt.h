/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd packet path, internal: what parsing found out about one datagram,
 * shared by forward.c (decisions), rtp.c (RTP checks and accounting),
 * xmit.c (routes, rewrite, send), bridge.c (IPv4<->IPv6 headers) and
 * ingress.c (the ingress hook's entry).
 */
#ifndef _RTPFWD_PKT_H
#define _RTPFWD_PKT_H

#include <linux/skbuff.h>
#include <linux/types.h>

#include "rtpfwd_core.h"

#include "rule.h"

struct rtpfwd_pkt {
	struct rtpfwd_endpoint	src;
	struct rtpfwd_endpoint	dst;
	unsigned int		l4off;		/* UDP header, from the network header */
	unsigned int		payload_off;	/* UDP payload, from skb->data */
	unsigned int		payload_len;	/* UDP payload bytes */
	u8			ttl;		/* TTL / hop limit as received */
	bool			df;		/* IPv4 don't fragment (IPv6: always) */
	bool			ingress;	/* taken at a device's ingress hook (ingress.c) */
};

/*
 * forward.c: offer a packet that a front-end took at the network header to
 * @table_id; @ingress: before the IP stack (the caller validated the IP
 * header as ip_rcv() would), so forwarded copies leave past it as well.
 */
enum rtpfwd_verdict rtpfwd_offer(struct net *net, u32 table_id, struct sk_buff *skb, bool ingress);

#endif /* _RTPFWD_PKT_H */
