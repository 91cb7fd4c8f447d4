/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * librtpnl: the C API of rtpfwd's generic netlink family "rtpengine", for
 * control daemons written in C (or anything with a C FFI). Link with
 * `pkg-config --cflags --libs rtpnl`; the ABI is librtpnl.so.1.
 *
 * Conventions:
 *  - every function that can fail returns 0 or a negative errno value
 *    (-EEXIST, -ENOENT, -EINVAL, ...); rtpnl_errmsg() then gives the text
 *    that explains it (the kernel's extended-ack message when it sent one);
 *  - handles and rule/batch objects are opaque; one handle is used by one
 *    thread at a time (different handles in different threads are fine);
 *  - requests are synchronous (one request, its answer); events arrive on a
 *    separate socket that rtpnl_fd() exposes for poll/epoll, and
 *    rtpnl_process() reads them without blocking;
 *  - addresses are in network byte order, ports and everything else in
 *    host byte order.
 */
#ifndef RTPNL_RTPNL_H
#define RTPNL_RTPNL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of the ABI (RTPFWD_* in the kernel's uapi header). */
#define RTPNL_TABLE_ID_MAX 63
#define RTPNL_OUTPUTS_MAX 32
#define RTPNL_PAYLOAD_TYPES_MAX 32
#define RTPNL_SSRCS_MAX 4
#define RTPNL_PT_REPLACE_MAX 4	/* payload replacements per output */
#define RTPNL_PT_PATTERN_MAX 16 /* bytes of a replacement's pattern */
#define RTPNL_RECORDING_PACKETS_MAX 4096 /* datagrams a recorded stream holds */
#define RTPNL_RECORDING_NAME_MAX 255	 /* bytes of a call or stream name */

/* ---- errors ------------------------------------------------------------ */

/*
 * The message of the last failed rtpnl_* call in the calling thread: the
 * kernel's extended-ack text if it sent one, else a description, else
 * strerror(). Never NULL; valid until the thread's next rtpnl_* call.
 */
const char *rtpnl_errmsg(void);

/* ---- endpoints --------------------------------------------------------- */

/* An IPv4 or IPv6 address and a UDP port (1..65535). */
struct rtpnl_endpoint {
	int family;       /* AF_INET or AF_INET6 */
	uint8_t addr[16]; /* network order; IPv4 fills the first 4 bytes */
	uint16_t port;    /* host order */
};

/* "192.0.2.1:5000" or "[2001:db8::1]:5000" into *out (-EINVAL otherwise). */
int rtpnl_endpoint_parse(const char *text, struct rtpnl_endpoint *out);
/*
 * The text form of ep into buf (NUL-terminated); -ENOSPC if it does not
 * fit (RTPNL_ENDPOINT_STRLEN always does), -EINVAL for a bad family.
 */
#define RTPNL_ENDPOINT_STRLEN 56
int rtpnl_endpoint_format(const struct rtpnl_endpoint *ep, char *buf, size_t len);

/* ---- handles ----------------------------------------------------------- */

struct rtpnl_handle;

/*
 * Opens a generic netlink socket in the caller's network namespace and
 * resolves the family (which makes the kernel load rtpfwd if it can;
 * -ENOENT if the family is not there). *out is NULL on failure.
 */
int rtpnl_open(struct rtpnl_handle **out);
/*
 * The same in another network namespace: netns_fd is an open namespace
 * file (/run/netns/NAME, /proc/PID/ns/net). The calling thread enters it
 * with setns(2) only while the socket is created (needs CAP_SYS_ADMIN) and
 * returns to its own namespace before this returns. The handle keeps its
 * own duplicate of netns_fd (for rtpnl_subscribe()); the caller may close
 * netns_fd afterwards.
 */
int rtpnl_open_netns(struct rtpnl_handle **out, int netns_fd);
/* The same in the network namespace of process pid. */
int rtpnl_open_pid(struct rtpnl_handle **out, pid_t pid);
/* Closes the sockets and frees the handle; NULL is a no-op. */
void rtpnl_close(struct rtpnl_handle *h);

/* ---- tables ------------------------------------------------------------ */

#define RTPNL_TABLE_HAS_RULES       (1u << 0)
#define RTPNL_TABLE_HAS_REFCNT      (1u << 1)
#define RTPNL_TABLE_HAS_CONTROL_PID (1u << 2)

struct rtpnl_table_info {
	uint32_t id;
	uint32_t present;     /* RTPNL_TABLE_HAS_*: which fields below the kernel sent */
	uint32_t rules;       /* rules in the table */
	uint32_t refcnt;      /* references besides the table's own */
	uint32_t control_pid; /* opener of /proc/rtpengine/N/control, 0 if none */
};

int rtpnl_table_add(struct rtpnl_handle *h, uint32_t id);    /* -EEXIST if it exists */
int rtpnl_table_ensure(struct rtpnl_handle *h, uint32_t id); /* add; an existing table is success */
int rtpnl_table_del(struct rtpnl_handle *h, uint32_t id);
int rtpnl_table_get(struct rtpnl_handle *h, uint32_t id, struct rtpnl_table_info *out);
/*
 * Calls cb for every table of the namespace, in id order. A non-zero
 * return from cb stops the listing and is returned.
 */
typedef int (*rtpnl_table_cb)(const struct rtpnl_table_info *table, void *arg);
int rtpnl_table_list(struct rtpnl_handle *h, rtpnl_table_cb cb, void *arg);

/* ---- rules ------------------------------------------------------------- */

/* What the kernel does with a packet not from the expected source. */
enum rtpnl_mismatch {
	RTPNL_MISMATCH_IGNORE = 0, /* forward it anyway (the default) */
	RTPNL_MISMATCH_DROP = 1,   /* drop it and count an error */
	RTPNL_MISMATCH_PASS = 2,   /* hand it to the local socket untouched */
};

/* Rule flags (RTPFWD_RULE_F_*). */
#define RTPNL_RULE_F_RTP  (1u << 0) /* parse and account RTP */
#define RTPNL_RULE_F_STUN (1u << 1) /* hand STUN to the local socket */
#define RTPNL_RULE_F_DTLS (1u << 2) /* hand DTLS to the local socket */
#define RTPNL_RULE_F_SSRC (1u << 3) /* forward only the SSRCs added (with RTP) */
/* forward RTCP (with RTP: rtcp-mux; without: an RTCP port); SRTCP with SRTP */
#define RTPNL_RULE_F_RTCP (1u << 4)
/* drop SRTP / SRTCP that fails authentication instead of handing it to the
 * local socket (still counted in srtp_auth_failed); needs a decrypt */
#define RTPNL_RULE_F_SRTP_AUTH_DROP (1u << 5)
/* drop what passes the STUN, expected source and DTLS checks, counted by
 * rtpnl_rule_blackholed(): a rule without outputs (with one, it is refused
 * when sent, as with RTP, SSRC, RTCP, SRTP_AUTH_DROP, payload types or SRTP) */
#define RTPNL_RULE_F_BLACKHOLE (1u << 6)
/* hand what passes the STUN, expected source and DTLS checks to the local
 * socket untouched, forwarding nothing, counted in handed_up_other of
 * rtpnl_rule_counters_by_reason(): a rule without outputs, refused as
 * RTPNL_RULE_F_BLACKHOLE is and together with it (rtpengine's non-forwarding
 * target: the kernel checks the source, the daemon relays) */
#define RTPNL_RULE_F_HAND_UP (1u << 7)

struct rtpnl_output {
	struct rtpnl_endpoint src;
	struct rtpnl_endpoint dst;
	int tos; /* 0..255, or -1: not set (the kernel uses 0) */
};

struct rtpnl_rule_stats {
	uint64_t packets;
	uint64_t bytes; /* UDP payload */
	uint64_t errors;
	uint64_t ttl_expired; /* dropped: TTL / hop limit ran out (also in errors) */
	uint64_t too_big;     /* handed up: larger than an output's path MTU */
	uint64_t srtp_auth_failed; /* handed up untouched: SRTP tag or MKI wrong */
	uint64_t srtp_replayed;	   /* dropped: SRTP replay window */
};

/*
 * Why packets did not go out as counted packets (rtpnl_rule_counters_by_reason).
 * The first four are errors; src_mismatch_dropped and not_rtp count packets
 * (each also in errors), no_route and output_failed count outputs (their
 * packet counts once in errors). The handed_up_* ones are not errors.
 */
struct rtpnl_rule_reasons {
	uint64_t src_mismatch_dropped; /* dropped: not from expect (mismatch drop) */
	uint64_t not_rtp;	       /* handed up: failed the RTP checks (RTP flag) */
	uint64_t no_route;	       /* outputs without a route */
	uint64_t output_failed;	       /* outputs whose copy, SRTP or send failed */
	uint64_t handed_up_stun;       /* STUN (RTPNL_RULE_F_STUN) */
	uint64_t handed_up_dtls;       /* DTLS (RTPNL_RULE_F_DTLS) */
	uint64_t handed_up_mismatch;   /* not from expect, mismatch pass */
	uint64_t handed_up_other;      /* RTCP, a payload type not listed; a hand-up rule's */
};

/* One output's counters; a rule replacement starts them from zero. */
struct rtpnl_output_stats {
	uint64_t packets;
	uint64_t bytes;	 /* UDP payload as sent (SRTP tag included) */
	uint64_t errors; /* no route, or copy, SRTP or send failed */
};

struct rtpnl_pt_stats {
	uint8_t type;
	uint64_t packets;
	uint64_t bytes;
};

struct rtpnl_ssrc_stats {
	uint32_t ssrc;
	uint64_t packets;
	uint64_t bytes;
	uint32_t ext_seq; /* highest extended sequence number */
	uint32_t lost;    /* cumulative packets lost */
	uint32_t jitter;  /* interarrival jitter, timestamp units */
};

/*
 * A rule object: built by the caller for add/replace, or returned by
 * rtpnl_rule_get() and the dump (then with its counters). The setters
 * check what they can at once (-EINVAL, -ENOSPC over a limit); the whole
 * rule is checked again before it is sent.
 */
struct rtpnl_rule;

struct rtpnl_rule *rtpnl_rule_new(void); /* NULL if out of memory */
void rtpnl_rule_free(struct rtpnl_rule *rule);

int rtpnl_rule_set_table(struct rtpnl_rule *rule, uint32_t table);
int rtpnl_rule_set_local(struct rtpnl_rule *rule, const struct rtpnl_endpoint *local);
/* expect NULL: no expected source (the policy is kept but unused). */
int rtpnl_rule_set_expect(struct rtpnl_rule *rule, const struct rtpnl_endpoint *expect,
			  enum rtpnl_mismatch mismatch);
int rtpnl_rule_set_flags(struct rtpnl_rule *rule, uint32_t flags); /* RTPNL_RULE_F_* */
/* tos: 0..255, or -1 for none. Up to RTPNL_OUTPUTS_MAX, in order. */
int rtpnl_rule_add_output(struct rtpnl_rule *rule, const struct rtpnl_endpoint *src,
			  const struct rtpnl_endpoint *dst, int tos);
/* type 0..127; clock_rate in Hz, 0 if unknown. Needs RTPNL_RULE_F_RTP. */
int rtpnl_rule_add_payload_type(struct rtpnl_rule *rule, uint8_t type, uint32_t clock_rate);
/* An expected SSRC; sets RTPNL_RULE_F_SSRC. Needs RTPNL_RULE_F_RTP. */
int rtpnl_rule_add_ssrc(struct rtpnl_rule *rule, uint32_t ssrc);

uint32_t rtpnl_rule_table(const struct rtpnl_rule *rule);
void rtpnl_rule_local(const struct rtpnl_rule *rule, struct rtpnl_endpoint *out);
/* -ENOENT if the rule has no expected source. */
int rtpnl_rule_expect(const struct rtpnl_rule *rule, struct rtpnl_endpoint *out);
enum rtpnl_mismatch rtpnl_rule_mismatch(const struct rtpnl_rule *rule);
uint32_t rtpnl_rule_flags(const struct rtpnl_rule *rule);
size_t rtpnl_rule_output_count(const struct rtpnl_rule *rule);
int rtpnl_rule_output(const struct rtpnl_rule *rule, size_t index, struct rtpnl_output *out);
size_t rtpnl_rule_payload_type_count(const struct rtpnl_rule *rule);
int rtpnl_rule_payload_type(const struct rtpnl_rule *rule, size_t index, uint8_t *type,
			    uint32_t *clock_rate);
size_t rtpnl_rule_ssrc_count(const struct rtpnl_rule *rule);
int rtpnl_rule_ssrc(const struct rtpnl_rule *rule, size_t index, uint32_t *ssrc);
/* The counters of a rule from the kernel; -ENODATA for one without them. */
int rtpnl_rule_counters(const struct rtpnl_rule *rule, struct rtpnl_rule_stats *out);
/* The breakdown of a rule from the kernel; -ENODATA for one without counters. */
int rtpnl_rule_counters_by_reason(const struct rtpnl_rule *rule, struct rtpnl_rule_reasons *out);
/*
 * Milliseconds since the rule's last packet; -ENODATA for a rule without
 * counters or that has seen no packet (or from a kernel that does not say).
 */
int rtpnl_rule_last_packet_ms(const struct rtpnl_rule *rule, uint64_t *ms);
/*
 * Packets a blackhole rule (RTPNL_RULE_F_BLACKHOLE) dropped, not errors (0
 * from a kernel without blackholes); -ENODATA for a rule without counters.
 * A function of its own, in version node RTPNL_1.1: the caller allocates
 * struct rtpnl_rule_stats and struct rtpnl_rule_reasons, so they never grow.
 */
int rtpnl_rule_blackholed(const struct rtpnl_rule *rule, uint64_t *out);
/*
 * An SSRC rewrite of output `output` (after rtpnl_rule_add_output): RTP of
 * SSRC `from` leaves it with SSRC `to`, before its SRTP; RTCP and other
 * SSRCs leave as they came. Needs RTPNL_RULE_F_RTP (checked when sent).
 * Up to RTPNL_SSRCS_MAX per output, in order: -ERANGE for an index past
 * the outputs, -ENOSPC past the maximum, -EEXIST for a `from` mapped
 * already. In version node RTPNL_1.1, as the two below.
 */
int rtpnl_rule_output_add_ssrc_map(struct rtpnl_rule *rule, size_t output, uint32_t from,
				   uint32_t to);
/* The rewrites of output `output`; 0 for an index past the outputs. */
size_t rtpnl_rule_output_ssrc_map_count(const struct rtpnl_rule *rule, size_t output);
/* Rewrite `index` of output `output`; -ERANGE past either. */
int rtpnl_rule_output_ssrc_map(const struct rtpnl_rule *rule, size_t output, size_t index,
			       uint32_t *from, uint32_t *to);
/*
 * A payload replacement of output `output` (after rtpnl_rule_add_output):
 * the payload of RTP of payload type `type` leaves it overwritten with the
 * `len` bytes at `pattern`, repeated (the last copy cut short), before its
 * SSRC rewrite and SRTP; header, padding and length stay as they came.
 * rtpengine's silence media: PCMU 0xff, PCMA 0xd5, G.722 0xfa. Needs
 * RTPNL_RULE_F_RTP (checked when sent). Up to RTPNL_PT_REPLACE_MAX per
 * output, in order: -ERANGE for an index past the outputs, -EINVAL for a
 * type over 127 or a pattern NULL, empty or longer than
 * RTPNL_PT_PATTERN_MAX, -EEXIST for a type replaced already, -ENOSPC past
 * the maximum. The pattern is copied. In version node RTPNL_1.1, as the
 * two below.
 */
int rtpnl_rule_output_add_pt_replace(struct rtpnl_rule *rule, size_t output, uint8_t type,
				     const void *pattern, size_t len);
/* The payload replacements of output `output`; 0 for an index past the outputs. */
size_t rtpnl_rule_output_pt_replace_count(const struct rtpnl_rule *rule, size_t output);
/*
 * Replacement `index` of output `output`: its type, and its pattern into
 * `pattern_buf`, whose size the caller passes in *len; *len is then the
 * pattern's length. -ERANGE past either index; -ENOBUFS if the pattern
 * does not fit, or pattern_buf is NULL (*len is set to its length, nothing
 * else is written). A buffer of RTPNL_PT_PATTERN_MAX bytes always fits.
 */
int rtpnl_rule_output_pt_replace(const struct rtpnl_rule *rule, size_t output, size_t index,
				 uint8_t *type, void *pattern_buf, size_t *len);
/*
 * The recorded stream the rule records into (rtpnl_recording_add's id, of
 * the rule's table): a copy of every packet the rule forwards is queued
 * there for its reader, as it arrived but decrypted, before any output's
 * rewrite. The kernel refuses (-ENOENT) an id the table has no stream of.
 * rtpnl_rule_recording() gives it back, -ENOENT for a rule without one (a
 * rule from the kernel has it while the stream exists). In version node
 * RTPNL_1.1, as the recording functions below.
 */
int rtpnl_rule_set_recording(struct rtpnl_rule *rule, uint32_t id);
int rtpnl_rule_clear_recording(struct rtpnl_rule *rule);
int rtpnl_rule_recording(const struct rtpnl_rule *rule, uint32_t *id);
/* Outputs with counters: rtpnl_rule_output_count(), or 0 (none reported). */
size_t rtpnl_rule_output_stats_count(const struct rtpnl_rule *rule);
int rtpnl_rule_output_stats(const struct rtpnl_rule *rule, size_t index,
			    struct rtpnl_output_stats *out);
size_t rtpnl_rule_pt_stats_count(const struct rtpnl_rule *rule);
int rtpnl_rule_pt_stats(const struct rtpnl_rule *rule, size_t index, struct rtpnl_pt_stats *out);
size_t rtpnl_rule_ssrc_stats_count(const struct rtpnl_rule *rule);
int rtpnl_rule_ssrc_stats(const struct rtpnl_rule *rule, size_t index,
			  struct rtpnl_ssrc_stats *out);

/* ---- SRTP (needs RTPNL_RULE_F_RTP) ---------------------------------------- */

/*
 * SRTP suites (RFC 4568, RFC 6188, RFC 7714); the values are the kernel's.
 * A librtpnl older than the F8 suites refuses them (-EINVAL).
 */
enum rtpnl_srtp_suite {
	RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80 = 1,
	RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32 = 2,
	RTPNL_SRTP_NULL_HMAC_SHA1_80 = 3,
	RTPNL_SRTP_NULL_HMAC_SHA1_32 = 4,
	RTPNL_SRTP_AES_192_CM_HMAC_SHA1_80 = 5,
	RTPNL_SRTP_AES_192_CM_HMAC_SHA1_32 = 6,
	RTPNL_SRTP_AES_256_CM_HMAC_SHA1_80 = 7,
	RTPNL_SRTP_AES_256_CM_HMAC_SHA1_32 = 8,
	RTPNL_SRTP_AEAD_AES_128_GCM = 9, /* AES-GCM, 128-bit tag; SRTCP the same */
	RTPNL_SRTP_AEAD_AES_256_GCM = 10,
	/* AES-128 in f8 mode (RFC 3711 4.1.2), keys derived as AES_CM_128's */
	RTPNL_SRTP_F8_128_HMAC_SHA1_80 = 11,
	RTPNL_SRTP_F8_128_HMAC_SHA1_32 = 12,
};

#define RTPNL_SRTP_SALT_LEN 14      /* master salt bytes, every suite but AEAD (the most) */
#define RTPNL_SRTP_AEAD_SALT_LEN 12 /* master salt bytes of the AEAD_AES_*_GCM suites */
#define RTPNL_SRTP_MKI_MAX 4        /* MKI bytes */
#define RTPNL_SRTP_ROCS_MAX 4       /* ROC seeds per SRTP context */

/* The rollover counter of one SSRC: a seed when set, the current one when read. */
struct rtpnl_srtp_roc {
	uint32_t ssrc;
	uint32_t roc;
};

/* What a rule from the kernel tells of an SRTP context: never its keys. */
struct rtpnl_srtp_info {
	enum rtpnl_srtp_suite suite;
	uint8_t mki_len;  /* 0: no MKI */
	size_t roc_count; /* rtpnl_rule_decrypt_roc() / rtpnl_rule_output_encrypt_roc() */
};

/* "AES_CM_128_HMAC_SHA1_80" (any case) or "aes128_80": the suite, or -EINVAL. */
int rtpnl_srtp_suite_from_name(const char *name);
/* "AES_CM_128_HMAC_SHA1_80"; NULL for an unknown value. */
const char *rtpnl_srtp_suite_name(enum rtpnl_srtp_suite suite);

/*
 * SRTP on the rule's input (decrypt) / on output `index` (encrypt, after
 * rtpnl_rule_add_output). key: the suite's master key (16, 24 or 32 bytes),
 * salt: RTPNL_SRTP_SALT_LEN bytes (RTPNL_SRTP_AEAD_SALT_LEN for the AEAD
 * suites), mki: NULL or 1..RTPNL_SRTP_MKI_MAX bytes
 * (mki_len 0: none). Replaces earlier SRTP parameters of the same place,
 * their ROC seeds included. The rule object keeps a copy of the keys and
 * wipes it when it is freed; the caller wipes its own. -EINVAL for a wrong
 * length or suite, -ERANGE for an index past the outputs.
 */
int rtpnl_rule_set_decrypt(struct rtpnl_rule *rule, enum rtpnl_srtp_suite suite,
			   const uint8_t *key, size_t key_len, const uint8_t *salt,
			   size_t salt_len, const uint8_t *mki, size_t mki_len);
int rtpnl_rule_set_output_encrypt(struct rtpnl_rule *rule, size_t index,
				  enum rtpnl_srtp_suite suite, const uint8_t *key,
				  size_t key_len, const uint8_t *salt, size_t salt_len,
				  const uint8_t *mki, size_t mki_len);
/*
 * The same from SDP's key parameters (RFC 4568):
 * "inline:BASE64(key||salt)[|LIFETIME][|MKI:LENGTH]" (key||salt: 30 bytes
 * for AES_CM_128, 28 for AEAD_AES_128_GCM, ...). LIFETIME ("2^N" or
 * 1..2^48 packets) is checked and ignored; MKI is decimal, LENGTH 1..4.
 * Session parameters may follow, separated by spaces, as a=crypto has
 * them: UNAUTHENTICATED_SRTP (AES-CM and F8 suites only; see
 * rtpnl_rule_set_decrypt_unauthenticated). RFC 4568's others
 * (UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, KDR=, WSH=, FEC_ORDER=, FEC_KEY=)
 * and unknown words are -EINVAL, never ignored. (librtpnl before
 * RTPNL_1.2 takes no session parameter: -EINVAL.)
 */
int rtpnl_rule_set_decrypt_inline(struct rtpnl_rule *rule, enum rtpnl_srtp_suite suite,
				  const char *key_params);
int rtpnl_rule_set_output_encrypt_inline(struct rtpnl_rule *rule, size_t index,
					 enum rtpnl_srtp_suite suite, const char *key_params);
/* No SRTP there any more (the keys are wiped). */
int rtpnl_rule_clear_decrypt(struct rtpnl_rule *rule);
int rtpnl_rule_clear_output_encrypt(struct rtpnl_rule *rule, size_t index);
/*
 * A ROC to start from for an SSRC (a stream user space handled first):
 * -ENOENT without SRTP there, -ENOSPC past RTPNL_SRTP_ROCS_MAX, -EEXIST for
 * an SSRC seeded already.
 */
int rtpnl_rule_add_decrypt_roc(struct rtpnl_rule *rule, uint32_t ssrc, uint32_t roc);
int rtpnl_rule_add_output_encrypt_roc(struct rtpnl_rule *rule, size_t index, uint32_t ssrc,
				      uint32_t roc);
/* Suite, MKI length and ROC count; -ENOENT without SRTP there. */
int rtpnl_rule_decrypt(const struct rtpnl_rule *rule, struct rtpnl_srtp_info *out);
int rtpnl_rule_output_encrypt(const struct rtpnl_rule *rule, size_t index,
			      struct rtpnl_srtp_info *out);
/* ROC number roc_index; -ENOENT without SRTP, -ERANGE past the end. */
int rtpnl_rule_decrypt_roc(const struct rtpnl_rule *rule, size_t roc_index,
			   struct rtpnl_srtp_roc *out);
int rtpnl_rule_output_encrypt_roc(const struct rtpnl_rule *rule, size_t index,
				  size_t roc_index, struct rtpnl_srtp_roc *out);
/*
 * RFC 4568's UNAUTHENTICATED_SRTP (section 6.3.5) on the rule's decrypt /
 * output `index`'s encrypt (after rtpnl_rule_set_decrypt... /
 * rtpnl_rule_set_output_encrypt..., which start without it): SRTP packets
 * carry no authentication tag and nothing authenticates them; SRTCP keeps
 * its 80-bit tag. unauthenticated: 1 on, 0 off. Only with the AES-CM and
 * F8 suites (RTPNL_SRTP_AES_*CM*, RTPNL_SRTP_F8_*): -EINVAL for NULL_HMAC_*
 * and AEAD_*; -ENOENT without SRTP there, -ERANGE for an index past the
 * outputs. A kernel without it refuses the rule (-EOPNOTSUPP). Read back
 * (a rule from the kernel echoes it) with rtpnl_rule_decrypt_unauthenticated /
 * rtpnl_rule_output_encrypt_unauthenticated: *out 1 or 0. Functions of
 * their own in version node RTPNL_1.2: struct rtpnl_srtp_info is the
 * caller's and cannot grow.
 */
int rtpnl_rule_set_decrypt_unauthenticated(struct rtpnl_rule *rule, int unauthenticated);
int rtpnl_rule_set_output_encrypt_unauthenticated(struct rtpnl_rule *rule, size_t index,
						  int unauthenticated);
int rtpnl_rule_decrypt_unauthenticated(const struct rtpnl_rule *rule, int *out);
int rtpnl_rule_output_encrypt_unauthenticated(const struct rtpnl_rule *rule, size_t index,
					      int *out);

/* How RULE_NEW treats an existing rule for the same local endpoint. */
enum rtpnl_rule_mode {
	RTPNL_RULE_ADD = 0,     /* -EEXIST if there is one */
	RTPNL_RULE_REPLACE = 1, /* create or replace (the counters are kept) */
	RTPNL_RULE_CHANGE = 2,  /* replace only: -ENOENT if there is none */
};

int rtpnl_rule_add(struct rtpnl_handle *h, const struct rtpnl_rule *rule);
int rtpnl_rule_replace(struct rtpnl_handle *h, const struct rtpnl_rule *rule);
int rtpnl_rule_send(struct rtpnl_handle *h, const struct rtpnl_rule *rule, enum rtpnl_rule_mode mode);
int rtpnl_rule_del(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local);
/* The rule with its counters into a new object (*out, free with rtpnl_rule_free). */
int rtpnl_rule_get(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local,
		   struct rtpnl_rule **out);

/*
 * Calls cb for every rule of one table (table 0..63) or of all tables
 * (table -1), with counters; the rule object is valid during the call only.
 * A non-zero return from cb stops the dump and is returned. If the kernel
 * says its rule set changed during the dump (rules may have been missed or
 * seen twice), every rule is still delivered and -EAGAIN is returned.
 */
typedef int (*rtpnl_rule_cb)(const struct rtpnl_rule *rule, void *arg);
int rtpnl_rule_dump(struct rtpnl_handle *h, int64_t table, rtpnl_rule_cb cb, void *arg);

/* ---- statistics -------------------------------------------------------- */

/* The counters of one rule (RULE_GET). */
int rtpnl_stats_get(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local,
		    struct rtpnl_rule_stats *out);
/* Zeroes the counters of one rule, or of every rule of the table (local NULL). */
int rtpnl_stats_reset(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local);

/* ---- recordings (version node RTPNL_1.1) ----------------------------------- */

/*
 * A recorded stream of a table: the file
 * /proc/rtpengine/TABLE/calls/CALL/STREAM (in the handle's network
 * namespace), from which one reader gets one datagram per read(), IP and UDP
 * headers included (0 once the stream is deleted), poll() telling when one
 * waits; the very streams rtpengine's recording daemon reads. Rules record
 * into it by its id (rtpnl_rule_set_recording). Call and stream names are
 * file names: 1..RTPNL_RECORDING_NAME_MAX bytes, not "." or "..", no '/'
 * (-EINVAL otherwise, before anything is sent). Not persistent: the streams
 * go with the table, and ids are the kernel's to reuse.
 */
struct rtpnl_recording_info {
	uint32_t table;
	uint32_t id;	  /* what a rule names */
	uint32_t packets; /* datagrams it holds for its reader */
	uint32_t queued;  /* datagrams waiting for the reader */
	uint64_t dropped; /* datagrams lost: the stream, or all recordings, full */
	char call[RTPNL_RECORDING_NAME_MAX + 1];   /* NUL-terminated */
	char stream[RTPNL_RECORDING_NAME_MAX + 1]; /* NUL-terminated */
};

/*
 * Makes stream `stream` of call `call` (and the call, if new) in table
 * `table`, holding `packets` datagrams (1..RTPNL_RECORDING_PACKETS_MAX; 0:
 * the module parameter stream_packets_list_limit); its id into *id (if not
 * NULL). -EEXIST if the call has a stream of that name, -ENOENT for a
 * missing table, -ENOSPC beyond the kernel's limits.
 */
int rtpnl_recording_add(struct rtpnl_handle *h, uint32_t table, const char *call,
			const char *stream, uint32_t packets, uint32_t *id);
/*
 * Deletes one stream, or (stream NULL) the call and all its streams; their
 * readers get end of file, rules recording there forward on and record
 * nothing. -ENOENT if there is no such call or stream.
 */
int rtpnl_recording_del(struct rtpnl_handle *h, uint32_t table, const char *call,
			const char *stream);
int rtpnl_recording_get(struct rtpnl_handle *h, uint32_t table, const char *call,
			const char *stream, struct rtpnl_recording_info *out);
/*
 * Calls cb for every recorded stream of the table, in id order (those
 * rtpengine's daemon made through /proc too). A non-zero return from cb
 * stops the listing and is returned.
 */
typedef int (*rtpnl_recording_cb)(const struct rtpnl_recording_info *rec, void *arg);
int rtpnl_recording_list(struct rtpnl_handle *h, uint32_t table, rtpnl_recording_cb cb,
			 void *arg);

/* ---- batches ----------------------------------------------------------- */

/*
 * Many rule requests sent without waiting for each answer, in windows of up
 * to 1024 per sendmsg() (the kernel answers a window's requests but its last
 * only if they fail): rtpnl_batch_send() returns once each request has its
 * result, readable with rtpnl_batch_result() in the order of the requests.
 */
struct rtpnl_batch;

struct rtpnl_batch *rtpnl_batch_new(void); /* NULL if out of memory */
void rtpnl_batch_free(struct rtpnl_batch *batch);
/* Queues RULE_NEW of a copy of rule; -EINVAL for a rule that cannot be sent. */
int rtpnl_batch_add_rule(struct rtpnl_batch *batch, const struct rtpnl_rule *rule,
			 enum rtpnl_rule_mode mode);
int rtpnl_batch_del_rule(struct rtpnl_batch *batch, uint32_t table,
			 const struct rtpnl_endpoint *local);
size_t rtpnl_batch_size(const struct rtpnl_batch *batch);
/*
 * Sends every queued request. 0 once each has its result (*failed, if not
 * NULL: how many were refused); a negative errno if the exchange itself
 * failed (results of requests not answered are then -ECANCELED; -ENOBUFS:
 * answers were lost, and those requests may have been applied: re-read).
 */
int rtpnl_batch_send(struct rtpnl_handle *h, struct rtpnl_batch *batch, size_t *failed);
/* Request index's result: 0 or a negative errno; -ERANGE past the end. */
int rtpnl_batch_result(const struct rtpnl_batch *batch, size_t index);
/* Its message ("" when it succeeded); valid until the batch is sent or freed. */
const char *rtpnl_batch_message(const struct rtpnl_batch *batch, size_t index);

/* ---- events ------------------------------------------------------------ */

enum rtpnl_event_type {
	RTPNL_EVENT_TABLE_NEW = 1,
	RTPNL_EVENT_TABLE_DEL = 2,
	RTPNL_EVENT_RULE_NEW = 3,
	RTPNL_EVENT_RULE_REPLACE = 4,
	RTPNL_EVENT_RULE_DEL = 5,
};

struct rtpnl_event {
	enum rtpnl_event_type type;
	uint32_t table;
	struct rtpnl_endpoint local; /* rule events only; zero for table events */
};

typedef void (*rtpnl_event_cb)(const struct rtpnl_event *event, void *arg);

/*
 * Joins the "notify" multicast group on a second, non-blocking socket of
 * the handle (in the handle's namespace) and has rtpnl_process() call cb
 * for each event. Once per handle (-EALREADY for a second call).
 */
int rtpnl_subscribe(struct rtpnl_handle *h, rtpnl_event_cb cb, void *arg);
/* The event socket's file descriptor for poll/epoll; -ENOTCONN before rtpnl_subscribe(). */
int rtpnl_fd(const struct rtpnl_handle *h);
/*
 * Reads every event waiting on the event socket, calling the callback for
 * each, and returns 0 when none is left (never blocks). -ENOBUFS: the
 * socket's buffer overflowed and events were lost (re-read the state).
 */
int rtpnl_process(struct rtpnl_handle *h);

#ifdef __cplusplus
}
#endif

#endif /* RTPNL_RTPNL_H */
