// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: the binary control channel of rtpengine 10.5 on /proc/rtpengine/N/control,
 * so that Debian 12's rtpengine-daemon drives our tables unmodified; and
 * the session that tells 10.5 from 12.5 by the first message, whose 12.5
 * commands proc_rtpe12.c runs on the same staging area.
 *
 * One struct rtpe10_msg per write() (per read() for the commands that answer).
 * Targets are translated into struct rtpfwd_rule_cfg (proc_compat_target.c)
 * and handed to the same rtpfwd_rule_add()/rtpfwd_rule_del() that generic
 * netlink uses: this file keeps the session, it must not forward or store
 * rules itself.
 *
 * A 10.5 target is announced with its number of outputs, which follow as
 * ADD_DESTINATION messages; it forwards only once all are filled. Until then
 * it is staged in the opener's session (proc_compat_staged.c) and a
 * placeholder in the table hands its packets to the daemon's socket and
 * shows it in N/list, as with rtpengine's own module. A "non-forwarding"
 * target (no outputs: the source checks, then everything up) is a rule of
 * ours at once (RTPFWD_RULE_F_HAND_UP), and so is a "blackhole" one
 * (non-forwarding, dropping: RTPFWD_RULE_F_BLACKHOLE). Closing the file
 * drops what is staged with its placeholders; installed rules stay and
 * keep forwarding.
 *
 * The target's STUN, DTLS and SSRC tracking options become the rule's
 * hand-up flags (RTPFWD_RULE_F_STUN, _DTLS, _SSRC with its SSRC list).
 *
 * SRTP (the target's decrypt, each output's encrypt) becomes the rule's SRTP
 * configuration (proc_compat_srtp.c), held with the staged target; the
 * outputs' packet indexes belong to the target's SSRCs, so the staged target
 * keeps them in the daemon's order. Keys: only there and in the message
 * buffer, both zeroized when freed.
 *
 * What we cannot do right (SRTP suites the core lacks, recording, payload
 * replacement or an RTCP-only output without RTP parsing) is refused with
 * EOPNOTSUPP for that target alone: the daemon then relays that stream in
 * user space. Nothing is ever accepted and forwarded wrong. A target has at
 * most 32 outputs, as 10.5's message allows (more is EINVAL, as there):
 * every one fits in a rule.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "proc_calls.h"
#include "proc_compat.h"

/* ---- commands ------------------------------------------------------------ */

static int rtpfwd_compat_noop(const struct rtpe10_noop *noop)
{
	if (noop->size != sizeof(struct rtpe10_msg))
		return -EMSGSIZE;	/* a daemon built for another layout */
	if (noop->last_cmd != __RTPE10_CMD_LAST)
		return -ERANGE;		/* ... or for another command set */
	return 0;
}

/*
 * 10.5's replacement patterns, kept in @st for its outputs to come (the core
 * replaces per output). Only RTP it parses has a payload type to replace.
 */
static int rtpfwd_compat_target_patterns(const struct rtpfwd_table *table,
					 const struct rtpe10_target *target,
					 struct rtpfwd_compat_staged *st)
{
	unsigned int i;

	for (i = 0; i < target->num_payload_types; i++) {
		if (!target->payload_types[i].replace_pattern_len || !target->num_destinations)
			continue;
		if (!(st->cfg.flags & RTPFWD_RULE_F_RTP))
			return rtpfwd_compat_unsupported(table, &target->local,
							 "payload replacement without RTP parsing");
		st->pt_pattern[i].len = target->payload_types[i].replace_pattern_len;
		memcpy(st->pt_pattern[i].pattern, target->payload_types[i].replace_pattern,
		       sizeof(st->pt_pattern[i].pattern));
	}
	return 0;
}

static int rtpfwd_compat_add_target(struct rtpfwd_compat_session *s,
				    const struct rtpe10_target *target)
{
	struct rtpfwd_compat_staged *st;
	int err;

	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return -ENOMEM;
	err = rtpfwd_compat_target_cfg(s->table, target, st);
	if (err)
		goto err_free;
	memcpy(st->ssrc, target->ssrc, sizeof(st->ssrc));
	err = rtpfwd_compat_target_patterns(s->table, target, st);
	if (err)
		goto err_free;
	st->num_dests = st->cfg.num_outputs;

	mutex_lock(&s->lock);
	err = rtpfwd_compat_staged_add(s, st);
	mutex_unlock(&s->lock);
	if (!err)
		return 0;
err_free:
	rtpfwd_compat_staged_free(st);
	return err;
}

