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
	/*
	 * Add a rule: RTPFWD_A_TABLE_ID + RTPFWD_A_RULE. NLM_F_CREATE creates,
	 * NLM_F_EXCL fails with EEXIST on an existing local endpoint,
	 * NLM_F_REPLACE replaces one (keeping its counters); neither CREATE nor
	 * REPLACE: replace only (ENOENT if missing). Announced on the notify group as RULE_NEW
	 * with TABLE_ID + RULE { LOCAL } and nlmsg_flags NLM_F_CREATE (a new
	 * rule) or NLM_F_REPLACE (a replaced one).
	 */
	RTPFWD_CMD_RULE_NEW,
	/*
	 * Delete the rule of RTPFWD_A_TABLE_ID + RTPFWD_A_RULE { LOCAL }.
	 * Announced as RULE_DEL with the same attributes. (Deleting a table
	 * announces the table only.)
	 */
	RTPFWD_CMD_RULE_DEL,
	/*
	 * Get one rule (doit: TABLE_ID + RULE { LOCAL }) or dump the rules of
	 * one table (TABLE_ID) or of all tables; replies carry statistics.
	 */
	RTPFWD_CMD_RULE_GET,
	/*
	 * Zero the counters (packets, bytes, errors, per payload type, per
	 * SSRC packets, bytes and loss) of the rule RTPFWD_A_TABLE_ID +
	 * RTPFWD_A_RULE { LOCAL }, or of every rule of the table without
	 * RTPFWD_A_RULE. ENOENT for a missing table or rule.
	 */
	RTPFWD_CMD_STATS_RESET,
	/*
	 * Recording (/proc/rtpengine/N/calls/CALL/STREAM, a reader's file):
	 * make the stream RTPFWD_A_TABLE_ID + RTPFWD_A_RECORDING { CALL,
	 * STREAM [, PACKETS] }, its call too if new; the reply (command
	 * RECORDING_GET) carries its ID, which a rule's RTPFWD_RULE_A_RECORDING
	 * names. EEXIST if it exists.
	 */
	RTPFWD_CMD_RECORDING_NEW,
	/*
	 * Delete RTPFWD_A_RECORDING { CALL, STREAM } (the stream), or
	 * { CALL } (the call and its streams); readers get end of file.
	 */
	RTPFWD_CMD_RECORDING_DEL,
	/* Dump the recorded streams of RTPFWD_A_TABLE_ID, in ID order. */
	RTPFWD_CMD_RECORDING_GET,

	__RTPFWD_CMD_MAX,
	RTPFWD_CMD_MAX = __RTPFWD_CMD_MAX - 1
};

enum rtpfwd_attr {
	RTPFWD_A_UNSPEC,
	RTPFWD_A_TABLE_ID,		/* u32, 0 .. RTPFWD_TABLE_ID_MAX */
	RTPFWD_A_TABLE_RULES,		/* u32, reply only: rules in the table */
	RTPFWD_A_TABLE_CONTROL_PID,	/* u32, reply only: /proc control opener, 0 if none */
	RTPFWD_A_TABLE_REFCNT,		/* u32, reply only: references besides the table's own */
	RTPFWD_A_RULE,			/* nest, enum rtpfwd_rule_attr */
	RTPFWD_A_RECORDING,		/* nest, enum rtpfwd_rec_attr */

	__RTPFWD_A_MAX,
	RTPFWD_A_MAX = __RTPFWD_A_MAX - 1
};

/* Outputs per rule: a rule forks each packet to at most this many. */
#define RTPFWD_OUTPUTS_MAX		32

/* What to do with a packet whose source is not the rule's expected one. */
enum rtpfwd_mismatch {
	RTPFWD_MISMATCH_IGNORE,		/* forward it anyway */
	RTPFWD_MISMATCH_DROP,		/* drop it (counted as an error) */
	RTPFWD_MISMATCH_PASS,		/* hand it to the local socket, untouched */
	__RTPFWD_MISMATCH_MAX,
	RTPFWD_MISMATCH_MAX = __RTPFWD_MISMATCH_MAX - 1
};

