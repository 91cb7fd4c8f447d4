// SPDX-License-Identifier: LGPL-2.1-or-later
// SRTP parameters: suite names, key buffers that wipe themselves, the SDES
// inline: key form (see srtp.hpp). No key byte ever reaches a string here.
#include "rtpnl/srtp.hpp"

#include "number.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string.h> // explicit_bzero
#include <string>

namespace rtpnl {

namespace {

struct SuiteInfo {
	SrtpSuite suite;
	std::string_view name;
	std::string_view short_name;
	std::size_t key_len;
	std::size_t salt_len;
};

constexpr std::array<SuiteInfo, 12> suites{{
	{SrtpSuite::aes_cm_128_hmac_sha1_80, "AES_CM_128_HMAC_SHA1_80", "aes128_80", 16, srtp_master_salt_max},
	{SrtpSuite::aes_cm_128_hmac_sha1_32, "AES_CM_128_HMAC_SHA1_32", "aes128_32", 16, srtp_master_salt_max},
	{SrtpSuite::null_hmac_sha1_80, "NULL_HMAC_SHA1_80", "null_80", 16, srtp_master_salt_max},
	{SrtpSuite::null_hmac_sha1_32, "NULL_HMAC_SHA1_32", "null_32", 16, srtp_master_salt_max},
	{SrtpSuite::aes_192_cm_hmac_sha1_80, "AES_192_CM_HMAC_SHA1_80", "aes192_80", 24, srtp_master_salt_max},
	{SrtpSuite::aes_192_cm_hmac_sha1_32, "AES_192_CM_HMAC_SHA1_32", "aes192_32", 24, srtp_master_salt_max},
	{SrtpSuite::aes_256_cm_hmac_sha1_80, "AES_256_CM_HMAC_SHA1_80", "aes256_80", 32, srtp_master_salt_max},
	{SrtpSuite::aes_256_cm_hmac_sha1_32, "AES_256_CM_HMAC_SHA1_32", "aes256_32", 32, srtp_master_salt_max},
	// RFC 7714 section 14.2's names; the short ones are tests/kernel/lib/genl.py's
	{SrtpSuite::aead_aes_128_gcm, "AEAD_AES_128_GCM", "gcm128", 16, srtp_aead_master_salt_len},
	{SrtpSuite::aead_aes_256_gcm, "AEAD_AES_256_GCM", "gcm256", 32, srtp_aead_master_salt_len},
	// RFC 4568's F8_128_HMAC_SHA1_80, and the _32 rtpengine knows too
	{SrtpSuite::f8_128_hmac_sha1_80, "F8_128_HMAC_SHA1_80", "f8_80", 16, srtp_master_salt_max},
	{SrtpSuite::f8_128_hmac_sha1_32, "F8_128_HMAC_SHA1_32", "f8_32", 16, srtp_master_salt_max},
}};

const SuiteInfo *info(SrtpSuite suite)
{
	for (const SuiteInfo &s : suites)
		if (s.suite == suite)
			return &s;
	return nullptr;
}

bool iequal(std::string_view a, std::string_view b)
{
	return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
		       return std::tolower(static_cast<unsigned char>(x)) ==
			      std::tolower(static_cast<unsigned char>(y));
	       });
}

int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

