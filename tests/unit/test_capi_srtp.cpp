// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's SRTP calls (rtpnl.h): set from bytes or SDES text, ROC seeds,
// read back suite / MKI length / ROCs (never keys), errors with messages.
#include "capi.hpp"
#include "rtpnl/rtpnl.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <string>

namespace {

const uint8_t key[32] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
			 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
const uint8_t salt[14] = {16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29};
const uint8_t mki[5] = {0xa, 0xb, 0xc, 0xd, 0xe};

struct rtpnl_endpoint endpoint(const char *text)
{
	struct rtpnl_endpoint ep {};
	REQUIRE(rtpnl_endpoint_parse(text, &ep) == 0);
	return ep;
}

} // namespace

TEST_CASE("C API: suite names both ways")
{
	CHECK(rtpnl_srtp_suite_from_name("aes_cm_128_hmac_sha1_32") == RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32);
	CHECK(rtpnl_srtp_suite_from_name("aes256_80") == RTPNL_SRTP_AES_256_CM_HMAC_SHA1_80);
	CHECK(rtpnl_srtp_suite_from_name("F8_128_HMAC_SHA1") == -EINVAL);
	CHECK(rtpnl_srtp_suite_from_name(nullptr) == -EINVAL);
	CHECK(std::string(rtpnl_srtp_suite_name(RTPNL_SRTP_NULL_HMAC_SHA1_80)) == "NULL_HMAC_SHA1_80");
	CHECK(rtpnl_srtp_suite_name(static_cast<rtpnl_srtp_suite>(0)) == nullptr);
	CHECK(rtpnl_srtp_suite_from_name("AEAD_AES_128_GCM") == RTPNL_SRTP_AEAD_AES_128_GCM);
	CHECK(rtpnl_srtp_suite_from_name("gcm256") == RTPNL_SRTP_AEAD_AES_256_GCM);
	CHECK(std::string(rtpnl_srtp_suite_name(RTPNL_SRTP_AEAD_AES_256_GCM)) == "AEAD_AES_256_GCM");
	CHECK(rtpnl_srtp_suite_name(static_cast<rtpnl_srtp_suite>(13)) == nullptr);
	// AES-f8 (RFC 3711 4.1.2)
	CHECK(RTPNL_SRTP_F8_128_HMAC_SHA1_80 == 11);
	CHECK(RTPNL_SRTP_F8_128_HMAC_SHA1_32 == 12);
	CHECK(rtpnl_srtp_suite_from_name("F8_128_HMAC_SHA1_80") == RTPNL_SRTP_F8_128_HMAC_SHA1_80);
	CHECK(rtpnl_srtp_suite_from_name("f8_32") == RTPNL_SRTP_F8_128_HMAC_SHA1_32);
	CHECK(std::string(rtpnl_srtp_suite_name(RTPNL_SRTP_F8_128_HMAC_SHA1_80)) == "F8_128_HMAC_SHA1_80");
	CHECK(std::string(rtpnl_srtp_suite_name(RTPNL_SRTP_F8_128_HMAC_SHA1_32)) == "F8_128_HMAC_SHA1_32");
}

