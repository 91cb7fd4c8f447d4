/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd kernel API compatibility. Differences between the kernels we build
 * for are detected by compile probes (the compat directory, run by Kbuild against the
 * target's headers, defining RTPFWD_HAVE_*), never by version numbers:
 * stable kernels backport API changes.
 */
#ifndef _RTPFWD_COMPAT_H
#define _RTPFWD_COMPAT_H

#include <net/genetlink.h>

/* The attributes of a dump request (genl_info_dump() came with 6.7). */
static inline struct nlattr **rtpfwd_genl_dump_attrs(struct netlink_callback *cb)
{
#ifdef RTPFWD_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _RTPFWD_COMPAT_H */
