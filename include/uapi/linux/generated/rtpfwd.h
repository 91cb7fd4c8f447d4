/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/rtpfwd.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_RTPFWD_H
#define _UAPI_LINUX_RTPFWD_H

#define RTPFWD_GENL_NAME	"rtpengine"
#define RTPFWD_GENL_VERSION	1

#define RTPENGINE_TABLES		64
#define RTPENGINE_TABLE_ID_MAX		63
#define RTPENGINE_OUTPUTS_MAX		32
#define RTPENGINE_PAYLOAD_TYPES_MAX	32
#define RTPENGINE_SSRCS_MAX		4
#define RTPENGINE_PT_REPLACE_MAX	4
#define RTPENGINE_PT_PATTERN_MAX	16
#define RTPENGINE_RECORDING_PACKETS_MAX	4096
#define RTPENGINE_RECORDING_NAME_MAX	255

/**
 * enum rtpfwd_mismatch - What to do with a packet whose source is not the
 *   rule's expected one.
 * @RTPFWD_MISMATCH_IGNORE: Forward it anyway.
 * @RTPFWD_MISMATCH_DROP: Drop it (counted as an error).
 * @RTPFWD_MISMATCH_PASS: Hand it to the local socket, untouched.
 */
enum rtpfwd_mismatch {
	RTPFWD_MISMATCH_IGNORE,
	RTPFWD_MISMATCH_DROP,
	RTPFWD_MISMATCH_PASS,

	/* private: */
	__RTPFWD_MISMATCH_MAX,
	RTPFWD_MISMATCH_MAX = (__RTPFWD_MISMATCH_MAX - 1)
};

/**
 * enum rtpfwd_rule_flags - Rule flags (rtpfwd.h: RTPFWD_RULE_F_*, their union
 *   RTPFWD_RULE_F_ALL, rendered here as the mask).
 * @RTPFWD_RULE_F_RTP: Parse RTP. A datagram shorter than 12 bytes, of a
 *   version other than 2, or whose CSRCs, header extension or padding do not
 *   fit, is handed to the local socket untouched and counted as an error. RTCP
 *   (second byte 192..223) is handed up untouched and not counted (unless the
 *   rule has the rtcp flag). A payload type missing from a non-empty
 *   payload-type list is handed up untouched and not counted. Accounts per
 *   payload type (only with a list) and per SSRC (the first ssrcs-max seen;
 *   later ones are forwarded but not accounted).
 * @RTPFWD_RULE_F_STUN: STUN (RFC 5389 header: first byte 0..3, magic cookie
 *   0x2112A442 at offset 4, 20 + message length = UDP payload) is handed up
 *   untouched, before the source check (ICE checks come from new candidates);
 *   not counted.
 * @RTPFWD_RULE_F_DTLS: DTLS (first byte 20..63, RFC 7983) from an accepted
 *   source is handed up untouched; not counted.
 * @RTPFWD_RULE_F_SSRC: Needs rtp. RTP whose SSRC is not in the rule's ssrc
 *   list (empty: none) is handed up untouched and counted as an error, as
 *   rtpengine does for a target with SSRC tracking.
 * @RTPFWD_RULE_F_RTCP: Forward RTCP (version 2, second byte 192..223, at least
 *   8 bytes) to the outputs instead of handing it up. With rtp: the RTCP of an
 *   rtcp-mux port (RTP as rtp says). Without: a separate RTCP port; anything
 *   else is handed up untouched and counted as an error (not-rtp). With
 *   decrypt or encrypt, RTCP is SRTCP (RFC 3711 3.4) of the same master key:
 *   session keys of labels 3 to 5, the sender's 31-bit SRTCP index with its
 *   own 128-packet replay window per SSRC, an 80-bit tag for every suite (RFC
 *   4568 6.2). RTCP is not accounted as RTP.
 * @RTPFWD_RULE_F_SRTP_AUTH_DROP: Needs decrypt. An SRTP or SRTCP packet that
 *   fails authentication (tag or MKI wrong) is dropped instead of handed up
 *   untouched; counted the same (srtp-auth-failed).
 * @RTPFWD_RULE_F_BLACKHOLE: The rule has no outputs (it must have none) and
 *   drops what it matches, counted in blackholed, after the hand-up checks:
 *   stun, the expected source with its mismatch policy, and dtls still go as
 *   they say. Takes no rtp, ssrc, rtcp or srtp-auth-drop flag and no decrypt.
 *   rtpengine's blackhole target: a stream nobody may hear.
 * @RTPFWD_RULE_F_HAND_UP: The rule has no outputs (it must have none) and
 *   forwards nothing: after the hand-up checks (stun, the expected source with
 *   its mismatch policy, dtls) every packet goes to the local socket
 *   untouched, counted in handed-up-other. Takes what blackhole takes, and not
 *   blackhole. rtpengine's non-forwarding target: the kernel checks the source
 *   of a stream the daemon relays itself.
 */
