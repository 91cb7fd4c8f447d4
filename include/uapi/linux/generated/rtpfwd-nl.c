// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/rtpfwd.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "rtpfwd-nl.h"

#include <uapi/linux/rtpfwd.h>

/* Common nested types */
const struct nla_policy rtpengine_endpoint_nl_policy[RTPFWD_EP_A_PORT + 1] = {
	[RTPFWD_EP_A_ADDR4] = NLA_POLICY_EXACT_LEN(4),
	[RTPFWD_EP_A_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[RTPFWD_EP_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy rtpengine_output_nl_policy[RTPFWD_OUT_A_PT_REPLACE + 1] = {
	[RTPFWD_OUT_A_SRC] = NLA_POLICY_NESTED(rtpengine_endpoint_nl_policy),
	[RTPFWD_OUT_A_DST] = NLA_POLICY_NESTED(rtpengine_endpoint_nl_policy),
	[RTPFWD_OUT_A_TOS] = { .type = NLA_U8, },
	[RTPFWD_OUT_A_ENCRYPT] = NLA_POLICY_NESTED(rtpengine_srtp_nl_policy),
	[RTPFWD_OUT_A_STATS] = NLA_POLICY_NESTED(rtpengine_stats_nl_policy),
	[RTPFWD_OUT_A_SSRC_MAP] = NLA_POLICY_NESTED(rtpengine_ssrc_map_nl_policy),
	[RTPFWD_OUT_A_PT_REPLACE] = NLA_POLICY_NESTED(rtpengine_pt_replace_nl_policy),
};

const struct nla_policy rtpengine_payload_type_nl_policy[RTPFWD_PT_A_BYTES + 1] = {
	[RTPFWD_PT_A_TYPE] = NLA_POLICY_MAX(NLA_U8, 127),
	[RTPFWD_PT_A_CLOCK_RATE] = NLA_POLICY_MIN(NLA_U32, 1),
	[RTPFWD_PT_A_PACKETS] = { .type = NLA_U64, },
	[RTPFWD_PT_A_BYTES] = { .type = NLA_U64, },
};

const struct nla_policy rtpengine_pt_replace_nl_policy[RTPFWD_PT_REPLACE_A_PATTERN + 1] = {
	[RTPFWD_PT_REPLACE_A_TYPE] = NLA_POLICY_MAX(NLA_U8, 127),
	[RTPFWD_PT_REPLACE_A_PATTERN] = { .type = NLA_BINARY, },
};

const struct nla_policy rtpengine_recording_nl_policy[RTPFWD_REC_A_DROPPED + 1] = {
	[RTPFWD_REC_A_CALL] = { .type = NLA_NUL_STRING, .len = RTPENGINE_RECORDING_NAME_MAX, },
	[RTPFWD_REC_A_STREAM] = { .type = NLA_NUL_STRING, .len = RTPENGINE_RECORDING_NAME_MAX, },
	[RTPFWD_REC_A_ID] = { .type = NLA_U32, },
	[RTPFWD_REC_A_PACKETS] = NLA_POLICY_RANGE(NLA_U32, 1, RTPENGINE_RECORDING_PACKETS_MAX),
	[RTPFWD_REC_A_QUEUED] = { .type = NLA_U32, },
	[RTPFWD_REC_A_DROPPED] = { .type = NLA_U64, },
};

const struct nla_policy rtpengine_rule_nl_policy[RTPFWD_RULE_A_RECORDING + 1] = {
	[RTPFWD_RULE_A_LOCAL] = NLA_POLICY_NESTED(rtpengine_endpoint_nl_policy),
	[RTPFWD_RULE_A_EXPECT] = NLA_POLICY_NESTED(rtpengine_endpoint_nl_policy),
	[RTPFWD_RULE_A_MISMATCH] = NLA_POLICY_MAX(NLA_U8, 2),
	[RTPFWD_RULE_A_OUTPUT] = NLA_POLICY_NESTED(rtpengine_output_nl_policy),
	[RTPFWD_RULE_A_STATS] = NLA_POLICY_NESTED(rtpengine_stats_nl_policy),
	[RTPFWD_RULE_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0xff),
	[RTPFWD_RULE_A_PAYLOAD_TYPE] = NLA_POLICY_NESTED(rtpengine_payload_type_nl_policy),
	[RTPFWD_RULE_A_PT_STATS] = NLA_POLICY_NESTED(rtpengine_payload_type_nl_policy),
	[RTPFWD_RULE_A_SSRC_STATS] = NLA_POLICY_NESTED(rtpengine_ssrc_nl_policy),
	[RTPFWD_RULE_A_SSRC] = { .type = NLA_U32, },
	[RTPFWD_RULE_A_DECRYPT] = NLA_POLICY_NESTED(rtpengine_srtp_nl_policy),
	[RTPFWD_RULE_A_RECORDING] = { .type = NLA_U32, },
};

const struct nla_policy rtpengine_srtp_nl_policy[RTPFWD_SRTP_A_UNAUTHENTICATED + 1] = {
	[RTPFWD_SRTP_A_SUITE] = NLA_POLICY_MAX(NLA_U32, 12),
	[RTPFWD_SRTP_A_MASTER_KEY] = { .type = NLA_BINARY, },
	[RTPFWD_SRTP_A_MASTER_SALT] = { .type = NLA_BINARY, },
	[RTPFWD_SRTP_A_MKI] = { .type = NLA_BINARY, },
	[RTPFWD_SRTP_A_ROC] = NLA_POLICY_NESTED(rtpengine_srtp_roc_nl_policy),
	[RTPFWD_SRTP_A_MKI_LEN] = { .type = NLA_U8, },
	[RTPFWD_SRTP_A_UNAUTHENTICATED] = { .type = NLA_FLAG, },
};

const struct nla_policy rtpengine_srtp_roc_nl_policy[RTPFWD_SRTP_ROC_A_ROC + 1] = {
	[RTPFWD_SRTP_ROC_A_SSRC] = { .type = NLA_U32, },
	[RTPFWD_SRTP_ROC_A_ROC] = { .type = NLA_U32, },
};

const struct nla_policy rtpengine_ssrc_nl_policy[RTPFWD_SSRC_A_JITTER + 1] = {
	[RTPFWD_SSRC_A_SSRC] = { .type = NLA_U32, },
	[RTPFWD_SSRC_A_PACKETS] = { .type = NLA_U64, },
	[RTPFWD_SSRC_A_BYTES] = { .type = NLA_U64, },
	[RTPFWD_SSRC_A_EXT_SEQ] = { .type = NLA_U32, },
	[RTPFWD_SSRC_A_LOST] = { .type = NLA_U32, },
	[RTPFWD_SSRC_A_JITTER] = { .type = NLA_U32, },
};

const struct nla_policy rtpengine_ssrc_map_nl_policy[RTPFWD_SSRC_MAP_A_TO + 1] = {
	[RTPFWD_SSRC_MAP_A_FROM] = { .type = NLA_U32, },
	[RTPFWD_SSRC_MAP_A_TO] = { .type = NLA_U32, },
};

const struct nla_policy rtpengine_stats_nl_policy[RTPFWD_STATS_A_BLACKHOLED + 1] = {
	[RTPFWD_STATS_A_PACKETS] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_BYTES] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_ERRORS] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_TTL_EXPIRED] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_TOO_BIG] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_SRTP_AUTH_FAILED] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_SRTP_REPLAYED] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_SRC_MISMATCH_DROPPED] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_NOT_RTP] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_NO_ROUTE] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_OUTPUT_FAILED] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_HANDED_UP_STUN] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_HANDED_UP_DTLS] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_HANDED_UP_MISMATCH] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_HANDED_UP_OTHER] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_LAST_PACKET_MS] = { .type = NLA_U64, },
	[RTPFWD_STATS_A_BLACKHOLED] = { .type = NLA_U64, },
};

