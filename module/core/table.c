// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd tables: creation, deletion, lookup and lifetime of the per-namespace
 * forwarding tables. Both control planes (generic netlink and /proc) call the
 * functions here; neither creates or frees a table by itself. They hear of
 * tables coming and going through events (event.h).
 *
 * Locking and lifetime rules are in rtpfwd.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "event.h"
#include "rtpfwd.h"
#include "rtpfwd_core.h"
#include "rule.h"

struct workqueue_struct *rtpfwd_wq;

static void rtpfwd_table_free_work(struct work_struct *work)
{
	struct rtpfwd_table *table =
		container_of(to_rcu_work(work), struct rtpfwd_table, free_work);

	WARN_ON_ONCE(table->control_owner);
	rtpfwd_rules_destroy(table);
	kfree(table);
	/* Last: module exit drains rtpfwd_wq before the code goes away. */
	module_put(THIS_MODULE);
}

void rtpfwd_table_get(struct rtpfwd_table *table)
{
	refcount_inc(&table->refcnt);
}

void rtpfwd_table_put(struct rtpfwd_table *table)
{
	if (refcount_dec_and_test(&table->refcnt))
		queue_rcu_work(rtpfwd_wq, &table->free_work);
}

/* References besides the table's own, as rtpengine's status file counts them. */
u32 rtpfwd_table_refs(const struct rtpfwd_table *table)
{
	return refcount_read(&table->refcnt) - 1;
}

/**
 * rtpfwd_table_lookup_rcu() - find a table by id, no reference taken
 * @net: the namespace
 * @id: the table id; out-of-range ids find nothing
 *
 * Context: rcu_read_lock() held; the result is valid until it is dropped.
 */
struct rtpfwd_table *rtpfwd_table_lookup_rcu(const struct net *net, u32 id)
{
	if (id > RTPFWD_TABLE_ID_MAX)
		return NULL;
	return rcu_dereference(rtpfwd_pernet(net)->tables[id]);
}

/**
 * rtpfwd_table_get_id() - find a table by id and take a reference
 * @net: the namespace
 * @id: the table id
 *
 * Return: the table, to be released with rtpfwd_table_put(), or NULL.
 */
struct rtpfwd_table *rtpfwd_table_get_id(const struct net *net, u32 id)
{
	struct rtpfwd_table *table;

	rcu_read_lock();
	table = rtpfwd_table_lookup_rcu(net, id);
	if (table && !refcount_inc_not_zero(&table->refcnt))
		table = NULL;
	rcu_read_unlock();
	return table;
}

/* Something in @table changed: dumps running over it are interrupted. */
void rtpfwd_table_changed(struct rtpfwd_table *table)
{
	atomic_inc(&rtpfwd_pernet(table->net)->generation);
}

u32 rtpfwd_generation(const struct net *net)
{
	return atomic_read(&rtpfwd_pernet(net)->generation);
}

/**
 * rtpfwd_table_create() - create and publish table @id in @net
 * @net: the namespace the table belongs to
 * @id: table id, 0..RTPFWD_TABLE_ID_MAX
 * @extack: where to explain a rejection, or NULL
 *
 * Return: 0, -ERANGE for a bad id, -EEXIST, -ENOMEM, or -ENODEV while the
 * module is being unloaded or the namespace dismantled.
 */