Error bad(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

// "AES_CM_128_HMAC_SHA1_80 needs 16": what a suite wants of a key or salt.
std::string suite_needs(const SuiteInfo &s, std::size_t len)
{
	return std::string(s.name) + " needs " + std::to_string(len);
}

// RFC 4568's lifetime, "2^N" or a decimal count of packets, 1..2^48 (RFC
// 3711's limit for SRTP). Checked, then ignored: the kernel never re-keys.
Result<void> check_lifetime(std::string_view text)
{
	const bool power = text.starts_with("2^");
	const auto n = parse_number<std::uint64_t>(power ? text.substr(2) : text);
	const bool ok = n && (power ? *n <= srtp_lifetime_log2_max
				    : *n >= 1 && *n <= (std::uint64_t{1} << srtp_lifetime_log2_max));
	if (!ok)
		return bad("invalid lifetime in the inline: key (2^N or a decimal number, 1..2^" +
			   std::to_string(srtp_lifetime_log2_max) + ")");
	return {};
}

// RFC 4568's "MKI:LENGTH", both decimal: the MKI value big endian in
// LENGTH bytes (1..srtp_mki_max, what the kernel takes).
Result<std::vector<std::uint8_t>> parse_inline_mki(std::string_view text)
{
	const auto colon = text.find(':');
	const auto value = parse_number<std::uint64_t>(text.substr(0, colon));
	const auto len = colon == std::string_view::npos
				 ? std::nullopt
				 : parse_number<std::uint64_t>(text.substr(colon + 1));
	if (!value || !len)
		return bad("invalid MKI in the inline: key (MKI:LENGTH, both decimal)");
	if (*len < 1 || *len > srtp_mki_max)
		return bad("MKI length of " + std::to_string(*len) + " bytes in the inline: key (1.." +
			   std::to_string(srtp_mki_max) + ")");
	if ((*value >> (8 * *len)) != 0)
		return bad("MKI value of the inline: key does not fit in " + std::to_string(*len) +
			   (*len == 1 ? " byte" : " bytes"));
	std::vector<std::uint8_t> mki;
	for (auto i = *len; i-- > 0;)
		mki.push_back(static_cast<std::uint8_t>(*value >> (8 * i)));
	return mki;
}

// The text up to the next '|' of `rest`, which loses it and the '|';
// `rest` is nullopt once no '|' is left.
std::string_view next_part(std::optional<std::string_view> &rest)
{
	const std::string_view text = *rest;
	const auto bar = text.find('|');
	rest = bar == std::string_view::npos ? std::nullopt
					     : std::optional<std::string_view>(text.substr(bar + 1));
	return text.substr(0, bar);
}

// What follows the base64's '|', RFC 4568 6.1: "[LIFETIME][|MKI:LENGTH]"
// (a part with ':' is the MKI). The MKI, or none.
Result<std::vector<std::uint8_t>> parse_inline_tail(std::string_view tail)
{
	std::optional<std::string_view> rest = tail;
	std::string_view part = next_part(rest);
	if (part.find(':') == std::string_view::npos) {
		if (auto r = check_lifetime(part); !r)
			return r.error();
		if (!rest)
			return std::vector<std::uint8_t>{};
		part = next_part(rest);
	}
	auto mki = parse_inline_mki(part);
	if (mki && rest)
		return bad("unexpected text after the MKI of the inline: key");
	return mki;
}

constexpr std::string_view unauthenticated_srtp = "UNAUTHENTICATED_SRTP";

// RFC 4568 section 6.3's other session parameters: flags, and those with
// a value after '=' (what is matched is the name and its '=').
constexpr std::array<std::string_view, 2> unsupported_session_flags{{
	"UNENCRYPTED_SRTP",
	"UNENCRYPTED_SRTCP",
}};
constexpr std::array<std::string_view, 4> unsupported_session_values{{
	"KDR=",
	"WSH=",
	"FEC_ORDER=",
	"FEC_KEY=",
}};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The next word of `text`, which loses it and the blanks before it; empty
// at the end.
std::string_view next_word(std::string_view &text)
{
	while (!text.empty() && is_blank(text.front()))
		text.remove_prefix(1);
	std::size_t n = 0;
	while (n < text.size() && !is_blank(text[n]))
		++n;
	const std::string_view word = text.substr(0, n);
	text.remove_prefix(n);
	return word;
}

} // namespace

std::string_view srtp_suite_name(SrtpSuite suite)
{
	const SuiteInfo *s = info(suite);
	return s ? s->name : std::string_view("unknown");
}

std::string_view srtp_suite_short_name(SrtpSuite suite)
{
	const SuiteInfo *s = info(suite);
	return s ? s->short_name : std::string_view("unknown");
}

std::optional<SrtpSuite> srtp_suite_from_name(std::string_view name)
{
	for (const SuiteInfo &s : suites)
		if (iequal(name, s.name) || iequal(name, s.short_name))
			return s.suite;
	return std::nullopt;
}

std::optional<SrtpSuite> srtp_suite_from_value(std::uint32_t value)
{
	const SrtpSuite suite = static_cast<SrtpSuite>(value);
	if (!info(suite))
		return std::nullopt;
	return suite;
}

