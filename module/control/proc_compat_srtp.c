// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: rtpengine 10.5's SRTP parameters (struct rtpe10_srtp, a target's
 * decrypt and each output's encrypt) translated into ours (core/srtp.h) and,
 * for N/blist, back: suite, lengths and packet indexes, never a key or salt.
 *
 * How Debian's rtpengine-daemon 10.5 fills them (daemon/media_socket.c,
 * __k_srtp_crypt(); daemon/crypto.c, its suite table): cipher and HMAC from
 * the suite, auth_tag_len its SRTP tag (10 or 4; 0 for unauthenticated SRTP,
 * HMAC still SHA1; 0 for AEAD-GCM, HMAC NULL: its tag is GCM's), cipher
 * NULL for unencrypted SRTP (the suite's key lengths kept), master_key_len
 * and master_salt_len the suite's (16/24/32, 14; 12 for AEAD), session
 * lengths the suite's (0 for NULL_HMAC_SHA1_*), last_index[i] = ROC << 16 |
 * highest sequence number of its SSRC context i (0: none yet), in the order
 * of the target's ssrc[] (outputs too: the daemon reads an output's
 * last_index[i] back for the target's ssrc[i]).
 *
 * Translation only: what the core cannot do (SRTP neither encrypted nor
 * authenticated, an MKI of more than 4 bytes, other tag lengths, a NULL
 * cipher over an AES-192/256 master key, other key and salt lengths) is
 * reported to the caller, which refuses the target with EOPNOTSUPP so that
 * the daemon relays that stream itself; what cannot be right in any ABI
 * reading (lengths beyond the message's arrays, a key length that is not
 * its cipher's, an index beyond 48 bits) is -EINVAL. Unauthenticated SRTP
 * (tag length 0, any HMAC) is the cipher's _80 suite with
 * RTPFWD_SRTP_A_UNAUTHENTICATED. Must not: keep or copy a key anywhere but
 * the caller's configuration.
 */
#include <linux/string.h>

#include "proc_compat.h"

#define RTPE10_SRTP_SALT_LEN	14	/* AES-CM; 12 is AEAD's */
#define RTPE10_SRTP_GCM_SALT_LEN 12
#define RTPE10_SRTP_INDEX_MAX	((1ULL << 48) - 1)

/* Our suites as 10.5 describes them. */
struct rtpfwd_compat_suite {
	u8	suite;		/* enum rtpfwd_srtp_suite */
	u32	cipher;		/* enum rtpe10_cipher */
	u8	key_len;	/* master = session key */
	u8	tag_len;	/* auth_tag_len: 0 for AEAD (HMAC NULL) */
};

static const struct rtpfwd_compat_suite rtpfwd_compat_suites[] = {
	{ RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_80, RTPE10_CIPHER_AES_CM_128, 16, 10 },
	{ RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_32, RTPE10_CIPHER_AES_CM_128, 16, 4 },
	{ RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_80, RTPE10_CIPHER_AES_CM_192, 24, 10 },
	{ RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_32, RTPE10_CIPHER_AES_CM_192, 24, 4 },
	{ RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_80, RTPE10_CIPHER_AES_CM_256, 32, 10 },
	{ RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_32, RTPE10_CIPHER_AES_CM_256, 32, 4 },
	{ RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80,    RTPE10_CIPHER_AES_F8,     16, 10 },
	{ RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32,    RTPE10_CIPHER_AES_F8,     16, 4 },
	/* the NULL cipher: the master key still derives the auth key (AES-128) */
	{ RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_80,	     RTPE10_CIPHER_NULL,       16, 10 },
	{ RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_32,	     RTPE10_CIPHER_NULL,       16, 4 },
	/* AEAD: GCM's own 128-bit tag, no HMAC, a 96-bit salt */
	{ RTPFWD_SRTP_SUITE_AEAD_AES_128_GCM, RTPE10_CIPHER_AEAD_AES_GCM_128, 16, 0 },
	{ RTPFWD_SRTP_SUITE_AEAD_AES_256_GCM, RTPE10_CIPHER_AEAD_AES_GCM_256, 32, 0 },
};

static bool rtpfwd_compat_cipher_aead(u32 cipher)
{
	return cipher == RTPE10_CIPHER_AEAD_AES_GCM_128 || cipher == RTPE10_CIPHER_AEAD_AES_GCM_256;
}

/**
 * rtpfwd_compat_srtp_valid() - well-formed SRTP parameters, as rtpengine checks them
 * @srtp: a target's decrypt or an output's encrypt
 *
 * Return: 0 or -EINVAL.
 */
int rtpfwd_compat_srtp_valid(const struct rtpe10_srtp *srtp)
{
	if (srtp->cipher <= RTPE10_CIPHER_INVALID || srtp->cipher >= __RTPE10_CIPHER_LAST ||
	    srtp->hmac <= RTPE10_HMAC_INVALID || srtp->hmac >= __RTPE10_HMAC_LAST ||
	    srtp->auth_tag_len > 20 || srtp->mki_len > sizeof(srtp->mki))
		return -EINVAL;
	return 0;
}

/* Plain RTP: no SRTP in that direction. */
bool rtpfwd_compat_srtp_plain(const struct rtpe10_srtp *srtp)
{
	return srtp->cipher == RTPE10_CIPHER_NULL && srtp->hmac == RTPE10_HMAC_NULL;
}

/* The key length of a 10.5 cipher we can do, 0 for the others. */
static unsigned int rtpfwd_compat_cipher_key_len(u32 cipher)
{
	switch (cipher) {
	case RTPE10_CIPHER_AES_CM_128:
	case RTPE10_CIPHER_AES_F8:
	case RTPE10_CIPHER_AEAD_AES_GCM_128:
		return 16;
	case RTPE10_CIPHER_AES_CM_192:
		return 24;
	case RTPE10_CIPHER_AES_CM_256:
	case RTPE10_CIPHER_AEAD_AES_GCM_256:
		return 32;
	}
	return 0;
}

/* What of well-formed, non-plain parameters the core cannot do, or NULL. */
static const char *rtpfwd_compat_srtp_unsupported(const struct rtpe10_srtp *in)
{
	if (rtpfwd_compat_cipher_aead(in->cipher)) {
		if (in->hmac != RTPE10_HMAC_NULL || in->auth_tag_len)
			return "AEAD AES-GCM with an HMAC";
		if (in->mki_len > RTPFWD_SRTP_MKI_MAX)
			return "an SRTP MKI longer than 4 bytes";
		if (in->master_salt_len != RTPE10_SRTP_GCM_SALT_LEN ||
		    in->session_key_len != in->master_key_len ||
		    in->session_salt_len != RTPE10_SRTP_GCM_SALT_LEN)
			return "SRTP session key or salt lengths other than the suite's";
		return NULL;
	}
	/* auth_tag_len 0: unauthenticated SRTP, which needs a cipher */
	if (!in->auth_tag_len && in->cipher == RTPE10_CIPHER_NULL)
		return "SRTP neither encrypted nor authenticated";
	if (in->auth_tag_len && in->hmac != RTPE10_HMAC_SHA1)
		return "an SRTP tag of another HMAC than SHA1";
	if (in->auth_tag_len && in->auth_tag_len != 10 && in->auth_tag_len != 4)
		return "an SRTP tag other than 80 or 32 bits";
	if (in->mki_len > RTPFWD_SRTP_MKI_MAX)
		return "an SRTP MKI longer than 4 bytes";
	if (in->master_salt_len != RTPE10_SRTP_SALT_LEN)
		return "an SRTP master salt other than 112 bits";
	if (in->cipher == RTPE10_CIPHER_NULL) {
		if (in->master_key_len != 16)
			return "SRTP with the NULL cipher and a 192 or 256 bit master key";
		/* NULL_HMAC_SHA1_*: none; unencrypted AES_CM_128: the AES ones */
		if ((in->session_key_len || in->session_salt_len) &&
		    (in->session_key_len != 16 || in->session_salt_len != RTPE10_SRTP_SALT_LEN))
			return "SRTP session key or salt lengths other than the suite's";
		return NULL;
	}
	if (in->session_key_len != in->master_key_len ||
	    in->session_salt_len != RTPE10_SRTP_SALT_LEN)
		return "SRTP session key or salt lengths other than the suite's";
	return NULL;
}

/**
 * rtpfwd_compat_srtp_cfg() - one direction's 10.5 SRTP parameters as ours
 * @in: a target's decrypt or an output's encrypt, well-formed
 *	(rtpfwd_compat_srtp_valid())
 * @ssrc: the target's SSRCs, by the daemon's index (0: none there)
 * @out: set: suite RTPFWD_SRTP_SUITE_NONE for plain RTP; keys copied here
 *	and nowhere else; zeroed again on any failure
 * @what: set to what of @in we cannot do, or NULL
 *
 * The rollover counter and highest sequence number of every SSRC of @ssrc
 * are seeded from @in->last_index (0: nothing processed yet).
 *
 * Return: 0 (check @what) or -EINVAL.
 */
int rtpfwd_compat_srtp_cfg(const struct rtpe10_srtp *in, const __be32 ssrc[RTPE10_SSRCS],
			   struct rtpfwd_srtp_cfg *out, const char **what)
{
	const struct rtpfwd_compat_suite *suite = NULL;
	unsigned int i, key_len, tag_len;
	int err;

	memset(out, 0, sizeof(*out));
	*what = NULL;
	if (rtpfwd_compat_srtp_plain(in))
		return 0;
	/* beyond the message's own arrays, or a key not its cipher's: malformed */
	key_len = rtpfwd_compat_cipher_key_len(in->cipher);
	if (in->master_key_len > sizeof(in->master_key) ||
	    in->master_salt_len > sizeof(in->master_salt) ||
	    (key_len && in->master_key_len != key_len))
		return -EINVAL;
	for (i = 0; i < RTPE10_SSRCS; i++)
		if (in->last_index[i] > RTPE10_SRTP_INDEX_MAX)
			return -EINVAL;
	*what = rtpfwd_compat_srtp_unsupported(in);
	if (*what)
		return 0;

	/* unauthenticated: the _80 suite, whose SRTCP tag 10.5 never uses */
	tag_len = (in->auth_tag_len || rtpfwd_compat_cipher_aead(in->cipher)) ?
		  in->auth_tag_len : 10;
	for (i = 0; i < ARRAY_SIZE(rtpfwd_compat_suites); i++)
		if (rtpfwd_compat_suites[i].cipher == in->cipher &&
		    rtpfwd_compat_suites[i].tag_len == tag_len &&
		    rtpfwd_compat_suites[i].key_len == in->master_key_len)
			suite = &rtpfwd_compat_suites[i];
	if (!suite) {
		*what = "this SRTP suite";	/* not reached: all checked above */
		return 0;
	}

	out->suite = suite->suite;
	out->unauthenticated = tag_len != in->auth_tag_len;
	out->key_len = suite->key_len;
	memcpy(out->key, in->master_key, suite->key_len);
	out->salt_len = in->master_salt_len;	/* checked: the suite's */
	memcpy(out->salt, in->master_salt, out->salt_len);
	out->mki_len = in->mki_len;
	memcpy(out->mki, in->mki, in->mki_len);
	for (i = 0; i < RTPE10_SSRCS && out->num_rocs < RTPFWD_SSRCS_MAX; i++) {
		struct rtpfwd_srtp_roc_cfg *roc;

		if (!ssrc[i])
			continue;
		roc = &out->rocs[out->num_rocs++];
		roc->ssrc = ssrc[i];
		roc->roc = in->last_index[i] >> 16;
		roc->seq = in->last_index[i] & 0xffff;
		roc->has_seq = in->last_index[i] != 0;
	}
	/* the core's own checks (a duplicate SSRC, say) */
	err = rtpfwd_srtp_cfg_validate(out, NULL);
	if (err)
		memzero_explicit(out, sizeof(*out));
	return err;
}

/**
 * rtpfwd_compat_srtp_to_10() - a context's parameters for an N/blist record
 * @srtp: the context, or NULL (plain RTP)
 * @out: cipher, HMAC and lengths set; keys, salts and MKI left zero
 */
void rtpfwd_compat_srtp_to_10(const struct rtpfwd_srtp *srtp, struct rtpe10_srtp *out)
{
	unsigned int i;

	out->cipher = RTPE10_CIPHER_NULL;
	out->hmac = RTPE10_HMAC_NULL;
	if (!srtp)
		return;
	for (i = 0; i < ARRAY_SIZE(rtpfwd_compat_suites); i++) {
		const struct rtpfwd_compat_suite *suite = &rtpfwd_compat_suites[i];

		if (suite->suite != srtp->suite)
			continue;
		out->cipher = suite->cipher;
		out->hmac = srtp->aead ? RTPE10_HMAC_NULL : RTPE10_HMAC_SHA1;
		out->master_key_len = suite->key_len;
		out->master_salt_len = srtp->aead ? RTPE10_SRTP_GCM_SALT_LEN : RTPE10_SRTP_SALT_LEN;
		out->session_key_len = suite->key_len;
		out->session_salt_len = out->master_salt_len;
		out->auth_tag_len = srtp->unauthenticated ? 0 : suite->tag_len;
		out->mki_len = srtp->mki_len;
		return;
	}
}
