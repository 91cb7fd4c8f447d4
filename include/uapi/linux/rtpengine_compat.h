/* SPDX-License-Identifier: (GPL-2.0-only WITH Linux-syscall-note) OR BSD-2-Clause */
/*
 * rtpengine 10.5 compatibility: the binary messages of /proc/rtpengine/N/control
 * and the records of /proc/rtpengine/N/blist, byte for byte as Debian 12's
 * rtpengine-daemon 10.5 writes and reads them. Our own description of that
 * ABI, with our own names (prefix rtpe10_); the layout is fixed by the daemon
 * binary, so nothing here may move. The kernel (module/control/proc_compat*.c) and
 * a user-space unit test (tests/unit) assert every size and offset.
 *
 * The daemon's flag words are C bitfields in its own header; here they are
 * plain integers with bit numbers, as GCC lays the bitfields out on
 * little-endian machines (x86-64, arm64): the only ones rtpengine builds for.
 *
 * Byte order: addresses are in network order, ports in host order, SSRCs in
 * network order (as in the RTP header), everything else in host order.
 */
#ifndef _UAPI_LINUX_RTPENGINE_COMPAT_H
#define _UAPI_LINUX_RTPENGINE_COMPAT_H

#include <linux/types.h>

#define RTPE10_PAYLOAD_TYPES	32	/* per target */
#define RTPE10_DESTINATIONS	32	/* outputs per target, at most */
#define RTPE10_SSRCS		4	/* SSRCs tracked per target */

/* An address: family AF_INET or AF_INET6 (0: none), port in host order. */
struct rtpe10_addr {
	__s32	family;
	union {
		__u8	ipv6[16];
		__be32	ipv4;
	} u;
	__u16	port;
	__u16	pad;
};

enum rtpe10_cipher {
	RTPE10_CIPHER_INVALID = 0,
	RTPE10_CIPHER_NULL,		/* plain RTP: the only one we forward */
	RTPE10_CIPHER_AES_CM_128,
	RTPE10_CIPHER_AES_F8,
	RTPE10_CIPHER_AES_CM_192,
	RTPE10_CIPHER_AES_CM_256,
	RTPE10_CIPHER_AEAD_AES_GCM_128,
	RTPE10_CIPHER_AEAD_AES_GCM_256,
	__RTPE10_CIPHER_LAST
};

enum rtpe10_hmac {
	RTPE10_HMAC_INVALID = 0,
	RTPE10_HMAC_NULL,		/* plain RTP: the only one we forward */
	RTPE10_HMAC_SHA1,
	__RTPE10_HMAC_LAST
};

/* SRTP parameters of a direction (keys: never shown to unprivileged readers). */
struct rtpe10_srtp {
	__u32	cipher;			/* enum rtpe10_cipher */
	__u32	hmac;			/* enum rtpe10_hmac */
	__u8	master_key[32];
	__u32	master_key_len;
	__u8	master_salt[14];
	__u8	pad1[2];
	__u32	master_salt_len;
	__u32	session_key_len;
	__u32	session_salt_len;
	__u8	mki[256];
	__u64	last_index[RTPE10_SSRCS];
	__u32	auth_tag_len;
	__u32	mki_len;
};

enum rtpe10_src_mismatch {
	RTPE10_MSM_IGNORE = 0,		/* forward anyway */
	RTPE10_MSM_DROP,		/* drop */
	RTPE10_MSM_PROPAGATE,		/* hand up to the daemon */
};

struct rtpe10_payload_type {
	__u8	pt_num;
	__u8	replace_pattern_len;	/* payload rewriting: not supported */
	__u8	pad[2];
	__u32	clock_rate;
	__u8	replace_pattern[16];
};

/* Bits of rtpe10_target.flags. */
#define RTPE10_TF_RTCP_MUX	(1U << 0)
#define RTPE10_TF_DTLS		(1U << 1)
#define RTPE10_TF_STUN		(1U << 2)
#define RTPE10_TF_RTP		(1U << 3)
#define RTPE10_TF_RTP_ONLY	(1U << 4)
#define RTPE10_TF_TRACK_SSRC	(1U << 5)
#define RTPE10_TF_DO_INTERCEPT	(1U << 6)	/* recording (calls/) */
#define RTPE10_TF_PT_FILTER	(1U << 7)
#define RTPE10_TF_NON_FORWARDING (1U << 8)
#define RTPE10_TF_BLACKHOLE	(1U << 9)
#define RTPE10_TF_RTP_STATS	(1U << 10)

