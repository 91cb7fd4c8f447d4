// SPDX-License-Identifier: GPL-2.0-only
/*
 * SRTP (RFC 3711) transforms of RTP packets: AES counter mode encryption,
 * HMAC-SHA1 authentication, the packet index per SSRC (Appendix A) and the
 * replay window (section 3.3.2), which SRTCP (srtcp.c) shares; contexts
 * and keys are srtp_keys.c's. See srtp.h for what a context is and its
 * locking.
 *
 * The keystream comes from the AES library (aes_encrypt() per 16-byte
 * block) rather than a "ctr(aes)" skcipher: the packet is linear by the
 * time it is transformed, the library needs no request, no scatterlist and
 * no allocation, and it is built into every kernel we target. The HMAC is
 * a "hmac(sha1)" shash allocated with the context; its descriptor lives on
 * the stack.
 *
 * Unauthenticated SRTP (RFC 4568 6.3.5; tag_len 0) has no tag to check:
 * every packet is taken as authentic, for its index, the replay window
 * and a new SSRC's slot alike. RFC 3711 9.5 says what that costs; it is
 * the signalling's choice, not ours. Its SRTCP keeps the 80-bit tag.
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
#define RTPFWD_SRTP_WINDOW	128	/* replay window, packets */

/* The slot of @ssrc in @slots, claimed if new and @claim; NULL when none is. */
struct rtpfwd_srtp_slot *rtpfwd_srtp_slot(struct rtpfwd_srtp_slot *slots, __be32 ssrc,
					  bool claim)
{
	u64 want = BIT_ULL(32) | be32_to_cpu(ssrc), id;
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		id = atomic64_read(&slots[i].id);
		if (!id && !claim)
			return NULL;	/* slots fill in order: not there */
		if (!id)
			id = atomic64_cmpxchg(&slots[i].id, 0, want) ?: want;
		if (id == want)
			return &slots[i];
	}
	return NULL;
}

/*
 * The length of the RTP header (fixed part, CSRCs, extension) at @p, of a
 * packet of @len bytes without its SRTP trailer; < 0 if it does not fit.
 */
int rtpfwd_srtp_hdr_len(const u8 *p, unsigned int len)
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
bool rtpfwd_srtp_guess_roc(const struct rtpfwd_srtp_slot *slot, u16 seq, u32 *roc)
{
	u32 s_l = (u16)slot->highest;

	*roc = slot->highest >> 16;
	if (!slot->started)
		return true;
	if (s_l < 0x8000) {
		if (seq > s_l + 0x8000) {
			if (!*roc)
				return false;
			(*roc)--;
		}
	} else if (seq < s_l - 0x8000) {
		(*roc)++;
	}
	return true;
}

/* Seen already, or older than the window? Before authentication. */
bool rtpfwd_srtp_replayed(const struct rtpfwd_srtp_slot *slot, u64 index)
{
	u64 delta;

	if (!slot->started || index > slot->highest)
		return false;
	delta = slot->highest - index;
	if (delta >= RTPFWD_SRTP_WINDOW)
		return true;
	return slot->window[delta / 64] & BIT_ULL(delta % 64);
}

/* @index is authentic (or being sent): it becomes the highest or is marked. */
void rtpfwd_srtp_seen(struct rtpfwd_srtp_slot *slot, u64 index)
{
	u64 shift;

	if (!slot->started || index > slot->highest) {
		shift = slot->started ? index - slot->highest : RTPFWD_SRTP_WINDOW;
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
		slot->highest = index;
		return;
	}
	shift = slot->highest - index;
	if (shift < RTPFWD_SRTP_WINDOW)
		slot->window[shift / 64] |= BIT_ULL(shift % 64);
}

/**
 * rtpfwd_srtp_send_roc() - the ROC a sent packet of @ssrc with @seq takes
 * @slots: the context's SRTP slots
 * @ssrc: the packet's SSRC
 * @seq: its sequence number
 * @roc: set to its rollover counter (moves on when the sequence wraps)
 *
 * The index is recorded as sent. Context: BHs off.
 * Return: 0 or -ENOSPC (no slot for @ssrc).
 */
int rtpfwd_srtp_send_roc(struct rtpfwd_srtp_slot *slots, __be32 ssrc, u16 seq, u32 *roc)
{
	struct rtpfwd_srtp_slot *slot = rtpfwd_srtp_slot(slots, ssrc, true);

	if (!slot)
		return -ENOSPC;
	spin_lock(&slot->lock);
	if (!rtpfwd_srtp_guess_roc(slot, seq, roc))
		*roc = 0;	/* from before the first packet: cannot be expressed */
	rtpfwd_srtp_seen(slot, rtpfwd_srtp_index(*roc, seq));
	spin_unlock(&slot->lock);
	return 0;
}

/**
 * rtpfwd_srtp_claim_seen() - a new SSRC's slot, after its first authentic packet
 * @slots: SRTP's or SRTCP's slots
 * @ssrc: the SSRC
 * @index: the packet's index, opened already against a fresh slot's state
 *
 * For transforms that cannot check a packet twice (AEAD decrypts as it
 * checks): the slot is claimed and the index recorded, unless a copy of the
 * packet got there first on another CPU. Context: BHs off.
 * Return: 0, -ENOSPC (no slot left), -EALREADY (a replay).
 */