TEST_CASE("C API: decrypt and encrypt set, seeded, read back; errors")
{
	struct rtpnl_rule *rule = rtpnl_rule_new();
	REQUIRE(rule);
	const struct rtpnl_endpoint src = endpoint("10.0.0.1:2"), dst = endpoint("10.0.0.2:3");
	struct rtpnl_srtp_info info {};
	struct rtpnl_srtp_roc roc {};

	CHECK(rtpnl_rule_decrypt(rule, &info) == -ENOENT);
	CHECK(rtpnl_rule_add_decrypt_roc(rule, 1, 2) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()) == "the rule has no decrypt");
	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key, 16, salt, 14,
				       mki, 2) == 0);
	REQUIRE(rtpnl_rule_add_decrypt_roc(rule, 0x11223344, 5) == 0);
	CHECK(rtpnl_rule_add_decrypt_roc(rule, 0x11223344, 6) == -EEXIST);
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80);
	CHECK(info.mki_len == 2);
	CHECK(info.roc_count == 1);
	REQUIRE(rtpnl_rule_decrypt_roc(rule, 0, &roc) == 0);
	CHECK(roc.ssrc == 0x11223344);
	CHECK(roc.roc == 5);
	CHECK(rtpnl_rule_decrypt_roc(rule, 1, &roc) == -ERANGE);
	CHECK(rule->rule.decrypt->master_key.size() == 16);

	// wrong lengths: refused with the reason, the old parameters kept
	CHECK(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_256_CM_HMAC_SHA1_80, key, 16, salt, 14,
				     nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "decrypt: master key of 16 bytes, AES_256_CM_HMAC_SHA1_80 needs 32");
	CHECK(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key, 16, salt, 13,
				     nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "decrypt: master salt of 13 bytes, AES_CM_128_HMAC_SHA1_80 needs 14");
	CHECK(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key, 16, salt, 14,
				     mki, 5) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "SRTP MKI too long");
	CHECK(rtpnl_rule_set_decrypt(rule, static_cast<rtpnl_srtp_suite>(13), key, 16, salt, 14,
				     nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "unknown SRTP suite 13");
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.roc_count == 1);

	// encrypt: on an existing output only
	CHECK(rtpnl_rule_set_output_encrypt_inline(rule, 0, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32,
						   "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd") ==
	      -ERANGE);
	REQUIRE(rtpnl_rule_add_output(rule, &src, &dst, -1) == 0);
	REQUIRE(rtpnl_rule_set_output_encrypt_inline(rule, 0, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32,
						     "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd|2^31|3:1") ==
		0);
	REQUIRE(rtpnl_rule_output_encrypt(rule, 0, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32);
	CHECK(info.mki_len == 1);
	CHECK(rtpnl_rule_set_output_encrypt_inline(rule, 0, RTPNL_SRTP_AES_256_CM_HMAC_SHA1_32,
						   "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd") ==
	      -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "inline: key of 30 bytes, AES_256_CM_HMAC_SHA1_32 needs 46 (32 key + 14 salt)");
	REQUIRE(rtpnl_rule_add_output_encrypt_roc(rule, 0, 7, 1) == 0);
	REQUIRE(rtpnl_rule_output_encrypt_roc(rule, 0, 0, &roc) == 0);
	CHECK(roc.ssrc == 7);
	CHECK(rtpnl_rule_output_encrypt_roc(rule, 1, 0, &roc) == -ERANGE);
	REQUIRE(rtpnl_rule_set_output_encrypt(rule, 0, RTPNL_SRTP_AES_256_CM_HMAC_SHA1_80, key, 32,
					      salt, 14, nullptr, 0) == 0);
	REQUIRE(rtpnl_rule_output_encrypt(rule, 0, &info) == 0);
	CHECK(info.roc_count == 0); // new parameters, new seeds
	CHECK(info.mki_len == 0);
	REQUIRE(rtpnl_rule_clear_output_encrypt(rule, 0) == 0);
	CHECK(rtpnl_rule_output_encrypt(rule, 0, &info) == -ENOENT);
	REQUIRE(rtpnl_rule_clear_decrypt(rule) == 0);
	CHECK(rtpnl_rule_decrypt(rule, &info) == -ENOENT);
	rtpnl_rule_free(rule);
}

TEST_CASE("C API: a rule from the kernel says its MKI length, without the MKI")
{
	struct rtpnl_rule *rule = rtpnl_rule_new();
	REQUIRE(rule);
	rule->rule.decrypt.emplace();
	rule->rule.decrypt->mki_len = 4;
	struct rtpnl_srtp_info info {};
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.mki_len == 4);
	CHECK(info.suite == RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80);
	rtpnl_rule_free(rule);
}

