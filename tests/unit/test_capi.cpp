// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API (rtpnl.h) against a fake kernel: what a C caller builds goes out
// as the codec's bytes, the kernel's answers (acks, errors with extack,
// replies, dumps, events) come back as return values, messages and
// callbacks, and no exception crosses the C boundary.
#include "bytes.hpp"
#include "fake_kernel.hpp"
#include "genl_bytes.hpp"

#include "capi.hpp"
#include "recording_codec.hpp"
#include "rule_codec.hpp"
#include "rtpnl/rtpnl.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace fake;

namespace {

// A handle whose request socket (and event socket, with events) talk to k.
struct Handle {
	rtpnl_handle *h;

	explicit Handle(FakeKernel &k, bool events = false)
	{
		auto client = rtpnl::Client::adopt(std::make_unique<rtpnl::GenlSocket>(fake_socket(k)));
		std::optional<rtpnl::Monitor> monitor;
		if (events)
			monitor = rtpnl::Monitor::adopt(
				std::make_unique<rtpnl::GenlSocket>(fake_socket(k)));
		h = rtpnl::capi::adopt(std::move(client), std::move(monitor));
	}
	~Handle() { rtpnl_close(h); }
	Handle(const Handle &) = delete;
	Handle &operator=(const Handle &) = delete;
	operator rtpnl_handle *() const { return h; }
};

struct Rule {
	rtpnl_rule *r = rtpnl_rule_new();
	~Rule() { rtpnl_rule_free(r); }
	Rule() = default;
	Rule(const Rule &) = delete;
	Rule &operator=(const Rule &) = delete;
	operator rtpnl_rule *() const { return r; }
};

rtpnl_endpoint ep(const char *text)
{
	rtpnl_endpoint out{};
	REQUIRE(rtpnl_endpoint_parse(text, &out) == 0);
	return out;
}

// table 42, local 127.0.0.1:30018, expect 127.0.0.1:30000 drop, one output
// 127.0.0.1:30018 -> 127.0.0.1:3002 tos 0xb8: test_rule_codec's sample rule.
void sample(rtpnl_rule *r)
{
	const rtpnl_endpoint local = ep("127.0.0.1:30018"), expect = ep("127.0.0.1:30000"),
			     dst = ep("127.0.0.1:3002");
	REQUIRE(rtpnl_rule_set_table(r, 42) == 0);
	REQUIRE(rtpnl_rule_set_local(r, &local) == 0);
	REQUIRE(rtpnl_rule_set_expect(r, &expect, RTPNL_MISMATCH_DROP) == 0);
	REQUIRE(rtpnl_rule_add_output(r, &local, &dst, 0xb8) == 0);
}

rtpnl::Rule sample_cxx()
{
	rtpnl::Rule r;
	r.table = 42;
	r.local = *rtpnl::parse_endpoint("127.0.0.1:30018");
	r.expect = *rtpnl::parse_endpoint("127.0.0.1:30000");
	r.mismatch = rtpnl::Mismatch::drop;
	r.outputs.push_back({r.local, *rtpnl::parse_endpoint("127.0.0.1:3002"), 0xb8});
	return r;
}

// An extack message attribute (NLMSGERR_ATTR_MSG) with its text.
Bytes extack(const std::string &text)
{
	Bytes s(text.begin(), text.end());
	s.push_back(0);
	return nla(1, s);
}

// The reply of the family to `request` (its seq), command cmd.
Bytes answer(const Bytes &request, int cmd, const Bytes &attrs, int flags = 0)
{
	return nlmsg(0x1c, flags, seq_of(request), concat({bytes({cmd, 1, 0, 0}), attrs}));
}

const Bytes table_42 = nla(1, le32(42));
const Bytes local_30018 = nest(2, {addr4(127, 0, 0, 1), port(30018)});

// A RULE_GET reply for sample(), with counters.
Bytes sample_reply_attrs()
{
	return concat({table_42,
		       nest(5, {local_30018, nest(3, {addr4(127, 0, 0, 1), port(30000)}),
				nla(4, bytes({1})),
				nest(5, {nest(1, {addr4(127, 0, 0, 1), port(30018)}),
					 nest(2, {addr4(127, 0, 0, 1), port(3002)}), nla(3, bytes({0xb8}))}),
				nest(6, {nla(2, u64(139)), nla(3, u64(144004)), nla(4, u64(2))})})});
}

void ack_everything(FakeKernel &k)
{
	k.answer = [&k](const Bytes &req) { k.datagrams.push_back({error_msg(req, 0)}); };
}

// Every request answered with a reply of `attrs` (a RULE_GET's), then the ack.
void reply_with(FakeKernel &k, Bytes attrs)
{
	k.answer = [&k, attrs = std::move(attrs)](const Bytes &req) {
		k.datagrams.push_back({answer(req, 6, attrs)});
		k.datagrams.push_back({error_msg(req, 0)});
	};
}

// `rule`, an RTP rule but for its flag, is refused before anything is
// sent with `reason` (the library's words); with RTPNL_RULE_F_RTP it goes
// out as the codec encodes `cxx` (its rtp set here).
void needs_rtp_then_sent(FakeKernel &k, rtpnl_handle *h, rtpnl_rule *rule, const std::string &reason,
			 rtpnl::Rule cxx)
{
	CHECK(rtpnl_rule_add(h, rule) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == reason);
	CHECK(k.sent.empty());
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTP) == 0);
	ack_everything(k);
	REQUIRE(rtpnl_rule_add(h, rule) == 0);
	REQUIRE(k.sent.size() == 1);
	cxx.rtp = true;
	auto expected = rtpnl::encode_rule_new(cxx, rtpnl::RuleMode::add);
	REQUIRE(expected.ok());
	const Bytes codec = message_bytes(*expected);
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) == hex(Bytes(codec.begin() + 16, codec.end())));
}

// The rule the kernel echoes: an RTP rule whose one output (10.0.0.1:1 to
// 10.0.0.2:2) ends with `extra` (SSRC_MAP, PT_REPLACE nests), read with
// rtpnl_rule_get(); the caller frees it.
rtpnl_rule *echoed(FakeKernel &k, rtpnl_handle *h, const Bytes &extra)
{
	reply_with(k, concat({table_42, nest(5, {local_30018, nla(7, le32(RTPNL_RULE_F_RTP)),
						 nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}),
							  nest(2, {addr4(10, 0, 0, 2), port(2)}), extra})})}));
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	rtpnl_rule *got = nullptr;
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	return got;
}

} // namespace

