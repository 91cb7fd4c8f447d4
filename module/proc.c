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
 *
 * Entries belong to the namespace's root user where its uid map exists when
 * they are made. Writers need CAP_NET_ADMIN over the namespace, checked
 * against the opener's credentials. Per-table file operations must not take
 * rtpfwd_net.lock (see rtpfwd.h).
 */
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "proc_compat.h"
#include "rtpfwd.h"
#include "rule.h"

#define RTPFWD_PROC_DIR		"rtpengine"
/* Longest valid control command is "add 63\n"; leave room for leading zeros. */
#define RTPFWD_CONTROL_MAX	32

static struct proc_dir_entry *rtpfwd_proc_link;

/* Make @pde belong to the namespace's root user, as /proc/net itself does. */
static void rtpfwd_proc_set_owner(struct rtpfwd_net *rn, struct proc_dir_entry *pde)
{
	kuid_t uid = make_kuid(rn->net->user_ns, 0);
	kgid_t gid = make_kgid(rn->net->user_ns, 0);

	if (!uid_valid(uid))
		uid = GLOBAL_ROOT_UID;
	if (!gid_valid(gid))
		gid = GLOBAL_ROOT_GID;
	proc_set_user(pde, uid, gid);
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
	struct rtpfwd_net *rn = pde_data(inode);

	return rtpfwd_proc_may_admin(file, rn->net) ? 0 : -EPERM;
}

static ssize_t rtpfwd_proc_control_write(struct file *file, const char __user *ubuf,
					 size_t len, loff_t *ppos)
{
	struct rtpfwd_net *rn = pde_data(file_inode(file));
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
	err = add ? rtpfwd_table_create(rn->net, id, NULL) :
		    rtpfwd_table_delete(rn->net, id, NULL);
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
	struct rtpfwd_net *rn = m->private;
	u32 id;

	rcu_read_lock();
	for (id = 0; id < RTPFWD_TABLES; id++)
		if (rcu_access_pointer(rn->tables[id]))
			seq_printf(m, "%u\n", id);
	rcu_read_unlock();
	return 0;
}

/* ---- per-table files ------------------------------------------------------ */

/* Every per-table file holds a table reference while it is open. */
static struct rtpfwd_table *rtpfwd_proc_table_get(struct inode *inode)
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

static void rtpfwd_proc_print_ep(struct seq_file *m, const char *label,
				 const struct rtpfwd_endpoint *ep)
{
	seq_printf(m, "%s", label);
	if (ep->family == AF_INET)
		seq_printf(m, "inet4 %pI4:%u\n", &ep->addr.v4, ntohs(ep->port));
	else
		seq_printf(m, "inet6 [%pI6c]:%u\n", &ep->addr.v6, ntohs(ep->port));
}

/* Payload type counters and SSRCs seen, as rtpengine prints them. */
static void rtpfwd_proc_print_rtp(struct seq_file *m, const struct rtpfwd_rule *rule)
{
	struct rtpfwd_ssrc_sum ss;
	u64 packets, bytes;
	unsigned int i;

	for (i = 0; i < rule->rtp->num_pts; i++) {
		rtpfwd_rule_pt_stats(rule, i, &packets, &bytes);
		seq_printf(m, "        RTP payload type %3u: %20llu bytes, %20llu packets\n",
			   rule->rtp->pts[i].type, bytes, packets);
	}
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		if (!rtpfwd_rule_ssrc_stats(rule, i, &ss))
			break;
		seq_printf(m, "%s %lx", i ? "," : "    SSRC in:", (unsigned long)ss.ssrc);
	}
	if (i)
		seq_puts(m, "\n");
}

