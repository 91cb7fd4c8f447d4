// SPDX-License-Identifier: GPL-2.0-only
/*
 * nft_rtpengine: the nf_tables expression "rtpengine", rtpengine's nftables
 * front-end to rtpfwd.
 *
 *   udp dport 30000-40000 rtpengine id 42 [create] [exclusive]
 *
 * offers every packet that reaches the expression to forwarding table 42 of
 * the packet's network namespace. Packets the table forwards are stolen,
 * packets a rule says to drop are dropped, everything else continues to the
 * next expression untouched.
 *
 * Rule creation checks the table (or creates it: "create"), but the rule
 * does not hold it: like the xt target, the expression looks the id up per
 * packet, so a daemon may delete and re-create its table under a live rule.
 *
 * Usable in filter chains on the input and prerouting hooks of the ip, ip6
 * and inet families, and on the ingress hook of the inet and netdev
 * families: there the packet has not been through the IP stack, and what is
 * forwarded leaves past it too (no conntrack, no host firewall, as with an
 * nf_flowtable; core/ingress.c, core/xmit_direct.c). The attributes are
 * numbered as in rtpengine upstream's own expression
 * (linux/netfilter/nft_rtpengine.h).
 *
 * nf_tables hands expressions no extack on these kernels: rejections are
 * explained in the kernel log, and nf_tables marks the expression as the bad
 * attribute, which is how rtpnl tells them from its own errors.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <net/netfilter/nf_tables.h>
#include <linux/netfilter/nft_rtpengine.h>
#include <linux/rtpfwd.h>

#include "rtpfwd_core.h"

struct nft_rtpengine {
	u32	table;
	bool	create;		/* as requested, for dump */
	bool	exclusive;
	bool	created;	/* init created the table: undo it on abort */
};

static const struct nla_policy nft_rtpengine_policy[NFTA_RTPENGINE_MAX + 1] = {
	[NFTA_RTPENGINE_TABLE]		= { .type = NLA_U32 },
	[NFTA_RTPENGINE_CREATE]		= { .type = NLA_FLAG },
	[NFTA_RTPENGINE_EXCLUSIVE]	= { .type = NLA_FLAG },
};

static void nft_rtpengine_eval(const struct nft_expr *expr, struct nft_regs *regs,
			       const struct nft_pktinfo *pkt)
{
	const struct nft_rtpengine *priv = nft_expr_priv(expr);
	enum rtpfwd_verdict verdict;

	/* validate() allows netdev chains on ingress only, inet ones on ingress too */
	if (nft_pf(pkt) == NFPROTO_NETDEV || nft_hook(pkt) == NF_INET_INGRESS)
		verdict = rtpfwd_packet_ingress(nft_net(pkt), priv->table, pkt->skb);
	else
		verdict = rtpfwd_packet(nft_net(pkt), priv->table, pkt->skb);
	switch (verdict) {
	case RTPFWD_STOLEN:
		regs->verdict.code = NF_STOLEN;
		break;
	case RTPFWD_DROP:
		regs->verdict.code = NF_DROP;
		break;
	case RTPFWD_PASS:
		break;	/* NFT_CONTINUE */
	}
}

static int nft_rtpengine_init(const struct nft_ctx *ctx, const struct nft_expr *expr,
			      const struct nlattr * const tb[])
{
	struct nft_rtpengine *priv = nft_expr_priv(expr);
	int ret;

	if (!tb[NFTA_RTPENGINE_TABLE]) {
		pr_info_ratelimited("table id missing\n");
		return -EINVAL;
	}
	priv->table = nla_get_u32(tb[NFTA_RTPENGINE_TABLE]);
	priv->create = nla_get_flag(tb[NFTA_RTPENGINE_CREATE]);
	priv->exclusive = nla_get_flag(tb[NFTA_RTPENGINE_EXCLUSIVE]);

	if (priv->table > RTPFWD_TABLE_ID_MAX) {
		pr_info_ratelimited("table id %u out of range (0..%u)\n",
				    priv->table, RTPFWD_TABLE_ID_MAX);
		return -ERANGE;
	}

	ret = rtpfwd_table_ensure(ctx->net, priv->table, priv->create,
				  priv->exclusive, NULL);
	if (ret == -ENOENT)
		pr_info_ratelimited("no table %u (add it first, or use create)\n",
				    priv->table);
	else if (ret == -EEXIST)
		pr_info_ratelimited("table %u exists (exclusive)\n", priv->table);
	if (ret < 0)
		return ret;
	priv->created = ret > 0;
	return 0;
}

/*
 * A transaction that created the table but did not commit (a later error,
 * or nf_tables replaying the batch after loading a module) takes the table
 * back, so a refused rule changes nothing and a replay with "exclusive"
 * does not trip over the table its first pass created.
 */