TEST_CASE("C API: a rule built in C goes out as the codec's RULE_NEW; a refusal brings its extack")
{
	FakeKernel k;
	Handle h(k);
	Rule rule;
	sample(rule);
	ack_everything(k);
	REQUIRE(rtpnl_rule_add(h, rule) == 0);
	CHECK(std::string(rtpnl_errmsg()).empty());
	REQUIRE(k.sent.size() == 1);
	auto expected = rtpnl::encode_rule_new(sample_cxx(), rtpnl::RuleMode::add);
	REQUIRE(expected.ok());
	const Bytes codec = message_bytes(*expected);
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) == hex(Bytes(codec.begin() + 16, codec.end())));
	CHECK((k.sent[0][6] | k.sent[0][7] << 8) == (0x600 | 0x5)); // CREATE|EXCL, REQUEST|ACK

	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({error_msg(req, -EEXIST, extack("rtpfwd: rule exists"))});
	};
	CHECK(rtpnl_rule_add(h, rule) == -EEXIST);
	CHECK(std::string(rtpnl_errmsg()) == "rtpfwd: rule exists");
	CHECK(rtpnl_rule_send(h, rule, RTPNL_RULE_CHANGE) == -EEXIST);
	REQUIRE(k.sent.size() == 3);
	CHECK((k.sent[2][6] | k.sent[2][7] << 8) == (0x100 | 0x5)); // REPLACE only
}

TEST_CASE("C API: setters and the rule check refuse bad values before anything is sent")
{
	FakeKernel k;
	Handle h(k);
	Rule rule;
	rtpnl_endpoint bad = ep("10.0.0.1:1");
	bad.family = AF_UNIX;
	CHECK(rtpnl_rule_set_local(rule, &bad) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()).find("neither AF_INET nor AF_INET6") != std::string::npos);
	rtpnl_endpoint zero = ep("10.0.0.1:1");
	zero.port = 0;
	CHECK(rtpnl_rule_set_local(rule, &zero) == -EINVAL);
	CHECK(rtpnl_rule_set_local(rule, nullptr) == -EINVAL);
	CHECK(rtpnl_rule_set_table(rule, 64) == -EINVAL);
	CHECK(rtpnl_rule_set_flags(rule, 1u << 9) == -EINVAL);
	CHECK(rtpnl_rule_set_expect(rule, nullptr, static_cast<rtpnl_mismatch>(3)) == -EINVAL);
	CHECK(rtpnl_rule_add_payload_type(rule, 128, 0) == -EINVAL);
	const rtpnl_endpoint a = ep("10.0.0.1:1"), b = ep("10.0.0.2:2");
	CHECK(rtpnl_rule_add_output(rule, &a, &b, 256) == -EINVAL);
	for (int i = 0; i < RTPNL_OUTPUTS_MAX; ++i)
		REQUIRE(rtpnl_rule_add_output(rule, &a, &b, -1) == 0);
	CHECK(rtpnl_rule_add_output(rule, &a, &b, -1) == -ENOSPC);
	CHECK(rtpnl_rule_output_count(rule) == RTPNL_OUTPUTS_MAX);

	// A whole-rule constraint: payload types need RTPNL_RULE_F_RTP.
	REQUIRE(rtpnl_rule_set_local(rule, &a) == 0);
	REQUIRE(rtpnl_rule_add_payload_type(rule, 0, 8000) == 0);
	CHECK(rtpnl_rule_add(h, rule) == -EINVAL);
	CHECK_FALSE(std::string(rtpnl_errmsg()).empty());
	CHECK(k.sent.empty());
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTP) == 0);
	ack_everything(k);
	CHECK(rtpnl_rule_add(h, rule) == 0);
	CHECK(k.sent.size() == 1);
}

TEST_CASE("C API: the RTCP flag alone or with RTP; unknown flags refused")
{
	Rule rule;
	sample(rule);
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTCP) == 0);
	CHECK(rtpnl_rule_flags(rule) == RTPNL_RULE_F_RTCP);
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTCP | RTPNL_RULE_F_RTP) == 0);
	CHECK(rtpnl_rule_flags(rule) == (RTPNL_RULE_F_RTCP | RTPNL_RULE_F_RTP));
	CHECK(rtpnl_rule_set_flags(rule, 1u << 8) == -EINVAL);
	CHECK(rtpnl_rule_flags(rule) == (RTPNL_RULE_F_RTCP | RTPNL_RULE_F_RTP));
}

TEST_CASE("C API: the SRTP_AUTH_DROP flag read back, sent, refused without a decrypt")
{
	static_assert(RTPNL_RULE_F_SRTP_AUTH_DROP == (1u << 5));
	FakeKernel k;
	Handle h(k);
	Rule rule;
	sample(rule);
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTP | RTPNL_RULE_F_SRTP_AUTH_DROP) == 0);
	CHECK(rtpnl_rule_flags(rule) == (RTPNL_RULE_F_RTP | RTPNL_RULE_F_SRTP_AUTH_DROP));
	CHECK(rtpnl_rule_add(h, rule) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "auth-fail drop needs decrypt");
	CHECK(k.sent.empty());

	const uint8_t key[16] = {}, salt[14] = {};
	REQUIRE(rtpnl_rule_set_decrypt(rule, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80, key, 16, salt, 14,
				       nullptr, 0) == 0);
	ack_everything(k);
	REQUIRE(rtpnl_rule_add(h, rule) == 0);
	REQUIRE(k.sent.size() == 1);
	rtpnl::Rule cxx = sample_cxx();
	cxx.rtp = true;
	cxx.srtp_auth_drop = true;
	cxx.decrypt.emplace();
	REQUIRE(cxx.decrypt->master_key.assign(Bytes(16, 0)).ok());
	REQUIRE(cxx.decrypt->master_salt.assign(Bytes(14, 0)).ok());
	auto expected = rtpnl::encode_rule_new(cxx, rtpnl::RuleMode::add);
	REQUIRE(expected.ok());
	const Bytes codec = message_bytes(*expected);
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) == hex(Bytes(codec.begin() + 16, codec.end())));
	// FLAGS = RTP | SRTP_AUTH_DROP
	CHECK(hex(k.sent[0]).find("08 00 07 00 21 00 00 00") != std::string::npos);

	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTP) == 0);
	CHECK(rtpnl_rule_flags(rule) == RTPNL_RULE_F_RTP);
}

