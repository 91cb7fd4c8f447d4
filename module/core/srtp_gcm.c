// SPDX-License-Identifier: GPL-2.0-only
/*
 * SRTP and SRTCP with AES-GCM (RFC 7714): AEAD_AES_128_GCM and
 * AEAD_AES_256_GCM, 128-bit tags.
 *
 *   SRTP:  | RTP header (AAD) | payload (encrypted) | tag | MKI |
 *   SRTCP: | RTCP header and sender SSRC (AAD) | rest (encrypted) | tag |
 *          | E flag, 31-bit SRTCP index (AAD) | MKI |
 *   IV:    the 12-byte session salt XOR (0 0 | SSRC | ROC | SEQ) for SRTP,
 *          XOR (0 0 | SSRC | 0 0 | index) for SRTCP (RFC 7714 8.1, 9.1).
 *
 * SRTCP without the E flag (only authenticated) is accepted on input, its
 * whole packet AAD; we always send it encrypted. Indexes, rollover
 * counters and replay windows are SRTP's (srtp.c, srtcp.c), keys derived
 * as for AES-CM (srtp_keys.c).
 *
 * The transform is the kernel's "gcm(aes)" AEAD, a synchronous one (the
 * packet path cannot wait), allocated with the context. Its requests are
 * preallocated, one per possible CPU in one kmalloc'd area, each with a
 * scratch for the AAD's second part (SRTCP's index word follows the tag in
 * the packet but the header in the AAD; scatterlists need linearly mapped
 * memory, so not the stack). The packet path runs with BHs off and never
 * nests on a CPU: this CPU's request is ours until we return.
 *
 * The gcm template decrypts in place before it checks the tag. A packet
 * that fails must reach the local socket untouched, so it is encrypted back
 * (counter mode is its own inverse; the same IV gives the same keystream)
 * and its tag restored: a cost only forged and stale-key packets pay. Only
 * that template is accepted (rtpfwd_srtp_gcm_init()), since another
 * implementation might check first and leave the packet as it was.
 *
 * Must not: allocate, sleep.
 */
#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <linux/cache.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "srtp.h"

#define RTPFWD_RTCP_HDR_LEN	8
#define RTPFWD_SRTCP_E		BIT(31)
#define RTPFWD_GCM_IV_LEN	12
#define RTPFWD_GCM_SCRATCH	16	/* the AAD's second part, at most 4 bytes */

/* The big-endian word at @p, any alignment (no unaligned.h: it moved in 6.12). */
static u32 rtpfwd_be32_at(const u8 *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

/* This CPU's request; its scratch follows it. Context: BHs off. */
static struct aead_request *rtpfwd_gcm_req(const struct rtpfwd_srtp_keys *keys, u8 **scratch)
{
	u8 *area = keys->gcm_reqs + smp_processor_id() * keys->gcm_stride;

	*scratch = area;
	return (struct aead_request *)(area + RTPFWD_GCM_SCRATCH);
}

/**
 * rtpfwd_srtp_gcm_init() - the AEAD half of session keys
 * @keys: the keys; their salt derived already
 * @key: the session encryption key
 * @key_len: its length (16 or 32)
 *
 * Context: process context.
 * Return: 0, -ENOMEM, -ENOPKG (no synchronous gcm(aes), or one we do not
 * know how it fails), or the crypto API's error.
 */
int rtpfwd_srtp_gcm_init(struct rtpfwd_srtp_keys *keys, const u8 *key, unsigned int key_len)
{
	size_t req_size;
	int err;

	keys->gcm = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(keys->gcm)) {
		err = PTR_ERR(keys->gcm);
		keys->gcm = NULL;
		return err == -ENOENT ? -ENOPKG : err;
	}
	if (strncmp(crypto_aead_driver_name(keys->gcm), "gcm_base(", 9))
		return -ENOPKG;
	err = crypto_aead_setkey(keys->gcm, key, key_len) ?:
	      crypto_aead_setauthsize(keys->gcm, RTPFWD_SRTP_GCM_TAG_LEN);
	if (err)
		return err;
	req_size = sizeof(struct aead_request) + crypto_aead_reqsize(keys->gcm);
	keys->gcm_stride = ALIGN(RTPFWD_GCM_SCRATCH + req_size, SMP_CACHE_BYTES);
	keys->gcm_reqs = kcalloc(nr_cpu_ids, keys->gcm_stride, GFP_KERNEL_ACCOUNT);
	return keys->gcm_reqs ? 0 : -ENOMEM;
}