enum rtpfwd_rule_flags {
	RTPFWD_RULE_F_RTP = 1,
	RTPFWD_RULE_F_STUN = 2,
	RTPFWD_RULE_F_DTLS = 4,
	RTPFWD_RULE_F_SSRC = 8,
	RTPFWD_RULE_F_RTCP = 16,
	RTPFWD_RULE_F_SRTP_AUTH_DROP = 32,
	RTPFWD_RULE_F_BLACKHOLE = 64,
	RTPFWD_RULE_F_HAND_UP = 128,

	/* private: */
	RTPFWD_RULE_F_MASK = 255,
};

/**
 * enum rtpfwd_srtp_suite - SRTP crypto suites (RFC 4568 section 6.2, RFC
 *   6188). The master key is 16 bytes for aes-cm-128, f8-128, aead-aes-128-gcm
 *   and the null suites, 24 for aes-192-cm, 32 for aes-256-cm and
 *   aead-aes-256-gcm; the master salt is 14 bytes, 12 for the aead suites. Key
 *   derivation rate 0.
 * @RTPFWD_SRTP_SUITE_NONE: No SRTP (the same as no decrypt / encrypt nest).
 * @RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_80: AES-128 counter mode, HMAC-SHA1
 *   tag of 80 bits.
 * @RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_32: AES-128 counter mode, HMAC-SHA1
 *   tag of 32 bits.
 * @RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_80: No encryption, HMAC-SHA1 tag of 80
 *   bits (keys derived with AES-128).
 * @RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_32: No encryption, HMAC-SHA1 tag of 32
 *   bits (keys derived with AES-128).
 * @RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_80: AES-192 counter mode (RFC 6188),
 *   HMAC-SHA1 tag of 80 bits.
 * @RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_32: AES-192 counter mode (RFC 6188),
 *   HMAC-SHA1 tag of 32 bits.
 * @RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_80: AES-256 counter mode (RFC 6188),
 *   HMAC-SHA1 tag of 80 bits.
 * @RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_32: AES-256 counter mode (RFC 6188),
 *   HMAC-SHA1 tag of 32 bits.
 * @RTPFWD_SRTP_SUITE_AEAD_AES_128_GCM: AES-128 in Galois/counter mode (RFC
 *   7714), a 128-bit tag; master salt 12 bytes. SRTCP the same, always
 *   encrypted.
 * @RTPFWD_SRTP_SUITE_AEAD_AES_256_GCM: AES-256 in Galois/counter mode (RFC
 *   7714), a 128-bit tag; master salt 12 bytes. SRTCP the same, always
 *   encrypted.
 * @RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80: AES-128 in f8 mode (RFC 3711 section
 *   4.1.2), HMAC-SHA1 tag of 80 bits; keys derived as for aes-cm-128.
 * @RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32: AES-128 in f8 mode (RFC 3711 section
 *   4.1.2), HMAC-SHA1 tag of 32 bits (80 for SRTCP); keys derived as for
 *   aes-cm-128.
 */
enum rtpfwd_srtp_suite {
	RTPFWD_SRTP_SUITE_NONE,
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
	RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80,
	RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32,

	/* private: */
	__RTPFWD_SRTP_SUITE_MAX,
	RTPFWD_SRTP_SUITE_MAX = (__RTPFWD_SRTP_SUITE_MAX - 1)
};

enum rtpfwd_attr {
	RTPFWD_A_UNSPEC,
	RTPFWD_A_TABLE_ID,
	RTPFWD_A_TABLE_RULES,
	RTPFWD_A_TABLE_CONTROL_PID,
	RTPFWD_A_TABLE_REFCNT,
	RTPFWD_A_RULE,
	RTPFWD_A_RECORDING,

