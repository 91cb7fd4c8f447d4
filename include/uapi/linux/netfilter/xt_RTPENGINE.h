/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * xt_RTPENGINE: the iptables target "RTPENGINE" (revision 0), which offers
 * each packet to a forwarding table of rtpfwd.
 *
 *   iptables -I INPUT -p udp -j RTPENGINE --id 42
 *
 * This layout is ABI shared with rtpengine: it is exactly rtpengine's
 * struct xt_rtpengine_info (one 32-bit table id), so Debian's
 * libxt_RTPENGINE.so (package rtpengine-iptables) and ours are
 * interchangeable, in either direction, against either kernel module.
 * Never change it; a new layout needs a new target revision.
 */
#ifndef _UAPI_LINUX_NETFILTER_XT_RTPENGINE_H
#define _UAPI_LINUX_NETFILTER_XT_RTPENGINE_H

#include <linux/types.h>

struct xt_rtpengine_info {
	__u32 id;	/* table id, 0 .. RTPFWD_TABLE_ID_MAX (linux/rtpfwd.h) */
};

#endif /* _UAPI_LINUX_NETFILTER_XT_RTPENGINE_H */
