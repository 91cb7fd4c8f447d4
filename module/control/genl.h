/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd generic netlink internals shared by genl.c (the family, tables),
 * genl_rule_parse.c (rule requests parsed), genl_rule.c (rule requests),
 * genl_rule_reply.c (rule replies and dumps), genl_recording.c (recorded
 * streams) and genl_notify.c (events).
 */
#ifndef _RTPFWD_GENL_H
#define _RTPFWD_GENL_H

#include <net/genetlink.h>
#include <linux/rtpfwd.h>

struct rtpfwd_endpoint;
struct rtpfwd_table;

enum rtpfwd_mcgrp {
	RTPFWD_MCGRP_NOTIFY,
};

extern struct genl_family rtpfwd_genl_family;
extern const struct nla_policy rtpfwd_rule_req_policy[RTPFWD_A_RULE + 1];

/* genl.c */
int rtpfwd_genl_init(void);
void rtpfwd_genl_exit(void);
int rtpfwd_genl_table_id(struct genl_info *info, u32 *id);
int rtpfwd_genl_dump_check(struct netlink_callback *cb);
void rtpfwd_genl_dump_mark(struct netlink_callback *cb, struct nlmsghdr *nlh, bool inconsistent);

struct rtpfwd_rule_cfg;
struct rtpfwd_srtp_cfg;

/* genl_rule_parse.c */
extern const struct nla_policy rtpfwd_srtp_policy[RTPFWD_SRTP_A_MAX + 1];
extern const struct nla_policy rtpfwd_srtp_roc_policy[RTPFWD_SRTP_ROC_A_MAX + 1];
int rtpfwd_genl_parse_rule(struct genl_info *info, struct rtpfwd_rule_cfg *cfg,
			   struct rtpfwd_srtp_cfg **srtp);
int rtpfwd_genl_parse_local(struct genl_info *info, struct rtpfwd_endpoint *local);

/* genl_srtp_parse.c */
int rtpfwd_genl_parse_srtp(const struct nlattr *attr, struct rtpfwd_srtp_cfg **srtp,
			   unsigned int idx, struct netlink_ext_ack *extack);

/* genl_rule.c */
int rtpfwd_genl_table(struct genl_info *info, struct rtpfwd_table **table);
int rtpfwd_genl_rule_new(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_rule_del(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_stats_reset(struct sk_buff *skb, struct genl_info *info);

/* genl_rule_reply.c */
int rtpfwd_genl_put_ep(struct sk_buff *skb, int type, const struct rtpfwd_endpoint *ep);
int rtpfwd_genl_rule_get(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_rule_dump_start(struct netlink_callback *cb);
int rtpfwd_genl_rule_dump(struct sk_buff *skb, struct netlink_callback *cb);
int rtpfwd_genl_rule_dump_done(struct netlink_callback *cb);

/* genl_recording.c */
extern const struct nla_policy rtpfwd_rec_req_policy[RTPFWD_A_RECORDING + 1];
int rtpfwd_genl_recording_new(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_recording_del(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_recording_get(struct sk_buff *skb, struct genl_info *info);
int rtpfwd_genl_recording_dump_start(struct netlink_callback *cb);
int rtpfwd_genl_recording_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* genl_notify.c */
int rtpfwd_genl_notify_init(void);
void rtpfwd_genl_notify_exit(void);

#endif /* _RTPFWD_GENL_H */
