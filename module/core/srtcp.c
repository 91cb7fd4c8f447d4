// SPDX-License-Identifier: GPL-2.0-only
/*
 * SRTCP (RFC 3711 3.4) transforms of RTCP packets, for rules that forward
 * RTCP (RTPFWD_RULE_F_RTCP):
 *
 *   | RTCP header, sender SSRC (8 bytes, clear) | rest of the compound
 *   packet (encrypted when E is set) | E flag, 31-bit SRTCP index | MKI |
 *   tag (80 bits, HMAC-SHA1 over all that precedes it) |
 *
 * The keys (labels 3..5) and the per SSRC index and replay window are the
 * context's rtcp part (srtp_keys.c); the window and the counter mode are
 * SRTP's (srtp.c). An SRTCP index is sent explicitly, so nothing is
 * estimated: a received one is checked against the window, a sent one is
 * the SSRC's previous one plus 1 (from 0). An index is never sent twice
 * under one key (that would reuse keystream): after 2^31 packets of one
 * SSRC, RFC 3711 9.2's re-keying point, its copies are refused until the
 * rule is replaced with a new key (decades away at a call's RTCP rate).
 *
 * Must not: allocate, sleep, or change a packet that failed authentication
 * (it is handed to the local socket untouched).
 */
#include <crypto/algapi.h>
#include <crypto/sha1.h>
#include <linux/skbuff.h>
#include <linux/string.h>

#include "srtp.h"

#define RTPFWD_RTCP_HDR_LEN	8	/* header and sender SSRC: never encrypted */
#define RTPFWD_SRTCP_E		BIT(31)
#define RTPFWD_SRTCP_INDEX_MAX	(RTPFWD_SRTCP_E - 1)

static __be32 rtpfwd_rtcp_ssrc(const u8 *p)
{
	__be32 ssrc;

	memcpy(&ssrc, p + 4, sizeof(ssrc));
	return ssrc;
}

/*
 * Encrypts or decrypts the SRTCP packet @p of @len bytes (E flag and index
 * word not counted) after its first 8 bytes: counter or f8 mode, the IV
 * from the SSRC and the index (and with f8 the E flag and the first word).
 */
static void rtpfwd_srtcp_crypt(const struct rtpfwd_srtp *srtp, u8 *p, __be32 word,
			       unsigned int len)
{
	u8 *data = p + RTPFWD_RTCP_HDR_LEN;

	if (srtp->f8)
		rtpfwd_srtp_f8_rtcp(&srtp->rtcp->keys, p, word, data, len - RTPFWD_RTCP_HDR_LEN);
	else
		rtpfwd_srtp_crypt_index(&srtp->rtcp->keys, p + 4,
					be32_to_cpu(word) & RTPFWD_SRTCP_INDEX_MAX,
					data, len - RTPFWD_RTCP_HDR_LEN);
}

/*
 * Replay check, authentication and, when both pass, the window update of
 * the SRTCP packet @p, whose E flag and index word ends at @auth_len.
 * Context: @slot->lock held (or @slot is a caller's private one).
 */
static int rtpfwd_srtcp_verify(const struct rtpfwd_srtp *srtp, struct rtpfwd_srtp_slot *slot,
			       const u8 *p, unsigned int auth_len, u32 index)
{
	u8 tag[SHA1_DIGEST_SIZE];

	if (rtpfwd_srtp_replayed(slot, index))
		return -EALREADY;
	if (rtpfwd_srtp_hmac(&srtp->rtcp->keys, p, auth_len, NULL, 0, tag) ||
	    crypto_memneq(tag, p + auth_len + srtp->mki_len, RTPFWD_SRTCP_TAG_LEN))
		return -EBADMSG;
	rtpfwd_srtp_seen(slot, index);
	return 0;
}

/**
 * rtpfwd_srtcp_send_index() - the SRTCP index of @ssrc's next sent packet
 * @slots: the context's SRTCP slots
 * @ssrc: the sender SSRC
 * @index: set to the previous one plus 1 (from 0), recorded as sent
 *
 * Context: BHs off.
 * Return: 0, -ENOSPC (no slot for @ssrc), -EOVERFLOW (2^31 used: re-key).
 */
int rtpfwd_srtcp_send_index(struct rtpfwd_srtp_slot *slots, __be32 ssrc, u32 *index)
{
	struct rtpfwd_srtp_slot *slot = rtpfwd_srtp_slot(slots, ssrc, true);

	if (!slot)
		return -ENOSPC;
	spin_lock(&slot->lock);
	if (slot->started && slot->highest >= RTPFWD_SRTCP_INDEX_MAX) {
		spin_unlock(&slot->lock);
		return -EOVERFLOW;
	}
	*index = slot->started ? slot->highest + 1 : 0;
	rtpfwd_srtp_seen(slot, *index);
	spin_unlock(&slot->lock);
	return 0;
}

