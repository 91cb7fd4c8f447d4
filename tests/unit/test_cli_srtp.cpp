// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl's SRTP words: "decrypt SUITE KEYSPEC [mki HEX] [roc SSRC:ROC]" on a
// rule and "encrypt ..." on an output, inline: keys and key files, every
// error message (none repeats a key), nothing sent after an error, and the
// listings (suite, MKI length, ROCs; no key).
#include "fake_rule_api.hpp"

#include "batch.hpp"
#include "cli.hpp"
#include "cmd_rule.hpp"
#include "conf.hpp"
#include "exit_status.hpp"
#include "rule_print.hpp"
#include "srtp_args.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

using Bytes = std::vector<std::uint8_t>;

// Key 00..0f, salt 10..1d.
constexpr std::string_view key_128 = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
// 29 bytes
constexpr std::string_view key_short = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw=";
// AEAD_AES_128_GCM: key 00..0f, salt 10..1b (28 bytes)
constexpr std::string_view key_gcm128 = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==";
// AEAD_AES_256_GCM: key 00..1f, salt 20..2b (44 bytes)
constexpr std::string_view key_gcm256 =
	"inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis=";

std::vector<std::string_view> words(std::initializer_list<std::string_view> extra)
{
	std::vector<std::string_view> w{"add", "table", "42", "local", "10.0.0.1:30000"};
	w.insert(w.end(), extra.begin(), extra.end());
	return w;
}

const std::vector<std::string_view> out_words{"output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000"};

Result<RuleCommand> parse(std::initializer_list<std::string_view> extra, bool with_output = true)
{
	auto w = words(extra);
	if (with_output)
		w.insert(w.begin() + 5, out_words.begin(), out_words.end());
	return parse_rule_command(w);
}

std::string error(std::initializer_list<std::string_view> extra, bool with_output = true)
{
	auto r = parse(extra, with_output);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	const std::string text = r.error().text();
	CHECK(text.find("AAECAwQF") == std::string::npos); // never the key
	return text;
}

// A key file of `mode` holding `text`, removed at the end of the scope.
struct KeyFile {
	std::string path;
	KeyFile(std::string_view text, mode_t mode)
	{
		char name[] = "/tmp/rtpnl-keyfile-XXXXXX";
		const int fd = ::mkstemp(name);
		REQUIRE(fd >= 0);
		REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
		::close(fd);
		REQUIRE(::chmod(name, mode) == 0);
		path = name;
	}
	~KeyFile() { ::unlink(path.c_str()); }
};

Bytes range(int from, int count)
{
	Bytes b;
	for (int i = 0; i < count; ++i)
		b.push_back(static_cast<std::uint8_t>(from + i));
	return b;
}

// rtpnl run with `args` against `fake` (rule commands only: no tables).
int run_rule(FakeRuleApi &fake, const std::vector<std::string_view> &args, std::ostream &out,
	     std::ostream &err)
{
	std::istringstream in;
	const auto open = [&]() -> Result<std::unique_ptr<RuleApi>> {
		return std::unique_ptr<RuleApi>(std::make_unique<ForwardingRuleApi>(fake));
	};
	const auto no_tables = []() -> Result<std::unique_ptr<TableApi>> {
		return Error::local(EINVAL, "unreachable");
	};
	return run(args, in, out, err, no_tables, open);
}

// What the listing tests print: decrypt AES_CM_128_HMAC_SHA1_80 with a ROC,
// one output with encrypt AES_256_CM_HMAC_SHA1_32 and an MKI of 2 bytes.
Rule listed_rule()
{
	Rule r;
	r.table = 42;
	r.local = *parse_endpoint("10.0.0.1:30000");
	r.rtp = true;
	r.outputs.push_back({*parse_endpoint("10.0.0.1:30002"), *parse_endpoint("10.0.0.2:6000"), 0});
	r.decrypt.emplace();
	r.decrypt->rocs = {{0x11223344, 5}};
	r.outputs[0].encrypt.emplace();
	r.outputs[0].encrypt->suite = SrtpSuite::aes_256_cm_hmac_sha1_32;
	r.outputs[0].encrypt->mki_len = 2;
	return r;
}

// A rule as `rule get` prints it: text and JSON.
std::pair<std::string, std::string> printed(const Rule &r)
{
	std::ostringstream text, json;
	Printer tp(text, Printer::Format::text), jp(json, Printer::Format::json);
	print_rule(tp, r, 0);
	print_rule(jp, r, 0);
	return {text.str(), json.str()};
}

} // namespace

