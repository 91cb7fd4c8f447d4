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
#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/jhash.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "core/tap.h"
#include "proc.h"
#include "proc_calls.h"

#define RTPFWD_CALLS_MAX	16384
#define RTPFWD_STREAMS_MAX	65536

static unsigned int stream_packets_list_limit = 10;

static int rtpfwd_calls_limit_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, RTPFWD_TAP_PACKETS_MAX);
}

static const struct kernel_param_ops rtpfwd_calls_limit_ops = {
	.set	= rtpfwd_calls_limit_set,
	.get	= param_get_uint,
};

module_param_cb(stream_packets_list_limit, &rtpfwd_calls_limit_ops,
		&stream_packets_list_limit, 0644);
MODULE_PARM_DESC(stream_packets_list_limit,
		 "datagrams a recorded stream holds for its reader; beyond, the oldest go (1..4096, default 10)");

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
	struct mutex		lock;		/* all of the below, the entries */
	bool			dead;		/* the table is going */
	struct proc_dir_entry	*dir;		/* N/calls */
	kuid_t			uid;
	kgid_t			gid;
	struct idr		calls;
	struct idr		streams;
	DECLARE_HASHTABLE(names, 8);		/* calls by name */
};

/* ---- N/calls/CALL/STREAM ------------------------------------------------- */

static int rtpfwd_rec_open(struct inode *inode, struct file *file)
{
	const struct rtpfwd_rec_stream *st = pde_data(inode);

	/* proc keeps @st during the call; the tap may outlive it */
	file->private_data = rtpfwd_tap_get(st->tap);
	return 0;
}

static ssize_t rtpfwd_rec_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	return rtpfwd_tap_read(file->private_data, buf, len, file->f_flags & O_NONBLOCK);
}

static __poll_t rtpfwd_rec_poll(struct file *file, poll_table *pt)
{
	return rtpfwd_tap_poll(file->private_data, file, pt);
}

static int rtpfwd_rec_release(struct inode *inode, struct file *file)
{
	rtpfwd_tap_put(file->private_data);
	return 0;
}

static const struct proc_ops rtpfwd_rec_ops = {
	.proc_open	= rtpfwd_rec_open,
	.proc_read	= rtpfwd_rec_read,
	.proc_poll	= rtpfwd_rec_poll,
	.proc_lseek	= noop_llseek,
	.proc_release	= rtpfwd_rec_release,
};

/* ---- the table's calls --------------------------------------------------- */

/**
 * rtpfwd_calls_new() - N/calls of a new table
 * @table_dir: N/
 * @acc: the owner of /proc/rtpengine's entries
 *
 * Return: the table's (empty) calls, or NULL.
 */
