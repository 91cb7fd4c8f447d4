/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SRTP (RFC 3711) of a rule (decrypt on input) and of its outputs (encrypt):
 * the configuration every control plane parses into, and the context the
 * packet path uses. Suites: AES-CM with 128, 192, 256 bit keys (RFC 6188)
 * and the NULL cipher, each with an HMAC-SHA1 tag of 80 or 32 bits; key
 * derivation rate 0. SRTCP is not handled here (handed up by rtp.c).
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
#include <linux/types.h>
#include <linux/rtpfwd.h>

#define RTPFWD_SRTP_KEY_MAX	AES_MAX_KEY_SIZE	/* master key, AES-256 */
#define RTPFWD_SRTP_SALT_LEN	14			/* master and session salt */
#define RTPFWD_SRTP_MKI_MAX	4
#define RTPFWD_SRTP_TAG_MAX	10			/* HMAC-SHA1-80 */
/* the most an output's encryption adds to a datagram */
#define RTPFWD_SRTP_TRAILER_MAX	(RTPFWD_SRTP_MKI_MAX + RTPFWD_SRTP_TAG_MAX)

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
	u8				mki_len;	/* 0: no MKI */
	u8				num_rocs;
	u8				key[RTPFWD_SRTP_KEY_MAX];
	u8				salt[RTPFWD_SRTP_SALT_LEN];
	u8				mki[RTPFWD_SRTP_MKI_MAX];
	struct rtpfwd_srtp_roc_cfg	rocs[RTPFWD_SSRCS_MAX];
};

/* The index state of one SSRC; all but @id under @lock. */
struct rtpfwd_srtp_slot {
	atomic64_t	id;		/* 0: free; else BIT_ULL(32) | ssrc */
	spinlock_t	lock;
	bool		started;	/* @s_l is a sequence number seen */
	u16		s_l;		/* highest sequence number (RFC 3711 3.3.1) */
	u32		roc;		/* its rollover counter */
	u64		window[2];	/* bit n: index (highest - n) seen (input) */
} ____cacheline_aligned_in_smp;

struct crypto_shash;

struct rtpfwd_srtp {
	u8			suite;
	bool			cipher;		/* false: NULL cipher */
	u8			tag_len;
	u8			mki_len;
	u8			mki[RTPFWD_SRTP_MKI_MAX];
	u8			salt[RTPFWD_SRTP_SALT_LEN];	/* session salt */
	struct crypto_aes_ctx	aes;		/* session encryption key */
	struct crypto_shash	*hmac;		/* hmac(sha1), session auth key set */
	struct rtpfwd_srtp_slot	slots[RTPFWD_SSRCS_MAX];
};

int rtpfwd_srtp_cfg_validate(const struct rtpfwd_srtp_cfg *cfg, struct netlink_ext_ack *extack);
struct rtpfwd_srtp *rtpfwd_srtp_create(const struct rtpfwd_srtp_cfg *cfg);
void rtpfwd_srtp_destroy(struct rtpfwd_srtp *srtp);
bool rtpfwd_srtp_slot_roc(struct rtpfwd_srtp *srtp, unsigned int idx, u32 *ssrc, u32 *roc);
bool rtpfwd_srtp_last_index(struct rtpfwd_srtp *srtp, __be32 ssrc, u64 *index);
/* AES-CM keystream XORed into @data (srtp_keys.c; packets use it too) */
void rtpfwd_srtp_ctr_xor(const struct crypto_aes_ctx *aes, const u8 iv[14],
			 u8 *data, unsigned int len);

/* What SRTP adds to an RTP packet: MKI and tag. */
static inline unsigned int rtpfwd_srtp_trailer(const struct rtpfwd_srtp *srtp)
{
	return srtp->mki_len + srtp->tag_len;
}

int rtpfwd_srtp_decrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			unsigned int *len);
int rtpfwd_srtp_encrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			unsigned int *len);

#endif /* _RTPFWD_SRTP_H */
