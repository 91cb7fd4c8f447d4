// SPDX-License-Identifier: GPL-2.0-only
/*
 * SRTP (RFC 3711) transforms of RTP packets: key derivation, AES counter
 * mode, HMAC-SHA1 authentication, the packet index per SSRC (Appendix A)
 * and the replay window (section 3.3.2). See srtp.h for what a context is
 * and its locking.
 *
 * The keystream comes from the AES library (aes_encrypt() per 16-byte
 * block) rather than a "ctr(aes)" skcipher: the packet is linear by the
 * time it is transformed, the library needs no request, no scatterlist and
 * no allocation, and it is built into every kernel we target. The HMAC is
 * a "hmac(sha1)" shash allocated with the context; its descriptor lives on
 * the stack.
 *
 * Must not: allocate, sleep, or change a packet that failed authentication
 * (it is handed to the local socket untouched).
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/sha1.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "srtp.h"

#define RTPFWD_RTP_HDR_LEN	12
#define RTPFWD_SRTP_AUTH_KEY_LEN 20	/* HMAC-SHA1 session key, 160 bits */
#define RTPFWD_SRTP_WINDOW	128	/* replay window, packets */

/* RFC 3711 4.3.1 key derivation labels (3..5: SRTCP, not yet) */
enum {
	RTPFWD_SRTP_LABEL_ENCRYPTION,
	RTPFWD_SRTP_LABEL_AUTH,
	RTPFWD_SRTP_LABEL_SALT,
};

struct rtpfwd_srtp_suite_info {
	u8	key_len;	/* master key = session encryption key */
	u8	tag_len;
	bool	cipher;
};

static const struct rtpfwd_srtp_suite_info rtpfwd_srtp_suites[] = {
	[RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_80] = { AES_KEYSIZE_128, 10, true },
	[RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_32] = { AES_KEYSIZE_128, 4, true },
	[RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_80]	    = { AES_KEYSIZE_128, 10, false },
	[RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_32]	    = { AES_KEYSIZE_128, 4, false },
	[RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_80] = { AES_KEYSIZE_192, 10, true },
	[RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_32] = { AES_KEYSIZE_192, 4, true },
	[RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_80] = { AES_KEYSIZE_256, 10, true },
	[RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_32] = { AES_KEYSIZE_256, 4, true },
};

/**
 * rtpfwd_srtp_cfg_validate() - check one direction's SRTP parameters
 * @cfg: the parameters; suite RTPFWD_SRTP_SUITE_NONE is valid (no SRTP)
 * @extack: where to explain a rejection, or NULL
 *
 * Return: 0 or -EINVAL.
 */
int rtpfwd_srtp_cfg_validate(const struct rtpfwd_srtp_cfg *cfg, struct netlink_ext_ack *extack)
{
	unsigned int i, j;

	if (cfg->suite == RTPFWD_SRTP_SUITE_NONE)
		return 0;
	if (cfg->suite > RTPFWD_SRTP_SUITE_MAX) {
		NL_SET_ERR_MSG(extack, "unknown SRTP suite");
		return -EINVAL;
	}
	if (cfg->key_len != rtpfwd_srtp_suites[cfg->suite].key_len) {
		NL_SET_ERR_MSG(extack, "SRTP master key of the wrong length for its suite");
		return -EINVAL;
	}
	if (cfg->mki_len > RTPFWD_SRTP_MKI_MAX || cfg->num_rocs > RTPFWD_SSRCS_MAX) {
		NL_SET_ERR_MSG(extack, "SRTP MKI longer than 4 bytes or too many SSRCs");
		return -EINVAL;
	}
	for (i = 0; i < cfg->num_rocs; i++)
		for (j = 0; j < i; j++)
			if (cfg->rocs[i].ssrc == cfg->rocs[j].ssrc) {
				NL_SET_ERR_MSG(extack,
					       "duplicate SSRC in the SRTP rollover counters");
				return -EINVAL;
			}
	return 0;
}

/*
 * AES counter mode keystream XORed into @data: the counter block is @iv
 * (14 bytes, the rest zero) with the block number in its last 16 bits, as
 * both the key derivation PRF (4.3.3) and packet encryption (4.1.1) use it.
 */
