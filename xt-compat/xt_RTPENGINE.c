// SPDX-License-Identifier: GPL-2.0-only
/*
 * xt_RTPENGINE: the iptables/ip6tables target RTPENGINE, rtpengine's
 * xtables front-end to rtpfwd. "-j RTPENGINE --id N" offers every packet
 * the rule matches to forwarding table N of the packet's network namespace;
 * packets the table does not forward continue down the chain untouched.
 *
 * The rule names the table by number only: it neither looks the table up nor
 * holds it when the rule is created, because operators install the rule
 * before the daemon creates the table, and the daemon may delete and re-create
 * it under a live rule. rtpfwd_packet() looks the table up per packet.
 *
 * Usable from the filter table's INPUT chain and from the raw and mangle
 * tables' PREROUTING chains, for IPv4 and IPv6 (iptables-legacy and
 * iptables-nft, whose nft_compat runs the same checks).
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/netfilter/xt_RTPENGINE.h>
#include <linux/rtpfwd.h>

#include "rtpfwd_core.h"
#include "rtpfwd_proc_params.h"

static unsigned int rtpengine_tg(struct sk_buff *skb, const struct xt_action_param *par)
{
	const struct xt_rtpengine_info *info = par->targinfo;

	switch (rtpfwd_packet(xt_net(par), info->id, skb)) {
	case RTPFWD_STOLEN:
		return NF_STOLEN;
	case RTPFWD_DROP:
		return NF_DROP;
	case RTPFWD_PASS:
	default:
		return XT_CONTINUE;
	}
}

/* The hooks a table may call the target from; 0: not from this table. */
static unsigned int rtpengine_tg_table_hooks(const char *table)
{
	if (!strcmp(table, "filter"))
		return 1 << NF_INET_LOCAL_IN;
	if (!strcmp(table, "raw") || !strcmp(table, "mangle"))
		return 1 << NF_INET_PRE_ROUTING;
	return 0;
}

static int rtpengine_tg_check(const struct xt_tgchk_param *par)
{
	const struct xt_rtpengine_info *info = par->targinfo;
	unsigned int hooks;

	/*
	 * -EINVAL, as rtpengine's own module: iptables-legacy then adds
	 * "Run `dmesg' for more information", which is where the reason is.
	 */
	if (info->id > RTPFWD_TABLE_ID_MAX) {
		pr_info_ratelimited("RTPENGINE: table id %u out of range (0..%u)\n",
				    info->id, RTPFWD_TABLE_ID_MAX);
		return -EINVAL;
	}

	hooks = rtpengine_tg_table_hooks(par->table);
	if (!hooks) {
		pr_info_ratelimited("RTPENGINE: not usable in table %s: only in filter INPUT, raw PREROUTING or mangle PREROUTING\n",
				    par->table);
		return -EINVAL;
	}
	/*
	 * hook_mask holds every base chain that reaches the rule (through
	 * jumps, too). nft_compat passes 0 for a rule outside a base chain and
	 * validates against .hooks only, later.
	 */
	if (par->hook_mask & ~hooks) {
		pr_info_ratelimited("RTPENGINE: in table %s only usable from %s\n",
				    par->table,
				    hooks & (1 << NF_INET_LOCAL_IN) ? "INPUT" : "PREROUTING");
		return -EINVAL;
	}
	return 0;
}

static struct xt_target rtpengine_tg_reg[] __read_mostly = {
	{
		.name		= "RTPENGINE",
		.revision	= 0,
		.family		= NFPROTO_IPV4,
		.target		= rtpengine_tg,
		.targetsize	= sizeof(struct xt_rtpengine_info),
		.checkentry	= rtpengine_tg_check,
		.hooks		= (1 << NF_INET_LOCAL_IN) | (1 << NF_INET_PRE_ROUTING),
		.me		= THIS_MODULE,
	},
	{
		.name		= "RTPENGINE",
		.revision	= 0,
		.family		= NFPROTO_IPV6,
		.target		= rtpengine_tg,
		.targetsize	= sizeof(struct xt_rtpengine_info),
		.checkentry	= rtpengine_tg_check,
		.hooks		= (1 << NF_INET_LOCAL_IN) | (1 << NF_INET_PRE_ROUTING),
		.me		= THIS_MODULE,
	},
};

/*
 * rtpengine's parameters of this module, which Debian's rtpengine-daemon
 * sets in /etc/modprobe.d for its unit's user: handed to rtpfwd, which owns
 * /proc/rtpengine (control/proc_owner.c). All zero: rtpfwd's own apply.
 */
RTPFWD_PROC_PARAMS_DECLARE();

/* rtpengine's, likewise: 0 leaves rtpfwd's (control/proc_calls_file.c). */
static unsigned int stream_packets_list_limit;
module_param(stream_packets_list_limit, uint, 0444);
MODULE_PARM_DESC(stream_packets_list_limit,
		 "packets a recorded stream holds, handed to rtpfwd (1..4096; 0: rtpfwd's)");

static int __init rtpengine_tg_init(void)
{
	int err;

	if (proc_uid || proc_gid || proc_mask) {
		err = rtpfwd_proc_access_set(proc_uid, proc_gid, proc_mask);
		if (err)
			return err;
	}
	if (stream_packets_list_limit) {
		err = rtpfwd_stream_packets_set(stream_packets_list_limit);
		if (err)
			return err;
	}
	return xt_register_targets(rtpengine_tg_reg, ARRAY_SIZE(rtpengine_tg_reg));
}

static void __exit rtpengine_tg_exit(void)
{
	xt_unregister_targets(rtpengine_tg_reg, ARRAY_SIZE(rtpengine_tg_reg));
}

module_init(rtpengine_tg_init);
module_exit(rtpengine_tg_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rtpfwd: iptables target RTPENGINE, offers packets to an rtpfwd table");
MODULE_AUTHOR("rtpfwd developers");
MODULE_ALIAS("ipt_RTPENGINE");
MODULE_ALIAS("ip6t_RTPENGINE");
