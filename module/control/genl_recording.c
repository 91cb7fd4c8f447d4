// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd generic netlink, recorded streams: RECORDING_NEW, RECORDING_DEL,
 * RECORDING_GET (do and dump). They are N/calls/CALL/STREAM of the table
 * (proc_calls.c), the very ones rtpengine's daemons make through /proc:
 * a reader reads the file, a rule's RTPFWD_RULE_A_RECORDING names the
 * stream's id. Names are checked there; here, what the request must carry.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "genl.h"
#include "proc_calls.h"

static const struct nla_policy rtpfwd_rec_policy[RTPFWD_REC_A_MAX + 1] = {
	[RTPFWD_REC_A_PAD]	= { .type = NLA_REJECT },
	[RTPFWD_REC_A_CALL]	= { .type = NLA_NUL_STRING, .len = RTPFWD_RECORDING_NAME_MAX },
	[RTPFWD_REC_A_STREAM]	= { .type = NLA_NUL_STRING, .len = RTPFWD_RECORDING_NAME_MAX },
	[RTPFWD_REC_A_ID]	= { .type = NLA_REJECT,
				    .reject_message = "the id is the kernel's" },
	[RTPFWD_REC_A_PACKETS]	= NLA_POLICY_RANGE(NLA_U32, 1, RTPFWD_RECORDING_PACKETS_MAX),
	[RTPFWD_REC_A_QUEUED]	= { .type = NLA_REJECT,
				    .reject_message = "statistics are read-only" },
	[RTPFWD_REC_A_DROPPED]	= { .type = NLA_REJECT,
				    .reject_message = "statistics are read-only" },
};

const struct nla_policy rtpfwd_rec_req_policy[RTPFWD_A_RECORDING + 1] = {
	[RTPFWD_A_TABLE_ID]	= NLA_POLICY_MAX(NLA_U32, RTPFWD_TABLE_ID_MAX),
	[RTPFWD_A_RECORDING]	= NLA_POLICY_NESTED(rtpfwd_rec_policy),
};

/* Where a stream's description goes: a reply, or a dump's next message. */
struct rtpfwd_rec_msg {
	struct sk_buff	*skb;
	u32		portid;
	u32		seq;
	u32		table_id;
	int		flags;
};

static int rtpfwd_genl_rec_fill(void *arg, const struct rtpfwd_rec_info *info)
{
	const struct rtpfwd_rec_msg *m = arg;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(m->skb, m->portid, m->seq, &rtpfwd_genl_family, m->flags,
			  RTPFWD_CMD_RECORDING_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(m->skb, RTPFWD_A_TABLE_ID, m->table_id))
		goto cancel;
	nest = nla_nest_start(m->skb, RTPFWD_A_RECORDING);
	if (!nest ||
	    nla_put_string(m->skb, RTPFWD_REC_A_CALL, info->call) ||
	    nla_put_string(m->skb, RTPFWD_REC_A_STREAM, info->stream) ||
	    nla_put_u32(m->skb, RTPFWD_REC_A_ID, info->id) ||
	    nla_put_u32(m->skb, RTPFWD_REC_A_PACKETS, info->packets) ||
	    nla_put_u32(m->skb, RTPFWD_REC_A_QUEUED, info->queued) ||
	    nla_put_u64_64bit(m->skb, RTPFWD_REC_A_DROPPED, info->dropped, RTPFWD_REC_A_PAD))
		goto cancel;
	nla_nest_end(m->skb, nest);
	genlmsg_end(m->skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(m->skb, hdr);
	return -EMSGSIZE;
}

/*
 * The request's table (its calls, referenced) and recording nest, with its
 * call, and its stream if @stream says it needs one.
 */
static int rtpfwd_genl_rec_req(struct genl_info *info, bool stream, u32 *table_id,
			       struct rtpfwd_calls **calls, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[RTPFWD_A_RECORDING];
	int err;

	err = rtpfwd_genl_table_id(info, table_id);
	if (err)
		return err;
	if (!nest) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing recording");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, RTPFWD_A_RECORDING);
		return -EINVAL;
	}
	err = nla_parse_nested(tb, RTPFWD_REC_A_MAX, nest, rtpfwd_rec_policy, info->extack);
	if (err)
		return err;
	if (!tb[RTPFWD_REC_A_CALL]) {
		NL_SET_ERR_MSG_MOD(info->extack, "a recording needs a call name");
		NL_SET_ERR_ATTR_MISS(info->extack, nest, RTPFWD_REC_A_CALL);
		return -EINVAL;
	}
	if (stream && !tb[RTPFWD_REC_A_STREAM]) {
		NL_SET_ERR_MSG_MOD(info->extack, "a recording needs a stream name");
		NL_SET_ERR_ATTR_MISS(info->extack, nest, RTPFWD_REC_A_STREAM);
		return -EINVAL;
	}
	*calls = rtpfwd_calls_get(genl_info_net(info), *table_id);
	if (!*calls) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such table");
		return -ENOENT;
	}
	return 0;
}

static const char *rtpfwd_genl_rec_name(struct nlattr *attr)
{
	return attr ? nla_data(attr) : NULL;
}

/* What an error of proc_calls.c means, for the extack. */
static void rtpfwd_genl_rec_error(struct genl_info *info, int err)
{
	switch (err) {
	case -EINVAL:
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a call or stream name is a file name: not empty, \".\" or \"..\", no '/'");
		break;
	case -EEXIST:
		NL_SET_ERR_MSG_MOD(info->extack, "the call has a stream of that name");
		break;
	case -ENOSPC:
		NL_SET_ERR_MSG_MOD(info->extack, "too many recorded calls or streams in the table");
		break;
	case -ENOENT:
		NL_SET_ERR_MSG_MOD(info->extack, "no such recorded call or stream");
		break;
	}
}