static void rtpfwd_srtp_ctr_xor(const struct crypto_aes_ctx *aes, const u8 iv[14],
				u8 *data, unsigned int len)
{
	u8 ctr[AES_BLOCK_SIZE], ks[AES_BLOCK_SIZE];
	unsigned int block = 0, n;

	memcpy(ctr, iv, 14);
	while (len) {
		ctr[14] = block >> 8;
		ctr[15] = block;
		aes_encrypt(aes, ks, ctr);
		n = min_t(unsigned int, len, AES_BLOCK_SIZE);
		crypto_xor(data, ks, n);
		data += n;
		len -= n;
		block++;
	}
	memzero_explicit(ks, sizeof(ks));
}

/* RFC 3711 4.3.1 with key derivation rate 0: x = salt XOR (label << 48). */
static void rtpfwd_srtp_derive(const struct crypto_aes_ctx *master, const u8 *salt, u8 label,
			       u8 *out, unsigned int len)
{
	u8 x[14];

	memcpy(x, salt, sizeof(x));
	x[7] ^= label;
	memset(out, 0, len);
	rtpfwd_srtp_ctr_xor(master, x, out, len);
}

/**
 * rtpfwd_srtp_create() - a context for @cfg, session keys derived
 * @cfg: valid parameters (rtpfwd_srtp_cfg_validate()), suite not NONE
 *
 * Context: process context (allocates with GFP_KERNEL).
 * Return: the context or an ERR_PTR().
 */
struct rtpfwd_srtp *rtpfwd_srtp_create(const struct rtpfwd_srtp_cfg *cfg)
{
	const struct rtpfwd_srtp_suite_info *info = &rtpfwd_srtp_suites[cfg->suite];
	u8 auth_key[RTPFWD_SRTP_AUTH_KEY_LEN], enc_key[AES_MAX_KEY_SIZE];
	struct crypto_aes_ctx *master;
	struct rtpfwd_srtp *srtp;
	unsigned int i;
	int err;

	srtp = kzalloc(sizeof(*srtp), GFP_KERNEL_ACCOUNT);
	master = kzalloc(sizeof(*master), GFP_KERNEL);
	if (!srtp || !master) {
		err = -ENOMEM;
		goto err_free;
	}
	srtp->suite = cfg->suite;
	srtp->cipher = info->cipher;
	srtp->tag_len = info->tag_len;
	srtp->mki_len = cfg->mki_len;
	memcpy(srtp->mki, cfg->mki, sizeof(srtp->mki));
	for (i = 0; i < RTPFWD_SSRCS_MAX; i++)
		spin_lock_init(&srtp->slots[i].lock);
	for (i = 0; i < cfg->num_rocs; i++) {
		atomic64_set(&srtp->slots[i].id, BIT_ULL(32) | be32_to_cpu(cfg->rocs[i].ssrc));
		srtp->slots[i].roc = cfg->rocs[i].roc;
	}

	err = aes_expandkey(master, cfg->key, cfg->key_len);
	if (err)
		goto err_free;
	rtpfwd_srtp_derive(master, cfg->salt, RTPFWD_SRTP_LABEL_ENCRYPTION, enc_key, cfg->key_len);
	rtpfwd_srtp_derive(master, cfg->salt, RTPFWD_SRTP_LABEL_AUTH, auth_key, sizeof(auth_key));
	rtpfwd_srtp_derive(master, cfg->salt, RTPFWD_SRTP_LABEL_SALT, srtp->salt,
			   sizeof(srtp->salt));
	err = aes_expandkey(&srtp->aes, enc_key, cfg->key_len);
	if (err)
		goto err_free;

	srtp->hmac = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(srtp->hmac)) {
		err = PTR_ERR(srtp->hmac);
		srtp->hmac = NULL;
		goto err_free;
	}
	err = crypto_shash_setkey(srtp->hmac, auth_key, sizeof(auth_key));
	if (err)
		goto err_free;
	memzero_explicit(auth_key, sizeof(auth_key));
	memzero_explicit(enc_key, sizeof(enc_key));
	kfree_sensitive(master);
	return srtp;

err_free:
	memzero_explicit(auth_key, sizeof(auth_key));
	memzero_explicit(enc_key, sizeof(enc_key));
	kfree_sensitive(master);
	rtpfwd_srtp_destroy(srtp);
	return ERR_PTR(err);
}

/**
 * rtpfwd_srtp_destroy() - free a context, keys zeroized
 * @srtp: the context, or NULL; unreachable (after the rule's grace period)
 *
 * Context: process context.
 */
