// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: in-kernel RTP/UDP forwarding for media proxies. Module entry and
 * exit: the core (core/) and its control planes (control/) wired together;
 * the order here is what keeps every other file simple.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "control/genl.h"
#include "control/proc.h"
#include "core/rtpfwd.h"

static int __init rtpfwd_init(void)
{
	int err;

	/* the owner of /proc entries: wrong parameters refuse the load */
	err = rtpfwd_proc_access_init();
	if (err)
		return err;
	rtpfwd_wq = alloc_workqueue("rtpfwd", 0, 0);
	if (!rtpfwd_wq)
		return -ENOMEM;
	/* /proc first: its per-namespace directory is made before the core's
	 * state of a namespace and removed after it (control/proc.c).
	 */
	err = rtpfwd_proc_init();
	if (err)
		goto err_wq;
	/* Namespaces next: genl handlers may run as soon as the family exists. */
	err = rtpfwd_netns_init();
	if (err)
		goto err_proc;
	err = rtpfwd_genl_init();
	if (err)
		goto err_netns;
	return 0;

err_netns:
	rtpfwd_netns_exit();
err_proc:
	rtpfwd_proc_exit();
err_wq:
	destroy_workqueue(rtpfwd_wq);
	return err;
}

static void __exit rtpfwd_exit(void)
{
	rtpfwd_genl_exit();
	rtpfwd_netns_exit();
	rtpfwd_proc_exit();
	/* Tables freed above wait for a grace period, then run on rtpfwd_wq. */
	rcu_barrier();
	destroy_workqueue(rtpfwd_wq);
}

module_init(rtpfwd_init);
module_exit(rtpfwd_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rtpfwd: in-kernel RTP/UDP forwarding for media proxies");
MODULE_AUTHOR("rtpfwd developers");
MODULE_ALIAS_GENL_FAMILY(RTPFWD_GENL_NAME);
