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
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/rtpengine_compat.h>
#include <linux/rtpengine12_compat.h>

#include "core/rtpfwd.h"
#include "core/rule.h"

#define RTPFWD_COMPAT_HASH_BITS		8

/* proc_shm.c: memory the daemon maps from N/control (rtpengine 12.5) */
struct rtpfwd_shm_region;
struct rtpfwd_shm_acct;

/* The regions a set of resolved pointers lives in, one reference each. */
#define RTPFWD_SHM_REFS_MAX	32
struct rtpfwd_shm_refs {
	unsigned int			n;
	struct rtpfwd_shm_region	*r[RTPFWD_SHM_REFS_MAX];
};

struct rtpfwd_shm_acct *rtpfwd_shm_acct_new(void);
void rtpfwd_shm_acct_put(struct rtpfwd_shm_acct *acct);
int rtpfwd_shm_mmap(struct file *file, struct rtpfwd_shm_acct *acct,
		    struct vm_area_struct *vma);
void *rtpfwd_shm_resolve(struct file *file, struct rtpfwd_shm_refs *refs, u64 uaddr,
			 size_t size);
bool rtpfwd_shm_refs_copy(struct rtpfwd_shm_refs *to, const struct rtpfwd_shm_refs *from);
void rtpfwd_shm_refs_put(struct rtpfwd_shm_refs *refs);

/*
 * A target whose outputs are not all filled yet. @srtp (NULL without SRTP)
 * holds keys: freed with kfree_sensitive(). @ssrc: the target's SSRCs by the
 * daemon's index, which its outputs' SRTP indexes follow. @num_dests: the
 * ADD_DESTINATIONs to wait for (12.5: the RTCP outputs too, which the rule
 * does not get). @no_output: the destinations filled without an output (12.5's
 * RTCP outputs, 10.5's RTCP-only ones). @xstats: 12.5's shared counters, or NULL.
 */
struct rtpfwd_compat_staged {
	struct hlist_node	node;
	u8			num_filled;
	u8			num_dests;
	DECLARE_BITMAP(filled, RTPFWD_OUTPUTS_MAX);	/* by output number */
	DECLARE_BITMAP(no_output, RTPFWD_OUTPUTS_MAX);	/* filled, not the rule's */
	__be32			ssrc[RTPE10_SSRCS];
	/* 10.5's replacement patterns, by cfg.pts position (len 0: none) */
	struct {
		u8		len;
		u8		pattern[RTPFWD_PT_PATTERN_MAX];
	}			pt_pattern[RTPE10_PAYLOAD_TYPES];
	struct rtpfwd_srtp_cfg	*srtp;		/* cfg.srtp */
	struct rtpfwd_xstats	*xstats;	/* cfg.xstats, our reference */
	struct rtpfwd_rule_cfg	cfg;		/* its outputs: in outputs[] */
	struct rtpfwd_output_cfg outputs[RTPFWD_OUTPUTS_MAX];
};

/* Which daemon the session speaks to: told by its first message. */
enum rtpfwd_compat_mode {
	RTPFWD_COMPAT_UNKNOWN,
	RTPFWD_COMPAT_10,	/* rtpengine 10.5: 1232-byte messages */
	RTPFWD_COMPAT_12,	/* rtpengine 12.5: INIT first, shared memory */
};

struct rtpfwd_compat_session {
	struct rtpfwd_table	*table;		/* referenced */
	struct mutex		lock;		/* the daemon writes from many threads */
	u8			mode;		/* enum rtpfwd_compat_mode, under lock */
	bool			initialised;	/* 12.5: INIT accepted */
	unsigned int		num_staged;
	DECLARE_HASHTABLE(staged, RTPFWD_COMPAT_HASH_BITS);
	struct rtpfwd_shm_acct	*shm;		/* what its mappings cost */
	struct rtpfwd_xs_global	*global;	/* 12.5: INIT's counters */
	struct rtpfwd_shm_refs	global_refs;
};

