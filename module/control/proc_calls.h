/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd: rtpengine's call recording interface, N/calls/ (proc_calls.c),
 * for the control sessions of both daemons (proc_compat.c, proc_rtpe12.c)
 * and for proc.c, which makes and removes a table's entries.
 */
#ifndef _RTPFWD_PROC_CALLS_H
#define _RTPFWD_PROC_CALLS_H

#include <linux/proc_fs.h>
#include <linux/types.h>

/* The daemons' name fields (call id, stream name), NUL included. */
#define RTPFWD_REC_NAME_MAX	256

struct rtpfwd_calls;
struct net;
struct rtpfwd_proc_access;
struct rtpfwd_table;
struct rtpfwd_tap;

struct rtpfwd_calls *rtpfwd_calls_new(struct proc_dir_entry *table_dir,
				      const struct rtpfwd_proc_access *acc);
void rtpfwd_calls_close(struct rtpfwd_calls *calls);
void rtpfwd_calls_put(struct rtpfwd_calls *calls);
bool rtpfwd_calls_tryget(struct rtpfwd_calls *calls);
int rtpfwd_calls_add_call(struct rtpfwd_calls *calls, const char *name, u32 *idx);
int rtpfwd_calls_del_call(struct rtpfwd_calls *calls, u32 idx);
int rtpfwd_calls_add_stream(struct rtpfwd_calls *calls, u32 call_idx, const char *name,
			    u32 max_packets, u32 *idx);
int rtpfwd_calls_del_stream(struct rtpfwd_calls *calls, u32 call_idx, u32 idx);
int rtpfwd_calls_packet(struct rtpfwd_calls *calls, u32 idx, const void *data, size_t len);
struct rtpfwd_tap *rtpfwd_calls_tap(struct rtpfwd_calls *calls, u32 idx);

/* What generic netlink tells of a stream; the names valid during the call. */
struct rtpfwd_rec_info {
	const char	*call;
	const char	*stream;
	u32		id;
	u32		packets;	/* it holds at most */
	u32		queued;
	u64		dropped;
};

typedef int (*rtpfwd_calls_fill_t)(void *arg, const struct rtpfwd_rec_info *info);

int rtpfwd_calls_record(struct rtpfwd_calls *calls, const char *call_name, const char *name,
			u32 max_packets, rtpfwd_calls_fill_t fill, void *arg);
int rtpfwd_calls_forget(struct rtpfwd_calls *calls, const char *call_name, const char *name);
int rtpfwd_calls_info(struct rtpfwd_calls *calls, const char *call_name, const char *name,
		      rtpfwd_calls_fill_t fill, void *arg);
int rtpfwd_calls_walk(struct rtpfwd_calls *calls, u32 *next, u32 *gen,
		      rtpfwd_calls_fill_t fill, void *arg);

/* proc_calls_file.c: a stream's file */
extern const struct proc_ops rtpfwd_calls_file_ops;
unsigned int rtpfwd_calls_default_packets(void);

/* proc.c: the calls of table @id of @net, referenced, or NULL (no such table) */
struct rtpfwd_calls *rtpfwd_calls_get(const struct net *net, u32 id);

#endif /* _RTPFWD_PROC_CALLS_H */
