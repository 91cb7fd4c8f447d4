// SPDX-License-Identifier: GPL-2.0-only
/*
 * AES in f8 mode (RFC 3711 4.1.2), the cipher of the F8_128_HMAC_SHA1_*
 * suites: the packet's IV is encrypted once with the session key masked by
 * the session salt, IV' = E(k_e XOR m, IV) with m = k_s || 0x55..55; the
 * keystream blocks are S(j) = E(k_e, IV' XOR j XOR S(j - 1)), S(-1) = 0.
 * Keys derive as for AES-CM (the AES-CM PRF, 4.3.3); the masked key is
 * expanded with the context (srtp_keys.c), so a packet costs one AES block
 * more than counter mode and allocates nothing.
 *
 * Must not: sleep or allocate (the packet path).
 */
#include <crypto/algapi.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "srtp.h"

/**
 * rtpfwd_srtp_f8_init() - the masked key of an f8 context
 * @keys: the session keys, its salt derived
 * @enc_key: the session encryption key, @key_len bytes
 * @key_len: 16
 *
 * Context: process context.
 * Return: 0, -ENOMEM or aes_expandkey()'s error.
 */
int rtpfwd_srtp_f8_init(struct rtpfwd_srtp_keys *keys, const u8 *enc_key, unsigned int key_len)
{
	u8 masked[AES_MAX_KEY_SIZE];
	unsigned int i;
	int err;

	keys->f8_iv_key = kmalloc(sizeof(*keys->f8_iv_key), GFP_KERNEL_ACCOUNT);
	if (!keys->f8_iv_key)
		return -ENOMEM;
	for (i = 0; i < key_len; i++)
		masked[i] = enc_key[i] ^ (i < sizeof(keys->salt) ? keys->salt[i] : 0x55);
	err = aes_expandkey(keys->f8_iv_key, masked, key_len);
	memzero_explicit(masked, sizeof(masked));
	return err;
}

/* The f8 keystream of @iv XORed into @data. */
static void rtpfwd_srtp_f8_xor(const struct rtpfwd_srtp_keys *keys, const u8 iv[AES_BLOCK_SIZE],
			       u8 *data, unsigned int len)
{
	u8 ivp[AES_BLOCK_SIZE], s[AES_BLOCK_SIZE] = {};
	unsigned int n;
	__be32 j = 0;

	aes_encrypt(keys->f8_iv_key, ivp, iv);
	while (len) {
		crypto_xor(s, ivp, AES_BLOCK_SIZE);
		crypto_xor(s + AES_BLOCK_SIZE - sizeof(j), (const u8 *)&j, sizeof(j));
		aes_encrypt(&keys->aes, s, s);
		n = min_t(unsigned int, len, AES_BLOCK_SIZE);
		crypto_xor(data, s, n);
		data += n;
		len -= n;
		be32_add_cpu(&j, 1);
	}
	memzero_explicit(s, sizeof(s));
	memzero_explicit(ivp, sizeof(ivp));
}

/**
 * rtpfwd_srtp_f8_rtp() - f8 over an RTP packet's payload (4.1.2.2)
 * @keys: the session keys
 * @p: the packet; its header (the first 12 bytes) makes the IV
 * @roc: its rollover counter
 * @data: the payload
 * @len: its length
 *
 * IV = 0x00 || M || PT || SEQ || TS || SSRC || ROC.
 */
void rtpfwd_srtp_f8_rtp(const struct rtpfwd_srtp_keys *keys, const u8 *p, u32 roc,
			u8 *data, unsigned int len)
{
	__be32 roc_be = cpu_to_be32(roc);
	u8 iv[AES_BLOCK_SIZE];

	iv[0] = 0;
	memcpy(iv + 1, p + 1, 11);
	memcpy(iv + 12, &roc_be, sizeof(roc_be));
	rtpfwd_srtp_f8_xor(keys, iv, data, len);
}

/**
 * rtpfwd_srtp_f8_rtcp() - f8 over an RTCP packet's encrypted part (4.1.2.3)
 * @keys: SRTCP's session keys
 * @p: the packet; its first 8 bytes make the IV
 * @e_index: its E flag and SRTCP index word, as sent
 * @data: what follows the first 8 bytes
 * @len: its length
 *
 * IV = 0..0 (32 bits) || E || SRTCP index || V || P || RC || PT || length
 * || SSRC.
 */
void rtpfwd_srtp_f8_rtcp(const struct rtpfwd_srtp_keys *keys, const u8 *p, __be32 e_index,
			 u8 *data, unsigned int len)
{
	u8 iv[AES_BLOCK_SIZE] = {};

	memcpy(iv + 4, &e_index, sizeof(e_index));
	memcpy(iv + 8, p, 8);
	rtpfwd_srtp_f8_xor(keys, iv, data, len);
}