namespace {

// A rule without outputs, `flag` (BLACKHOLE or HAND_UP: `member` of the
// C++ rule, `kind` in errors) with STUN: sent as the codec sends it, FLAGS
// STUN | flag; refused with an output or with RTP before anything is sent.
void check_no_outputs_flag(std::uint32_t flag, bool rtpnl::Rule::*member, const std::string &kind)
{
	FakeKernel k;
	Handle h(k);
	Rule rule;
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	REQUIRE(rtpnl_rule_set_table(rule, 42) == 0);
	REQUIRE(rtpnl_rule_set_local(rule, &local) == 0);
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_STUN | flag) == 0);
	CHECK(rtpnl_rule_flags(rule) == (RTPNL_RULE_F_STUN | flag));
	ack_everything(k);
	REQUIRE(rtpnl_rule_add(h, rule) == 0);
	REQUIRE(k.sent.size() == 1);
	rtpnl::Rule cxx;
	cxx.table = 42;
	cxx.local = *rtpnl::parse_endpoint("127.0.0.1:30018");
	cxx.stun = true;
	cxx.*member = true;
	auto expected = rtpnl::encode_rule_new(cxx, rtpnl::RuleMode::add);
	REQUIRE(expected.ok());
	const Bytes codec = message_bytes(*expected);
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) == hex(Bytes(codec.begin() + 16, codec.end())));
	CHECK(hex(k.sent[0]).find(hex(nla(7, le32(RTPNL_RULE_F_STUN | flag)))) != std::string::npos);

	// An output, or RTP, is refused before anything is sent.
	const rtpnl_endpoint dst = ep("127.0.0.1:3002");
	Rule out;
	REQUIRE(rtpnl_rule_set_local(out, &local) == 0);
	REQUIRE(rtpnl_rule_set_flags(out, flag) == 0);
	REQUIRE(rtpnl_rule_add_output(out, &local, &dst, -1) == 0);
	CHECK(rtpnl_rule_add(h, out) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "a " + kind + " rule cannot have outputs");
	Rule rtp;
	REQUIRE(rtpnl_rule_set_local(rtp, &local) == 0);
	REQUIRE(rtpnl_rule_set_flags(rtp, RTPNL_RULE_F_RTP | flag) == 0);
	CHECK(rtpnl_rule_send(h, rtp, RTPNL_RULE_REPLACE) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "a " + kind + " rule cannot have rtp");
	CHECK(k.sent.size() == 1);
	// Cleared again: an ordinary rule, its output counts.
	REQUIRE(rtpnl_rule_set_flags(out, RTPNL_RULE_F_STUN) == 0);
	CHECK(rtpnl_rule_flags(out) == RTPNL_RULE_F_STUN);
	CHECK(rtpnl_rule_add(h, out) == 0);
}

} // namespace

TEST_CASE("C API: the BLACKHOLE flag without outputs, sent, read back; refused with an output")
{
	static_assert(RTPNL_RULE_F_BLACKHOLE == (1u << 6));
	check_no_outputs_flag(RTPNL_RULE_F_BLACKHOLE, &rtpnl::Rule::blackhole, "blackhole");
}

TEST_CASE("C API: the HAND_UP flag without outputs, sent, read back with its counter; refused with an output or BLACKHOLE")
{
	static_assert(RTPNL_RULE_F_HAND_UP == (1u << 7));
	check_no_outputs_flag(RTPNL_RULE_F_HAND_UP, &rtpnl::Rule::hand_up, "hand-up");

	FakeKernel k;
	Handle h(k);
	Rule both;
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	REQUIRE(rtpnl_rule_set_local(both, &local) == 0);
	REQUIRE(rtpnl_rule_set_flags(both, RTPNL_RULE_F_HAND_UP | RTPNL_RULE_F_BLACKHOLE) == 0);
	CHECK(rtpnl_rule_send(h, both, RTPNL_RULE_REPLACE) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "a rule is a blackhole or a hand-up rule, not both");
	CHECK(k.sent.empty());

	// Read back: no outputs, what it handed up in handed_up_other.
	reply_with(k, concat({table_42,
			      nest(5, {local_30018, nla(7, le32(RTPNL_RULE_F_HAND_UP)),
				       nest(6, {nla(2, u64(0)), nla(3, u64(0)), nla(4, u64(3)),
						nla(9, u64(3)), nla(16, u64(4))})})}));
	rtpnl_rule *got = nullptr;
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	CHECK(rtpnl_rule_flags(got) == RTPNL_RULE_F_HAND_UP);
	CHECK(rtpnl_rule_output_count(got) == 0);
	rtpnl_rule_reasons reasons{};
	REQUIRE(rtpnl_rule_counters_by_reason(got, &reasons) == 0);
	CHECK(reasons.handed_up_other == 4);
	CHECK(reasons.src_mismatch_dropped == 3);
	rtpnl_rule_free(got);
}

TEST_CASE("C API: rtpnl_rule_blackholed, from the kernel's counters or 0; -ENODATA without")
{
	FakeKernel k;
	Handle h(k);
	const Bytes blackhole_reply = concat(
		{table_42,
		 nest(5, {local_30018, nla(7, le32(RTPNL_RULE_F_BLACKHOLE)),
			  nest(6, {nla(2, u64(97)), nla(3, u64(16684)), nla(4, u64(0)), nla(18, u64(95))})})});
	reply_with(k, blackhole_reply);
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	rtpnl_rule *got = nullptr;
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	CHECK(rtpnl_rule_flags(got) == RTPNL_RULE_F_BLACKHOLE);
	CHECK(rtpnl_rule_output_count(got) == 0);
	std::uint64_t dropped = 0;
	REQUIRE(rtpnl_rule_blackholed(got, &dropped) == 0);
	CHECK(dropped == 95);
	rtpnl_rule_stats counters{};
	REQUIRE(rtpnl_rule_counters(got, &counters) == 0);
	CHECK((counters.packets == 97 && counters.errors == 0));
	rtpnl_rule_free(got);

	// An older kernel's reply: no BLACKHOLED, 0.
	reply_with(k, sample_reply_attrs());
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	dropped = 7;
	REQUIRE(rtpnl_rule_blackholed(got, &dropped) == 0);
	CHECK(dropped == 0);
	rtpnl_rule_free(got);

	Rule mine;
	CHECK(rtpnl_rule_blackholed(mine, &dropped) == -ENODATA);
	CHECK(std::string(rtpnl_errmsg()) == "the rule has no counters (not read from the kernel)");
}