/* Context: process context; @keys unreachable. */
void rtpfwd_srtp_gcm_free(struct rtpfwd_srtp_keys *keys)
{
	crypto_free_aead(keys->gcm);
	/* the requests held IVs and the transform's state */
	kfree_sensitive(keys->gcm_reqs);
}

/*
 * GCM over @buf in place: the AAD is its first @aad_len bytes, then the
 * @aad2_len bytes at @aad2 (SRTCP's index word; 0: none); then @len bytes
 * to encrypt (a tag is written after them) or to decrypt (tag included).
 * A decryption that fails leaves @buf as it was. Context: BHs off.
 * Return: 0, -EBADMSG (authentication failed) or the crypto API's error.
 */
static int rtpfwd_gcm(const struct rtpfwd_srtp_keys *keys, const u8 iv[RTPFWD_GCM_IV_LEN],
		      u8 *buf, unsigned int aad_len, const u8 *aad2, unsigned int aad2_len,
		      unsigned int len, bool enc)
{
	u8 ivc[RTPFWD_GCM_IV_LEN], tag[RTPFWD_SRTP_GCM_TAG_LEN];
	struct scatterlist sg[3];
	struct aead_request *req;
	unsigned int n = 0;
	u8 *scratch;
	int err;

	req = rtpfwd_gcm_req(keys, &scratch);
	sg_init_table(sg, aad2_len ? 3 : 2);
	sg_set_buf(&sg[n++], buf, aad_len);
	if (aad2_len) {
		memcpy(scratch, aad2, aad2_len);
		sg_set_buf(&sg[n++], scratch, aad2_len);
	}
	sg_set_buf(&sg[n], buf + aad_len, len + (enc ? RTPFWD_SRTP_GCM_TAG_LEN : 0));

	aead_request_set_tfm(req, keys->gcm);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, aad_len + aad2_len);
	/* the request may update its IV: a copy, kept for the undo below */
	memcpy(ivc, iv, sizeof(ivc));
	aead_request_set_crypt(req, sg, sg, len, ivc);
	if (enc)
		return crypto_aead_encrypt(req);

	memcpy(tag, buf + aad_len + len - sizeof(tag), sizeof(tag));
	err = crypto_aead_decrypt(req);
	if (err == -EBADMSG) {
		/* the plaintext is in place: back to the ciphertext, the tag as it came */
		sg_set_buf(&sg[n], buf + aad_len, len);
		memcpy(ivc, iv, sizeof(ivc));
		aead_request_set_crypt(req, sg, sg, len - sizeof(tag), ivc);
		crypto_aead_encrypt(req);
		memcpy(buf + aad_len + len - sizeof(tag), tag, sizeof(tag));
	}
	return err;
}

/* RFC 7714 8.1 / 9.1: the session salt XOR (0 0 | SSRC | @hi | @lo). */
static void rtpfwd_gcm_iv(const struct rtpfwd_srtp_keys *keys, const u8 *ssrc, u32 hi, u16 lo,
			  u8 iv[RTPFWD_GCM_IV_LEN])
{
	__be32 hi_be = cpu_to_be32(hi);
	__be16 lo_be = cpu_to_be16(lo);

	memcpy(iv, keys->salt, RTPFWD_GCM_IV_LEN);
	crypto_xor(iv + 2, ssrc, 4);
	crypto_xor(iv + 6, (const u8 *)&hi_be, 4);
	crypto_xor(iv + 10, (const u8 *)&lo_be, 2);
}

/*
 * Replay check, authenticated decryption and, when both pass, the window
 * update of the SRTP packet @p (@len bytes, tag included, MKI not) in
 * @slot; @hlen: its header. Context: @slot->lock held, or @slot private.
 */
