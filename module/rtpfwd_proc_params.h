/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpengine's module parameters proc_uid, proc_gid and proc_mask, which both
 * rtpfwd and xt_RTPENGINE take (control/proc_owner.c says what they do):
 * one declaration for the two modules, so that their names, types and
 * descriptions cannot drift apart.
 */
#ifndef _RTPFWD_PROC_PARAMS_H
#define _RTPFWD_PROC_PARAMS_H

#include <linux/moduleparam.h>

#define RTPFWD_PROC_PARAMS_DECLARE()						\
	static unsigned int proc_uid;						\
	module_param(proc_uid, uint, 0444);					\
	MODULE_PARM_DESC(proc_uid, "owner of new /proc/rtpengine entries (a host uid)");	\
	static unsigned int proc_gid;						\
	module_param(proc_gid, uint, 0444);					\
	MODULE_PARM_DESC(proc_gid, "group of new /proc/rtpengine entries (a host gid)");	\
	static unsigned int proc_mask;						\
	module_param(proc_mask, hexint, 0444);					\
	MODULE_PARM_DESC(proc_mask, "mode bits taken from a table's /proc directory, e.g. 0x7")

#endif /* _RTPFWD_PROC_PARAMS_H */