TEST_CASE("C API: an output's SSRC map set, read back, sent, refused without rtp; read from a reply")
{
	FakeKernel k;
	Handle h(k);
	Rule rule;
	sample(rule);
	CHECK(rtpnl_rule_output_ssrc_map_count(rule, 0) == 0);
	CHECK(rtpnl_rule_output_add_ssrc_map(rule, 1, 1, 2) == -ERANGE);
	CHECK(std::string(rtpnl_errmsg()) == "output index out of range");
	REQUIRE(rtpnl_rule_output_add_ssrc_map(rule, 0, 0x5eed5eed, 0xabcd0001) == 0);
	REQUIRE(rtpnl_rule_output_add_ssrc_map(rule, 0, 1, 2) == 0);
	CHECK(rtpnl_rule_output_add_ssrc_map(rule, 0, 0x5eed5eed, 3) == -EEXIST);
	CHECK(rtpnl_rule_output_ssrc_map_count(rule, 0) == 2);
	CHECK(rtpnl_rule_output_ssrc_map_count(rule, 1) == 0);
	uint32_t from = 0, to = 0;
	REQUIRE(rtpnl_rule_output_ssrc_map(rule, 0, 1, &from, &to) == 0);
	CHECK((from == 1 && to == 2));
	REQUIRE(rtpnl_rule_output_ssrc_map(rule, 0, 0, &from, &to) == 0);
	CHECK((from == 0x5eed5eed && to == 0xabcd0001));
	CHECK(rtpnl_rule_output_ssrc_map(rule, 0, 2, &from, &to) == -ERANGE);
	CHECK(rtpnl_rule_output_ssrc_map(rule, 1, 0, &from, &to) == -ERANGE);
	REQUIRE(rtpnl_rule_output_add_ssrc_map(rule, 0, 3, 4) == 0);
	REQUIRE(rtpnl_rule_output_add_ssrc_map(rule, 0, 5, 6) == 0);
	CHECK(rtpnl_rule_output_add_ssrc_map(rule, 0, 7, 8) == -ENOSPC);
	CHECK(rtpnl_rule_output_ssrc_map_count(rule, 0) == 4);

	// Without rtp: refused before sending, in the library's words.
	rtpnl::Rule cxx = sample_cxx();
	cxx.outputs[0].ssrc_map = {{0x5eed5eed, 0xabcd0001}, {1, 2}, {3, 4}, {5, 6}};
	needs_rtp_then_sent(k, h, rule, "output 1: SSRC map needs rtp", cxx);

	// The kernel's echo comes back through the getters.
	rtpnl_rule *got = echoed(k, h, nest(6, {nla(1, le32(9)), nla(2, le32(10))}));
	CHECK(rtpnl_rule_output_ssrc_map_count(got, 0) == 1);
	REQUIRE(rtpnl_rule_output_ssrc_map(got, 0, 0, &from, &to) == 0);
	CHECK((from == 9 && to == 10));
	rtpnl_rule_free(got);
}

TEST_CASE("C API: an output's payload replacements set, read back, sent, refused without rtp; read from a reply")
{
	FakeKernel k;
	Handle h(k);
	Rule rule;
	sample(rule);
	const std::uint8_t ff = 0xff, d5 = 0xd5;
	const std::uint8_t long_pattern[RTPNL_PT_PATTERN_MAX + 1] = {1, 2, 3, 4, 5, 6, 7, 8,
								    9, 10, 11, 12, 13, 14, 15, 16, 17};
	CHECK(rtpnl_rule_output_pt_replace_count(rule, 0) == 0);
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 1, 0, &ff, 1) == -ERANGE);
	CHECK(std::string(rtpnl_errmsg()) == "output index out of range");
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 0, 128, &ff, 1) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "payload type out of range (0..127)");
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 0, 0, &ff, 0) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "empty pattern");
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 0, 0, nullptr, 1) == -EINVAL);
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 0, 0, long_pattern, sizeof long_pattern) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "a pattern has at most 16 bytes");
	CHECK(rtpnl_rule_output_pt_replace_count(rule, 0) == 0);
	REQUIRE(rtpnl_rule_output_add_pt_replace(rule, 0, 0, &ff, 1) == 0);
	REQUIRE(rtpnl_rule_output_add_pt_replace(rule, 0, 96, long_pattern, RTPNL_PT_PATTERN_MAX) == 0);
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 0, 0, &d5, 1) == -EEXIST);
	CHECK(std::string(rtpnl_errmsg()) == "the output replaces this payload type already");
	CHECK(rtpnl_rule_output_pt_replace_count(rule, 0) == 2);
	CHECK(rtpnl_rule_output_pt_replace_count(rule, 1) == 0);

	std::uint8_t type = 0;
	std::uint8_t buf[RTPNL_PT_PATTERN_MAX] = {};
	std::size_t len = sizeof buf;
	REQUIRE(rtpnl_rule_output_pt_replace(rule, 0, 1, &type, buf, &len) == 0);
	CHECK(type == 96);
	CHECK(len == RTPNL_PT_PATTERN_MAX);
	CHECK(Bytes(buf, buf + len) == Bytes(long_pattern, long_pattern + RTPNL_PT_PATTERN_MAX));
	// Too small a buffer: the length needed, nothing written.
	type = 0;
	std::uint8_t small[4] = {};
	len = sizeof small;
	CHECK(rtpnl_rule_output_pt_replace(rule, 0, 1, &type, small, &len) == -ENOBUFS);
	CHECK(len == RTPNL_PT_PATTERN_MAX);
	CHECK((type == 0 && small[0] == 0));
	len = sizeof small;
	CHECK(rtpnl_rule_output_pt_replace(rule, 0, 1, &type, nullptr, &len) == -ENOBUFS);
	CHECK(len == RTPNL_PT_PATTERN_MAX);
	len = 1;
	REQUIRE(rtpnl_rule_output_pt_replace(rule, 0, 0, &type, small, &len) == 0);
	CHECK((type == 0 && len == 1 && small[0] == 0xff));
	CHECK(rtpnl_rule_output_pt_replace(rule, 0, 2, &type, buf, &len) == -ERANGE);
	CHECK(std::string(rtpnl_errmsg()) == "index out of range");
	CHECK(rtpnl_rule_output_pt_replace(rule, 1, 0, &type, buf, &len) == -ERANGE);
	CHECK(std::string(rtpnl_errmsg()) == "output index out of range");
	REQUIRE(rtpnl_rule_output_add_pt_replace(rule, 0, 8, &d5, 1) == 0);
	REQUIRE(rtpnl_rule_output_add_pt_replace(rule, 0, 9, "\xfa", 1) == 0);
	CHECK(rtpnl_rule_output_add_pt_replace(rule, 0, 10, &ff, 1) == -ENOSPC);
	CHECK(std::string(rtpnl_errmsg()) == "an output has at most 4 payload replacements");
	CHECK(rtpnl_rule_output_pt_replace_count(rule, 0) == 4);

	// Without rtp: refused before sending, in the library's words.
	rtpnl::Rule cxx = sample_cxx();
	cxx.outputs[0].pt_replace = {{0, {0xff}},
				     {96, Bytes(long_pattern, long_pattern + RTPNL_PT_PATTERN_MAX)},
				     {8, {0xd5}},
				     {9, {0xfa}}};
	needs_rtp_then_sent(k, h, rule, "output 1: payload replacement needs rtp", cxx);

	// The kernel's echo comes back through the getters.
	rtpnl_rule *got = echoed(k, h, nest(7, {nla(1, bytes({8})), nla(2, bytes({0xd5, 0x55}))}));
	CHECK(rtpnl_rule_output_pt_replace_count(got, 0) == 1);
	len = sizeof buf;
	REQUIRE(rtpnl_rule_output_pt_replace(got, 0, 0, &type, buf, &len) == 0);
	CHECK((type == 8 && len == 2 && buf[0] == 0xd5 && buf[1] == 0x55));
	rtpnl_rule_free(got);
}