/* Hand-up flags as rtpengine's "option:" lines; the SSRC filter's list. */
static void rtpfwd_proc_print_options(struct seq_file *m, const struct rtpfwd_rule *rule)
{
	unsigned int i;

	if (rule->flags & RTPFWD_RULE_F_DTLS)
		seq_puts(m, "    option: dtls\n");
	if (rule->flags & RTPFWD_RULE_F_STUN)
		seq_puts(m, "    option: stun\n");
	if (!(rule->flags & RTPFWD_RULE_F_SSRC))
		return;
	seq_puts(m, "    option: SSRC filter\n    SSRC expected:");
	for (i = 0; i < rule->num_ssrcs; i++)
		seq_printf(m, "%s %lx", i ? "," : "", (unsigned long)be32_to_cpu(rule->ssrcs[i]));
	seq_puts(m, "\n");
}

/* One rule, in the text format of rtpengine's /proc/rtpengine/N/list. */
static void rtpfwd_proc_print_rule(struct seq_file *m, const struct rtpfwd_rule *rule)
{
	static const char * const mismatch[] = {
		[RTPFWD_MISMATCH_DROP] = "drop",
		[RTPFWD_MISMATCH_PASS] = "propagate",
	};
	struct rtpfwd_stats_sum sum;
	unsigned int i;

	rtpfwd_proc_print_ep(m, "local ", &rule->local);
	if (rule->expect.family)
		rtpfwd_proc_print_ep(m, "    expect ", &rule->expect);
	if (rule->mismatch != RTPFWD_MISMATCH_IGNORE)
		seq_printf(m, "    src mismatch action: %s\n", mismatch[rule->mismatch]);
	rtpfwd_rule_stats(rule, &sum);
	seq_printf(m, "    stats: %20llu bytes, %20llu packets, %20llu errors\n",
		   sum.bytes, sum.packets, sum.errors);
	if (rule->rtp)
		rtpfwd_proc_print_rtp(m, rule);
	rtpfwd_proc_print_options(m, rule);
	for (i = 0; i < rule->num_outputs; i++) {
		seq_printf(m, "    output #%u\n", i);
		rtpfwd_proc_print_ep(m, "       src ", &rule->outputs[i].cfg.src);
		rtpfwd_proc_print_ep(m, "       dst ", &rule->outputs[i].cfg.dst);
	}
}

/*
 * N/list and N/blist: seq_files of one record per rule, walked with a
 * cursor (rule.c) that a reader resumes read() after read(): each read()
 * holds the RCU read lock for one seq_file buffer, not for the table, and an
 * open file costs the same whatever the table's size. Their private data
 * starts with a struct rtpfwd_proc_walk.
 */
void *rtpfwd_proc_walk_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU)
{
	struct rtpfwd_proc_walk *walk = m->private;

	/* between two buffers of a long list */
	cond_resched();
	return rtpfwd_rule_cursor_start(&walk->cursor, *pos);
}

void *rtpfwd_proc_walk_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct rtpfwd_proc_walk *walk = m->private;

	++*pos;
	return rtpfwd_rule_cursor_next(&walk->cursor);
}

void rtpfwd_proc_walk_stop(struct seq_file *m, void *v)
	__releases(RCU)
{
	struct rtpfwd_proc_walk *walk = m->private;

	rtpfwd_rule_cursor_stop(&walk->cursor);
}

/**
 * rtpfwd_proc_walk_open() - open a per-table walk file
 * @inode: the file's inode (its data: the table)
 * @file: the file
 * @ops: its seq_operations, with the start, next and stop above
 * @size: size of its private data, which starts with a struct rtpfwd_proc_walk
 *
 * Return: 0 or -ENOMEM.
 */
int rtpfwd_proc_walk_open(struct inode *inode, struct file *file,
			  const struct seq_operations *ops, size_t size)
{
	struct rtpfwd_proc_walk *walk;

	walk = __seq_open_private(file, ops, size);
	if (!walk)
		return -ENOMEM;
	walk->table = rtpfwd_proc_table_get(inode);
	rtpfwd_rule_cursor_init(&walk->cursor, walk->table);
	return 0;
}

int rtpfwd_proc_walk_release(struct inode *inode, struct file *file)
{
	struct rtpfwd_proc_walk *walk = ((struct seq_file *)file->private_data)->private;
	struct rtpfwd_table *table = walk->table;

	rtpfwd_rule_cursor_exit(&walk->cursor);
	seq_release_private(inode, file);
	rtpfwd_table_put(table);
	return 0;
}

