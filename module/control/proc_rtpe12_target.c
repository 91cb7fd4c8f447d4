// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: rtpengine 12.5's targets and destinations, translated. A 12.5
 * message is rewritten into its 10.5 twin and handed to the 10.5
 * translation (proc_compat_target.c, proc_compat_srtp.c), so that one
 * place says what a daemon may ask and what we refuse; this file adds what
 * 12.5 has on top: its flag bits, payload types and SRTP indexes read from
 * shared memory, RTCP outputs, and the shared counters (core/xstats.h)
 * resolved from the daemon's addresses (proc_shm.c).
 *
 * What the daemon keeps in its memory is read once, here: the payload type
 * numbers and clock rates, and the SRTP packet indexes that seed a new
 * rule. The packet path never reads them back (docs/rtpengine-12.5-abi.md,
 * section 5, point 7).
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "core/rule.h"
#include "proc_compat.h"

/* The daemon binary's layout (x86-64). */
static_assert(sizeof(struct rtpe12_srtp) == 340);
static_assert(offsetof(struct rtpe12_srtp, mki) == 72);
static_assert(offsetof(struct rtpe12_srtp, rtp_auth_tag_len) == 328);
static_assert(offsetof(struct rtpe12_srtp, mki_len) == 336);
static_assert(sizeof(struct rtpe12_target) == 744);
static_assert(offsetof(struct rtpe12_target, decrypt) == 64);
static_assert(offsetof(struct rtpe12_target, ssrc) == 404);
static_assert(offsetof(struct rtpe12_target, ssrc_stats) == 424);
static_assert(offsetof(struct rtpe12_target, pt_stats) == 456);
static_assert(offsetof(struct rtpe12_target, num_payload_types) == 712);
static_assert(offsetof(struct rtpe12_target, iface_stats) == 720);
static_assert(offsetof(struct rtpe12_target, stream_stats) == 728);
static_assert(offsetof(struct rtpe12_target, flags) == 736);
static_assert(sizeof(struct rtpe12_pt_output) == 24);
static_assert(sizeof(struct rtpe12_output) == 1248);
static_assert(offsetof(struct rtpe12_output, ssrc_out) == 388);
static_assert(offsetof(struct rtpe12_output, pt_output) == 420);
static_assert(offsetof(struct rtpe12_output, iface_stats) == 1192);
static_assert(offsetof(struct rtpe12_output, ssrc_stats) == 1208);
static_assert(offsetof(struct rtpe12_output, tos) == 1240);
static_assert(sizeof(struct rtpe12_msg_init) == RTPE12_MSG_INIT_SIZE);
static_assert(offsetof(struct rtpe12_msg_init, msg_size) == 16);
static_assert(offsetof(struct rtpe12_msg_init, global_stats) == 144);
static_assert(sizeof(struct rtpe12_msg_add_target) == RTPE12_MSG_ADD_TARGET_SIZE);
static_assert(sizeof(struct rtpe12_msg_destination) == RTPE12_MSG_DESTINATION_SIZE);
static_assert(offsetof(struct rtpe12_msg_destination, output) == 40);
static_assert(sizeof(struct rtpe12_msg_del_target) == RTPE12_MSG_DEL_TARGET_SIZE);
static_assert(sizeof(struct rtpe12_iface_stats) == 208);
static_assert(sizeof(struct rtpe12_stream_stats) == 40);
static_assert(sizeof(struct rtpe12_pt_stats) == 40);
static_assert(sizeof(struct rtpe12_ssrc_stats) == 64);
static_assert(offsetof(struct rtpe12_ssrc_stats, last_packet) == 48);
static_assert(__RTPE12_CMD_LAST == 16);

/* The core's view of the blocks (core/xstats.h) is the daemon's, field by field. */
static_assert(offsetof(struct rtpfwd_xs_global, bytes) == 8);
static_assert(offsetof(struct rtpfwd_xs_global, errors) == 16);
static_assert(offsetof(struct rtpfwd_xs_iface, out) == 24);
static_assert(offsetof(struct rtpfwd_xs_stream, errors) == 16);
static_assert(offsetof(struct rtpfwd_xs_stream, last_packet) == 24);
static_assert(offsetof(struct rtpfwd_xs_stream, tos) == 32);
static_assert(offsetof(struct rtpfwd_xs_pt, packets) == 8);
static_assert(offsetof(struct rtpfwd_xs_pt, bytes) == 16);
static_assert(offsetof(struct rtpfwd_xs_ssrc, timestamp) == 16);
static_assert(offsetof(struct rtpfwd_xs_ssrc, ext_seq) == 20);
static_assert(offsetof(struct rtpfwd_xs_ssrc, last_packet) == 48);
static_assert(offsetof(struct rtpfwd_xs_ssrc, last_pt) == 56);
static_assert(offsetof(struct rtpe12_iface_stats, out) == 24);
static_assert(offsetof(struct rtpe12_stream_stats, tos) == 32);
static_assert(offsetof(struct rtpe12_pt_stats, packets) == 8);
static_assert(offsetof(struct rtpe12_ssrc_stats, last_pt) == 56);
static_assert(sizeof(struct rtpfwd_xs_global) <= sizeof(struct rtpe12_global_stats));
static_assert(sizeof(struct rtpfwd_xs_iface) <= sizeof(struct rtpe12_iface_stats));
static_assert(sizeof(struct rtpfwd_xs_stream) <= sizeof(struct rtpe12_stream_stats));
static_assert(sizeof(struct rtpfwd_xs_pt) <= sizeof(struct rtpe12_pt_stats));
static_assert(sizeof(struct rtpfwd_xs_ssrc) <= sizeof(struct rtpe12_ssrc_stats));
static_assert(RTPE12_SSRCS == RTPE10_SSRCS && RTPFWD_SSRCS_MAX <= RTPE12_SSRCS);

