// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink family "rtpengine": the primary control plane.
 *
 * Every request is validated by a strict per-operation policy before a
 * handler runs; handlers explain every rejection through extack. Changes need
 * CAP_NET_ADMIN in the user namespace owning the request's network namespace
 * (GENL_UNS_ADMIN_PERM), so a container manages its own tables only. Reading
 * is open to all, like /proc/net/rtpengine/list. The ABI is described in
 * include/uapi/linux/rtpfwd.yaml.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "core/rtpfwd.h"
#include "genl.h"

static const struct genl_multicast_group rtpfwd_genl_mcgrps[] = {
	[RTPFWD_MCGRP_NOTIFY] = {
		.name = RTPFWD_GENL_MCGRP_NOTIFY,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/* Requests naming a table: TABLE_NEW, TABLE_DEL, TABLE_GET (dumps take none). */
static const struct nla_policy rtpfwd_table_policy[RTPFWD_A_TABLE_ID + 1] = {
	[RTPFWD_A_TABLE_ID] = NLA_POLICY_MAX(NLA_U32, RTPFWD_TABLE_ID_MAX),
};

/*
 * Every doit passes here first. The family sets resv_start_op past its last
 * command (see below), so the reserved header field is checked here.
 */
int rtpfwd_genl_table_id(struct genl_info *info, u32 *id)
{
	if (info->genlhdr->reserved) {
		NL_SET_ERR_MSG(info->extack, "genlmsghdr.reserved field is not 0");
		return -EINVAL;
	}
	if (!info->attrs[RTPFWD_A_TABLE_ID]) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing table id");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, RTPFWD_A_TABLE_ID);
		return -EINVAL;
	}
	*id = nla_get_u32(info->attrs[RTPFWD_A_TABLE_ID]);
	return 0;
}

/**
 * rtpfwd_genl_dump_mark() - mark a dump's message if the dump may be inconsistent
 * @cb: the dump
 * @nlh: the message just filled
 * @inconsistent: sticky for the whole dump: something changed since it began
 *
 * nl_dump_check_consistent() flags a message when cb->seq moved since the
 * last one (and netlink's NLMSG_DONE the same way); the first message it
 * never flags, so an inconsistent dump also flags each message itself.
 */
void rtpfwd_genl_dump_mark(struct netlink_callback *cb, struct nlmsghdr *nlh, bool inconsistent)
{
	cb->seq = 1 + inconsistent;
	nl_dump_check_consistent(cb, nlh);
	if (inconsistent)
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
}

/*
 * Every dump's start passes here first: dumps do not go through
 * rtpfwd_genl_table_id(), and their request header is not in a genl_info.
 */
int rtpfwd_genl_dump_check(struct netlink_callback *cb)
{
	const struct genlmsghdr *hdr = nlmsg_data(cb->nlh);

	if (hdr->reserved) {
		NL_SET_ERR_MSG(cb->extack, "genlmsghdr.reserved field is not 0");
		return -EINVAL;
	}
	return 0;
}

static int rtpfwd_genl_table_new(struct sk_buff *skb, struct genl_info *info)
{
	u32 id;
	int err;

	err = rtpfwd_genl_table_id(info, &id);
	if (err)
		return err;
	return rtpfwd_table_create(genl_info_net(info), id, info->extack);
}

static int rtpfwd_genl_table_del(struct sk_buff *skb, struct genl_info *info)
{
	u32 id;
	int err;

	err = rtpfwd_genl_table_id(info, &id);
	if (err)
		return err;
	return rtpfwd_table_delete(genl_info_net(info), id, info->extack);
}

/* Context: rcu_read_lock() held, @table found under it. */
static int rtpfwd_genl_table_fill(struct sk_buff *skb, struct rtpfwd_table *table,
				  u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &rtpfwd_genl_family, flags,
			  RTPFWD_CMD_TABLE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, RTPFWD_A_TABLE_ID, table->id) ||
	    nla_put_u32(skb, RTPFWD_A_TABLE_RULES, READ_ONCE(table->rule_count)) ||
	    nla_put_u32(skb, RTPFWD_A_TABLE_CONTROL_PID, rtpfwd_table_control_pid(table)) ||
	    nla_put_u32(skb, RTPFWD_A_TABLE_REFCNT, rtpfwd_table_refs(table))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int rtpfwd_genl_table_get(struct sk_buff *skb, struct genl_info *info)
{
	struct rtpfwd_table *table;
	struct sk_buff *reply;
	u32 id;
	int err;

	err = rtpfwd_genl_table_id(info, &id);
	if (err)
		return err;
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	rcu_read_lock();
	table = rtpfwd_table_lookup_rcu(genl_info_net(info), id);
	if (table)
		err = rtpfwd_genl_table_fill(reply, table, info->snd_portid,
					     info->snd_seq, 0);
	rcu_read_unlock();

	if (!table) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such table");
		err = -ENOENT;
	}
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

/* Dump cursor: cb->args[0] is the next table id to emit. */
static int rtpfwd_genl_table_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct rtpfwd_table *table;
	u32 id;
	int err = 0;

	rcu_read_lock();
	cb->seq = rtpfwd_generation(net);
	for (id = cb->args[0]; id < RTPFWD_TABLES; id++) {
		table = rtpfwd_table_lookup_rcu(net, id);
		if (!table)
			continue;
		err = rtpfwd_genl_table_fill(skb, table, NETLINK_CB(cb->skb).portid,
					     cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	rcu_read_unlock();
	cb->args[0] = id;

	/* A full skb ends this round; the next call resumes at args[0]. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static const struct genl_ops rtpfwd_genl_ops[] = {
	{
		.cmd	= RTPFWD_CMD_TABLE_NEW,
		.doit	= rtpfwd_genl_table_new,
		.policy	= rtpfwd_table_policy,
		.maxattr = ARRAY_SIZE(rtpfwd_table_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_TABLE_DEL,
		.doit	= rtpfwd_genl_table_del,
		.policy	= rtpfwd_table_policy,
		.maxattr = ARRAY_SIZE(rtpfwd_table_policy) - 1,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_TABLE_GET,
		.doit	= rtpfwd_genl_table_get,
		.start	= rtpfwd_genl_dump_check,
		.dumpit	= rtpfwd_genl_table_dump,
		.policy	= rtpfwd_table_policy,
		.maxattr = ARRAY_SIZE(rtpfwd_table_policy) - 1,
	},
	{
		.cmd	= RTPFWD_CMD_RULE_NEW,
		.doit	= rtpfwd_genl_rule_new,
		.policy	= rtpfwd_rule_req_policy,
		.maxattr = RTPFWD_A_RULE,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_RULE_DEL,
		.doit	= rtpfwd_genl_rule_del,
		.policy	= rtpfwd_rule_req_policy,
		.maxattr = RTPFWD_A_RULE,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_RULE_GET,
		.doit	= rtpfwd_genl_rule_get,
		.start	= rtpfwd_genl_rule_dump_start,
		.dumpit	= rtpfwd_genl_rule_dump,
		.done	= rtpfwd_genl_rule_dump_done,
		.policy	= rtpfwd_rule_req_policy,
		.maxattr = RTPFWD_A_RULE,
	},
	{
		.cmd	= RTPFWD_CMD_STATS_RESET,
		.doit	= rtpfwd_genl_stats_reset,
		.policy	= rtpfwd_rule_req_policy,
		.maxattr = RTPFWD_A_RULE,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_RECORDING_NEW,
		.doit	= rtpfwd_genl_recording_new,
		.policy	= rtpfwd_rec_req_policy,
		.maxattr = RTPFWD_A_RECORDING,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_RECORDING_DEL,
		.doit	= rtpfwd_genl_recording_del,
		.policy	= rtpfwd_rec_req_policy,
		.maxattr = RTPFWD_A_RECORDING,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= RTPFWD_CMD_RECORDING_GET,
		.doit	= rtpfwd_genl_recording_get,
		.start	= rtpfwd_genl_recording_dump_start,
		.dumpit	= rtpfwd_genl_recording_dump,
		.policy	= rtpfwd_rec_req_policy,
		.maxattr = RTPFWD_A_RECORDING,
	},
};

struct genl_family rtpfwd_genl_family __ro_after_init = {
	.name		= RTPFWD_GENL_NAME,
	.version	= RTPFWD_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,	/* tables serialize on their own locks */
	.module		= THIS_MODULE,
	.ops		= rtpfwd_genl_ops,
	.n_ops		= ARRAY_SIZE(rtpfwd_genl_ops),
	/*
	 * Attributes are validated strictly for every command (no op sets
	 * GENL_DONT_VALIDATE_*). resv_start_op would also reject
	 * NLM_F_CREATE/EXCL/REPLACE, which RULE_NEW's semantics are made of,
	 * so it lies past the last command and rtpfwd_genl_table_id() (doit)
	 * and rtpfwd_genl_dump_check() (dumps) check the reserved header
	 * field instead.
	 */
	.resv_start_op	= RTPFWD_CMD_MAX + 1,
	.mcgrps		= rtpfwd_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(rtpfwd_genl_mcgrps),
};

int __init rtpfwd_genl_init(void)
{
	int err;

	err = genl_register_family(&rtpfwd_genl_family);
	if (err)
		return err;
	/* the core's changes, announced on the notify group (genl_notify.c) */
	err = rtpfwd_genl_notify_init();
	if (err)
		genl_unregister_family(&rtpfwd_genl_family);
	return err;
}

void rtpfwd_genl_exit(void)
{
	rtpfwd_genl_notify_exit();
	genl_unregister_family(&rtpfwd_genl_family);
}
