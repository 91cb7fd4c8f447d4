// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd /proc interface, as rtpengine operators know it:
 *
 *   /proc/rtpengine -> self/net/rtpengine   (symlink: the caller's namespace)
 *   /proc/net/rtpengine/control             write "add N" / "del N"
 *   /proc/net/rtpengine/list                table ids, one per line
 *   /proc/net/rtpengine/N/status            Refcount, Control PID, Targets
 *   /proc/net/rtpengine/N/list              rules, text
 *   /proc/net/rtpengine/N/blist             rules, binary records
 *   /proc/net/rtpengine/N/control           the table's control channel
 *   /proc/net/rtpengine/N/calls/            recorded calls (proc_calls.c)
 *
 * Entries belong to the namespace's root user where its uid map exists when
 * they are made, or to rtpengine's proc_uid/proc_gid (proc_owner.c). Writers
 * need CAP_NET_ADMIN over the namespace, checked
 * against the opener's credentials. Per-table file operations must not take
 * rtpfwd_net.lock (see core/rtpfwd.h).
 *
 * A table's directory comes and goes with the table: the core's events
 * (core/event.h) make it before the table is published and remove it when
 * the table is unpublished. /proc/net/rtpengine itself is this file's own
 * per-namespace state, registered before the core's (made first, removed
 * last).
 */
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "core/event.h"
#include "core/rtpfwd.h"
#include "core/rule.h"
#include "proc.h"
#include "proc_calls.h"
#include "proc_compat.h"

#define RTPFWD_PROC_DIR		"rtpengine"
/* Longest valid control command is "add 63\n"; leave room for leading zeros. */
#define RTPFWD_CONTROL_MAX	32

static struct proc_dir_entry *rtpfwd_proc_link;

/* /proc/net/rtpengine of one namespace. */
struct rtpfwd_proc_net {
	struct net		*net;
	struct proc_dir_entry	*dir;
	/* N/, under the core's per-namespace lock (table events) */
	struct proc_dir_entry	*tables[RTPFWD_TABLES];
	struct rtpfwd_calls __rcu *calls[RTPFWD_TABLES];	/* likewise; RCU */
};

static unsigned int rtpfwd_proc_net_id __read_mostly;

static struct rtpfwd_proc_net *rtpfwd_proc_pernet(const struct net *net)
{
	return net_generic(net, rtpfwd_proc_net_id);
}

static bool rtpfwd_proc_may_admin(const struct file *file, const struct net *net)
{
	return file_ns_capable(file, net->user_ns, CAP_NET_ADMIN);
}

/* ---- /proc/net/rtpengine/control ---------------------------------------- */

/*
 * Parse "add N" or "del N" with an optional trailing newline; anything else is
 * -EINVAL, a number beyond the table range -ERANGE.
 */
static int rtpfwd_proc_parse_control(char *cmd, bool *add, u32 *id)
{
	char *arg;
	size_t len = strlen(cmd);
	int err;

	if (len && cmd[len - 1] == '\n')
		cmd[--len] = '\0';
	if (len < 5 || cmd[3] != ' ')
		return -EINVAL;
	if (!strncmp(cmd, "add", 3))
		*add = true;
	else if (!strncmp(cmd, "del", 3))
		*add = false;
	else
		return -EINVAL;

	arg = cmd + 4;
	/* kstrtou32() would take a trailing newline: only one was allowed */
	if (!isdigit(*arg) || strchr(arg, '\n'))
		return -EINVAL;
	err = kstrtou32(arg, 10, id);
	if (err)
		return err;
	return *id > RTPFWD_TABLE_ID_MAX ? -ERANGE : 0;
}

/*
 * The file is writable by all (0222) and guarded by CAP_NET_ADMIN over the
 * namespace instead: a namespace created together with its user namespace
 * (unshare -Urn, container runtimes) exists before its uid map does, so no
 * owner chosen at creation would be the container's root.
 */
static int rtpfwd_proc_control_open(struct inode *inode, struct file *file)
{
	struct rtpfwd_proc_net *pn = pde_data(inode);

	return rtpfwd_proc_may_admin(file, pn->net) ? 0 : -EPERM;
}

