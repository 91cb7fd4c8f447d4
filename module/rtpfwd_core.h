/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd: what the core module offers its packet front-ends (nft_rtpengine,
 * xt_RTPENGINE). A front-end parses its own options, then for every packet
 * calls rtpfwd_packet() (rtpfwd_packet_ingress() on a device's ingress
 * hook) and maps the verdict to its own framework.
 */
#ifndef _RTPFWD_CORE_H
#define _RTPFWD_CORE_H

#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <linux/rtpfwd.h>

enum rtpfwd_verdict {
	RTPFWD_PASS,	/* not ours, or handed up: the skb is untouched, continue */
	RTPFWD_STOLEN,	/* consumed (forwarded): return NF_STOLEN, never touch the skb */
	RTPFWD_DROP,	/* a rule says drop: return NF_DROP */
};

/**
 * rtpfwd_packet() - offer an IPv4 or IPv6 packet to table @table_id of @net
 * @net: the packet's network namespace
 * @table_id: the table; an id out of range or without a table passes
 * @skb: the packet, at the network header, in the PRE_ROUTING or LOCAL_IN hook
 *
 * Context: rcu_read_lock() held (as in every netfilter hook); softirq, or
 * process context with BHs enabled or not (an NFQUEUE verdict re-injects
 * packets from process context). Takes no lock but per SSRC slot locks,
 * allocates only to fork or segment.
 * Return: what the caller must do with @skb.
 */
enum rtpfwd_verdict rtpfwd_packet(struct net *net, u32 table_id, struct sk_buff *skb);
/*
 * The same from a device's ingress hook (core/ingress.c): checks the IP
 * header first, as the IP stack would; forwarded copies skip it on the way
 * out too.
 */
enum rtpfwd_verdict rtpfwd_packet_ingress(struct net *net, u32 table_id, struct sk_buff *skb);

struct netlink_ext_ack;

/* Rule front-ends that name a table at rule creation (see table.c). */
int rtpfwd_table_ensure(struct net *net, u32 id, bool create, bool exclusive,
			struct netlink_ext_ack *extack);
void rtpfwd_table_delete_unused(struct net *net, u32 id);

/*
 * xt_RTPENGINE's proc_uid, proc_gid and proc_mask (rtpengine's names, which
 * Debian's modprobe.d gives that module): the owner and mask of the /proc
 * entries made from now on (control/proc_owner.c).
 */
int rtpfwd_proc_access_set(u32 uid, u32 gid, u32 mask);
/* rtpengine's stream_packets_list_limit, from xt_RTPENGINE's parameter (1..4096) */
int rtpfwd_stream_packets_set(unsigned int packets);

#endif /* _RTPFWD_CORE_H */