/**
 * rtpfwd_srtcp_decrypt() - authenticate and decrypt one SRTCP packet in place
 * @srtp: the rule's context, with SRTCP
 * @skb: the packet; made writable here
 * @off: the UDP payload's offset from @skb->data
 * @len: its length; on success, the length of the plain RTCP packet (the
 *	caller trims the skb and fixes the headers)
 *
 * A packet without the E flag was only authenticated by its sender: it is
 * accepted as it is (RFC 3711 3.4).
 * Return: as rtpfwd_srtp_decrypt().
 * Context: BHs off.
 */
int rtpfwd_srtcp_decrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			 unsigned int *len)
{
	unsigned int trailer = rtpfwd_srtcp_trailer(srtp), auth_len, rtcp_len;
	struct rtpfwd_srtp_slot *slot;
	__be32 word;
	u32 index;
	int err;
	u8 *p;

	if (!srtp->rtcp || *len < RTPFWD_RTCP_HDR_LEN + trailer)
		return -EINVAL;
	rtcp_len = *len - trailer;
	auth_len = rtcp_len + RTPFWD_SRTCP_INDEX_LEN;
	if (skb_ensure_writable(skb, off + *len))
		return -ENOMEM;
	p = skb->data + off;
	if (srtp->aead)
		return rtpfwd_srtcp_gcm_decrypt(srtp, p, len);
	if (srtp->mki_len && memcmp(p + auth_len, srtp->mki, srtp->mki_len))
		return -EBADMSG;
	memcpy(&word, p + rtcp_len, sizeof(word));
	index = be32_to_cpu(word) & ~RTPFWD_SRTCP_E;

	/* a new SSRC claims a slot only with an authentic packet, as in SRTP */
	slot = rtpfwd_srtp_slot(srtp->rtcp->slots, rtpfwd_rtcp_ssrc(p), false);
	if (!slot) {
		struct rtpfwd_srtp_slot fresh = {};

		err = rtpfwd_srtcp_verify(srtp, &fresh, p, auth_len, index);
		if (err)
			return err;
		slot = rtpfwd_srtp_slot(srtp->rtcp->slots, rtpfwd_rtcp_ssrc(p), true);
		if (!slot)
			return -ENOSPC;
	}
	spin_lock(&slot->lock);
	err = rtpfwd_srtcp_verify(srtp, slot, p, auth_len, index);
	spin_unlock(&slot->lock);
	if (err)
		return err;

	if (srtp->cipher && (be32_to_cpu(word) & RTPFWD_SRTCP_E))
		rtpfwd_srtcp_crypt(srtp, p, word, rtcp_len);
	*len = rtcp_len;
	return 0;
}

/**
 * rtpfwd_srtcp_encrypt() - turn one RTCP packet into SRTCP in place
 * @srtp: the output's context, with SRTCP
 * @skb: the packet (an output's own copy); made writable, grown by the
 *	index, MKI and tag at its end (the UDP payload must end the skb)
 * @off: the UDP payload's offset from @skb->data
 * @len: its length; on success, the length of the SRTCP packet
 *
 * Encrypted (E set) unless the suite's cipher is NULL.
 * Return: 0; -EINVAL: not an RTCP packet; -ENOSPC: no slot for its SSRC;
 * -EOVERFLOW: the SSRC used up its 2^31 indexes (re-key); -ENOMEM.
 * Context: BHs off.
 */
int rtpfwd_srtcp_encrypt(struct rtpfwd_srtp *srtp, struct sk_buff *skb, unsigned int off,
			 unsigned int *len)
{
	unsigned int trailer = rtpfwd_srtcp_trailer(srtp);
	u8 tag[SHA1_DIGEST_SIZE], *p;
	__be32 word;
	u32 index;
	int err;

	if (!srtp->rtcp || *len < RTPFWD_RTCP_HDR_LEN)
		return -EINVAL;
	err = rtpfwd_srtp_make_room(skb, off + *len, trailer);
	if (err)
		return err;
	p = skb->data + off;
	if (srtp->aead) {
		err = rtpfwd_srtcp_gcm_encrypt(srtp, p, len);
		if (!err)
			skb_put(skb, trailer);
		return err;
	}
	err = rtpfwd_srtcp_send_index(srtp->rtcp->slots, rtpfwd_rtcp_ssrc(p), &index);
	if (err)
		return err;

	word = cpu_to_be32(index | (srtp->cipher ? RTPFWD_SRTCP_E : 0));
	if (srtp->cipher)
		rtpfwd_srtcp_crypt(srtp, p, word, *len);
	skb_put(skb, trailer);
	memcpy(p + *len, &word, sizeof(word));
	err = rtpfwd_srtp_hmac(&srtp->rtcp->keys, p, *len + sizeof(word), NULL, 0, tag);
	if (err)
		return err;
	memcpy(p + *len + sizeof(word), srtp->mki, srtp->mki_len);
	memcpy(p + *len + sizeof(word) + srtp->mki_len, tag, RTPFWD_SRTCP_TAG_LEN);
	*len += trailer;
	return 0;
}