static int rtpfwd_compat_add_destination(struct rtpfwd_compat_session *s,
					 const struct rtpe10_destination *dest)
{
	struct rtpfwd_output_cfg out;
	struct rtpfwd_compat_staged *st;
	struct rtpfwd_endpoint local;
	const char *what = NULL;
	unsigned int i;
	int err;

	err = rtpfwd_compat_output_cfg(dest, &local, &out);
	if (err)
		return err;

	mutex_lock(&s->lock);
	err = rtpfwd_compat_staged_output(s, &local, dest->num, &st);
	if (err)
		goto out;
	if (dest->output.flags & RTPE10_OF_RTCP_ONLY) {
		what = rtpfwd_compat_staged_rtcp_only(st);
		err = rtpfwd_compat_staged_filled(s, st, dest->num, NULL, what);
		goto out;
	}
	for (i = 0; !what && i < st->cfg.num_pts; i++)
		if (st->pt_pattern[i].len)
			what = rtpfwd_compat_output_pt_replace(st, &out, i,
							       st->pt_pattern[i].pattern,
							       st->pt_pattern[i].len);
	if (!what) {
		rtpfwd_compat_output_ssrc_map(st, &dest->output, &out);
		err = rtpfwd_compat_staged_encrypt(st, dest->num, &dest->output.encrypt, &what);
		if (err)
			goto out;
	}
	err = rtpfwd_compat_staged_filled(s, st, dest->num, &out, what);
out:
	mutex_unlock(&s->lock);
	return err;
}

int rtpfwd_compat_del_target(struct rtpfwd_compat_session *s, const struct rtpe10_addr *addr)
{
	struct rtpfwd_compat_staged *st;
	struct rtpfwd_endpoint local;
	int err;

	err = rtpfwd_compat_addr_to_ep(addr, &local);
	if (err)
		return err;
	mutex_lock(&s->lock);
	st = rtpfwd_compat_staged_find(s, &local);
	if (st)
		rtpfwd_compat_staged_drop(s, st);
	else
		err = rtpfwd_rule_del(s->table, &local, NULL);
	mutex_unlock(&s->lock);
	/* the write returns once no packet uses the rule */
	if (!err)
		rtpfwd_rules_sync(s->table->net);
	return err;
}

static void rtpfwd_compat_fill_ssrc(struct rtpe10_stats_req *req, unsigned int i,
				    const struct rtpfwd_ssrc_sum *sum)
{
	struct rtpe10_ssrc_stats *out = &req->ssrc_stats[i];

	req->ssrc[i] = htonl(sum->ssrc);
	out->packets = sum->packets;
	out->bytes = sum->bytes;
	out->ext_seq = sum->ext_seq;
	out->total_lost = sum->lost;
	out->jitter = sum->jitter;
	out->timestamp = sum->timestamp;
	out->transit = sum->transit;
	out->lost_bits = U32_MAX;
}

/*
 * Per SSRC counters of a rule, in the order the SSRCs were first seen. A
 * staged target has none yet. With @reset, packets, bytes and loss restart
 * from zero, as rtpengine's GET_RESET_STATS does.
 */
static int rtpfwd_compat_get_stats(struct rtpfwd_compat_session *s,
				   struct rtpe10_stats_req *req, bool reset)
{
	struct rtpfwd_ssrc_sum sums[RTPFWD_SSRCS_MAX];
	struct rtpfwd_endpoint local;
	unsigned int i, n, used;
	int err;

	err = rtpfwd_compat_addr_to_ep(&req->local, &local);
	if (err)
		return err;
	memset(req->ssrc, 0, sizeof(req->ssrc));
	memset(req->ssrc_stats, 0, sizeof(req->ssrc_stats));

	mutex_lock(&s->lock);
	if (rtpfwd_compat_staged_find(s, &local)) {
		mutex_unlock(&s->lock);
		return 0;
	}
	mutex_unlock(&s->lock);

	err = rtpfwd_table_ssrc_stats(s->table, &local, reset, sums, &used);
	if (err)
		return err;