TEST_CASE("C API: AEAD AES-GCM suites take a 12-byte salt")
{
	CHECK(RTPNL_SRTP_SALT_LEN == 14);
	CHECK(RTPNL_SRTP_AEAD_SALT_LEN == 12);
	struct rtpnl_rule *rule = rtpnl_rule_new();
	REQUIRE(rule);
	const struct rtpnl_endpoint src = endpoint("10.0.0.1:2"), dst = endpoint("10.0.0.2:3");
	struct rtpnl_srtp_info info {};

	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AEAD_AES_128_GCM, key, 16, salt,
				       RTPNL_SRTP_AEAD_SALT_LEN, mki, 1) == 0);
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AEAD_AES_128_GCM);
	CHECK(info.mki_len == 1);
	CHECK(rule->rule.decrypt->master_salt.size() == 12);
	// the other suites' salt length is refused, the old parameters kept
	CHECK(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AEAD_AES_256_GCM, key, 32, salt,
				     RTPNL_SRTP_SALT_LEN, nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "decrypt: master salt of 14 bytes, AEAD_AES_256_GCM needs 12");
	CHECK(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key, 16, salt,
				     RTPNL_SRTP_AEAD_SALT_LEN, nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "decrypt: master salt of 12 bytes, AES_CM_128_HMAC_SHA1_80 needs 14");
	CHECK(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AEAD_AES_256_GCM, key, 16, salt,
				     RTPNL_SRTP_AEAD_SALT_LEN, nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "decrypt: master key of 16 bytes, AEAD_AES_256_GCM needs 32");
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AEAD_AES_128_GCM);

	// inline: key || salt, 28 bytes for AEAD_AES_128_GCM (44 for 256)
	REQUIRE(rtpnl_rule_add_output(rule, &src, &dst, -1) == 0);
	REQUIRE(rtpnl_rule_set_output_encrypt_inline(rule, 0, RTPNL_SRTP_AEAD_AES_128_GCM,
						     "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==") == 0);
	REQUIRE(rtpnl_rule_output_encrypt(rule, 0, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AEAD_AES_128_GCM);
	CHECK(rule->rule.outputs[0].encrypt->master_salt.size() == 12);
	REQUIRE(rtpnl_rule_set_output_encrypt_inline(
			rule, 0, RTPNL_SRTP_AEAD_AES_256_GCM,
			"inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis=") == 0);
	CHECK(rule->rule.outputs[0].encrypt->master_key.size() == 32);
	CHECK(rtpnl_rule_set_output_encrypt_inline(rule, 0, RTPNL_SRTP_AEAD_AES_128_GCM,
						   "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd") ==
	      -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "inline: key of 30 bytes, AEAD_AES_128_GCM needs 28 (16 key + 12 salt)");
	REQUIRE(rtpnl_rule_output_encrypt(rule, 0, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AEAD_AES_256_GCM);
	rtpnl_rule_free(rule);
}

TEST_CASE("C API: UNAUTHENTICATED_SRTP set, read back, refused for NULL and AEAD suites")
{
	struct rtpnl_rule *rule = rtpnl_rule_new();
	REQUIRE(rule);
	const struct rtpnl_endpoint src = endpoint("10.0.0.1:2"), dst = endpoint("10.0.0.2:3");
	int on = -1;

	// no SRTP there yet
	CHECK(rtpnl_rule_set_decrypt_unauthenticated(rule, 1) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()) == "the rule has no decrypt");
	CHECK(rtpnl_rule_decrypt_unauthenticated(rule, &on) == -ENOENT);
	CHECK(on == -1);
	CHECK(rtpnl_rule_set_output_encrypt_unauthenticated(rule, 0, 1) == -ERANGE);
	CHECK(rtpnl_rule_output_encrypt_unauthenticated(rule, 0, &on) == -ERANGE);
	REQUIRE(rtpnl_rule_add_output(rule, &src, &dst, -1) == 0);
	CHECK(rtpnl_rule_set_output_encrypt_unauthenticated(rule, 0, 1) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()) == "the output has no encrypt");

	// decrypt: off after set_decrypt, on, off again; a new set starts without it
	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_192_CM_HMAC_SHA1_32, key, 24, salt, 14,
				       nullptr, 0) == 0);
	REQUIRE(rtpnl_rule_decrypt_unauthenticated(rule, &on) == 0);
	CHECK(on == 0);
	REQUIRE(rtpnl_rule_set_decrypt_unauthenticated(rule, 1) == 0);
	REQUIRE(rtpnl_rule_decrypt_unauthenticated(rule, &on) == 0);
	CHECK(on == 1);
	CHECK(rule->rule.decrypt->unauthenticated);
	CHECK(rtpnl_rule_decrypt_unauthenticated(rule, nullptr) == -EINVAL);
	REQUIRE(rtpnl_rule_set_decrypt_unauthenticated(rule, 0) == 0);
	CHECK_FALSE(rule->rule.decrypt->unauthenticated);
	REQUIRE(rtpnl_rule_set_decrypt_unauthenticated(rule, 7) == 0); // any non-zero is on
	CHECK(rule->rule.decrypt->unauthenticated);
	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key, 16, salt, 14,
				       nullptr, 0) == 0);
	CHECK_FALSE(rule->rule.decrypt->unauthenticated);

	// not with NULL_HMAC_* nor AEAD: refused now, the old value kept; off is fine
	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_NULL_HMAC_SHA1_80, key, 16, salt, 14, nullptr,
				       0) == 0);
	CHECK(rtpnl_rule_set_decrypt_unauthenticated(rule, 1) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "decrypt: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not NULL_HMAC_SHA1_80");
	CHECK_FALSE(rule->rule.decrypt->unauthenticated);
	CHECK(rtpnl_rule_set_decrypt_unauthenticated(rule, 0) == 0);
	REQUIRE(rtpnl_rule_set_output_encrypt(rule, 0, RTPNL_SRTP_AEAD_AES_128_GCM, key, 16, salt,
					      RTPNL_SRTP_AEAD_SALT_LEN, nullptr, 0) == 0);
	CHECK(rtpnl_rule_set_output_encrypt_unauthenticated(rule, 0, 1) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "encrypt: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not AEAD_AES_128_GCM");

	// encrypt of an AES-CM suite
	REQUIRE(rtpnl_rule_set_output_encrypt(rule, 0, RTPNL_SRTP_AES_256_CM_HMAC_SHA1_80, key, 32,
					      salt, 14, nullptr, 0) == 0);
	REQUIRE(rtpnl_rule_set_output_encrypt_unauthenticated(rule, 0, 1) == 0);
	REQUIRE(rtpnl_rule_output_encrypt_unauthenticated(rule, 0, &on) == 0);
	CHECK(on == 1);
	CHECK(rule->rule.outputs[0].encrypt->unauthenticated);
	CHECK_FALSE(rule->rule.decrypt->unauthenticated);

	// and of the F8 suites, decrypt and encrypt; their key is AES_CM_128's
	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_F8_128_HMAC_SHA1_80, key, 16, salt, 14,
				       nullptr, 0) == 0);
	REQUIRE(rtpnl_rule_set_decrypt_unauthenticated(rule, 1) == 0);
	REQUIRE(rtpnl_rule_decrypt_unauthenticated(rule, &on) == 0);
	CHECK(on == 1);
	struct rtpnl_srtp_info info {};
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_F8_128_HMAC_SHA1_80);
	REQUIRE(rtpnl_rule_set_output_encrypt_inline(
			rule, 0, RTPNL_SRTP_F8_128_HMAC_SHA1_32,
			"inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd UNAUTHENTICATED_SRTP") == 0);
	REQUIRE(rtpnl_rule_output_encrypt_unauthenticated(rule, 0, &on) == 0);
	CHECK(on == 1);
	REQUIRE(rtpnl_rule_output_encrypt(rule, 0, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_F8_128_HMAC_SHA1_32);
	CHECK(rtpnl_rule_set_output_encrypt(rule, 0, RTPNL_SRTP_F8_128_HMAC_SHA1_80, key, 32, salt, 14,
					    nullptr, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "encrypt: master key of 32 bytes, F8_128_HMAC_SHA1_80 needs 16");
	rtpnl_rule_free(rule);
}

TEST_CASE("C API: *_inline take a=crypto's session parameters after the key")
{
	struct rtpnl_rule *rule = rtpnl_rule_new();
	REQUIRE(rule);
	const struct rtpnl_endpoint src = endpoint("10.0.0.1:2"), dst = endpoint("10.0.0.2:3");
	const std::string key128 = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
	int on = -1;

	REQUIRE(rtpnl_rule_set_decrypt_inline(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80,
					      (key128 + "|2^31|1:4 UNAUTHENTICATED_SRTP").c_str()) == 0);
	REQUIRE(rtpnl_rule_decrypt_unauthenticated(rule, &on) == 0);
	CHECK(on == 1);
	struct rtpnl_srtp_info info {};
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.mki_len == 4);
	REQUIRE(rtpnl_rule_add_output(rule, &src, &dst, -1) == 0);
	REQUIRE(rtpnl_rule_set_output_encrypt_inline(rule, 0, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_32,
						     (key128 + " UNAUTHENTICATED_SRTP").c_str()) == 0);
	REQUIRE(rtpnl_rule_output_encrypt_unauthenticated(rule, 0, &on) == 0);
	CHECK(on == 1);
	// the key alone replaces it, without
	REQUIRE(rtpnl_rule_set_decrypt_inline(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key128.c_str()) == 0);
	REQUIRE(rtpnl_rule_decrypt_unauthenticated(rule, &on) == 0);
	CHECK(on == 0);

	// refused: named, never ignored, the old parameters kept
	CHECK(rtpnl_rule_set_decrypt_inline(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80,
					    (key128 + " UNENCRYPTED_SRTCP").c_str()) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "session parameter UNENCRYPTED_SRTCP is not supported");
	CHECK(rtpnl_rule_set_decrypt_inline(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80,
					    (key128 + " WSH=64").c_str()) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "session parameter WSH is not supported");
	CHECK(rtpnl_rule_set_decrypt_inline(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80,
					    (key128 + " UNAUTHENTICATED").c_str()) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "unknown session parameter UNAUTHENTICATED");
	CHECK(rtpnl_rule_set_decrypt_inline(rule, RTPNL_SRTP_AEAD_AES_128_GCM,
					    "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw== UNAUTHENTICATED_SRTP") ==
	      -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) ==
	      "UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not AEAD_AES_128_GCM");
	REQUIRE(rtpnl_rule_decrypt(rule, &info) == 0);
	CHECK(info.suite == RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80);
	CHECK(info.mki_len == 0);
	rtpnl_rule_free(rule);
}

TEST_CASE("C API: a rule from the kernel says UNAUTHENTICATED_SRTP")
{
	struct rtpnl_rule *rule = rtpnl_rule_new();
	REQUIRE(rule);
	rule->rule.decrypt.emplace();
	rule->rule.decrypt->suite = rtpnl::SrtpSuite::aes_256_cm_hmac_sha1_32;
	rule->rule.decrypt->unauthenticated = true;
	int on = -1;
	REQUIRE(rtpnl_rule_decrypt_unauthenticated(rule, &on) == 0);
	CHECK(on == 1);
	rtpnl_rule_free(rule);
}