TEST_CASE("decrypt and encrypt: suites in any spelling, inline: keys, mki, rocs")
{
	auto cmd = parse({"rtp", "decrypt", "aes_cm_128_hmac_sha1_80", key_128, "roc", "11223344:5",
			  "roc", "0x1:0", "mki", "0a0b"});
	REQUIRE(cmd.ok());
	const Rule &r = cmd->rule;
	REQUIRE(r.decrypt);
	CHECK(r.decrypt->suite == SrtpSuite::aes_cm_128_hmac_sha1_80);
	CHECK(Bytes(r.decrypt->master_key.bytes().begin(), r.decrypt->master_key.bytes().end()) ==
	      range(0, 16));
	CHECK(Bytes(r.decrypt->master_salt.bytes().begin(), r.decrypt->master_salt.bytes().end()) ==
	      range(16, 14));
	CHECK(r.decrypt->mki == Bytes{0x0a, 0x0b});
	CHECK(r.decrypt->rocs == std::vector<SrtpRoc>{{0x11223344, 5}, {1, 0}});
	CHECK_FALSE(r.outputs[0].encrypt);

	// encrypt inside an output, the output's words may follow it
	auto w = words({"rtp", "output", "src", "10.0.0.1:30002", "encrypt", "NULL_32",
			std::string_view(key_128), "mki", "01", "dst", "10.0.0.2:6000", "tos", "46"});
	auto enc = parse_rule_command(w);
	REQUIRE(enc.ok());
	REQUIRE(enc->rule.outputs.size() == 1);
	REQUIRE(enc->rule.outputs[0].encrypt);
	CHECK(enc->rule.outputs[0].encrypt->suite == SrtpSuite::null_hmac_sha1_32);
	CHECK(enc->rule.outputs[0].encrypt->mki == Bytes{1});
	CHECK(enc->rule.outputs[0].tos == 46);
	CHECK_FALSE(enc->rule.decrypt);

	// SDES lifetime and MKI inside the key
	auto sdes = parse({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1_32",
			   "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd|2^31|7:1"});
	REQUIRE(sdes.ok());
	CHECK(sdes->rule.decrypt->mki == Bytes{7});
}

