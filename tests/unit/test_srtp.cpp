// SPDX-License-Identifier: LGPL-2.1-or-later
// SRTP parameters: suite names, RFC 4568 inline: keys, base64, validation
// messages (none holds a key), key wiping, and the DECRYPT / ENCRYPT nests
// as bytes both ways (replies carry no key).
#include "bytes.hpp"
#include "genl_bytes.hpp"

#include "rtpnl/srtp.hpp"
#include "rule_codec.hpp"

#include <linux/rtpfwd.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <utility>

using namespace rtpnl;

namespace {

// 16-byte key 00..0f, 14-byte salt 10..1d: base64 of bytes 0..29.
constexpr const char *inline_128 = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
// AEAD_AES_128_GCM: 16-byte key 00..0f, 12-byte salt 10..1b: bytes 0..27.
constexpr const char *inline_gcm128 = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==";
// AEAD_AES_256_GCM: 32-byte key 00..1f, 12-byte salt 20..2b: bytes 0..43.
constexpr const char *inline_gcm256 =
	"inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis=";

Bytes range(int from, int count)
{
	Bytes b;
	for (int i = 0; i < count; ++i)
		b.push_back(static_cast<std::uint8_t>(from + i));
	return b;
}

Srtp srtp_128()
{
	Srtp s;
	s.suite = SrtpSuite::aes_cm_128_hmac_sha1_80;
	REQUIRE(parse_srtp_inline(inline_128, s).ok());
	return s;
}

std::string error_of(const Result<void> &r)
{
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	return r.error().text();
}

Endpoint ep(std::string_view text) { return *parse_endpoint(text); }

Rule srtp_rule()
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.rtp = true;
	r.outputs.push_back({ep("10.0.0.1:1"), ep("10.0.0.2:2"), std::nullopt});
	return r;
}

// RULE_NEW's attributes for srtp_rule() with these DECRYPT and ENCRYPT nests.
Bytes srtp_rule_new(const Bytes &decrypt, const Bytes &encrypt)
{
	return concat({
		nla(RTPFWD_A_TABLE_ID, bytes({42, 0, 0, 0})),
		nest(RTPFWD_A_RULE,
		     {nest(RTPFWD_RULE_A_LOCAL, {addr4(127, 0, 0, 1), port(30018)}),
		      nla(RTPFWD_RULE_A_MISMATCH, bytes({0})),
		      nest(RTPFWD_RULE_A_OUTPUT, {nest(1, {addr4(10, 0, 0, 1), port(1)}),
						  nest(2, {addr4(10, 0, 0, 2), port(2)}), encrypt}),
		      nla(RTPFWD_RULE_A_FLAGS, bytes({1, 0, 0, 0})), decrypt}),
	});
}

} // namespace

TEST_CASE("SRTP suites: RFC names in any case, short names, values, key lengths")
{
	CHECK(srtp_suite_from_name("AES_CM_128_HMAC_SHA1_80") == SrtpSuite::aes_cm_128_hmac_sha1_80);
	CHECK(srtp_suite_from_name("aes_256_cm_hmac_sha1_32") == SrtpSuite::aes_256_cm_hmac_sha1_32);
	CHECK(srtp_suite_from_name("null_32") == SrtpSuite::null_hmac_sha1_32);
	CHECK(srtp_suite_from_name("AES192_80") == SrtpSuite::aes_192_cm_hmac_sha1_80);
	CHECK_FALSE(srtp_suite_from_name("AES_CM_128_HMAC_SHA1"));
	CHECK_FALSE(srtp_suite_from_name("AEAD_AES_192_GCM"));
	CHECK_FALSE(srtp_suite_from_name("AEAD_AES_128_GCM_8")); // RFC 7714's short tags: not ours
	CHECK_FALSE(srtp_suite_from_value(0));
	CHECK_FALSE(srtp_suite_from_value(13));
	for (std::uint32_t v = 1; v <= 12; ++v) {
		auto s = srtp_suite_from_value(v);
		REQUIRE(s);
		CHECK(srtp_suite_from_name(srtp_suite_name(*s)) == s);
		CHECK(srtp_suite_from_name(srtp_suite_short_name(*s)) == s);
	}
	CHECK(srtp_master_key_len(SrtpSuite::null_hmac_sha1_80) == 16);
	CHECK(srtp_master_key_len(SrtpSuite::aes_192_cm_hmac_sha1_32) == 24);
	CHECK(srtp_master_key_len(SrtpSuite::aes_256_cm_hmac_sha1_80) == 32);
}

TEST_CASE("SRTP suites: AEAD AES-GCM (RFC 7714) names, values, key and salt lengths")
{
	CHECK(srtp_suite_from_name("AEAD_AES_128_GCM") == SrtpSuite::aead_aes_128_gcm);
	CHECK(srtp_suite_from_name("aead_aes_256_gcm") == SrtpSuite::aead_aes_256_gcm);
	CHECK(srtp_suite_from_name("gcm128") == SrtpSuite::aead_aes_128_gcm);
	CHECK(srtp_suite_from_name("GCM256") == SrtpSuite::aead_aes_256_gcm);
	CHECK(srtp_suite_from_value(RTPFWD_SRTP_SUITE_AEAD_AES_128_GCM) == SrtpSuite::aead_aes_128_gcm);
	CHECK(srtp_suite_from_value(RTPFWD_SRTP_SUITE_AEAD_AES_256_GCM) == SrtpSuite::aead_aes_256_gcm);
	CHECK(srtp_suite_name(SrtpSuite::aead_aes_128_gcm) == "AEAD_AES_128_GCM");
	CHECK(srtp_suite_name(SrtpSuite::aead_aes_256_gcm) == "AEAD_AES_256_GCM");
	CHECK(srtp_suite_short_name(SrtpSuite::aead_aes_128_gcm) == "gcm128");
	CHECK(srtp_suite_short_name(SrtpSuite::aead_aes_256_gcm) == "gcm256");
	CHECK(srtp_master_key_len(SrtpSuite::aead_aes_128_gcm) == 16);
	CHECK(srtp_master_key_len(SrtpSuite::aead_aes_256_gcm) == 32);
	// The salt: 12 bytes for AEAD, 14 for every other suite; 0 for an unknown one
	CHECK(srtp_master_salt_len(SrtpSuite::aead_aes_128_gcm) == 12);
	CHECK(srtp_master_salt_len(SrtpSuite::aead_aes_256_gcm) == 12);
	for (std::uint32_t v = 1; v <= 8; ++v)
		CHECK(srtp_master_salt_len(*srtp_suite_from_value(v)) == 14);
	CHECK(srtp_master_salt_len(static_cast<SrtpSuite>(13)) == 0);
	CHECK(srtp_master_salt_max == 14);
	// the longest key with the longest salt fits a SecretBytes
	CHECK(secret_bytes_max == 32 + 14);
}