/* proc_compat.c: N/control, one session per opener (there is one at most). */
struct rtpfwd_compat_staged *
rtpfwd_compat_staged_find(struct rtpfwd_compat_session *s, const struct rtpfwd_endpoint *local);
int rtpfwd_compat_staged_add(struct rtpfwd_compat_session *s, struct rtpfwd_compat_staged *st);
void rtpfwd_compat_staged_free(struct rtpfwd_compat_staged *st);
void rtpfwd_compat_staged_drop(struct rtpfwd_compat_session *s, struct rtpfwd_compat_staged *st);
bool rtpfwd_compat_installed(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local);
int rtpfwd_compat_staged_encrypt(struct rtpfwd_compat_staged *st, unsigned int num,
				 const struct rtpe10_srtp *encrypt, const char **what);
int rtpfwd_compat_staged_output(struct rtpfwd_compat_session *s,
				const struct rtpfwd_endpoint *local, u32 num,
				struct rtpfwd_compat_staged **st);
const char *rtpfwd_compat_staged_rtcp_only(const struct rtpfwd_compat_staged *st);
int rtpfwd_compat_staged_filled(struct rtpfwd_compat_session *s,
				struct rtpfwd_compat_staged *st, unsigned int num,
				const struct rtpfwd_output_cfg *out, const char *what);
int rtpfwd_compat_del_target(struct rtpfwd_compat_session *s, const struct rtpe10_addr *addr);
/* The call and stream commands' fields, alike in 10.5 and 12.5 (proc_calls.c). */
union rtpfwd_compat_calls {
	struct rtpe10_call	call;
	struct rtpe10_stream	stream;
	struct rtpe10_packet	packet;
};

int rtpfwd_compat_calls_cmd(struct rtpfwd_table *table, u32 cmd, union rtpfwd_compat_calls *u,
			    const void *data, size_t len);
int rtpfwd_compat_mmap(struct file *file, struct vm_area_struct *vma);
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
			     const struct rtpe10_target *target, struct rtpfwd_compat_staged *st);
int rtpfwd_compat_output_cfg(const struct rtpe10_destination *dest,
			     struct rtpfwd_endpoint *local, struct rtpfwd_output_cfg *out);
const char *rtpfwd_compat_output_pt_replace(const struct rtpfwd_compat_staged *st,
					    struct rtpfwd_output_cfg *out, unsigned int idx,
					    const u8 *pattern, unsigned int len);
void rtpfwd_compat_output_ssrc_map(const struct rtpfwd_compat_staged *st,
				   const struct rtpe10_output *o,
				   struct rtpfwd_output_cfg *out);

/* proc_compat_srtp.c: SRTP parameters, keys one way only */
int rtpfwd_compat_srtp_valid(const struct rtpe10_srtp *srtp);
bool rtpfwd_compat_srtp_plain(const struct rtpe10_srtp *srtp);
int rtpfwd_compat_srtp_cfg(const struct rtpe10_srtp *in, const __be32 ssrc[RTPE10_SSRCS],
			   struct rtpfwd_srtp_cfg *out, const char **what);
void rtpfwd_compat_srtp_to_10(const struct rtpfwd_srtp *srtp, struct rtpe10_srtp *out);

/* proc_rtpe12.c, proc_rtpe12_target.c: rtpengine 12.5's messages */
ssize_t rtpfwd_rtpe12_rw(struct file *file, struct rtpfwd_compat_session *s,
			 char __user *ubuf, size_t len, bool reading);
void rtpfwd_rtpe12_release(struct rtpfwd_compat_session *s);
struct rtpfwd_compat_staged *rtpfwd_rtpe12_target(struct file *file,
						  struct rtpfwd_compat_session *s,
						  const struct rtpe12_target *target);
int rtpfwd_rtpe12_output(struct file *file, struct rtpfwd_compat_staged *st,
			 const struct rtpe12_msg_destination *dest, struct rtpfwd_endpoint *local,
			 struct rtpfwd_output_cfg *out, const char **what);

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
