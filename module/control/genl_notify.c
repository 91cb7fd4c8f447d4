// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink events: the core's changes (core/event.h) as
 * messages on the notify group, in the order of the changes.
 */
#include <net/genetlink.h>

#include "core/event.h"
#include "core/rule.h"
#include "genl.h"

/**
 * rtpfwd_genl_notify_start() - begin a notify-group message
 * @net: the namespace whose listeners hear it
 * @size: the attributes' size (nla_total_size() of each)
 * @cmd: the event's command
 * @flags: nlmsg_flags (NLM_F_CREATE, NLM_F_REPLACE for rule events)
 * @hdr: the genl header, for rtpfwd_genl_notify_send()
 *
 * Return: the message, or NULL when nobody listens in @net (nothing is
 * built then) or memory is short: events are best effort, as every netlink
 * notification is.
 */
static struct sk_buff *rtpfwd_genl_notify_start(struct net *net, size_t size, u8 cmd,
						u16 flags, void **hdr)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&rtpfwd_genl_family, net, RTPFWD_MCGRP_NOTIFY))
		return NULL;
	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &rtpfwd_genl_family, flags, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Finish and multicast a message of rtpfwd_genl_notify_start(); consumes @skb. */
static void rtpfwd_genl_notify_send(struct net *net, struct sk_buff *skb, void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&rtpfwd_genl_family, net, skb, 0,
				RTPFWD_MCGRP_NOTIFY, GFP_KERNEL);
}

/**
 * rtpfwd_genl_notify_rule() - announce a rule change on the notify group
 * @table: the rule's table
 * @local: the rule's local endpoint
 * @cmd: RTPFWD_CMD_RULE_NEW (@flags NLM_F_CREATE: created, NLM_F_REPLACE:
 *	replaced) or RTPFWD_CMD_RULE_DEL
 * @flags: see @cmd
 *
 * Events carry RTPFWD_A_TABLE_ID and RTPFWD_A_RULE { LOCAL }; listeners
 * fetch the rule if they want more. Deleting a table announces the table
 * only. Nothing is built while nobody listens. Context: process.
 */
static void rtpfwd_genl_notify_rule(struct rtpfwd_table *table,
				    const struct rtpfwd_endpoint *local, u8 cmd, u16 flags)
{
	const size_t ep_size = nla_total_size(sizeof(struct in6_addr)) +
			       nla_total_size(sizeof(u16));
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	skb = rtpfwd_genl_notify_start(table->net, nla_total_size(sizeof(u32)) +
				       nla_total_size(nla_total_size(ep_size)), cmd, flags, &hdr);
	if (!skb)
		return;
	if (nla_put_u32(skb, RTPFWD_A_TABLE_ID, table->id))
		goto err;
	nest = nla_nest_start(skb, RTPFWD_A_RULE);
	if (!nest || rtpfwd_genl_put_ep(skb, RTPFWD_RULE_A_LOCAL, local))
		goto err;
	nla_nest_end(skb, nest);
	rtpfwd_genl_notify_send(table->net, skb, hdr);
	return;
err:
	nlmsg_free(skb);
}

/* Table events carry RTPFWD_A_TABLE_ID only. */
static void rtpfwd_genl_notify_table(struct net *net, u32 id, u8 cmd)
{
	struct sk_buff *skb;
	void *hdr;

	skb = rtpfwd_genl_notify_start(net, nla_total_size(sizeof(u32)), cmd, 0, &hdr);
	if (!skb)
		return;
	if (nla_put_u32(skb, RTPFWD_A_TABLE_ID, id)) {
		nlmsg_free(skb);
		return;
	}
	rtpfwd_genl_notify_send(net, skb, hdr);
}

static int rtpfwd_genl_event(struct notifier_block *nb, unsigned long type, void *data)
{
	const struct rtpfwd_event *ev = data;

	switch (type) {
	case RTPFWD_EVENT_TABLE_NEW:
		rtpfwd_genl_notify_table(ev->net, ev->table->id, RTPFWD_CMD_TABLE_NEW);
		break;
	case RTPFWD_EVENT_TABLE_DEL:
		rtpfwd_genl_notify_table(ev->net, ev->table->id, RTPFWD_CMD_TABLE_DEL);
		break;
	case RTPFWD_EVENT_RULE_NEW:
		rtpfwd_genl_notify_rule(ev->table, ev->local, RTPFWD_CMD_RULE_NEW,
					ev->replaced ? NLM_F_REPLACE : NLM_F_CREATE);
		break;
	case RTPFWD_EVENT_RULE_DEL:
		rtpfwd_genl_notify_rule(ev->table, ev->local, RTPFWD_CMD_RULE_DEL, 0);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block rtpfwd_genl_event_nb = {
	.notifier_call = rtpfwd_genl_event,
};

/* Context: the family is registered (until rtpfwd_genl_notify_exit()). */
int rtpfwd_genl_notify_init(void)
{
	return rtpfwd_event_register(&rtpfwd_genl_event_nb);
}

/* Returns once no event handler runs any more. */
void rtpfwd_genl_notify_exit(void)
{
	rtpfwd_event_unregister(&rtpfwd_genl_event_nb);
}