/* A rule: "UDP for local addr:port is rewritten and sent out". */
enum rtpfwd_rule_attr {
	RTPFWD_RULE_A_UNSPEC,
	RTPFWD_RULE_A_PAD,
	RTPFWD_RULE_A_LOCAL,		/* nest, enum rtpfwd_ep_attr: the lookup key */
	RTPFWD_RULE_A_EXPECT,		/* nest, enum rtpfwd_ep_attr: expected source */
	RTPFWD_RULE_A_MISMATCH,		/* u8, enum rtpfwd_mismatch (default IGNORE) */
	RTPFWD_RULE_A_OUTPUT,		/* nest, enum rtpfwd_out_attr; 1..OUTPUTS_MAX times
					 * (none with RTPFWD_RULE_F_BLACKHOLE or _HAND_UP)
					 */
	RTPFWD_RULE_A_STATS,		/* nest, enum rtpfwd_stats_attr; replies only */
	RTPFWD_RULE_A_FLAGS,		/* u32, RTPFWD_RULE_F_*; absent: 0 */
	RTPFWD_RULE_A_PAYLOAD_TYPE,	/* nest, enum rtpfwd_pt_attr; 0..PAYLOAD_TYPES_MAX
					 * times, distinct types, only with RTPFWD_RULE_F_RTP
					 */
	RTPFWD_RULE_A_PT_STATS,		/* nest, enum rtpfwd_pt_attr; replies only, per PT */
	RTPFWD_RULE_A_SSRC_STATS,	/* nest, enum rtpfwd_ssrc_attr; replies only, per SSRC */
	RTPFWD_RULE_A_SSRC,		/* u32, an expected SSRC; 0..SSRCS_MAX times,
					 * distinct, only with RTPFWD_RULE_F_SSRC
					 */
	RTPFWD_RULE_A_DECRYPT,		/* nest, enum rtpfwd_srtp_attr: SRTP in (needs _F_RTP
					 * or _F_RTCP)
					 */
	RTPFWD_RULE_A_RECORDING,	/* u32, the ID of a recorded stream of the
					 * table: what the rule forwards is queued
					 * there too (absent in replies once deleted)
					 */

	__RTPFWD_RULE_A_MAX,
	RTPFWD_RULE_A_MAX = __RTPFWD_RULE_A_MAX - 1
};

/* An endpoint: exactly one of ADDR4 / ADDR6, and a port. */
enum rtpfwd_ep_attr {
	RTPFWD_EP_A_UNSPEC,
	RTPFWD_EP_A_ADDR4,		/* binary, 4 bytes, network order */
	RTPFWD_EP_A_ADDR6,		/* binary, 16 bytes, network order */
	RTPFWD_EP_A_PORT,		/* u16, host order, 1..65535 */

	__RTPFWD_EP_A_MAX,
	RTPFWD_EP_A_MAX = __RTPFWD_EP_A_MAX - 1
};

/* An output: packets leave from SRC to DST (either address family). */
enum rtpfwd_out_attr {
	RTPFWD_OUT_A_UNSPEC,
	RTPFWD_OUT_A_SRC,		/* nest, enum rtpfwd_ep_attr */
	RTPFWD_OUT_A_DST,		/* nest, enum rtpfwd_ep_attr */
	RTPFWD_OUT_A_TOS,		/* u8: TOS / traffic class; absent: 0 */
	RTPFWD_OUT_A_ENCRYPT,		/* nest, enum rtpfwd_srtp_attr: SRTP out (needs _F_RTP
					 * or _F_RTCP)
					 */
	RTPFWD_OUT_A_STATS,		/* nest, enum rtpfwd_stats_attr: PACKETS, BYTES,
					 * ERRORS of this output; replies only
					 */
	RTPFWD_OUT_A_SSRC_MAP,		/* nest, enum rtpfwd_ssrc_map_attr; 0..SSRCS_MAX,
					 * distinct FROMs; needs RTPFWD_RULE_F_RTP: RTP
					 * of SSRC FROM leaves with SSRC TO (before the
					 * output's SRTP); RTCP and other SSRCs as they came
					 */
	RTPFWD_OUT_A_PT_REPLACE,	/* nest, enum rtpfwd_pt_replace_attr;
					 * 0..PT_REPLACE_MAX, distinct TYPEs; needs
					 * RTPFWD_RULE_F_RTP: the payload of RTP of payload
					 * type TYPE leaves this output overwritten with
					 * PATTERN, repeated (before the output's SSRC
					 * rewrite and SRTP); header, padding, length as
					 * they came. rtpengine's silence media
					 */

