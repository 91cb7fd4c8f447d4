// SPDX-License-Identifier: GPL-2.0-only
/*
 * barefwd: the benchmark's ceiling (issue 19), a test-only module that is
 * never installed or packaged. One hard-coded IPv4 UDP rule and only the
 * work any in-place forwarder must do: a netfilter hook that takes the
 * datagrams to local=ADDR:PORT, makes the headers writable, rewrites them
 * to src=ADDR:PORT -> dst=ADDR:PORT (incremental checksum, TTL - 1), routes
 * from a per-CPU dst_cache, scrubs the packet and sends it with
 * ip_local_out(), as rtpfwd's module/core/xmit.c does. No tables, no rule
 * lookup, no source check, no RTP, no counters, no GSO, no IPv6: what
 * rtpfwd's forwarding costs above this is the price of everything else.
 *
 *   insmod barefwd.ko local=127.0.0.1:30000 src=127.0.0.1:30002 \
 *	dst=127.0.0.1:6000 [hook=input|prerouting]
 *
 * The hook is registered in every network namespace (pernet operations),
 * at the filter table's priority on input (where rtpfwd's iptables INPUT
 * and nft input rules run) or at the raw table's on prerouting (where
 * rtpfwd's raw PREROUTING rule and nft prerouting chain at -300 run).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dst_cache.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/route.h>

struct barefwd_addr {
	__be32 addr;
	__be16 port;
};

static char *local = "127.0.0.1:30000";
module_param(local, charp, 0444);
MODULE_PARM_DESC(local, "the local IPv4 ADDR:PORT whose UDP datagrams are forwarded");
static char *src = "127.0.0.1:30002";
module_param(src, charp, 0444);
MODULE_PARM_DESC(src, "the forwarded datagrams' source ADDR:PORT");
static char *dst = "127.0.0.1:6000";
module_param(dst, charp, 0444);
MODULE_PARM_DESC(dst, "the forwarded datagrams' destination ADDR:PORT");
static char *hook = "input";
module_param(hook, charp, 0444);
MODULE_PARM_DESC(hook, "input (filter priority) or prerouting (raw priority)");

/* The rule, parsed from the parameters at load time; read-only after. */
static struct barefwd_addr rule_local, rule_src, rule_dst;
static struct nf_hook_ops hook_template;

/* Per namespace: its hook and the route to rule_dst, cached per CPU. */
struct barefwd_net {
	struct nf_hook_ops ops;
	struct dst_cache dst_cache;
};

static unsigned int barefwd_net_id __read_mostly;

/* The route to rule_dst, held. Context: BHs off (the cache is per CPU). */
static struct rtable *barefwd_route(struct net *net, struct barefwd_net *bn)
{
	struct flowi4 fl4;
	struct rtable *rt;
	__be32 saddr;

	rt = dst_cache_get_ip4(&bn->dst_cache, &saddr);
	if (rt)
		return rt;
	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = rule_dst.addr;
	fl4.saddr = rule_src.addr;
	fl4.flowi4_proto = IPPROTO_UDP;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return rt;
	dst_cache_set_ip4(&bn->dst_cache, &rt->dst, fl4.saddr);
	return rt;
}

/* Rewrite the headers in place and send; consumes @skb and @rt. */
static void barefwd_xmit(struct net *net, struct sk_buff *skb, struct rtable *rt)
{
	struct iphdr *iph = ip_hdr(skb);
	struct udphdr *uh = (struct udphdr *)(iph + 1);

	if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
		inet_proto_csum_replace4(&uh->check, skb, iph->saddr, rule_src.addr, true);
		inet_proto_csum_replace4(&uh->check, skb, iph->daddr, rule_dst.addr, true);
		inet_proto_csum_replace2(&uh->check, skb, uh->source, rule_src.port, false);
		inet_proto_csum_replace2(&uh->check, skb, uh->dest, rule_dst.port, false);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
	}
	uh->source = rule_src.port;
	uh->dest = rule_dst.port;
	iph->saddr = rule_src.addr;
	iph->daddr = rule_dst.addr;
	iph->ttl--;

	/* what the packet carried in from its first life is not ours (xmit.c) */
	skb_orphan(skb);
	skb_scrub_packet(skb, true);
	skb->priority = 0;
	skb_set_queue_mapping(skb, 0);
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_dst_set(skb, &rt->dst);
	skb->protocol = htons(ETH_P_IP);
	/* ip_local_out() sets the length and the header checksum */
	ip_local_out(net, NULL, skb);
}

