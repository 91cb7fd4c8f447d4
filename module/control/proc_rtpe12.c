// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: the commands of rtpengine 12.5's daemon on N/control, once its
 * first message (INIT, proc_compat.c) made the session a 12.5 one.
 * docs/rtpengine-12.5-abi.md describes the ABI; in short:
 *
 *   INIT             the daemon's message sizes (must be ours exactly) and
 *                    its global counters, in its mapping of this file
 *   ADD_TARGET       staged as 10.5's (proc_compat.c), with shared counters
 *   ADD_DESTINATION  fills an output; the last one installs the rule
 *   DEL_TARGET       as 10.5's
 *   recording        calls/ (proc_calls.c), as 10.5's
 *   media player     EINVAL, what rtpengine's module built without it says
 *
 * Every message must be exactly its command's size (two carry data after
 * it): shorter is EMSGSIZE, longer ERANGE, as rtpengine's module answers.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "proc_compat.h"

static const u64 rtpfwd_rtpe12_size[__RTPE12_CMD_LAST] = {
	[RTPE12_CMD_INIT]		= RTPE12_MSG_INIT_SIZE,
	[RTPE12_CMD_ADD_TARGET]		= RTPE12_MSG_ADD_TARGET_SIZE,
	[RTPE12_CMD_ADD_DESTINATION]	= RTPE12_MSG_DESTINATION_SIZE,
	[RTPE12_CMD_ADD_CALL]		= RTPE12_MSG_ADD_CALL_SIZE,
	[RTPE12_CMD_DEL_CALL]		= RTPE12_MSG_DEL_CALL_SIZE,
	[RTPE12_CMD_ADD_STREAM]		= RTPE12_MSG_ADD_STREAM_SIZE,
	[RTPE12_CMD_DEL_STREAM]		= RTPE12_MSG_DEL_STREAM_SIZE,
	[RTPE12_CMD_PACKET]		= RTPE12_MSG_PACKET_SIZE,
	[RTPE12_CMD_DEL_TARGET]		= RTPE12_MSG_DEL_TARGET_SIZE,
	[RTPE12_CMD_INIT_PLAY_STREAMS]	= RTPE12_MSG_INIT_PLAY_SIZE,
	[RTPE12_CMD_GET_PACKET_STREAM]	= RTPE12_MSG_GET_PACKET_STREAM_SIZE,
	[RTPE12_CMD_PLAY_STREAM_PACKET]	= RTPE12_MSG_PLAY_PACKET_SIZE,
	[RTPE12_CMD_PLAY_STREAM]	= RTPE12_MSG_PLAY_STREAM_SIZE,
	[RTPE12_CMD_STOP_STREAM]	= RTPE12_MSG_STOP_STREAM_SIZE,
	[RTPE12_CMD_FREE_PACKET_STREAM]	= RTPE12_MSG_FREE_PACKET_STREAM_SIZE,
};

static int rtpfwd_rtpe12_init(struct file *file, struct rtpfwd_compat_session *s,
			      const struct rtpe12_msg_init *init)
{
	struct rtpfwd_shm_refs refs = {};
	void *global;
	int err = 0;

	/* all checked, then committed: a refused INIT leaves nothing behind */
	if (init->last_cmd != __RTPE12_CMD_LAST)
		return -ERANGE;
	if (memcmp(init->msg_size, rtpfwd_rtpe12_size, sizeof(rtpfwd_rtpe12_size)))
		return -EMSGSIZE;
	global = rtpfwd_shm_resolve(file, &refs, init->global_stats,
				    sizeof(struct rtpe12_global_stats));
	if (!global)
		return -EFAULT;

	mutex_lock(&s->lock);
	if (s->initialised) {
		err = -EBUSY;
	} else {
		s->global = global;
		s->global_refs = refs;
		s->initialised = true;
	}
	mutex_unlock(&s->lock);
	if (err)
		rtpfwd_shm_refs_put(&refs);
	return err;
}

static int rtpfwd_rtpe12_add_target(struct file *file, struct rtpfwd_compat_session *s,
				    const struct rtpe12_target *target)
{
	struct rtpfwd_compat_staged *st;
	int err;

	st = rtpfwd_rtpe12_target(file, s, target);
	if (IS_ERR(st))
		return PTR_ERR(st);
	mutex_lock(&s->lock);
	err = rtpfwd_compat_staged_add(s, st);
	mutex_unlock(&s->lock);
	if (err)
		rtpfwd_compat_staged_free(st);
	return err;
}

static int rtpfwd_rtpe12_add_destination(struct file *file, struct rtpfwd_compat_session *s,
					 const struct rtpe12_msg_destination *dest)
{
	struct rtpfwd_compat_staged *st;
	struct rtpfwd_output_cfg out;
	struct rtpfwd_endpoint local;
	const char *what = NULL;
	bool rtcp;
	int err;

	err = rtpfwd_compat_addr_to_ep(&dest->local, &local);
	if (err)
		return err;
	mutex_lock(&s->lock);
	err = rtpfwd_compat_staged_output(s, &local, dest->num, &st);
	if (err)
		goto out;
	/* an RTCP output: the rule does not get it, RTCP goes up to the daemon */
	rtcp = dest->num >= st->cfg.num_outputs;
	if (!rtcp)
		err = rtpfwd_rtpe12_output(file, st, dest, &local, &out, &what);
	if (!err)
		err = rtpfwd_compat_staged_filled(s, st, dest->num, rtcp ? NULL : &out, what);
out:
	mutex_unlock(&s->lock);
	return err;
}