	__RTPFWD_OUT_A_MAX,
	RTPFWD_OUT_A_MAX = __RTPFWD_OUT_A_MAX - 1
};

/* Counters of a rule, as rtpengine counts them (bytes: UDP payload). */
enum rtpfwd_stats_attr {
	RTPFWD_STATS_A_UNSPEC,
	RTPFWD_STATS_A_PAD,
	RTPFWD_STATS_A_PACKETS,		/* u64 */
	RTPFWD_STATS_A_BYTES,		/* u64 */
	RTPFWD_STATS_A_ERRORS,		/* u64 */
	RTPFWD_STATS_A_TTL_EXPIRED,	/* u64: dropped, TTL / hop limit ran out (also errors) */
	RTPFWD_STATS_A_TOO_BIG,		/* u64: handed up, larger than the output's path MTU */
	/* u64: SRTP tag wrong: handed up untouched, or dropped (SRTP_AUTH_DROP) */
	RTPFWD_STATS_A_SRTP_AUTH_FAILED,
	RTPFWD_STATS_A_SRTP_REPLAYED,	/* u64: dropped by the SRTP replay window */
	/* errors by reason (each also counted in ERRORS, but NO_ROUTE and
	 * OUTPUT_FAILED count outputs: a packet counts once in ERRORS)
	 */
	RTPFWD_STATS_A_SRC_MISMATCH_DROPPED, /* u64: dropped, wrong source (mismatch drop) */
	RTPFWD_STATS_A_NOT_RTP,		/* u64: handed up, failed the RTP checks */
	RTPFWD_STATS_A_NO_ROUTE,	/* u64: outputs without a route */
	RTPFWD_STATS_A_OUTPUT_FAILED,	/* u64: outputs whose copy, SRTP or send failed */
	/* handed up, not errors */
	RTPFWD_STATS_A_HANDED_UP_STUN,	/* u64: STUN (RTPFWD_RULE_F_STUN) */
	RTPFWD_STATS_A_HANDED_UP_DTLS,	/* u64: DTLS (RTPFWD_RULE_F_DTLS) */
	RTPFWD_STATS_A_HANDED_UP_MISMATCH, /* u64: wrong source, mismatch policy pass */
	RTPFWD_STATS_A_HANDED_UP_OTHER,	/* u64: RTCP, payload type not in the list,
					 * all of a hand-up rule
					 */
	RTPFWD_STATS_A_LAST_PACKET_MS,	/* u64: ms since the rule's last packet; absent: none */
	RTPFWD_STATS_A_BLACKHOLED,	/* u64: dropped by a blackhole rule; not an error */

	__RTPFWD_STATS_A_MAX,
	RTPFWD_STATS_A_MAX = __RTPFWD_STATS_A_MAX - 1
};

/*
 * Rule flags. RTPFWD_RULE_F_RTP: parse RTP; malformed RTP is handed to the
 * local socket untouched (counted as an error), RTCP is handed up untouched
 * (not counted), a payload type missing from a non-empty PAYLOAD_TYPE list
 * is handed up untouched. Accounts per payload type (only with a list) and
 * per SSRC (the first RTPFWD_SSRCS_MAX seen; later ones are forwarded but
 * not accounted).
 */
