/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * rtpfwd: the generic netlink ABI of the in-kernel RTP forwarder.
 *
 * This header is the one definition of the family shared by the kernel
 * module (module/) and user space (userspace/). The prose description of every
 * command and attribute lives in rtpfwd.yaml next to this file; keep the two in
 * step. Numbers are ABI: append, never renumber.
 *
 * The family is named "rtpengine" (the name operators know); the symbols are
 * prefixed RTPFWD_ after the project.
 */
#ifndef _UAPI_LINUX_RTPFWD_H
#define _UAPI_LINUX_RTPFWD_H

#define RTPFWD_GENL_NAME		"rtpengine"
#define RTPFWD_GENL_VERSION		1
#define RTPFWD_GENL_MCGRP_NOTIFY	"notify"

/* Forwarding tables per network namespace: ids 0 .. RTPFWD_TABLE_ID_MAX. */
#define RTPFWD_TABLES			64
#define RTPFWD_TABLE_ID_MAX		(RTPFWD_TABLES - 1)

enum rtpfwd_cmd {
	RTPFWD_CMD_UNSPEC,
	/*
	 * Create table RTPFWD_A_TABLE_ID in the sender's netns. Fails with
	 * EEXIST if it exists. Announced on the notify group.
	 */
	RTPFWD_CMD_TABLE_NEW,
	/*
	 * Delete table RTPFWD_A_TABLE_ID. ENOENT if missing, EBUSY while its
	 * /proc control file is held open. Announced on the notify group.
	 */
	RTPFWD_CMD_TABLE_DEL,
	/* Get one table (doit, RTPFWD_A_TABLE_ID) or all tables (dump). */
	RTPFWD_CMD_TABLE_GET,

	__RTPFWD_CMD_MAX,
	RTPFWD_CMD_MAX = __RTPFWD_CMD_MAX - 1
};

enum rtpfwd_attr {
	RTPFWD_A_UNSPEC,
	RTPFWD_A_TABLE_ID,		/* u32, 0 .. RTPFWD_TABLE_ID_MAX */
	RTPFWD_A_TABLE_RULES,		/* u32, reply only: rules in the table */
	RTPFWD_A_TABLE_CONTROL_PID,	/* u32, reply only: /proc control opener, 0 if none */
	RTPFWD_A_TABLE_REFCNT,		/* u32, reply only: references besides the table's own */

	__RTPFWD_A_MAX,
	RTPFWD_A_MAX = __RTPFWD_A_MAX - 1
};

#endif /* _UAPI_LINUX_RTPFWD_H */