void rtpfwd_srtp_destroy(struct rtpfwd_srtp *srtp)
{
	if (!srtp)
		return;
	crypto_free_shash(srtp->hmac);	/* zeroizes the HMAC key with the tfm */
	kfree_sensitive(srtp);
}

/**
 * rtpfwd_srtp_slot_roc() - the SSRC and rollover counter of slot @idx
 * @srtp: the context
 * @idx: 0 .. RTPFWD_SSRCS_MAX - 1
 * @ssrc: set to the SSRC
 * @roc: set to its rollover counter
 *
 * Return: false when the slot is free (no later slot is in use either).
 */
bool rtpfwd_srtp_slot_roc(struct rtpfwd_srtp *srtp, unsigned int idx, u32 *ssrc, u32 *roc)
{
	struct rtpfwd_srtp_slot *slot = &srtp->slots[idx];
	u64 id = atomic64_read(&slot->id);

	if (!id)
		return false;
	*ssrc = (u32)id;
	spin_lock_bh(&slot->lock);
	*roc = slot->roc;
	spin_unlock_bh(&slot->lock);
	return true;
}

/* The slot of @ssrc, claimed if new and @claim; NULL when none is. */
static struct rtpfwd_srtp_slot *rtpfwd_srtp_slot(struct rtpfwd_srtp *srtp, __be32 ssrc,
						 bool claim)
{
	u64 want = BIT_ULL(32) | be32_to_cpu(ssrc), id;
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		id = atomic64_read(&srtp->slots[i].id);
		if (!id && !claim)
			return NULL;	/* slots fill in order: not there */
		if (!id)
			id = atomic64_cmpxchg(&srtp->slots[i].id, 0, want) ?: want;
		if (id == want)
			return &srtp->slots[i];
	}
	return NULL;
}

/*
 * The length of the RTP header (fixed part, CSRCs, extension) at @p, of a
 * packet of @len bytes without its SRTP trailer; < 0 if it does not fit.
 */
static int rtpfwd_srtp_hdr_len(const u8 *p, unsigned int len)
{
	unsigned int hlen;

	if (len < RTPFWD_RTP_HDR_LEN || (p[0] >> 6) != 2)
		return -EINVAL;
	hlen = RTPFWD_RTP_HDR_LEN + 4 * (p[0] & 0x0f);
	if (p[0] & 0x10) {
		if (hlen + 4 > len)
			return -EINVAL;
		hlen += 4 + 4 * (p[hlen + 2] << 8 | p[hlen + 3]);
	}
	return hlen <= len ? hlen : -EINVAL;
}

/*
 * RFC 3711 Appendix A: the rollover counter of sequence number @seq, from
 * the highest one seen. Returns false for a packet from before ROC 0 (only
 * a replay or garbage can be that old).
 */
static bool rtpfwd_srtp_guess_roc(const struct rtpfwd_srtp_slot *slot, u16 seq, u32 *roc)
{
	*roc = slot->roc;
	if (!slot->started)
		return true;
	if (slot->s_l < 0x8000) {
		if (seq > slot->s_l + 0x8000) {
			if (!slot->roc)
				return false;
			*roc = slot->roc - 1;
		}
	} else if (seq < slot->s_l - 0x8000) {
		*roc = slot->roc + 1;
	}
	return true;
}

/* The sequence number and SSRC of the RTP header at @p (any alignment). */
static u16 rtpfwd_rtp_seq(const u8 *p)
{
	return p[2] << 8 | p[3];
}

static __be32 rtpfwd_rtp_ssrc(const u8 *p)
{
	__be32 ssrc;

	memcpy(&ssrc, p + 8, sizeof(ssrc));
	return ssrc;
}

static u64 rtpfwd_srtp_index(u32 roc, u16 seq)
{
	return (u64)roc << 16 | seq;
}

static u64 rtpfwd_srtp_highest(const struct rtpfwd_srtp_slot *slot)
{
	return rtpfwd_srtp_index(slot->roc, slot->s_l);
}

/* Seen already, or older than the window? Before authentication. */
static bool rtpfwd_srtp_replayed(const struct rtpfwd_srtp_slot *slot, u64 index)
{
	u64 highest = rtpfwd_srtp_highest(slot), delta;

	if (!slot->started || index > highest)
		return false;
	delta = highest - index;
	if (delta >= RTPFWD_SRTP_WINDOW)
		return true;
	return slot->window[delta / 64] & BIT_ULL(delta % 64);
}

