/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd /proc control plane (proc.c, proc_compat*.c, proc_blist.c): what
 * module init and exit call.
 */
#ifndef _RTPFWD_PROC_H
#define _RTPFWD_PROC_H

int rtpfwd_proc_init(void);
void rtpfwd_proc_exit(void);

#endif /* _RTPFWD_PROC_H */