struct rtpfwd_calls *rtpfwd_calls_new(struct proc_dir_entry *table_dir,
				      const struct rtpfwd_proc_access *acc)
{
	struct rtpfwd_calls *calls;

	calls = kzalloc(sizeof(*calls), GFP_KERNEL_ACCOUNT);
	if (!calls)
		return NULL;
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
static int rtpfwd_calls_name(const char *name)
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

static struct rtpfwd_rec_call *rtpfwd_calls_find(struct rtpfwd_calls *calls, u32 idx)
{
	return idr_find(&calls->calls, idx);
}

/**
 * rtpfwd_calls_add_call() - ADD_CALL: a call and its N/calls/NAME/
 * @calls: the table's calls
 * @name: the daemon's field (RTPFWD_REC_NAME_MAX bytes)
 * @idx: set to the call's number
 *
 * Return: 0, -EINVAL, -EEXIST, -ENOSPC, -ENOENT (the table is going) or -ENOMEM.
 */
int rtpfwd_calls_add_call(struct rtpfwd_calls *calls, const char *name, u32 *idx)
{
	struct rtpfwd_rec_call *call, *other;
	u32 hash;
	int err;

	err = rtpfwd_calls_name(name);
	if (err)
		return err;
	call = kzalloc(sizeof(*call), GFP_KERNEL_ACCOUNT);
	if (!call)
		return -ENOMEM;
	strscpy(call->name, name, sizeof(call->name));
	INIT_LIST_HEAD(&call->streams);
	hash = rtpfwd_calls_hash(call->name);

	mutex_lock(&calls->lock);
	err = -ENOENT;
	if (calls->dead)
		goto err;
	err = -EEXIST;
	hash_for_each_possible(calls->names, other, node, hash)
		if (!strcmp(other->name, call->name))
			goto err;
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
	hash_add(calls->names, &call->node, hash);
	*idx = call->idx;
	mutex_unlock(&calls->lock);
	return 0;

err:
	mutex_unlock(&calls->lock);
	kfree(call);
	return err;
}

/* Its readers get end of file, then its file goes (waiting for them). */
static void rtpfwd_calls_drop_stream(struct rtpfwd_calls *calls, struct rtpfwd_rec_stream *st)
{
	rtpfwd_tap_close(st->tap);
	proc_remove(st->pde);
	idr_remove(&calls->streams, st->idx);
	list_del(&st->node);
	rtpfwd_tap_put(st->tap);
	kfree(st);
}

/**
 * rtpfwd_calls_del_call() - DEL_CALL: the call, its streams and directory
 * @calls: the table's calls
 * @idx: the call's number
 *
 * Return: 0 or -ENOENT.
 */
int rtpfwd_calls_del_call(struct rtpfwd_calls *calls, u32 idx)
{
	struct rtpfwd_rec_stream *st, *tmp;
	struct rtpfwd_rec_call *call;

	mutex_lock(&calls->lock);
	call = calls->dead ? NULL : rtpfwd_calls_find(calls, idx);
	if (!call) {
		mutex_unlock(&calls->lock);
		return -ENOENT;
	}
	list_for_each_entry_safe(st, tmp, &call->streams, node)
		rtpfwd_calls_drop_stream(calls, st);
	proc_remove(call->dir);
	hash_del(&call->node);
	idr_remove(&calls->calls, call->idx);
	mutex_unlock(&calls->lock);
	kfree(call);
	return 0;
}

/**
 * rtpfwd_calls_add_stream() - ADD_STREAM: a stream of a call, its file
 * @calls: the table's calls
 * @call_idx: the call's number
 * @name: the daemon's field (RTPFWD_REC_NAME_MAX bytes)
 * @max_packets: the queue's length; 0: stream_packets_list_limit
 * @idx: set to the stream's number
 *
 * Return: 0, -EINVAL, -ERANGE (@max_packets), -ENOENT (no such call),
 * -EEXIST, -ENOSPC or -ENOMEM.
 */
int rtpfwd_calls_add_stream(struct rtpfwd_calls *calls, u32 call_idx, const char *name,
			    u32 max_packets, u32 *idx)
{
	struct rtpfwd_rec_stream *st, *other;
	struct rtpfwd_rec_call *call;
	int err;

	err = rtpfwd_calls_name(name);
	if (err)
		return err;
	if (max_packets > RTPFWD_TAP_PACKETS_MAX)
		return -ERANGE;
	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return -ENOMEM;
	strscpy(st->name, name, sizeof(st->name));
	st->tap = rtpfwd_tap_new(max_packets ?: READ_ONCE(stream_packets_list_limit));
	if (!st->tap) {
		kfree(st);
		return -ENOMEM;
	}

	mutex_lock(&calls->lock);
	call = calls->dead ? NULL : rtpfwd_calls_find(calls, call_idx);
	err = -ENOENT;
	if (!call)
		goto err;
	err = -EEXIST;
	list_for_each_entry(other, &call->streams, node)
		if (!strcmp(other->name, st->name))
			goto err;
	err = idr_alloc(&calls->streams, st, 0, RTPFWD_STREAMS_MAX, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		goto err;
	st->idx = err;
	st->call = call;
	st->pde = proc_create_data(st->name, 0440, call->dir, &rtpfwd_rec_ops, st);
	if (!st->pde) {
		idr_remove(&calls->streams, st->idx);
		err = -ENOMEM;
		goto err;
	}
	proc_set_user(st->pde, calls->uid, calls->gid);
	list_add_tail(&st->node, &call->streams);
	*idx = st->idx;
	mutex_unlock(&calls->lock);
	return 0;

err:
	mutex_unlock(&calls->lock);
	rtpfwd_tap_put(st->tap);
	kfree(st);
	return err;
}

/* The stream @idx (of the call @call_idx, unless that is NULL), under the lock. */
static struct rtpfwd_rec_stream *rtpfwd_calls_stream(struct rtpfwd_calls *calls, u32 idx,
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
 * rtpfwd_calls_del_stream() - DEL_STREAM: a stream and its file
 * @calls: the table's calls
 * @call_idx: its call's number
 * @idx: the stream's number
 *
 * Return: 0 or -ENOENT (no such stream in that call).
 */
int rtpfwd_calls_del_stream(struct rtpfwd_calls *calls, u32 call_idx, u32 idx)
{
	struct rtpfwd_rec_stream *st;

	mutex_lock(&calls->lock);
	st = rtpfwd_calls_stream(calls, idx, &call_idx);
	if (st)
		rtpfwd_calls_drop_stream(calls, st);
	mutex_unlock(&calls->lock);
	return st ? 0 : -ENOENT;
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
 * rtpfwd_calls_packet() - PACKET: a datagram the daemon relayed, for a stream
 * @calls: the table's calls
 * @idx: the stream's number
 * @data: the datagram (headers and all)
 * @len: its length
 *
 * Return: 0, -ENOENT (no such stream), -EINVAL (empty or too long), -ENOMEM.
 */
int rtpfwd_calls_packet(struct rtpfwd_calls *calls, u32 idx, const void *data, size_t len)
{
	struct rtpfwd_tap *tap = rtpfwd_calls_tap(calls, idx);
	int err;

	if (!tap)
		return -ENOENT;
	err = rtpfwd_tap_write(tap, data, len);
	rtpfwd_tap_put(tap);
	return err;
}

/**
 * rtpfwd_calls_close() - the table goes: every reader gets end of file
 * @calls: the table's calls
 *
 * Nothing new is made after this; the entries go with the table's
 * directory, which the caller removes next (proc_remove() waits for the
 * readers, who no longer sleep), before rtpfwd_calls_free().
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

/* After rtpfwd_calls_close() and the removal of the table's directory. */
void rtpfwd_calls_free(struct rtpfwd_calls *calls)
{
	struct rtpfwd_rec_stream *st;
	struct rtpfwd_rec_call *call;
	int id;

	idr_for_each_entry(&calls->streams, st, id) {
		rtpfwd_tap_put(st->tap);
		kfree(st);
	}
	idr_for_each_entry(&calls->calls, call, id)
		kfree(call);
	idr_destroy(&calls->streams);
	idr_destroy(&calls->calls);
	mutex_destroy(&calls->lock);
	kfree(calls);
}