/* A rule's shared counters and the references that keep them mapped. */
struct rtpfwd_rtpe12_xstats {
	struct rtpfwd_shm_refs	refs;
	struct rtpfwd_xstats	xs;
};

static void rtpfwd_rtpe12_xstats_release(struct rtpfwd_xstats *xs)
{
	struct rtpfwd_rtpe12_xstats *x = container_of(xs, struct rtpfwd_rtpe12_xstats, xs);

	rtpfwd_shm_refs_put(&x->refs);
	kfree(x);
}

/* The daemon's block at @uaddr, or NULL (also for a 0 address): *@err = -EFAULT. */
static void *rtpfwd_rtpe12_block(struct file *file, struct rtpfwd_xstats *xs, u64 uaddr,
				 size_t size, int *err)
{
	struct rtpfwd_rtpe12_xstats *x = container_of(xs, struct rtpfwd_rtpe12_xstats, xs);
	void *p = rtpfwd_shm_resolve(file, &x->refs, uaddr, size);

	if (!p)
		*err = -EFAULT;
	return p;
}

/* 12.5's SRTP parameters as 10.5's, the packet indexes from @ssrc_stats. */
static void rtpfwd_rtpe12_srtp(const struct rtpe12_srtp *in,
			       struct rtpfwd_xs_ssrc *const ssrc_stats[RTPFWD_SSRCS_MAX],
			       struct rtpe10_srtp *out)
{
	unsigned int i;

	memset(out, 0, sizeof(*out));
	out->cipher = in->cipher;
	out->hmac = in->hmac;
	memcpy(out->master_key, in->master_key, sizeof(out->master_key));
	out->master_key_len = in->master_key_len;
	memcpy(out->master_salt, in->master_salt, sizeof(out->master_salt));
	out->master_salt_len = in->master_salt_len;
	out->session_key_len = in->session_key_len;
	out->session_salt_len = in->session_salt_len;
	memcpy(out->mki, in->mki, sizeof(out->mki));
	out->auth_tag_len = in->rtp_auth_tag_len;
	out->mki_len = in->mki_len;
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++)
		if (ssrc_stats[i])
			out->last_index[i] = (u32)atomic_read(&ssrc_stats[i]->ext_seq);
}

/* The target's blocks into @xs, and what 10.5 reads from them into @t10. */
static int rtpfwd_rtpe12_target_blocks(struct file *file, const struct rtpe12_target *t,
				       struct rtpfwd_xstats *xs, struct rtpe10_target *t10)
{
	const struct rtpfwd_xs_pt *pt;
	unsigned int i;
	int err = 0;

	xs->iface = rtpfwd_rtpe12_block(file, xs, t->iface_stats,
					sizeof(struct rtpe12_iface_stats), &err);
	xs->stream = rtpfwd_rtpe12_block(file, xs, t->stream_stats,
					 sizeof(struct rtpe12_stream_stats), &err);
	for (i = 0; i < RTPE12_SSRCS && t->ssrc[i]; i++) {
		if (i < RTPFWD_SSRCS_MAX) {
			xs->ssrc[i] = t->ssrc[i];
			xs->in_ssrc[i] = rtpfwd_rtpe12_block(file, xs, t->ssrc_stats[i],
							     sizeof(struct rtpe12_ssrc_stats),
							     &err);
			xs->num_ssrcs = i + 1;
		}
		t10->ssrc[i] = t->ssrc[i];
	}
	for (i = 0; i < t->num_payload_types; i++) {
		xs->pt[i] = rtpfwd_rtpe12_block(file, xs, t->pt_stats[i],
						sizeof(struct rtpe12_pt_stats), &err);
		pt = xs->pt[i];
		if (!pt)
			continue;
		/* read once: the rule keeps its own copy */
		t10->payload_types[i].pt_num = min_t(u32, READ_ONCE(pt->payload_type), 255);
		t10->payload_types[i].clock_rate = READ_ONCE(pt->clock_rate);
		xs->pt_type[i] = t10->payload_types[i].pt_num;
	}
	return err;
}

