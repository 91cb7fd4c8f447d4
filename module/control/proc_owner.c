// SPDX-License-Identifier: GPL-2.0-only
/*
 * Who owns the /proc/net/rtpengine entries, and the mode of a table's
 * directory: rtpengine's module parameters proc_uid, proc_gid and proc_mask.
 *
 * Debian's rtpengine-daemon runs its daemon as user rtpengine with
 * CAP_NET_ADMIN only, and its postinst writes
 * "options xt_RTPENGINE proc_mask=0x7 proc_uid=UID proc_gid=GID" to
 * /etc/modprobe.d so that this user may open N/control. Both modules take
 * the three parameters: rtpfwd's own, and xt_RTPENGINE's, which that line
 * names and which xt_RTPENGINE hands here when it loads
 * (rtpfwd_proc_access_set()).
 *
 * As in rtpengine, the owner is given to every entry and the mask is taken
 * from the mode of a table's directory (0555 & ~mask); the files keep their
 * modes (N/control 0660). Unlike rtpengine, where /proc is global, they
 * apply to the namespaces of the initial user namespace only: ids in a
 * container's user namespace mean someone else, so there the entries stay
 * the namespace root's. They apply to entries made after they are set; a
 * daemon deletes and re-creates its table when it starts, so its table
 * always gets them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/stat.h>
#include <linux/uidgid.h>

#include <net/net_namespace.h>

#include "rtpfwd_core.h"
#include "rtpfwd_proc_params.h"
#include "proc.h"

/* Readable in /sys/module/rtpfwd/parameters: what new entries get. */
RTPFWD_PROC_PARAMS_DECLARE();

/* The three together: a setter and a table being made see one setting. */
static DEFINE_MUTEX(rtpfwd_proc_access_lock);

static int rtpfwd_proc_access_check(u32 uid, u32 gid, u32 mask)
{
	if (!uid_valid(make_kuid(&init_user_ns, uid))) {
		pr_err("proc_uid=%u is not a user id\n", uid);
		return -EINVAL;
	}
	if (!gid_valid(make_kgid(&init_user_ns, gid))) {
		pr_err("proc_gid=%u is not a group id\n", gid);
		return -EINVAL;
	}
	if (mask & ~0777U) {
		pr_err("proc_mask=%#x has bits beyond 0777\n", mask);
		return -EINVAL;
	}
	return 0;
}

/**
 * rtpfwd_proc_access_set() - owner and mask of /proc entries made from now on
 * @uid: their owner, a user id of the initial user namespace
 * @gid: their group, likewise
 * @mask: mode bits a table's directory loses
 *
 * Context: process context.
 * Return: 0, or -EINVAL (and a kernel log line naming it) for an id that
 * does not exist or a mask beyond 0777; then nothing changed.
 */
int rtpfwd_proc_access_set(u32 uid, u32 gid, u32 mask)
{
	int err = rtpfwd_proc_access_check(uid, gid, mask);

	if (err)
		return err;
	mutex_lock(&rtpfwd_proc_access_lock);
	proc_uid = uid;
	proc_gid = gid;
	proc_mask = mask;
	mutex_unlock(&rtpfwd_proc_access_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(rtpfwd_proc_access_set);

/* Module init: refuse parameters given to rtpfwd itself that mean nothing. */
int rtpfwd_proc_access_init(void)
{
	return rtpfwd_proc_access_check(proc_uid, proc_gid, proc_mask);
}

/* What the entries of @net made now get: one setting for all of them. */
void rtpfwd_proc_access(const struct net *net, struct rtpfwd_proc_access *acc)
{
	acc->dir_mode = 0555;
	if (net->user_ns == &init_user_ns) {
		mutex_lock(&rtpfwd_proc_access_lock);
		acc->uid = make_kuid(&init_user_ns, proc_uid);
		acc->gid = make_kgid(&init_user_ns, proc_gid);
		acc->dir_mode &= ~proc_mask;
		mutex_unlock(&rtpfwd_proc_access_lock);
		return;
	}
	/* the namespace's root where its uid map exists, as /proc/net itself */
	acc->uid = make_kuid(net->user_ns, 0);
	acc->gid = make_kgid(net->user_ns, 0);
	if (!uid_valid(acc->uid))
		acc->uid = GLOBAL_ROOT_UID;
	if (!gid_valid(acc->gid))
		acc->gid = GLOBAL_ROOT_GID;
}
