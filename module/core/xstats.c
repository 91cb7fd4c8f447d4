// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd shared counters: what the packet path writes into a daemon's
 * memory for a forwarded datagram (xstats.h). Atomics only, no lock, no
 * read of anything the daemon could have planted but the counters we add
 * to (and the extended sequence number we advance: statistics only).
 */
#include <linux/ktime.h>
#include <linux/timekeeping.h>

#include "rtp.h"
#include "xstats.h"

/* The SSRC's index in @xs->ssrc, or -1. */
static int rtpfwd_xstats_ssrc_idx(const struct rtpfwd_xstats *xs, __be32 ssrc)
{
	unsigned int i;

	for (i = 0; i < xs->num_ssrcs; i++)
		if (xs->ssrc[i] == ssrc)
			return i;
	return -1;
}

/*
 * The 32-bit extended sequence number of @seq next to the last one the
 * block holds (RFC 3711 Appendix A's guess), advanced if newer. A
 * concurrent writer of the same SSRC may lose an update: statistics only.
 */
static void rtpfwd_xstats_ext_seq(atomic_t *ext, u16 seq)
{
	u32 last = (u32)atomic_read(ext), guess = (last & 0xffff0000) | seq;
	s16 delta = (s16)(seq - (u16)last);

	if (delta > 0 && seq < (u16)last)
		guess += 0x10000;		/* wrapped forward */
	else if (delta < 0 && seq > (u16)last && guess >= 0x10000)
		guess -= 0x10000;		/* late, from before a wrap */
	if ((s32)(guess - last) > 0)
		atomic_set(ext, guess);
}

/**
 * rtpfwd_xstats_in() - a datagram is being forwarded: its input counters
 * @xs: the rule's shared counters
 * @rtp: what the RTP checks found
 * @rtp_ok: @rtp describes an RTP packet (a rule with RTPFWD_RULE_F_RTP)
 * @bytes: the UDP payload forwarded
 * @tos: the IP header's TOS / traffic class
 *
 * Return: the index of the packet's SSRC among @xs->ssrc, or -1.
 */
int rtpfwd_xstats_in(struct rtpfwd_xstats *xs, const struct rtpfwd_rtp_info *rtp,
		     bool rtp_ok, unsigned int bytes, unsigned int tos)
{
	s64 now = ktime_get_real_seconds();
	struct rtpfwd_xs_ssrc *s;
	int idx = -1;

	if (xs->stream) {
		atomic_set(&xs->stream->tos, tos);
		atomic64_set(&xs->stream->last_packet, now);
		atomic64_inc(&xs->stream->packets);
		atomic64_add(bytes, &xs->stream->bytes);
	}
	if (xs->iface) {
		atomic64_inc(&xs->iface->in.packets);
		atomic64_add(bytes, &xs->iface->in.bytes);
	}
	if (xs->global) {
		atomic64_inc(&xs->global->packets);
		atomic64_add(bytes, &xs->global->bytes);
	}
	if (!rtp_ok)
		return -1;
	if (rtp->pt_idx >= 0 && xs->pt[rtp->pt_idx]) {
		atomic64_inc(&xs->pt[rtp->pt_idx]->packets);
		atomic64_add(bytes, &xs->pt[rtp->pt_idx]->bytes);
	}
	idx = rtpfwd_xstats_ssrc_idx(xs, rtp->hdr.ssrc);
	s = idx >= 0 ? xs->in_ssrc[idx] : NULL;
	if (!s)
		return idx;
	atomic64_inc(&s->packets);
	atomic64_add(bytes, &s->bytes);
	atomic_set(&s->timestamp, ntohl(rtp->hdr.ts));
	atomic64_set(&s->last_packet, now);
	if (rtp->pt_idx >= 0)
		atomic_set(&s->last_pt, xs->pt_type[rtp->pt_idx]);
	rtpfwd_xstats_ext_seq(&s->ext_seq, ntohs(rtp->hdr.seq));
	return idx;
}

/**
 * rtpfwd_xstats_out() - output @idx sent (@sent) @bytes, or failed
 * @xs: the rule's shared counters
 * @idx: the output
 * @ssrc_idx: what rtpfwd_xstats_in() returned
 * @rtp: the packet's RTP header (with @rtp_ok)
 * @rtp_ok: it is RTP
 * @bytes: the UDP payload sent (SRTP tag included)
 * @sent: false: the output failed
 */
void rtpfwd_xstats_out(struct rtpfwd_xstats *xs, unsigned int idx, int ssrc_idx,
		       const struct rtpfwd_rtp_info *rtp, bool rtp_ok, unsigned int bytes,
		       bool sent)
{
	struct rtpfwd_xs_out *o;
	struct rtpfwd_xs_ssrc *s;

	if (idx >= xs->num_outputs)
		return;
	o = &xs->out[idx];
	if (!sent) {
		if (o->stream)
			atomic64_inc(&o->stream->errors);
		if (o->iface)
			atomic64_inc(&o->iface->out.errors);
		return;
	}
	if (o->stream) {
		atomic64_inc(&o->stream->packets);
		atomic64_add(bytes, &o->stream->bytes);
	}
	if (o->iface) {
		atomic64_inc(&o->iface->out.packets);
		atomic64_add(bytes, &o->iface->out.bytes);
	}
	s = rtp_ok && ssrc_idx >= 0 ? o->ssrc[ssrc_idx] : NULL;
	if (!s)
		return;
	atomic64_inc(&s->packets);
	atomic64_add(bytes, &s->bytes);
	atomic_set(&s->timestamp, ntohl(rtp->hdr.ts));
	rtpfwd_xstats_ext_seq(&s->ext_seq, ntohs(rtp->hdr.seq));
}

/* A forwarded datagram that some output did not get. */
void rtpfwd_xstats_error(struct rtpfwd_xstats *xs)
{
	if (xs->stream)
		atomic64_inc(&xs->stream->errors);
	if (xs->iface)
		atomic64_inc(&xs->iface->in.errors);
	if (xs->global)
		atomic64_inc(&xs->global->errors);
}