TEST_CASE("SRTP suites: F8 (RFC 3711 4.1.2) names, short names, values, key and salt lengths")
{
	CHECK(srtp_suite_from_name("F8_128_HMAC_SHA1_80") == SrtpSuite::f8_128_hmac_sha1_80);
	CHECK(srtp_suite_from_name("f8_128_hmac_sha1_32") == SrtpSuite::f8_128_hmac_sha1_32);
	CHECK(srtp_suite_from_name("f8_80") == SrtpSuite::f8_128_hmac_sha1_80);
	CHECK(srtp_suite_from_name("F8_32") == SrtpSuite::f8_128_hmac_sha1_32);
	CHECK_FALSE(srtp_suite_from_name("F8_128_HMAC_SHA1"));
	CHECK_FALSE(srtp_suite_from_name("F8_256_HMAC_SHA1_80"));
	CHECK(static_cast<std::uint32_t>(SrtpSuite::f8_128_hmac_sha1_80) == 11);
	CHECK(static_cast<std::uint32_t>(SrtpSuite::f8_128_hmac_sha1_32) == 12);
	CHECK(srtp_suite_from_value(RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80) == SrtpSuite::f8_128_hmac_sha1_80);
	CHECK(srtp_suite_from_value(RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32) == SrtpSuite::f8_128_hmac_sha1_32);
	CHECK(RTPFWD_SRTP_SUITE_MAX == 12);
	CHECK(srtp_suite_name(SrtpSuite::f8_128_hmac_sha1_80) == "F8_128_HMAC_SHA1_80");
	CHECK(srtp_suite_name(SrtpSuite::f8_128_hmac_sha1_32) == "F8_128_HMAC_SHA1_32");
	CHECK(srtp_suite_short_name(SrtpSuite::f8_128_hmac_sha1_80) == "f8_80");
	CHECK(srtp_suite_short_name(SrtpSuite::f8_128_hmac_sha1_32) == "f8_32");
	CHECK(srtp_master_key_len(SrtpSuite::f8_128_hmac_sha1_80) == 16);
	CHECK(srtp_master_key_len(SrtpSuite::f8_128_hmac_sha1_32) == 16);
	CHECK(srtp_master_salt_len(SrtpSuite::f8_128_hmac_sha1_80) == 14);
	CHECK(srtp_master_salt_len(SrtpSuite::f8_128_hmac_sha1_32) == 14);
	// an inline: key as AES_CM_128's: 16 key + 14 salt
	Srtp f;
	f.suite = SrtpSuite::f8_128_hmac_sha1_32;
	REQUIRE(parse_srtp_inline(inline_128, f).ok());
	CHECK(f.master_key == SecretBytes(range(0, 16)));
	CHECK(f.master_salt == SecretBytes(range(16, 14)));
	CHECK(validate_srtp(f, "decrypt").ok());
	f.suite = SrtpSuite::f8_128_hmac_sha1_80;
	CHECK(error_of(parse_srtp_inline(inline_gcm128, f)) ==
	      "inline: key of 28 bytes, F8_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
}

TEST_CASE("base64: RFC 4648 vectors, padding optional, garbage refused")
{
	const auto text = [](std::string_view b64) {
		auto s = decode_base64_secret(b64);
		REQUIRE(s);
		return std::string(s->bytes().begin(), s->bytes().end());
	};
	CHECK(text("Zg==") == "f");
	CHECK(text("Zm8=") == "fo");
	CHECK(text("Zm9v") == "foo");
	CHECK(text("Zm9vYg") == "foob");
	CHECK(text("Zm9vYmFy") == "foobar");
	for (std::string_view bad : {"", "Zg=", "Zm9v!", "Zg==Zg==", "Zh==", "Z", "Zm9vYmFy===",
				     "Zm 9v"})
		CHECK_MESSAGE(!decode_base64_secret(bad), bad);
	// 45 bytes fit (46 is the most), 48 do not
	CHECK(decode_base64_secret(std::string(60, 'A')));
	CHECK_FALSE(decode_base64_secret(std::string(64, 'A')));
}

TEST_CASE("inline: key: key and salt split by suite, lifetime checked and ignored, MKI")
{
	Srtp s = srtp_128();
	CHECK(to_vector(s.master_key.bytes()) == range(0, 16));
	CHECK(to_vector(s.master_salt.bytes()) == range(16, 14));
	CHECK(s.mki.empty());

	Srtp m;
	REQUIRE(parse_srtp_inline(std::string(inline_128) + "|2^20|258:2", m).ok());
	CHECK(m.mki == bytes({0x01, 0x02}));
	REQUIRE(parse_srtp_inline(std::string("INLINE:") + (inline_128 + 7) + "|1:4", m).ok());
	CHECK(m.mki == bytes({0, 0, 0, 1}));
	REQUIRE(parse_srtp_inline(std::string(inline_128) + "|2^31", m).ok());
	CHECK(m.mki.empty());
	// Lifetimes: 2^0..2^48, or 1..2^48 packets; checked, not kept
	for (const char *lifetime : {"|2^0", "|2^48", "|1", "|281474976710656", "|1000000", "|2^031"})
		CHECK_MESSAGE(parse_srtp_inline(std::string(inline_128) + lifetime, m).ok(), lifetime);
	// The MKI alone, its largest values, big endian in LENGTH bytes
	REQUIRE(parse_srtp_inline(std::string(inline_128) + "|255:1", m).ok());
	CHECK(m.mki == bytes({0xff}));
	REQUIRE(parse_srtp_inline(std::string(inline_128) + "|1000|4294967295:4", m).ok());
	CHECK(m.mki == bytes({0xff, 0xff, 0xff, 0xff}));
	REQUIRE(parse_srtp_inline(std::string(inline_128) + "|2^20|66051:3", m).ok());
	CHECK(m.mki == bytes({0x01, 0x02, 0x03}));
	REQUIRE(parse_srtp_inline(std::string(inline_128) + "|0:2", m).ok());
	CHECK(m.mki == bytes({0, 0}));
	// A key without an MKI after one with: the MKI goes
	REQUIRE(parse_srtp_inline(inline_128, m).ok());
	CHECK(m.mki.empty());

	Srtp big;
	big.suite = SrtpSuite::aes_256_cm_hmac_sha1_32;
	// 46 bytes: 0..45
	REQUIRE(parse_srtp_inline("inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss"
				  "LQ==", big)
			.ok());
	CHECK(to_vector(big.master_key.bytes()) == range(0, 32));
	CHECK(to_vector(big.master_salt.bytes()) == range(32, 14));
}

TEST_CASE("inline: key: AEAD suites take key || 12-byte salt (28, 44 bytes)")
{
	Srtp g;
	g.suite = SrtpSuite::aead_aes_128_gcm;
	REQUIRE(parse_srtp_inline(inline_gcm128, g).ok());
	CHECK(to_vector(g.master_key.bytes()) == range(0, 16));
	CHECK(to_vector(g.master_salt.bytes()) == range(16, 12));
	CHECK(g.mki.empty());
	CHECK(validate_srtp(g, "decrypt").ok());
	// lifetime and MKI as for every suite
	REQUIRE(parse_srtp_inline(std::string(inline_gcm128) + "|2^31|513:2", g).ok());
	CHECK(g.mki == bytes({0x02, 0x01}));
	CHECK(validate_srtp(g, "decrypt").ok());

	Srtp big;
	big.suite = SrtpSuite::aead_aes_256_gcm;
	REQUIRE(parse_srtp_inline(inline_gcm256, big).ok());
	CHECK(to_vector(big.master_key.bytes()) == range(0, 32));
	CHECK(to_vector(big.master_salt.bytes()) == range(32, 12));
	CHECK(validate_srtp(big, "decrypt").ok());

	// A key of another suite's length: the reason names the suite's key and salt
	Srtp s;
	s.suite = SrtpSuite::aead_aes_128_gcm;
	CHECK(error_of(parse_srtp_inline(inline_128, s)) ==
	      "inline: key of 30 bytes, AEAD_AES_128_GCM needs 28 (16 key + 12 salt)");
	CHECK(error_of(parse_srtp_inline(inline_gcm256, s)) ==
	      "inline: key of 44 bytes, AEAD_AES_128_GCM needs 28 (16 key + 12 salt)");
	s.suite = SrtpSuite::aead_aes_256_gcm;
	CHECK(error_of(parse_srtp_inline(inline_gcm128, s)) ==
	      "inline: key of 28 bytes, AEAD_AES_256_GCM needs 44 (32 key + 12 salt)");
	// 46 bytes, AES_256_CM's key and salt
	CHECK(error_of(parse_srtp_inline("inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygp"
					 "KissLQ==",
					 s)) ==
	      "inline: key of 46 bytes, AEAD_AES_256_GCM needs 44 (32 key + 12 salt)");
	CHECK(s.master_key.empty());
	// and the other way: a GCM key for an AES-CM suite
	s.suite = SrtpSuite::aes_cm_128_hmac_sha1_80;
	CHECK(error_of(parse_srtp_inline(inline_gcm128, s)) ==
	      "inline: key of 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
}

TEST_CASE("inline: key errors name the problem, never the key")
{
	Srtp s;
	CHECK(error_of(parse_srtp_inline("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd", s)) ==
	      "not an inline: key (inline:BASE64)");
	CHECK(error_of(parse_srtp_inline("inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx!d", s)) ==
	      "invalid base64 in the inline: key");
	CHECK(error_of(parse_srtp_inline("inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==", s)) ==
	      "inline: key of 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
	s.suite = SrtpSuite::aes_192_cm_hmac_sha1_80;
	CHECK(error_of(parse_srtp_inline(inline_128, s)) ==
	      "inline: key of 30 bytes, AES_192_CM_HMAC_SHA1_80 needs 38 (24 key + 14 salt)");
	s.suite = SrtpSuite::aes_cm_128_hmac_sha1_80;
	// The SDES tail after the key: each malformed form and its reason
	constexpr std::string_view bad_mki = "invalid MKI in the inline: key (MKI:LENGTH, both decimal)";
	constexpr std::string_view bad_lifetime =
		"invalid lifetime in the inline: key (2^N or a decimal number, 1..2^48)";
	constexpr std::string_view after_mki = "unexpected text after the MKI of the inline: key";
	const std::pair<std::string_view, std::string_view> tails[] = {
		{"|2^31|x:1", bad_mki}, {"|2^31|1:", bad_mki}, {"|2^31|:1", bad_mki},
		{"|2^31|1:x", bad_mki}, {"|2^31|-1:1", bad_mki}, {"|2^31|+1:1", bad_mki},
		{"|2^31|1:1:1", bad_mki}, {"|2^31|", bad_mki}, {"|2^31|2^20", bad_mki},
		{"|18446744073709551616:4", bad_mki},
		{"|1:5", "MKI length of 5 bytes in the inline: key (1..4)"},
		{"|0:0", "MKI length of 0 bytes in the inline: key (1..4)"},
		{"|256:1", "MKI value of the inline: key does not fit in 1 byte"},
		{"|4294967296:4", "MKI value of the inline: key does not fit in 4 bytes"},
		{"|", bad_lifetime}, {"||1:1", bad_lifetime}, {"|2^", bad_lifetime},
		{"|2^49", bad_lifetime}, {"|2^x", bad_lifetime}, {"|0", bad_lifetime},
		{"|281474976710657", bad_lifetime}, {"|3^4", bad_lifetime}, {"|-5", bad_lifetime},
		{"|+5", bad_lifetime}, {"|2^-1", bad_lifetime}, {"| 2^31", bad_lifetime},
		{"|x", bad_lifetime},
		{"|1:1|x", after_mki}, {"|2^31|1:1|", after_mki},
	};
	for (const auto &[tail, reason] : tails)
		CHECK_MESSAGE(error_of(parse_srtp_inline(std::string(inline_128) + std::string(tail), s)) ==
				      reason,
			      std::string(tail));
	// A failed parse leaves the key it had
	CHECK(s.master_key.empty());
}

TEST_CASE("validate_srtp: every reason, named by place, without the key")
{
	Srtp s = srtp_128();
	CHECK(validate_srtp(s, "decrypt").ok());
	Srtp t = s;
	t.suite = static_cast<SrtpSuite>(13);
	CHECK(error_of(validate_srtp(t, "decrypt")) == "decrypt: unknown SRTP suite 13");
	t = s;
	t.suite = SrtpSuite::aes_256_cm_hmac_sha1_80;
	CHECK(error_of(validate_srtp(t, "output 2 encrypt")) ==
	      "output 2 encrypt: master key of 16 bytes, AES_256_CM_HMAC_SHA1_80 needs 32");
	t = s;
	REQUIRE(t.master_salt.assign(range(0, 13)).ok());
	CHECK(error_of(validate_srtp(t, "decrypt")) ==
	      "decrypt: master salt of 13 bytes, AES_CM_128_HMAC_SHA1_80 needs 14");
	// The salt's length is the suite's: 12 for AEAD, and 14 is then wrong
	t = s;
	t.suite = SrtpSuite::aead_aes_128_gcm;
	CHECK(error_of(validate_srtp(t, "output 1 encrypt")) ==
	      "output 1 encrypt: master salt of 14 bytes, AEAD_AES_128_GCM needs 12");
	REQUIRE(t.master_salt.assign(range(16, 12)).ok());
	CHECK(validate_srtp(t, "output 1 encrypt").ok());
	t.suite = SrtpSuite::aead_aes_256_gcm;
	CHECK(error_of(validate_srtp(t, "decrypt")) ==
	      "decrypt: master key of 16 bytes, AEAD_AES_256_GCM needs 32");
	t.suite = SrtpSuite::aes_cm_128_hmac_sha1_32;
	CHECK(error_of(validate_srtp(t, "decrypt")) ==
	      "decrypt: master salt of 12 bytes, AES_CM_128_HMAC_SHA1_32 needs 14");
	t = s;
	t.mki = range(1, 5);
	CHECK(error_of(validate_srtp(t, "decrypt")) == "decrypt: MKI of 5 bytes (1..4)");
	t = s;
	t.rocs = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}};
	CHECK(error_of(validate_srtp(t, "decrypt")) == "decrypt: at most 4 ROCs");
	t.rocs = {{0x11223344, 0}, {0x11223344, 1}};
	CHECK(error_of(validate_srtp(t, "decrypt")) == "decrypt: duplicate ROC SSRC 11223344");
	CHECK(error_of(SecretBytes().assign(range(0, 47))) == "at most 46 secret bytes");
}

TEST_CASE("SecretBytes: wiped when cleared, overwritten and destroyed")
{
	// Placement-new into a buffer we own, so the bytes can be read after
	// the destructor ran without touching freed memory.
	alignas(SecretBytes) unsigned char storage[sizeof(SecretBytes)];
	auto *secret = new (storage) SecretBytes(range(0xa0, 30));
	const auto contains_key = [&] {
		const Bytes key = range(0xa0, 30);
		return std::search(storage, storage + sizeof storage, key.begin(), key.end()) !=
		       storage + sizeof storage;
	};
	CHECK(contains_key());
	SecretBytes copy(*secret);
	CHECK(copy == *secret);
	secret->~SecretBytes();
	CHECK_FALSE(contains_key());
	CHECK(copy.size() == 30);

	secret = new (storage) SecretBytes(range(0xa0, 30));
	*secret = SecretBytes(range(1, 2)); // assignment wipes the old key first
	CHECK_FALSE(contains_key());
	CHECK(secret->size() == 2);
	secret->clear();
	CHECK(secret->empty());
	secret->~SecretBytes();
}

TEST_CASE("validate_rule: SRTP needs rtp and valid parameters")
{
	Rule r = srtp_rule();
	r.decrypt = srtp_128();
	r.outputs[0].encrypt = srtp_128();
	CHECK(validate_rule(r).ok());
	r.rtp = false;
	CHECK(error_of(validate_rule(r)) == "output 1: encrypt needs rtp or rtcp");
	r.outputs[0].encrypt.reset();
	CHECK(error_of(validate_rule(r)) == "decrypt needs rtp or rtcp");
	r.rtcp = true; // an RTCP port: SRTCP only
	CHECK(validate_rule(r).ok());
	r.rtcp = false;
	r.rtp = true;
	r.outputs[0].encrypt = srtp_128();
	r.outputs[0].encrypt->master_key.clear();
	CHECK(error_of(validate_rule(r)) ==
	      "output 1 encrypt: master key of 0 bytes, AES_CM_128_HMAC_SHA1_80 needs 16");
}

TEST_CASE("RULE_NEW: DECRYPT and ENCRYPT nests as bytes")
{
	Rule r = srtp_rule();
	r.decrypt = srtp_128();
	r.decrypt->rocs = {{0x11223344, 5}};
	r.outputs[0].encrypt = srtp_128();
	r.outputs[0].encrypt->suite = SrtpSuite::aes_cm_128_hmac_sha1_32;
	r.outputs[0].encrypt->mki = bytes({0x0a, 0x0b, 0x0c});
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	const Bytes decrypt = nest(RTPFWD_RULE_A_DECRYPT,
				   {nla(RTPFWD_SRTP_A_SUITE, bytes({1, 0, 0, 0})),
				    nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 16)),
				    nla(RTPFWD_SRTP_A_MASTER_SALT, range(16, 14)),
				    nest(RTPFWD_SRTP_A_ROC, {nla(RTPFWD_SRTP_ROC_A_SSRC, bytes({0x44, 0x33, 0x22, 0x11})),
							     nla(RTPFWD_SRTP_ROC_A_ROC, bytes({5, 0, 0, 0}))})});
	const Bytes encrypt = nest(RTPFWD_OUT_A_ENCRYPT,
				   {nla(RTPFWD_SRTP_A_SUITE, bytes({2, 0, 0, 0})),
				    nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 16)),
				    nla(RTPFWD_SRTP_A_MASTER_SALT, range(16, 14)),
				    nla(RTPFWD_SRTP_A_MKI, bytes({0x0a, 0x0b, 0x0c}))});
	CHECK(hex(attrs_of(*req)) == hex(srtp_rule_new(decrypt, encrypt)));
	// The SRTP nest's header by hand: type 12 | NLA_F_NESTED, 4 + 8 + 20 + 20 + 20 bytes
	CHECK(RTPFWD_RULE_A_DECRYPT == 12);
	CHECK(hex(Bytes(decrypt.begin(), decrypt.begin() + 4)) == hex(bytes({0x48, 0x00, 0x0c, 0x80})));
}