static int rtpfwd_srtp_gcm_open(const struct rtpfwd_srtp *srtp, struct rtpfwd_srtp_slot *slot,
				u8 *p, unsigned int hlen, unsigned int len)
{
	u16 seq = rtpfwd_rtp_seq(p);
	u8 iv[RTPFWD_GCM_IV_LEN];
	u32 roc;
	int err;

	if (!rtpfwd_srtp_guess_roc(slot, seq, &roc) ||
	    rtpfwd_srtp_replayed(slot, rtpfwd_srtp_index(roc, seq)))
		return -EALREADY;
	rtpfwd_gcm_iv(&srtp->keys, p + 8, roc, seq, iv);
	err = rtpfwd_gcm(&srtp->keys, iv, p, hlen, NULL, 0, len - hlen, false);
	if (err)
		return err == -EBADMSG ? err : -EINVAL;
	rtpfwd_srtp_seen(slot, rtpfwd_srtp_index(roc, seq));
	return 0;
}

/**
 * rtpfwd_srtp_gcm_decrypt() - rtpfwd_srtp_decrypt() of an AEAD context
 * @srtp: the context
 * @p: the packet, writable and linear
 * @len: its length; on success, the plain RTP packet's
 *
 * Return: as rtpfwd_srtp_decrypt().
 */
int rtpfwd_srtp_gcm_decrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len)
{
	unsigned int sealed = *len - srtp->mki_len;	/* header, payload, tag */
	struct rtpfwd_srtp_slot *slot;
	int hlen, err;

	hlen = rtpfwd_srtp_hdr_len(p, sealed - srtp->tag_len);
	if (hlen < 0)
		return hlen;
	if (srtp->mki_len && memcmp(p + sealed, srtp->mki, srtp->mki_len))
		return -EBADMSG;

	/*
	 * As with HMAC (srtp.c): a new SSRC claims a slot only once a packet
	 * of it is authentic. Opening decrypts, so a packet is opened once:
	 * against a fresh slot's state, then recorded in the claimed slot (a
	 * copy of it opened meanwhile on another CPU makes this one a replay).
	 */
	slot = rtpfwd_srtp_slot(srtp->slots, rtpfwd_rtp_ssrc(p), false);
	if (!slot) {
		struct rtpfwd_srtp_slot fresh = {};

		err = rtpfwd_srtp_gcm_open(srtp, &fresh, p, hlen, sealed) ?:
		      rtpfwd_srtp_claim_seen(srtp->slots, rtpfwd_rtp_ssrc(p),
					     rtpfwd_srtp_index(0, rtpfwd_rtp_seq(p)));
	} else {
		spin_lock(&slot->lock);
		err = rtpfwd_srtp_gcm_open(srtp, slot, p, hlen, sealed);
		spin_unlock(&slot->lock);
	}
	if (err)
		return err;
	*len = sealed - srtp->tag_len;
	return 0;
}

/**
 * rtpfwd_srtp_gcm_encrypt() - rtpfwd_srtp_encrypt() of an AEAD context
 * @srtp: the context
 * @p: the packet, writable and linear, with room for the trailer after it
 * @len: its length; on success, the SRTP packet's (the caller puts the room)
 *
 * Return: as rtpfwd_srtp_encrypt().
 */
int rtpfwd_srtp_gcm_encrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len)
{
	u8 iv[RTPFWD_GCM_IV_LEN];
	u16 seq;
	int hlen, err;
	u32 roc;

	hlen = rtpfwd_srtp_hdr_len(p, *len);
	if (hlen < 0)
		return hlen;
	seq = rtpfwd_rtp_seq(p);
	err = rtpfwd_srtp_send_roc(srtp->slots, rtpfwd_rtp_ssrc(p), seq, &roc);
	if (err)
		return err;
	rtpfwd_gcm_iv(&srtp->keys, p + 8, roc, seq, iv);
	err = rtpfwd_gcm(&srtp->keys, iv, p, hlen, NULL, 0, *len - hlen, true);
	if (err)
		return err;
	*len += srtp->tag_len;
	memcpy(p + *len, srtp->mki, srtp->mki_len);
	*len += srtp->mki_len;
	return 0;
}

/*
 * Replay check, authenticated decryption of SRTCP (@sealed bytes: header,
 * rest, tag; then the index word @word) and the window update.
 * Context: @slot->lock held, or @slot private.
 */