bool srtp_suite_allows_unauthenticated(SrtpSuite suite)
{
	switch (suite) {
	case SrtpSuite::aes_cm_128_hmac_sha1_80:
	case SrtpSuite::aes_cm_128_hmac_sha1_32:
	case SrtpSuite::aes_192_cm_hmac_sha1_80:
	case SrtpSuite::aes_192_cm_hmac_sha1_32:
	case SrtpSuite::aes_256_cm_hmac_sha1_80:
	case SrtpSuite::aes_256_cm_hmac_sha1_32:
	case SrtpSuite::f8_128_hmac_sha1_80:
	case SrtpSuite::f8_128_hmac_sha1_32:
		return true;
	case SrtpSuite::null_hmac_sha1_80:
	case SrtpSuite::null_hmac_sha1_32:
	case SrtpSuite::aead_aes_128_gcm:
	case SrtpSuite::aead_aes_256_gcm:
		break;
	}
	return false;
}

std::string srtp_unauthenticated_refusal(SrtpSuite suite)
{
	return std::string(unauthenticated_srtp) + " needs an AES_CM or F8 suite, not " +
	       std::string(srtp_suite_name(suite));
}

std::size_t srtp_master_key_len(SrtpSuite suite)
{
	const SuiteInfo *s = info(suite);
	return s ? s->key_len : 0;
}

std::size_t srtp_master_salt_len(SrtpSuite suite)
{
	const SuiteInfo *s = info(suite);
	return s ? s->salt_len : 0;
}

SecretBytes::SecretBytes(std::span<const std::uint8_t> bytes)
{
	// The constructor's callers pass at most secret_bytes_max; cut, never overflow.
	size_ = std::min(bytes.size(), buf_.size());
	std::memcpy(buf_.data(), bytes.data(), size_);
}

SecretBytes::SecretBytes(const SecretBytes &other) : size_(other.size_)
{
	std::memcpy(buf_.data(), other.buf_.data(), size_);
}

SecretBytes &SecretBytes::operator=(const SecretBytes &other)
{
	if (this != &other) {
		clear();
		size_ = other.size_;
		std::memcpy(buf_.data(), other.buf_.data(), size_);
	}
	return *this;
}

SecretBytes::~SecretBytes() { clear(); }

Result<void> SecretBytes::assign(std::span<const std::uint8_t> bytes)
{
	if (bytes.size() > buf_.size())
		return bad("at most " + std::to_string(buf_.size()) + " secret bytes");
	clear();
	size_ = bytes.size();
	std::memcpy(buf_.data(), bytes.data(), size_);
	return {};
}

void SecretBytes::clear()
{
	explicit_bzero(buf_.data(), buf_.size());
	size_ = 0;
}

bool SecretBytes::operator==(const SecretBytes &other) const
{
	return size_ == other.size_ && std::memcmp(buf_.data(), other.buf_.data(), size_) == 0;
}

Result<void> validate_srtp(const Srtp &srtp, std::string_view what)
{
	const std::string w(what);
	const SuiteInfo *s = info(srtp.suite);
	if (!s)
		return bad(w + ": unknown SRTP suite " +
			   std::to_string(static_cast<std::uint32_t>(srtp.suite)));
	if (srtp.master_key.size() != s->key_len)
		return bad(w + ": master key of " + std::to_string(srtp.master_key.size()) +
			   " bytes, " + suite_needs(*s, s->key_len));
	if (srtp.master_salt.size() != s->salt_len)
		return bad(w + ": master salt of " + std::to_string(srtp.master_salt.size()) +
			   " bytes, " + suite_needs(*s, s->salt_len));
	if (srtp.mki.size() > srtp_mki_max)
		return bad(w + ": MKI of " + std::to_string(srtp.mki.size()) + " bytes (1.." +
			   std::to_string(srtp_mki_max) + ")");
	if (srtp.rocs.size() > srtp_rocs_max)
		return bad(w + ": at most " + std::to_string(srtp_rocs_max) + " ROCs");
	if (srtp.unauthenticated && !srtp_suite_allows_unauthenticated(srtp.suite))
		return bad(w + ": " + srtp_unauthenticated_refusal(srtp.suite));
	for (std::size_t i = 0; i < srtp.rocs.size(); ++i)
		for (std::size_t j = 0; j < i; ++j)
			if (srtp.rocs[i].ssrc == srtp.rocs[j].ssrc) {
				std::array<char, 9> hex{};
				std::snprintf(hex.data(), hex.size(), "%08x", srtp.rocs[i].ssrc);
				return bad(w + ": duplicate ROC SSRC " + hex.data());
			}
	return {};
}

