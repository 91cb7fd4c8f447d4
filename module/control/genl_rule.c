// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink, rule requests: RULE_NEW, RULE_DEL, STATS_RESET,
 * and when their answer waits for the rules they retired. Parsing:
 * genl_rule_parse.c; what a valid rule is, the core checks
 * (core/rule_cfg.c). Replies and dumps: genl_rule_reply.c.
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include "core/rule.h"
#include "genl.h"

/* The table named by the request, with a reference. */
int rtpfwd_genl_table(struct genl_info *info, struct rtpfwd_table **table)
{
	u32 id;
	int err;

	err = rtpfwd_genl_table_id(info, &id);
	if (err)
		return err;
	*table = rtpfwd_table_get_id(genl_info_net(info), id);
	if (!*table) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such table");
		return -ENOENT;
	}
	return 0;
}

/*
 * Whether this request's answer may skip rtpfwd_rules_sync(): it asks for no
 * ack, and the next message in the same sendmsg() is another RULE_NEW or
 * RULE_DEL of this family, whose own answer syncs (or defers again), so the
 * sender hears nothing before one that did. A pipelined batch of deletes
 * (librtpnl: NLM_F_ACK on its last request only) thus waits for one grace
 * period, at its end. Any other next message (another command or family,
 * which would answer without the wait) gets no deferral. netlink_rcv_skb()
 * hands the doit the skb pulled up to this message: what is left after it
 * is the rest of the sendmsg().
 */
static bool rtpfwd_genl_may_defer(const struct sk_buff *skb, const struct genl_info *info)
{
	const struct nlmsghdr *nlh = info->nlhdr, *next;
	u32 len = NLMSG_ALIGN(nlh->nlmsg_len);
	const struct genlmsghdr *ghdr;

	if (nlh->nlmsg_flags & NLM_F_ACK || len >= skb->len ||
	    skb->len - len < NLMSG_HDRLEN + GENL_HDRLEN)
		return false;
	next = (const void *)nlh + len;
	if (next->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || next->nlmsg_len > skb->len - len ||
	    next->nlmsg_type != rtpfwd_genl_family.id)
		return false;
	ghdr = nlmsg_data(next);
	return ghdr->cmd == RTPFWD_CMD_RULE_NEW || ghdr->cmd == RTPFWD_CMD_RULE_DEL;
}

/* Any answer (an ack, or an error, which is always sent) settles removals. */
static int rtpfwd_genl_rule_answer(struct sk_buff *skb, struct genl_info *info, int err)
{
	if (err || !rtpfwd_genl_may_defer(skb, info))
		rtpfwd_rules_sync(genl_info_net(info));
	return err;
}

int rtpfwd_genl_rule_new(struct sk_buff *skb, struct genl_info *info)
{
	u16 flags = info->nlhdr->nlmsg_flags;
	struct rtpfwd_srtp_cfg *srtp = NULL;
	struct rtpfwd_rule_cfg cfg;
	struct rtpfwd_table *table;
	int err;

	err = rtpfwd_genl_parse_rule(info, &cfg, &srtp) ?: rtpfwd_genl_table(info, &table);
	if (err)
		goto out;
	err = rtpfwd_rule_add(table, &cfg, flags & NLM_F_CREATE, flags & NLM_F_EXCL,
			      flags & NLM_F_REPLACE, info->extack);
	rtpfwd_table_put(table);
out:
	kfree_sensitive(srtp);		/* master keys */
	rtpfwd_tap_put(cfg.tap);	/* the rule took its own */
	kfree(cfg.outputs);
	return rtpfwd_genl_rule_answer(skb, info, err);
}

int rtpfwd_genl_rule_del(struct sk_buff *skb, struct genl_info *info)
{
	struct rtpfwd_endpoint local;
	struct rtpfwd_table *table;
	int err;

	err = rtpfwd_genl_parse_local(info, &local) ?: rtpfwd_genl_table(info, &table);
	if (err)
		return rtpfwd_genl_rule_answer(skb, info, err);
	err = rtpfwd_rule_del(table, &local, info->extack);
	rtpfwd_table_put(table);
	return rtpfwd_genl_rule_answer(skb, info, err);
}

/* STATS_RESET: one rule (with RTPFWD_A_RULE { LOCAL }) or the whole table. */
int rtpfwd_genl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct rtpfwd_endpoint local;
	struct rtpfwd_table *table;
	bool one = info->attrs[RTPFWD_A_RULE];
	int err;

	err = (one ? rtpfwd_genl_parse_local(info, &local) : 0) ?:
	      rtpfwd_genl_table(info, &table);
	if (err)
		return err;
	err = rtpfwd_table_stats_reset(table, one ? &local : NULL, NULL, NULL, info->extack);
	rtpfwd_table_put(table);
	return err;
}
