// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's SRTP parameters of a rule and its outputs (see rtpnl.h) over
// rtpnl::Srtp: the keys live in the rule object's self-wiping buffers and
// are never read back.
#include "capi.hpp"

#include "rtpnl/srtp.hpp"

#include <cerrno>
#include <span>
#include <string>

static_assert(RTPNL_SRTP_SALT_LEN == rtpnl::srtp_master_salt_max);
static_assert(RTPNL_SRTP_AEAD_SALT_LEN == rtpnl::srtp_aead_master_salt_len);
static_assert(RTPNL_SRTP_MKI_MAX == rtpnl::srtp_mki_max);
static_assert(RTPNL_SRTP_ROCS_MAX == rtpnl::srtp_rocs_max);
// every suite, not only the ends: the C enum is a third copy of the numbering
static_assert(RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80 == static_cast<int>(rtpnl::SrtpSuite::aes_cm_128_hmac_sha1_80));
static_assert(RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32 == static_cast<int>(rtpnl::SrtpSuite::aes_cm_128_hmac_sha1_32));
static_assert(RTPNL_SRTP_NULL_HMAC_SHA1_80 == static_cast<int>(rtpnl::SrtpSuite::null_hmac_sha1_80));
static_assert(RTPNL_SRTP_NULL_HMAC_SHA1_32 == static_cast<int>(rtpnl::SrtpSuite::null_hmac_sha1_32));
static_assert(RTPNL_SRTP_AES_192_CM_HMAC_SHA1_80 == static_cast<int>(rtpnl::SrtpSuite::aes_192_cm_hmac_sha1_80));
static_assert(RTPNL_SRTP_AES_192_CM_HMAC_SHA1_32 == static_cast<int>(rtpnl::SrtpSuite::aes_192_cm_hmac_sha1_32));
static_assert(RTPNL_SRTP_AES_256_CM_HMAC_SHA1_80 == static_cast<int>(rtpnl::SrtpSuite::aes_256_cm_hmac_sha1_80));
static_assert(RTPNL_SRTP_AES_256_CM_HMAC_SHA1_32 == static_cast<int>(rtpnl::SrtpSuite::aes_256_cm_hmac_sha1_32));
static_assert(RTPNL_SRTP_AEAD_AES_128_GCM == static_cast<int>(rtpnl::SrtpSuite::aead_aes_128_gcm));
static_assert(RTPNL_SRTP_AEAD_AES_256_GCM == static_cast<int>(rtpnl::SrtpSuite::aead_aes_256_gcm));
static_assert(RTPNL_SRTP_F8_128_HMAC_SHA1_80 == static_cast<int>(rtpnl::SrtpSuite::f8_128_hmac_sha1_80));
static_assert(RTPNL_SRTP_F8_128_HMAC_SHA1_32 == static_cast<int>(rtpnl::SrtpSuite::f8_128_hmac_sha1_32));

