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
struct rtpfwd_proc_access;
struct rtpfwd_table;
struct rtpfwd_tap;

struct rtpfwd_calls *rtpfwd_calls_new(struct proc_dir_entry *table_dir,
				      const struct rtpfwd_proc_access *acc);
void rtpfwd_calls_close(struct rtpfwd_calls *calls);
void rtpfwd_calls_free(struct rtpfwd_calls *calls);
int rtpfwd_calls_add_call(struct rtpfwd_calls *calls, const char *name, u32 *idx);
int rtpfwd_calls_del_call(struct rtpfwd_calls *calls, u32 idx);
int rtpfwd_calls_add_stream(struct rtpfwd_calls *calls, u32 call_idx, const char *name,
			    u32 max_packets, u32 *idx);
int rtpfwd_calls_del_stream(struct rtpfwd_calls *calls, u32 call_idx, u32 idx);
int rtpfwd_calls_packet(struct rtpfwd_calls *calls, u32 idx, const void *data, size_t len);
struct rtpfwd_tap *rtpfwd_calls_tap(struct rtpfwd_calls *calls, u32 idx);

/* proc.c: the calls of @table (valid while one of its files is in use) */
struct rtpfwd_calls *rtpfwd_proc_calls(const struct rtpfwd_table *table);

#endif /* _RTPFWD_PROC_CALLS_H */
