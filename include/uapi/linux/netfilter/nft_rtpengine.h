/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * nft_rtpengine: the nf_tables expression "rtpengine", which offers each
 * packet to a forwarding table of rtpfwd.
 *
 *   rtpnl nft add rule inet filter input udp dport 30000-40000 rtpengine id 42
 *
 * The attribute numbers are those of rtpengine upstream's own "rtpengine"
 * expression, so daemons that build that expression drive this module. Never
 * renumber them.
 */
#ifndef _UAPI_LINUX_NETFILTER_NFT_RTPENGINE_H
#define _UAPI_LINUX_NETFILTER_NFT_RTPENGINE_H

/* The expression's name, as it travels in NFTA_EXPR_NAME. */
#define NFT_RTPENGINE_NAME	"rtpengine"

enum nft_rtpengine_attributes {
	NFTA_RTPENGINE_UNSPEC,
	/* u32 in host byte order: table id, 0 .. RTPFWD_TABLE_ID_MAX */
	NFTA_RTPENGINE_TABLE,
	/* flag: create the table when it does not exist yet */
	NFTA_RTPENGINE_CREATE,
	/* flag: fail with EEXIST when the table exists already */
	NFTA_RTPENGINE_EXCLUSIVE,
	__NFTA_RTPENGINE_MAX
};

#define NFTA_RTPENGINE_MAX	(__NFTA_RTPENGINE_MAX - 1)

#endif /* _UAPI_LINUX_NETFILTER_NFT_RTPENGINE_H */
