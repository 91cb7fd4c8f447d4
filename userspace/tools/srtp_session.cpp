// SPDX-License-Identifier: LGPL-2.1-or-later
// SRTP contexts of the load tools on libsrtp2 (see srtp_session.hpp).
#include "srtp_session.hpp"

#include "tool_args.hpp"

#include "rtpnl/srtp.hpp"

#include <srtp2/srtp.h>

#include <array>
#include <cstring>
#include <string>

static_assert(rtptools::srtp_trailer_max == SRTP_MAX_TAG_LEN);

namespace rtptools {

namespace {

// libsrtp's crypto policy for a suite; a UsageError for those it cannot be
// the reference of.
void set_policy(rtpnl::SrtpSuite suite, srtp_crypto_policy_t *policy)
{
	using rtpnl::SrtpSuite;
	switch (suite) {
	case SrtpSuite::aes_cm_128_hmac_sha1_80:
		return srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(policy);
	case SrtpSuite::aes_cm_128_hmac_sha1_32:
		return srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(policy);
	case SrtpSuite::null_hmac_sha1_80:
		return srtp_crypto_policy_set_null_cipher_hmac_sha1_80(policy);
	case SrtpSuite::null_hmac_sha1_32:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(policy);
		policy->auth_tag_len = 4;
		return;
	case SrtpSuite::aes_256_cm_hmac_sha1_80:
		return srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(policy);
	case SrtpSuite::aes_256_cm_hmac_sha1_32:
		return srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(policy);
	// RFC 7714: a 16-byte tag, the key followed by a 12-byte salt
	// (SRTP_AES_GCM_128_KEY_LEN_WSALT, _256_: 28, 44 bytes)
	case SrtpSuite::aead_aes_128_gcm:
		return srtp_crypto_policy_set_aes_gcm_128_16_auth(policy);
	case SrtpSuite::aead_aes_256_gcm:
		return srtp_crypto_policy_set_aes_gcm_256_16_auth(policy);
	case SrtpSuite::aes_192_cm_hmac_sha1_80:
	case SrtpSuite::aes_192_cm_hmac_sha1_32:
		// Debian's libsrtp2 2.5 derives AES-192 keys with AES-256 (libsrtp #763)
		throw UsageError("--srtp: " + std::string(rtpnl::srtp_suite_name(suite)) +
				 " is not done right by this libsrtp2");
	case SrtpSuite::f8_128_hmac_sha1_80:
	case SrtpSuite::f8_128_hmac_sha1_32:
		// libsrtp2 has no AES-f8
		break;
	}
	throw UsageError("--srtp: " + std::string(rtpnl::srtp_suite_name(suite)) +
			 " is not in this libsrtp2");
}

// "SUITE:[inline:]BASE64" into srtp (suite, key, salt).
void parse_spec(std::string_view spec, rtpnl::Srtp &srtp)
{
	const auto colon = spec.find(':');
	if (colon == std::string_view::npos)
		throw UsageError("--srtp wants SUITE:BASE64 (key and salt as SDP's inline:)");
	const auto suite = rtpnl::srtp_suite_from_name(spec.substr(0, colon));
	if (!suite)
		throw UsageError("--srtp: unknown suite '" + std::string(spec.substr(0, colon)) + "'");
	srtp.suite = *suite;
	std::string key(spec.substr(colon + 1));
	if (!key.starts_with("inline:"))
		key.insert(0, "inline:");
	const auto parsed = rtpnl::parse_srtp_inline(key, srtp);
	explicit_bzero(key.data(), key.size());
	if (!parsed)
		throw UsageError("--srtp: " + parsed.error().text());
	if (!srtp.mki.empty())
		throw UsageError("--srtp: no MKI here");
}

} // namespace

struct SrtpSession::Context {
	srtp_t session = nullptr;
};

SrtpSession::SrtpSession(std::string_view spec, Direction direction)
	: context_(std::make_unique<Context>())
{
	rtpnl::Srtp srtp;
	parse_spec(spec, srtp);
	srtp_policy_t policy;
	std::memset(&policy, 0, sizeof(policy));
	set_policy(srtp.suite, &policy.rtp);
	policy.rtcp = policy.rtp;
	policy.ssrc.type = direction == Direction::protect ? ssrc_any_outbound : ssrc_any_inbound;
	policy.window_size = 128;

	// libsrtp reads key and salt from one buffer, cipher_key_len bytes:
	// the key, then the suite's salt (12 bytes for AES-GCM, not 14).
	std::array<std::uint8_t, rtpnl::secret_bytes_max> key{};
	const auto master_key = srtp.master_key.bytes(), salt = srtp.master_salt.bytes();
	static_assert(SRTP_AES_GCM_256_KEY_LEN_WSALT <= rtpnl::secret_bytes_max);
	if (master_key.size() + salt.size() != static_cast<std::size_t>(policy.rtp.cipher_key_len))
		throw RuntimeError("libsrtp2 reads " + std::to_string(policy.rtp.cipher_key_len) +
				   " bytes of key and salt for " +
				   std::string(rtpnl::srtp_suite_name(srtp.suite)) + ", not " +
				   std::to_string(master_key.size() + salt.size()));
	std::memcpy(key.data(), master_key.data(), master_key.size());
	std::memcpy(key.data() + master_key.size(), salt.data(), salt.size());
	policy.key = key.data();
	srtp_err_status_t err = srtp_init();
	if (err == srtp_err_status_ok)
		err = srtp_create(&context_->session, &policy);
	explicit_bzero(key.data(), key.size());
	if (err != srtp_err_status_ok)
		throw RuntimeError("libsrtp2 refused the --srtp context (error " +
				   std::to_string(static_cast<int>(err)) + ")");
}

SrtpSession::~SrtpSession()
{
	if (context_ && context_->session)
		srtp_dealloc(context_->session);
}

std::size_t SrtpSession::protect(std::span<std::uint8_t> buffer, std::size_t length)
{
	if (buffer.size() < length + srtp_trailer_max)
		throw RuntimeError("no room for the SRTP tag");
	int len = static_cast<int>(length);
	const srtp_err_status_t err = srtp_protect(context_->session, buffer.data(), &len);
	if (err != srtp_err_status_ok)
		throw RuntimeError("srtp_protect failed (error " +
				   std::to_string(static_cast<int>(err)) + ")");
	return static_cast<std::size_t>(len);
}

std::optional<std::size_t> SrtpSession::unprotect(std::span<std::uint8_t> packet)
{
	int len = static_cast<int>(packet.size());
	if (srtp_unprotect(context_->session, packet.data(), &len) != srtp_err_status_ok)
		return std::nullopt;
	return static_cast<std::size_t>(len);
}

} // namespace rtptools