namespace {

// RECORDING { CALL, STREAM, ID, PACKETS, QUEUED, DROPPED } of table 42, as
// the kernel answers.
Bytes recording_attrs(const std::string &call, const std::string &stream, std::uint32_t id)
{
	const auto str = [](int type, const std::string &text) {
		Bytes b(text.begin(), text.end());
		b.push_back(0);
		return nla(type, b);
	};
	return concat({table_42, nest(6, {str(2, call), str(3, stream), nla(4, le32(id)), nla(5, le32(10)),
					  nla(6, le32(2)), nla(7, u64(1234))})});
}

// Every request answered with a RECORDING_GET reply of `attrs`, then the ack.
void recording_reply_with(FakeKernel &k, Bytes attrs)
{
	k.answer = [&k, attrs = std::move(attrs)](const Bytes &req) {
		k.datagrams.push_back({answer(req, 10, attrs)});
		k.datagrams.push_back({error_msg(req, 0)});
	};
}

// The request as the codec encodes it (its attributes and command).
Bytes sent_body(const rtpnl::Result<rtpnl::Request> &codec)
{
	REQUIRE(codec.ok());
	const Bytes b = message_bytes(*codec);
	return Bytes(b.begin() + 16, b.end());
}

} // namespace

TEST_CASE("C API: recordings: add answers the id, get and list decode, del of a stream or a call")
{
	FakeKernel k;
	Handle h(k);
	recording_reply_with(k, recording_attrs("call-1", "caller", 7));
	std::uint32_t id = 0;
	REQUIRE(rtpnl_recording_add(h, 42, "call-1", "caller", 3, &id) == 0);
	CHECK(id == 7);
	rtpnl::Recording want;
	want.table = 42;
	want.call = "call-1";
	want.stream = "caller";
	want.packets = 3u;
	REQUIRE(k.sent.size() == 1);
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) == hex(sent_body(rtpnl::encode_recording_new(want))));
	// packets 0: the module's default, no PACKETS; no id wanted.
	REQUIRE(rtpnl_recording_add(h, 42, "call-1", "caller", 0, nullptr) == 0);
	want.packets.reset();
	CHECK(hex(Bytes(k.sent[1].begin() + 16, k.sent[1].end())) == hex(sent_body(rtpnl::encode_recording_new(want))));

	rtpnl_recording_info info{};
	REQUIRE(rtpnl_recording_get(h, 42, "call-1", "caller", &info) == 0);
	CHECK(hex(Bytes(k.sent[2].begin() + 16, k.sent[2].end())) ==
	      hex(sent_body(rtpnl::encode_recording_get(42, "call-1", "caller"))));
	CHECK((info.table == 42 && info.id == 7 && info.packets == 10 && info.queued == 2 && info.dropped == 1234));
	CHECK(std::string(info.call) == "call-1");
	CHECK(std::string(info.stream) == "caller");
	// The longest names fit, with their NUL.
	recording_reply_with(k, recording_attrs(std::string(255, 'c'), std::string(255, 's'), 8));
	REQUIRE(rtpnl_recording_get(h, 42, "c", "s", &info) == 0);
	CHECK(std::string(info.call) == std::string(255, 'c'));
	CHECK(std::string(info.stream) == std::string(255, 's'));

	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({concat({answer(req, 10, recording_attrs("a", "x", 0), 0x2),
					       answer(req, 10, recording_attrs("a", "y", 1), 0x2),
					       answer(req, 10, recording_attrs("b", "x", 2), 0x2)})});
		k.datagrams.push_back({done_msg(seq_of(req))});
	};
	std::vector<std::string> seen;
	auto collect = [](const rtpnl_recording_info *rec, void *arg) {
		auto *v = static_cast<std::vector<std::string> *>(arg);
		v->push_back(std::to_string(rec->id) + " " + rec->call + "/" + rec->stream);
		return 0;
	};
	REQUIRE(rtpnl_recording_list(h, 42, collect, &seen) == 0);
	CHECK(seen == std::vector<std::string>{"0 a/x", "1 a/y", "2 b/x"});
	CHECK(hex(Bytes(k.sent.back().begin() + 16, k.sent.back().end())) ==
	      hex(sent_body(rtpnl::encode_recording_dump(42))));
	auto stop = [](const rtpnl_recording_info *, void *) { return 5; };
	CHECK(rtpnl_recording_list(h, 42, stop, nullptr) == 5);

	ack_everything(k);
	k.sent.clear();
	REQUIRE(rtpnl_recording_del(h, 42, "call-1", "caller") == 0);
	REQUIRE(rtpnl_recording_del(h, 42, "call-1", nullptr) == 0);
	REQUIRE(k.sent.size() == 2);
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) ==
	      hex(sent_body(rtpnl::encode_recording_del(42, "call-1", "caller"))));
	CHECK(hex(Bytes(k.sent[1].begin() + 16, k.sent[1].end())) ==
	      hex(sent_body(rtpnl::encode_recording_del(42, "call-1", std::nullopt))));
}

TEST_CASE("C API: recordings: bad names refused unsent; the kernel's refusals with their extack")
{
	FakeKernel k;
	Handle h(k);
	rtpnl_recording_info info{};
	CHECK(rtpnl_recording_add(h, 42, nullptr, "s", 0, nullptr) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "no call name");
	CHECK(rtpnl_recording_add(h, 42, "c", nullptr, 0, nullptr) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "no stream name");
	CHECK(rtpnl_recording_get(h, 42, "c", nullptr, &info) == -EINVAL);
	CHECK(rtpnl_recording_del(h, 42, nullptr, nullptr) == -EINVAL);
	CHECK(rtpnl_recording_add(h, 42, "a/b", "s", 0, nullptr) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "invalid call 'a/b' (a file name: not empty, '.' or '..', no '/')");
	CHECK(rtpnl_recording_add(h, 42, "c", "s", RTPNL_RECORDING_PACKETS_MAX + 1, nullptr) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "packets 4097 out of range (1..4096)");
	CHECK(rtpnl_recording_add(h, 64, "c", "s", 0, nullptr) == -EINVAL);
	CHECK(rtpnl_recording_del(h, 42, "c", "..") == -EINVAL);
	CHECK(k.sent.empty());

	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back(
			{error_msg(req, -EEXIST, extack("rtpfwd: the call has a stream of that name"))});
	};
	std::uint32_t id = 99;
	CHECK(rtpnl_recording_add(h, 42, "c", "s", 0, &id) == -EEXIST);
	CHECK(std::string(rtpnl_errmsg()) == "rtpfwd: the call has a stream of that name");
	CHECK(id == 99);
	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({error_msg(req, -ENOENT, extack("rtpfwd: no such recorded call or stream"))});
	};
	CHECK(rtpnl_recording_del(h, 42, "c", nullptr) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()) == "rtpfwd: no such recorded call or stream");
	CHECK(rtpnl_recording_get(h, 42, "c", "s", &info) == -ENOENT);
	// The kernel acknowledging RECORDING_NEW without its reply: no id to give.
	ack_everything(k);
	CHECK(rtpnl_recording_add(h, 42, "c", "s", 0, &id) == -EBADMSG);
}

