/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sending a forwarded datagram: the outputs' routes (per-CPU cached), the
 * path MTU check, header rewrite (bridging to the other family first when
 * the output asks for it), incremental checksum, ip(6)_local_out; from the
 * ingress hook straight to the neighbour (xmit_direct.c).
 */
#ifndef _RTPFWD_XMIT_H
#define _RTPFWD_XMIT_H

#include <linux/skbuff.h>
#include <net/dst.h>

#include "pkt.h"

int rtpfwd_routes(struct net *net, struct rtpfwd_rule *rule, const struct rtpfwd_pkt *pkt,
		  unsigned int payload_len, struct dst_entry **dsts);
int rtpfwd_xmit(struct net *net, const struct rtpfwd_output *out, struct dst_entry *dst,
		struct sk_buff *skb, const struct rtpfwd_pkt *pkt);
/* xmit_direct.c: from the ingress hook, past the IP stack's output path */
int rtpfwd_direct_out4(struct net *net, struct sk_buff *skb);
int rtpfwd_direct_out6(struct net *net, struct sk_buff *skb);
int rtpfwd_udp_resized(struct sk_buff *skb, struct rtpfwd_pkt *pkt, unsigned int payload_len);

#endif /* _RTPFWD_XMIT_H */
