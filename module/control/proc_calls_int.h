/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd: the objects of N/calls/ and the locked steps that make and drop
 * them (proc_calls.c), shared by its two ways in: by number, as
 * rtpengine's daemons ask (proc_calls_index.c), and by name, as generic
 * netlink asks (proc_calls_name.c). Functions below but
 * rtpfwd_calls_name() and rtpfwd_calls_stream_alloc()/_free() are called
 * with the calls' lock held.
 */
#ifndef _RTPFWD_PROC_CALLS_INT_H
#define _RTPFWD_PROC_CALLS_INT_H

#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/refcount.h>

#include "proc_calls.h"

#define RTPFWD_CALLS_MAX	16384
#define RTPFWD_STREAMS_MAX	65536
/* How long a deleted stream's readers have to read end of file and close. */
#define RTPFWD_CALLS_CLOSE_WAIT	HZ

struct rtpfwd_rec_call {
	struct hlist_node	node;		/* in calls->names */
	struct list_head	streams;
	struct proc_dir_entry	*dir;
	u32			idx;
	char			name[RTPFWD_REC_NAME_MAX];
};

struct rtpfwd_rec_stream {
	struct list_head	node;		/* in call->streams */
	struct rtpfwd_rec_call	*call;
	struct rtpfwd_tap	*tap;		/* our reference */
	struct proc_dir_entry	*pde;
	u32			idx;
	char			name[RTPFWD_REC_NAME_MAX];
};

struct rtpfwd_calls {
	refcount_t		refs;		/* the table's, users' */
	struct rcu_head		rcu;
	struct mutex		lock;		/* all of the below, the entries */
	bool			dead;		/* the table is going */
	struct proc_dir_entry	*dir;		/* N/calls */
	kuid_t			uid;
	kgid_t			gid;
	struct idr		calls;
	struct idr		streams;
	u32			gen;		/* moves with every stream added or gone */
	DECLARE_HASHTABLE(names, 8);		/* calls by name */
};

int rtpfwd_calls_name(const char *name);
struct rtpfwd_rec_call *rtpfwd_calls_find(struct rtpfwd_calls *calls, u32 idx);
struct rtpfwd_rec_call *rtpfwd_calls_find_name(struct rtpfwd_calls *calls, const char *name);
struct rtpfwd_rec_call *rtpfwd_calls_new_call(struct rtpfwd_calls *calls, const char *name);
void rtpfwd_calls_drop_call(struct rtpfwd_calls *calls, struct rtpfwd_rec_call *call);
struct rtpfwd_rec_stream *rtpfwd_calls_stream_alloc(const char *name, u32 max_packets);
void rtpfwd_calls_stream_free(struct rtpfwd_rec_stream *st);
int rtpfwd_calls_new_stream(struct rtpfwd_calls *calls, struct rtpfwd_rec_call *call,
			    struct rtpfwd_rec_stream *st);
void rtpfwd_calls_drop_stream(struct rtpfwd_calls *calls, struct rtpfwd_rec_stream *st,
			      unsigned long until);
struct rtpfwd_rec_stream *rtpfwd_calls_stream(struct rtpfwd_calls *calls, u32 idx,
					      const u32 *call_idx);

#endif /* _RTPFWD_PROC_CALLS_INT_H */
