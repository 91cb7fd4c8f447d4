/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * rtpengine 12.5 compatibility: the binary messages of /proc/rtpengine/N/control
 * as Debian 13's rtpengine-daemon 12.5 writes them, and the statistics blocks
 * it places in memory mapped from that file. Our own description of that ABI,
 * with our own names (prefix rtpe12_); docs/rtpengine-12.5-abi.md tells it in
 * words. The layout is fixed by the daemon binary (x86-64): nothing here may
 * move; module/control/proc_rtpe12_target.c asserts every size and offset.
 *
 * Unlike 10.5, every command has its own size, and the daemon passes
 * pointers: user-space addresses inside its mappings of the control file,
 * where the kernel writes the counters. Addresses as in 10.5 (struct
 * rtpe10_addr, unchanged); SSRCs in network order; the rest in host order.
 */
#ifndef _UAPI_LINUX_RTPENGINE12_COMPAT_H
#define _UAPI_LINUX_RTPENGINE12_COMPAT_H

#include <linux/types.h>
#include <linux/rtpengine_compat.h>

#define RTPE12_PAYLOAD_TYPES	32
#define RTPE12_DESTINATIONS	32
#define RTPE12_SSRCS		4

/* SRTP parameters of a direction: 10.5's without last_index, with an RTCP tag length. */
struct rtpe12_srtp {
	__u32	cipher;			/* enum rtpe10_cipher, same values */
	__u32	hmac;			/* enum rtpe10_hmac */
	__u8	master_key[32];
	__u32	master_key_len;
	__u8	master_salt[14];
	__u8	pad1[2];
	__u32	master_salt_len;
	__u32	session_key_len;
	__u32	session_salt_len;
	__u8	mki[256];
	__u32	rtp_auth_tag_len;
	__u32	rtcp_auth_tag_len;
	__u32	mki_len;
};

/* ---- the blocks in shared memory (8-byte counters the kernel adds to) ---- */

/* The daemon's global counters: the first 32 bytes of its statistics. */
struct rtpe12_global_stats {
	__u64	packets;
	__u64	bytes;
	__u64	errors;
	__u64	packets_lost;
};

struct rtpe12_iface_dir {
	__u64	packets;
	__u64	bytes;
	__u64	errors;
};

/* An interface's block; the kernel writes only in, out and packets_lost. */
struct rtpe12_iface_stats {
	struct rtpe12_iface_dir	in;
	struct rtpe12_iface_dir	out;
	__u64	packets_lost;
	__u64	duplicates;
	__u64	sampled[18];		/* the daemon's own */
};

struct rtpe12_stream_stats {
	__u64	packets;
	__u64	bytes;
	__u64	errors;
	__u64	last_packet;		/* wall clock, seconds */
	__u32	tos;
	__u32	pad;
};

/* Per payload type: @payload_type and @clock_rate are the daemon's, read at ADD_TARGET. */
struct rtpe12_pt_stats {
	__u32	payload_type;
	__u32	clock_rate;
	__u64	packets;
	__u64	bytes;
	__u64	kernel_packets;
	__u64	kernel_bytes;
};

struct rtpe12_ssrc_stats {
	__u64	packets;
	__u64	bytes;
	__u32	timestamp;
	__u32	ext_seq;		/* SRTP: the packet index (ROC << 16 | seq) */
	__u32	rtcp_seq;		/* SRTCP index */
	__u32	lost_bits;
	__u32	total_lost;
	__u32	transit;
	__u32	jitter;
	__u32	pad;
	__u64	last_packet;		/* wall clock, seconds */
	__u32	last_pt;
	__u32	pad2;
};

/* ---- messages ------------------------------------------------------------ */

/* Bits of rtpe12_target.flags (GCC's bit-field order on little-endian). */
#define RTPE12_TF_RTCP_MUX	(1U << 0)
#define RTPE12_TF_DTLS		(1U << 1)
#define RTPE12_TF_STUN		(1U << 2)
#define RTPE12_TF_RTP		(1U << 3)
#define RTPE12_TF_SSRC_REQ	(1U << 4)
#define RTPE12_TF_RTP_ONLY	(1U << 5)
#define RTPE12_TF_TRACK_SSRC	(1U << 6)
#define RTPE12_TF_RTCP		(1U << 7)
#define RTPE12_TF_RTCP_FW	(1U << 8)
#define RTPE12_TF_RTCP_FB_FW	(1U << 9)
#define RTPE12_TF_DO_INTERCEPT	(1U << 10)
#define RTPE12_TF_PT_FILTER	(1U << 11)
#define RTPE12_TF_NON_FORWARDING (1U << 12)
#define RTPE12_TF_BLACKHOLE	(1U << 13)
#define RTPE12_TF_RTP_STATS	(1U << 14)

