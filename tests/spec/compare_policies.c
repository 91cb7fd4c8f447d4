// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare_policies.c: the kernel module's hand-written generic netlink op
 * table and nla_policy arrays against the ones ynl-gen-c.py makes of
 * rtpfwd.yaml, on the host. check-spec.sh extracts both sets of arrays into
 * policies.inc (function pointers replaced by 1, "static" dropped); the
 * macros below stand in for the kernel's, keeping only what a policy checks.
 *
 * Equal means: the same commands, each with a do (and a dump) on both sides,
 * the same flags and maxattr; per attribute the same type, range, mask and
 * length, nests compared recursively. One difference is expected and
 * counted: an attribute the kernel marks NLA_REJECT (reply-only statistics,
 * pad) may have any policy in the spec, which ynl-gen cannot mark reply-only.
 * Prints one "check-spec: ..." line and exits 1 at the first difference.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <netinet/in.h>

#include <linux/rtpfwd.h>

enum nla_type {
	NLA_UNSPEC, NLA_U8, NLA_U16, NLA_U32, NLA_U64, NLA_STRING, NLA_FLAG,
	NLA_MSECS, NLA_NESTED, NLA_NESTED_ARRAY, NLA_NUL_STRING, NLA_BINARY,
	NLA_S8, NLA_S16, NLA_S32, NLA_S64, NLA_BITFIELD32, NLA_REJECT,
	NLA_BE16, NLA_BE32, NLA_SINT, NLA_UINT,
};

static const char *const type_names[] = {
	"UNSPEC", "U8", "U16", "U32", "U64", "STRING", "FLAG", "MSECS", "NESTED",
	"NESTED_ARRAY", "NUL_STRING", "BINARY", "S8", "S16", "S32", "S64",
	"BITFIELD32", "REJECT", "BE16", "BE32", "SINT", "UINT",
};

enum check { CHECK_NONE, CHECK_MIN, CHECK_MAX, CHECK_RANGE, CHECK_MASK, CHECK_LEN };

static const char *const check_names[] = { "none", "min", "max", "range", "mask", "exact-len" };

struct nla_policy {
	int type;
	enum check check;
	long long min, max;
	unsigned long long mask;
	const struct nla_policy *nested_policy;
	int len;
	const char *reject_message;
};

#define ARRAY_SIZE(a)			(sizeof(a) / sizeof((a)[0]))
#define NLA_POLICY_MIN(t, v)		{ .type = t, .check = CHECK_MIN, .min = v }
#define NLA_POLICY_MAX(t, v)		{ .type = t, .check = CHECK_MAX, .max = v }
#define NLA_POLICY_RANGE(t, a, b)	{ .type = t, .check = CHECK_RANGE, .min = a, .max = b }
#define NLA_POLICY_MASK(t, m)		{ .type = t, .check = CHECK_MASK, .mask = m }
#define NLA_POLICY_EXACT_LEN(l)		{ .type = NLA_BINARY, .check = CHECK_LEN, .min = l, .max = l }
#define NLA_POLICY_NESTED(p)		{ .type = NLA_NESTED, .nested_policy = p, .len = ARRAY_SIZE(p) - 1 }

#define GENL_ADMIN_PERM			0x01
#define GENL_CMD_CAP_DO			0x02
#define GENL_CMD_CAP_DUMP		0x04
#define GENL_CMD_CAP_HASPOL		0x08
#define GENL_UNS_ADMIN_PERM		0x10
#define GENL_DONT_VALIDATE_STRICT	0x01
#define GENL_DONT_VALIDATE_DUMP		0x02
#define GENL_DONT_VALIDATE_DUMP_STRICT	0x04

struct genl_ops {
	int cmd;
	int doit, dumpit, start, done;	/* present: 1 */
	const struct nla_policy *policy;
	int maxattr;
	unsigned int flags, validate;
};

struct named_policy {
	const struct nla_policy *policy;
	const char *name;
};

