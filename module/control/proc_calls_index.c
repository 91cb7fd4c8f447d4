// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: rtpengine's call and stream commands on N/calls/ (proc_calls.c),
 * by the numbers the kernel answered: what the control sessions of 10.5
 * and 12.5 run (proc_compat.c).
 */
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/mutex.h>

#include "core/tap.h"
#include "proc_calls_int.h"

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
	struct rtpfwd_rec_call *call;
	int err;

	err = rtpfwd_calls_name(name);
	if (err)
		return err;
	mutex_lock(&calls->lock);
	call = rtpfwd_calls_new_call(calls, name);
	if (!IS_ERR(call))
		*idx = call->idx;
	mutex_unlock(&calls->lock);
	return PTR_ERR_OR_ZERO(call);
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
	struct rtpfwd_rec_call *call;

	mutex_lock(&calls->lock);
	call = rtpfwd_calls_find(calls, idx);
	if (call)
		rtpfwd_calls_drop_call(calls, call);
	mutex_unlock(&calls->lock);
	return call ? 0 : -ENOENT;
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
	struct rtpfwd_rec_stream *st = rtpfwd_calls_stream_alloc(name, max_packets);
	struct rtpfwd_rec_call *call;
	int err;

	if (IS_ERR(st))
		return PTR_ERR(st);
	mutex_lock(&calls->lock);
	call = rtpfwd_calls_find(calls, call_idx);
	err = call ? rtpfwd_calls_new_stream(calls, call, st) : -ENOENT;
	if (!err)
		*idx = st->idx;
	mutex_unlock(&calls->lock);
	if (err)
		rtpfwd_calls_stream_free(st);
	return err;
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
		rtpfwd_calls_drop_stream(calls, st, jiffies + RTPFWD_CALLS_CLOSE_WAIT);
	mutex_unlock(&calls->lock);
	return st ? 0 : -ENOENT;
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