int rtpfwd_srtp_claim_seen(struct rtpfwd_srtp_slot *slots, __be32 ssrc, u64 index)
{
	struct rtpfwd_srtp_slot *slot = rtpfwd_srtp_slot(slots, ssrc, true);
	int err;

	if (!slot)
		return -ENOSPC;
	spin_lock(&slot->lock);
	err = rtpfwd_srtp_replayed(slot, index) ? -EALREADY : 0;
	if (!err)
		rtpfwd_srtp_seen(slot, index);
	spin_unlock(&slot->lock);
	return err;
}

/* The first bytes of HMAC-SHA1(auth key, @data || @more) in @tag (20 bytes). */
int rtpfwd_srtp_hmac(const struct rtpfwd_srtp_keys *keys, const u8 *data, unsigned int len,
		     const u8 *more, unsigned int more_len, u8 *tag)
{
	SHASH_DESC_ON_STACK(desc, keys->hmac);
	int err;

	desc->tfm = keys->hmac;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, data, len) ?:
	      crypto_shash_finup(desc, more, more_len, tag);
	shash_desc_zero(desc);
	return err;
}

/* SRTP's tag: the HMAC of the packet and its ROC (RFC 3711 4.2). */
static int rtpfwd_srtp_tag(const struct rtpfwd_srtp *srtp, const u8 *data, unsigned int len,
			   u32 roc, u8 tag[SHA1_DIGEST_SIZE])
{
	__be32 roc_be = cpu_to_be32(roc);

	return rtpfwd_srtp_hmac(&srtp->keys, data, len, (const u8 *)&roc_be, sizeof(roc_be),
				tag);
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
	/* unauthenticated SRTP: nothing to check, every index is taken as is */
	if (srtp->tag_len && (rtpfwd_srtp_tag(srtp, p, len, *roc, tag) ||
			      crypto_memneq(tag, p + len + srtp->mki_len, srtp->tag_len)))
		return -EBADMSG;
	rtpfwd_srtp_seen(slot, rtpfwd_srtp_index(*roc, seq));
	return 0;
}

/*
 * AES counter mode over @data with the IV of @ssrc (4 bytes, any alignment)
 * and @index (48 bits; SRTCP's has 31): (salt * 2^16) XOR (SSRC * 2^64) XOR
 * (index * 2^16), RFC 3711 4.1.1.
 */
void rtpfwd_srtp_crypt_index(const struct rtpfwd_srtp_keys *keys, const u8 *ssrc, u64 index,
			     u8 *data, unsigned int len)
{
	u8 iv[14];
	int i;

	memcpy(iv, keys->salt, sizeof(iv));
	crypto_xor(iv + 4, ssrc, 4);
	for (i = 0; i < 6; i++)
		iv[8 + i] ^= index >> (40 - 8 * i);
	rtpfwd_srtp_ctr_xor(&keys->aes, iv, data, len);
}

/* Encrypts or decrypts the payload of the RTP packet @p (counter or f8 mode). */
static void rtpfwd_srtp_crypt(const struct rtpfwd_srtp *srtp, u8 *p, unsigned int hlen,
			      unsigned int len, u32 roc)
{
	if (srtp->f8)
		rtpfwd_srtp_f8_rtp(&srtp->keys, p, roc, p + hlen, len - hlen);
	else if (srtp->cipher)
		rtpfwd_srtp_crypt_index(&srtp->keys, p + 8,
					rtpfwd_srtp_index(roc, rtpfwd_rtp_seq(p)),
					p + hlen, len - hlen);
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
	if (srtp->aead)
		return rtpfwd_srtp_gcm_decrypt(srtp, p, len);
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
	slot = rtpfwd_srtp_slot(srtp->slots, rtpfwd_rtp_ssrc(p), false);
	if (!slot) {
		struct rtpfwd_srtp_slot fresh = {};

		err = rtpfwd_srtp_verify(srtp, &fresh, p, rtp_len, &roc);
		if (err)
			return err;
		slot = rtpfwd_srtp_slot(srtp->slots, rtpfwd_rtp_ssrc(p), true);
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

/*
 * An output's copy made writable with @trailer bytes of room after its
 * payload, which must end at @end, the end of @skb.
 */
int rtpfwd_srtp_make_room(struct sk_buff *skb, unsigned int end, unsigned int trailer)
{
	if (skb->len != end || skb_ensure_writable(skb, skb->len))
		return -EINVAL;
	if (skb_tailroom(skb) < trailer &&
	    pskb_expand_head(skb, 0, trailer - skb_tailroom(skb), GFP_ATOMIC))
		return -ENOMEM;
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
	u8 tag[SHA1_DIGEST_SIZE], *p;
	int hlen, err;
	u32 roc;

	err = rtpfwd_srtp_make_room(skb, off + *len, trailer);
	if (err)
		return err;
	p = skb->data + off;
	if (srtp->aead) {
		err = rtpfwd_srtp_gcm_encrypt(srtp, p, len);
		if (!err)
			skb_put(skb, trailer);
		return err;
	}
	hlen = rtpfwd_srtp_hdr_len(p, *len);
	if (hlen < 0)
		return hlen;
	err = rtpfwd_srtp_send_roc(srtp->slots, rtpfwd_rtp_ssrc(p), rtpfwd_rtp_seq(p), &roc);
	if (err)
		return err;

	rtpfwd_srtp_crypt(srtp, p, hlen, *len, roc);
	err = srtp->tag_len ? rtpfwd_srtp_tag(srtp, p, *len, roc, tag) : 0;
	if (err)
		return err;
	skb_put(skb, trailer);
	memcpy(p + *len, srtp->mki, srtp->mki_len);
	memcpy(p + *len + srtp->mki_len, tag, srtp->tag_len);
	*len += trailer;
	return 0;
}
