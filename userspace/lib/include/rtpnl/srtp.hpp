// SPDX-License-Identifier: LGPL-2.1-or-later
// SRTP parameters of a rule (decrypt, on input) and of an output (encrypt):
// the suite, the master key and salt, an optional MKI and the rollover
// counters to start from, per SSRC; and their text forms as operators copy
// them from SDP (RFC 4568: "AES_CM_128_HMAC_SHA1_80 inline:BASE64", RFC
// 7714: "AEAD_AES_128_GCM inline:BASE64").
//
// Keys are write-only in the ABI: a reply carries the suite, the MKI length
// and the ROC per SSRC, never key or salt. This file must never put key
// bytes into a string (errors name the argument, not its value), and every
// object that held them wipes them when it dies.
#ifndef RTPNL_SRTP_HPP
#define RTPNL_SRTP_HPP

#include "rtpnl/error.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl {

// enum rtpfwd_srtp_suite (the values are the ABI's; checked in rule_codec.cpp).
enum class SrtpSuite : std::uint32_t {
	aes_cm_128_hmac_sha1_80 = 1,
	aes_cm_128_hmac_sha1_32 = 2,
	null_hmac_sha1_80 = 3,
	null_hmac_sha1_32 = 4,
	aes_192_cm_hmac_sha1_80 = 5,
	aes_192_cm_hmac_sha1_32 = 6,
	aes_256_cm_hmac_sha1_80 = 7,
	aes_256_cm_hmac_sha1_32 = 8,
	aead_aes_128_gcm = 9,
	aead_aes_256_gcm = 10,
	// AES-128 in f8 mode (RFC 3711 4.1.2), keys derived as AES_CM_128's
	f8_128_hmac_sha1_80 = 11,
	f8_128_hmac_sha1_32 = 12,
};

inline constexpr std::size_t srtp_master_key_max = 32;
// The longest master salt, of every suite but AEAD (RFC 3711: 112 bits);
// srtp_master_salt_len() is the one a suite needs.
inline constexpr std::size_t srtp_master_salt_max = 14;
// The master salt of AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714: 96 bits).
inline constexpr std::size_t srtp_aead_master_salt_len = 12;
inline constexpr std::size_t srtp_mki_max = 4;
// RFC 3711's limit on the packets of one SRTP master key: 2^48. The largest
// lifetime an inline: key may state (the kernel does not count them).
inline constexpr unsigned srtp_lifetime_log2_max = 48;
// RTPFWD_SSRCS_MAX: ROC seeds per SRTP context.
inline constexpr std::size_t srtp_rocs_max = 4;
// What a SecretBytes holds at most: the longest key and the longest salt.
inline constexpr std::size_t secret_bytes_max = srtp_master_key_max + srtp_master_salt_max;

// The RFC 4568 / RFC 6188 / RFC 7714 name: "AES_CM_128_HMAC_SHA1_80",
// "F8_128_HMAC_SHA1_80", "AEAD_AES_128_GCM".
std::string_view srtp_suite_name(SrtpSuite suite);
// The short name srtp_peer and tests/kernel/lib/genl.py use: "aes128_80",
// "f8_80", "gcm128".
std::string_view srtp_suite_short_name(SrtpSuite suite);
// Either name, case-insensitive; nullopt for anything else.
std::optional<SrtpSuite> srtp_suite_from_name(std::string_view name);
// An ABI value, or nullopt for one this library does not know.
std::optional<SrtpSuite> srtp_suite_from_value(std::uint32_t value);
// The AES_CM / AES_192_CM / AES_256_CM and F8_128 suites: those RFC
// 4568's UNAUTHENTICATED_SRTP may go with (not NULL_HMAC_*, whose point is
// the tag, nor AEAD_AES_*_GCM, whose tag is the cipher's).
bool srtp_suite_allows_unauthenticated(SrtpSuite suite);
// Why UNAUTHENTICATED_SRTP may not go with `suite`: "UNAUTHENTICATED_SRTP
// needs an AES_CM or F8 suite, not NULL_HMAC_SHA1_80".
std::string srtp_unauthenticated_refusal(SrtpSuite suite);
// Master key bytes the suite needs: 16, 24 or 32.
std::size_t srtp_master_key_len(SrtpSuite suite);
// Master salt bytes the suite needs: 14, or 12 for the AEAD suites.
std::size_t srtp_master_salt_len(SrtpSuite suite);

// Key bytes that are wiped (explicit_bzero) when the object dies or is
// overwritten. A fixed buffer: copies never leave a reallocated, unwiped
// block behind. Compared with ==, never printed.
class SecretBytes {
public:
	SecretBytes() = default;
	explicit SecretBytes(std::span<const std::uint8_t> bytes);
	SecretBytes(const SecretBytes &other);
	SecretBytes &operator=(const SecretBytes &other);
	~SecretBytes();