TEST_CASE("RULE_NEW: AEAD suites send their value and a 12-byte salt")
{
	Rule r = srtp_rule();
	r.decrypt.emplace();
	r.decrypt->suite = SrtpSuite::aead_aes_256_gcm;
	REQUIRE(parse_srtp_inline(inline_gcm256, *r.decrypt).ok());
	r.outputs[0].encrypt.emplace();
	r.outputs[0].encrypt->suite = SrtpSuite::aead_aes_128_gcm;
	REQUIRE(parse_srtp_inline(std::string(inline_gcm128) + "|7:1", *r.outputs[0].encrypt).ok());
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	const Bytes decrypt = nest(RTPFWD_RULE_A_DECRYPT,
				   {nla(RTPFWD_SRTP_A_SUITE, bytes({10, 0, 0, 0})),
				    nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 32)),
				    nla(RTPFWD_SRTP_A_MASTER_SALT, range(32, 12))});
	const Bytes encrypt = nest(RTPFWD_OUT_A_ENCRYPT,
				   {nla(RTPFWD_SRTP_A_SUITE, bytes({9, 0, 0, 0})),
				    nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 16)),
				    nla(RTPFWD_SRTP_A_MASTER_SALT, range(16, 12)),
				    nla(RTPFWD_SRTP_A_MKI, bytes({7}))});
	CHECK(hex(attrs_of(*req)) == hex(srtp_rule_new(decrypt, encrypt)));
	// A 14-byte salt with an AEAD suite never reaches the kernel
	REQUIRE(r.decrypt->master_salt.assign(range(32, 14)).ok());
	auto bad = encode_rule_new(r, RuleMode::add);
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().text() == "decrypt: master salt of 14 bytes, AEAD_AES_256_GCM needs 12");
}

