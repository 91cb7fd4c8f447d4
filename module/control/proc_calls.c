// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: rtpengine's call recording interface, /proc/rtpengine/N/calls/.
 *
 *   N/calls/CALL/STREAM   one recorded stream: each read() returns one
 *                         datagram (IP and UDP headers, then RTP as the
 *                         kernel forwarded it, decrypted), 0 once the
 *                         stream is deleted; poll() says when one waits
 *
 * The daemon makes a call (ADD_CALL, named by its recording's file prefix)
 * and its streams (ADD_STREAM), and answers with their numbers; a target
 * it then installs with do_intercept names a stream, whose tap (core/tap.h)
 * the rule gets: what the rule forwards is queued there. What the daemon
 * relays itself it hands in with PACKET. The recording daemon opens the
 * files it reads of in the daemon's metadata. Both rtpengine 10.5 and 12.5
 * speak this with the same fields (proc_compat.c, proc_rtpe12.c).
 *
 * Calls and streams belong to the table, not to a control session: the
 * daemon may restart while a call is recorded. They go with DEL_CALL (its
 * streams with it), DEL_STREAM, or the table. A deleted stream's readers
 * get end of file at once; rules that still hold its tap queue nothing.
 *
 * Numbers are per table (rtpengine's are per module: the daemon only uses
 * those it was given). Names are file names: empty, "." and "..", or a '/'
 * are EINVAL, a name already in use EEXIST (rtpengine's rule too). A table
 * has at most RTPFWD_CALLS_MAX calls and RTPFWD_STREAMS_MAX streams
 * (ENOSPC beyond); queued datagrams are bounded per stream
 * (stream_packets_list_limit, rtpengine's parameter, or the daemon's
 * max_packets) and by the module (core/tap.h).
 *
 * One mutex per table orders all of it, and is never held while taking
 * another lock of ours: the core's per-namespace lock is taken around it
 * when the table goes (rtpfwd_calls_close()).
 */
#include <linux/idr.h>
#include <linux/jhash.h>
#include <linux/slab.h>

#include "core/tap.h"
#include "proc.h"
#include "proc_calls_int.h"

/* ---- the table's calls --------------------------------------------------- */

/**
 * rtpfwd_calls_new() - N/calls of a new table
 * @table_dir: N/
 * @acc: the owner of /proc/rtpengine's entries
 *
 * Return: the table's (empty) calls, with the table's reference, or NULL.
 */
struct rtpfwd_calls *rtpfwd_calls_new(struct proc_dir_entry *table_dir,
				      const struct rtpfwd_proc_access *acc)
{
	struct rtpfwd_calls *calls;

	calls = kzalloc(sizeof(*calls), GFP_KERNEL_ACCOUNT);
	if (!calls)
		return NULL;
	refcount_set(&calls->refs, 1);
	calls->dir = proc_mkdir_mode("calls", 0555, table_dir);
	if (!calls->dir) {
		kfree(calls);
		return NULL;
	}
	proc_set_user(calls->dir, acc->uid, acc->gid);
	calls->uid = acc->uid;
	calls->gid = acc->gid;
	mutex_init(&calls->lock);
	idr_init(&calls->calls);
	idr_init(&calls->streams);
	hash_init(calls->names);
	return calls;
}

/* A name the daemon gave, as a file name: NUL-terminated within its field. */
int rtpfwd_calls_name(const char *name)
{
	size_t len = strnlen(name, RTPFWD_REC_NAME_MAX);

	if (!len || len == RTPFWD_REC_NAME_MAX || strchr(name, '/') ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	return 0;
}

static u32 rtpfwd_calls_hash(const char *name)
{
	return jhash(name, strlen(name), 0);
}

/* The call numbered @idx; NULL if none, or once the table is going. Locked. */
struct rtpfwd_rec_call *rtpfwd_calls_find(struct rtpfwd_calls *calls, u32 idx)
{
	if (calls->dead)
		return NULL;
	return idr_find(&calls->calls, idx);
}

/* The call named @name; NULL if none, or once the table is going. Locked. */
struct rtpfwd_rec_call *rtpfwd_calls_find_name(struct rtpfwd_calls *calls, const char *name)
{
	struct rtpfwd_rec_call *call;

	if (calls->dead)
		return NULL;
	hash_for_each_possible(calls->names, call, node, rtpfwd_calls_hash(name))
		if (!strcmp(call->name, name))
			return call;
	return NULL;
}

/* A new call named @name (checked) and its directory, or an ERR_PTR. Locked. */
struct rtpfwd_rec_call *rtpfwd_calls_new_call(struct rtpfwd_calls *calls, const char *name)
{
	struct rtpfwd_rec_call *call;
	int err;

	if (calls->dead)
		return ERR_PTR(-ENOENT);
	if (rtpfwd_calls_find_name(calls, name))
		return ERR_PTR(-EEXIST);
	call = kzalloc(sizeof(*call), GFP_KERNEL_ACCOUNT);
	if (!call)
		return ERR_PTR(-ENOMEM);
	strscpy(call->name, name, sizeof(call->name));
	INIT_LIST_HEAD(&call->streams);
	err = idr_alloc(&calls->calls, call, 0, RTPFWD_CALLS_MAX, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		goto err;
	call->idx = err;
	call->dir = proc_mkdir_mode(call->name, 0555, calls->dir);
	if (!call->dir) {
		idr_remove(&calls->calls, call->idx);
		err = -ENOMEM;
		goto err;
	}
	proc_set_user(call->dir, calls->uid, calls->gid);
	hash_add(calls->names, &call->node, rtpfwd_calls_hash(call->name));
	return call;

err:
	kfree(call);
	return ERR_PTR(err);
}

/*
 * A stream goes: its readers read end of file, and are given until @until
 * (jiffies) to close, as rtpengine's module waits for them (without a
 * bound there: a reader that does not close in time gets EIO instead of
 * 0, the daemon is not held up); then its file goes. Locked.
 */
void rtpfwd_calls_drop_stream(struct rtpfwd_calls *calls, struct rtpfwd_rec_stream *st,
			      unsigned long until)
{
	rtpfwd_tap_close(st->tap);
	rtpfwd_tap_wait_readers(st->tap, until);
	proc_remove(st->pde);
	idr_remove(&calls->streams, st->idx);
	calls->gen++;
	list_del(&st->node);
	rtpfwd_tap_put(st->tap);
	kfree(st);
}

/* The call, its streams (end of file for all at once) and directory. Locked. */
void rtpfwd_calls_drop_call(struct rtpfwd_calls *calls, struct rtpfwd_rec_call *call)
{
	unsigned long until = jiffies + RTPFWD_CALLS_CLOSE_WAIT;
	struct rtpfwd_rec_stream *st, *tmp;

	list_for_each_entry(st, &call->streams, node)
		rtpfwd_tap_close(st->tap);
	list_for_each_entry_safe(st, tmp, &call->streams, node)
		rtpfwd_calls_drop_stream(calls, st, until);
	proc_remove(call->dir);
	hash_del(&call->node);
	idr_remove(&calls->calls, call->idx);
	kfree(call);
}

/* A new stream (checked) of @call, its file; 0 or an errno. Locked. */
int rtpfwd_calls_new_stream(struct rtpfwd_calls *calls, struct rtpfwd_rec_call *call,
			    struct rtpfwd_rec_stream *st)
{
	struct rtpfwd_rec_stream *other;
	int err;

	list_for_each_entry(other, &call->streams, node)
		if (!strcmp(other->name, st->name))
			return -EEXIST;
	err = idr_alloc(&calls->streams, st, 0, RTPFWD_STREAMS_MAX, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		return err;
	st->idx = err;
	st->tap->id = st->idx;
	st->call = call;
	st->pde = proc_create_data(st->name, 0440, call->dir, &rtpfwd_calls_file_ops, st->tap);
	if (!st->pde) {
		idr_remove(&calls->streams, st->idx);
		return -ENOMEM;
	}
	proc_set_user(st->pde, calls->uid, calls->gid);
	list_add_tail(&st->node, &call->streams);
	calls->gen++;
	return 0;
}

/* A stream to be: named @name (checked), its tap holding @max_packets (0: the default). */
struct rtpfwd_rec_stream *rtpfwd_calls_stream_alloc(const char *name, u32 max_packets)
{
	struct rtpfwd_rec_stream *st;
	int err;

	err = rtpfwd_calls_name(name);
	if (err)
		return ERR_PTR(err);
	if (max_packets > RTPFWD_TAP_PACKETS_MAX)
		return ERR_PTR(-ERANGE);
	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return ERR_PTR(-ENOMEM);
	strscpy(st->name, name, sizeof(st->name));
	st->tap = rtpfwd_tap_new(max_packets ?: rtpfwd_calls_default_packets());
	if (!st->tap) {
		kfree(st);
		return ERR_PTR(-ENOMEM);
	}
	return st;
}

void rtpfwd_calls_stream_free(struct rtpfwd_rec_stream *st)
{
	rtpfwd_tap_put(st->tap);
	kfree(st);
}

/* The stream @idx (of the call @call_idx, unless that is NULL), under the lock. */
struct rtpfwd_rec_stream *rtpfwd_calls_stream(struct rtpfwd_calls *calls, u32 idx,
					      const u32 *call_idx)
{
	struct rtpfwd_rec_stream *st;

	if (calls->dead)
		return NULL;
	st = idr_find(&calls->streams, idx);
	if (st && call_idx && st->call->idx != *call_idx)
		return NULL;
	return st;
}

/**
 * rtpfwd_calls_tap() - the tap of a stream, for a rule that records into it
 * @calls: the table's calls
 * @idx: the stream's number
 *
 * Return: the tap, referenced, or NULL (no such stream).
 */
struct rtpfwd_tap *rtpfwd_calls_tap(struct rtpfwd_calls *calls, u32 idx)
{
	struct rtpfwd_rec_stream *st;
	struct rtpfwd_tap *tap;

	mutex_lock(&calls->lock);
	st = rtpfwd_calls_stream(calls, idx, NULL);
	tap = st ? rtpfwd_tap_get(st->tap) : NULL;
	mutex_unlock(&calls->lock);
	return tap;
}

/**
 * rtpfwd_calls_close() - the table goes: every reader gets end of file
 * @calls: the table's calls
 *
 * Nothing new is made after this; the entries go with the table's
 * directory, which the caller removes next (proc_remove() waits for the
 * readers, who no longer sleep), before rtpfwd_calls_put().
 */
void rtpfwd_calls_close(struct rtpfwd_calls *calls)
{
	struct rtpfwd_rec_stream *st;
	int id;

	mutex_lock(&calls->lock);
	calls->dead = true;
	idr_for_each_entry(&calls->streams, st, id)
		rtpfwd_tap_close(st->tap);
	mutex_unlock(&calls->lock);
}

/**
 * rtpfwd_calls_put() - drop a reference; the last frees what is left
 * @calls: the table's calls (NULL: nothing)
 *
 * The table drops its own after rtpfwd_calls_close() and the removal of
 * its directory, which took the entries: only memory is left to free.
 */
void rtpfwd_calls_put(struct rtpfwd_calls *calls)
{
	struct rtpfwd_rec_stream *st;
	struct rtpfwd_rec_call *call;
	int id;

	if (!calls || !refcount_dec_and_test(&calls->refs))
		return;
	idr_for_each_entry(&calls->streams, st, id)
		rtpfwd_calls_stream_free(st);
	idr_for_each_entry(&calls->calls, call, id)
		kfree(call);
	idr_destroy(&calls->streams);
	idr_destroy(&calls->calls);
	mutex_destroy(&calls->lock);
	kfree_rcu(calls, rcu);	/* found under RCU (rtpfwd_calls_get()) */
}

/* A reference more, unless the last is gone (the caller holds RCU). */
bool rtpfwd_calls_tryget(struct rtpfwd_calls *calls)
{
	return refcount_inc_not_zero(&calls->refs);
}