/* RTPFWD_CMD_TABLE_NEW - do */
const struct nla_policy rtpengine_table_new_nl_policy[RTPFWD_A_TABLE_ID + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
};

/* RTPFWD_CMD_TABLE_DEL - do */
const struct nla_policy rtpengine_table_del_nl_policy[RTPFWD_A_TABLE_ID + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
};

/* RTPFWD_CMD_TABLE_GET - do */
const struct nla_policy rtpengine_table_get_nl_policy[RTPFWD_A_TABLE_ID + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
};

/* RTPFWD_CMD_RULE_NEW - do */
const struct nla_policy rtpengine_rule_new_nl_policy[RTPFWD_A_RULE + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RULE] = NLA_POLICY_NESTED(rtpengine_rule_nl_policy),
};

/* RTPFWD_CMD_RULE_DEL - do */
const struct nla_policy rtpengine_rule_del_nl_policy[RTPFWD_A_RULE + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RULE] = NLA_POLICY_NESTED(rtpengine_rule_nl_policy),
};

/* RTPFWD_CMD_RULE_GET - do */
const struct nla_policy rtpengine_rule_get_nl_policy[RTPFWD_A_RULE + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RULE] = NLA_POLICY_NESTED(rtpengine_rule_nl_policy),
};

/* RTPFWD_CMD_STATS_RESET - do */
const struct nla_policy rtpengine_stats_reset_nl_policy[RTPFWD_A_RULE + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RULE] = NLA_POLICY_NESTED(rtpengine_rule_nl_policy),
};