/* HAND_OPS, GEN_OPS, the arrays, and named_policies[] */
#include "policies.inc"

static int rejects;

/* Nests already compared: the rule nest is shared by four commands. */
static const struct nla_policy *seen[64];
static size_t n_seen;

static bool compared(const struct nla_policy *hand)
{
	for (size_t i = 0; i < n_seen; i++)
		if (seen[i] == hand)
			return true;
	if (n_seen < ARRAY_SIZE(seen))
		seen[n_seen++] = hand;
	return false;
}

static const char *policy_name(const struct nla_policy *policy)
{
	for (size_t i = 0; i < ARRAY_SIZE(named_policies); i++)
		if (named_policies[i].policy == policy)
			return named_policies[i].name;
	return "?";
}

/* One line naming the difference, and exit status 1. */
static void differ(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("check-spec: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	exit(1);
}

static const char *describe(const struct nla_policy *p, char *buf, size_t size)
{
	snprintf(buf, size, "NLA_%s, check %s, min %lld, max %lld, mask %#llx",
		 type_names[p->type], check_names[p->check], p->min, p->max, p->mask);
	return buf;
}

static void compare(const struct nla_policy *hand, int hand_max,
		    const struct nla_policy *gen, int gen_max)
{
	static const struct nla_policy none;
	int attr;

	for (attr = 0; attr <= hand_max || attr <= gen_max; attr++) {
		const struct nla_policy *h = attr <= hand_max ? &hand[attr] : &none;
		const struct nla_policy *g = attr <= gen_max ? &gen[attr] : &none;
		char hb[128], gb[128];

		if (h->type == NLA_REJECT) {
			rejects++;
			continue;
		}
		if (h->type != g->type || h->check != g->check || h->min != g->min ||
		    h->max != g->max || h->mask != g->mask)
			differ("attribute %d of %s (kernel: %s) and of %s (spec: %s) differ",
			       attr, policy_name(hand), describe(h, hb, sizeof(hb)),
			       policy_name(gen), describe(g, gb, sizeof(gb)));
		if (h->type != NLA_NESTED)
			continue;
		if (!h->nested_policy != !g->nested_policy || h->len != g->len)
			differ("attribute %d of %s and of %s: nested policies of other sizes",
			       attr, policy_name(hand), policy_name(gen));
		if (h->nested_policy && !compared(h->nested_policy))
			compare(h->nested_policy, h->len, g->nested_policy, g->len);
	}
}

int main(void)
{
	const size_t n_hand = ARRAY_SIZE(HAND_OPS), n_gen = ARRAY_SIZE(GEN_OPS);
	size_t i, j;

	if (n_hand != n_gen)
		differ("the kernel has %zu commands, the spec %zu", n_hand, n_gen);
	for (i = 0; i < n_hand; i++) {
		const struct genl_ops *h = &HAND_OPS[i], *g = NULL;

		for (j = 0; j < n_gen; j++)
			if (GEN_OPS[j].cmd == h->cmd)
				g = &GEN_OPS[j];
		if (!g)
			differ("command %d is in the kernel's op table, not in the spec", h->cmd);
		if (h->doit != g->doit || h->dumpit != g->dumpit)
			differ("command %d: do %d dump %d in the kernel, do %d dump %d in the spec",
			       h->cmd, h->doit, h->dumpit, g->doit, g->dumpit);
		if (h->flags != g->flags || h->validate != g->validate)
			differ("command %d: flags %#x in the kernel, %#x in the spec",
			       h->cmd, h->flags, g->flags);
		if (h->maxattr != g->maxattr)
			differ("command %d: maxattr %d in the kernel, %d in the spec",
			       h->cmd, h->maxattr, g->maxattr);
		if (!h->policy != !g->policy)
			differ("command %d: a policy on one side only", h->cmd);
		if (h->policy)
			compare(h->policy, h->maxattr, g->policy, g->maxattr);
	}
	printf("%zu commands, %zu nests, %d reply-only attributes\n", n_hand, n_seen, rejects);
	return 0;
}