static unsigned int barefwd_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const unsigned int l4end = sizeof(struct iphdr) + sizeof(struct udphdr);
	struct barefwd_net *bn = priv;
	const struct iphdr *iph = ip_hdr(skb);
	const struct udphdr *uh;
	struct udphdr uh_buf;
	struct rtable *rt;

	if (iph->daddr != rule_local.addr || iph->protocol != IPPROTO_UDP ||
	    iph->ihl != 5 || ip_is_fragment(iph) || iph->ttl <= 1 || skb_is_gso(skb))
		return NF_ACCEPT;
	uh = skb_header_pointer(skb, sizeof(*iph), sizeof(*uh), &uh_buf);
	if (!uh || uh->dest != rule_local.port)
		return NF_ACCEPT;

	local_bh_disable();
	rt = barefwd_route(state->net, bn);
	if (IS_ERR(rt)) {
		local_bh_enable();
		return NF_DROP;
	}
	/* a clone's header is shared with someone else: copy before writing */
	if (skb_ensure_writable(skb, skb_network_offset(skb) + l4end)) {
		local_bh_enable();
		ip_rt_put(rt);
		return NF_DROP;
	}
	barefwd_xmit(state->net, skb, rt);
	local_bh_enable();
	return NF_STOLEN;
}

static int __net_init barefwd_net_init(struct net *net)
{
	struct barefwd_net *bn = net_generic(net, barefwd_net_id);
	int err;

	err = dst_cache_init(&bn->dst_cache, GFP_KERNEL);
	if (err)
		return err;
	bn->ops = hook_template;
	bn->ops.priv = bn;
	err = nf_register_net_hook(net, &bn->ops);
	if (err)
		dst_cache_destroy(&bn->dst_cache);
	return err;
}

/* A grace period separates the two: no hook runs when the cache goes. */
static void __net_exit barefwd_net_pre_exit(struct net *net)
{
	struct barefwd_net *bn = net_generic(net, barefwd_net_id);

	nf_unregister_net_hook(net, &bn->ops);
}

static void __net_exit barefwd_net_exit(struct net *net)
{
	struct barefwd_net *bn = net_generic(net, barefwd_net_id);

	dst_cache_destroy(&bn->dst_cache);
}

static struct pernet_operations barefwd_net_ops = {
	.init = barefwd_net_init,
	.pre_exit = barefwd_net_pre_exit,
	.exit = barefwd_net_exit,
	.id = &barefwd_net_id,
	.size = sizeof(struct barefwd_net),
};

/* "ADDR:PORT", IPv4 only. */
static int barefwd_parse(const char *name, const char *text, struct barefwd_addr *to)
{
	const char *end;
	u16 port;

	if (!text || in4_pton(text, -1, (u8 *)&to->addr, ':', &end) != 1 || *end != ':' ||
	    kstrtou16(end + 1, 10, &port) || !port) {
		pr_err("%s=%s: not IPv4 ADDR:PORT\n", name, text ?: "");
		return -EINVAL;
	}
	to->port = htons(port);
	return 0;
}

static int __init barefwd_init(void)
{
	int err;

	err = barefwd_parse("local", local, &rule_local) ?:
	      barefwd_parse("src", src, &rule_src) ?:
	      barefwd_parse("dst", dst, &rule_dst);
	if (err)
		return err;
	hook_template.hook = barefwd_hook;
	hook_template.pf = NFPROTO_IPV4;
	if (!strcmp(hook, "input")) {
		hook_template.hooknum = NF_INET_LOCAL_IN;
		hook_template.priority = NF_IP_PRI_FILTER;
	} else if (!strcmp(hook, "prerouting")) {
		hook_template.hooknum = NF_INET_PRE_ROUTING;
		hook_template.priority = NF_IP_PRI_RAW;
	} else {
		pr_err("hook=%s: not input or prerouting\n", hook);
		return -EINVAL;
	}
	return register_pernet_subsys(&barefwd_net_ops);
}

static void __exit barefwd_exit(void)
{
	unregister_pernet_subsys(&barefwd_net_ops);
}

module_init(barefwd_init);
module_exit(barefwd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rtpfwd benchmark: a bare in-place UDP forwarder, one hard-coded rule");
