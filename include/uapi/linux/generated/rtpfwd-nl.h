/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/rtpfwd.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_RTPENGINE_GEN_H
#define _LINUX_RTPENGINE_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/rtpfwd.h>

/* Common nested types */
extern const struct nla_policy rtpengine_endpoint_nl_policy[RTPFWD_EP_A_PORT + 1];
extern const struct nla_policy rtpengine_output_nl_policy[RTPFWD_OUT_A_PT_REPLACE + 1];
extern const struct nla_policy rtpengine_payload_type_nl_policy[RTPFWD_PT_A_BYTES + 1];
extern const struct nla_policy rtpengine_pt_replace_nl_policy[RTPFWD_PT_REPLACE_A_PATTERN + 1];
extern const struct nla_policy rtpengine_recording_nl_policy[RTPFWD_REC_A_DROPPED + 1];
extern const struct nla_policy rtpengine_rule_nl_policy[RTPFWD_RULE_A_RECORDING + 1];
extern const struct nla_policy rtpengine_srtp_nl_policy[RTPFWD_SRTP_A_UNAUTHENTICATED + 1];
extern const struct nla_policy rtpengine_srtp_roc_nl_policy[RTPFWD_SRTP_ROC_A_ROC + 1];
extern const struct nla_policy rtpengine_ssrc_nl_policy[RTPFWD_SSRC_A_JITTER + 1];
extern const struct nla_policy rtpengine_ssrc_map_nl_policy[RTPFWD_SSRC_MAP_A_TO + 1];
extern const struct nla_policy rtpengine_stats_nl_policy[RTPFWD_STATS_A_BLACKHOLED + 1];

extern const struct nla_policy rtpengine_table_new_nl_policy[RTPFWD_A_TABLE_ID + 1];

extern const struct nla_policy rtpengine_table_del_nl_policy[RTPFWD_A_TABLE_ID + 1];

extern const struct nla_policy rtpengine_table_get_nl_policy[RTPFWD_A_TABLE_ID + 1];

extern const struct nla_policy rtpengine_rule_new_nl_policy[RTPFWD_A_RULE + 1];

extern const struct nla_policy rtpengine_rule_del_nl_policy[RTPFWD_A_RULE + 1];

extern const struct nla_policy rtpengine_rule_get_nl_policy[RTPFWD_A_RULE + 1];

extern const struct nla_policy rtpengine_stats_reset_nl_policy[RTPFWD_A_RULE + 1];

extern const struct nla_policy rtpengine_recording_new_nl_policy[RTPFWD_A_RECORDING + 1];

extern const struct nla_policy rtpengine_recording_del_nl_policy[RTPFWD_A_RECORDING + 1];

extern const struct nla_policy rtpengine_recording_get_nl_policy[RTPFWD_A_RECORDING + 1];

/* Ops table for rtpengine */
extern const struct genl_ops rtpengine_nl_ops[10];

int rtpengine_nl_table_new_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_table_del_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_table_get_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_table_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int rtpengine_nl_rule_new_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_rule_del_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_rule_get_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_rule_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int rtpengine_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info);
int rtpengine_nl_recording_new_doit(struct sk_buff *skb,
				    struct genl_info *info);
int rtpengine_nl_recording_del_doit(struct sk_buff *skb,
				    struct genl_info *info);
int rtpengine_nl_recording_get_doit(struct sk_buff *skb,
				    struct genl_info *info);
int rtpengine_nl_recording_get_dumpit(struct sk_buff *skb,
				      struct netlink_callback *cb);

enum {
	RTPENGINE_NLGRP_NOTIFY,
};

#endif /* _LINUX_RTPENGINE_GEN_H */