#define RTPFWD_RULE_F_RTP		(1U << 0)
/*
 * RTPFWD_RULE_F_STUN: hand STUN (RFC 5389: first payload byte 0..3, magic
 * cookie 0x2112A442 at offset 4, 20 + message length = the UDP payload) to
 * the local socket untouched, whatever its source (ICE checks come from new
 * candidates). Not counted.
 * RTPFWD_RULE_F_DTLS: hand DTLS (RFC 7983: first payload byte 20..63) from
 * an accepted source up untouched. Not counted.
 * RTPFWD_RULE_F_SSRC (needs RTPFWD_RULE_F_RTP): forward only RTP of the
 * SSRCs in the rule's RTPFWD_RULE_A_SSRC list (empty: none); RTP of any
 * other SSRC is handed up untouched and counted as an error, as rtpengine
 * does for a target with SSRC tracking.
 * RTPFWD_RULE_F_RTCP: forward RTCP (V=2, second byte 192..223, at least 8
 * bytes) to the outputs instead of handing it up: with RTPFWD_RULE_F_RTP
 * the RTCP of an rtcp-mux port (RTP is handled as that flag says), without
 * it a separate RTCP port (anything but RTCP is handed up, counted as an
 * error). With SRTP on the rule or an output, RTCP is SRTCP (RFC 3711 3.4)
 * of the same master key. RTCP is not accounted as RTP.
 */
#define RTPFWD_RULE_F_STUN		(1U << 1)
#define RTPFWD_RULE_F_DTLS		(1U << 2)
#define RTPFWD_RULE_F_SSRC		(1U << 3)
#define RTPFWD_RULE_F_RTCP		(1U << 4)
/*
 * RTPFWD_RULE_F_SRTP_AUTH_DROP (needs RTPFWD_RULE_A_DECRYPT): an SRTP or
 * SRTCP packet that fails authentication (tag or MKI wrong) is dropped
 * instead of handed to the local socket untouched; counted the same
 * (RTPFWD_STATS_A_SRTP_AUTH_FAILED). For a proxy whose daemon has nothing
 * to do with forged or stale-key packets.
 */
#define RTPFWD_RULE_F_SRTP_AUTH_DROP	(1U << 5)
/*
 * RTPFWD_RULE_F_BLACKHOLE: the rule has no outputs (and must have none) and
 * drops what it matches, counted in RTPFWD_STATS_A_BLACKHOLED, after the
 * hand-up checks: STUN (RTPFWD_RULE_F_STUN), the expected source and its
 * mismatch policy, DTLS (RTPFWD_RULE_F_DTLS) still go as they say. No RTP
 * or SRTP processing (no RTP or SSRC flags, no decrypt). rtpengine's
 * "blackhole" target: a stream nobody may hear (media echo, a one-way
 * stream whose other side is not yet known).
 */
#define RTPFWD_RULE_F_BLACKHOLE		(1U << 6)
/*
 * RTPFWD_RULE_F_HAND_UP: the rule has no outputs (and must have none) and
 * forwards nothing: after the hand-up checks (as RTPFWD_RULE_F_BLACKHOLE's)
 * every packet goes to the local socket untouched, counted in
 * RTPFWD_STATS_A_HANDED_UP_OTHER. Takes what a blackhole takes, and not
 * RTPFWD_RULE_F_BLACKHOLE. rtpengine's "non-forwarding" target: the kernel
 * checks the source of a stream the daemon relays itself (RTCP with strict
 * source), dropping what the mismatch policy says to drop.
 */
#define RTPFWD_RULE_F_HAND_UP		(1U << 7)
#define RTPFWD_RULE_F_ALL		(RTPFWD_RULE_F_RTP | RTPFWD_RULE_F_STUN | \
					 RTPFWD_RULE_F_DTLS | RTPFWD_RULE_F_SSRC | \
					 RTPFWD_RULE_F_RTCP | RTPFWD_RULE_F_SRTP_AUTH_DROP | \
					 RTPFWD_RULE_F_BLACKHOLE | RTPFWD_RULE_F_HAND_UP)