/* @index is authentic (or being sent): it becomes the highest or is marked. */
static void rtpfwd_srtp_seen(struct rtpfwd_srtp_slot *slot, u32 roc, u16 seq)
{
	u64 index = rtpfwd_srtp_index(roc, seq), highest = rtpfwd_srtp_highest(slot), shift;

	if (!slot->started || index > highest) {
		shift = slot->started ? index - highest : RTPFWD_SRTP_WINDOW;
		if (shift >= RTPFWD_SRTP_WINDOW) {
			slot->window[1] = 0;
			slot->window[0] = 0;
		} else if (shift >= 64) {
			slot->window[1] = slot->window[0] << (shift - 64);
			slot->window[0] = 0;
		} else {
			slot->window[1] = slot->window[1] << shift |
					  slot->window[0] >> (64 - shift);
			slot->window[0] <<= shift;
		}
		slot->window[0] |= 1;
		slot->started = true;
		slot->roc = roc;
		slot->s_l = seq;
		return;
	}
	shift = highest - index;
	if (shift < RTPFWD_SRTP_WINDOW)
		slot->window[shift / 64] |= BIT_ULL(shift % 64);
}

/* The first @tag_len bytes of HMAC-SHA1(auth key, @data || ROC). */
static int rtpfwd_srtp_tag(const struct rtpfwd_srtp *srtp, const u8 *data, unsigned int len,
			   u32 roc, u8 tag[SHA1_DIGEST_SIZE])
{
	SHASH_DESC_ON_STACK(desc, srtp->hmac);
	__be32 roc_be = cpu_to_be32(roc);
	int err;

	desc->tfm = srtp->hmac;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, data, len) ?:
	      crypto_shash_finup(desc, (const u8 *)&roc_be, sizeof(roc_be), tag);
	shash_desc_zero(desc);
	return err;
}

/*
 * Replay check, authentication and, when both pass, the window update of
 * the packet @p (@len bytes and its trailer) in @slot; @roc is its ROC.
 * Context: @slot->lock held.
 */
static int rtpfwd_srtp_verify(const struct rtpfwd_srtp *srtp, struct rtpfwd_srtp_slot *slot,
			      const u8 *p, unsigned int len, u32 *roc)
{
	u16 seq = rtpfwd_rtp_seq(p);
	u8 tag[SHA1_DIGEST_SIZE];

	if (!rtpfwd_srtp_guess_roc(slot, seq, roc) ||
	    rtpfwd_srtp_replayed(slot, rtpfwd_srtp_index(*roc, seq)))
		return -EALREADY;
	if (rtpfwd_srtp_tag(srtp, p, len, *roc, tag) ||
	    crypto_memneq(tag, p + len + srtp->mki_len, srtp->tag_len))
		return -EBADMSG;
	rtpfwd_srtp_seen(slot, *roc, seq);
	return 0;
}

/* Encrypts or decrypts the payload of the RTP packet @p (counter mode). */
static void rtpfwd_srtp_crypt(const struct rtpfwd_srtp *srtp, u8 *p, unsigned int hlen,
			      unsigned int len, u32 roc)
{
	u64 index = rtpfwd_srtp_index(roc, rtpfwd_rtp_seq(p));
	u8 iv[14];
	int i;

	if (!srtp->cipher)
		return;
	/* IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), 4.1.1 */
	memcpy(iv, srtp->salt, sizeof(iv));
	crypto_xor(iv + 4, p + 8, 4);
	for (i = 0; i < 6; i++)
		iv[8 + i] ^= index >> (40 - 8 * i);
	rtpfwd_srtp_ctr_xor(&srtp->aes, iv, p + hlen, len - hlen);
}

/**
 * rtpfwd_srtp_decrypt() - authenticate and decrypt one SRTP packet in place
 * @srtp: the rule's context
 * @skb: the packet; made writable here
 * @off: the UDP payload's offset from @skb->data
 * @len: its length; on success, the length of the plain RTP packet (the
 *	caller trims the skb and fixes the headers)
 *
 * Return: 0; -EBADMSG: authentication failed (or an unknown MKI), the
 * packet is unchanged; -EALREADY: a replay (or older than the window);
 * -EINVAL: not an SRTP packet; -ENOSPC: no slot for its SSRC; -ENOMEM.
 * Context: BHs off.
 */
