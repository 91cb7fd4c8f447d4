/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SRTP (RFC 3711) of a rule (decrypt on input) and of its outputs (encrypt):
 * the configuration every control plane parses into, and the context the
 * packet path uses. Suites: AES-CM with 128, 192, 256 bit keys (RFC 6188),
 * AES-128 in f8 mode (srtp_f8.c) and the NULL cipher, each with an
 * HMAC-SHA1 tag of 80 or 32 bits (or none: unauthenticated SRTP); AES-GCM
 * with 128 and 256 bit keys and a 128-bit tag (RFC 7714, srtp_gcm.c); key
 * derivation rate 0. SRTCP (RFC 3711 3.4) of the same master key for rules
 * that forward RTCP (RTPFWD_RULE_F_RTCP): its own session keys (labels 3
 * to 5), its own index and replay window per SSRC, always an 80-bit tag
 * with HMAC-SHA1 (RFC 4568 6.2: the _32 suites too), GCM's own with GCM.
 *
 * A context is created in process context with the rule and freed with it,
 * after the rule's RCU grace period; the packet path allocates nothing.
 * Session keys live only in the context and are zeroized when it is freed.
 *
 * Locking: the per SSRC state (rollover counter, highest sequence number,
 * replay window) of struct rtpfwd_srtp_slot is under the slot's spinlock,
 * taken with BHs off (the packet path) or with spin_lock_bh (replies); on
 * input it is held from the replay check through authentication to the
 * window update, so that one packet replayed on two CPUs at once passes
 * once. A slot is claimed once, by cmpxchg on its id, and never released.
 */
#ifndef _RTPFWD_SRTP_H
#define _RTPFWD_SRTP_H

#include <crypto/aes.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/rtpfwd.h>

#define RTPFWD_SRTP_KEY_MAX	AES_MAX_KEY_SIZE	/* master key, AES-256 */
#define RTPFWD_SRTP_SALT_LEN	14			/* master and session salt */
#define RTPFWD_SRTP_GCM_SALT_LEN 12			/* AEAD's (RFC 7714 11) */
#define RTPFWD_SRTP_MKI_MAX	4
#define RTPFWD_SRTP_GCM_TAG_LEN	16			/* AEAD_AES_*_GCM */
#define RTPFWD_SRTP_TAG_MAX	RTPFWD_SRTP_GCM_TAG_LEN
#define RTPFWD_SRTCP_TAG_LEN	10			/* HMAC-SHA1 suites' SRTCP */
#define RTPFWD_SRTCP_INDEX_LEN	4			/* E flag, 31-bit index */
/* the most an output's encryption adds to a datagram (SRTCP's trailer) */
#define RTPFWD_SRTP_TRAILER_MAX	(RTPFWD_SRTCP_INDEX_LEN + RTPFWD_SRTP_MKI_MAX + \
				 RTPFWD_SRTP_TAG_MAX)

/*
 * The rollover counter of an SSRC; with @has_seq also the highest sequence
 * number the control plane processed (rtpengine's last_index), which the
 * next packet's index is estimated from (RFC 3711 3.3.1) and counts as seen.
 */
struct rtpfwd_srtp_roc_cfg {
	__be32	ssrc;
	u32	roc;
	u16	seq;
	bool	has_seq;
};

/* One direction's parameters, as a control plane got them. Holds keys. */
struct rtpfwd_srtp_cfg {
	u8				suite;		/* enum rtpfwd_srtp_suite */
	u8				key_len;
	u8				salt_len;	/* 14; 12 for AEAD (zero-padded) */
	u8				mki_len;	/* 0: no MKI */
	u8				num_rocs;
	bool				unauthenticated; /* AES-CM: SRTP has no tag */
	u8				key[RTPFWD_SRTP_KEY_MAX];
	u8				salt[RTPFWD_SRTP_SALT_LEN];
	u8				mki[RTPFWD_SRTP_MKI_MAX];
	struct rtpfwd_srtp_roc_cfg	rocs[RTPFWD_SSRCS_MAX];
};