/*
 * 12.5's target flags as 10.5's. 12.5 hands up a packet whose SSRC is not
 * in the target's list, or any with ssrc_req and no list: 10.5's
 * track_ssrc, as our translation reads it. 12.5's own track_ssrc bit
 * changes nothing on the packet path.
 */
static u32 rtpfwd_rtpe12_flags(const struct rtpe12_target *t)
{
	static const u32 map[][2] = {
		{ RTPE12_TF_RTCP_MUX, RTPE10_TF_RTCP_MUX },
		{ RTPE12_TF_DTLS, RTPE10_TF_DTLS },
		{ RTPE12_TF_STUN, RTPE10_TF_STUN },
		{ RTPE12_TF_RTP, RTPE10_TF_RTP },
		{ RTPE12_TF_RTP_ONLY, RTPE10_TF_RTP_ONLY },
		{ RTPE12_TF_DO_INTERCEPT, RTPE10_TF_DO_INTERCEPT },
		{ RTPE12_TF_PT_FILTER, RTPE10_TF_PT_FILTER },
		{ RTPE12_TF_NON_FORWARDING, RTPE10_TF_NON_FORWARDING },
		{ RTPE12_TF_BLACKHOLE, RTPE10_TF_BLACKHOLE },
		{ RTPE12_TF_RTP_STATS, RTPE10_TF_RTP_STATS },
	};
	u32 flags = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (t->flags & map[i][0])
			flags |= map[i][1];
	if (t->ssrc[0] || (t->flags & RTPE12_TF_SSRC_REQ))
		flags |= RTPE10_TF_TRACK_SSRC;
	return flags;
}

/**
 * rtpfwd_rtpe12_target() - an ADD_TARGET, translated into a staged target
 * @file: the control file (the daemon's addresses are in its mappings)
 * @s: the session (INIT done: its global counters)
 * @t: the target
 *
 * Return: the staged target (the caller's), or an ERR_PTR: -EINVAL
 * (malformed), -EFAULT (an address not in this file's mappings),
 * -EOPNOTSUPP (left to the daemon), -ENOMEM.
 */
struct rtpfwd_compat_staged *rtpfwd_rtpe12_target(struct file *file,
						  struct rtpfwd_compat_session *s,
						  const struct rtpe12_target *t)
{
	struct rtpfwd_compat_staged *st;
	struct rtpfwd_rtpe12_xstats *x;
	struct rtpe10_target *t10;
	unsigned int num_rtp;
	bool copied;
	int err;

	if (t->num_destinations > RTPE12_DESTINATIONS ||
	    t->num_rtcp_destinations > t->num_destinations ||
	    t->num_payload_types > RTPE12_PAYLOAD_TYPES)
		return ERR_PTR(-EINVAL);
	num_rtp = t->num_destinations - t->num_rtcp_destinations;
	if (t->num_destinations && !num_rtp)
		return ERR_PTR(rtpfwd_compat_unsupported(s->table, &t->local,
							 "a target with RTCP outputs only"));

	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	t10 = kzalloc(sizeof(*t10), GFP_KERNEL);
	x = kzalloc(sizeof(*x), GFP_KERNEL_ACCOUNT);
	err = -ENOMEM;
	if (!st || !t10 || !x)
		goto err;
	refcount_set(&x->xs.refs, 1);
	x->xs.release = rtpfwd_rtpe12_xstats_release;
	st->xstats = &x->xs;
	x = NULL;

	/* the session's global counters, kept mapped by this rule too (under
	 * the lock: another of the daemon's threads may be in INIT)
	 */
	mutex_lock(&s->lock);
	st->xstats->global = s->global;
	copied = rtpfwd_shm_refs_copy(&container_of(st->xstats, struct rtpfwd_rtpe12_xstats,
						    xs)->refs, &s->global_refs);
	mutex_unlock(&s->lock);
	err = -EFAULT;
	if (!copied)
		goto err;
	err = rtpfwd_rtpe12_target_blocks(file, t, st->xstats, t10);
	if (err)
		goto err;

	t10->local = t->local;
	t10->expected_src = t->expected_src;
	t10->src_mismatch = t->src_mismatch;
	t10->num_destinations = num_rtp;
	t10->intercept_stream_idx = t->intercept_stream_idx;
	rtpfwd_rtpe12_srtp(&t->decrypt, st->xstats->in_ssrc, &t10->decrypt);
	t10->num_payload_types = t->num_payload_types;
	t10->flags = rtpfwd_rtpe12_flags(t);

	err = rtpfwd_compat_target_cfg(s->table, t10, st);
	if (err)
		goto err;
	memcpy(st->ssrc, t10->ssrc, sizeof(st->ssrc));
	st->num_dests = t->num_destinations;
	st->cfg.xstats = st->xstats;
	st->xstats->num_outputs = num_rtp;
	kfree_sensitive(t10);
	return st;

err:
	kfree_sensitive(t10);
	kfree(x);
	if (st)
		rtpfwd_compat_staged_free(st);
	return ERR_PTR(err);
}

