// SPDX-License-Identifier: GPL-2.0-only
/*
 * SRTP (RFC 3711) contexts: the suites, parameter checks, session key
 * derivation (section 4.3, key derivation rate 0) and the AES counter mode
 * both derivation and packets use; the per-packet transforms are in
 * srtp.c, which says why the AES library and not a "ctr(aes)" skcipher.
 * See srtp.h for what a context is and its locking.
 *
 * Contexts are made and freed in process context (rule creation, and rule
 * deletion after synchronize_rcu); only rtpfwd_srtp_ctr_xor() runs per
 * packet. Keys are freed with kfree_sensitive().
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/sha1.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "srtp.h"

#define RTPFWD_SRTP_AUTH_KEY_LEN 20	/* HMAC-SHA1 session key, 160 bits */

/* RFC 3711 4.3.1 key derivation labels: SRTP's; SRTCP's are 3 more */
enum {
	RTPFWD_SRTP_LABEL_ENCRYPTION,
	RTPFWD_SRTP_LABEL_AUTH,
	RTPFWD_SRTP_LABEL_SALT,
};

#define RTPFWD_SRTCP_LABELS	3

struct rtpfwd_srtp_suite_info {
	u8	key_len;	/* master key = session encryption key */
	u8	tag_len;
	bool	cipher;
	bool	aead;		/* AES-GCM: 12-byte salt, tags of its own */
	bool	f8;		/* AES in f8 mode, not counter mode */
};

#define RTPFWD_HMAC_SUITE(key, tag, cipher)	{ key, tag, cipher, false, false }
#define RTPFWD_GCM_SUITE(key)			{ key, RTPFWD_SRTP_GCM_TAG_LEN, true, true, false }
#define RTPFWD_F8_SUITE(tag)			{ AES_KEYSIZE_128, tag, true, false, true }