TEST_CASE("decrypt and encrypt: AEAD AES-GCM suites, key || 12-byte salt")
{
	auto cmd = parse({"rtp", "decrypt", "AEAD_AES_128_GCM", key_gcm128, "mki", "0a"});
	REQUIRE(cmd.ok());
	REQUIRE(cmd->rule.decrypt);
	CHECK(cmd->rule.decrypt->suite == SrtpSuite::aead_aes_128_gcm);
	CHECK(Bytes(cmd->rule.decrypt->master_key.bytes().begin(),
		    cmd->rule.decrypt->master_key.bytes().end()) == range(0, 16));
	CHECK(Bytes(cmd->rule.decrypt->master_salt.bytes().begin(),
		    cmd->rule.decrypt->master_salt.bytes().end()) == range(16, 12));
	CHECK(cmd->rule.decrypt->mki == Bytes{0x0a});

	auto w = words({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "srtp",
			"gcm256", key_gcm256});
	auto enc = parse_rule_command(w);
	REQUIRE(enc.ok());
	REQUIRE(enc->rule.outputs[0].encrypt);
	CHECK(enc->rule.outputs[0].encrypt->suite == SrtpSuite::aead_aes_256_gcm);
	CHECK(enc->rule.outputs[0].encrypt->master_key.size() == 32);
	CHECK(enc->rule.outputs[0].encrypt->master_salt.size() == 12);

	// An AES-CM key (14-byte salt) for an AEAD suite, and the other way round
	CHECK(error({"rtp", "decrypt", "AEAD_AES_128_GCM", key_128}) ==
	      "decrypt: inline: key of 30 bytes, AEAD_AES_128_GCM needs 28 (16 key + 12 salt)");
	CHECK(error({"rtp", "decrypt", "aead_aes_256_gcm", key_gcm128}) ==
	      "decrypt: inline: key of 28 bytes, AEAD_AES_256_GCM needs 44 (32 key + 12 salt)");
	CHECK(error({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt",
		     "AES_CM_128_HMAC_SHA1_80", key_gcm128},
		    false) ==
	      "output 1 encrypt: inline: key of 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
	KeyFile file(key_gcm128, 0600);
	auto keyed = parse({"rtp", "decrypt", "gcm128", "keyfile", file.path});
	REQUIRE(keyed.ok());
	CHECK(keyed->rule.decrypt->master_salt.size() == 12);
	CHECK(error({"rtp", "decrypt", "gcm256", "keyfile", file.path}) ==
	      "decrypt: keyfile '" + file.path +
		      "': inline: key of 28 bytes, AEAD_AES_256_GCM needs 44 (32 key + 12 salt)");
}

TEST_CASE("decrypt and encrypt: F8 suites (AES-128 f8), AES_CM_128's key and salt, UNAUTHENTICATED_SRTP")
{
	auto w = words({"rtp", "srtp", "F8_128_HMAC_SHA1_80", std::string_view(key_128), "UNAUTHENTICATED_SRTP",
			"output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt", "f8_32",
			std::string_view(key_128), "mki", "01"});
	auto cmd = parse_rule_command(w);
	REQUIRE(cmd.ok());
	REQUIRE(cmd->rule.decrypt);
	CHECK(cmd->rule.decrypt->suite == SrtpSuite::f8_128_hmac_sha1_80);
	CHECK(cmd->rule.decrypt->unauthenticated);
	CHECK(Bytes(cmd->rule.decrypt->master_key.bytes().begin(),
		    cmd->rule.decrypt->master_key.bytes().end()) == range(0, 16));
	CHECK(Bytes(cmd->rule.decrypt->master_salt.bytes().begin(),
		    cmd->rule.decrypt->master_salt.bytes().end()) == range(16, 14));
	REQUIRE(cmd->rule.outputs[0].encrypt);
	CHECK(cmd->rule.outputs[0].encrypt->suite == SrtpSuite::f8_128_hmac_sha1_32);
	CHECK_FALSE(cmd->rule.outputs[0].encrypt->unauthenticated);
	CHECK(cmd->rule.outputs[0].encrypt->mki == Bytes{1});

	CHECK(error({"rtp", "decrypt", "f8_80", key_gcm128}) ==
	      "decrypt: inline: key of 28 bytes, F8_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
}

TEST_CASE("keyfile: the first inline: line of a 0600 file")
{
	KeyFile file("# from the SDP of call 17\n\n  " + std::string(key_128) + "  \n", 0600);
	auto cmd = parse({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1_80", "keyfile", file.path});
	REQUIRE(cmd.ok());
	CHECK(cmd->rule.decrypt->master_key.size() == 16);
	CHECK(cmd->rule.decrypt->master_salt.size() == 14);

	KeyFile open_file(key_128, 0640);
	CHECK(error({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1_80", "keyfile", open_file.path}) ==
	      "decrypt: keyfile '" + open_file.path +
		      "' is readable by group or others (chmod go-rwx)");
	KeyFile world(key_128, 0604);
	CHECK(error({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt",
		     "aes128_80", "keyfile", world.path},
		    false) == "output 1 encrypt: keyfile '" + world.path +
				      "' is readable by group or others (chmod go-rwx)");
	KeyFile empty("# nothing\n\n", 0600);
	CHECK(error({"rtp", "decrypt", "aes128_80", "keyfile", empty.path}) ==
	      "decrypt: keyfile '" + empty.path + "' holds no inline: key");
	KeyFile short_key(key_short, 0600);
	CHECK(error({"rtp", "decrypt", "aes128_80", "keyfile", short_key.path}) ==
	      "decrypt: keyfile '" + short_key.path +
		      "': inline: key of 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
	CHECK(error({"rtp", "decrypt", "aes128_80", "keyfile", "/nonexistent/key"}) ==
	      "decrypt: keyfile '/nonexistent/key': No such file or directory");
	CHECK(error({"rtp", "decrypt", "aes128_80", "keyfile", "/tmp"}) ==
	      "decrypt: keyfile '/tmp' is not a regular file");
	CHECK(error({"rtp", "decrypt", "aes128_80", "keyfile"}) == "missing value after 'keyfile'");
}

TEST_CASE("SRTP argument errors: one line naming the argument, never the key")
{
	CHECK(error({"decrypt", "AES_CM_128_HMAC_SHA1_80", key_128}) == "'decrypt' needs 'rtp' or 'rtcp'");
	CHECK(error({"output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt",
		     "AES_CM_128_HMAC_SHA1_80", key_128},
		    false) == "output 1: 'encrypt' needs 'rtp' or 'rtcp'");
	CHECK(error({"rtp", "decrypt", "AES_256_CM_HMAC_SHA1_80", key_128}) ==
	      "decrypt: inline: key of 30 bytes, AES_256_CM_HMAC_SHA1_80 needs 46 (32 key + 14 salt)");
	CHECK(error({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1_80",
		     "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx*d"}) ==
	      "decrypt: invalid base64 in the inline: key");
	CHECK(error({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1", key_128}) ==
	      "decrypt: unknown SRTP suite 'AES_CM_128_HMAC_SHA1' (AES_CM_128_HMAC_SHA1_80, "
	      "AES_CM_128_HMAC_SHA1_32, NULL_HMAC_SHA1_80, NULL_HMAC_SHA1_32, AES_192_CM_HMAC_SHA1_80, "
	      "AES_192_CM_HMAC_SHA1_32, AES_256_CM_HMAC_SHA1_80, AES_256_CM_HMAC_SHA1_32, "
	      "AEAD_AES_128_GCM, AEAD_AES_256_GCM, F8_128_HMAC_SHA1_80, F8_128_HMAC_SHA1_32)");
	CHECK(error({"rtp", "decrypt", key_128}) == "decrypt: missing suite before the key");
	CHECK(error({"rtp", "decrypt"}) == "missing value after 'decrypt'");
	CHECK(error({"rtp", "decrypt", "aes128_80"}) ==
	      "decrypt: missing key (inline:BASE64 or keyfile PATH)");
	CHECK(error({"rtp", "decrypt", "aes128_80", "rtp"}) ==
	      "decrypt: missing key (inline:BASE64 or keyfile PATH)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "mki", "0102030405"}) ==
	      "decrypt: invalid mki '0102030405' (1..4 bytes in hex)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "mki", "123"}) ==
	      "decrypt: invalid mki '123' (1..4 bytes in hex)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "mki", "zz"}) ==
	      "decrypt: invalid mki 'zz' (1..4 bytes in hex)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "mki", "01", "mki", "02"}) ==
	      "decrypt: duplicate 'mki'");
	CHECK(error({"rtp", "decrypt", "aes128_80", std::string_view("inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd|1:1"),
		     "mki", "02"}) == "decrypt: duplicate 'mki' (the key has one)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "roc", "11223344"}) ==
	      "decrypt: invalid roc '11223344' (SSRC:ROC, SSRC 1..8 hex digits, ROC 0..4294967295)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "roc", "1:4294967296"}) ==
	      "decrypt: invalid roc '1:4294967296' (SSRC:ROC, SSRC 1..8 hex digits, ROC 0..4294967295)");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "roc", "1:1", "roc", "1:2"}) ==
	      "decrypt: duplicate roc SSRC in '1:2'");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "roc", "1:0", "roc", "2:0", "roc", "3:0",
		     "roc", "4:0", "roc", "5:0"}) == "decrypt: at most 4 rocs");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "decrypt", "aes128_80", key_128}) ==
	      "duplicate 'decrypt'");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, key_128}) == "unexpected inline: key");
	CHECK(error({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt",
		     "aes128_80", key_128, "encrypt", "aes128_80", key_128},
		    false) == "output 1: duplicate 'encrypt'");
}

