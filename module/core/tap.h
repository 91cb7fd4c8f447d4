/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rtpfwd recording taps: a rule with a tap (struct rtpfwd_rule_cfg.tap)
 * queues a copy of every datagram it forwards, as it arrived (IP and UDP
 * headers, lengths fixed) but after SRTP decryption and before any
 * output's rewrite, for one reader: rtpengine's call recording reads them
 * from its calls/ stream files (control/proc_calls.c), one datagram per
 * read(). What the rule hands up is not tapped: whoever gets it records it.
 *
 * The queue is bounded twice: by its own length (the oldest datagram goes,
 * as rtpengine's module does), and by the bytes all taps of the module hold
 * together (rtpfwd_tap_max_bytes: a new datagram that does not fit is
 * dropped), so that namespaces which nobody reads cannot pin memory.
 * Both drops are counted. A closed tap (its stream deleted) queues
 * nothing and reads as end of file; rules may still hold it until they go.
 * Its readers' files may outlive it too (proc closes them when their entry
 * goes, but an epoll set keeps its entry on @wait): the last put empties
 * @wait with wake_up_pollfree() and frees after an RCU grace period.
 *
 * The queue's spinlock is taken per tapped datagram: the cost of recording,
 * paid only by rules with a tap.
 */
#ifndef _RTPFWD_TAP_H
#define _RTPFWD_TAP_H

#include <linux/poll.h>
#include <linux/refcount.h>
#include <linux/skbuff.h>
#include <linux/wait.h>

struct rtpfwd_pkt;

/* At most this many datagrams per tap, whatever its reader asks. */
#define RTPFWD_TAP_PACKETS_MAX	4096

struct rtpfwd_tap {
	refcount_t		refs;
	struct sk_buff_head	queue;		/* its lock guards @eof and @dropped */
	wait_queue_head_t	wait;		/* readers; and who waits for them to go */
	atomic_t		readers;	/* files open on it */
	struct rcu_head		rcu;		/* pollers' wait entries: see put */
	unsigned int		max_packets;
	u32			id;		/* its reader's number for it, for replies */
	bool			eof;
	u64			dropped;
};

extern unsigned long rtpfwd_tap_max_bytes;

struct rtpfwd_tap *rtpfwd_tap_new(unsigned int max_packets);
void rtpfwd_tap_put(struct rtpfwd_tap *tap);
void rtpfwd_tap_close(struct rtpfwd_tap *tap);
void rtpfwd_tap_reader_open(struct rtpfwd_tap *tap);
void rtpfwd_tap_reader_close(struct rtpfwd_tap *tap);
bool rtpfwd_tap_wait_readers(struct rtpfwd_tap *tap, unsigned long until);
int rtpfwd_tap_write(struct rtpfwd_tap *tap, const void *data, size_t len);
void rtpfwd_tap_datagram(struct rtpfwd_tap *tap, const struct sk_buff *skb,
			 const struct rtpfwd_pkt *pkt);
ssize_t rtpfwd_tap_read(struct rtpfwd_tap *tap, char __user *buf, size_t len, bool nonblock);
__poll_t rtpfwd_tap_poll(struct rtpfwd_tap *tap, struct file *file, poll_table *pt);
u64 rtpfwd_tap_dropped(struct rtpfwd_tap *tap);

/* Whether a reader may still get something: not closed. */
static inline bool rtpfwd_tap_open(const struct rtpfwd_tap *tap)
{
	return !READ_ONCE(tap->eof);
}

static inline u32 rtpfwd_tap_queued(const struct rtpfwd_tap *tap)
{
	return skb_queue_len_lockless(&tap->queue);
}

static inline struct rtpfwd_tap *rtpfwd_tap_get(struct rtpfwd_tap *tap)
{
	if (tap)
		refcount_inc(&tap->refs);
	return tap;
}

#endif /* _RTPFWD_TAP_H */