static const struct rtpfwd_srtp_suite_info rtpfwd_srtp_suites[] = {
	[RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_80] = RTPFWD_HMAC_SUITE(AES_KEYSIZE_128, 10, true),
	[RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_32] = RTPFWD_HMAC_SUITE(AES_KEYSIZE_128, 4, true),
	[RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_80]	    = RTPFWD_HMAC_SUITE(AES_KEYSIZE_128, 10, false),
	[RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_32]	    = RTPFWD_HMAC_SUITE(AES_KEYSIZE_128, 4, false),
	[RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_80] = RTPFWD_HMAC_SUITE(AES_KEYSIZE_192, 10, true),
	[RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_32] = RTPFWD_HMAC_SUITE(AES_KEYSIZE_192, 4, true),
	[RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_80] = RTPFWD_HMAC_SUITE(AES_KEYSIZE_256, 10, true),
	[RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_32] = RTPFWD_HMAC_SUITE(AES_KEYSIZE_256, 4, true),
	[RTPFWD_SRTP_SUITE_AEAD_AES_128_GCM]	    = RTPFWD_GCM_SUITE(AES_KEYSIZE_128),
	[RTPFWD_SRTP_SUITE_AEAD_AES_256_GCM]	    = RTPFWD_GCM_SUITE(AES_KEYSIZE_256),
	[RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80]	    = RTPFWD_F8_SUITE(10),
	[RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32]	    = RTPFWD_F8_SUITE(4),
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
	if (cfg->salt_len != (rtpfwd_srtp_suites[cfg->suite].aead ?
			      RTPFWD_SRTP_GCM_SALT_LEN : RTPFWD_SRTP_SALT_LEN)) {
		NL_SET_ERR_MSG(extack,
			       "SRTP master salt of the wrong length for its suite (14 bytes, 12 for AEAD)");
		return -EINVAL;
	}
	if (cfg->unauthenticated &&
	    (!rtpfwd_srtp_suites[cfg->suite].cipher || rtpfwd_srtp_suites[cfg->suite].aead)) {
		NL_SET_ERR_MSG(extack, "unauthenticated SRTP needs an AES-CM or F8 suite");
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
void rtpfwd_srtp_ctr_xor(const struct crypto_aes_ctx *aes, const u8 iv[14],
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

/*
 * The session keys of labels @label.. (SRTP's 0..2, SRTCP's 3..5) from the
 * master key @master and salt: encryption key of @key_len bytes, HMAC key;
 * for AEAD suites the encryption key is GCM's and there is no HMAC (a
 * 12-byte master salt, zero-padded, gives the KDF its 112 bits as libsrtp
 * pads it; the session salt's first 12 bytes are GCM's, RFC 7714 11); f8
 * also expands the masked key.
 */
static int rtpfwd_srtp_keys_init(struct rtpfwd_srtp_keys *keys,
				 const struct crypto_aes_ctx *master, const u8 *salt,
				 const struct rtpfwd_srtp_suite_info *info, u8 label)
{
	unsigned int key_len = info->key_len;
	u8 auth_key[RTPFWD_SRTP_AUTH_KEY_LEN], enc_key[AES_MAX_KEY_SIZE];
	int err;

	rtpfwd_srtp_derive(master, salt, label + RTPFWD_SRTP_LABEL_ENCRYPTION, enc_key, key_len);
	rtpfwd_srtp_derive(master, salt, label + RTPFWD_SRTP_LABEL_SALT, keys->salt,
			   sizeof(keys->salt));
	if (info->aead) {
		err = rtpfwd_srtp_gcm_init(keys, enc_key, key_len);
		memzero_explicit(enc_key, sizeof(enc_key));
		return err;
	}
	rtpfwd_srtp_derive(master, salt, label + RTPFWD_SRTP_LABEL_AUTH, auth_key,
			   sizeof(auth_key));
	err = aes_expandkey(&keys->aes, enc_key, key_len) ?:
	      (info->f8 ? rtpfwd_srtp_f8_init(keys, enc_key, key_len) : 0);
	if (err)
		goto out;
	keys->hmac = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(keys->hmac)) {
		err = PTR_ERR(keys->hmac);
		keys->hmac = NULL;
		goto out;
	}
	err = crypto_shash_setkey(keys->hmac, auth_key, sizeof(auth_key));
out:
	memzero_explicit(auth_key, sizeof(auth_key));
	memzero_explicit(enc_key, sizeof(enc_key));
	return err;
}

static void rtpfwd_srtp_slots_init(struct rtpfwd_srtp_slot *slots)
{
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++)
		spin_lock_init(&slots[i].lock);
}

/**
 * rtpfwd_srtp_create() - a context for @cfg, session keys derived
 * @cfg: valid parameters (rtpfwd_srtp_cfg_validate()), suite not NONE
 * @rtcp: also SRTCP's keys and state (the rule forwards RTCP)
 *
 * Context: process context (allocates with GFP_KERNEL).
 * Return: the context or an ERR_PTR().
 */
struct rtpfwd_srtp *rtpfwd_srtp_create(const struct rtpfwd_srtp_cfg *cfg, bool rtcp)
{
	const struct rtpfwd_srtp_suite_info *info = &rtpfwd_srtp_suites[cfg->suite];
	struct crypto_aes_ctx *master;
	struct rtpfwd_srtp_slot *slot;
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
	srtp->aead = info->aead;
	srtp->f8 = info->f8;
	srtp->unauthenticated = cfg->unauthenticated;
	srtp->tag_len = cfg->unauthenticated ? 0 : info->tag_len;
	srtp->rtcp_tag_len = info->aead ? RTPFWD_SRTP_GCM_TAG_LEN : RTPFWD_SRTCP_TAG_LEN;
	srtp->mki_len = cfg->mki_len;
	memcpy(srtp->mki, cfg->mki, sizeof(srtp->mki));
	rtpfwd_srtp_slots_init(srtp->slots);
	for (i = 0; i < cfg->num_rocs; i++) {
		slot = &srtp->slots[i];
		atomic64_set(&slot->id, BIT_ULL(32) | be32_to_cpu(cfg->rocs[i].ssrc));
		slot->highest = (u64)cfg->rocs[i].roc << 16;
		if (cfg->rocs[i].has_seq) {
			slot->started = true;
			slot->highest |= cfg->rocs[i].seq;
			slot->window[0] = 1;	/* that index was processed */
		}
	}

	err = aes_expandkey(master, cfg->key, cfg->key_len);
	if (err)
		goto err_free;
	err = rtpfwd_srtp_keys_init(&srtp->keys, master, cfg->salt, info, 0);
	if (err)
		goto err_free;
	if (rtcp) {
		srtp->rtcp = kzalloc(sizeof(*srtp->rtcp), GFP_KERNEL_ACCOUNT);
		if (!srtp->rtcp) {
			err = -ENOMEM;
			goto err_free;
		}
		rtpfwd_srtp_slots_init(srtp->rtcp->slots);
		err = rtpfwd_srtp_keys_init(&srtp->rtcp->keys, master, cfg->salt, info,
					    RTPFWD_SRTCP_LABELS);
		if (err)
			goto err_free;
	}
	kfree_sensitive(master);
	return srtp;

err_free:
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
	/* crypto_free_*() zeroize the HMAC and GCM keys with their tfms */
	if (srtp->rtcp) {
		crypto_free_shash(srtp->rtcp->keys.hmac);
		rtpfwd_srtp_gcm_free(&srtp->rtcp->keys);
		kfree_sensitive(srtp->rtcp->keys.f8_iv_key);
	}
	kfree_sensitive(srtp->rtcp);
	crypto_free_shash(srtp->keys.hmac);
	rtpfwd_srtp_gcm_free(&srtp->keys);
	kfree_sensitive(srtp->keys.f8_iv_key);
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
	*roc = slot->highest >> 16;
	spin_unlock_bh(&slot->lock);
	return true;
}

/**
 * rtpfwd_srtp_last_index() - the highest packet index of @ssrc
 * @srtp: the context
 * @ssrc: the SSRC
 * @index: set to ROC << 16 | highest sequence number (RFC 3711 3.3.1)
 *
 * Return: false when @ssrc has no slot or no packet (nor a seeded index) yet.
 */
bool rtpfwd_srtp_last_index(struct rtpfwd_srtp *srtp, __be32 ssrc, u64 *index)
{
	u64 want = BIT_ULL(32) | be32_to_cpu(ssrc);
	struct rtpfwd_srtp_slot *slot;
	bool started = false;
	unsigned int i;

	for (i = 0; i < RTPFWD_SSRCS_MAX; i++) {
		slot = &srtp->slots[i];
		if (atomic64_read(&slot->id) != want)
			continue;
		spin_lock_bh(&slot->lock);
		started = slot->started;
		*index = slot->highest;
		spin_unlock_bh(&slot->lock);
		break;
	}
	return started;
}