	__RTPFWD_A_MAX,
	RTPFWD_A_MAX = (__RTPFWD_A_MAX - 1)
};

enum rtpfwd_rule_attr {
	RTPFWD_RULE_A_UNSPEC,
	RTPFWD_RULE_A_PAD,
	RTPFWD_RULE_A_LOCAL,
	RTPFWD_RULE_A_EXPECT,
	RTPFWD_RULE_A_MISMATCH,
	RTPFWD_RULE_A_OUTPUT,
	RTPFWD_RULE_A_STATS,
	RTPFWD_RULE_A_FLAGS,
	RTPFWD_RULE_A_PAYLOAD_TYPE,
	RTPFWD_RULE_A_PT_STATS,
	RTPFWD_RULE_A_SSRC_STATS,
	RTPFWD_RULE_A_SSRC,
	RTPFWD_RULE_A_DECRYPT,
	RTPFWD_RULE_A_RECORDING,

	__RTPFWD_RULE_A_MAX,
	RTPFWD_RULE_A_MAX = (__RTPFWD_RULE_A_MAX - 1)
};

enum rtpfwd_ep_attr {
	RTPFWD_EP_A_UNSPEC,
	RTPFWD_EP_A_ADDR4,
	RTPFWD_EP_A_ADDR6,
	RTPFWD_EP_A_PORT,

	__RTPFWD_EP_A_MAX,
	RTPFWD_EP_A_MAX = (__RTPFWD_EP_A_MAX - 1)
};

enum rtpfwd_out_attr {
	RTPFWD_OUT_A_UNSPEC,
	RTPFWD_OUT_A_SRC,
	RTPFWD_OUT_A_DST,
	RTPFWD_OUT_A_TOS,
	RTPFWD_OUT_A_ENCRYPT,
	RTPFWD_OUT_A_STATS,
	RTPFWD_OUT_A_SSRC_MAP,
	RTPFWD_OUT_A_PT_REPLACE,

	__RTPFWD_OUT_A_MAX,
	RTPFWD_OUT_A_MAX = (__RTPFWD_OUT_A_MAX - 1)
};

enum rtpfwd_stats_attr {
	RTPFWD_STATS_A_UNSPEC,
	RTPFWD_STATS_A_PAD,
	RTPFWD_STATS_A_PACKETS,
	RTPFWD_STATS_A_BYTES,
	RTPFWD_STATS_A_ERRORS,
	RTPFWD_STATS_A_TTL_EXPIRED,
	RTPFWD_STATS_A_TOO_BIG,
	RTPFWD_STATS_A_SRTP_AUTH_FAILED,
	RTPFWD_STATS_A_SRTP_REPLAYED,
	RTPFWD_STATS_A_SRC_MISMATCH_DROPPED,
	RTPFWD_STATS_A_NOT_RTP,
	RTPFWD_STATS_A_NO_ROUTE,
	RTPFWD_STATS_A_OUTPUT_FAILED,
	RTPFWD_STATS_A_HANDED_UP_STUN,
	RTPFWD_STATS_A_HANDED_UP_DTLS,
	RTPFWD_STATS_A_HANDED_UP_MISMATCH,
	RTPFWD_STATS_A_HANDED_UP_OTHER,
	RTPFWD_STATS_A_LAST_PACKET_MS,
	RTPFWD_STATS_A_BLACKHOLED,

	__RTPFWD_STATS_A_MAX,
	RTPFWD_STATS_A_MAX = (__RTPFWD_STATS_A_MAX - 1)
};

enum rtpfwd_pt_attr {
	RTPFWD_PT_A_UNSPEC,
	RTPFWD_PT_A_PAD,
	RTPFWD_PT_A_TYPE,
	RTPFWD_PT_A_CLOCK_RATE,
	RTPFWD_PT_A_PACKETS,
	RTPFWD_PT_A_BYTES,

	__RTPFWD_PT_A_MAX,
	RTPFWD_PT_A_MAX = (__RTPFWD_PT_A_MAX - 1)
};