static int rtpfwd_srtcp_gcm_open(const struct rtpfwd_srtp *srtp, struct rtpfwd_srtp_slot *slot,
				 u8 *p, unsigned int sealed, const u8 *word)
{
	u32 w = rtpfwd_be32_at(word), index = w & ~RTPFWD_SRTCP_E;
	unsigned int aad = w & RTPFWD_SRTCP_E ? RTPFWD_RTCP_HDR_LEN : sealed - srtp->rtcp_tag_len;
	u8 iv[RTPFWD_GCM_IV_LEN];
	int err;

	if (rtpfwd_srtp_replayed(slot, index))
		return -EALREADY;
	rtpfwd_gcm_iv(&srtp->rtcp->keys, p + 4, index >> 16, index, iv);
	err = rtpfwd_gcm(&srtp->rtcp->keys, iv, p, aad, word, RTPFWD_SRTCP_INDEX_LEN,
			 sealed - aad, false);
	if (err)
		return err == -EBADMSG ? err : -EINVAL;
	rtpfwd_srtp_seen(slot, index);
	return 0;
}

/**
 * rtpfwd_srtcp_gcm_decrypt() - rtpfwd_srtcp_decrypt() of an AEAD context
 * @srtp: the context, with SRTCP
 * @p: the packet, writable and linear
 * @len: its length; on success, the plain RTCP packet's
 *
 * Return: as rtpfwd_srtcp_decrypt().
 */
int rtpfwd_srtcp_gcm_decrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len)
{
	unsigned int sealed = *len - srtp->mki_len - RTPFWD_SRTCP_INDEX_LEN;
	const u8 *word = p + sealed;
	struct rtpfwd_srtp_slot *slot;
	__be32 ssrc;
	int err;

	if (srtp->mki_len && memcmp(word + RTPFWD_SRTCP_INDEX_LEN, srtp->mki, srtp->mki_len))
		return -EBADMSG;
	memcpy(&ssrc, p + 4, sizeof(ssrc));
	slot = rtpfwd_srtp_slot(srtp->rtcp->slots, ssrc, false);
	if (!slot) {
		struct rtpfwd_srtp_slot fresh = {};

		err = rtpfwd_srtcp_gcm_open(srtp, &fresh, p, sealed, word) ?:
		      rtpfwd_srtp_claim_seen(srtp->rtcp->slots, ssrc,
					     rtpfwd_be32_at(word) & ~RTPFWD_SRTCP_E);
	} else {
		spin_lock(&slot->lock);
		err = rtpfwd_srtcp_gcm_open(srtp, slot, p, sealed, word);
		spin_unlock(&slot->lock);
	}
	if (err)
		return err;
	*len = sealed - srtp->rtcp_tag_len;
	return 0;
}

/**
 * rtpfwd_srtcp_gcm_encrypt() - rtpfwd_srtcp_encrypt() of an AEAD context
 * @srtp: the context, with SRTCP
 * @p: the packet, writable and linear, with room for the trailer after it
 * @len: its length; on success, the SRTCP packet's (the caller puts the room)
 *
 * Return: as rtpfwd_srtcp_encrypt().
 */
int rtpfwd_srtcp_gcm_encrypt(struct rtpfwd_srtp *srtp, u8 *p, unsigned int *len)
{
	u8 iv[RTPFWD_GCM_IV_LEN];
	__be32 ssrc, word;
	u32 index;
	int err;

	memcpy(&ssrc, p + 4, sizeof(ssrc));
	err = rtpfwd_srtcp_send_index(srtp->rtcp->slots, ssrc, &index);
	if (err)
		return err;
	word = cpu_to_be32(index | RTPFWD_SRTCP_E);
	rtpfwd_gcm_iv(&srtp->rtcp->keys, p + 4, index >> 16, index, iv);
	err = rtpfwd_gcm(&srtp->rtcp->keys, iv, p, RTPFWD_RTCP_HDR_LEN, (const u8 *)&word,
			 sizeof(word), *len - RTPFWD_RTCP_HDR_LEN, true);
	if (err)
		return err;
	*len += srtp->rtcp_tag_len;
	memcpy(p + *len, &word, sizeof(word));
	*len += sizeof(word);
	memcpy(p + *len, srtp->mki, srtp->mki_len);
	*len += srtp->mki_len;
	return 0;
}
