/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd core: the objects shared by the files of the core (module/core/),
 * and the rules for touching them. Read this before changing any of them.
 * The control planes (module/control/) read these objects and call the
 * functions below; the core tells them about changes through event.h only.
 *
 * struct rtpfwd_net - one per network namespace (net_generic).
 *   @tables: RCU-published table pointers, indexed by table id. Readers (the
 *	packet path, /proc list, genl dumps) use rcu_dereference() and take no
 *	lock; writers hold @lock.
 *   @lock: serializes table creation and deletion in this namespace. Never
 *	taken on the packet path. Never taken inside a per-table /proc file
 *	operation: table deletion sends RTPFWD_EVENT_TABLE_DEL with @lock
 *	held, on which /proc removes the table's directory, waiting for those
 *	operations.
 *   @generation: bumped by the core on every table and rule change in the
 *	namespace; genl dumps report NLM_F_DUMP_INTR when it moves under them.
 *   @rule_count: rules in all tables of the namespace, at most the module
 *	parameter max_netns_rules (0: no limit). Charged when a rule is added,
 *	given back when it is deleted or its table unpublished.
 *   @rules_retired: rules unhashed (deleted or replaced) so far, in all
 *	tables; @rules_synced: how many of them a finished grace period is
 *	known to cover (rule.c, rtpfwd_rules_sync()). Both only grow.
 *   @dying: set under @lock when the namespace's tables are deleted for
 *	good (pernet exit). A /proc control file opened earlier can still be
 *	written to until its entry is removed: table creation checks @dying
 *	under @lock and fails, so no table is published in a dead namespace.
 *
 * struct rtpfwd_table - one forwarding table ("proxy instance").
 *   @refcnt: one reference for being published in rtpfwd_net.tables, one per
 *	open per-table /proc file. When it drops to zero the table is freed
 *	after an RCU grace period (packet-path readers may still see it).
 *   @control_owner: the process holding N/control open (at most one), under
 *	@control_lock. A table whose control file is open cannot be deleted.
 *   @rules: the table's rules by local endpoint (see rule.h); @rules_lock
 *	serializes their writers, @rule_count is changed under it.
 *   @unlinked: set under @rules_lock when the table is unpublished: its rules
 *	no longer count against the namespace, and no rule can be added to it
 *	(a writer may still hold a reference from before).
 *   Each table holds a reference on the module, so rmmod refuses while any
 *   table exists in any namespace.
 */
#ifndef _RTPFWD_H
#define _RTPFWD_H

#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <linux/rtpfwd.h>

struct rtpfwd_table {
	u32			id;
	refcount_t		refcnt;
	struct net		*net;

	spinlock_t		control_lock;	/* protects control_owner */
	struct pid		*control_owner;

	struct mutex		rules_lock;	/* serializes rule writers */
	struct rhashtable	rules;
	u32			rule_count;
	bool			unlinked;

	struct rcu_work		free_work;
};

struct rtpfwd_net {
	struct net		*net;
	struct mutex		lock;		/* table add/del in this netns */
	atomic_t		generation;
	atomic_t		rule_count;
	atomic64_t		rules_retired;
	atomic64_t		rules_synced;
	bool			dying;		/* under lock */
	struct rtpfwd_table __rcu *tables[RTPFWD_TABLES];
};

/* netns.c */
struct rtpfwd_net *rtpfwd_pernet(const struct net *net);
int rtpfwd_netns_init(void);
void rtpfwd_netns_exit(void);

/* table.c */
extern struct workqueue_struct *rtpfwd_wq;

int rtpfwd_table_create(struct net *net, u32 id, struct netlink_ext_ack *extack);
int rtpfwd_table_delete(struct net *net, u32 id, struct netlink_ext_ack *extack);
void rtpfwd_table_delete_all(struct rtpfwd_net *rn);
struct rtpfwd_table *rtpfwd_table_lookup_rcu(const struct net *net, u32 id);
struct rtpfwd_table *rtpfwd_table_get_id(const struct net *net, u32 id);
void rtpfwd_table_changed(struct rtpfwd_table *table);
u32 rtpfwd_generation(const struct net *net);
void rtpfwd_table_get(struct rtpfwd_table *table);
void rtpfwd_table_put(struct rtpfwd_table *table);
u32 rtpfwd_table_refs(const struct rtpfwd_table *table);
bool rtpfwd_table_control_busy(struct rtpfwd_table *table);
pid_t rtpfwd_table_control_pid(struct rtpfwd_table *table);
int rtpfwd_table_control_claim(struct rtpfwd_table *table);
void rtpfwd_table_control_release(struct rtpfwd_table *table);

#endif /* _RTPFWD_H */