static void nft_rtpengine_deactivate(const struct nft_ctx *ctx, const struct nft_expr *expr,
				     enum nft_trans_phase phase)
{
	const struct nft_rtpengine *priv = nft_expr_priv(expr);

	if (priv->created &&
	    (phase == NFT_TRANS_ABORT || phase == NFT_TRANS_PREPARE_ERROR))
		rtpfwd_table_delete_unused(ctx->net, priv->table);
}

static int nft_rtpengine_dump(struct sk_buff *skb, const struct nft_expr *expr, bool reset)
{
	const struct nft_rtpengine *priv = nft_expr_priv(expr);

	if (nla_put_u32(skb, NFTA_RTPENGINE_TABLE, priv->table))
		return -1;
	if (priv->create && nla_put_flag(skb, NFTA_RTPENGINE_CREATE))
		return -1;
	if (priv->exclusive && nla_put_flag(skb, NFTA_RTPENGINE_EXCLUSIVE))
		return -1;
	return 0;
}

#define NFT_RTPENGINE_HOOKS	((1 << NF_INET_LOCAL_IN) | (1 << NF_INET_PRE_ROUTING))
/* the ingress hook: before the IP stack, the inet family's or a device's */
#define NFT_RTPENGINE_HOOKS_INET	(NFT_RTPENGINE_HOOKS | (1 << NF_INET_INGRESS))
#define NFT_RTPENGINE_HOOKS_NETDEV	BIT(NF_NETDEV_INGRESS)

/*
 * Called for every base chain that reaches the rule, through jumps too:
 * ctx->chain is that base chain. The validate callback lost its third
 * argument in 6.12 and in later 6.1 stable releases (compat/ probe).
 */
#ifdef RTPFWD_HAVE_NFT_VALIDATE_2ARGS
static int nft_rtpengine_validate(const struct nft_ctx *ctx, const struct nft_expr *expr)
#else
static int nft_rtpengine_validate(const struct nft_ctx *ctx, const struct nft_expr *expr,
				  const struct nft_data **data)
#endif
{
	unsigned int hooks;

	/* the hook numbers are the family's: NF_NETDEV_EGRESS is NF_INET_LOCAL_IN */
	switch (ctx->family) {
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
		hooks = NFT_RTPENGINE_HOOKS;
		break;
	case NFPROTO_INET:
		hooks = NFT_RTPENGINE_HOOKS_INET;
		break;
	case NFPROTO_NETDEV:
		hooks = NFT_RTPENGINE_HOOKS_NETDEV;
		break;
	default:
		pr_info_ratelimited("only in the ip, ip6, inet and netdev families\n");
		return -EOPNOTSUPP;
	}
	if (nft_chain_validate_dependency(ctx->chain, NFT_CHAIN_T_DEFAULT)) {
		pr_info_ratelimited("only in chains of type filter\n");
		return -EOPNOTSUPP;
	}
	if (nft_chain_validate_hooks(ctx->chain, hooks)) {
		if (ctx->family == NFPROTO_NETDEV)
			pr_info_ratelimited("only in netdev chains on the ingress hook\n");
		else
			pr_info_ratelimited("only in chains on the input, prerouting or ingress hook\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

static struct nft_expr_type nft_rtpengine_type;
static const struct nft_expr_ops nft_rtpengine_ops = {
	.type		= &nft_rtpengine_type,
	.size		= NFT_EXPR_SIZE(sizeof(struct nft_rtpengine)),
	.eval		= nft_rtpengine_eval,
	.init		= nft_rtpengine_init,
	.deactivate	= nft_rtpengine_deactivate,
	.dump		= nft_rtpengine_dump,
	.validate	= nft_rtpengine_validate,
};

static struct nft_expr_type nft_rtpengine_type __read_mostly = {
	.name		= NFT_RTPENGINE_NAME,
	.ops		= &nft_rtpengine_ops,
	.policy		= nft_rtpengine_policy,
	.maxattr	= NFTA_RTPENGINE_MAX,
	.owner		= THIS_MODULE,
};

static int __init nft_rtpengine_module_init(void)
{
	return nft_register_expr(&nft_rtpengine_type);
}

static void __exit nft_rtpengine_module_exit(void)
{
	nft_unregister_expr(&nft_rtpengine_type);
}

module_init(nft_rtpengine_module_init);
module_exit(nft_rtpengine_module_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rtpfwd: nftables expression rtpengine, offers packets to an rtpfwd table");
MODULE_AUTHOR("rtpfwd developers");
MODULE_ALIAS_NFT_EXPR("rtpengine");