TEST_CASE("rtpnl rule add: SRTP reaches the API whole, or nothing does")
{
	FakeRuleApi fake;
	std::ostringstream out, err;
	const auto rtpnl = [&](const std::vector<std::string_view> &args) { return run_rule(fake, args, out, err); };
	std::vector<std::string_view> good{"rule", "add", "table", "42", "local", "10.0.0.1:30000",
					   "rtp", "decrypt", "AES_CM_128_HMAC_SHA1_80", key_128,
					   "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000",
					   "encrypt", "AES_CM_128_HMAC_SHA1_32", key_128};
	CHECK(rtpnl(good) == exit_ok);
	REQUIRE(fake.added.size() == 1);
	CHECK(fake.added[0].first.decrypt->master_key.size() == 16);
	CHECK(fake.added[0].first.outputs[0].encrypt->suite == SrtpSuite::aes_cm_128_hmac_sha1_32);

	std::vector<std::string_view> bad = good;
	bad[9] = key_short;
	CHECK(rtpnl(bad) == exit_usage);
	CHECK(err.str() ==
	      "Error: decrypt: inline: key of 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)\n");
	CHECK(fake.added.size() == 1); // nothing sent
	CHECK(out.str().empty());
}

TEST_CASE("listings: suite, MKI length and ROCs, never a key")
{
	Rule r = listed_rule();
	// Even a rule that holds keys (one built here) prints none.
	REQUIRE(r.decrypt->master_key.assign(range(0xa0, 16)).ok());
	const auto [text, json] = printed(r);
	CHECK(text == "table 42 local 10.0.0.1:30000 mismatch ignore rtp decrypt "
		      "AES_CM_128_HMAC_SHA1_80 mki-len 0 roc 11223344:5 output src 10.0.0.1:30002 "
		      "dst 10.0.0.2:6000 encrypt AES_256_CM_HMAC_SHA1_32 mki-len 2\n");
	CHECK(json ==
	      "{\"table\":42,\"local\":\"10.0.0.1:30000\",\"mismatch\":\"ignore\",\"rtp\":true,"
	      "\"payload_types\":[],\"decrypt\":{\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki_len\":0,"
	      "\"rocs\":[{\"ssrc\":\"11223344\",\"roc\":5}]},\"outputs\":[{\"src\":\"10.0.0.1:30002\","
	      "\"dst\":\"10.0.0.2:6000\",\"tos\":0,\"encrypt\":{\"suite\":\"AES_256_CM_HMAC_SHA1_32\","
	      "\"mki_len\":2,\"rocs\":[]}}]}\n");
	for (const std::string &s : {text, json})
		CHECK(s.find("a0a1") == std::string::npos);

	// AEAD suites under their RFC 7714 names
	r.decrypt->suite = SrtpSuite::aead_aes_256_gcm;
	r.decrypt->rocs.clear();
	r.outputs[0].encrypt->suite = SrtpSuite::aead_aes_128_gcm;
	const auto [gcm_text, gcm_json] = printed(r);
	CHECK(gcm_text == "table 42 local 10.0.0.1:30000 mismatch ignore rtp decrypt "
			  "AEAD_AES_256_GCM mki-len 0 output src 10.0.0.1:30002 "
			  "dst 10.0.0.2:6000 encrypt AEAD_AES_128_GCM mki-len 2\n");
	CHECK(gcm_json.find(R"("decrypt":{"suite":"AEAD_AES_256_GCM","mki_len":0,"rocs":[]})") !=
	      std::string::npos);
	CHECK(gcm_json.find(R"("encrypt":{"suite":"AEAD_AES_128_GCM","mki_len":2,"rocs":[]})") !=
	      std::string::npos);
}