TEST_CASE("RULE_NEW: F8 suites send 11 and 12, a 16-byte key and a 14-byte salt")
{
	Rule r = srtp_rule();
	r.decrypt = srtp_128();
	r.decrypt->suite = SrtpSuite::f8_128_hmac_sha1_80;
	r.outputs[0].encrypt = srtp_128();
	r.outputs[0].encrypt->suite = SrtpSuite::f8_128_hmac_sha1_32;
	r.outputs[0].encrypt->unauthenticated = true;
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	const Bytes key = concat({nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 16)),
				  nla(RTPFWD_SRTP_A_MASTER_SALT, range(16, 14))});
	const Bytes decrypt = nest(RTPFWD_RULE_A_DECRYPT, {nla(RTPFWD_SRTP_A_SUITE, bytes({11, 0, 0, 0})), key});
	const Bytes encrypt = nest(RTPFWD_OUT_A_ENCRYPT, {nla(RTPFWD_SRTP_A_SUITE, bytes({12, 0, 0, 0})), key,
							 nla(RTPFWD_SRTP_A_UNAUTHENTICATED, {})});
	CHECK(hex(attrs_of(*req)) == hex(srtp_rule_new(decrypt, encrypt)));
}

TEST_CASE("RULE_NEW: an invalid SRTP context is refused before encoding")
{
	Rule r = srtp_rule();
	r.decrypt = srtp_128();
	r.decrypt->mki = range(0, 5);
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE_FALSE(req.ok());
	CHECK(req.error().text() == "decrypt: MKI of 5 bytes (1..4)");
}

