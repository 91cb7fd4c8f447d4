// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink: an SRTP nest of a rule request (a rule's decrypt,
 * an output's encrypt) parsed into struct rtpfwd_srtp_cfg (core/srtp.h). Its
 * policies are with the others, in genl_rule_parse.c; what the suite
 * allows, the core checks (rtpfwd_srtp_cfg_validate()).
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include "core/rule.h"
#include "core/srtp.h"
#include "genl.h"

/* One SSRC's initial rollover counter (RTPFWD_SRTP_A_ROC). */
static int rtpfwd_genl_parse_roc(const struct nlattr *attr, struct rtpfwd_srtp_cfg *srtp,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_SRTP_ROC_A_MAX + 1];
	struct rtpfwd_srtp_roc_cfg *roc;
	int err;

	if (srtp->num_rocs == RTPFWD_SSRCS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many SRTP rollover counters (at most 4)");
		return -E2BIG;
	}
	err = nla_parse_nested(tb, RTPFWD_SRTP_ROC_A_MAX, attr, rtpfwd_srtp_roc_policy, extack);
	if (err)
		return err;
	if (!tb[RTPFWD_SRTP_ROC_A_SSRC]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "a rollover counter needs an SSRC");
		NL_SET_ERR_ATTR_MISS(extack, attr, RTPFWD_SRTP_ROC_A_SSRC);
		return -EINVAL;
	}
	roc = &srtp->rocs[srtp->num_rocs++];
	roc->ssrc = cpu_to_be32(nla_get_u32(tb[RTPFWD_SRTP_ROC_A_SSRC]));
	roc->roc = tb[RTPFWD_SRTP_ROC_A_ROC] ? nla_get_u32(tb[RTPFWD_SRTP_ROC_A_ROC]) : 0;
	return 0;
}

/*
 * An SRTP nest (a rule's decrypt, an output's encrypt) into *@srtp, an array
 * of RTPFWD_SRTP_CFGS allocated at the first nest; its entry @idx is set.
 * The key's length is the core's to check against the suite.
 */
int rtpfwd_genl_parse_srtp(const struct nlattr *attr, struct rtpfwd_srtp_cfg **srtp,
			   unsigned int idx, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RTPFWD_SRTP_A_MAX + 1];
	struct rtpfwd_srtp_cfg *cfg;
	const struct nlattr *roc;
	int err, rem;

	err = nla_parse_nested(tb, RTPFWD_SRTP_A_MAX, attr, rtpfwd_srtp_policy, extack);
	if (err)
		return err;
	if (!tb[RTPFWD_SRTP_A_SUITE]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "SRTP needs a suite");
		NL_SET_ERR_ATTR_MISS(extack, attr, RTPFWD_SRTP_A_SUITE);
		return -EINVAL;
	}
	if (!*srtp) {
		*srtp = kcalloc(RTPFWD_SRTP_CFGS, sizeof(**srtp), GFP_KERNEL);
		if (!*srtp)
			return -ENOMEM;
	}
	cfg = &(*srtp)[idx];
	cfg->suite = nla_get_u32(tb[RTPFWD_SRTP_A_SUITE]);
	if (cfg->suite == RTPFWD_SRTP_SUITE_NONE)
		return 0;
	cfg->unauthenticated = nla_get_flag(tb[RTPFWD_SRTP_A_UNAUTHENTICATED]);
	if (!tb[RTPFWD_SRTP_A_MASTER_KEY] || !tb[RTPFWD_SRTP_A_MASTER_SALT]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "SRTP needs a master key and a master salt");
		NL_SET_ERR_ATTR_MISS(extack, attr, tb[RTPFWD_SRTP_A_MASTER_KEY] ?
				     RTPFWD_SRTP_A_MASTER_SALT : RTPFWD_SRTP_A_MASTER_KEY);
		return -EINVAL;
	}
	cfg->key_len = nla_len(tb[RTPFWD_SRTP_A_MASTER_KEY]);
	nla_memcpy(cfg->key, tb[RTPFWD_SRTP_A_MASTER_KEY], sizeof(cfg->key));
	cfg->salt_len = nla_len(tb[RTPFWD_SRTP_A_MASTER_SALT]);
	nla_memcpy(cfg->salt, tb[RTPFWD_SRTP_A_MASTER_SALT], sizeof(cfg->salt));
	if (tb[RTPFWD_SRTP_A_MKI]) {
		cfg->mki_len = nla_len(tb[RTPFWD_SRTP_A_MKI]);
		if (!cfg->mki_len) {
			NL_SET_ERR_MSG_ATTR(extack, tb[RTPFWD_SRTP_A_MKI],
					    "an SRTP MKI has 1 to 4 bytes");
			return -EINVAL;
		}
		nla_memcpy(cfg->mki, tb[RTPFWD_SRTP_A_MKI], sizeof(cfg->mki));
	}
	nla_for_each_nested(roc, attr, rem) {
		if (nla_type(roc) != RTPFWD_SRTP_A_ROC)
			continue;
		err = rtpfwd_genl_parse_roc(roc, cfg, extack);
		if (err)
			return err;
	}
	return 0;
}
