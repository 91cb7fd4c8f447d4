// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd per-namespace state: every network namespace gets its own set of
 * tables, and loses them when it dies. (/proc/net/rtpengine is the /proc
 * control plane's, with its own pernet_operations registered before these:
 * made before and removed after the core's state of a namespace.)
 */
#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "rtpfwd.h"

static unsigned int rtpfwd_net_id __read_mostly;

struct rtpfwd_net *rtpfwd_pernet(const struct net *net)
{
	return net_generic(net, rtpfwd_net_id);
}

static int __net_init rtpfwd_net_init(struct net *net)
{
	struct rtpfwd_net *rn = rtpfwd_pernet(net);

	rn->net = net;
	mutex_init(&rn->lock);
	return 0;
}

static void __net_exit rtpfwd_net_exit(struct net *net)
{
	struct rtpfwd_net *rn = rtpfwd_pernet(net);
	u32 id;

	/* /proc writers still running find rn->dying; /proc's own exit, after
	 * this one, waits for them.
	 */
	rtpfwd_table_delete_all(rn);
	for (id = 0; id < RTPFWD_TABLES; id++)
		WARN_ON_ONCE(rcu_access_pointer(rn->tables[id]));
}

static struct pernet_operations rtpfwd_net_ops = {
	.init = rtpfwd_net_init,
	.exit = rtpfwd_net_exit,
	.id   = &rtpfwd_net_id,
	.size = sizeof(struct rtpfwd_net),
};

int rtpfwd_netns_init(void)
{
	return register_pernet_subsys(&rtpfwd_net_ops);
}

void rtpfwd_netns_exit(void)
{
	unregister_pernet_subsys(&rtpfwd_net_ops);
}