TEST_CASE("rule replies: suite, MKI length, ROCs decoded; keys never read")
{
	const Bytes out = nest(RTPFWD_RULE_A_OUTPUT,
			       {nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)}),
				nest(RTPFWD_OUT_A_ENCRYPT,
				     {nla(RTPFWD_SRTP_A_SUITE, bytes({8, 0, 0, 0})),
				      nla(RTPFWD_SRTP_A_MKI_LEN, bytes({3})),
				      nest(RTPFWD_SRTP_A_ROC, {nla(RTPFWD_SRTP_ROC_A_SSRC, bytes({1, 0, 0, 0}))})})});
	const Bytes attrs = concat({
		nla(RTPFWD_A_TABLE_ID, bytes({42, 0, 0, 0})),
		nest(RTPFWD_A_RULE,
		     {nest(RTPFWD_RULE_A_LOCAL, {addr4(127, 0, 0, 1), port(30018)}), out,
		      nla(RTPFWD_RULE_A_FLAGS, bytes({1, 0, 0, 0})),
		      nest(RTPFWD_RULE_A_DECRYPT,
			   {nla(RTPFWD_SRTP_A_SUITE, bytes({1, 0, 0, 0})),
			    // a kernel must never send these; if one did, they stay unread
			    nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 16)),
			    nla(RTPFWD_SRTP_A_MASTER_SALT, range(16, 14)),
			    nest(RTPFWD_SRTP_A_ROC, {nla(RTPFWD_SRTP_ROC_A_SSRC, bytes({0x44, 0x33, 0x22, 0x11})),
						     nla(RTPFWD_SRTP_ROC_A_ROC, bytes({7, 0, 0, 0}))}),
			    nest(RTPFWD_SRTP_A_ROC, {nla(RTPFWD_SRTP_ROC_A_SSRC, bytes({2, 0, 0, 0})),
						     nla(RTPFWD_SRTP_ROC_A_ROC, bytes({0, 0, 1, 0}))})})}),
	});
	auto rule = decode_rule(reply(RTPFWD_CMD_RULE_GET, attrs));
	REQUIRE(rule.ok());
	REQUIRE(rule->decrypt);
	CHECK(rule->decrypt->suite == SrtpSuite::aes_cm_128_hmac_sha1_80);
	CHECK(rule->decrypt->mki_len == 0);
	CHECK(rule->decrypt->master_key.empty());
	CHECK(rule->decrypt->master_salt.empty());
	CHECK(rule->decrypt->rocs == std::vector<SrtpRoc>{{0x11223344, 7}, {2, 65536}});
	REQUIRE(rule->outputs[0].encrypt);
	CHECK(rule->outputs[0].encrypt->suite == SrtpSuite::aes_256_cm_hmac_sha1_32);
	CHECK(rule->outputs[0].encrypt->mki_len == 3);
	CHECK(rule->outputs[0].encrypt->rocs == std::vector<SrtpRoc>{{1, 0}});
}