/* The optional kernel media player: not ours (a daemon set up for it exits). */
static int rtpfwd_rtpe12_player(const struct rtpfwd_table *table)
{
	pr_notice_ratelimited("rtpfwd: table %u: the kernel media player is not supported (start rtpengine without --kernel-player)\n",
			      table->id);
	return -EINVAL;
}

/*
 * 12.5's call and stream messages are the command, then 10.5's fields
 * unpadded (only as many as each needs: DEL_CALL has the call's number
 * alone), then a PACKET's datagram.
 */
static int rtpfwd_rtpe12_calls(struct rtpfwd_table *table, u32 cmd10, void *msg, size_t len)
{
	size_t hdr = cmd10 == RTPE10_CMD_PACKET ? RTPE12_MSG_PACKET_SIZE : len;

	BUILD_BUG_ON(sizeof(u32) + sizeof(struct rtpe10_call) != RTPE12_MSG_ADD_CALL_SIZE);
	BUILD_BUG_ON(sizeof(u32) + sizeof(struct rtpe10_stream) != RTPE12_MSG_ADD_STREAM_SIZE);
	BUILD_BUG_ON(sizeof(u32) + sizeof(struct rtpe10_packet) != RTPE12_MSG_PACKET_SIZE);
	return rtpfwd_compat_calls_cmd(table, cmd10, msg + sizeof(u32), msg + hdr, len - hdr);
}

/**
 * rtpfwd_rtpe12_cmd() - one 12.5 message, written or read
 * @file: the control file
 * @s: its session, in 12.5 mode
 * @msg: the message (a kernel copy; answers go back from it)
 * @len: its length, at least 4
 * @reading: it came by read()
 *
 * Return: 0 or a negative errno, as rtpengine's module would answer.
 */
static int rtpfwd_rtpe12_cmd(struct file *file, struct rtpfwd_compat_session *s, void *msg,
			     size_t len, bool reading)
{
	u32 cmd = *(u32 *)msg;
	size_t max;

	if (cmd == 0 || cmd >= __RTPE12_CMD_LAST)
		return -EINVAL;
	max = rtpfwd_rtpe12_size[cmd];
	if (cmd == RTPE12_CMD_PACKET || cmd == RTPE12_CMD_PLAY_STREAM_PACKET)
		max += RTPE12_MSG_DATA_MAX;
	if (len < rtpfwd_rtpe12_size[cmd])
		return -EMSGSIZE;
	if (len > max)
		return -ERANGE;

	switch (cmd) {
	case RTPE12_CMD_ADD_CALL:
	case RTPE12_CMD_ADD_STREAM:
	case RTPE12_CMD_GET_PACKET_STREAM:
	case RTPE12_CMD_PLAY_STREAM:
		if (!reading)
			return -EINVAL;
		break;
	}
	if (cmd == RTPE12_CMD_INIT)
		return rtpfwd_rtpe12_init(file, s, msg);
	if (!READ_ONCE(s->initialised))
		return -EIO;

	switch (cmd) {
	case RTPE12_CMD_ADD_TARGET:
		return rtpfwd_rtpe12_add_target(file, s,
						&((struct rtpe12_msg_add_target *)msg)->target);
	case RTPE12_CMD_ADD_DESTINATION:
		return rtpfwd_rtpe12_add_destination(file, s, msg);
	case RTPE12_CMD_DEL_TARGET:
		return rtpfwd_compat_del_target(s, &((struct rtpe12_msg_del_target *)msg)->local);
	case RTPE12_CMD_ADD_CALL:
		return rtpfwd_rtpe12_calls(s->table, RTPE10_CMD_ADD_CALL, msg, len);
	case RTPE12_CMD_DEL_CALL:
		return rtpfwd_rtpe12_calls(s->table, RTPE10_CMD_DEL_CALL, msg, len);
	case RTPE12_CMD_ADD_STREAM:
		return rtpfwd_rtpe12_calls(s->table, RTPE10_CMD_ADD_STREAM, msg, len);
	case RTPE12_CMD_DEL_STREAM:
		return rtpfwd_rtpe12_calls(s->table, RTPE10_CMD_DEL_STREAM, msg, len);
	case RTPE12_CMD_PACKET:
		return rtpfwd_rtpe12_calls(s->table, RTPE10_CMD_PACKET, msg, len);
	}
	return rtpfwd_rtpe12_player(s->table);
}

/* One whole 12.5 message (of at most its maximum size) in, run, answered. */
ssize_t rtpfwd_rtpe12_rw(struct file *file, struct rtpfwd_compat_session *s,
			 char __user *ubuf, size_t len, bool reading)
{
	void *msg;
	int err;

	if (len < sizeof(u32))
		return -EIO;
	if (len > RTPE12_MSG_PLAY_PACKET_SIZE + RTPE12_MSG_DATA_MAX)
		return -ERANGE;
	msg = kvmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!msg)
		return -ENOMEM;
	err = copy_from_user(msg, ubuf, len) ? -EFAULT :
	      rtpfwd_rtpe12_cmd(file, s, msg, len, reading);
	if (!err && reading && copy_to_user(ubuf, msg, len))
		err = -EFAULT;
	memzero_explicit(msg, len);	/* SRTP master keys */
	kvfree(msg);
	return err ?: len;
}

/* The session ends: its hold on the global counters goes (rules keep theirs). */
void rtpfwd_rtpe12_release(struct rtpfwd_compat_session *s)
{
	rtpfwd_shm_refs_put(&s->global_refs);
	s->global = NULL;
}