enum rtpfwd_ssrc_attr {
	RTPFWD_SSRC_A_UNSPEC,
	RTPFWD_SSRC_A_PAD,
	RTPFWD_SSRC_A_SSRC,
	RTPFWD_SSRC_A_PACKETS,
	RTPFWD_SSRC_A_BYTES,
	RTPFWD_SSRC_A_EXT_SEQ,
	RTPFWD_SSRC_A_LOST,
	RTPFWD_SSRC_A_JITTER,

	__RTPFWD_SSRC_A_MAX,
	RTPFWD_SSRC_A_MAX = (__RTPFWD_SSRC_A_MAX - 1)
};

enum rtpfwd_srtp_attr {
	RTPFWD_SRTP_A_UNSPEC,
	RTPFWD_SRTP_A_SUITE,
	RTPFWD_SRTP_A_MASTER_KEY,
	RTPFWD_SRTP_A_MASTER_SALT,
	RTPFWD_SRTP_A_MKI,
	RTPFWD_SRTP_A_ROC,
	RTPFWD_SRTP_A_MKI_LEN,
	RTPFWD_SRTP_A_UNAUTHENTICATED,

	__RTPFWD_SRTP_A_MAX,
	RTPFWD_SRTP_A_MAX = (__RTPFWD_SRTP_A_MAX - 1)
};

enum rtpfwd_srtp_roc_attr {
	RTPFWD_SRTP_ROC_A_UNSPEC,
	RTPFWD_SRTP_ROC_A_SSRC,
	RTPFWD_SRTP_ROC_A_ROC,

	__RTPFWD_SRTP_ROC_A_MAX,
	RTPFWD_SRTP_ROC_A_MAX = (__RTPFWD_SRTP_ROC_A_MAX - 1)
};

enum rtpfwd_ssrc_map_attr {
	RTPFWD_SSRC_MAP_A_UNSPEC,
	RTPFWD_SSRC_MAP_A_FROM,
	RTPFWD_SSRC_MAP_A_TO,

	__RTPFWD_SSRC_MAP_A_MAX,
	RTPFWD_SSRC_MAP_A_MAX = (__RTPFWD_SSRC_MAP_A_MAX - 1)
};

enum rtpfwd_pt_replace_attr {
	RTPFWD_PT_REPLACE_A_UNSPEC,
	RTPFWD_PT_REPLACE_A_TYPE,
	RTPFWD_PT_REPLACE_A_PATTERN,

	__RTPFWD_PT_REPLACE_A_MAX,
	RTPFWD_PT_REPLACE_A_MAX = (__RTPFWD_PT_REPLACE_A_MAX - 1)
};

enum rtpfwd_rec_attr {
	RTPFWD_REC_A_UNSPEC,
	RTPFWD_REC_A_PAD,
	RTPFWD_REC_A_CALL,
	RTPFWD_REC_A_STREAM,
	RTPFWD_REC_A_ID,
	RTPFWD_REC_A_PACKETS,
	RTPFWD_REC_A_QUEUED,
	RTPFWD_REC_A_DROPPED,

	__RTPFWD_REC_A_MAX,
	RTPFWD_REC_A_MAX = (__RTPFWD_REC_A_MAX - 1)
};

enum rtpfwd_cmd {
	RTPFWD_CMD_TABLE_NEW = 1,
	RTPFWD_CMD_TABLE_DEL,
	RTPFWD_CMD_TABLE_GET,
	RTPFWD_CMD_RULE_NEW,
	RTPFWD_CMD_RULE_DEL,
	RTPFWD_CMD_RULE_GET,
	RTPFWD_CMD_STATS_RESET,
	RTPFWD_CMD_RECORDING_NEW,
	RTPFWD_CMD_RECORDING_DEL,
	RTPFWD_CMD_RECORDING_GET,

	__RTPFWD_CMD_MAX,
	RTPFWD_CMD_MAX = (__RTPFWD_CMD_MAX - 1)
};

enum rtpfwd_ntf {
	RTPFWD_CMD_TABLE_NEW_NTF = 1,
	RTPFWD_CMD_TABLE_DEL_NTF = 2,
	RTPFWD_CMD_RULE_NEW_NTF = 4,
	RTPFWD_CMD_RULE_DEL_NTF = 5,
};

#define RTPFWD_GENL_MCGRP_NOTIFY	"notify"

#endif /* _UAPI_LINUX_RTPFWD_H */