TEST_CASE("rule replies: AEAD and F8 suites decoded")
{
	const auto suite_of = [](std::uint8_t value) {
		const Bytes attrs = concat({
			nla(RTPFWD_A_TABLE_ID, bytes({42, 0, 0, 0})),
			nest(RTPFWD_A_RULE,
			     {nest(RTPFWD_RULE_A_LOCAL, {addr4(127, 0, 0, 1), port(30018)}),
			      nest(RTPFWD_RULE_A_OUTPUT, {nest(1, {addr4(10, 0, 0, 1), port(1)}),
							  nest(2, {addr4(10, 0, 0, 2), port(2)})}),
			      nla(RTPFWD_RULE_A_FLAGS, bytes({1, 0, 0, 0})),
			      nest(RTPFWD_RULE_A_DECRYPT, {nla(RTPFWD_SRTP_A_SUITE, bytes({value, 0, 0, 0})),
							   nla(RTPFWD_SRTP_A_MKI_LEN, bytes({2}))})}),
		});
		auto rule = decode_rule(reply(RTPFWD_CMD_RULE_GET, attrs));
		REQUIRE(rule.ok());
		REQUIRE(rule->decrypt);
		CHECK(rule->decrypt->mki_len == 2);
		return rule->decrypt->suite;
	};
	CHECK(suite_of(9) == SrtpSuite::aead_aes_128_gcm);
	CHECK(suite_of(10) == SrtpSuite::aead_aes_256_gcm);
	CHECK(suite_of(11) == SrtpSuite::f8_128_hmac_sha1_80);
	CHECK(suite_of(12) == SrtpSuite::f8_128_hmac_sha1_32);
}

TEST_CASE("rule replies: malformed SRTP nests")
{
	const auto error = [](const Bytes &srtp) {
		const Bytes attrs = concat({
			nla(RTPFWD_A_TABLE_ID, bytes({42, 0, 0, 0})),
			nest(RTPFWD_A_RULE, {nest(RTPFWD_RULE_A_LOCAL, {addr4(127, 0, 0, 1), port(30018)}),
					     nest(RTPFWD_RULE_A_OUTPUT, {nest(1, {addr4(10, 0, 0, 1), port(1)}),
									 nest(2, {addr4(10, 0, 0, 2), port(2)})}),
					     nla(RTPFWD_RULE_A_DECRYPT | 0x8000, srtp)}),
		});
		auto r = decode_rule(reply(RTPFWD_CMD_RULE_GET, attrs));
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
		return r.error().text();
	};
	CHECK(error(nla(RTPFWD_SRTP_A_MKI_LEN, bytes({0}))) ==
	      "malformed rule reply: decrypt without SUITE");
	CHECK(error(nla(RTPFWD_SRTP_A_SUITE, bytes({13, 0, 0, 0}))) ==
	      "malformed rule reply: decrypt unknown SUITE 13");
	CHECK(error(concat({nla(RTPFWD_SRTP_A_SUITE, bytes({1, 0, 0, 0})),
			    nest(RTPFWD_SRTP_A_ROC, {nla(RTPFWD_SRTP_ROC_A_ROC, bytes({1, 0, 0, 0}))})})) ==
	      "malformed rule reply: decrypt roc 1 without SSRC");
}

TEST_CASE("UNAUTHENTICATED_SRTP: AES-CM and F8 suites only, named in the error")
{
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::aes_cm_128_hmac_sha1_80));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::aes_cm_128_hmac_sha1_32));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::aes_192_cm_hmac_sha1_80));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::aes_192_cm_hmac_sha1_32));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::aes_256_cm_hmac_sha1_80));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::aes_256_cm_hmac_sha1_32));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::f8_128_hmac_sha1_80));
	CHECK(srtp_suite_allows_unauthenticated(SrtpSuite::f8_128_hmac_sha1_32));
	CHECK_FALSE(srtp_suite_allows_unauthenticated(SrtpSuite::null_hmac_sha1_80));
	CHECK_FALSE(srtp_suite_allows_unauthenticated(SrtpSuite::null_hmac_sha1_32));
	CHECK_FALSE(srtp_suite_allows_unauthenticated(SrtpSuite::aead_aes_128_gcm));
	CHECK_FALSE(srtp_suite_allows_unauthenticated(SrtpSuite::aead_aes_256_gcm));

	Srtp s = srtp_128();
	s.unauthenticated = true;
	CHECK(validate_srtp(s, "decrypt").ok());
	s.suite = SrtpSuite::aes_cm_128_hmac_sha1_32;
	CHECK(validate_srtp(s, "decrypt").ok());
	s.suite = SrtpSuite::f8_128_hmac_sha1_80;
	CHECK(validate_srtp(s, "decrypt").ok());
	s.suite = SrtpSuite::f8_128_hmac_sha1_32;
	CHECK(validate_srtp(s, "output 1 encrypt").ok());
	s.suite = SrtpSuite::null_hmac_sha1_80;
	CHECK(error_of(validate_srtp(s, "output 2 encrypt")) ==
	      "output 2 encrypt: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not NULL_HMAC_SHA1_80");
	Srtp g;
	g.suite = SrtpSuite::aead_aes_128_gcm;
	REQUIRE(parse_srtp_inline(inline_gcm128, g).ok());
	g.unauthenticated = true;
	CHECK(error_of(validate_srtp(g, "decrypt")) ==
	      "decrypt: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not AEAD_AES_128_GCM");
	g.unauthenticated = false;
	CHECK(validate_srtp(g, "decrypt").ok());
}