/*
 * RECORDING_NEW (@make: the stream, and its call if new) or RECORDING_GET
 * (the stream as it is): described in the reply.
 */
static int rtpfwd_genl_rec_reply(struct genl_info *info, bool make)
{
	struct nlattr *tb[RTPFWD_REC_A_MAX + 1];
	struct rtpfwd_rec_msg m = { .portid = info->snd_portid, .seq = info->snd_seq };
	const char *call, *stream;
	struct rtpfwd_calls *calls;
	int err;

	err = rtpfwd_genl_rec_req(info, true, &m.table_id, &calls, tb);
	if (err)
		return err;
	call = nla_data(tb[RTPFWD_REC_A_CALL]);
	stream = nla_data(tb[RTPFWD_REC_A_STREAM]);
	m.skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (m.skb && make)
		err = rtpfwd_calls_record(calls, call, stream, tb[RTPFWD_REC_A_PACKETS] ?
					  nla_get_u32(tb[RTPFWD_REC_A_PACKETS]) : 0,
					  rtpfwd_genl_rec_fill, &m);
	else if (m.skb)
		err = rtpfwd_calls_info(calls, call, stream, rtpfwd_genl_rec_fill, &m);
	rtpfwd_calls_put(calls);
	if (err) {
		rtpfwd_genl_rec_error(info, err);
		nlmsg_free(m.skb);
		return err;
	}
	return genlmsg_reply(m.skb, info);
}

int rtpfwd_genl_recording_new(struct sk_buff *skb, struct genl_info *info)
{
	return rtpfwd_genl_rec_reply(info, true);
}

int rtpfwd_genl_recording_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[RTPFWD_REC_A_MAX + 1];
	struct rtpfwd_calls *calls;
	u32 table_id;
	int err;

	err = rtpfwd_genl_rec_req(info, false, &table_id, &calls, tb);
	if (err)
		return err;
	err = rtpfwd_calls_forget(calls, nla_data(tb[RTPFWD_REC_A_CALL]),
				  rtpfwd_genl_rec_name(tb[RTPFWD_REC_A_STREAM]));
	rtpfwd_calls_put(calls);
	rtpfwd_genl_rec_error(info, err);
	return err;
}

int rtpfwd_genl_recording_get(struct sk_buff *skb, struct genl_info *info)
{
	return rtpfwd_genl_rec_reply(info, false);
}

/*
 * A dump: of one table (mandatory), nothing else. cb->args[0] its id, [1]
 * the next stream (a cursor: a stream that exists throughout is told once),
 * [2] the streams' generation of the first round, [3] RTPFWD_REC_DUMP_*.
 */
#define RTPFWD_REC_DUMP_STARTED		BIT(0)
#define RTPFWD_REC_DUMP_INTR		BIT(1)

int rtpfwd_genl_recording_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = rtpfwd_genl_dump_attrs(cb);
	struct rtpfwd_calls *calls;
	int err;

	err = rtpfwd_genl_dump_check(cb);
	if (err)
		return err;
	if (!attrs[RTPFWD_A_TABLE_ID]) {
		NL_SET_ERR_MSG_MOD(cb->extack, "missing table id");
		return -EINVAL;
	}
	if (attrs[RTPFWD_A_RECORDING]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[RTPFWD_A_RECORDING],
				    "a dump lists the whole table: no recording here");
		return -EINVAL;
	}
	cb->args[0] = nla_get_u32(attrs[RTPFWD_A_TABLE_ID]);
	calls = rtpfwd_calls_get(sock_net(cb->skb->sk), cb->args[0]);
	if (!calls) {
		NL_SET_ERR_MSG_MOD(cb->extack, "no such table");
		return -ENOENT;
	}
	rtpfwd_calls_put(calls);
	return 0;
}

/*
 * A stream added or gone between two rounds may be missed or told of while
 * gone: from then on every message says so (NLM_F_DUMP_INTR), and so does
 * NLMSG_DONE through cb->seq, also after a round of no message.
 */
static void rtpfwd_genl_rec_dump_mark(struct netlink_callback *cb, struct sk_buff *skb, u32 gen)
{
	struct nlmsghdr *nlh;
	bool intr;
	int rem;

	if (!(cb->args[3] & RTPFWD_REC_DUMP_STARTED)) {
		cb->args[2] = gen;
		cb->args[3] |= RTPFWD_REC_DUMP_STARTED;
	} else if (cb->args[2] != gen) {
		cb->args[3] |= RTPFWD_REC_DUMP_INTR;
	}
	intr = cb->args[3] & RTPFWD_REC_DUMP_INTR;
	cb->seq = 1 + intr;
	nlmsg_for_each_msg(nlh, (struct nlmsghdr *)skb->data, skb->len, rem)
		rtpfwd_genl_dump_mark(cb, nlh, intr);
}

int rtpfwd_genl_recording_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rtpfwd_rec_msg m = {
		.skb = skb, .portid = NETLINK_CB(cb->skb).portid, .seq = cb->nlh->nlmsg_seq,
		.table_id = cb->args[0], .flags = NLM_F_MULTI,
	};
	struct rtpfwd_calls *calls;
	u32 next = cb->args[1], gen;
	int err;

	/* a table deleted since the dump began: it ends */
	calls = rtpfwd_calls_get(sock_net(skb->sk), m.table_id);
	if (!calls)
		return 0;
	err = rtpfwd_calls_walk(calls, &next, &gen, rtpfwd_genl_rec_fill, &m);
	rtpfwd_calls_put(calls);
	cb->args[1] = next;
	rtpfwd_genl_rec_dump_mark(cb, skb, gen);
	/* a full skb ends this round; the next resumes at args[1] */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
