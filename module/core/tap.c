// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd recording taps (tap.h): bounded queues of datagram copies, one
 * reader each. Every queued skb is linear and charged (truesize) to
 * rtpfwd_tap_bytes until it is read, pushed out or purged.
 */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <linux/uaccess.h>

#include "pkt.h"
#include "tap.h"

/* The largest datagram a reader can be handed: an IP packet's. */
#define RTPFWD_TAP_DATAGRAM_MAX	65535

unsigned long rtpfwd_tap_max_bytes = 64UL << 20;
module_param_named(recording_max_bytes, rtpfwd_tap_max_bytes, ulong, 0644);
MODULE_PARM_DESC(recording_max_bytes,
		 "bytes all recording queues together may hold; beyond, new packets are dropped (default 64 MiB)");

static atomic_long_t rtpfwd_tap_bytes = ATOMIC_LONG_INIT(0);

/**
 * rtpfwd_tap_new() - an open, empty tap
 * @max_packets: its queue's length, 1..RTPFWD_TAP_PACKETS_MAX
 *
 * Return: the tap with one reference, or NULL.
 */
struct rtpfwd_tap *rtpfwd_tap_new(unsigned int max_packets)
{
	struct rtpfwd_tap *tap;

	if (WARN_ON_ONCE(!max_packets || max_packets > RTPFWD_TAP_PACKETS_MAX))
		return NULL;
	tap = kzalloc(sizeof(*tap), GFP_KERNEL_ACCOUNT);
	if (!tap)
		return NULL;
	refcount_set(&tap->refs, 1);
	skb_queue_head_init(&tap->queue);
	init_waitqueue_head(&tap->wait);
	tap->max_packets = max_packets;
	return tap;
}

/* @skb left the queue without being read: uncharged and dropped. */
static void rtpfwd_tap_drop(struct sk_buff *skb)
{
	atomic_long_sub(skb->truesize, &rtpfwd_tap_bytes);
	kfree_skb(skb);
}

static void rtpfwd_tap_purge(struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list)))
		rtpfwd_tap_drop(skb);
}

void rtpfwd_tap_put(struct rtpfwd_tap *tap)
{
	if (!tap || !refcount_dec_and_test(&tap->refs))
		return;
	rtpfwd_tap_purge(&tap->queue);	/* nobody else can reach it */
	/* an epoll set may still wait on it: take it off, free after RCU */
	wake_up_pollfree(&tap->wait);
	kfree_rcu(tap, rcu);
}

/* A file opened on @tap (its reader's); balanced by rtpfwd_tap_reader_close(). */
void rtpfwd_tap_reader_open(struct rtpfwd_tap *tap)
{
	atomic_inc(&tap->readers);
}

void rtpfwd_tap_reader_close(struct rtpfwd_tap *tap)
{
	if (atomic_dec_and_test(&tap->readers))
		wake_up_all(&tap->wait);
}

/**
 * rtpfwd_tap_wait_readers() - wait until no file is open on a closed tap
 * @tap: the tap, closed (its readers read end of file and close)
 * @until: in jiffies, when to stop waiting for a reader that does not
 *
 * Context: process context; sleeps.
 * Return: whether all readers closed in time.
 */
bool rtpfwd_tap_wait_readers(struct rtpfwd_tap *tap, unsigned long until)
{
	long left = (long)(until - jiffies);

	return wait_event_timeout(tap->wait, !atomic_read(&tap->readers), max(left, 0L)) ||
	       !atomic_read(&tap->readers);
}

/**
 * rtpfwd_tap_close() - end of file for the reader, nothing queued any more
 * @tap: the tap; references stay as they are
 *
 * Wakes the readers: a sleeping read() returns 0 and poll() says readable.
 */
void rtpfwd_tap_close(struct rtpfwd_tap *tap)
{
	struct sk_buff_head purge;

	__skb_queue_head_init(&purge);
	spin_lock_bh(&tap->queue.lock);
	WRITE_ONCE(tap->eof, true);
	skb_queue_splice_init(&tap->queue, &purge);
	spin_unlock_bh(&tap->queue.lock);
	rtpfwd_tap_purge(&purge);
	wake_up_interruptible_all(&tap->wait);
}

/* Queues @skb (linear, ours), pushing out the oldest beyond the length. */
static void rtpfwd_tap_queue(struct rtpfwd_tap *tap, struct sk_buff *skb)
{
	struct sk_buff *old = NULL;

	spin_lock_bh(&tap->queue.lock);
	if (tap->eof) {
		spin_unlock_bh(&tap->queue.lock);
		consume_skb(skb);	/* nobody will read it: not a loss */
		return;
	}
	if (atomic_long_add_return(skb->truesize, &rtpfwd_tap_bytes) >
	    READ_ONCE(rtpfwd_tap_max_bytes)) {
		tap->dropped++;
		spin_unlock_bh(&tap->queue.lock);
		rtpfwd_tap_drop(skb);
		return;
	}
	__skb_queue_tail(&tap->queue, skb);
	if (skb_queue_len(&tap->queue) > tap->max_packets) {
		old = __skb_dequeue(&tap->queue);
		tap->dropped++;
	}
	spin_unlock_bh(&tap->queue.lock);
	if (old)
		rtpfwd_tap_drop(old);
	wake_up_interruptible(&tap->wait);
}