TEST_CASE("session parameters: UNAUTHENTICATED_SRTP taken, RFC 4568's others refused by name")
{
	Srtp s = srtp_128();
	auto r = parse_srtp_session_param("UNAUTHENTICATED_SRTP", s);
	REQUIRE(r.ok());
	CHECK(*r);
	CHECK(s.unauthenticated);
	// given twice
	r = parse_srtp_session_param("unauthenticated_srtp", s);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().text() == "duplicate session parameter UNAUTHENTICATED_SRTP");
	// any case, as suite names
	s.unauthenticated = false;
	r = parse_srtp_session_param("Unauthenticated_Srtp", s);
	REQUIRE(r.ok());
	CHECK(s.unauthenticated);

	const auto refused = [](std::string_view word) {
		Srtp t = srtp_128();
		auto res = parse_srtp_session_param(word, t);
		REQUIRE_FALSE(res.ok());
		CHECK(res.error().errnum == EINVAL);
		CHECK_FALSE(t.unauthenticated);
		return res.error().text();
	};
	CHECK(refused("UNENCRYPTED_SRTP") == "session parameter UNENCRYPTED_SRTP is not supported");
	CHECK(refused("unencrypted_srtcp") == "session parameter UNENCRYPTED_SRTCP is not supported");
	CHECK(refused("KDR=24") == "session parameter KDR is not supported");
	CHECK(refused("WSH=128") == "session parameter WSH is not supported");
	CHECK(refused("FEC_ORDER=FEC_SRTP") == "session parameter FEC_ORDER is not supported");
	// FEC_KEY's value is a key: the error names the parameter, never it
	const std::string fec_key = refused(std::string("FEC_KEY=") + inline_128);
	CHECK(fec_key == "session parameter FEC_KEY is not supported");
	CHECK(fec_key.find("AAEC") == std::string::npos);

	// Not a session parameter: false, nothing changed (the CLI's next word)
	Srtp t = srtp_128();
	for (std::string_view word : {"mki", "roc", "UNAUTHENTICATED", "KDR", "output"}) {
		auto res = parse_srtp_session_param(word, t);
		REQUIRE(res.ok());
		CHECK_FALSE(*res);
	}
	CHECK_FALSE(t.unauthenticated);

	// F8 takes it too
	Srtp f = srtp_128();
	f.suite = SrtpSuite::f8_128_hmac_sha1_32;
	r = parse_srtp_session_param("UNAUTHENTICATED_SRTP", f);
	REQUIRE(r.ok());
	CHECK(*r);
	CHECK(f.unauthenticated);

	// Not with NULL or AEAD suites
	Srtp n;
	n.suite = SrtpSuite::null_hmac_sha1_32;
	r = parse_srtp_session_param("UNAUTHENTICATED_SRTP", n);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().text() == "UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not NULL_HMAC_SHA1_32");
	n.suite = SrtpSuite::aead_aes_256_gcm;
	r = parse_srtp_session_param("UNAUTHENTICATED_SRTP", n);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().text() == "UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not AEAD_AES_256_GCM");
	CHECK_FALSE(n.unauthenticated);
}

TEST_CASE("SDES parameters: the inline: key, then session parameters")
{
	Srtp s;
	s.suite = SrtpSuite::aes_192_cm_hmac_sha1_80;
	// AES_192: 24-byte key 00..17, 14-byte salt 18..25: bytes 0..37
	const std::string key192 = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCU=";
	REQUIRE(parse_srtp_sdes(key192 + "|2^31|1:4 UNAUTHENTICATED_SRTP", s).ok());
	CHECK(s.unauthenticated);
	CHECK(s.master_key == SecretBytes(range(0, 24)));
	CHECK(s.master_salt == SecretBytes(range(24, 14)));
	CHECK(s.mki == bytes({0, 0, 0, 1}));
	// the key alone: no session parameter, and a second call resets it
	REQUIRE(parse_srtp_sdes(key192, s).ok());
	CHECK_FALSE(s.unauthenticated);
	CHECK(s.mki.empty());
	// blanks: spaces and tabs, leading and trailing
	REQUIRE(parse_srtp_sdes(" " + key192 + " \tUNAUTHENTICATED_SRTP  ", s).ok());
	CHECK(s.unauthenticated);
	// an F8 suite, as a=crypto:1 F8_128_HMAC_SHA1_80 inline:... UNAUTHENTICATED_SRTP
	Srtp f;
	f.suite = SrtpSuite::f8_128_hmac_sha1_80;
	REQUIRE(parse_srtp_sdes(std::string(inline_128) + " UNAUTHENTICATED_SRTP", f).ok());
	CHECK(f.unauthenticated);
	CHECK(f.master_key == SecretBytes(range(0, 16)));

	const auto error = [](const std::string &text, SrtpSuite suite) {
		Srtp t;
		t.suite = suite;
		REQUIRE(parse_srtp_inline(inline_128, t).ok());
		auto r = parse_srtp_sdes(text, t);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EINVAL);
		// nothing changed on failure
		CHECK_FALSE(t.unauthenticated);
		CHECK(t.master_key == SecretBytes(range(0, 16)));
		CHECK(r.error().text().find("AAEC") == std::string::npos);
		return r.error().text();
	};
	const auto aes = SrtpSuite::aes_cm_128_hmac_sha1_80;
	CHECK(error(std::string(inline_128) + " UNENCRYPTED_SRTP", aes) ==
	      "session parameter UNENCRYPTED_SRTP is not supported");
	CHECK(error(std::string(inline_128) + " UNAUTHENTICATED_SRTP KDR=1", aes) ==
	      "session parameter KDR is not supported");
	CHECK(error(std::string(inline_128) + " FOO=inline:secret", aes) ==
	      "unknown session parameter FOO");
	CHECK(error(std::string(inline_128) + " " + inline_128, aes) == "only one inline: key");
	CHECK(error(std::string(inline_128) + " UNAUTHENTICATED_SRTP", SrtpSuite::null_hmac_sha1_80) ==
	      "UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not NULL_HMAC_SHA1_80");
	CHECK(error("UNAUTHENTICATED_SRTP " + std::string(inline_128), aes) ==
	      "not an inline: key (inline:BASE64)");
	CHECK(error("", aes) == "not an inline: key (inline:BASE64)");
}