/* RTPFWD_CMD_RECORDING_NEW - do */
const struct nla_policy rtpengine_recording_new_nl_policy[RTPFWD_A_RECORDING + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RECORDING] = NLA_POLICY_NESTED(rtpengine_recording_nl_policy),
};

/* RTPFWD_CMD_RECORDING_DEL - do */
const struct nla_policy rtpengine_recording_del_nl_policy[RTPFWD_A_RECORDING + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RECORDING] = NLA_POLICY_NESTED(rtpengine_recording_nl_policy),
};

/* RTPFWD_CMD_RECORDING_GET - do */
const struct nla_policy rtpengine_recording_get_nl_policy[RTPFWD_A_RECORDING + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPENGINE_TABLE_ID_MAX),
	[RTPFWD_A_RECORDING] = NLA_POLICY_NESTED(rtpengine_recording_nl_policy),
};

/* Ops table for rtpengine */
const struct genl_ops rtpengine_nl_ops[10] = {
	{
		.cmd		= RTPFWD_CMD_TABLE_NEW,
		.doit		= rtpengine_nl_table_new_doit,
		.policy		= rtpengine_table_new_nl_policy,
		.maxattr	= RTPFWD_A_TABLE_ID,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_TABLE_DEL,
		.doit		= rtpengine_nl_table_del_doit,
		.policy		= rtpengine_table_del_nl_policy,
		.maxattr	= RTPFWD_A_TABLE_ID,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_TABLE_GET,
		.doit		= rtpengine_nl_table_get_doit,
		.dumpit		= rtpengine_nl_table_get_dumpit,
		.policy		= rtpengine_table_get_nl_policy,
		.maxattr	= RTPFWD_A_TABLE_ID,
	},
	{
		.cmd		= RTPFWD_CMD_RULE_NEW,
		.doit		= rtpengine_nl_rule_new_doit,
		.policy		= rtpengine_rule_new_nl_policy,
		.maxattr	= RTPFWD_A_RULE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_RULE_DEL,
		.doit		= rtpengine_nl_rule_del_doit,
		.policy		= rtpengine_rule_del_nl_policy,
		.maxattr	= RTPFWD_A_RULE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_RULE_GET,
		.doit		= rtpengine_nl_rule_get_doit,
		.dumpit		= rtpengine_nl_rule_get_dumpit,
		.policy		= rtpengine_rule_get_nl_policy,
		.maxattr	= RTPFWD_A_RULE,
	},
	{
		.cmd		= RTPFWD_CMD_STATS_RESET,
		.doit		= rtpengine_nl_stats_reset_doit,
		.policy		= rtpengine_stats_reset_nl_policy,
		.maxattr	= RTPFWD_A_RULE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_RECORDING_NEW,
		.doit		= rtpengine_nl_recording_new_doit,
		.policy		= rtpengine_recording_new_nl_policy,
		.maxattr	= RTPFWD_A_RECORDING,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_RECORDING_DEL,
		.doit		= rtpengine_nl_recording_del_doit,
		.policy		= rtpengine_recording_del_nl_policy,
		.maxattr	= RTPFWD_A_RECORDING,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= RTPFWD_CMD_RECORDING_GET,
		.doit		= rtpengine_nl_recording_get_doit,
		.dumpit		= rtpengine_nl_recording_get_dumpit,
		.policy		= rtpengine_recording_get_nl_policy,
		.maxattr	= RTPFWD_A_RECORDING,
	},
};

static const struct genl_multicast_group rtpengine_nl_mcgrps[] = {
	[RTPENGINE_NLGRP_NOTIFY] = { "notify", },
};