/* Payload types per rule, and SSRCs accounted (or expected) per rule. */
#define RTPFWD_PAYLOAD_TYPES_MAX	32
#define RTPFWD_SSRCS_MAX		4

/* Payload replacements per output, and the longest pattern of one. */
#define RTPFWD_PT_REPLACE_MAX		4
#define RTPFWD_PT_PATTERN_MAX		16

/* A payload type: in RULE_A_PAYLOAD_TYPE (config) and RULE_A_PT_STATS (replies). */
enum rtpfwd_pt_attr {
	RTPFWD_PT_A_UNSPEC,
	RTPFWD_PT_A_PAD,
	RTPFWD_PT_A_TYPE,		/* u8, 0..127; mandatory */
	RTPFWD_PT_A_CLOCK_RATE,		/* u32, Hz, > 0; absent: unknown (no jitter) */
	RTPFWD_PT_A_PACKETS,		/* u64, replies only */
	RTPFWD_PT_A_BYTES,		/* u64, replies only: UDP payload */

	__RTPFWD_PT_A_MAX,
	RTPFWD_PT_A_MAX = __RTPFWD_PT_A_MAX - 1
};

/* Receiver statistics of one SSRC (RFC 3550 A.1, A.3, A.8); replies only. */
enum rtpfwd_ssrc_attr {
	RTPFWD_SSRC_A_UNSPEC,
	RTPFWD_SSRC_A_PAD,
	RTPFWD_SSRC_A_SSRC,		/* u32 */
	RTPFWD_SSRC_A_PACKETS,		/* u64 */
	RTPFWD_SSRC_A_BYTES,		/* u64: UDP payload */
	RTPFWD_SSRC_A_EXT_SEQ,		/* u32: highest extended sequence number */
	RTPFWD_SSRC_A_LOST,		/* u32: cumulative packets lost, >= 0 */
	RTPFWD_SSRC_A_JITTER,		/* u32: interarrival jitter, timestamp units */

	__RTPFWD_SSRC_A_MAX,
	RTPFWD_SSRC_A_MAX = __RTPFWD_SSRC_A_MAX - 1
};

/*
 * SRTP crypto suites (RFC 4568, RFC 6188, RFC 7714), key derivation rate 0.
 * Master key 16 bytes (AES_CM_128, F8_128, NULL, AEAD_AES_128_GCM: the NULL
 * suites' keys are derived with AES-128), 24 (AES_192_CM) or 32
 * (AES_256_CM, AEAD_AES_256_GCM); master salt 14 bytes, 12 for AEAD.
 * AEAD_AES_*_GCM: AES-GCM with a 128-bit tag (RFC 7714), SRTCP too.
 */
enum rtpfwd_srtp_suite {
	RTPFWD_SRTP_SUITE_NONE,			/* no SRTP */
	RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
	RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_80,
	RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_32,
	RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_80,
	RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_32,
	RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
	RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	RTPFWD_SRTP_SUITE_AEAD_AES_128_GCM,
	RTPFWD_SRTP_SUITE_AEAD_AES_256_GCM,
	RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80,	/* AES-128 f8 mode (RFC 3711 4.1.2) */
	RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32,
	__RTPFWD_SRTP_SUITE_MAX,
	RTPFWD_SRTP_SUITE_MAX = __RTPFWD_SRTP_SUITE_MAX - 1
};

/*
 * SRTP parameters: a rule's RTPFWD_RULE_A_DECRYPT, an output's
 * RTPFWD_OUT_A_ENCRYPT. The keys are write-only: no reply, dump, event or
 * /proc file carries them; replies carry SUITE, MKI_LEN and ROC.
 */