TEST_CASE("RULE_NEW: UNAUTHENTICATED as a flag at the end of the SRTP nest, only when set")
{
	Rule r = srtp_rule();
	r.decrypt = srtp_128();
	r.decrypt->unauthenticated = true;
	r.outputs[0].encrypt = srtp_128();
	r.outputs[0].encrypt->suite = SrtpSuite::aes_cm_128_hmac_sha1_32;
	r.outputs[0].encrypt->rocs = {{1, 2}};
	r.outputs[0].encrypt->unauthenticated = true;
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	CHECK(RTPFWD_SRTP_A_UNAUTHENTICATED == 7);
	const Bytes flag = bytes({0x04, 0x00, 0x07, 0x00}); // nla_len 4, type 7, no payload
	CHECK(hex(nla(RTPFWD_SRTP_A_UNAUTHENTICATED, {})) == hex(flag));
	// The rule's nests, ending in `tail`: the flag, or nothing
	const auto expected = [](const Bytes &tail) {
		const Bytes key = concat({nla(RTPFWD_SRTP_A_MASTER_KEY, range(0, 16)),
					  nla(RTPFWD_SRTP_A_MASTER_SALT, range(16, 14))});
		const Bytes roc = nest(RTPFWD_SRTP_A_ROC, {nla(RTPFWD_SRTP_ROC_A_SSRC, bytes({1, 0, 0, 0})),
							   nla(RTPFWD_SRTP_ROC_A_ROC, bytes({2, 0, 0, 0}))});
		return srtp_rule_new(
			nest(RTPFWD_RULE_A_DECRYPT, {nla(RTPFWD_SRTP_A_SUITE, bytes({1, 0, 0, 0})), key, tail}),
			nest(RTPFWD_OUT_A_ENCRYPT, {nla(RTPFWD_SRTP_A_SUITE, bytes({2, 0, 0, 0})), key, roc, tail}));
	};
	CHECK(hex(attrs_of(*req)) == hex(expected(flag)));

	// Off: no attribute at all (a kernel without it takes the rule)
	r.decrypt->unauthenticated = false;
	r.outputs[0].encrypt->unauthenticated = false;
	auto plain = encode_rule_new(r, RuleMode::add);
	REQUIRE(plain.ok());
	CHECK(hex(attrs_of(*plain)) == hex(expected({})));

	// With a GCM suite it never reaches the kernel
	r.decrypt->unauthenticated = true;
	r.decrypt->suite = SrtpSuite::aead_aes_128_gcm;
	REQUIRE(r.decrypt->master_salt.assign(range(16, 12)).ok());
	auto bad = encode_rule_new(r, RuleMode::add);
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().errnum == EINVAL);
	CHECK(bad.error().text() == "decrypt: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not AEAD_AES_128_GCM");
}

TEST_CASE("rule replies: UNAUTHENTICATED decoded per SRTP nest; one with bytes is malformed")
{
	const auto decode = [](const Bytes &decrypt_extra, const Bytes &encrypt_extra) {
		const Bytes attrs = concat({
			nla(RTPFWD_A_TABLE_ID, bytes({42, 0, 0, 0})),
			nest(RTPFWD_A_RULE,
			     {nest(RTPFWD_RULE_A_LOCAL, {addr4(127, 0, 0, 1), port(30018)}),
			      nest(RTPFWD_RULE_A_OUTPUT,
				   {nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)}),
				    nest(RTPFWD_OUT_A_ENCRYPT,
					 {nla(RTPFWD_SRTP_A_SUITE, bytes({7, 0, 0, 0})), encrypt_extra})}),
			      nla(RTPFWD_RULE_A_FLAGS, bytes({1, 0, 0, 0})),
			      nest(RTPFWD_RULE_A_DECRYPT,
				   {nla(RTPFWD_SRTP_A_SUITE, bytes({5, 0, 0, 0})), decrypt_extra,
				    nla(RTPFWD_SRTP_A_MKI_LEN, bytes({1}))})}),
		});
		return decode_rule(reply(RTPFWD_CMD_RULE_GET, attrs));
	};
	const Bytes flag = nla(RTPFWD_SRTP_A_UNAUTHENTICATED, {});
	auto both = decode(flag, flag);
	REQUIRE(both.ok());
	REQUIRE(both->decrypt);
	CHECK(both->decrypt->suite == SrtpSuite::aes_192_cm_hmac_sha1_80);
	CHECK(both->decrypt->unauthenticated);
	CHECK(both->decrypt->mki_len == 1);
	REQUIRE(both->outputs[0].encrypt);
	CHECK(both->outputs[0].encrypt->unauthenticated);

	auto one = decode({}, flag);
	REQUIRE(one.ok());
	CHECK_FALSE(one->decrypt->unauthenticated);
	CHECK(one->outputs[0].encrypt->unauthenticated);

	auto none = decode({}, {});
	REQUIRE(none.ok());
	CHECK_FALSE(none->decrypt->unauthenticated);
	CHECK_FALSE(none->outputs[0].encrypt->unauthenticated);

	// A flag has no payload: one with a byte is not what the ABI says
	auto bad = decode(nla(RTPFWD_SRTP_A_UNAUTHENTICATED, bytes({1})), {});
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().errnum == EBADMSG);
	CHECK(bad.error().text().find("decrypt UNAUTHENTICATED: attribute type 7 has 1 bytes, expected 0") !=
	      std::string::npos);
}