/* What of a 12.5 output (beyond 10.5's) we cannot forward right, or NULL. */
static const char *rtpfwd_rtpe12_output_unsupported(const struct rtpe12_output *o,
						    unsigned int num_pts)
{
	unsigned int i;

	if (memchr_inv(o->seq_offset, 0, sizeof(o->seq_offset)))
		return "sequence number rewriting";
	for (i = 0; i < num_pts; i++)
		if (o->pt_output[i].min_payload_len)
			return "a least payload length";
	return NULL;
}

/* A 12.5 output's replacement patterns (by the target's list positions). */
static int rtpfwd_rtpe12_output_patterns(const struct rtpfwd_compat_staged *st,
					 const struct rtpe12_output *o,
					 struct rtpfwd_output_cfg *out, const char **what)
{
	unsigned int i, len;

	for (i = 0; !*what && i < st->cfg.num_pts; i++) {
		len = o->pt_output[i].replace_pattern_len;
		if (!len)
			continue;
		if (len > sizeof(o->pt_output[i].replace_pattern))
			return -EINVAL;
		*what = rtpfwd_compat_output_pt_replace(st, out, i, o->pt_output[i].replace_pattern,
							len);
	}
	return 0;
}

/**
 * rtpfwd_rtpe12_output() - an ADD_DESTINATION, translated for its staged target
 * @file: the control file
 * @st: the staged target; its output @dest->num < its rule's outputs
 * @dest: the message
 * @local: its target's local endpoint, translated
 * @out: the output, translated
 * @what: set to what of it we cannot forward right, or NULL
 *
 * The output's blocks go into @st's shared counters, its SRTP into @st.
 * Context: session lock held.
 * Return: 0, -EINVAL, -EFAULT, -ENOMEM.
 */
int rtpfwd_rtpe12_output(struct file *file, struct rtpfwd_compat_staged *st,
			 const struct rtpe12_msg_destination *dest, struct rtpfwd_endpoint *local,
			 struct rtpfwd_output_cfg *out, const char **what)
{
	struct rtpfwd_xs_out *xo = &st->xstats->out[dest->num];
	const struct rtpe12_output *o = &dest->output;
	struct rtpe10_destination d10 = {};
	unsigned int i;
	int err = 0;

	d10.local = dest->local;
	d10.num = dest->num;
	d10.output.src_addr = o->src_addr;
	d10.output.dst_addr = o->dst_addr;
	memcpy(d10.output.ssrc_out, o->ssrc_out, sizeof(d10.output.ssrc_out));
	d10.output.tos = o->tos;
	if (o->flags & RTPE12_OF_SSRC_SUBST)
		d10.output.flags |= RTPE10_OF_SSRC_SUBST;

	/* A refused earlier attempt at this output leaves nothing behind. */
	memset(xo, 0, sizeof(*xo));
	xo->iface = rtpfwd_rtpe12_block(file, st->xstats, o->iface_stats,
					sizeof(struct rtpe12_iface_stats), &err);
	xo->stream = rtpfwd_rtpe12_block(file, st->xstats, o->stream_stats,
					 sizeof(struct rtpe12_stream_stats), &err);
	for (i = 0; i < RTPFWD_SSRCS_MAX && o->ssrc_stats[i]; i++)
		xo->ssrc[i] = rtpfwd_rtpe12_block(file, st->xstats, o->ssrc_stats[i],
						  sizeof(struct rtpe12_ssrc_stats), &err);
	if (err)
		goto out;
	rtpfwd_rtpe12_srtp(&o->encrypt, xo->ssrc, &d10.output.encrypt);

	err = rtpfwd_compat_output_cfg(&d10, local, out);
	if (err)
		goto out;
	rtpfwd_compat_output_ssrc_map(st, &d10.output, out);
	*what = rtpfwd_rtpe12_output_unsupported(o, st->cfg.num_pts);
	err = rtpfwd_rtpe12_output_patterns(st, o, out, what);
	if (err)
		goto out;
	if (!*what)
		err = rtpfwd_compat_staged_encrypt(st, dest->num, &d10.output.encrypt, what);
out:
	if (err)
		memset(xo, 0, sizeof(*xo));
	memzero_explicit(&d10, sizeof(d10));	/* keys */
	return err;
}