/*
 * The index state of one SSRC; all but @id under @lock. @highest is the
 * highest index seen (input) or sent (output): for SRTP ROC << 16 | the
 * sequence number s_l of RFC 3711 3.3.1, for SRTCP the 31-bit SRTCP index.
 */
struct rtpfwd_srtp_slot {
	atomic64_t	id;		/* 0: free; else BIT_ULL(32) | ssrc */
	spinlock_t	lock;
	bool		started;	/* @highest is an index seen */
	u64		highest;
	u64		window[2];	/* bit n: index (highest - n) seen (input) */
} ____cacheline_aligned_in_smp;

struct crypto_aead;
struct crypto_shash;

/*
 * The session keys of SRTP or of SRTCP: AES-CM's key and HMAC, or (AEAD)
 * a gcm(aes) transform and its requests, one per possible CPU (srtp_gcm.c).
 */
struct rtpfwd_srtp_keys {
	u8			salt[RTPFWD_SRTP_SALT_LEN];	/* session salt */
	struct crypto_aes_ctx	aes;		/* session encryption key */
	struct crypto_aes_ctx	*f8_iv_key;	/* f8: the key XOR the mask m */
	struct crypto_shash	*hmac;		/* hmac(sha1), session auth key set */
	struct crypto_aead	*gcm;		/* AEAD: gcm(aes), session key set */
	u8			*gcm_reqs;	/* AEAD: by CPU, @gcm_stride apart */
	unsigned int		gcm_stride;
};

struct rtpfwd_srtcp {
	struct rtpfwd_srtp_keys	keys;
	struct rtpfwd_srtp_slot	slots[RTPFWD_SSRCS_MAX];
};

struct rtpfwd_srtp {
	u8			suite;
	bool			cipher;		/* false: NULL cipher */
	bool			aead;		/* AES-GCM: srtp_gcm.c transforms */
	bool			f8;		/* AES-f8 (srtp_f8.c), not counter mode */
	bool			unauthenticated; /* tag_len 0 (RFC 4568 6.3.5) */
	u8			tag_len;	/* SRTP's; 0: unauthenticated */
	u8			rtcp_tag_len;	/* SRTCP's: 10, or GCM's 16 */
	u8			mki_len;
	u8			mki[RTPFWD_SRTP_MKI_MAX];
	struct rtpfwd_srtp_keys	keys;
	struct rtpfwd_srtp_slot	slots[RTPFWD_SSRCS_MAX];
	struct rtpfwd_srtcp	*rtcp;		/* NULL: RTCP is not forwarded */
};

int rtpfwd_srtp_cfg_validate(const struct rtpfwd_srtp_cfg *cfg, struct netlink_ext_ack *extack);
struct rtpfwd_srtp *rtpfwd_srtp_create(const struct rtpfwd_srtp_cfg *cfg, bool rtcp);
void rtpfwd_srtp_destroy(struct rtpfwd_srtp *srtp);
bool rtpfwd_srtp_slot_roc(struct rtpfwd_srtp *srtp, unsigned int idx, u32 *ssrc, u32 *roc);
bool rtpfwd_srtp_last_index(struct rtpfwd_srtp *srtp, __be32 ssrc, u64 *index);
/* srtp_f8.c */
int rtpfwd_srtp_f8_init(struct rtpfwd_srtp_keys *keys, const u8 *enc_key, unsigned int key_len);
void rtpfwd_srtp_f8_rtp(const struct rtpfwd_srtp_keys *keys, const u8 *p, u32 roc,
			u8 *data, unsigned int len);
void rtpfwd_srtp_f8_rtcp(const struct rtpfwd_srtp_keys *keys, const u8 *p, __be32 e_index,
			 u8 *data, unsigned int len);
/* AES-CM keystream XORed into @data (srtp_keys.c; packets use it too) */
void rtpfwd_srtp_ctr_xor(const struct crypto_aes_ctx *aes, const u8 iv[14],
			 u8 *data, unsigned int len);