Result<bool> parse_srtp_session_param(std::string_view word, Srtp &srtp)
{
	if (iequal(word, unauthenticated_srtp)) {
		if (!info(srtp.suite))
			return bad("unknown SRTP suite");
		if (!srtp_suite_allows_unauthenticated(srtp.suite))
			return bad(srtp_unauthenticated_refusal(srtp.suite));
		if (srtp.unauthenticated)
			return bad("duplicate session parameter " + std::string(unauthenticated_srtp));
		srtp.unauthenticated = true;
		return true;
	}
	for (std::string_view name : unsupported_session_flags)
		if (iequal(word, name))
			return bad("session parameter " + std::string(name) + " is not supported");
	for (std::string_view name : unsupported_session_values)
		if (word.size() >= name.size() && iequal(word.substr(0, name.size()), name))
			return bad("session parameter " + std::string(name.substr(0, name.size() - 1)) +
				   " is not supported");
	return false;
}

Result<void> parse_srtp_sdes(std::string_view text, Srtp &srtp)
{
	const std::string_view key = next_word(text);
	// A copy: `srtp` changes only when every word is good.
	Srtp parsed = srtp;
	parsed.unauthenticated = false;
	if (auto r = parse_srtp_inline(key, parsed); !r)
		return r;
	for (std::string_view word = next_word(text); !word.empty(); word = next_word(text)) {
		auto known = parse_srtp_session_param(word, parsed);
		if (!known)
			return known.error();
		if (*known)
			continue;
		constexpr std::string_view prefix = "inline:";
		if (word.size() >= prefix.size() && iequal(word.substr(0, prefix.size()), prefix))
			return bad("only one inline: key");
		// Up to the '=': an unknown NAME=VALUE may carry anything.
		return bad("unknown session parameter " + std::string(word.substr(0, word.find('='))));
	}
	srtp = std::move(parsed);
	return {};
}

std::optional<SecretBytes> decode_base64_secret(std::string_view text)
{
	std::array<std::uint8_t, secret_bytes_max> out{};
	std::size_t n = 0;
	std::uint32_t acc = 0;
	int bits = 0;
	std::size_t pad = 0;
	bool ok = true;
	for (char c : text) {
		if (c == '=') {
			++pad;
			continue;
		}
		const int v = base64_value(c);
		if (v < 0 || pad) { // a character after padding
			ok = false;
			break;
		}
		acc = (acc << 6) | static_cast<std::uint32_t>(v);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == out.size()) {
				ok = false;
				break;
			}
			out[n++] = static_cast<std::uint8_t>(acc >> bits);
		}
	}
	// Leftover bits must be zero; the padding, if any, must complete a
	// 4-character group.
	const std::size_t chars = text.size();
	if (ok && ((acc & ((1u << bits) - 1)) != 0 || bits >= 6 || pad > 2 ||
		   (pad && chars % 4 != 0) || text.empty()))
		ok = false;
	std::optional<SecretBytes> result;
	if (ok)
		result.emplace(std::span<const std::uint8_t>(out.data(), n));
	acc = 0;
	explicit_bzero(&acc, sizeof acc);
	explicit_bzero(out.data(), out.size());
	return result;
}

Result<void> parse_srtp_inline(std::string_view text, Srtp &srtp)
{
	const SuiteInfo *s = info(srtp.suite);
	if (!s)
		return bad("unknown SRTP suite");
	constexpr std::string_view prefix = "inline:";
	if (text.size() < prefix.size() || !iequal(text.substr(0, prefix.size()), prefix))
		return bad("not an inline: key (inline:BASE64)");
	text.remove_prefix(prefix.size());
	const auto bar = text.find('|');
	auto keysalt = decode_base64_secret(text.substr(0, bar));
	if (!keysalt)
		return bad("invalid base64 in the inline: key");
	const std::size_t want = s->key_len + s->salt_len;
	if (keysalt->size() != want)
		return bad("inline: key of " + std::to_string(keysalt->size()) + " bytes, " +
			   suite_needs(*s, want) + " (" + std::to_string(s->key_len) + " key + " +
			   std::to_string(s->salt_len) + " salt)");
	std::vector<std::uint8_t> mki;
	if (bar != std::string_view::npos) {
		auto tail = parse_inline_tail(text.substr(bar + 1));
		if (!tail)
			return tail.error();
		mki = std::move(*tail);
	}
	const auto all = keysalt->bytes();
	if (auto r = srtp.master_key.assign(all.first(s->key_len)); !r)
		return r;
	if (auto r = srtp.master_salt.assign(all.subspan(s->key_len)); !r)
		return r;
	srtp.mki = std::move(mki);
	return {};
}

} // namespace rtpnl