/* A target: "UDP for @local", with @num_destinations outputs to come. */
struct rtpe10_target {
	struct rtpe10_addr	local;
	struct rtpe10_addr	expected_src;
	__u32			src_mismatch;		/* enum rtpe10_src_mismatch */
	__u32			num_destinations;
	__u32			intercept_stream_idx;
	__u32			pad1;
	struct rtpe10_srtp	decrypt;
	__be32			ssrc[RTPE10_SSRCS];
	struct rtpe10_payload_type payload_types[RTPE10_PAYLOAD_TYPES];	/* sorted */
	__u32			num_payload_types;
	__u32			flags;			/* RTPE10_TF_* */
};

/* Bits of rtpe10_output.flags. */
#define RTPE10_OF_RTCP_ONLY	(1U << 0)
#define RTPE10_OF_SSRC_SUBST	(1U << 1)

struct rtpe10_output {
	struct rtpe10_addr	src_addr;
	struct rtpe10_addr	dst_addr;
	struct rtpe10_srtp	encrypt;
	__be32			ssrc_out[RTPE10_SSRCS];
	__u8			tos;
	__u8			flags;			/* RTPE10_OF_* */
	__u8			pad[6];
};

/* Output @num (0-based) of the target for @local. */
struct rtpe10_destination {
	struct rtpe10_addr	local;
	__u32			num;
	__u32			pad;
	struct rtpe10_output	output;
};

struct rtpe10_call {
	__u32	call_idx;
	char	call_id[256];
};

struct rtpe10_stream {
	__u32	call_idx;
	__u32	stream_idx;
	__u32	max_packets;
	char	stream_name[256];
};

struct rtpe10_packet {
	__u32	call_idx;
	__u32	stream_idx;
};

struct rtpe10_ssrc_stats {
	__u64	packets;
	__u64	bytes;
	__u32	timestamp;
	__u32	ext_seq;
	__u32	lost_bits;		/* sliding window; we report all ones */
	__u32	total_lost;
	__u32	transit;
	__u32	jitter;
};

/* GET_STATS request (@local) and reply (@ssrc, @ssrc_stats). */
struct rtpe10_stats_req {
	struct rtpe10_addr	 local;
	__be32			 ssrc[RTPE10_SSRCS];
	struct rtpe10_ssrc_stats ssrc_stats[RTPE10_SSRCS];
};

/* The daemon's handshake: its message size and its number of commands. */
struct rtpe10_noop {
	__u64	size;
	__s32	last_cmd;
	__u32	pad;
};

enum rtpe10_cmd {
	RTPE10_CMD_NOOP = 1,		/* u.noop */
	RTPE10_CMD_ADD_TARGET,		/* u.target */
	RTPE10_CMD_DEL_TARGET,		/* u.target.local */
	RTPE10_CMD_ADD_DESTINATION,	/* u.destination */
	RTPE10_CMD_ADD_CALL,		/* u.call (read) */
	RTPE10_CMD_DEL_CALL,		/* u.call */
	RTPE10_CMD_ADD_STREAM,		/* u.stream (read) */
	RTPE10_CMD_DEL_STREAM,		/* u.stream */
	RTPE10_CMD_PACKET,		/* u.packet + data */
	RTPE10_CMD_GET_STATS,		/* u.stats (read) */
	RTPE10_CMD_GET_RESET_STATS,	/* u.stats (read) */
	__RTPE10_CMD_LAST		/* what NOOP's last_cmd must say */
};

/* One write() (or, for the commands marked "read", one read()) each. */
struct rtpe10_msg {
	__u32	cmd;			/* enum rtpe10_cmd */
	__u32	pad;
	union {
		struct rtpe10_noop		noop;
		struct rtpe10_target		target;
		struct rtpe10_destination	destination;
		struct rtpe10_call		call;
		struct rtpe10_stream		stream;
		struct rtpe10_packet		packet;
		struct rtpe10_stats_req		stats;
	} u;
};

struct rtpe10_stats {
	__u64	packets;
	__u64	bytes;
	__u64	errors;
	__u64	delay_min;
	__u64	delay_avg;
	__u64	delay_max;
	__u8	in_tos;
	__u8	pad[7];
};

struct rtpe10_pt_stats {
	__u64	packets;
	__u64	bytes;
};

/* One record of N/blist; each read() of exactly this size returns one. */
struct rtpe10_list_entry {
	struct rtpe10_target	target;
	struct rtpe10_stats	stats;
	struct rtpe10_pt_stats	rtp_stats[RTPE10_PAYLOAD_TYPES];
	struct rtpe10_output	outputs[RTPE10_DESTINATIONS];
};

/* The sizes the daemon binary was built with. */
#define RTPE10_MSG_SIZE		1232
#define RTPE10_LIST_ENTRY_SIZE	15872

#endif /* _UAPI_LINUX_RTPENGINE_COMPAT_H */
