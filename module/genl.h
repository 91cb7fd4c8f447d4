/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd generic netlink internals shared by genl.c (the family, tables)
 * and genl_rule.c (rules).
 */
#ifndef _RTPFWD_GENL_H
#define _RTPFWD_GENL_H

#include <net/genetlink.h>
#include <linux/rtpfwd.h>

extern struct genl_family rtpfwd_genl_family;
extern const struct nla_policy rtpfwd_rule_req_policy[RTPFWD_A_MAX + 1];

int rtpfwd_genl_table_id(struct genl_info *info, u32 *id);
struct sk_buff *rtpfwd_genl_notify_start(struct net *net, size_t size, u8 cmd, u16 flags,
					 void **hdr);
void rtpfwd_genl_notify_send(struct net *net, struct sk_buff *skb, void *hdr);
int rtpfwd_genl_rule_new(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_rule_del(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_stats_reset(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_rule_get(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_rule_dump_start(struct netlink_callback *cb);
int rtpfwd_genl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb);
int rtpfwd_genl_rule_dump_done(struct netlink_callback *cb);

#endif /* _RTPFWD_GENL_H */