static ssize_t rtpfwd_proc_control_write(struct file *file, const char __user *ubuf,
					 size_t len, loff_t *ppos)
{
	struct rtpfwd_proc_net *pn = pde_data(file_inode(file));
	char cmd[RTPFWD_CONTROL_MAX];
	bool add;
	u32 id;
	int err;

	if (len == 0 || len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	if (strlen(cmd) != len)		/* embedded NUL */
		return -EINVAL;

	err = rtpfwd_proc_parse_control(cmd, &add, &id);
	if (err)
		return err;
	err = add ? rtpfwd_table_create(pn->net, id, NULL) :
		    rtpfwd_table_delete(pn->net, id, NULL);
	return err ?: len;
}

static const struct proc_ops rtpfwd_proc_control_ops = {
	.proc_open	= rtpfwd_proc_control_open,
	.proc_write	= rtpfwd_proc_control_write,
	.proc_lseek	= noop_llseek,
};

/* ---- /proc/net/rtpengine/list -------------------------------------------- */

static int rtpfwd_proc_list_show(struct seq_file *m, void *v)
{
	struct rtpfwd_proc_net *pn = m->private;
	u32 id;

	rcu_read_lock();
	for (id = 0; id < RTPFWD_TABLES; id++)
		if (rtpfwd_table_lookup_rcu(pn->net, id))
			seq_printf(m, "%u\n", id);
	rcu_read_unlock();
	return 0;
}

/* ---- per-table files ------------------------------------------------------ */

/*
 * N/calls of table @id: made before the table is published, unpublished
 * before its files go; the last reference frees it.
 */
struct rtpfwd_calls *rtpfwd_calls_get(const struct net *net, u32 id)
{
	struct rtpfwd_calls *calls;

	if (id >= RTPFWD_TABLES)
		return NULL;
	rcu_read_lock();
	calls = rcu_dereference(rtpfwd_proc_pernet(net)->calls[id]);
	if (calls && !rtpfwd_calls_tryget(calls))
		calls = NULL;
	rcu_read_unlock();
	return calls;
}

/* Every per-table file holds a table reference while it is open. */
struct rtpfwd_table *rtpfwd_proc_table_get(struct inode *inode)
{
	struct rtpfwd_table *table = pde_data(inode);

	/* proc keeps the entry, and so the published table, alive during open */
	rtpfwd_table_get(table);
	return table;
}

static int rtpfwd_proc_status_show(struct seq_file *m, void *v)
{
	struct rtpfwd_table *table = m->private;

	seq_printf(m, "Refcount:    %u\n", rtpfwd_table_refs(table));
	seq_printf(m, "Control PID: %u\n", rtpfwd_table_control_pid(table));
	seq_printf(m, "Targets:     %u\n", READ_ONCE(table->rule_count));
	return 0;
}

static int rtpfwd_proc_status_open(struct inode *inode, struct file *file)
{
	struct rtpfwd_table *table = rtpfwd_proc_table_get(inode);
	int err;

	err = single_open(file, rtpfwd_proc_status_show, table);
	if (err)
		rtpfwd_table_put(table);
	return err;
}

static int rtpfwd_proc_status_release(struct inode *inode, struct file *file)
{
	struct rtpfwd_table *table = ((struct seq_file *)file->private_data)->private;

	single_release(inode, file);
	rtpfwd_table_put(table);
	return 0;
}

static const struct proc_ops rtpfwd_proc_status_ops = {
	.proc_open	= rtpfwd_proc_status_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= rtpfwd_proc_status_release,
};

/* The table's control channel: one opener at a time, who must be an admin. */
static int rtpfwd_proc_table_control_open(struct inode *inode, struct file *file)
{
	struct rtpfwd_table *table = pde_data(inode);
	int err;

	if (!rtpfwd_proc_may_admin(file, table->net))
		return -EPERM;
	err = rtpfwd_table_control_claim(table);
	if (err)
		return err;
	/* rtpengine's binary protocols, 10.5 or 12.5 (proc_compat.c) */
	err = rtpfwd_compat_open(file, rtpfwd_proc_table_get(inode));
	if (err) {
		rtpfwd_table_control_release(table);
		rtpfwd_table_put(table);
	}
	return err;
}

static int rtpfwd_proc_table_control_release(struct inode *inode, struct file *file)
{
	struct rtpfwd_table *table = rtpfwd_compat_release(file);

	rtpfwd_table_control_release(table);
	rtpfwd_table_put(table);
	return 0;
}

static const struct proc_ops rtpfwd_proc_table_control_ops = {
	.proc_open	= rtpfwd_proc_table_control_open,
	.proc_read	= rtpfwd_compat_read,
	.proc_write	= rtpfwd_compat_write,
	.proc_mmap	= rtpfwd_compat_mmap,
	.proc_lseek	= noop_llseek,
	.proc_release	= rtpfwd_proc_table_control_release,
};

struct rtpfwd_proc_file {
	const char *name;
	umode_t mode;
	const struct proc_ops *ops;
};

static const struct rtpfwd_proc_file rtpfwd_proc_table_files[] = {
	{ "status",  0444, &rtpfwd_proc_status_ops },
	{ "list",    0444, &rtpfwd_proc_list_ops },	/* proc_list.c */
	{ "blist",   0444, &rtpfwd_proc_blist_ops },	/* proc_blist.c */
	{ "control", 0660, &rtpfwd_proc_table_control_ops },
};

/*
 * Create /proc/net/rtpengine/N/ for @table (RTPFWD_EVENT_TABLE_ADD).
 * Context: the core's per-namespace lock held.
 * Return: 0 or -ENOMEM; nothing is left behind on failure.
 */
static int rtpfwd_proc_table_add(struct rtpfwd_proc_net *pn, struct rtpfwd_table *table)
{
	const struct rtpfwd_proc_file *f;
	struct proc_dir_entry *dir, *pde;
	struct rtpfwd_proc_access acc;
	struct rtpfwd_calls *calls;
	char name[12];

	rtpfwd_proc_access(pn->net, &acc);
	snprintf(name, sizeof(name), "%u", table->id);
	dir = proc_mkdir_data(name, acc.dir_mode, pn->dir, table);
	if (!dir)
		return -ENOMEM;
	proc_set_user(dir, acc.uid, acc.gid);

	for (f = rtpfwd_proc_table_files;
	     f < rtpfwd_proc_table_files + ARRAY_SIZE(rtpfwd_proc_table_files); f++) {
		pde = proc_create_data(f->name, f->mode, dir, f->ops, table);
		if (!pde) {
			proc_remove(dir);
			return -ENOMEM;
		}
		proc_set_user(pde, acc.uid, acc.gid);
	}
	calls = rtpfwd_calls_new(dir, &acc);
	if (!calls) {
		proc_remove(dir);
		return -ENOMEM;
	}
	rcu_assign_pointer(pn->calls[table->id], calls);
	pn->tables[table->id] = dir;
	return 0;
}

/*
 * Remove N/: its files are closed when this returns (proc_remove() waits,
 * once recordings' readers no longer sleep). Nothing there if adding failed.
 */
static void rtpfwd_proc_table_remove(struct rtpfwd_proc_net *pn, struct rtpfwd_table *table)
{
	/* the core's per-namespace lock orders the writers */
	struct rtpfwd_calls *calls = rcu_dereference_protected(pn->calls[table->id], true);

	RCU_INIT_POINTER(pn->calls[table->id], NULL);
	if (calls)
		rtpfwd_calls_close(calls);
	proc_remove(pn->tables[table->id]);
	pn->tables[table->id] = NULL;
	rtpfwd_calls_put(calls);
}

static int rtpfwd_proc_event(struct notifier_block *nb, unsigned long type, void *data)
{
	const struct rtpfwd_event *ev = data;
	struct rtpfwd_proc_net *pn = rtpfwd_proc_pernet(ev->net);

	switch (type) {
	case RTPFWD_EVENT_TABLE_ADD:
		return notifier_from_errno(rtpfwd_proc_table_add(pn, ev->table));
	case RTPFWD_EVENT_TABLE_ADD_FAILED:
	case RTPFWD_EVENT_TABLE_DEL:
		rtpfwd_proc_table_remove(pn, ev->table);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block rtpfwd_proc_event_nb = {
	.notifier_call = rtpfwd_proc_event,
};

/* ---- per-namespace and module-wide setup ---------------------------------- */

static int __net_init rtpfwd_proc_net_init(struct net *net)
{
	struct rtpfwd_proc_net *pn = rtpfwd_proc_pernet(net);
	struct rtpfwd_proc_access acc;
	struct proc_dir_entry *pde;

	rtpfwd_proc_access(net, &acc);
	pn->net = net;
	pn->dir = proc_mkdir_data(RTPFWD_PROC_DIR, 0555, net->proc_net, pn);
	if (!pn->dir)
		return -ENOMEM;
	proc_set_user(pn->dir, acc.uid, acc.gid);

	pde = proc_create_data("control", 0222, pn->dir, &rtpfwd_proc_control_ops, pn);
	if (!pde)
		goto err;
	proc_set_user(pde, acc.uid, acc.gid);

	pde = proc_create_single_data("list", 0444, pn->dir, rtpfwd_proc_list_show, pn);
	if (!pde)
		goto err;
	proc_set_user(pde, acc.uid, acc.gid);
	return 0;

err:
	proc_remove(pn->dir);
	return -ENOMEM;
}

/*
 * After the core's exit for @net (registered later, so run earlier): every
 * table and its directory are gone. Waits for /proc writers still running;
 * they found the namespace dying.
 */
static void __net_exit rtpfwd_proc_net_exit(struct net *net)
{
	proc_remove(rtpfwd_proc_pernet(net)->dir);
}

static struct pernet_operations rtpfwd_proc_net_ops = {
	.init = rtpfwd_proc_net_init,
	.exit = rtpfwd_proc_net_exit,
	.id   = &rtpfwd_proc_net_id,
	.size = sizeof(struct rtpfwd_proc_net),
};

/* Before the core's namespaces (rtpfwd_netns_init()), see above. */
int rtpfwd_proc_init(void)
{
	int err;

	rtpfwd_proc_link = proc_symlink(RTPFWD_PROC_DIR, NULL, "self/net/" RTPFWD_PROC_DIR);
	if (!rtpfwd_proc_link)
		return -ENOMEM;
	err = register_pernet_subsys(&rtpfwd_proc_net_ops);
	if (err)
		goto err_link;
	err = rtpfwd_event_register(&rtpfwd_proc_event_nb);
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	unregister_pernet_subsys(&rtpfwd_proc_net_ops);
err_link:
	proc_remove(rtpfwd_proc_link);
	return err;
}

void rtpfwd_proc_exit(void)
{
	rtpfwd_event_unregister(&rtpfwd_proc_event_nb);
	unregister_pernet_subsys(&rtpfwd_proc_net_ops);
	proc_remove(rtpfwd_proc_link);
}