TEST_CASE("showconf / syncconf: SRTP rules flagged, refused without keys, always replaced")
{
	auto from_file = parse({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1_80", key_128, "roc", "11223344:5"});
	REQUIRE(from_file.ok());
	Rule kernel = from_file->rule; // what the kernel reports: no key
	kernel.decrypt->master_key.clear();
	kernel.decrypt->master_salt.clear();
	CHECK_FALSE(same_rule(from_file->rule, kernel));
	CHECK(same_rule(from_file->rule, from_file->rule));

	Conf conf;
	conf.tables = {42};
	conf.rules = {kernel};
	std::ostringstream text;
	write_conf(text, conf);
	CHECK(text.str() == "# rtpnl showconf: make it so with 'rtpnl syncconf FILE'\n"
			    "table ensure 42\n"
			    "# SRTP keys are write-only: give each decrypt / encrypt its key\n"
			    "# (SUITE inline:BASE64 or SUITE keyfile PATH) before syncconf\n"
			    "rule replace table 42 local 10.0.0.1:30000 mismatch ignore rtp decrypt "
			    "AES_CM_128_HMAC_SHA1_80 mki-len 0 roc 11223344:5 output src 10.0.0.1:30002 "
			    "dst 10.0.0.2:6000\n");
	std::istringstream back(text.str());
	auto parsed = parse_conf(back, "conf");
	REQUIRE_FALSE(parsed.ok());
	CHECK(parsed.error().text() == "conf:5: decrypt: missing key (inline:BASE64 or keyfile PATH)");

	std::istringstream with_key("rule replace table 42 local 10.0.0.1:30000 rtp decrypt "
				    "AES_CM_128_HMAC_SHA1_80 " + std::string(key_128) +
				    " roc 11223344:5 output src 10.0.0.1:30002 dst 10.0.0.2:6000\n");
	auto keyed = parse_conf(with_key, "conf");
	REQUIRE(keyed.ok());
	Conf have;
	have.tables = {42};
	have.rules = {kernel};
	const Plan plan = plan_sync(*keyed, have);
	CHECK(plan.replace_rules.size() == 1);
	std::ostringstream dry;
	print_plan(dry, plan);
	CHECK(dry.str().find("AAECAwQF") == std::string::npos); // a dry run shows no key
}

TEST_CASE("auth-fail drop: listed after the decrypt, in showconf too, and compared by syncconf")
{
	auto parsed = parse({"rtp", "decrypt", "AES_CM_128_HMAC_SHA1_80", key_128, "roc", "11223344:5",
			     "auth-fail", "drop"});
	REQUIRE(parsed.ok());
	Rule kernel = parsed->rule; // what the kernel reports: no key
	REQUIRE(kernel.srtp_auth_drop);
	kernel.decrypt->master_key.clear();
	kernel.decrypt->master_salt.clear();
	const std::string words = "table 42 local 10.0.0.1:30000 mismatch ignore rtp decrypt "
				  "AES_CM_128_HMAC_SHA1_80 mki-len 0 roc 11223344:5 auth-fail drop output "
				  "src 10.0.0.1:30002 dst 10.0.0.2:6000\n";
	std::ostringstream text, json;
	Printer tp(text, Printer::Format::text), jp(json, Printer::Format::json);
	print_rule(tp, kernel, 0);
	print_rule(jp, kernel, 0);
	CHECK(text.str() == words);
	CHECK(json.str().find(R"("rocs":[{"ssrc":"11223344","roc":5}]},"auth_fail":"drop","outputs":)") !=
	      std::string::npos);
	Conf conf;
	conf.tables = {42};
	conf.rules = {kernel};
	std::ostringstream file;
	write_conf(file, conf);
	CHECK(file.str().ends_with("rule replace " + words));

	// Pass (the default) is not printed.
	kernel.srtp_auth_drop = false;
	std::ostringstream pass_text, pass_json;
	Printer ptp(pass_text, Printer::Format::text), pjp(pass_json, Printer::Format::json);
	print_rule(ptp, kernel, 0);
	print_rule(pjp, kernel, 0);
	CHECK(pass_text.str().find("auth-fail") == std::string::npos);
	CHECK(pass_json.str().find("auth_fail") == std::string::npos);

	// A file's line with its key: the flag read back, and a rule differing
	// only in it is not the same.
	const std::string line = "rule replace table 42 local 10.0.0.1:30000 rtp decrypt "
				 "AES_CM_128_HMAC_SHA1_80 " + std::string(key_128) +
				 " roc 11223344:5 auth-fail drop output src 10.0.0.1:30002 dst 10.0.0.2:6000\n";
	std::istringstream in(line);
	auto keyed = parse_conf(in, "conf");
	REQUIRE(keyed.ok());
	REQUIRE(keyed->rules.size() == 1);
	CHECK(keyed->rules[0] == parsed->rule);
	Rule pass = keyed->rules[0];
	pass.srtp_auth_drop = false;
	CHECK_FALSE(same_rule(keyed->rules[0], pass));
	CHECK(same_rule(keyed->rules[0], keyed->rules[0]));
}

TEST_CASE("batch and syncconf lines: the line is wiped once its words are used")
{
	std::string line = "rule add table 42 local 10.0.0.1:30000 rtp decrypt aes128_80 " +
			   std::string(key_128) + " output src 10.0.0.1:30002 dst 10.0.0.2:6000";
	const std::size_t size = line.size();
	{
		auto words = split_batch_line(line);
		REQUIRE(words.ok());
		const LineWiper wiper{line, &*words};
		CHECK(parse_rule_command(std::vector<std::string_view>(words->begin() + 1, words->end())).ok());
	}
	CHECK(line.size() == size);
	CHECK(std::all_of(line.begin(), line.end(), [](char c) { return c == 0; }));
}

TEST_CASE("keys on the command line: moved out of argv, the rest untouched")
{
	std::string prog = "rtpnl", a = "decrypt", key = std::string(key_128), b = "INLINE:abc";
	char *argv[] = {prog.data(), a.data(), key.data(), b.data(), nullptr};
	std::vector<std::string> copies;
	const auto args = hide_command_line_keys(4, argv, copies);
	REQUIRE(args.size() == 3);
	CHECK(args[0] == "decrypt");
	CHECK(args[1] == key_128);
	CHECK(args[2] == "INLINE:abc");
	CHECK(std::string(argv[2]) == "inline:" + std::string(key_128.size() - 7, 'x'));
	CHECK(std::string(argv[3]) == "INLINE:xxx");
	CHECK(std::string(argv[1]) == "decrypt");
}

// The SDP form (issue 13): "srtp SUITE inline:KEY[|LIFETIME][|MKI:LEN]" as
// operators copy it from an a=crypto line.
namespace {

// key_128 with an SDES tail.
std::string sdp_key(std::string_view tail) { return std::string(key_128) + std::string(tail); }

} // namespace

TEST_CASE("srtp: SDP's a=crypto form, decrypt on the rule, encrypt in an output")
{
	const std::string with_mki = sdp_key("|2^31|1:4");
	auto cmd = parse({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", with_mki, "roc", "11223344:5"});
	REQUIRE(cmd.ok());
	REQUIRE(cmd->rule.decrypt);
	CHECK(cmd->rule.decrypt->mki == Bytes{0, 0, 0, 1});
	CHECK(cmd->rule.decrypt->rocs == std::vector<SrtpRoc>{{0x11223344, 5}});
	CHECK(Bytes(cmd->rule.decrypt->master_key.bytes().begin(),
		    cmd->rule.decrypt->master_key.bytes().end()) == range(0, 16));
	CHECK_FALSE(cmd->rule.outputs[0].encrypt);

	// The same as the older words
	const std::string one_byte_mki = sdp_key("|10:1");
	auto sdp = parse({"rtp", "srtp", "aes128_80", one_byte_mki});
	auto old = parse({"rtp", "decrypt", "aes128_80", key_128, "mki", "0a"});
	REQUIRE(sdp.ok());
	REQUIRE(old.ok());
	CHECK(*sdp->rule.decrypt == *old->rule.decrypt);
	auto abbreviated = parse({"rtp", "sr", "aes128_80", one_byte_mki});
	REQUIRE(abbreviated.ok());
	CHECK(*abbreviated->rule.decrypt == *old->rule.decrypt);

	// Among an output's words it is that output's encrypt; the output's
	// words may follow it
	const std::string two_byte_mki = sdp_key("|1000|258:2");
	auto w = words({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "srtp",
			"AES_CM_128_HMAC_SHA1_32", two_byte_mki, "tos", "46"});
	auto enc = parse_rule_command(w);
	REQUIRE(enc.ok());
	CHECK_FALSE(enc->rule.decrypt);
	REQUIRE(enc->rule.outputs[0].encrypt);
	CHECK(enc->rule.outputs[0].encrypt->suite == SrtpSuite::aes_cm_128_hmac_sha1_32);
	CHECK(enc->rule.outputs[0].encrypt->mki == Bytes{1, 2});
	CHECK(enc->rule.outputs[0].tos == 46);

	// Both at once: srtp before the first output decrypts
	auto both = parse_rule_command(words({"rtp", "srtp", "aes128_80", key_128, "output", "src",
					      "10.0.0.1:30002", "dst", "10.0.0.2:6000", "srtp",
					      "aes256_32", "keyfile", "/nonexistent"}));
	REQUIRE_FALSE(both.ok());
	CHECK(both.error().text() == "output 1 srtp: keyfile '/nonexistent': No such file or directory");

	// Lifetimes in either form, or none
	for (std::string_view tail : {"", "|2^48", "|2^0", "|1", "|281474976710656", "|2^31|255:1"}) {
		const std::string key = sdp_key(tail);
		CHECK_MESSAGE(parse({"rtp", "srtp", "aes128_80", key}).ok(), std::string(tail));
	}

	// A keyfile takes the same text (one parser)
	KeyFile file("# a=crypto:1 of call 17\n" + sdp_key("|2^48|7:1") + "\n", 0600);
	auto from_file = parse({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", "keyfile", file.path});
	REQUIRE(from_file.ok());
	CHECK(from_file->rule.decrypt->mki == Bytes{7});
	KeyFile both_mki(sdp_key("|7:1"), 0600);
	CHECK(error({"rtp", "srtp", "aes128_80", "keyfile", both_mki.path, "mki", "07"}) ==
	      "srtp: duplicate 'mki' (the key has one)");
}

TEST_CASE("srtp: every malformed SDP form is one line naming the argument, never the key")
{
	const auto sdp_error = [](std::string_view tail) {
		const std::string key = sdp_key(tail);
		const std::string text = error({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", key});
		CHECK(text.find('\n') == std::string::npos);
		if (tail.size() > 2)
			CHECK(text.find(tail) == std::string::npos); // not even the tail
		return text;
	};
	CHECK(sdp_error("|256:1") == "srtp: MKI value of the inline: key does not fit in 1 byte");
	CHECK(sdp_error("|2^31|65536:2") == "srtp: MKI value of the inline: key does not fit in 2 bytes");
	CHECK(sdp_error("|1:0") == "srtp: MKI length of 0 bytes in the inline: key (1..4)");
	CHECK(sdp_error("|1:5") == "srtp: MKI length of 5 bytes in the inline: key (1..4)");
	for (std::string_view tail : {"|1:", "|:4", "|x:1", "|1:x", "|0x10:2", "|2^31|"})
		CHECK_MESSAGE(sdp_error(tail) ==
				      "srtp: invalid MKI in the inline: key (MKI:LENGTH, both decimal)",
			      std::string(tail));
	for (std::string_view tail : {"|", "|2^49", "|0", "|281474976710657", "|2^", "|forever", "||1:1"})
		CHECK_MESSAGE(sdp_error(tail) == "srtp: invalid lifetime in the inline: key (2^N or a "
						 "decimal number, 1..2^48)",
			      std::string(tail));
	CHECK(sdp_error("|2^31|1:1|2^20") == "srtp: unexpected text after the MKI of the inline: key");
	CHECK(sdp_error("*|2^31") == "srtp: invalid base64 in the inline: key");

	// Both MKI forms: ambiguous
	const std::string with_mki = sdp_key("|2^31|1:1");
	CHECK(error({"rtp", "srtp", "aes128_80", with_mki, "mki", "01"}) ==
	      "srtp: duplicate 'mki' (the key has one)");
	// srtp and decrypt (encrypt) are one keyword
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "srtp", "aes128_80", key_128}) ==
	      "duplicate 'srtp' (as 'decrypt')");
	CHECK(error({"rtp", "srtp", "aes128_80", key_128, "srtp", "aes128_80", key_128}) ==
	      "duplicate 'srtp'");
	CHECK(error({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt",
		     "aes128_80", key_128, "srtp", "aes128_80", key_128},
		    false) == "output 1: duplicate 'srtp' (as 'encrypt')");
	CHECK(error({"srtp", "aes128_80", key_128, "output", "src", "10.0.0.1:30002", "dst",
		     "10.0.0.2:6000"},
		    false) == "'srtp' needs 'rtp' or 'rtcp'");
	CHECK(error({"output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "srtp", "aes128_80",
		     key_128},
		    false) == "output 1: 'srtp' needs 'rtp' or 'rtcp'");
	CHECK(error({"rtp", "srtp"}) == "missing value after 'srtp'");
	CHECK(error({"rtp", "srtp", key_128}) == "srtp: missing suite before the key");
	CHECK(error({"rtp", "srtp", "aes128_80"}) ==
	      "srtp: missing key (inline:BASE64 or keyfile PATH)");
	CHECK(error({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "srtp",
		     "aes128_80", key_short},
		    false) ==
	      "output 1 srtp: inline: key of 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)");
}

TEST_CASE("srtp: the SDP form is hidden in argv and wiped from batch lines, tail and all")
{
	const std::string key = sdp_key("|2^31|1:4");
	std::string prog = "rtpnl", word = "srtp", arg = key;
	char *argv[] = {prog.data(), word.data(), arg.data(), nullptr};
	std::vector<std::string> copies;
	const auto args = hide_command_line_keys(3, argv, copies);
	REQUIRE(args.size() == 2);
	CHECK(args[1] == key);
	CHECK(std::string(argv[2]) == "inline:" + std::string(key.size() - 7, 'x'));

	std::string line = "rule add table 42 local 10.0.0.1:30000 rtp srtp aes128_80 " + key +
			   " output src 10.0.0.1:30002 dst 10.0.0.2:6000";
	{
		auto batch_words = split_batch_line(line);
		REQUIRE(batch_words.ok());
		const LineWiper wiper{line, &*batch_words};
		auto cmd = parse_rule_command(
			std::vector<std::string_view>(batch_words->begin() + 1, batch_words->end()));
		REQUIRE(cmd.ok());
		CHECK(cmd->rule.decrypt->mki == Bytes{0, 0, 0, 1});
	}
	CHECK(std::all_of(line.begin(), line.end(), [](char c) { return c == 0; }));
}

// RFC 4568 section 6.3's session parameters after the key: UNAUTHENTICATED_SRTP
// taken, the others refused by name.
TEST_CASE("UNAUTHENTICATED_SRTP: after the key, decrypt and encrypt, any case, key files too")
{
	const std::string sdes = sdp_key("|2^31|1:4");
	auto cmd = parse({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", sdes, "UNAUTHENTICATED_SRTP", "roc",
			  "11223344:5"});
	REQUIRE(cmd.ok());
	REQUIRE(cmd->rule.decrypt);
	CHECK(cmd->rule.decrypt->unauthenticated);
	CHECK(cmd->rule.decrypt->mki == Bytes{0, 0, 0, 1});
	CHECK(cmd->rule.decrypt->rocs == std::vector<SrtpRoc>{{0x11223344, 5}});
	CHECK_FALSE(cmd->rule.outputs[0].encrypt);

	// without it: off
	auto off = parse({"rtp", "decrypt", "aes128_32", key_128});
	REQUIRE(off.ok());
	CHECK_FALSE(off->rule.decrypt->unauthenticated);

	// among an output's words, in lower case, after mki; the output's words follow
	auto w = words({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "encrypt",
			"AES_CM_128_HMAC_SHA1_32", key_128, "mki", "01", "unauthenticated_srtp", "tos", "46"});
	auto enc = parse_rule_command(w);
	REQUIRE(enc.ok());
	CHECK_FALSE(enc->rule.decrypt);
	REQUIRE(enc->rule.outputs[0].encrypt);
	CHECK(enc->rule.outputs[0].encrypt->unauthenticated);
	CHECK(enc->rule.outputs[0].encrypt->mki == Bytes{1});
	CHECK(enc->rule.outputs[0].tos == 46);

	// a key file may hold the a=crypto text, session parameters included
	KeyFile file("# a=crypto:1 of call 17\n" + sdp_key("|2^31 UNAUTHENTICATED_SRTP") + "\n", 0600);
	auto from_file = parse({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", "keyfile", file.path});
	REQUIRE(from_file.ok());
	CHECK(from_file->rule.decrypt->unauthenticated);
	CHECK(error({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", "keyfile", file.path,
		     "UNAUTHENTICATED_SRTP"}) == "srtp: duplicate session parameter UNAUTHENTICATED_SRTP");
	KeyFile bad_file(std::string(key_128) + " KDR=2\n", 0600);
	CHECK(error({"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", "keyfile", bad_file.path}) ==
	      "srtp: keyfile '" + bad_file.path + "': session parameter KDR is not supported");
}

TEST_CASE("UNAUTHENTICATED_SRTP errors: AES_CM and F8 only; RFC 4568's other session parameters named")
{
	CHECK(error({"rtp", "decrypt", "AEAD_AES_128_GCM", key_gcm128, "UNAUTHENTICATED_SRTP"}) ==
	      "decrypt: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not AEAD_AES_128_GCM");
	CHECK(error({"rtp", "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000", "srtp",
		     "NULL_HMAC_SHA1_80", key_128, "UNAUTHENTICATED_SRTP"},
		    false) == "output 1 srtp: UNAUTHENTICATED_SRTP needs an AES_CM or F8 suite, not NULL_HMAC_SHA1_80");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "UNAUTHENTICATED_SRTP", "UNAUTHENTICATED_SRTP"}) ==
	      "decrypt: duplicate session parameter UNAUTHENTICATED_SRTP");
	CHECK(error({"rtp", "srtp", "aes128_80", key_128, "UNENCRYPTED_SRTP"}) ==
	      "srtp: session parameter UNENCRYPTED_SRTP is not supported");
	CHECK(error({"rtp", "srtp", "aes128_80", key_128, "UNENCRYPTED_SRTCP"}) ==
	      "srtp: session parameter UNENCRYPTED_SRTCP is not supported");
	CHECK(error({"rtp", "srtp", "aes128_80", key_128, "roc", "1:2", "KDR=10"}) ==
	      "srtp: session parameter KDR is not supported");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "WSH=64"}) ==
	      "decrypt: session parameter WSH is not supported");
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, "FEC_ORDER=SRTP_FEC"}) ==
	      "decrypt: session parameter FEC_ORDER is not supported");
	// FEC_KEY's value is a key: named, never shown (error() checks the key is absent)
	const std::string fec_key = "FEC_KEY=" + std::string(key_128);
	CHECK(error({"rtp", "decrypt", "aes128_80", key_128, fec_key}) ==
	      "decrypt: session parameter FEC_KEY is not supported");
	// before the key it is no key
	CHECK(error({"rtp", "decrypt", "aes128_80", "UNAUTHENTICATED_SRTP", key_128}) ==
	      "decrypt: missing key (inline:BASE64 or keyfile PATH)");
}