	// Fails (EINVAL) above secret_bytes_max bytes.
	Result<void> assign(std::span<const std::uint8_t> bytes);
	void clear();
	std::span<const std::uint8_t> bytes() const { return {buf_.data(), size_}; }
	std::size_t size() const { return size_; }
	bool empty() const { return size_ == 0; }

	bool operator==(const SecretBytes &other) const;

private:
	std::array<std::uint8_t, secret_bytes_max> buf_{};
	std::size_t size_ = 0;
};

// The ROC of one SSRC: a seed in requests, the current one in replies.
struct SrtpRoc {
	std::uint32_t ssrc = 0;
	std::uint32_t roc = 0;

	bool operator==(const SrtpRoc &) const = default;
};

// One SRTP context's parameters. In requests: suite, master_key and
// master_salt (required), mki (0..4 bytes), rocs and unauthenticated. In
// replies: suite, mki_len, rocs and unauthenticated; master_key,
// master_salt and mki stay empty.
struct Srtp {
	SrtpSuite suite = SrtpSuite::aes_cm_128_hmac_sha1_80;
	SecretBytes master_key;
	SecretBytes master_salt;
	std::vector<std::uint8_t> mki;
	std::uint8_t mki_len = 0; // replies; requests send mki.size()
	std::vector<SrtpRoc> rocs;
	// RFC 4568 6.3.5 UNAUTHENTICATED_SRTP: SRTP without a tag (SRTCP keeps
	// its 80-bit one); AES-CM and F8 suites only
	// (srtp_suite_allows_unauthenticated).
	bool unauthenticated = false;

	bool operator==(const Srtp &) const = default;
};

// The constraints of one SRTP context to be sent (EINVAL). `what` names it
// in the error ("decrypt", "output 2 encrypt"): "decrypt: master key of 15
// bytes, AES_CM_128_HMAC_SHA1_80 needs 16", "...: master salt of 14 bytes,
// AEAD_AES_128_GCM needs 12", "...: MKI of 5 bytes (1..4)", "...: at most 4
// ROCs", "...: duplicate ROC SSRC 11223344", "...: UNAUTHENTICATED_SRTP
// needs an AES_CM or F8 suite, not AEAD_AES_128_GCM". Never the key itself.
Result<void> validate_srtp(const Srtp &srtp, std::string_view what);

// RFC 4568 key parameters: "inline:BASE64[|LIFETIME][|MKI:LENGTH]" where
// BASE64 decodes to the master key followed by the master salt, as long as
// the suite wants (e.g. 40 characters, 30 bytes for AES_CM_128; 28 bytes
// for AEAD_AES_128_GCM, whose salt is 12). LIFETIME, "2^N" or a decimal
// number of packets (1..2^48), is checked and ignored:
// the kernel does not count packets per key (nor does rtpengine). The MKI
// value, decimal, becomes `mki` (LENGTH bytes, 1..4, big endian). Sets the
// key, salt and mki of `srtp` (whose suite must be set). Errors (EINVAL)
// name what is wrong, never the text: "not an inline: key", "invalid
// base64 in the inline: key", "inline: key of 29 bytes,
// AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)", "invalid lifetime
// in the inline: key (...)", "invalid MKI in the inline: key (...)", "MKI
// length of 5 bytes in the inline: key (1..4)", "MKI value of the inline:
// key does not fit in 1 byte", "unexpected text after the MKI of the
// inline: key".
Result<void> parse_srtp_inline(std::string_view text, Srtp &srtp);

// One RFC 4568 section 6.3 session parameter, a word of SDP's a=crypto
// after the key parameters. UNAUTHENTICATED_SRTP (any case, as suite
// names) sets srtp.unauthenticated and is true; the others RFC 4568
// defines (UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, KDR=, WSH=, FEC_ORDER=,
// FEC_KEY=) are refused, never ignored: "session parameter KDR is not
// supported" (the name only: FEC_KEY='s value is a key). Any other word is
// false, for the caller to read as it will. Errors (EINVAL) also for
// UNAUTHENTICATED_SRTP with a suite that is neither AES-CM nor F8
// (srtp.suite must be set) or given twice.
Result<bool> parse_srtp_session_param(std::string_view word, Srtp &srtp);

// SDES parameters as a=crypto has them after the suite: the key
// parameters (parse_srtp_inline), then session parameters separated by
// spaces or tabs (parse_srtp_session_param); "inline:BASE64|2^31
// UNAUTHENTICATED_SRTP". A word that is no session parameter is an error
// naming it up to its '=' ("unknown session parameter FOO"), a second
// inline: key one that does not ("only one inline: key").
Result<void> parse_srtp_sdes(std::string_view text, Srtp &srtp);

// Base64 (RFC 4648, with or without padding) into a wiped buffer;
// nullopt on an invalid character, bad padding or more than
// secret_bytes_max bytes.
std::optional<SecretBytes> decode_base64_secret(std::string_view text);

} // namespace rtpnl

#endif