int rtpfwd_table_create(struct net *net, u32 id, struct netlink_ext_ack *extack)
{
	struct rtpfwd_net *rn = rtpfwd_pernet(net);
	struct rtpfwd_table *table;
	int err;

	if (id > RTPFWD_TABLE_ID_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "table id out of range (0..63)");
		return -ERANGE;
	}

	table = kzalloc(sizeof(*table), GFP_KERNEL_ACCOUNT);
	if (!table)
		return -ENOMEM;
	table->id = id;
	table->net = net;
	refcount_set(&table->refcnt, 1);
	spin_lock_init(&table->control_lock);
	INIT_RCU_WORK(&table->free_work, rtpfwd_table_free_work);
	err = rtpfwd_rules_init(table);
	if (err)
		goto err_free;

	if (!try_module_get(THIS_MODULE)) {
		NL_SET_ERR_MSG_MOD(extack, "module is being unloaded");
		err = -ENODEV;
		goto err_rules;
	}

	mutex_lock(&rn->lock);
	if (rn->dying) {
		NL_SET_ERR_MSG_MOD(extack, "the namespace is being dismantled");
		err = -ENODEV;
		goto err_unlock;
	}
	if (rcu_access_pointer(rn->tables[id])) {
		NL_SET_ERR_MSG_MOD(extack, "table exists");
		err = -EEXIST;
		goto err_unlock;
	}
	/* the control planes' per-table state (its /proc directory) */
	err = rtpfwd_event_table_add(table);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot create the table's /proc entries");
		goto err_unlock;
	}
	rcu_assign_pointer(rn->tables[id], table);
	rtpfwd_table_changed(table);
	rtpfwd_event_send(RTPFWD_EVENT_TABLE_NEW, table, NULL, false);
	mutex_unlock(&rn->lock);
	return 0;

err_unlock:
	mutex_unlock(&rn->lock);
	module_put(THIS_MODULE);
err_rules:
	rtpfwd_rules_destroy(table);
err_free:
	kfree(table);
	return err;
}

/*
 * Unpublish @table: after this no new lookup finds it, the control planes
 * know (its /proc files are gone and closed), and the publication reference
 * is dropped. Packet-path readers that already found it keep it alive until
 * their RCU section ends.
 */
static void rtpfwd_table_unpublish(struct rtpfwd_net *rn, struct rtpfwd_table *table)
{
	lockdep_assert_held(&rn->lock);

	RCU_INIT_POINTER(rn->tables[table->id], NULL);
	rtpfwd_table_changed(table);
	rtpfwd_rules_unlink(table);
	/* Under rn->lock so the id's /proc name is free before it can be reused. */
	rtpfwd_event_send(RTPFWD_EVENT_TABLE_DEL, table, NULL, false);
	rtpfwd_table_put(table);
}

/**
 * rtpfwd_table_delete() - delete table @id in @net
 * @net: the namespace
 * @id: table id
 * @extack: where to explain a rejection, or NULL
 *
 * Return: 0, -ERANGE, -ENOENT, or -EBUSY while its control file is open.
 */
int rtpfwd_table_delete(struct net *net, u32 id, struct netlink_ext_ack *extack)
{
	struct rtpfwd_net *rn = rtpfwd_pernet(net);
	struct rtpfwd_table *table;
	int err = 0;

	if (id > RTPFWD_TABLE_ID_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "table id out of range (0..63)");
		return -ERANGE;
	}

	mutex_lock(&rn->lock);
	table = rcu_dereference_protected(rn->tables[id], lockdep_is_held(&rn->lock));
	if (!table) {
		NL_SET_ERR_MSG_MOD(extack, "no such table");
		err = -ENOENT;
	} else if (rtpfwd_table_control_busy(table)) {
		NL_SET_ERR_MSG_MOD(extack, "table is in use: its control file is open");
		err = -EBUSY;
	} else {
		rtpfwd_table_unpublish(rn, table);
	}
	mutex_unlock(&rn->lock);
	/* No packet is forwarded by the table's rules once we return (rule.h). */
	if (!err)
		synchronize_rcu_expedited();
	return err;
}

/*
 * The namespace is going away: every table goes, open control files or not,
 * and none can be created any more (a write to a /proc control file opened
 * earlier may be waiting for rn->lock right now).
 */
void rtpfwd_table_delete_all(struct rtpfwd_net *rn)
{
	struct rtpfwd_table *table;
	u32 id;

	mutex_lock(&rn->lock);
	rn->dying = true;
	for (id = 0; id < RTPFWD_TABLES; id++) {
		table = rcu_dereference_protected(rn->tables[id], lockdep_is_held(&rn->lock));
		if (table)
			rtpfwd_table_unpublish(rn, table);
	}
	mutex_unlock(&rn->lock);
}

