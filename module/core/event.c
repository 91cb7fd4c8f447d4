// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd core events: one blocking notifier chain, the only way out of the
 * core towards the control planes (see event.h).
 */
#include <linux/notifier.h>

#include "event.h"
#include "rtpfwd.h"

static BLOCKING_NOTIFIER_HEAD(rtpfwd_event_chain);

int rtpfwd_event_register(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&rtpfwd_event_chain, nb);
}

void rtpfwd_event_unregister(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&rtpfwd_event_chain, nb);
}

/**
 * rtpfwd_event_table_add() - let the control planes set up for @table
 * @table: the table, not published yet
 *
 * Context: the namespace's lock held.
 * Return: 0, or the first handler's error; then the handlers that had
 * succeeded were sent RTPFWD_EVENT_TABLE_ADD_FAILED.
 */
int rtpfwd_event_table_add(struct rtpfwd_table *table)
{
	struct rtpfwd_event ev = { .net = table->net, .table = table };

	return notifier_to_errno(blocking_notifier_call_chain_robust(&rtpfwd_event_chain,
			RTPFWD_EVENT_TABLE_ADD, RTPFWD_EVENT_TABLE_ADD_FAILED, &ev));
}

/**
 * rtpfwd_event_send() - tell the control planes about a change
 * @type: what changed; not RTPFWD_EVENT_TABLE_ADD
 * @table: the table
 * @local: a rule event's local endpoint, else NULL
 * @replaced: RTPFWD_EVENT_RULE_NEW: an existing rule was replaced
 *
 * Context: the namespace's lock (table events) or the table's rules_lock
 * (rule events) held, so events come in the order of the changes.
 */
void rtpfwd_event_send(enum rtpfwd_event_type type, struct rtpfwd_table *table,
		       const struct rtpfwd_endpoint *local, bool replaced)
{
	struct rtpfwd_event ev = {
		.net = table->net, .table = table, .local = local, .replaced = replaced,
	};

	blocking_notifier_call_chain(&rtpfwd_event_chain, type, &ev);
}