static void rtpfwd_tap_lost(struct rtpfwd_tap *tap)
{
	spin_lock_bh(&tap->queue.lock);
	tap->dropped++;
	spin_unlock_bh(&tap->queue.lock);
}

/**
 * rtpfwd_tap_datagram() - queue a copy of the datagram a rule forwards
 * @tap: the rule's tap
 * @skb: the datagram, its headers' lengths true to @pkt
 * @pkt: what parsing (and decryption) found
 *
 * Context: the packet path (BHs off). The copy's UDP checksum is what the
 * datagram had: a reader of recordings does not check it.
 */
void rtpfwd_tap_datagram(struct rtpfwd_tap *tap, const struct sk_buff *skb,
			 const struct rtpfwd_pkt *pkt)
{
	unsigned int hlen = pkt->l4off + sizeof(struct udphdr);
	struct sk_buff *copy;
	u8 *data;

	if (READ_ONCE(tap->eof))
		return;
	copy = alloc_skb(hlen + pkt->payload_len, GFP_ATOMIC);
	if (!copy) {
		rtpfwd_tap_lost(tap);
		return;
	}
	data = skb_put(copy, hlen + pkt->payload_len);
	/* parsing pulled the headers into the linear area */
	memcpy(data, skb_network_header(skb), hlen);
	if (skb_copy_bits(skb, pkt->payload_off, data + hlen, pkt->payload_len)) {
		kfree_skb(copy);
		rtpfwd_tap_lost(tap);
		return;
	}
	rtpfwd_tap_queue(tap, copy);
}

/**
 * rtpfwd_tap_write() - queue a datagram a daemon hands in
 * @tap: the tap
 * @data: the datagram, headers and all (not checked: the reader parses it
 *	as the daemon's own recording would)
 * @len: its length, 1..65535
 *
 * Return: 0 (queued, or dropped and counted as the packet path would), or
 * -EINVAL, -ENOMEM.
 */
int rtpfwd_tap_write(struct rtpfwd_tap *tap, const void *data, size_t len)
{
	struct sk_buff *skb;

	if (!len || len > RTPFWD_TAP_DATAGRAM_MAX)
		return -EINVAL;
	skb = alloc_skb(len, GFP_KERNEL_ACCOUNT);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, data, len);
	rtpfwd_tap_queue(tap, skb);
	return 0;
}

/**
 * rtpfwd_tap_read() - hand the oldest datagram to the reader
 * @tap: the tap
 * @buf: where to
 * @len: its size; the rest of a longer datagram is lost, as with recvmsg()
 * @nonblock: -EAGAIN rather than wait for one
 *
 * Return: the bytes copied; 0 once the tap is closed; -EAGAIN, -EINTR
 * (-ERESTARTSYS) or -EFAULT (the datagram is lost).
 */
ssize_t rtpfwd_tap_read(struct rtpfwd_tap *tap, char __user *buf, size_t len, bool nonblock)
{
	struct sk_buff *skb;
	size_t n;

	for (;;) {
		spin_lock_bh(&tap->queue.lock);
		if (tap->eof) {
			spin_unlock_bh(&tap->queue.lock);
			return 0;
		}
		skb = __skb_dequeue(&tap->queue);
		spin_unlock_bh(&tap->queue.lock);
		if (skb)
			break;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(tap->wait, !skb_queue_empty_lockless(&tap->queue) ||
					     READ_ONCE(tap->eof)))
			return -ERESTARTSYS;
	}
	atomic_long_sub(skb->truesize, &rtpfwd_tap_bytes);
	n = min_t(size_t, len, skb->len);
	if (copy_to_user(buf, skb->data, n)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	consume_skb(skb);
	return n;
}

__poll_t rtpfwd_tap_poll(struct rtpfwd_tap *tap, struct file *file, poll_table *pt)
{
	poll_wait(file, &tap->wait, pt);
	if (!skb_queue_empty_lockless(&tap->queue) || READ_ONCE(tap->eof))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

/* Datagrams lost so far: pushed out, over the byte budget, or not copied. */
u64 rtpfwd_tap_dropped(struct rtpfwd_tap *tap)
{
	u64 n;

	spin_lock_bh(&tap->queue.lock);
	n = tap->dropped;
	spin_unlock_bh(&tap->queue.lock);
	return n;
}