	/* by slot in use, not by SSRC: 0 is a valid SSRC */
	for (i = 0, n = 0; i < RTPFWD_SSRCS_MAX; i++)
		if (used & BIT(i))
			rtpfwd_compat_fill_ssrc(req, n++, &sums[i]);
	return 0;
}

/* ---- the file ------------------------------------------------------------ */

/**
 * rtpfwd_compat_open() - start a control session on @table for @file
 * @file: the opened N/control
 * @table: its table, referenced by the caller; the session takes it over
 *
 * Return: 0 or -ENOMEM.
 */
int rtpfwd_compat_open(struct file *file, struct rtpfwd_table *table)
{
	struct rtpfwd_compat_session *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	s->shm = rtpfwd_shm_acct_new();
	if (!s->shm) {
		kfree(s);
		return -ENOMEM;
	}
	s->table = table;
	mutex_init(&s->lock);
	hash_init(s->staged);
	file->private_data = s;
	return 0;
}

/**
 * rtpfwd_compat_release() - end the session of @file, dropping staged targets
 * @file: the N/control file being released
 *
 * Return: the session's table, for the caller to release and put.
 */
struct rtpfwd_table *rtpfwd_compat_release(struct file *file)
{
	struct rtpfwd_compat_session *s = file->private_data;
	struct rtpfwd_table *table = s->table;
	struct rtpfwd_compat_staged *st;
	struct hlist_node *tmp;
	unsigned int bkt;

	hash_for_each_safe(s->staged, bkt, tmp, st, node)
		rtpfwd_compat_staged_drop(s, st);
	rtpfwd_rtpe12_release(s);
	rtpfwd_shm_acct_put(s->shm);
	mutex_destroy(&s->lock);
	kfree(s);
	return table;
}

/*
 * The call and stream commands (proc_calls.c), which 12.5 words as 10.5
 * does. Those that answer fill in the number they made. @data, @len: what
 * follows a PACKET message.
 */
int rtpfwd_compat_calls_cmd(struct rtpfwd_table *table, u32 cmd, union rtpfwd_compat_calls *u,
			    const void *data, size_t len)
{
	struct rtpfwd_calls *calls = rtpfwd_calls_get(table->net, table->id);
	int err = -EINVAL;

	if (!calls)
		return -ENOENT;
	switch (cmd) {
	case RTPE10_CMD_ADD_CALL:
		err = rtpfwd_calls_add_call(calls, u->call.call_id, &u->call.call_idx);
		break;
	case RTPE10_CMD_DEL_CALL:
		err = rtpfwd_calls_del_call(calls, u->call.call_idx);
		break;
	case RTPE10_CMD_ADD_STREAM:
		err = rtpfwd_calls_add_stream(calls, u->stream.call_idx, u->stream.stream_name,
					      u->stream.max_packets, &u->stream.stream_idx);
		break;
	case RTPE10_CMD_DEL_STREAM:
		err = rtpfwd_calls_del_stream(calls, u->stream.call_idx, u->stream.stream_idx);
		break;
	case RTPE10_CMD_PACKET:
		err = rtpfwd_calls_packet(calls, u->packet.stream_idx, data, len);
		break;
	}
	rtpfwd_calls_put(calls);
	return err;
}

/*
 * One command. Those that answer (GET_STATS, GET_RESET_STATS, and ADD_CALL,
 * ADD_STREAM) are read()s and the others write()s, as the daemon uses them;
 * the wrong direction is -EINVAL.
 */
static int rtpfwd_compat_cmd(struct rtpfwd_compat_session *s, struct rtpe10_msg *msg,
			     size_t len, bool reading)
{
	switch (msg->cmd) {
	case RTPE10_CMD_NOOP:
		return rtpfwd_compat_noop(&msg->u.noop);
	case RTPE10_CMD_GET_STATS:
	case RTPE10_CMD_GET_RESET_STATS:
		if (!reading)
			return -EINVAL;
		return rtpfwd_compat_get_stats(s, &msg->u.stats,
					       msg->cmd == RTPE10_CMD_GET_RESET_STATS);
	case RTPE10_CMD_ADD_CALL:
	case RTPE10_CMD_ADD_STREAM:
		if (!reading)
			return -EINVAL;
		return rtpfwd_compat_calls_cmd(s->table, msg->cmd,
					       (union rtpfwd_compat_calls *)&msg->u, NULL, 0);
	}
	if (reading)
		return -EINVAL;
	switch (msg->cmd) {
	case RTPE10_CMD_ADD_TARGET:
		return rtpfwd_compat_add_target(s, &msg->u.target);
	case RTPE10_CMD_DEL_TARGET:
		return rtpfwd_compat_del_target(s, &msg->u.target.local);
	case RTPE10_CMD_ADD_DESTINATION:
		return rtpfwd_compat_add_destination(s, &msg->u.destination);
	case RTPE10_CMD_DEL_CALL:
	case RTPE10_CMD_DEL_STREAM:
	case RTPE10_CMD_PACKET:
		return rtpfwd_compat_calls_cmd(s->table, msg->cmd,
					       (union rtpfwd_compat_calls *)&msg->u, msg + 1,
					       len - sizeof(*msg));
	}
	return -EINVAL;		/* no such command */
}