bool rtpfwd_table_control_busy(struct rtpfwd_table *table)
{
	bool busy;

	spin_lock(&table->control_lock);
	busy = table->control_owner;
	spin_unlock(&table->control_lock);
	return busy;
}

/*
 * PID of the control file's opener as the caller's pid namespace sees it;
 * 0 when nobody holds it or the opener is not visible from there.
 */
pid_t rtpfwd_table_control_pid(struct rtpfwd_table *table)
{
	pid_t nr = 0;

	spin_lock(&table->control_lock);
	if (table->control_owner)
		nr = pid_vnr(table->control_owner);
	spin_unlock(&table->control_lock);
	return nr;
}

/**
 * rtpfwd_table_control_claim() - make the calling process the control owner
 * @table: the table
 *
 * Return: 0, or -EBUSY when another opener holds it.
 */
int rtpfwd_table_control_claim(struct rtpfwd_table *table)
{
	int err = 0;

	spin_lock(&table->control_lock);
	if (table->control_owner)
		err = -EBUSY;
	else
		table->control_owner = get_pid(task_tgid(current));
	spin_unlock(&table->control_lock);
	return err;
}

void rtpfwd_table_control_release(struct rtpfwd_table *table)
{
	struct pid *owner;

	spin_lock(&table->control_lock);
	owner = table->control_owner;
	table->control_owner = NULL;
	spin_unlock(&table->control_lock);
	put_pid(owner);
}

/**
 * rtpfwd_table_ensure() - check that table @id exists, creating it if asked
 * @net: the namespace
 * @id: table id
 * @create: create the table when it does not exist
 * @exclusive: fail when the table exists already
 * @extack: where to explain a rejection, or NULL
 *
 * For front-ends whose rule creation names a table (the nft expression).
 * Return: 1 when the table was created, 0 when it existed, -ERANGE, -ENOENT
 * (missing and !@create), -EEXIST (exists and @exclusive) or an error of
 * rtpfwd_table_create().
 */
int rtpfwd_table_ensure(struct net *net, u32 id, bool create, bool exclusive,
			struct netlink_ext_ack *extack)
{
	bool exists;
	int err;

	if (id > RTPFWD_TABLE_ID_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "table id out of range (0..63)");
		return -ERANGE;
	}

	rcu_read_lock();
	exists = rtpfwd_table_lookup_rcu(net, id);
	rcu_read_unlock();
	if (exists && exclusive) {
		NL_SET_ERR_MSG_MOD(extack, "table exists");
		return -EEXIST;
	}
	if (exists)
		return 0;
	if (!create) {
		NL_SET_ERR_MSG_MOD(extack, "no such table");
		return -ENOENT;
	}

	err = rtpfwd_table_create(net, id, extack);
	/* Created by someone else since the lookup: fine unless exclusive. */
	if (err == -EEXIST && !exclusive)
		return 0;
	return err ? err : 1;
}
EXPORT_SYMBOL_GPL(rtpfwd_table_ensure);

/**
 * rtpfwd_table_delete_unused() - delete table @id if nothing uses it
 * @net: the namespace
 * @id: table id
 *
 * Undoes a creation by rtpfwd_table_ensure() whose caller failed later (an
 * aborted nftables transaction): the table goes only while it has no rules
 * and its control file is closed, so a daemon that started using it keeps it.
 */
void rtpfwd_table_delete_unused(struct net *net, u32 id)
{
	struct rtpfwd_net *rn = rtpfwd_pernet(net);
	struct rtpfwd_table *table;

	if (id > RTPFWD_TABLE_ID_MAX)
		return;

	mutex_lock(&rn->lock);
	table = rcu_dereference_protected(rn->tables[id], lockdep_is_held(&rn->lock));
	if (table) {
		bool unused;

		/* rn->lock keeps @table published, hence alive, until unpublished. */
		mutex_lock(&table->rules_lock);
		unused = !table->rule_count;
		mutex_unlock(&table->rules_lock);
		if (unused && !rtpfwd_table_control_busy(table))
			rtpfwd_table_unpublish(rn, table);
	}
	mutex_unlock(&rn->lock);
}
EXPORT_SYMBOL_GPL(rtpfwd_table_delete_unused);