namespace rtpnl::capi {

namespace {

// The SRTP place a call names: the rule's decrypt, or output index's
// encrypt (nullptr and -ERANGE past the outputs).
std::optional<Srtp> *place(rtpnl_rule *rule, std::optional<std::size_t> output)
{
	if (!output)
		return &rule->rule.decrypt;
	if (*output >= rule->rule.outputs.size())
		return nullptr;
	return &rule->rule.outputs[*output].encrypt;
}

const std::optional<Srtp> *place(const rtpnl_rule *rule, std::optional<std::size_t> output)
{
	return place(const_cast<rtpnl_rule *>(rule), output);
}

const char *name_of(std::optional<std::size_t> output)
{
	return output ? "encrypt" : "decrypt";
}

Result<SrtpSuite> suite_of(int suite)
{
	auto s = srtp_suite_from_value(static_cast<std::uint32_t>(suite));
	if (suite < 0 || !s)
		return Error::local(EINVAL, "unknown SRTP suite " + std::to_string(suite));
	return *s;
}

// What every setter checks first: the place (-ERANGE) and the suite
// (-EINVAL), into target and srtp.suite; 0 when both are good.
int prepare(rtpnl_rule *rule, std::optional<std::size_t> output, int suite,
	    std::optional<Srtp> *&target, Srtp &srtp)
{
	target = place(rule, output);
	if (!target)
		return fail(ERANGE, "output index out of range");
	auto s = suite_of(suite);
	if (!s)
		return fail(s.error());
	srtp.suite = *s;
	return 0;
}

int set(rtpnl_rule *rule, std::optional<std::size_t> output, int suite, const uint8_t *key,
	size_t key_len, const uint8_t *salt, size_t salt_len, const uint8_t *mki, size_t mki_len)
{
	return guarded([&] {
		std::optional<Srtp> *target = nullptr;
		Srtp srtp;
		if (int err = prepare(rule, output, suite, target, srtp))
			return err;
		if ((!key && key_len) || (!salt && salt_len) || (!mki && mki_len))
			return fail(EINVAL, "NULL SRTP key, salt or MKI with a length");
		// Lengths over the buffer are refused here, the others (the
		// suite's exact key and salt) by validate_srtp.
		if (key_len > srtp_master_key_max || salt_len > srtp_master_salt_max ||
		    mki_len > srtp_mki_max)
			return fail(EINVAL, key_len > srtp_master_key_max ? "SRTP master key too long"
					    : salt_len > srtp_master_salt_max ? "SRTP master salt too long"
									      : "SRTP MKI too long");
		if (key_len)
			(void)srtp.master_key.assign(std::span(key, key_len));
		if (salt_len)
			(void)srtp.master_salt.assign(std::span(salt, salt_len));
		if (mki_len)
			srtp.mki.assign(mki, mki + mki_len);
		if (auto v = validate_srtp(srtp, name_of(output)); !v)
			return fail(v.error());
		*target = std::move(srtp);
		return succeed();
	});
}

int set_inline(rtpnl_rule *rule, std::optional<std::size_t> output, int suite, const char *text)
{
	return guarded([&] {
		std::optional<Srtp> *target = nullptr;
		Srtp srtp;
		if (int err = prepare(rule, output, suite, target, srtp))
			return err;
		if (!text)
			return fail(EINVAL, "no SRTP key parameters");
		// Key parameters and, after them, a=crypto's session parameters.
		if (auto r = parse_srtp_sdes(text, srtp); !r)
			return fail(r.error());
		*target = std::move(srtp);
		return succeed();
	});
}

int clear(rtpnl_rule *rule, std::optional<std::size_t> output)
{
	std::optional<Srtp> *target = place(rule, output);
	if (!target)
		return fail(ERANGE, "output index out of range");
	target->reset();
	return succeed();
}

int add_roc(rtpnl_rule *rule, std::optional<std::size_t> output, uint32_t ssrc, uint32_t roc)
{
	return guarded([&] {
		std::optional<Srtp> *target = place(rule, output);
		if (!target)
			return fail(ERANGE, "output index out of range");
		if (!*target)
			return fail(ENOENT, output ? "the output has no encrypt" : "the rule has no decrypt");
		return append_once((*target)->rocs, SrtpRoc{ssrc, roc}, &SrtpRoc::ssrc, srtp_rocs_max,
				   "the SSRC has a ROC already", "at most 4 ROCs");
	});
}

int info(const rtpnl_rule *rule, std::optional<std::size_t> output, rtpnl_srtp_info *out)
{
	const std::optional<Srtp> *target = place(rule, output);
	if (!target)
		return fail(ERANGE, "output index out of range");
	if (!*target)
		return fail(ENOENT, output ? "the output has no encrypt" : "the rule has no decrypt");
	const Srtp &srtp = **target;
	out->suite = static_cast<rtpnl_srtp_suite>(srtp.suite);
	// A rule from the kernel says its MKI length; one built here has the MKI.
	out->mki_len = srtp.mki.empty() ? srtp.mki_len : static_cast<std::uint8_t>(srtp.mki.size());
	out->roc_count = srtp.rocs.size();
	return succeed();
}

// The SRTP of a place into *found: 0, else fail() with -ERANGE past the
// outputs or -ENOENT without SRTP there.
int srtp_at(rtpnl_rule *rule, std::optional<std::size_t> output, Srtp *&found)
{
	std::optional<Srtp> *target = place(rule, output);
	if (!target)
		return fail(ERANGE, "output index out of range");
	if (!*target)
		return fail(ENOENT, output ? "the output has no encrypt" : "the rule has no decrypt");
	found = &**target;
	return 0;
}

int set_unauthenticated(rtpnl_rule *rule, std::optional<std::size_t> output, int on)
{
	return guarded([&] {
		Srtp *srtp = nullptr;
		if (int err = srtp_at(rule, output, srtp))
			return err;
		const bool unauthenticated = on != 0;
		// Checked now, as a wrong key length is: the suite is known.
		if (unauthenticated && !srtp_suite_allows_unauthenticated(srtp->suite)) {
			const std::string why = std::string(name_of(output)) + ": " +
						srtp_unauthenticated_refusal(srtp->suite);
			return fail(Error::local(EINVAL, why));
		}
		srtp->unauthenticated = unauthenticated;
		return succeed();
	});
}

int get_unauthenticated(const rtpnl_rule *rule, std::optional<std::size_t> output, int *out)
{
	Srtp *srtp = nullptr;
	if (int err = srtp_at(const_cast<rtpnl_rule *>(rule), output, srtp))
		return err;
	if (!out)
		return fail(EINVAL, "no place for the answer");
	*out = srtp->unauthenticated ? 1 : 0;
	return succeed();
}

int roc_at(const rtpnl_rule *rule, std::optional<std::size_t> output, std::size_t index,
	   rtpnl_srtp_roc *out)
{
	const std::optional<Srtp> *target = place(rule, output);
	if (!target)
		return fail(ERANGE, "output index out of range");
	if (!*target)
		return fail(ENOENT, output ? "the output has no encrypt" : "the rule has no decrypt");
	if (index >= (*target)->rocs.size())
		return fail(ERANGE, "index out of range");
	out->ssrc = (*target)->rocs[index].ssrc;
	out->roc = (*target)->rocs[index].roc;
	return succeed();
}

} // namespace

} // namespace rtpnl::capi

