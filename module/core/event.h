/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd core events: how changes leave the core. The control planes
 * (generic netlink, /proc) register a notifier here and react (announce a
 * change, make or remove a table's /proc directory); the core never calls
 * them by name.
 *
 * Events are sent in process context, in the order of the changes: table
 * events under the namespace's lock (rtpfwd_net.lock), rule events under the
 * table's rules_lock. A handler may sleep and allocate, must not take either
 * lock, and may fail only RTPFWD_EVENT_TABLE_ADD (notifier_from_errno()).
 */
#ifndef _RTPFWD_EVENT_H
#define _RTPFWD_EVENT_H

#include <linux/notifier.h>
#include <linux/types.h>

struct net;
struct rtpfwd_table;
struct rtpfwd_endpoint;

enum rtpfwd_event_type {
	/* @table is about to be published: set up per-table state; may fail */
	RTPFWD_EVENT_TABLE_ADD,
	/* undoes TABLE_ADD, for the handlers it succeeded for */
	RTPFWD_EVENT_TABLE_ADD_FAILED,
	/* @table is published */
	RTPFWD_EVENT_TABLE_NEW,
	/* @table is unpublished: no lookup finds it any more */
	RTPFWD_EVENT_TABLE_DEL,
	/* the rule for @local was added (@replaced: replaced) */
	RTPFWD_EVENT_RULE_NEW,
	/* the rule for @local was deleted */
	RTPFWD_EVENT_RULE_DEL,
};

struct rtpfwd_event {
	struct net			*net;
	struct rtpfwd_table		*table;
	const struct rtpfwd_endpoint	*local;		/* rule events */
	bool				replaced;	/* RTPFWD_EVENT_RULE_NEW */
};

int rtpfwd_event_register(struct notifier_block *nb);
void rtpfwd_event_unregister(struct notifier_block *nb);
int rtpfwd_event_table_add(struct rtpfwd_table *table);
void rtpfwd_event_send(enum rtpfwd_event_type type, struct rtpfwd_table *table,
		       const struct rtpfwd_endpoint *local, bool replaced);

#endif /* _RTPFWD_EVENT_H */
