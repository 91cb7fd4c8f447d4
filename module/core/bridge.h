/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPv4<->IPv6 bridging: an output of the other address family gets the
 * other network header format in place; rtpfwd_xmit() then rewrites it as
 * for any output.
 */
#ifndef _RTPFWD_BRIDGE_H
#define _RTPFWD_BRIDGE_H

#include <linux/skbuff.h>

#include "pkt.h"

int rtpfwd_bridge4to6(struct sk_buff *skb, const struct rtpfwd_pkt *pkt, bool csum);
int rtpfwd_bridge6to4(struct sk_buff *skb, const struct rtpfwd_pkt *pkt);

#endif /* _RTPFWD_BRIDGE_H */