struct rtpe12_target {
	struct rtpe10_addr	local;
	struct rtpe10_addr	expected_src;
	__u32			src_mismatch;		/* enum rtpe10_src_mismatch */
	__u32			num_destinations;	/* RTP and RTCP outputs */
	__u32			num_rtcp_destinations;	/* the last ones */
	__u32			intercept_stream_idx;
	struct rtpe12_srtp	decrypt;
	__be32			ssrc[RTPE12_SSRCS];	/* 0 ends the list */
	__u64			ssrc_stats[RTPE12_SSRCS];	/* user addresses */
	__u64			pt_stats[RTPE12_PAYLOAD_TYPES];	/* sorted by PT */
	__u32			num_payload_types;
	__u32			pad1;
	__u64			iface_stats;
	__u64			stream_stats;
	__u32			flags;			/* RTPE12_TF_* */
	__u32			pad2;
};

struct rtpe12_pt_output {
	__u32	min_payload_len;
	__u8	replace_pattern[16];
	__u8	replace_pattern_len;
	__u8	pad[3];
};

#define RTPE12_OF_SSRC_SUBST	(1U << 0)

struct rtpe12_output {
	struct rtpe10_addr	src_addr;
	struct rtpe10_addr	dst_addr;
	struct rtpe12_srtp	encrypt;
	__be32			ssrc_out[RTPE12_SSRCS];
	__u32			seq_offset[RTPE12_SSRCS];
	struct rtpe12_pt_output	pt_output[RTPE12_PAYLOAD_TYPES];
	__u64			iface_stats;		/* user addresses */
	__u64			stream_stats;
	__u64			ssrc_stats[RTPE12_SSRCS];	/* 0 ends the list */
	__u8			tos;
	__u8			flags;			/* RTPE12_OF_* */
	__u8			pad[6];
};

enum rtpe12_cmd {
	RTPE12_CMD_INIT = 1,
	RTPE12_CMD_ADD_TARGET,
	RTPE12_CMD_ADD_DESTINATION,
	RTPE12_CMD_ADD_CALL,		/* read */
	RTPE12_CMD_DEL_CALL,
	RTPE12_CMD_ADD_STREAM,		/* read */
	RTPE12_CMD_DEL_STREAM,
	RTPE12_CMD_PACKET,		/* + data */
	RTPE12_CMD_DEL_TARGET,
	RTPE12_CMD_INIT_PLAY_STREAMS,
	RTPE12_CMD_GET_PACKET_STREAM,	/* read */
	RTPE12_CMD_PLAY_STREAM_PACKET,	/* + data */
	RTPE12_CMD_PLAY_STREAM,		/* read */
	RTPE12_CMD_STOP_STREAM,
	RTPE12_CMD_FREE_PACKET_STREAM,
	__RTPE12_CMD_LAST		/* INIT's last_cmd */
};

struct rtpe12_msg_init {
	__u32	cmd;
	__u32	pad;
	__s32	last_cmd;
	__u32	pad1;
	__u64	msg_size[__RTPE12_CMD_LAST];	/* by command, [0] = 0 */
	__u64	global_stats;			/* user address */
};

struct rtpe12_msg_add_target {
	__u32			cmd;
	__u32			pad;
	struct rtpe12_target	target;
};

struct rtpe12_msg_destination {
	__u32			cmd;
	__u32			pad;
	struct rtpe10_addr	local;
	__u32			num;
	__u32			pad1;
	struct rtpe12_output	output;
};

struct rtpe12_msg_del_target {
	__u32			cmd;
	struct rtpe10_addr	local;
};

/* The sizes of the messages, as INIT's msg_size[] must give them. */
#define RTPE12_MSG_INIT_SIZE		152
#define RTPE12_MSG_ADD_TARGET_SIZE	752
#define RTPE12_MSG_DESTINATION_SIZE	1288
#define RTPE12_MSG_ADD_CALL_SIZE	264
#define RTPE12_MSG_DEL_CALL_SIZE	8
#define RTPE12_MSG_ADD_STREAM_SIZE	272
#define RTPE12_MSG_DEL_STREAM_SIZE	12
#define RTPE12_MSG_PACKET_SIZE		12
#define RTPE12_MSG_DEL_TARGET_SIZE	28
#define RTPE12_MSG_INIT_PLAY_SIZE	12
#define RTPE12_MSG_GET_PACKET_STREAM_SIZE 8
#define RTPE12_MSG_PLAY_PACKET_SIZE	32
#define RTPE12_MSG_PLAY_STREAM_SIZE	456
#define RTPE12_MSG_STOP_STREAM_SIZE	8
#define RTPE12_MSG_FREE_PACKET_STREAM_SIZE 8
/* PACKET and PLAY_STREAM_PACKET carry up to this much data after the message */
#define RTPE12_MSG_DATA_MAX		65535

#endif /* _UAPI_LINUX_RTPENGINE12_COMPAT_H */