static int rtpfwd_proc_rules_show(struct seq_file *m, void *v)
{
	rtpfwd_proc_print_rule(m, v);
	return 0;
}

static const struct seq_operations rtpfwd_proc_rules_seq_ops = {
	.start	= rtpfwd_proc_walk_start,
	.next	= rtpfwd_proc_walk_next,
	.stop	= rtpfwd_proc_walk_stop,
	.show	= rtpfwd_proc_rules_show,
};

static int rtpfwd_proc_rules_open(struct inode *inode, struct file *file)
{
	return rtpfwd_proc_walk_open(inode, file, &rtpfwd_proc_rules_seq_ops,
				     sizeof(struct rtpfwd_proc_walk));
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

static const struct proc_ops rtpfwd_proc_rules_ops = {
	.proc_open	= rtpfwd_proc_rules_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= rtpfwd_proc_walk_release,
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
	/* the rtpengine 10.5 binary protocol (proc_compat.c) */
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
	{ "list",    0444, &rtpfwd_proc_rules_ops },
	{ "blist",   0444, &rtpfwd_proc_blist_ops },	/* proc_blist.c */
	{ "control", 0660, &rtpfwd_proc_table_control_ops },
};

/**
 * rtpfwd_proc_table_add() - create /proc/net/rtpengine/N/ for @table
 * @rn: the namespace's state
 * @table: the table; its id and namespace are set
 *
 * Context: rn->lock held.
 * Return: 0 or -ENOMEM; nothing is left behind on failure.
 */
int rtpfwd_proc_table_add(struct rtpfwd_net *rn, struct rtpfwd_table *table)
{
	const struct rtpfwd_proc_file *f;
	struct proc_dir_entry *pde;
	char name[12];

	snprintf(name, sizeof(name), "%u", table->id);
	table->proc_dir = proc_mkdir_data(name, 0555, rn->proc_dir, table);
	if (!table->proc_dir)
		return -ENOMEM;
	rtpfwd_proc_set_owner(rn, table->proc_dir);

	for (f = rtpfwd_proc_table_files;
	     f < rtpfwd_proc_table_files + ARRAY_SIZE(rtpfwd_proc_table_files); f++) {
		pde = proc_create_data(f->name, f->mode, table->proc_dir, f->ops, table);
		if (!pde) {
			proc_remove(table->proc_dir);
			table->proc_dir = NULL;
			return -ENOMEM;
		}
		rtpfwd_proc_set_owner(rn, pde);
	}
	return 0;
}

/* ---- per-namespace and module-wide setup ---------------------------------- */

int rtpfwd_proc_net_init(struct rtpfwd_net *rn)
{
	struct proc_dir_entry *pde;

	rn->proc_dir = proc_mkdir_data(RTPFWD_PROC_DIR, 0555, rn->net->proc_net, rn);
	if (!rn->proc_dir)
		return -ENOMEM;
	rtpfwd_proc_set_owner(rn, rn->proc_dir);

	pde = proc_create_data("control", 0222, rn->proc_dir, &rtpfwd_proc_control_ops, rn);
	if (!pde)
		goto err;
	rtpfwd_proc_set_owner(rn, pde);

	pde = proc_create_single_data("list", 0444, rn->proc_dir, rtpfwd_proc_list_show, rn);
	if (!pde)
		goto err;
	rtpfwd_proc_set_owner(rn, pde);
	return 0;

err:
	proc_remove(rn->proc_dir);
	return -ENOMEM;
}

void rtpfwd_proc_net_exit(struct rtpfwd_net *rn)
{
	proc_remove(rn->proc_dir);
}

int rtpfwd_proc_init(void)
{
	rtpfwd_proc_link = proc_symlink(RTPFWD_PROC_DIR, NULL, "self/net/" RTPFWD_PROC_DIR);
	return rtpfwd_proc_link ? 0 : -ENOMEM;
}

void rtpfwd_proc_exit(void)
{
	proc_remove(rtpfwd_proc_link);
}
