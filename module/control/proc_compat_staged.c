// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: the staging area of an rtpengine control session (10.5 and 12.5
 * alike): targets waiting for their destinations, per opener, until the
 * last one makes them a rule, or installed at once when they have none to
 * wait for (blackhole, non-forwarding). proc_compat.c keeps the session and
 * runs the commands; proc_compat_target.c and proc_rtpe12_target.c
 * translate.
 *
 * While a target waits, the table holds a placeholder in its place, as
 * rtpengine's own module holds the unfilled target: a hand-up rule (every
 * packet to the daemon's socket, before any check) whose @unfilled counts
 * the destinations still to come. So N/list shows it ("outputs not fully
 * filled"), N/blist and N/status count it, and a second ADD_TARGET or a
 * genl rule for the port is EEXIST. The last destination replaces it with
 * the target's rule; DEL_TARGET, a destination we cannot do, and the end
 * of the session delete it with the staged copy.
 */
#include <linux/bitmap.h>
#include <linux/jhash.h>
#include <linux/slab.h>

#include "proc_compat.h"

/* Targets waiting for their outputs, per session; bounds a misbehaving opener. */
#define RTPFWD_COMPAT_STAGED_MAX	4096

static u32 rtpfwd_compat_hash(const struct rtpfwd_endpoint *ep)
{
	return jhash(ep, sizeof(*ep), 0);
}

/* Context: session lock held. */
struct rtpfwd_compat_staged *
rtpfwd_compat_staged_find(struct rtpfwd_compat_session *s, const struct rtpfwd_endpoint *local)
{
	struct rtpfwd_compat_staged *st;

	hash_for_each_possible(s->staged, st, node, rtpfwd_compat_hash(local))
		if (!memcmp(&st->cfg.local, local, sizeof(*local)))
			return st;
	return NULL;
}

void rtpfwd_compat_staged_free(struct rtpfwd_compat_staged *st)
{
	kfree_sensitive(st->srtp);
	rtpfwd_xstats_put(st->xstats);
	rtpfwd_tap_put(st->cfg.tap);
	kfree(st);
}

/* @st is done: its rule (or nothing) is in the table. Context: session lock held. */
static void rtpfwd_compat_staged_done(struct rtpfwd_compat_session *s,
				      struct rtpfwd_compat_staged *st)
{
	hash_del(&st->node);
	s->num_staged--;
	rtpfwd_compat_staged_free(st);
}

/*
 * Forget @st and delete its placeholder from the table (a packet still in
 * it is handed up: nothing to wait for). Context: session lock held.
 */
void rtpfwd_compat_staged_drop(struct rtpfwd_compat_session *s, struct rtpfwd_compat_staged *st)
{
	rtpfwd_rule_del(s->table, &st->cfg.local, NULL);
	rtpfwd_compat_staged_done(s, st);
}

/*
 * A hand-up rule for @st's port in @table: the placeholder while its
 * destinations come (@unfilled of them; no checks, as rtpengine's module
 * hands an unfilled target's packets up before looking at them), or, with
 * @unfilled 0, what a target whose outputs were all RTCP-only does: the
 * STUN, source and DTLS checks, then everything to the daemon.
 * Return: rtpfwd_rule_add()'s.
 */
static int rtpfwd_compat_hand_up(struct rtpfwd_table *table,
				 const struct rtpfwd_compat_staged *st, u8 unfilled)
{
	struct rtpfwd_rule_cfg cfg = {
		.local		= st->cfg.local,
		.flags		= RTPFWD_RULE_F_HAND_UP,
		.unfilled	= unfilled,
	};

	if (!unfilled) {
		cfg.expect = st->cfg.expect;
		cfg.mismatch = st->cfg.mismatch;
		cfg.flags |= st->cfg.flags & (RTPFWD_RULE_F_STUN | RTPFWD_RULE_F_DTLS);
	}
	return rtpfwd_rule_add(table, &cfg, true, unfilled, !unfilled, NULL);
}

/* What @st's placeholder shows: the destinations still to come. */
static void rtpfwd_compat_staged_show(struct rtpfwd_table *table,
				      const struct rtpfwd_compat_staged *st)
{
	struct rtpfwd_rule *rule;

	rcu_read_lock();
	rule = rtpfwd_rule_lookup_rcu(table, &st->cfg.local);
	if (rule && READ_ONCE(rule->unfilled))
		WRITE_ONCE(rule->unfilled, st->num_dests - st->num_filled);
	rcu_read_unlock();
}

bool rtpfwd_compat_installed(struct rtpfwd_table *table, const struct rtpfwd_endpoint *local)
{
	bool found;

	rcu_read_lock();
	found = rtpfwd_rule_lookup_rcu(table, local);
	rcu_read_unlock();
	return found;
}

/*
 * Stage @st with its placeholder, unless its local endpoint is staged or
 * installed already; a blackhole or non-forwarding target has no
 * destination to wait for and is installed at once (then freed here).
 * Context: session lock held.
 * Return: 0, -EEXIST, -ENOSPC, or rtpfwd_rule_add()'s error.
 */
int rtpfwd_compat_staged_add(struct rtpfwd_compat_session *s, struct rtpfwd_compat_staged *st)
{
	int err;

	if (rtpfwd_compat_staged_find(s, &st->cfg.local) ||
	    rtpfwd_compat_installed(s->table, &st->cfg.local))
		return -EEXIST;
	if (!st->num_dests) {
		err = rtpfwd_rule_add(s->table, &st->cfg, true, true, false, NULL);
		if (!err)
			rtpfwd_compat_staged_free(st);
		return err;
	}
	if (s->num_staged >= RTPFWD_COMPAT_STAGED_MAX)
		return -ENOSPC;
	err = rtpfwd_compat_hand_up(s->table, st, st->num_dests);
	if (err)
		return err;
	hash_add(s->staged, &st->node, rtpfwd_compat_hash(&st->cfg.local));
	s->num_staged++;
	return 0;
}

/*
 * The staged target for @local whose destination @num is still to come,
 * in *@st. Context: session lock held.
 * Return: 0, -EBUSY (all filled already: installed), -ENOENT, -ERANGE
 * (beyond its destinations), -EEXIST (that one came already).
 */
int rtpfwd_compat_staged_output(struct rtpfwd_compat_session *s,
				const struct rtpfwd_endpoint *local, u32 num,
				struct rtpfwd_compat_staged **st)
{
	*st = rtpfwd_compat_staged_find(s, local);
	if (!*st)
		return rtpfwd_compat_installed(s->table, local) ? -EBUSY : -ENOENT;
	if (num >= (*st)->num_dests)
		return -ERANGE;
	if (test_bit(num, (*st)->filled))
		return -EEXIST;
	return 0;
}

/*
 * 10.5's RTCP-only output @num of @st (a subscriber's RTCP back to its
 * source): RTP never goes there, and RTCP, which RTP parsing hands up, is
 * the daemon's to send. The rule does not get it (filled without an
 * output): NULL; without RTP parsing, what we cannot do.
 */
const char *rtpfwd_compat_staged_rtcp_only(const struct rtpfwd_compat_staged *st)
{
	if (!(st->cfg.flags & RTPFWD_RULE_F_RTP))
		return "an RTCP-only output without RTP parsing";
	return NULL;
}

/* @st's outputs without those filled without one, their SRTP following them. */
static void rtpfwd_compat_staged_compact(struct rtpfwd_compat_staged *st)
{
	unsigned int i, n = 0;

	for (i = 0; i < st->cfg.num_outputs; i++) {
		if (test_bit(i, st->no_output))
			continue;
		if (n != i) {
			st->cfg.outputs[n] = st->cfg.outputs[i];
			if (st->srtp) {
				st->srtp[RTPFWD_SRTP_ENCRYPT(n)] = st->srtp[RTPFWD_SRTP_ENCRYPT(i)];
				memzero_explicit(&st->srtp[RTPFWD_SRTP_ENCRYPT(i)],
						 sizeof(*st->srtp));
			}
		}
		n++;
	}
	st->cfg.num_outputs = n;
}

/*
 * Destination @num of @st arrived, with its output @out (NULL: one the rule
 * does not get, an RTCP output of 12.5, an RTCP-only one of 10.5) unless
 * @what says what of it we cannot do: then the whole target goes back to
 * the daemon. Once the last destination has come, the rule replaces the
 * placeholder and the staged copy goes either way (a rule that cannot be
 * installed takes the placeholder with it). A target whose outputs were
 * all RTCP-only becomes a hand-up rule: everything the checks let through
 * goes to the daemon. Context: session lock held.
 */
int rtpfwd_compat_staged_filled(struct rtpfwd_compat_session *s,
				struct rtpfwd_compat_staged *st, unsigned int num,
				const struct rtpfwd_output_cfg *out, const char *what)
{
	struct rtpe10_addr local;
	int err;

	if (what) {
		rtpfwd_compat_ep_to_addr(&st->cfg.local, &local);
		rtpfwd_compat_staged_drop(s, st);
		return rtpfwd_compat_unsupported(s->table, &local, what);
	}
	if (out)
		st->cfg.outputs[num] = *out;
	else
		__set_bit(num, st->no_output);
	__set_bit(num, st->filled);
	if (++st->num_filled < st->num_dests) {
		rtpfwd_compat_staged_show(s->table, st);
		return 0;
	}
	rtpfwd_compat_staged_compact(st);
	if (st->cfg.num_outputs)
		err = rtpfwd_rule_add(s->table, &st->cfg, true, false, true, NULL);
	else
		err = rtpfwd_compat_hand_up(s->table, st, 0);
	if (err)
		rtpfwd_compat_staged_drop(s, st);
	else
		rtpfwd_compat_staged_done(s, st);
	return err;
}

/*
 * Output @num's SRTP encryption into the staged target @st, seeded with the
 * indexes of the target's SSRCs. Context: session lock held.
 * Return: 0 (what we cannot do in *@what), -EINVAL, -ENOMEM.
 */
int rtpfwd_compat_staged_encrypt(struct rtpfwd_compat_staged *st, unsigned int num,
				 const struct rtpe10_srtp *encrypt, const char **what)
{
	int err;

	*what = NULL;
	if (rtpfwd_compat_srtp_plain(encrypt))
		return 0;
	if (!(st->cfg.flags & RTPFWD_RULE_F_RTP)) {
		*what = "SRTP encryption without RTP parsing";
		return 0;
	}
	if (!st->srtp) {
		st->srtp = kcalloc(RTPFWD_SRTP_CFGS, sizeof(*st->srtp), GFP_KERNEL_ACCOUNT);
		if (!st->srtp)
			return -ENOMEM;
		st->cfg.srtp = st->srtp;
	}
	err = rtpfwd_compat_srtp_cfg(encrypt, st->ssrc, &st->srtp[RTPFWD_SRTP_ENCRYPT(num)], what);
	if (*what)
		memzero_explicit(&st->srtp[RTPFWD_SRTP_ENCRYPT(num)], sizeof(*st->srtp));
	return err;
}
