// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: recorded streams by call and stream name, with what replies
 * tell of them: generic netlink's recording commands (genl_recording.c)
 * on N/calls/ (proc_calls.c).
 */
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/mutex.h>

#include "core/tap.h"
#include "proc_calls_int.h"

static int rtpfwd_calls_fill(struct rtpfwd_rec_stream *st, rtpfwd_calls_fill_t fill, void *arg)
{
	struct rtpfwd_rec_info info = {
		.call		= st->call->name,
		.stream		= st->name,
		.id		= st->idx,
		.packets	= st->tap->max_packets,
		.queued		= rtpfwd_tap_queued(st->tap),
		.dropped	= rtpfwd_tap_dropped(st->tap),
	};

	return fill(arg, &info);
}

/**
 * rtpfwd_calls_record() - a stream of the call named so, the call too if new
 * @calls: the table's calls
 * @call_name: the call's name (NUL-terminated)
 * @name: the stream's
 * @max_packets: what it holds; 0: stream_packets_list_limit
 * @fill: told about the new stream (under the lock)
 * @arg: for @fill
 *
 * Nothing is left behind on failure: a call made for it goes again.
 * Return: 0, @fill's error, or as rtpfwd_calls_add_stream().
 */
int rtpfwd_calls_record(struct rtpfwd_calls *calls, const char *call_name, const char *name,
			u32 max_packets, rtpfwd_calls_fill_t fill, void *arg)
{
	struct rtpfwd_rec_stream *st = rtpfwd_calls_stream_alloc(name, max_packets);
	struct rtpfwd_rec_call *call;
	bool made = false;
	int err;

	if (IS_ERR(st))
		return PTR_ERR(st);
	err = rtpfwd_calls_name(call_name);
	if (err)
		goto out;
	mutex_lock(&calls->lock);
	call = rtpfwd_calls_find_name(calls, call_name);
	if (!call) {
		call = rtpfwd_calls_new_call(calls, call_name);
		made = !IS_ERR(call);
		err = PTR_ERR_OR_ZERO(call);
	}
	if (!err)
		err = rtpfwd_calls_new_stream(calls, call, st);
	if (!err) {
		err = rtpfwd_calls_fill(st, fill, arg);
		if (err) {
			rtpfwd_calls_drop_stream(calls, st, jiffies);	/* nobody opened it yet */
			st = NULL;
		}
	}
	if (err && made)
		rtpfwd_calls_drop_call(calls, call);
	mutex_unlock(&calls->lock);
	if (!err)
		return 0;
out:
	if (st)
		rtpfwd_calls_stream_free(st);
	return err;
}

/* The call @call_name and its stream @name (NULL: the call alone), locked. */
static int rtpfwd_calls_lookup(struct rtpfwd_calls *calls, const char *call_name,
			       const char *name, struct rtpfwd_rec_call **call,
			       struct rtpfwd_rec_stream **st)
{
	struct rtpfwd_rec_stream *s;

	*call = rtpfwd_calls_find_name(calls, call_name);
	if (!*call)
		return -ENOENT;
	if (!name)
		return 0;
	list_for_each_entry(s, &(*call)->streams, node) {
		if (!strcmp(s->name, name)) {
			*st = s;
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * rtpfwd_calls_forget() - delete a stream by name, or a whole call
 * @calls: the table's calls
 * @call_name: the call's name
 * @name: the stream's; NULL: the call and all its streams
 *
 * Return: 0 or -ENOENT.
 */
int rtpfwd_calls_forget(struct rtpfwd_calls *calls, const char *call_name, const char *name)
{
	struct rtpfwd_rec_stream *st;
	struct rtpfwd_rec_call *call;
	int err;

	mutex_lock(&calls->lock);
	err = rtpfwd_calls_lookup(calls, call_name, name, &call, &st);
	if (!err && name)
		rtpfwd_calls_drop_stream(calls, st, jiffies + RTPFWD_CALLS_CLOSE_WAIT);
	else if (!err)
		rtpfwd_calls_drop_call(calls, call);
	mutex_unlock(&calls->lock);
	return err;
}

/* @fill told about the stream @name of the call @call_name: 0, -ENOENT or its error. */
int rtpfwd_calls_info(struct rtpfwd_calls *calls, const char *call_name, const char *name,
		      rtpfwd_calls_fill_t fill, void *arg)
{
	struct rtpfwd_rec_stream *st;
	struct rtpfwd_rec_call *call;
	int err;

	mutex_lock(&calls->lock);
	err = rtpfwd_calls_lookup(calls, call_name, name, &call, &st) ?:
	      rtpfwd_calls_fill(st, fill, arg);
	mutex_unlock(&calls->lock);
	return err;
}

/**
 * rtpfwd_calls_walk() - @fill told about every stream from number *@next on
 * @calls: the table's calls
 * @next: where to start; set to where to go on (@fill failed there)
 * @gen: set to the streams' generation during the walk (it moves with every
 *	stream added or gone: a dump resumed in a later walk compares)
 * @fill: told about each, in number order, until it fails
 * @arg: for @fill
 *
 * Return: 0 at the end, or @fill's error.
 */
int rtpfwd_calls_walk(struct rtpfwd_calls *calls, u32 *next, u32 *gen,
		      rtpfwd_calls_fill_t fill, void *arg)
{
	struct rtpfwd_rec_stream *st;
	int id = *next, err = 0;

	mutex_lock(&calls->lock);
	*gen = calls->gen;
	while (!calls->dead && id < RTPFWD_STREAMS_MAX &&
	       (st = idr_get_next(&calls->streams, &id))) {
		err = rtpfwd_calls_fill(st, fill, arg);
		if (err)
			break;
		id++;
	}
	mutex_unlock(&calls->lock);
	*next = id;
	return err;
}