/*
 * The first message tells the daemon: 10.5's are all 1232 bytes long,
 * 12.5's INIT is 152 (docs/rtpengine-12.5-abi.md, section 4). Only the
 * first: a later 12.5 message may happen to be 1232 bytes long.
 */
static int rtpfwd_compat_mode(struct rtpfwd_compat_session *s, const char __user *ubuf,
			      size_t len)
{
	u32 cmd;
	int mode;

	mutex_lock(&s->lock);
	mode = s->mode;
	if (mode == RTPFWD_COMPAT_UNKNOWN) {
		if (len == RTPE10_MSG_SIZE)
			mode = RTPFWD_COMPAT_10;
		else if (len == RTPE12_MSG_INIT_SIZE && !get_user(cmd, (const u32 __user *)ubuf) &&
			 cmd == RTPE12_CMD_INIT)
			mode = RTPFWD_COMPAT_12;
		s->mode = mode;
	}
	mutex_unlock(&s->lock);
	return mode;
}

/*
 * One whole 10.5 message in, the command run, the answer back for a read().
 * Only a PACKET written carries data after the message: a datagram.
 */
static ssize_t rtpfwd_compat10_rw(struct rtpfwd_compat_session *s, char __user *ubuf,
				  size_t len, bool reading)
{
	struct rtpe10_msg *msg;
	u32 cmd;
	int err;

	if (len > sizeof(*msg) &&
	    (reading || len > sizeof(*msg) + RTPE12_MSG_DATA_MAX ||
	     get_user(cmd, (const u32 __user *)ubuf) || cmd != RTPE10_CMD_PACKET))
		return -EINVAL;
	if (len < sizeof(*msg))
		return -EINVAL;
	msg = kvmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!msg)
		return -ENOMEM;
	err = copy_from_user(msg, ubuf, len) ? -EFAULT : rtpfwd_compat_cmd(s, msg, len, reading);
	if (!err && reading && copy_to_user(ubuf, msg, len))
		err = -EFAULT;
	memzero_explicit(msg, sizeof(*msg));	/* SRTP master keys */
	kvfree(msg);
	return err ?: len;
}

static ssize_t rtpfwd_compat_rw(struct file *file, char __user *ubuf, size_t len,
				bool reading)
{
	struct rtpfwd_compat_session *s = file->private_data;

	switch (rtpfwd_compat_mode(s, ubuf, len)) {
	case RTPFWD_COMPAT_10:
		return rtpfwd_compat10_rw(s, ubuf, len, reading);
	case RTPFWD_COMPAT_12:
		return rtpfwd_rtpe12_rw(file, s, ubuf, len, reading);
	}
	return -EINVAL;		/* neither daemon starts like this */
}

/*
 * 12.5's daemon maps the file before it says INIT (INIT points into the
 * mapping): allowed until the session is known to be 10.5's.
 */
int rtpfwd_compat_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct rtpfwd_compat_session *s = file->private_data;

	if (READ_ONCE(s->mode) == RTPFWD_COMPAT_10)
		return -ENODEV;
	return rtpfwd_shm_mmap(file, s->shm, vma);
}

ssize_t rtpfwd_compat_write(struct file *file, const char __user *ubuf, size_t len,
			    loff_t *ppos)
{
	/* never written to: reading is false */
	return rtpfwd_compat_rw(file, (char __user *)ubuf, len, false);
}

ssize_t rtpfwd_compat_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	return rtpfwd_compat_rw(file, ubuf, len, true);
}