TEST_CASE("C API: a rule's recording set, cleared, sent after the decrypt; read from a reply")
{
	FakeKernel k;
	Handle h(k);
	Rule rule;
	sample(rule);
	std::uint32_t id = 5;
	CHECK(rtpnl_rule_recording(rule, &id) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()) == "the rule records into no stream");
	REQUIRE(rtpnl_rule_set_recording(rule, 0) == 0);
	REQUIRE(rtpnl_rule_recording(rule, &id) == 0);
	CHECK(id == 0);
	REQUIRE(rtpnl_rule_set_recording(rule, 3) == 0);
	ack_everything(k);
	REQUIRE(rtpnl_rule_add(h, rule) == 0);
	rtpnl::Rule cxx = sample_cxx();
	cxx.recording = 3;
	CHECK(hex(Bytes(k.sent[0].begin() + 16, k.sent[0].end())) ==
	      hex(sent_body(rtpnl::encode_rule_new(cxx, rtpnl::RuleMode::add))));
	REQUIRE(rtpnl_rule_clear_recording(rule) == 0);
	CHECK(rtpnl_rule_recording(rule, &id) == -ENOENT);
	REQUIRE(rtpnl_rule_add(h, rule) == 0);
	CHECK(hex(Bytes(k.sent[1].begin() + 16, k.sent[1].end())) ==
	      hex(sent_body(rtpnl::encode_rule_new(sample_cxx(), rtpnl::RuleMode::add))));

	// The kernel's echo: RECORDING 9 while the stream exists, none after.
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	reply_with(k, concat({table_42, nest(5, {local_30018,
						 nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}),
							  nest(2, {addr4(10, 0, 0, 2), port(2)})}),
						 nla(13, le32(9))})}));
	rtpnl_rule *got = nullptr;
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	REQUIRE(rtpnl_rule_recording(got, &id) == 0);
	CHECK(id == 9);
	rtpnl_rule_free(got);
	reply_with(k, sample_reply_attrs());
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	CHECK(rtpnl_rule_recording(got, &id) == -ENOENT);
	rtpnl_rule_free(got);
}

TEST_CASE("C API: rule getters read back what was set")
{
	Rule rule;
	sample(rule);
	REQUIRE(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTP | RTPNL_RULE_F_DTLS) == 0);
	REQUIRE(rtpnl_rule_add_payload_type(rule, 8, 8000) == 0);
	REQUIRE(rtpnl_rule_add_ssrc(rule, 0x5eed) == 0);
	CHECK(rtpnl_rule_table(rule) == 42);
	rtpnl_endpoint local{};
	rtpnl_rule_local(rule, &local);
	char text[RTPNL_ENDPOINT_STRLEN];
	REQUIRE(rtpnl_endpoint_format(&local, text, sizeof text) == 0);
	CHECK(std::string(text) == "127.0.0.1:30018");
	CHECK(rtpnl_rule_mismatch(rule) == RTPNL_MISMATCH_DROP);
	CHECK(rtpnl_rule_flags(rule) == (RTPNL_RULE_F_RTP | RTPNL_RULE_F_DTLS | RTPNL_RULE_F_SSRC));
	rtpnl_output out{};
	REQUIRE(rtpnl_rule_output(rule, 0, &out) == 0);
	CHECK(out.tos == 0xb8);
	CHECK(rtpnl_rule_output(rule, 1, &out) == -ERANGE);
	std::uint8_t type = 0;
	std::uint32_t clock = 0, ssrc = 0;
	REQUIRE(rtpnl_rule_payload_type(rule, 0, &type, &clock) == 0);
	CHECK((type == 8 && clock == 8000));
	REQUIRE(rtpnl_rule_ssrc(rule, 0, &ssrc) == 0);
	CHECK(ssrc == 0x5eed);
	rtpnl_rule_stats stats{};
	CHECK(rtpnl_rule_counters(rule, &stats) == -ENODATA);
	REQUIRE(rtpnl_rule_set_expect(rule, nullptr, RTPNL_MISMATCH_IGNORE) == 0);
	CHECK(rtpnl_rule_expect(rule, &local) == -ENOENT);
}

TEST_CASE("C API: endpoints in their text form, both ways")
{
	rtpnl_endpoint e{};
	REQUIRE(rtpnl_endpoint_parse("[2001:db8::1]:5000", &e) == 0);
	CHECK(e.family == AF_INET6);
	CHECK((e.addr[0] == 0x20 && e.addr[1] == 0x01 && e.addr[15] == 1));
	CHECK(e.port == 5000);
	char text[RTPNL_ENDPOINT_STRLEN];
	REQUIRE(rtpnl_endpoint_format(&e, text, sizeof text) == 0);
	CHECK(std::string(text) == "[2001:db8::1]:5000");
	CHECK(rtpnl_endpoint_format(&e, text, 10) == -ENOSPC);
	CHECK(rtpnl_endpoint_parse("1.2.3:5", &e) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "invalid endpoint '1.2.3:5'");
}