int rtpfwd_srtp_decrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			unsigned int *len)
{
	unsigned int trailer = rtpfwd_srtp_trailer(srtp), rtp_len;
	struct rtpfwd_srtp_slot *slot;
	int hlen, err;
	u32 roc;
	u8 *p;

	if (*len < RTPFWD_RTP_HDR_LEN + trailer)
		return -EINVAL;
	rtp_len = *len - trailer;
	if (skb_ensure_writable(skb, off + *len))
		return -ENOMEM;
	p = skb->data + off;
	hlen = rtpfwd_srtp_hdr_len(p, rtp_len);
	if (hlen < 0)
		return hlen;
	if (srtp->mki_len && memcmp(p + rtp_len, srtp->mki, srtp->mki_len))
		return -EBADMSG;

	/*
	 * A new SSRC claims a slot only once a packet of it is authentic
	 * (checked against a fresh slot's state, ROC 0): forged packets of
	 * random SSRCs cannot use the slots up. Then the whole check again,
	 * under the slot's lock, as for any packet.
	 */
	slot = rtpfwd_srtp_slot(srtp, rtpfwd_rtp_ssrc(p), false);
	if (!slot) {
		struct rtpfwd_srtp_slot fresh = {};

		err = rtpfwd_srtp_verify(srtp, &fresh, p, rtp_len, &roc);
		if (err)
			return err;
		slot = rtpfwd_srtp_slot(srtp, rtpfwd_rtp_ssrc(p), true);
		if (!slot)
			return -ENOSPC;
	}
	spin_lock(&slot->lock);
	err = rtpfwd_srtp_verify(srtp, slot, p, rtp_len, &roc);
	spin_unlock(&slot->lock);
	if (err)
		return err;

	rtpfwd_srtp_crypt(srtp, p, hlen, rtp_len, roc);
	*len = rtp_len;
	return 0;
}

/**
 * rtpfwd_srtp_encrypt() - turn one RTP packet into SRTP in place
 * @srtp: the output's context
 * @skb: the packet (an output's own copy); made writable, grown by the
 *	MKI and tag at its end (the UDP payload must end the skb)
 * @off: the UDP payload's offset from @skb->data
 * @len: its length; on success, the length of the SRTP packet
 *
 * Return: 0; -EINVAL: not an RTP packet; -ENOSPC: no slot for its SSRC;
 * -ENOMEM.
 * Context: BHs off.
 */
int rtpfwd_srtp_encrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			unsigned int *len)
{
	unsigned int trailer = rtpfwd_srtp_trailer(srtp);
	struct rtpfwd_srtp_slot *slot;
	u8 tag[SHA1_DIGEST_SIZE], *p;
	int hlen, err;
	u32 roc;

	if (skb->len != off + *len || skb_ensure_writable(skb, skb->len))
		return -EINVAL;
	if (skb_tailroom(skb) < trailer &&
	    pskb_expand_head(skb, 0, trailer - skb_tailroom(skb), GFP_ATOMIC))
		return -ENOMEM;
	p = skb->data + off;
	hlen = rtpfwd_srtp_hdr_len(p, *len);
	if (hlen < 0)
		return hlen;
	slot = rtpfwd_srtp_slot(srtp, rtpfwd_rtp_ssrc(p), true);
	if (!slot)
		return -ENOSPC;

	/* the sender's index: the ROC moves on when the sequence wraps */
	spin_lock(&slot->lock);
	if (!rtpfwd_srtp_guess_roc(slot, rtpfwd_rtp_seq(p), &roc))
		roc = 0;	/* from before the first packet: cannot be expressed */
	rtpfwd_srtp_seen(slot, roc, rtpfwd_rtp_seq(p));
	spin_unlock(&slot->lock);

	rtpfwd_srtp_crypt(srtp, p, hlen, *len, roc);
	err = rtpfwd_srtp_tag(srtp, p, *len, roc, tag);
	if (err)
		return err;
	skb_put(skb, trailer);
	memcpy(p + *len, srtp->mki, srtp->mki_len);
	memcpy(p + *len + srtp->mki_len, tag, srtp->tag_len);
	*len += trailer;
	return 0;
}