using namespace rtpnl;

extern "C" {

int rtpnl_srtp_suite_from_name(const char *name)
{
	if (!name)
		return capi::fail(EINVAL, "no SRTP suite name");
	auto suite = srtp_suite_from_name(name);
	if (!suite)
		return capi::fail(EINVAL, "unknown SRTP suite");
	capi::succeed();
	return static_cast<int>(*suite);
}

const char *rtpnl_srtp_suite_name(enum rtpnl_srtp_suite suite)
{
	auto s = srtp_suite_from_value(static_cast<std::uint32_t>(suite));
	return s ? srtp_suite_name(*s).data() : nullptr;
}

int rtpnl_rule_set_decrypt(struct rtpnl_rule *rule, enum rtpnl_srtp_suite suite,
			   const uint8_t *key, size_t key_len, const uint8_t *salt,
			   size_t salt_len, const uint8_t *mki, size_t mki_len)
{
	return capi::set(rule, std::nullopt, suite, key, key_len, salt, salt_len, mki, mki_len);
}

int rtpnl_rule_set_output_encrypt(struct rtpnl_rule *rule, size_t index,
				  enum rtpnl_srtp_suite suite, const uint8_t *key,
				  size_t key_len, const uint8_t *salt, size_t salt_len,
				  const uint8_t *mki, size_t mki_len)
{
	return capi::set(rule, index, suite, key, key_len, salt, salt_len, mki, mki_len);
}

int rtpnl_rule_set_decrypt_inline(struct rtpnl_rule *rule, enum rtpnl_srtp_suite suite,
				  const char *key_params)
{
	return capi::set_inline(rule, std::nullopt, suite, key_params);
}

int rtpnl_rule_set_output_encrypt_inline(struct rtpnl_rule *rule, size_t index,
					 enum rtpnl_srtp_suite suite, const char *key_params)
{
	return capi::set_inline(rule, index, suite, key_params);
}

int rtpnl_rule_clear_decrypt(struct rtpnl_rule *rule) { return capi::clear(rule, std::nullopt); }

int rtpnl_rule_clear_output_encrypt(struct rtpnl_rule *rule, size_t index)
{
	return capi::clear(rule, index);
}

int rtpnl_rule_add_decrypt_roc(struct rtpnl_rule *rule, uint32_t ssrc, uint32_t roc)
{
	return capi::add_roc(rule, std::nullopt, ssrc, roc);
}

int rtpnl_rule_add_output_encrypt_roc(struct rtpnl_rule *rule, size_t index, uint32_t ssrc,
				      uint32_t roc)
{
	return capi::add_roc(rule, index, ssrc, roc);
}

int rtpnl_rule_decrypt(const struct rtpnl_rule *rule, struct rtpnl_srtp_info *out)
{
	return capi::info(rule, std::nullopt, out);
}

int rtpnl_rule_output_encrypt(const struct rtpnl_rule *rule, size_t index,
			      struct rtpnl_srtp_info *out)
{
	return capi::info(rule, index, out);
}

int rtpnl_rule_decrypt_roc(const struct rtpnl_rule *rule, size_t roc_index,
			   struct rtpnl_srtp_roc *out)
{
	return capi::roc_at(rule, std::nullopt, roc_index, out);
}

int rtpnl_rule_output_encrypt_roc(const struct rtpnl_rule *rule, size_t index,
				  size_t roc_index, struct rtpnl_srtp_roc *out)
{
	return capi::roc_at(rule, index, roc_index, out);
}

int rtpnl_rule_set_decrypt_unauthenticated(struct rtpnl_rule *rule, int unauthenticated)
{
	return capi::set_unauthenticated(rule, std::nullopt, unauthenticated);
}

int rtpnl_rule_set_output_encrypt_unauthenticated(struct rtpnl_rule *rule, size_t index,
						  int unauthenticated)
{
	return capi::set_unauthenticated(rule, index, unauthenticated);
}

int rtpnl_rule_decrypt_unauthenticated(const struct rtpnl_rule *rule, int *out)
{
	return capi::get_unauthenticated(rule, std::nullopt, out);
}

int rtpnl_rule_output_encrypt_unauthenticated(const struct rtpnl_rule *rule, size_t index,
					      int *out)
{
	return capi::get_unauthenticated(rule, index, out);
}

} // extern "C"