TEST_CASE("C API: tables: ensure takes EEXIST as success, get and list decode the replies")
{
	FakeKernel k;
	Handle h(k);
	k.answer = [&k](const Bytes &req) { k.datagrams.push_back({error_msg(req, -EEXIST)}); };
	CHECK(rtpnl_table_add(h, 42) == -EEXIST);
	CHECK(rtpnl_table_ensure(h, 42) == 0);
	k.answer = [&k](const Bytes &req) { k.datagrams.push_back({error_msg(req, -ENOENT)}); };
	CHECK(rtpnl_table_ensure(h, 42) == -ENOENT);

	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({answer(req, 3, concat({table_42, nla(2, le32(5))}))});
		k.datagrams.push_back({error_msg(req, 0)});
	};
	rtpnl_table_info info{};
	REQUIRE(rtpnl_table_get(h, 42, &info) == 0);
	CHECK(info.id == 42);
	CHECK(info.present == RTPNL_TABLE_HAS_RULES);
	CHECK(info.rules == 5);

	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({concat({answer(req, 3, nla(1, le32(1)), 0x2),
					       answer(req, 3, nla(1, le32(2)), 0x2),
					       answer(req, 3, nla(1, le32(3)), 0x2)})});
		k.datagrams.push_back({done_msg(seq_of(req))});
	};
	std::vector<std::uint32_t> ids;
	auto collect = [](const rtpnl_table_info *t, void *arg) {
		auto *v = static_cast<std::vector<std::uint32_t> *>(arg);
		v->push_back(t->id);
		return v->size() == 2 ? 7 : 0;
	};
	CHECK(rtpnl_table_list(h, collect, &ids) == 7);
	CHECK(ids == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("C API: the breakdown, the age of the last packet, per output counters")
{
	FakeKernel k;
	Handle h(k);
	const Bytes counted_reply = concat(
		{table_42,
		 nest(5, {local_30018,
			  nest(5, {nest(1, {addr4(127, 0, 0, 1), port(30018)}),
				   nest(2, {addr4(127, 0, 0, 1), port(3002)}),
				   nest(5, {nla(2, u64(6)), nla(3, u64(1032)), nla(4, u64(1))})}),
			  nest(6, {nla(2, u64(139)), nla(3, u64(144004)), nla(4, u64(2)), nla(7, u64(21)),
				   nla(8, u64(22)), nla(9, u64(1)),
				   nla(10, u64(2)), nla(11, u64(3)), nla(12, u64(4)), nla(13, u64(5)),
				   nla(14, u64(6)), nla(15, u64(7)), nla(16, u64(8)), nla(17, u64(1234))})})});
	reply_with(k, counted_reply);
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	rtpnl_rule *got = nullptr;
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	rtpnl_rule_reasons reasons{};
	REQUIRE(rtpnl_rule_counters_by_reason(got, &reasons) == 0);
	CHECK((reasons.src_mismatch_dropped == 1 && reasons.not_rtp == 2 && reasons.no_route == 3 &&
	       reasons.output_failed == 4 && reasons.handed_up_stun == 5 && reasons.handed_up_dtls == 6 &&
	       reasons.handed_up_mismatch == 7 && reasons.handed_up_other == 8));
	rtpnl_rule_stats counters{};
	REQUIRE(rtpnl_rule_counters(got, &counters) == 0);
	CHECK((counters.packets == 139 && counters.srtp_auth_failed == 21 && counters.srtp_replayed == 22));
	std::uint64_t ms = 0;
	REQUIRE(rtpnl_rule_last_packet_ms(got, &ms) == 0);
	CHECK(ms == 1234);
	REQUIRE(rtpnl_rule_output_stats_count(got) == 1);
	rtpnl_output_stats out{};
	REQUIRE(rtpnl_rule_output_stats(got, 0, &out) == 0);
	CHECK((out.packets == 6 && out.bytes == 1032 && out.errors == 1));
	CHECK(rtpnl_rule_output_stats(got, 1, &out) == -ERANGE);
	rtpnl_rule_free(got);

	// A rule that never saw a packet, and one not read from the kernel.
	reply_with(k, sample_reply_attrs());
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	CHECK(rtpnl_rule_last_packet_ms(got, &ms) == -ENODATA);
	REQUIRE(rtpnl_rule_counters_by_reason(got, &reasons) == 0);
	CHECK(reasons.no_route == 0);
	CHECK(rtpnl_rule_output_stats_count(got) == 0);
	rtpnl_rule_free(got);
	rtpnl_rule *mine = rtpnl_rule_new();
	CHECK(rtpnl_rule_counters_by_reason(mine, &reasons) == -ENODATA);
	CHECK(rtpnl_rule_last_packet_ms(mine, &ms) == -ENODATA);
	rtpnl_rule_free(mine);
}

TEST_CASE("C API: rule_get and stats_get decode the kernel's reply")
{
	FakeKernel k;
	Handle h(k);
	reply_with(k, sample_reply_attrs());
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	rtpnl_rule *got = nullptr;
	REQUIRE(rtpnl_rule_get(h, 42, &local, &got) == 0);
	REQUIRE(got != nullptr);
	rtpnl_endpoint expect{};
	REQUIRE(rtpnl_rule_expect(got, &expect) == 0);
	CHECK(expect.port == 30000);
	CHECK(rtpnl_rule_mismatch(got) == RTPNL_MISMATCH_DROP);
	rtpnl_rule_stats stats{};
	REQUIRE(rtpnl_rule_counters(got, &stats) == 0);
	CHECK((stats.packets == 139 && stats.bytes == 144004 && stats.errors == 2));
	rtpnl_rule_free(got);

	rtpnl_rule_stats direct{};
	REQUIRE(rtpnl_stats_get(h, 42, &local, &direct) == 0);
	CHECK(direct.packets == 139);
	REQUIRE(k.sent.size() == 2);
	CHECK(k.sent[1][16] == 6); // RULE_GET

	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({error_msg(req, -ENOENT, extack("rtpfwd: no such rule"))});
	};
	CHECK(rtpnl_stats_get(h, 42, &local, &direct) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()) == "rtpfwd: no such rule");
	ack_everything(k);
	CHECK(rtpnl_stats_reset(h, 42, nullptr) == 0);
	CHECK(k.sent.back()[16] == 7); // STATS_RESET
}

TEST_CASE("C API: a rule dump calls back per rule; an interrupted one ends in EAGAIN")
{
	FakeKernel k;
	Handle h(k);
	int intr = 0;
	k.answer = [&](const Bytes &req) {
		k.datagrams.push_back({concat({answer(req, 6, sample_reply_attrs(), 0x2 | intr),
					       answer(req, 6, sample_reply_attrs(), 0x2)})});
		k.datagrams.push_back({done_msg(seq_of(req))});
	};
	int rules = 0;
	auto count = [](const rtpnl_rule *r, void *arg) {
		CHECK(rtpnl_rule_table(r) == 42);
		++*static_cast<int *>(arg);
		return 0;
	};
	CHECK(rtpnl_rule_dump(h, 42, count, &rules) == 0);
	CHECK(rules == 2);
	intr = 0x10; // NLM_F_DUMP_INTR
	CHECK(rtpnl_rule_dump(h, -1, count, &rules) == -EAGAIN);
	CHECK(rules == 4);
	auto stop = [](const rtpnl_rule *, void *) { return -ECANCELED; };
	CHECK(rtpnl_rule_dump(h, 42, stop, nullptr) == -ECANCELED);
	CHECK(k.datagrams.empty()); // the rest of the answer was read all the same
	CHECK(rtpnl_rule_dump(h, 64, count, &rules) == -EINVAL);
}

