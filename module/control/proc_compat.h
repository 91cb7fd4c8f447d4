/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd: rtpengine 10.5's binary /proc ABI (include/uapi/linux/rtpengine_compat.h)
 * on top of our rules. proc_compat.c runs the sessions of N/control and
 * proc_compat_target.c translates their messages into struct rtpfwd_rule_cfg
 * for the rule store, the same one generic netlink calls; proc_blist.c
 * prints rules as N/blist records, proc_list.c as N/list text. proc.c owns
 * the /proc entries and calls in here.
 */
#ifndef _RTPFWD_PROC_COMPAT_H
#define _RTPFWD_PROC_COMPAT_H

#include <linux/fs.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/rtpengine_compat.h>

#include "core/rtpfwd.h"
#include "core/rule.h"

/* proc_compat.c: N/control, one session per opener (there is one at most). */
int rtpfwd_compat_open(struct file *file, struct rtpfwd_table *table);
struct rtpfwd_table *rtpfwd_compat_release(struct file *file);
ssize_t rtpfwd_compat_write(struct file *file, const char __user *ubuf, size_t len,
			    loff_t *ppos);
ssize_t rtpfwd_compat_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos);

/* proc_compat_target.c: translation of 10.5 messages */
int rtpfwd_compat_addr_to_ep(const struct rtpe10_addr *addr, struct rtpfwd_endpoint *ep);
void rtpfwd_compat_ep_to_addr(const struct rtpfwd_endpoint *ep, struct rtpe10_addr *addr);
int rtpfwd_compat_unsupported(const struct rtpfwd_table *table,
			      const struct rtpe10_addr *local, const char *what);
int rtpfwd_compat_target_cfg(const struct rtpfwd_table *table,
			     const struct rtpe10_target *target, struct rtpfwd_rule_cfg *cfg,
			     struct rtpfwd_srtp_cfg **srtp);
int rtpfwd_compat_output_cfg(const struct rtpe10_destination *dest,
			     struct rtpfwd_endpoint *local, struct rtpfwd_output_cfg *out,
			     const char **what);

/* proc_compat_srtp.c: SRTP parameters, keys one way only */
int rtpfwd_compat_srtp_valid(const struct rtpe10_srtp *srtp);
bool rtpfwd_compat_srtp_plain(const struct rtpe10_srtp *srtp);
int rtpfwd_compat_srtp_cfg(const struct rtpe10_srtp *in, const __be32 ssrc[RTPE10_SSRCS],
			   struct rtpfwd_srtp_cfg *out, const char **what);
void rtpfwd_compat_srtp_to_10(const struct rtpfwd_srtp *srtp, struct rtpe10_srtp *out);

/* proc.c: the per-table files' reference on their table */
struct rtpfwd_table *rtpfwd_proc_table_get(struct inode *inode);

/* proc_list.c: seq_files of a table's rules (N/list, N/blist), one record per rule. */
struct rtpfwd_proc_walk {
	struct rtpfwd_table		*table;		/* referenced */
	struct rtpfwd_rule_cursor	cursor;
};

void *rtpfwd_proc_walk_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU);
void *rtpfwd_proc_walk_next(struct seq_file *m, void *v, loff_t *pos);
void rtpfwd_proc_walk_stop(struct seq_file *m, void *v)
	__releases(RCU);
int rtpfwd_proc_walk_open(struct inode *inode, struct file *file,
			  const struct seq_operations *ops, size_t size);
int rtpfwd_proc_walk_release(struct inode *inode, struct file *file);

extern const struct proc_ops rtpfwd_proc_list_ops;

/* proc_blist.c: N/blist. */
extern const struct proc_ops rtpfwd_proc_blist_ops;

#endif /* _RTPFWD_PROC_COMPAT_H */