TEST_CASE("rtpnl rule add: UNAUTHENTICATED_SRTP reaches the API; a refused parameter is one line")
{
	FakeRuleApi fake;
	std::ostringstream out, err;
	const auto rtpnl = [&](const std::vector<std::string_view> &args) { return run_rule(fake, args, out, err); };
	const std::string sdes = sdp_key("|2^31|1:4");
	std::vector<std::string_view> good{"rule", "add", "table", "42", "local", "10.0.0.1:30000",
					   "rtp", "srtp", "AES_CM_128_HMAC_SHA1_80", sdes, "UNAUTHENTICATED_SRTP",
					   "output", "src", "10.0.0.1:30002", "dst", "10.0.0.2:6000"};
	CHECK(rtpnl(good) == exit_ok);
	REQUIRE(fake.added.size() == 1);
	CHECK(fake.added[0].first.decrypt->unauthenticated);

	std::vector<std::string_view> bad = good;
	bad[10] = "UNENCRYPTED_SRTP";
	CHECK(rtpnl(bad) == exit_usage);
	CHECK(err.str() == "Error: srtp: session parameter UNENCRYPTED_SRTP is not supported\n");
	CHECK(fake.added.size() == 1); // nothing sent
}

TEST_CASE("listings: unauthenticated next to the suite, \"unauthenticated\":true only when set")
{
	Rule r = listed_rule();
	r.decrypt->unauthenticated = true;
	const auto [text, json] = printed(r);
	CHECK(text == "table 42 local 10.0.0.1:30000 mismatch ignore rtp decrypt "
		      "AES_CM_128_HMAC_SHA1_80 unauthenticated mki-len 0 roc 11223344:5 output src "
		      "10.0.0.1:30002 dst 10.0.0.2:6000 encrypt AES_256_CM_HMAC_SHA1_32 mki-len 2\n");
	CHECK(json ==
	      "{\"table\":42,\"local\":\"10.0.0.1:30000\",\"mismatch\":\"ignore\",\"rtp\":true,"
	      "\"payload_types\":[],\"decrypt\":{\"suite\":\"AES_CM_128_HMAC_SHA1_80\","
	      "\"unauthenticated\":true,\"mki_len\":0,\"rocs\":[{\"ssrc\":\"11223344\",\"roc\":5}]},"
	      "\"outputs\":[{\"src\":\"10.0.0.1:30002\",\"dst\":\"10.0.0.2:6000\",\"tos\":0,"
	      "\"encrypt\":{\"suite\":\"AES_256_CM_HMAC_SHA1_32\",\"mki_len\":2,\"rocs\":[]}}]}\n");

	// the output's too, and the rule's off
	r.decrypt->unauthenticated = false;
	r.outputs[0].encrypt->unauthenticated = true;
	const auto [enc_text, enc_json] = printed(r);
	CHECK(enc_text.find("decrypt AES_CM_128_HMAC_SHA1_80 mki-len 0") != std::string::npos);
	CHECK(enc_text.find("encrypt AES_256_CM_HMAC_SHA1_32 unauthenticated mki-len 2\n") !=
	      std::string::npos);
	CHECK(enc_json.find(R"("decrypt":{"suite":"AES_CM_128_HMAC_SHA1_80","mki_len":0,)") !=
	      std::string::npos);
	CHECK(enc_json.find(
		      R"("encrypt":{"suite":"AES_256_CM_HMAC_SHA1_32","unauthenticated":true,"mki_len":2,"rocs":[]})") !=
	      std::string::npos);

	// the F8 suites under their RFC 4568 names
	r.decrypt->suite = SrtpSuite::f8_128_hmac_sha1_32;
	r.outputs[0].encrypt->suite = SrtpSuite::f8_128_hmac_sha1_80;
	const auto [f8_text, f8_json] = printed(r);
	CHECK(f8_text.find("decrypt F8_128_HMAC_SHA1_32 mki-len 0") != std::string::npos);
	CHECK(f8_text.find("encrypt F8_128_HMAC_SHA1_80 unauthenticated mki-len 2\n") != std::string::npos);
	CHECK(f8_json.find(R"("decrypt":{"suite":"F8_128_HMAC_SHA1_32","mki_len":0,)") != std::string::npos);
	CHECK(f8_json.find(
		      R"("encrypt":{"suite":"F8_128_HMAC_SHA1_80","unauthenticated":true,"mki_len":2,"rocs":[]})") !=
	      std::string::npos);
}