enum rtpfwd_srtp_attr {
	RTPFWD_SRTP_A_UNSPEC,
	RTPFWD_SRTP_A_SUITE,		/* u32, enum rtpfwd_srtp_suite; mandatory */
	RTPFWD_SRTP_A_MASTER_KEY,	/* binary, 16/24/32 bytes by suite */
	RTPFWD_SRTP_A_MASTER_SALT,	/* binary, 14 bytes */
	RTPFWD_SRTP_A_MKI,		/* binary, 1..4 bytes; absent: no MKI */
	RTPFWD_SRTP_A_ROC,		/* nest, enum rtpfwd_srtp_roc_attr; 0..SSRCS_MAX */
	RTPFWD_SRTP_A_MKI_LEN,		/* u8, replies only */
	RTPFWD_SRTP_A_UNAUTHENTICATED,	/* flag: SRTP without a tag (AES-CM, F8) */

	__RTPFWD_SRTP_A_MAX,
	RTPFWD_SRTP_A_MAX = __RTPFWD_SRTP_A_MAX - 1
};

/* One SSRC rewrite of an output (RTPFWD_OUT_A_SSRC_MAP). */
enum rtpfwd_ssrc_map_attr {
	RTPFWD_SSRC_MAP_A_UNSPEC,
	RTPFWD_SSRC_MAP_A_FROM,		/* u32; mandatory */
	RTPFWD_SSRC_MAP_A_TO,		/* u32; mandatory */

	__RTPFWD_SSRC_MAP_A_MAX,
	RTPFWD_SSRC_MAP_A_MAX = __RTPFWD_SSRC_MAP_A_MAX - 1
};

/* One payload replacement of an output (RTPFWD_OUT_A_PT_REPLACE). */
enum rtpfwd_pt_replace_attr {
	RTPFWD_PT_REPLACE_A_UNSPEC,
	RTPFWD_PT_REPLACE_A_TYPE,	/* u8, 0..127; mandatory */
	RTPFWD_PT_REPLACE_A_PATTERN,	/* binary, 1..PT_PATTERN_MAX bytes; mandatory */

	__RTPFWD_PT_REPLACE_A_MAX,
	RTPFWD_PT_REPLACE_A_MAX = __RTPFWD_PT_REPLACE_A_MAX - 1
};

/* The rollover counter of one SSRC: seeded by requests, current in replies. */
enum rtpfwd_srtp_roc_attr {
	RTPFWD_SRTP_ROC_A_UNSPEC,
	RTPFWD_SRTP_ROC_A_SSRC,		/* u32; mandatory */
	RTPFWD_SRTP_ROC_A_ROC,		/* u32; absent: 0 */

	__RTPFWD_SRTP_ROC_A_MAX,
	RTPFWD_SRTP_ROC_A_MAX = __RTPFWD_SRTP_ROC_A_MAX - 1
};

/* A recorded stream holds at most this many datagrams for its reader. */
#define RTPFWD_RECORDING_PACKETS_MAX	4096
/* Longest call or stream name (a file name, without its NUL). */
#define RTPFWD_RECORDING_NAME_MAX	255

/* A recorded stream (RTPFWD_A_RECORDING). */
enum rtpfwd_rec_attr {
	RTPFWD_REC_A_UNSPEC,
	RTPFWD_REC_A_PAD,
	RTPFWD_REC_A_CALL,		/* string, 1..NAME_MAX, a file name; mandatory */
	RTPFWD_REC_A_STREAM,		/* string, likewise; RECORDING_NEW: mandatory */
	RTPFWD_REC_A_ID,		/* u32; replies only */
	RTPFWD_REC_A_PACKETS,		/* u32, 1..PACKETS_MAX: what it holds;
					 * absent: module parameter
					 * stream_packets_list_limit
					 */
	RTPFWD_REC_A_QUEUED,		/* u32, replies only: waiting for the reader */
	RTPFWD_REC_A_DROPPED,		/* u64, replies only: lost (queue full) */

	__RTPFWD_REC_A_MAX,
	RTPFWD_REC_A_MAX = __RTPFWD_REC_A_MAX - 1
};

#endif /* _UAPI_LINUX_RTPFWD_H */
