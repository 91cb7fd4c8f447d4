// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: a recorded stream's file, N/calls/CALL/STREAM (proc_calls.c makes
 * them): one datagram of its tap (core/tap.h) per read(), 0 once the stream
 * is deleted, poll() readable when one waits; and rtpengine's parameter
 * for how many a stream holds.
 */
#include <linux/moduleparam.h>

#include "core/tap.h"
#include "rtpfwd_core.h"
#include "proc_calls.h"

static unsigned int stream_packets_list_limit = 10;

static int rtpfwd_calls_limit_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, RTPFWD_TAP_PACKETS_MAX);
}

static const struct kernel_param_ops rtpfwd_calls_limit_ops = {
	.set	= rtpfwd_calls_limit_set,
	.get	= param_get_uint,
};

module_param_cb(stream_packets_list_limit, &rtpfwd_calls_limit_ops,
		&stream_packets_list_limit, 0644);
MODULE_PARM_DESC(stream_packets_list_limit,
		 "datagrams a recorded stream holds for its reader; beyond, the oldest go (1..4096, default 10)");

/**
 * rtpfwd_stream_packets_set() - stream_packets_list_limit, from xt_RTPENGINE
 * @packets: 1..RTPFWD_TAP_PACKETS_MAX
 *
 * Debian's modprobe.d lines name xt_RTPENGINE, rtpengine's module: it takes
 * the parameter and hands it here when it loads.
 * Return: 0, or -EINVAL (and a kernel log line naming it).
 */
int rtpfwd_stream_packets_set(unsigned int packets)
{
	if (!packets || packets > RTPFWD_TAP_PACKETS_MAX) {
		pr_err("rtpfwd: stream_packets_list_limit=%u is not 1..%u\n", packets,
		       RTPFWD_TAP_PACKETS_MAX);
		return -EINVAL;
	}
	WRITE_ONCE(stream_packets_list_limit, packets);
	return 0;
}
EXPORT_SYMBOL_GPL(rtpfwd_stream_packets_set);

/* What a stream holds when its maker did not say. */
unsigned int rtpfwd_calls_default_packets(void)
{
	return READ_ONCE(stream_packets_list_limit);
}

static int rtpfwd_rec_open(struct inode *inode, struct file *file)
{
	/* the stream's tap: proc keeps it during the call, the file's may outlive it */
	file->private_data = rtpfwd_tap_get(pde_data(inode));
	rtpfwd_tap_reader_open(file->private_data);
	return 0;
}

static ssize_t rtpfwd_rec_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	return rtpfwd_tap_read(file->private_data, buf, len, file->f_flags & O_NONBLOCK);
}

static __poll_t rtpfwd_rec_poll(struct file *file, poll_table *pt)
{
	return rtpfwd_tap_poll(file->private_data, file, pt);
}

static int rtpfwd_rec_release(struct inode *inode, struct file *file)
{
	rtpfwd_tap_reader_close(file->private_data);
	rtpfwd_tap_put(file->private_data);
	return 0;
}

const struct proc_ops rtpfwd_calls_file_ops = {
	.proc_open	= rtpfwd_rec_open,
	.proc_read	= rtpfwd_rec_read,
	.proc_poll	= rtpfwd_rec_poll,
	.proc_lseek	= noop_llseek,
	.proc_release	= rtpfwd_rec_release,
};