/* What SRTP adds to an RTP packet: MKI and tag (tag and MKI with AEAD). */
static inline unsigned int rtpfwd_srtp_trailer(const struct rtpfwd_srtp *srtp)
{
	return srtp->mki_len + srtp->tag_len;
}

/* What SRTCP adds to an RTCP packet: E flag and index, MKI, tag. */
static inline unsigned int rtpfwd_srtcp_trailer(const struct rtpfwd_srtp *srtp)
{
	return RTPFWD_SRTCP_INDEX_LEN + srtp->mki_len + srtp->rtcp_tag_len;
}

/* The most @srtp adds to a datagram it encrypts. */
static inline unsigned int rtpfwd_srtp_growth(const struct rtpfwd_srtp *srtp)
{
	return srtp->rtcp ? rtpfwd_srtcp_trailer(srtp) : rtpfwd_srtp_trailer(srtp);
}

int rtpfwd_srtp_decrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			unsigned int *len);
int rtpfwd_srtp_encrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			unsigned int *len);
int rtpfwd_srtcp_decrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			 unsigned int *len);
int rtpfwd_srtcp_encrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			 unsigned int *len);

/* The sequence number and SSRC of the RTP header at @p (any alignment). */
static inline u16 rtpfwd_rtp_seq(const u8 *p)
{
	return p[2] << 8 | p[3];
}

static inline __be32 rtpfwd_rtp_ssrc(const u8 *p)
{
	__be32 ssrc;

	memcpy(&ssrc, p + 8, sizeof(ssrc));
	return ssrc;
}

static inline u64 rtpfwd_srtp_index(u32 roc, u16 seq)
{
	return (u64)roc << 16 | seq;
}

/* Shared by the SRTP, SRTCP and GCM transforms, not used elsewhere. */
struct rtpfwd_srtp_slot *rtpfwd_srtp_slot(struct rtpfwd_srtp_slot *slots, __be32 ssrc,
					  bool claim);
int rtpfwd_srtp_hdr_len(const u8 *p, unsigned int len);
bool rtpfwd_srtp_guess_roc(const struct rtpfwd_srtp_slot *slot, u16 seq, u32 *roc);
int rtpfwd_srtp_send_roc(struct rtpfwd_srtp_slot *slots, __be32 ssrc, u16 seq, u32 *roc);
int rtpfwd_srtp_claim_seen(struct rtpfwd_srtp_slot *slots, __be32 ssrc, u64 index);
int rtpfwd_srtcp_send_index(struct rtpfwd_srtp_slot *slots, __be32 ssrc, u32 *index);
bool rtpfwd_srtp_replayed(const struct rtpfwd_srtp_slot *slot, u64 index);
void rtpfwd_srtp_seen(struct rtpfwd_srtp_slot *slot, u64 index);
int rtpfwd_srtp_hmac(const struct rtpfwd_srtp_keys *keys, const u8 *data, unsigned int len,
		     const u8 *more, unsigned int more_len, u8 *tag);
int rtpfwd_srtp_make_room(struct sk_buff *skb, unsigned int end, unsigned int trailer);
void rtpfwd_srtp_crypt_index(const struct rtpfwd_srtp_keys *keys, const u8 *ssrc, u64 index,
			     u8 *data, unsigned int len);

/* srtp_gcm.c: AES-GCM (RFC 7714) */
int rtpfwd_srtp_gcm_init(struct rtpfwd_srtp_keys *keys, const u8 *key, unsigned int key_len);
void rtpfwd_srtp_gcm_free(struct rtpfwd_srtp_keys *keys);
int rtpfwd_srtp_gcm_decrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len);
int rtpfwd_srtp_gcm_encrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len);
int rtpfwd_srtcp_gcm_decrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len);
int rtpfwd_srtcp_gcm_encrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len);

#endif /* _RTPFWD_SRTP_H */
