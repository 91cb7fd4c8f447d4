/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd /proc control plane (proc.c, proc_compat*.c, proc_blist.c): what
 * module init and exit call.
 */
#ifndef _RTPFWD_PROC_H
#define _RTPFWD_PROC_H

#include <linux/types.h>
#include <linux/uidgid.h>

int rtpfwd_proc_init(void);
void rtpfwd_proc_exit(void);

/* proc_owner.c: rtpengine's proc_uid, proc_gid and proc_mask */
struct rtpfwd_proc_access {
	kuid_t	uid;		/* of every entry */
	kgid_t	gid;
	umode_t	dir_mode;	/* of a table's directory */
};

struct net;
int rtpfwd_proc_access_init(void);
void rtpfwd_proc_access(const struct net *net, struct rtpfwd_proc_access *acc);

#endif /* _RTPFWD_PROC_H */