TEST_CASE("C API: a batch goes out in windows of one sendmsg each, every request with its result")
{
	FakeKernel k;
	Handle h(k);
	rtpnl_batch *batch = rtpnl_batch_new();
	Rule rule;
	sample(rule);
	Rule invalid;
	CHECK(rtpnl_batch_add_rule(batch, invalid, RTPNL_RULE_ADD) == -EINVAL);
	const rtpnl_endpoint local = ep("127.0.0.1:30018");
	for (int i = 0; i < 100; ++i)
		REQUIRE((i % 2 ? rtpnl_batch_del_rule(batch, 42, &local)
			       : rtpnl_batch_add_rule(batch, rule, RTPNL_RULE_REPLACE)) == 0);
	CHECK(rtpnl_batch_size(batch) == 100);
	k.answer = [&](const Bytes &req) {
		const bool refuse = k.sent.size() == 3;
		k.datagrams.push_back(
			{refuse ? error_msg(req, -ENOENT, extack("rtpfwd: no such rule")) : error_msg(req, 0)});
	};
	std::size_t failed = 99;
	CHECK(rtpnl_batch_send(h, batch, &failed) == 0);
	CHECK(failed == 1);
	CHECK(k.sent.size() == 100);
	CHECK(k.sendmsgs.size() == 2); // 64 + 36: the fake's window
	CHECK(k.sent[0][16] == 4);
	CHECK(k.sent[1][16] == 5);
	for (std::size_t i = 0; i < 100; ++i)
		CHECK(rtpnl_batch_result(batch, i) == (i == 2 ? -ENOENT : 0));
	CHECK(std::string(rtpnl_batch_message(batch, 2)) == "rtpfwd: no such rule");
	CHECK(std::string(rtpnl_batch_message(batch, 3)).empty());
	CHECK(rtpnl_batch_result(batch, 100) == -ERANGE);

	// The socket fails before the second window's answer came: its requests
	// are ECANCELED.
	k.sent.clear();
	k.sendmsgs.clear();
	k.answer = [&](const Bytes &req) {
		if (k.sendmsgs.size() == 1)
			k.datagrams.push_back({error_msg(req, 0)});
	};
	k.recv_errno = EIO;
	CHECK(rtpnl_batch_send(h, batch, &failed) == -EIO);
	CHECK(rtpnl_batch_result(batch, 63) == 0);
	CHECK(rtpnl_batch_result(batch, 64) == -ECANCELED);
	CHECK(rtpnl_batch_result(batch, 99) == -ECANCELED);
	CHECK(failed == 36);

	// An NLMSG_OVERRUN ends the exchange too: no ack comes after it, and no
	// request of its window is taken for a success.
	k.sent.clear();
	k.sendmsgs.clear();
	k.answer = [&](const Bytes &req) {
		if (k.sent.size() == 64)
			k.datagrams.push_back({error_msg(req, 0)});
		if (k.sent.size() == 65)
			k.datagrams.push_back({nlmsg(4, 0, seq_of(req), {})});
	};
	CHECK(rtpnl_batch_send(h, batch, &failed) == -EOVERFLOW);
	CHECK(rtpnl_batch_result(batch, 0) == 0);
	CHECK(rtpnl_batch_result(batch, 64) == -ECANCELED);
	CHECK(std::string(rtpnl_batch_message(batch, 64)).find("may have been applied") != std::string::npos);
	CHECK(rtpnl_errmsg() == std::string("netlink receive buffer overrun: acks of the batch were lost, so "
					    "requests without an answer may or may not have been applied; "
					    "re-read the kernel's state"));
	rtpnl_batch_free(batch);
}

TEST_CASE("C API: rtpnl_process delivers every waiting event, then returns 0")
{
	FakeKernel k;
	Handle h(k, true);
	std::vector<rtpnl_event> events;
	h.h->on_event = [](const rtpnl_event *ev, void *arg) {
		static_cast<std::vector<rtpnl_event> *>(arg)->push_back(*ev);
	};
	h.h->event_arg = &events;
	k.datagrams.push_back({concat({nlmsg(0x1c, 0, 0, concat({bytes({1, 1, 0, 0}), table_42})),
				       nlmsg(0x1c, 0x100, 0, concat({bytes({4, 1, 0, 0}), table_42,
									    nest(5, {local_30018})}))})});
	k.datagrams.push_back({nlmsg(0x1c, 0, 0, concat({bytes({5, 1, 0, 0}), table_42, nest(5, {local_30018})}))});
	REQUIRE(rtpnl_process(h) == 0);
	REQUIRE(events.size() == 3);
	CHECK(events[0].type == RTPNL_EVENT_TABLE_NEW);
	CHECK(events[0].table == 42);
	CHECK(events[1].type == RTPNL_EVENT_RULE_REPLACE);
	CHECK(events[1].local.port == 30018);
	CHECK(events[2].type == RTPNL_EVENT_RULE_DEL);
	CHECK(rtpnl_process(h) == 0); // nothing waiting

	k.recv_errno = ENOBUFS;
	CHECK(rtpnl_process(h) == -ENOBUFS);
	CHECK(rtpnl_subscribe(h, [](const rtpnl_event *, void *) {}, nullptr) == -EALREADY);

	FakeKernel k2;
	Handle plain(k2);
	CHECK(rtpnl_fd(plain) == -ENOTCONN);
	CHECK(rtpnl_process(plain) == -ENOTCONN);
}

TEST_CASE("C API: an exception thrown by a callback stops at the C boundary")
{
	FakeKernel k;
	Handle h(k);
	k.answer = [&k](const Bytes &req) {
		k.datagrams.push_back({answer(req, 3, table_42, 0x2)});
		k.datagrams.push_back({done_msg(seq_of(req))});
	};
	auto thrower = [](const rtpnl_table_info *, void *) -> int { throw std::runtime_error("boom"); };
	CHECK(rtpnl_table_list(h, thrower, nullptr) == -EIO);
	CHECK(std::string(rtpnl_errmsg()) == "boom");
}

TEST_CASE("C API: a namespace that is none is refused before any socket is made")
{
	rtpnl_handle *h = reinterpret_cast<rtpnl_handle *>(1);
	CHECK(rtpnl_open_netns(&h, -1) == -EBADF);
	CHECK(h == nullptr);
	const int not_a_netns = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
	REQUIRE(not_a_netns >= 0);
	CHECK(rtpnl_open_netns(&h, not_a_netns) == -EINVAL);
	CHECK(std::string(rtpnl_errmsg()) == "the file descriptor is not a network namespace");
	::close(not_a_netns);
	CHECK(rtpnl_open_pid(&h, -5) == -ENOENT);
	CHECK(std::string(rtpnl_errmsg()).starts_with("cannot open /proc/-5/ns/net: "));
	CHECK(h == nullptr);
}

TEST_CASE("Client::rule_batch: a rule that cannot be encoded gets its EINVAL unsent, the others their acks")
{
	FakeKernel k;
	ack_everything(k);
	auto client = rtpnl::Client::adopt(std::make_unique<rtpnl::GenlSocket>(fake_socket(k)));
	const std::vector<rtpnl::RuleRequest> requests{{sample_cxx(), rtpnl::RuleMode::add},
						       {rtpnl::Rule{}, rtpnl::RuleMode::add}, // no local, no output
						       {sample_cxx(), std::nullopt}};
	std::vector<rtpnl::Result<void>> results;
	rtpnl::RuleApi &api = client; // as the CLI calls it
	REQUIRE(api.rule_batch(requests, results).ok());
	CHECK(k.sendmsgs.size() == 1);
	REQUIRE(results.size() == 3);
	CHECK(results[0].ok());
	REQUIRE_FALSE(results[1].ok());
	CHECK(results[1].error().errnum == EINVAL);
	CHECK(results[2].ok());
	REQUIRE(k.sent.size() == 2);
	CHECK(k.sent[0][16] == 4); // RULE_NEW
	CHECK(k.sent[1][16] == 5); // RULE_DEL
}
