// SPDX-License-Identifier: LGPL-2.1-or-later
// Rule requests and replies of the "rtpengine" family, as golden bytes, and
// the rejection of malformed replies.
#include "bytes.hpp"
#include "genl_bytes.hpp"

#include "rule_codec.hpp"

#include <linux/rtpfwd.h>

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

using namespace rtpnl;

namespace {

// RTPFWD_RULE_A_LOCAL { ADDR4 127.0.0.1, PORT 30018 }, by hand.
const Bytes local_30018 = bytes({
	0x14, 0x00, 0x02, 0x80,				// LOCAL, nested, 20 bytes
	0x08, 0x00, 0x01, 0x00, 0x7f, 0x00, 0x00, 0x01, // ADDR4 127.0.0.1
	0x06, 0x00, 0x03, 0x00, 0x42, 0x75, 0x00, 0x00, // PORT 30018 (0x7542), padded
});
const Bytes table_42 = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});

Endpoint ep(std::string_view text) { return *parse_endpoint(text); }

Rule sample_rule()
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.expect = ep("127.0.0.1:30000");
	r.mismatch = Mismatch::drop;
	r.outputs.push_back({ep("127.0.0.1:30018"), ep("127.0.0.1:3002"), 0xb8});
	return r;
}

// The reply the kernel would send for sample_rule(), with statistics.
Bytes sample_reply_attrs()
{
	return concat({
		table_42,
		nest(5, {
			local_30018,
			nest(3, {addr4(127, 0, 0, 1), port(30000)}),
			nla(4, bytes({1})), // MISMATCH drop
			nest(5, {nest(1, {addr4(127, 0, 0, 1), port(30018)}),
				 nest(2, {addr4(127, 0, 0, 1), port(3002)}), nla(3, bytes({0xb8}))}),
			nest(6, {nla(1, {}), // STATS_A_PAD, then the 64-bit counters
				 nla(2, u64(139)), nla(3, u64(144004)), nla(4, u64(0))}),
		}),
	});
}

// Table 42, local 127.0.0.1:30018, rtp, one output without tos.
Rule flags_rule()
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.outputs = {{ep("127.0.0.1:1"), ep("127.0.0.1:2"), std::nullopt}};
	r.rtp = true;
	return r;
}

std::string decode_error(const Bytes &attrs)
{
	auto r = decode_rule(reply(6, attrs));
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EBADMSG);
	return r.error().text();
}

// A reply whose RULE nest holds `children` (table 42).
Bytes rule_reply(std::initializer_list<Bytes> children) { return concat({table_42, nest(5, children)}); }

const Bytes one_output = nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)})});

} // namespace

TEST_CASE("RULE_NEW: every attribute as golden bytes, add flags")
{
	auto req = encode_rule_new(sample_rule(), RuleMode::add);
	REQUIRE(req.ok());
	CHECK(cmd_of(*req) == 4);
	CHECK_FALSE(req->dump);
	CHECK(flags_of(*req) == 0x600); // NLM_F_CREATE | NLM_F_EXCL
	const Bytes golden = concat({
		table_42,
		bytes({0x68, 0x00, 0x05, 0x80}), // RTPFWD_A_RULE, nested, 104 bytes
		local_30018,
		bytes({0x14, 0x00, 0x03, 0x80,				// EXPECT, 20 bytes
		       0x08, 0x00, 0x01, 0x00, 0x7f, 0x00, 0x00, 0x01,	// ADDR4
		       0x06, 0x00, 0x03, 0x00, 0x30, 0x75, 0x00, 0x00}), // PORT 30000
		bytes({0x05, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00}), // MISMATCH 1 (drop)
		bytes({0x34, 0x00, 0x05, 0x80,				// OUTPUT, 52 bytes
		       0x14, 0x00, 0x01, 0x80,				// SRC
		       0x08, 0x00, 0x01, 0x00, 0x7f, 0x00, 0x00, 0x01,
		       0x06, 0x00, 0x03, 0x00, 0x42, 0x75, 0x00, 0x00,	// 30018
		       0x14, 0x00, 0x02, 0x80,				// DST
		       0x08, 0x00, 0x01, 0x00, 0x7f, 0x00, 0x00, 0x01,
		       0x06, 0x00, 0x03, 0x00, 0xba, 0x0b, 0x00, 0x00,	// 3002
		       0x05, 0x00, 0x03, 0x00, 0xb8, 0x00, 0x00, 0x00}), // TOS 0xb8
	});
	CHECK(hex(attrs_of(*req)) == hex(golden));
}

TEST_CASE("RULE_NEW: minimal rule sends MISMATCH ignore and no EXPECT / TOS")
{
	Rule r;
	r.table = 0;
	r.local = ep("127.0.0.1:30018");
	r.outputs.push_back({ep("10.0.0.1:1"), ep("10.0.0.2:2"), std::nullopt});
	r.stats = RuleStats{5, 6, 7}; // never sent
	auto req = encode_rule_new(r, RuleMode::replace);
	REQUIRE(req.ok());
	CHECK(flags_of(*req) == 0x500); // NLM_F_CREATE | NLM_F_REPLACE
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({bytes({0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00}),
			  bytes({0x4c, 0x00, 0x05, 0x80}), // RULE, 76 bytes
			  local_30018,
			  bytes({0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00}), // MISMATCH 0
			  bytes({0x2c, 0x00, 0x05, 0x80,			    // OUTPUT, 44 bytes
				 0x14, 0x00, 0x01, 0x80, 0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x01,
				 0x06, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
				 0x14, 0x00, 0x02, 0x80, 0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x02,
				 0x06, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00})})));
}

TEST_CASE("RULE_NEW: IPv6 endpoints carry ADDR6, outputs keep their order")
{
	Rule r;
	r.table = 1;
	r.local = ep("[2001:db8::1]:5000");
	r.outputs.push_back({ep("[::1]:1"), ep("[::2]:2"), std::nullopt});
	r.outputs.push_back({ep("10.0.0.1:3"), ep("10.0.0.2:4"), 0});
	auto req = encode_rule_new(r, RuleMode::change);
	REQUIRE(req.ok());
	CHECK(flags_of(*req) == 0x100); // NLM_F_REPLACE only
	const Bytes local6 = bytes({
		0x20, 0x00, 0x02, 0x80, // LOCAL, 32 bytes
		0x14, 0x00, 0x02, 0x00, // ADDR6, 16 bytes
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0x06, 0x00, 0x03, 0x00, 0x88, 0x13, 0x00, 0x00, // PORT 5000
	});
	// TABLE_ID (8) + RULE header (4) + LOCAL (32) + MISMATCH (8)...
	const Bytes attrs = attrs_of(*req);
	REQUIRE(attrs.size() > 52);
	CHECK(hex(std::span(attrs).subspan(12, 32)) == hex(local6));
	// ...then the IPv6 output (4 + 2 * 32) before the IPv4 one with TOS 0.
	CHECK(hex(std::span(attrs).subspan(52, 4)) == "44 00 05 80");
	CHECK(hex(std::span(attrs).subspan(56, 8)) == "20 00 01 80 14 00 02 00");
	CHECK(hex(std::span(attrs).subspan(120, 4)) == "34 00 05 80");
	CHECK(hex(std::span(attrs).subspan(164, 8)) == "05 00 03 00 00 00 00 00");
	CHECK(attrs.size() == 172);
}

TEST_CASE("RULE_NEW refuses what the kernel would refuse, before sending")
{
	Rule r = sample_rule();
	r.outputs.assign(32, r.outputs[0]);
	CHECK(encode_rule_new(r, RuleMode::add).ok());
	r.outputs.push_back(r.outputs[0]);
	auto too_many = encode_rule_new(r, RuleMode::add);
	REQUIRE_FALSE(too_many.ok());
	CHECK(too_many.error().errnum == EINVAL);
	CHECK(too_many.error().text() == "at most 32 outputs");
	r.outputs.clear();
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "a rule needs at least one output");
}

TEST_CASE("RULE_DEL / RULE_GET carry TABLE_ID + RULE { LOCAL }")
{
	const Bytes key = concat({table_42, bytes({0x18, 0x00, 0x05, 0x80}), local_30018});
	auto del = encode_rule_del(42, ep("127.0.0.1:30018"));
	REQUIRE(del.ok());
	CHECK(cmd_of(*del) == 5);
	CHECK_FALSE(del->dump);
	CHECK(flags_of(*del) == 0);
	CHECK(hex(attrs_of(*del)) == hex(key));
	auto get = encode_rule_get(42, ep("127.0.0.1:30018"));
	REQUIRE(get.ok());
	CHECK(cmd_of(*get) == 6);
	CHECK_FALSE(get->dump);
	CHECK(hex(attrs_of(*get)) == hex(key));
}

TEST_CASE("STATS_RESET: TABLE_ID + RULE { LOCAL } for a rule, TABLE_ID for a table")
{
	const Bytes key = concat({table_42, bytes({0x18, 0x00, 0x05, 0x80}), local_30018});
	auto one = encode_stats_reset(42, ep("127.0.0.1:30018"));
	REQUIRE(one.ok());
	CHECK(cmd_of(*one) == 7);
	CHECK_FALSE(one->dump);
	CHECK(flags_of(*one) == 0);
	CHECK(hex(attrs_of(*one)) == hex(key));
	auto all = encode_stats_reset(42, std::nullopt);
	REQUIRE(all.ok());
	CHECK(cmd_of(*all) == 7);
	CHECK_FALSE(all->dump);
	CHECK(hex(attrs_of(*all)) == hex(table_42));
}

TEST_CASE("rule dumps: RULE_GET with NLM_F_DUMP, TABLE_ID only when filtering")
{
	auto all = encode_rule_dump(std::nullopt);
	REQUIRE(all.ok());
	CHECK(cmd_of(*all) == 6);
	CHECK(all->dump);
	CHECK(attrs_of(*all).empty());
	auto one = encode_rule_dump(7);
	REQUIRE(one.ok());
	CHECK(cmd_of(*one) == 6);
	CHECK(one->dump);
	CHECK(hex(attrs_of(*one)) == "08 00 01 00 07 00 00 00");
}

TEST_CASE("rule_mode_flags")
{
	CHECK(rule_mode_flags(RuleMode::add) == 0x600);
	CHECK(rule_mode_flags(RuleMode::replace) == 0x500);
	CHECK(rule_mode_flags(RuleMode::change) == 0x100);
}

TEST_CASE("decode a rule reply with statistics, built by hand")
{
	auto r = decode_rule(reply(6, sample_reply_attrs()));
	REQUIRE(r.ok());
	Rule want = sample_rule();
	want.stats = RuleStats{139, 144004, 0};
	CHECK(*r == want);
	CHECK(r->stats->bytes == 144004);
	CHECK(r->outputs.at(0).tos == std::uint8_t{0xb8});
}

TEST_CASE("a full rule reply decodes through genl_message + codec")
{
	const Bytes attrs = sample_reply_attrs();
	const int len = 20 + static_cast<int>(attrs.size());
	const Bytes datagram = concat({
		bytes({len, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, // family, NLM_F_MULTI
		       0x05, 0x00, 0x00, 0x00, 0xd2, 0x04, 0x00, 0x00, 0x06, 0x01, 0x00, 0x00}),
		attrs,
	});
	auto msg = received(datagram);
	auto g = genl_message(nlmsg_hdr(msg.get()));
	REQUIRE(g.ok());
	auto r = decode_rule(*g);
	REQUIRE(r.ok());
	CHECK(r->table == 42);
	CHECK(format_endpoint(r->local) == "127.0.0.1:30018");
}

// The largest request: 32 outputs, 32 payload types, 4 SSRCs, IPv6 (about
// 3.2 KB, within libnl's default message size).
TEST_CASE("what encode_rule_new writes, decode_rule reads back")
{
	Rule r;
	r.table = 63;
	r.local = ep("[2001:db8::5]:65535");
	r.expect = ep("[2001:db8::6]:1");
	r.mismatch = Mismatch::pass;
	for (std::size_t i = 0; i < rule_outputs_max; ++i)
		r.outputs.push_back({ep("10.0.0.1:" + std::to_string(1000 + i)), ep("[::1]:" + std::to_string(2000 + i)),
				     std::nullopt});
	r.outputs[0].dst = ep("10.9.9.9:9"); // keep src/dst families equal
	r.outputs[7].tos = 46;
	for (std::size_t i = 1; i < rule_outputs_max; ++i)
		r.outputs[i].src = ep("[::2]:" + std::to_string(1000 + i));
	r.rtp = true;
	for (std::size_t i = 0; i < rule_payload_types_max; ++i)
		r.payload_types.push_back({static_cast<std::uint8_t>(i), 8000});
	r.expect_ssrcs = std::vector<std::uint32_t>{1, 2, 3, 4};
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	auto back = decode_rule(reply(4, attrs_of(*req))); // RULE_NEW, as in a notification
	REQUIRE(back.ok());
	CHECK(*back == r);
}

TEST_CASE("absent optional attributes: no expect, mismatch ignore, no tos, no stats")
{
	auto r = decode_rule(reply(6, rule_reply({local_30018, one_output})));
	REQUIRE(r.ok());
	CHECK_FALSE(r->expect.has_value());
	CHECK(r->mismatch == Mismatch::ignore);
	CHECK_FALSE(r->outputs.at(0).tos.has_value());
	CHECK_FALSE(r->stats.has_value());
	// Unknown attributes (a newer kernel's) are skipped at every level.
	auto newer = decode_rule(reply(6, concat({rule_reply({local_30018, one_output, nla(30, bytes({1}))}),
						  nla(99, bytes({1, 2, 3, 4}))})));
	REQUIRE(newer.ok());
	CHECK(newer->outputs.size() == 1);
}

TEST_CASE("malformed rule replies are rejected")
{
	const Bytes good_stats = nest(6, {nla(2, u64(1)), nla(3, u64(2)), nla(4, u64(3))});
	CHECK(decode_error(rule_reply({one_output})) == "malformed rule reply: no LOCAL endpoint");
	CHECK(decode_error(nest(5, {local_30018, one_output})) ==
	      "malformed rule reply: no RTPFWD_A_TABLE_ID");
	CHECK(decode_error(table_42) == "malformed rule reply: no RTPFWD_A_RULE");
	CHECK(decode_error(rule_reply({local_30018})) == "malformed rule reply: no OUTPUT");
	CHECK(decode_error(rule_reply({nest(2, {addr4(1, 2, 3, 4), nla(2, Bytes(16, 0)), port(5)}), one_output})) ==
	      "malformed rule reply: local has both ADDR4 and ADDR6");
	CHECK(decode_error(rule_reply({nest(2, {port(5)}), one_output})) ==
	      "malformed rule reply: local has no address");
	CHECK(decode_error(rule_reply({nest(2, {nla(1, bytes({1, 2, 3, 4, 5})), port(5)}), one_output})) ==
	      "malformed rule reply: local ADDR4 has 5 bytes, expected 4");
	CHECK(decode_error(rule_reply({nest(2, {nla(2, bytes({1, 2, 3, 4})), port(5)}), one_output})) ==
	      "malformed rule reply: local ADDR6 has 4 bytes, expected 16");
	CHECK(decode_error(rule_reply({nest(2, {addr4(1, 2, 3, 4)}), one_output})) ==
	      "malformed rule reply: local has no PORT");
	CHECK(decode_error(rule_reply({nest(2, {addr4(1, 2, 3, 4), port(0)}), one_output})) ==
	      "malformed rule reply: local has port 0");
	CHECK(decode_error(rule_reply({nest(2, {addr4(1, 2, 3, 4), nla(3, bytes({5, 0, 0, 0}))}), one_output}))
		      .starts_with("malformed rule reply: local PORT: "));
	CHECK(decode_error(rule_reply({local_30018, nest(3, {addr4(1, 2, 3, 4)}), one_output})) ==
	      "malformed rule reply: expect has no PORT");
	CHECK(decode_error(rule_reply({local_30018, nla(4, bytes({3})), one_output})) ==
	      "malformed rule reply: unknown MISMATCH value 3");
	CHECK(decode_error(rule_reply({local_30018, nla(4, bytes({1, 0})), one_output}))
		      .starts_with("malformed rule reply: MISMATCH: "));
	CHECK(decode_error(rule_reply({local_30018, nest(5, {nest(1, {addr4(1, 1, 1, 1), port(1)})})})) ==
	      "malformed rule reply: output 1 has no DST");
	CHECK(decode_error(rule_reply({local_30018, one_output, nest(5, {nest(2, {addr4(1, 1, 1, 1), port(1)})})})) ==
	      "malformed rule reply: output 2 has no SRC");
	CHECK(decode_error(rule_reply({local_30018,
				       nest(5, {nest(1, {addr4(1, 1, 1, 1), port(1)}),
						nest(2, {addr4(1, 1, 1, 2), port(0)})})})) ==
	      "malformed rule reply: output 1 dst has port 0");
	CHECK(decode_error(rule_reply({local_30018,
				       nest(5, {nest(1, {addr4(1, 1, 1, 1), port(1)}),
						nest(2, {addr4(1, 1, 1, 2), port(2)}), nla(3, bytes({1, 0}))})}))
		      .starts_with("malformed rule reply: output 1 TOS: "));
	CHECK(decode_error(rule_reply({local_30018, one_output, nest(6, {nla(2, u64(1)), nla(3, u64(2))})})) ==
	      "malformed rule reply: stats without ERRORS");
	CHECK(decode_error(rule_reply({local_30018, one_output,
				       nest(6, {nla(2, bytes({1, 0, 0, 0})), nla(3, u64(2)), nla(4, u64(3))})}))
		      .starts_with("malformed rule reply: stats PACKETS: "));
	CHECK(decode_rule(reply(6, rule_reply({local_30018, one_output, good_stats}))).ok());
}

TEST_CASE("truncated and mis-sized framing inside a rule is rejected")
{
	// LOCAL claims 24 bytes: it swallows OUTPUT's header, whose length then
	// overflows LOCAL.
	Bytes cut = rule_reply({local_30018, one_output});
	cut[12] = 0x18;
	auto r = decode_rule(reply(6, cut));
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EBADMSG);
	// A table id of 2 bytes.
	CHECK_FALSE(decode_rule(reply(6, concat({nla(1, bytes({1, 0})), nest(5, {local_30018, one_output})}))).ok());
	// Truncated in the middle of an attribute header.
	const Bytes whole = rule_reply({local_30018, one_output});
	for (std::size_t len = 0; len < whole.size(); ++len) {
		const Bytes part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(len));
		CHECK_FALSE(decode_rule(reply(6, part)).ok());
	}
	// A reply to another command.
	CHECK(decode_rule(reply(3, whole)).error().text() == "unexpected reply command 3");
}

namespace {

Bytes u32(std::uint32_t v) { return bytes({int(v & 0xff), int((v >> 8) & 0xff), int((v >> 16) & 0xff), int(v >> 24)}); }

// Why encode_rule_new() refuses `bad` (EINVAL) before anything is sent.
std::string refused(const Rule &bad)
{
	auto e = encode_rule_new(bad, RuleMode::add);
	REQUIRE_FALSE(e.ok());
	CHECK(e.error().errnum == EINVAL);
	return e.error().text();
}

// A rule without outputs (`r`: a blackhole or a hand-up rule, `kind` in
// errors) given, one at a time, what it cannot have: each refused.
void check_no_outputs_refusals(const Rule &r, const std::string &kind)
{
	Rule out = r, rtp = r, rtcp = r, pts = r, ssrcs = r, decrypt = r, auth = r;
	out.outputs = flags_rule().outputs;
	rtp.rtp = true;
	rtcp.rtcp = true;
	pts.payload_types = {{8, 8000}};
	ssrcs.expect_ssrcs.emplace();
	decrypt.decrypt.emplace();
	auth.srtp_auth_drop = true;
	const std::string a = "a " + kind + " rule cannot have ";
	CHECK(refused(out) == a + "outputs");
	CHECK(refused(rtp) == a + "rtp");
	CHECK(refused(rtcp) == a + "rtcp");
	CHECK(refused(pts) == a + "payload types");
	CHECK(refused(ssrcs) == a + "expected SSRCs");
	CHECK(refused(decrypt) == a + "decrypt");
	CHECK(refused(auth) == a + "auth-fail drop");
}

// The reply of an RTP rule whose one output (10.0.0.1:1 to 10.0.0.2:2)
// ends with `extra` (its SSRC_MAP, PT_REPLACE, ... nests).
Bytes rtp_output_reply(std::initializer_list<Bytes> extra)
{
	Bytes out = concat({nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)})});
	for (const Bytes &e : extra)
		out = concat({out, e});
	return rule_reply({local_30018, nla(5 | 0x8000, out), nla(7, u32(RTPFWD_RULE_F_RTP))});
}

Rule rtp_rule()
{
	Rule r;
	r.table = 0;
	r.local = ep("127.0.0.1:30018");
	r.outputs.push_back({ep("10.0.0.1:1"), ep("10.0.0.2:2"), std::nullopt});
	r.rtp = true;
	r.payload_types = {{0, 8000}, {8, std::nullopt}};
	return r;
}

} // namespace

TEST_CASE("RULE_NEW: rtp sends FLAGS and PAYLOAD_TYPE nests after the outputs")
{
	auto req = encode_rule_new(rtp_rule(), RuleMode::add);
	REQUIRE(req.ok());
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({bytes({0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00}),
			  bytes({0x74, 0x00, 0x05, 0x80}), // RULE, 116 bytes
			  local_30018,
			  bytes({0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00}), // MISMATCH 0
			  bytes({0x2c, 0x00, 0x05, 0x80,			    // OUTPUT, 44 bytes
				 0x14, 0x00, 0x01, 0x80, 0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x01,
				 0x06, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
				 0x14, 0x00, 0x02, 0x80, 0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x00, 0x02,
				 0x06, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00}),
			  bytes({0x08, 0x00, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00}), // FLAGS RTP
			  bytes({0x14, 0x00, 0x08, 0x80,			    // PAYLOAD_TYPE, 20 bytes
				 0x05, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,   // TYPE 0
				 0x08, 0x00, 0x03, 0x00, 0x40, 0x1f, 0x00, 0x00}), // CLOCK_RATE 8000
			  bytes({0x0c, 0x00, 0x08, 0x80,			    // PAYLOAD_TYPE, 12 bytes
				 0x05, 0x00, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00})}))); // TYPE 8
	// rtp without payload types: FLAGS alone; no rtp: no FLAGS at all.
	Rule any = rtp_rule();
	any.payload_types.clear();
	auto r2 = encode_rule_new(any, RuleMode::add);
	REQUIRE(r2.ok());
	const Bytes a2 = attrs_of(*r2);
	CHECK(hex(std::span(a2).subspan(a2.size() - 8)) == "08 00 07 00 01 00 00 00");
	any.rtp = false;
	CHECK(attrs_of(*encode_rule_new(any, RuleMode::add)).size() == a2.size() - 8);
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == rtp_rule());
}

TEST_CASE("RULE_NEW refuses bad payload types")
{
	Rule r = rtp_rule();
	r.rtp = false;
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "payload types need rtp");
	r = rtp_rule();
	r.payload_types[1].type = 128;
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "payload type 128 out of range (0..127)");
	r = rtp_rule();
	r.payload_types[0].clock_rate = 0;
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "payload type 0: clock rate must be > 0");
	r = rtp_rule();
	r.payload_types[1].type = 0;
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "duplicate payload type 0");
	r = rtp_rule();
	r.payload_types.clear();
	for (int i = 0; i < 33; ++i)
		r.payload_types.push_back({static_cast<std::uint8_t>(i), std::nullopt});
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "at most 32 payload types");
}

TEST_CASE("decode an RTP rule reply with per payload type and per SSRC stats")
{
	const Bytes attrs = rule_reply({
		local_30018, one_output,
		nest(6, {nla(1, {}), nla(2, u64(100)), nla(3, u64(17200)), nla(4, u64(0))}),
		nla(7, u32(1)), // FLAGS RTP
		nest(8, {nla(2, bytes({0})), nla(3, u32(8000))}),
		nest(9, {nla(2, bytes({0})), nla(1, {}), nla(4, u64(95)), nla(5, u64(16340))}),
		nest(10, {nla(2, u32(0x5eed5eed)), nla(1, {}), nla(3, u64(95)), nla(4, u64(16340)),
			  nla(5, u32(99)), nla(6, u32(5)), nla(7, u32(158))}),
	});
	auto r = decode_rule(reply(6, attrs));
	REQUIRE(r.ok());
	CHECK(r->rtp);
	REQUIRE(r->payload_types.size() == 1);
	CHECK(r->payload_types[0] == PayloadType{0, 8000});
	REQUIRE(r->stats.has_value());
	CHECK(r->stats->packets == 100);
	REQUIRE(r->stats->payload_types.size() == 1);
	CHECK(r->stats->payload_types[0] == PtStats{0, 95, 16340});
	REQUIRE(r->stats->ssrcs.size() == 1);
	CHECK(r->stats->ssrcs[0] == SsrcStats{0x5eed5eed, 95, 16340, 99, 5, 158});
	// Unknown flag bits are ignored; FLAGS 0 is no rtp.
	auto plain = decode_rule(reply(6, rule_reply({local_30018, one_output, nla(7, u32(2))})));
	REQUIRE(plain.ok());
	CHECK_FALSE(plain->rtp);
}

TEST_CASE("malformed RTP attributes are rejected")
{
	const Bytes st = nest(6, {nla(2, u64(1)), nla(3, u64(2)), nla(4, u64(3))});
	CHECK(decode_error(rule_reply({local_30018, one_output, nla(7, bytes({1}))}))
		      .starts_with("malformed rule reply: FLAGS: "));
	CHECK(decode_error(rule_reply({local_30018, one_output, nest(8, {nla(3, u32(8000))})})) ==
	      "malformed rule reply: payload type 1 without TYPE");
	CHECK(decode_error(rule_reply({local_30018, one_output, nest(8, {nla(2, bytes({200}))})})) ==
	      "malformed rule reply: payload type 1 TYPE 200 out of range");
	CHECK(decode_error(rule_reply({local_30018, one_output, st, nest(9, {nla(2, bytes({0})), nla(4, u64(1))})})) ==
	      "malformed rule reply: payload type stats 1 without BYTES");
	CHECK(decode_error(rule_reply({local_30018, one_output, st,
				       nest(10, {nla(2, u32(1)), nla(3, u64(1)), nla(4, u64(1)), nla(5, u32(1)),
						 nla(6, u32(1))})})) ==
	      "malformed rule reply: ssrc stats 1 without JITTER");
}

TEST_CASE("rule notify events: RULE_NEW created / replaced by flags, RULE_DEL")
{
	const Bytes key = concat({table_42, bytes({0x18, 0x00, 0x05, 0x80}), local_30018});
	const auto event = [&](std::uint8_t cmd, std::uint16_t flags) {
		return decode_rule_event(reply(cmd, key, flags));
	};
	const Endpoint local = ep("127.0.0.1:30018");
	auto created = event(4, 0x400);
	REQUIRE(created.ok());
	CHECK(*created == RuleEvent{RuleEvent::Kind::rule_new, 42, local});
	auto replaced = event(4, 0x100);
	REQUIRE(replaced.ok());
	CHECK(*replaced == RuleEvent{RuleEvent::Kind::rule_replace, 42, local});
	auto deleted = event(5, 0);
	REQUIRE(deleted.ok());
	CHECK(*deleted == RuleEvent{RuleEvent::Kind::rule_del, 42, local});

	auto table_event = decode_rule_event(reply(1, table_42));
	REQUIRE_FALSE(table_event.ok());
	CHECK(table_event.error().errnum == ENOTSUP);
	auto no_local = decode_rule_event(reply(5, table_42));
	REQUIRE_FALSE(no_local.ok());
	CHECK(no_local.error().errnum == EBADMSG);
}

TEST_CASE("flags STUN / DTLS / SSRC / RTCP and expected SSRCs: encoded, decoded back")
{
	Rule r = flags_rule();
	r.stun = true;
	r.expect_ssrcs = std::vector<std::uint32_t>{0x5eed5eed};
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	// FLAGS = RTP | STUN | SSRC, then SSRC 0x5eed5eed (host order u32)
	CHECK(hex(attrs_of(*req)).find("08 00 07 00 0b 00 00 00 08 00 0b 00 ed 5e ed 5e") != std::string::npos);
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);

	r.rtp = false;
	auto no_rtp = encode_rule_new(r, RuleMode::add);
	REQUIRE_FALSE(no_rtp.ok());
	CHECK(no_rtp.error().text() == "expected SSRCs need rtp");
	r.rtp = true;
	r.expect_ssrcs = std::vector<std::uint32_t>{1, 2, 3, 4, 5};
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "at most 4 expected SSRCs");
	r.expect_ssrcs = std::vector<std::uint32_t>{1, 1};
	CHECK(encode_rule_new(r, RuleMode::add).error().text() == "duplicate expected SSRC");

	// RTCP (rtcp-mux with RTP): FLAGS = RTP | RTCP
	r.expect_ssrcs.reset();
	r.stun = false;
	r.rtcp = true;
	req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	CHECK(hex(attrs_of(*req)).find("08 00 07 00 11 00 00 00") != std::string::npos);
	back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);
}

TEST_CASE("flag SRTP_AUTH_DROP: encoded with a decrypt, decoded back, refused without")
{
	Rule r = flags_rule();
	r.srtp_auth_drop = true;
	auto no_decrypt = encode_rule_new(r, RuleMode::add);
	REQUIRE_FALSE(no_decrypt.ok());
	CHECK(no_decrypt.error().errnum == EINVAL);
	CHECK(no_decrypt.error().text() == "auth-fail drop needs decrypt");

	r.decrypt.emplace();
	REQUIRE(r.decrypt->master_key.assign(Bytes(16, 0xa0)).ok());
	REQUIRE(r.decrypt->master_salt.assign(Bytes(14, 0xb0)).ok());
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	// FLAGS = RTP | SRTP_AUTH_DROP
	static_assert(RTPFWD_RULE_F_SRTP_AUTH_DROP == 0x20);
	CHECK(hex(attrs_of(*req)).find("08 00 07 00 21 00 00 00") != std::string::npos);
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(back->srtp_auth_drop);
	CHECK(back->rtp);

	// Clear (pass, the default): FLAGS = RTP alone, decoded clear.
	r.srtp_auth_drop = false;
	req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	CHECK(hex(attrs_of(*req)).find("08 00 07 00 01 00 00 00") != std::string::npos);
	back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK_FALSE(back->srtp_auth_drop);
}

TEST_CASE("flag BLACKHOLE: no outputs, golden bytes, decoded back; refused with what it cannot have")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.stun = true;
	r.blackhole = true;
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	static_assert(RTPFWD_RULE_F_BLACKHOLE == 0x40);
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({table_42,
			  bytes({0x28, 0x00, 0x05, 0x80}), // RULE, 40 bytes: no OUTPUT
			  local_30018,
			  bytes({0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00}),   // MISMATCH 0
			  bytes({0x08, 0x00, 0x07, 0x00, 0x42, 0x00, 0x00, 0x00})}))); // FLAGS STUN | BLACKHOLE
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);
	// Without the flag, a reply without outputs is still malformed.
	CHECK(decode_error(rule_reply({local_30018, nla(7, u32(RTPFWD_RULE_F_STUN))})) ==
	      "malformed rule reply: no OUTPUT");
	check_no_outputs_refusals(r, "blackhole");
}

TEST_CASE("flag HAND_UP: no outputs, golden bytes, decoded back; refused with what it cannot have and with BLACKHOLE")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.expect = ep("127.0.0.1:30000");
	r.mismatch = Mismatch::drop;
	r.stun = true;
	r.hand_up = true;
	auto req = encode_rule_new(r, RuleMode::replace);
	REQUIRE(req.ok());
	static_assert(RTPFWD_RULE_F_HAND_UP == 0x80);
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({table_42, nest(5, {local_30018, // no OUTPUT
					     nest(3, {addr4(127, 0, 0, 1), port(30000)}),
					     nla(4, bytes({1})),	// MISMATCH drop
					     nla(7, u32(0x82))})})));	// FLAGS STUN | HAND_UP
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);
	CHECK_FALSE(back->blackhole);

	// A reply of a hand-up rule with its counter (the kernel's staged
	// targets are hand-up rules too): no outputs, handed_up_other.
	auto got = decode_rule(reply(6, rule_reply({local_30018, nla(7, u32(RTPFWD_RULE_F_HAND_UP)),
						     nest(6, {nla(2, u64(5)), nla(3, u64(860)),
							      nla(4, u64(0)), nla(16, u64(5))})})));
	REQUIRE(got.ok());
	CHECK(got->hand_up);
	CHECK(got->outputs.empty());
	CHECK(got->stats->handed_up_other == 5);

	check_no_outputs_refusals(r, "hand-up");
	Rule both = r;
	both.blackhole = true;
	CHECK(refused(both) == "a rule is a blackhole or a hand-up rule, not both"); // the kernel's words
}

TEST_CASE("output SSRC_MAP: golden bytes in order, decoded back")
{
	Rule r = flags_rule();
	r.outputs[0].ssrc_map = {{0x5eed5eed, 0xabcd0001}, {0x1, 0x2}};
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	static_assert(RTPFWD_OUT_A_SSRC_MAP == 6 && RTPFWD_SSRC_MAP_A_FROM == 1 &&
		      RTPFWD_SSRC_MAP_A_TO == 2);
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({table_42,
			  bytes({0x7c, 0x00, 0x05, 0x80}), // RULE, 124 bytes
			  local_30018,
			  bytes({0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00}), // MISMATCH 0
			  bytes({0x54, 0x00, 0x05, 0x80}), // OUTPUT, 84 bytes
			  nest(1, {addr4(127, 0, 0, 1), port(1)}),
			  nest(2, {addr4(127, 0, 0, 1), port(2)}),
			  bytes({0x14, 0x00, 0x06, 0x80,				// SSRC_MAP, 20 bytes
				 0x08, 0x00, 0x01, 0x00, 0xed, 0x5e, 0xed, 0x5e,	// FROM 5eed5eed
				 0x08, 0x00, 0x02, 0x00, 0x01, 0x00, 0xcd, 0xab,	// TO abcd0001
				 0x14, 0x00, 0x06, 0x80,				// the second, after it
				 0x08, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
				 0x08, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00}),
			  bytes({0x08, 0x00, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00})}))); // FLAGS RTP
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);
}

TEST_CASE("output SSRC_MAP: a reply without FROM or TO, or with more than 4, is malformed")
{
	const auto map = [](std::uint32_t from, std::uint32_t to) {
		return nest(6, {nla(1, u32(from)), nla(2, u32(to))});
	};
	const auto with = rtp_output_reply;
	auto four = decode_rule(reply(6, with({map(1, 5), map(2, 6), map(3, 7), map(4, 8)})));
	REQUIRE(four.ok());
	REQUIRE(four->outputs[0].ssrc_map.size() == 4);
	CHECK(four->outputs[0].ssrc_map[3] == SsrcMapping{4, 8});
	CHECK(decode_error(with({map(1, 5), map(2, 6), map(3, 7), map(4, 8), map(5, 9)})) ==
	      "malformed rule reply: output 1 has more than 4 SSRC_MAP");
	CHECK(decode_error(with({map(1, 5), nest(6, {nla(2, u32(6))})})) ==
	      "malformed rule reply: output 1 ssrc map 2 without FROM");
	CHECK(decode_error(with({nest(6, {nla(1, u32(6))})})) ==
	      "malformed rule reply: output 1 ssrc map 1 without TO");
	CHECK(decode_error(with({nest(6, {nla(1, u64(6)), nla(2, u32(7))})})).find("FROM") !=
	      std::string::npos);
}

TEST_CASE("output SSRC_MAP: refused before sending past 4, with a FROM twice, without rtp")
{
	Rule r = flags_rule();
	r.outputs.push_back(r.outputs[0]);
	r.outputs[1].ssrc_map = {{1, 5}, {2, 6}, {3, 7}, {4, 8}};
	CHECK(encode_rule_new(r, RuleMode::add).ok());
	Rule five = r, twice = r, no_rtp = r;
	five.outputs[1].ssrc_map.push_back({5, 9});
	twice.outputs[1].ssrc_map[3].from = 2;
	no_rtp.rtp = false;
	CHECK(refused(five) == "output 2: at most 4 SSRC rewrites");
	CHECK(refused(twice) == "output 2: rewrites the same SSRC twice");
	CHECK(refused(no_rtp) == "output 2: SSRC map needs rtp");
	// The same TO twice is no conflict: two SSRCs may leave as one.
	twice.outputs[1].ssrc_map[3] = {9, 5};
	CHECK(encode_rule_new(twice, RuleMode::add).ok());
}

TEST_CASE("output PT_REPLACE: golden bytes in order, after SSRC_MAP; decoded back")
{
	Rule r = flags_rule();
	r.outputs[0].pt_replace = {{0, {0xff}}, {96, {0x01, 0x02, 0xaa, 0xbb}}};
	auto req = encode_rule_new(r, RuleMode::add);
	REQUIRE(req.ok());
	static_assert(RTPFWD_OUT_A_PT_REPLACE == 7 && RTPFWD_PT_REPLACE_A_TYPE == 1 &&
		      RTPFWD_PT_REPLACE_A_PATTERN == 2);
	const Bytes header = bytes({0x7c, 0x00, 0x05, 0x80}); // RULE, 124 bytes
	const Bytes mismatch = bytes({0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00});
	const Bytes endpoints = concat({nest(1, {addr4(127, 0, 0, 1), port(1)}),
					nest(2, {addr4(127, 0, 0, 1), port(2)})});
	const Bytes flags = bytes({0x08, 0x00, 0x07, 0x00, 0x01, 0x00, 0x00, 0x00}); // FLAGS RTP
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({table_42, header, local_30018, mismatch,
			  bytes({0x54, 0x00, 0x05, 0x80}), // OUTPUT, 84 bytes
			  endpoints,
			  bytes({0x14, 0x00, 0x07, 0x80,				// PT_REPLACE, 20 bytes
				 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,	// TYPE 0, padded
				 0x05, 0x00, 0x02, 0x00, 0xff, 0x00, 0x00, 0x00,	// PATTERN ff, padded
				 0x14, 0x00, 0x07, 0x80,				// the second, after it
				 0x05, 0x00, 0x01, 0x00, 0x60, 0x00, 0x00, 0x00,	// TYPE 96
				 0x08, 0x00, 0x02, 0x00, 0x01, 0x02, 0xaa, 0xbb}),	// PATTERN 0102aabb
			  flags})));
	auto back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);

	// With an SSRC map: the map first, as the kernel echoes them; a
	// 16-byte pattern whole.
	r.outputs[0].ssrc_map = {{1, 2}};
	r.outputs[0].pt_replace = {{8, Bytes(16, 0xd5)}};
	req = encode_rule_new(r, RuleMode::replace);
	REQUIRE(req.ok());
	Bytes pattern16 = bytes({0x14, 0x00, 0x02, 0x00});
	pattern16.insert(pattern16.end(), 16, 0xd5);
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({table_42, bytes({0x88, 0x00, 0x05, 0x80}), local_30018, mismatch, // RULE, 136
			  bytes({0x60, 0x00, 0x05, 0x80}), endpoints,			    // OUTPUT, 96
			  nest(6, {nla(1, bytes({1, 0, 0, 0})), nla(2, bytes({2, 0, 0, 0}))}),
			  nest(7, {nla(1, bytes({8})), pattern16}), flags})));
	back = decode_rule(reply(4, attrs_of(*req)));
	REQUIRE(back.ok());
	CHECK(*back == r);
}

TEST_CASE("output PT_REPLACE: a reply without TYPE or PATTERN, with a bad one, or more than 4, is malformed")
{
	const auto replace = [](int type, const Bytes &pattern) {
		return nest(7, {nla(1, bytes({type})), nla(2, pattern)});
	};
	const auto with = rtp_output_reply;
	auto four = decode_rule(reply(6, with({replace(0, bytes({0xff})), replace(8, bytes({0xd5})),
					       replace(9, bytes({0xfa})), replace(127, Bytes(16, 1))})));
	REQUIRE(four.ok());
	REQUIRE(four->outputs[0].pt_replace.size() == 4);
	CHECK(four->outputs[0].pt_replace[3] == PtReplace{127, Bytes(16, 1)});
	CHECK(decode_error(with({replace(0, bytes({1})), replace(1, bytes({1})), replace(2, bytes({1})),
				 replace(3, bytes({1})), replace(4, bytes({1}))})) ==
	      "malformed rule reply: output 1 has more than 4 PT_REPLACE");
	CHECK(decode_error(with({replace(0, bytes({1})), nest(7, {nla(2, bytes({1}))})})) ==
	      "malformed rule reply: output 1 payload replacement 2 without TYPE");
	CHECK(decode_error(with({nest(7, {nla(1, bytes({0}))})})) ==
	      "malformed rule reply: output 1 payload replacement 1 without PATTERN");
	CHECK(decode_error(with({replace(128, bytes({1}))})) ==
	      "malformed rule reply: output 1 payload replacement 1 TYPE 128 out of range");
	CHECK(decode_error(with({replace(0, {})})) ==
	      "malformed rule reply: output 1 payload replacement 1 PATTERN has 0 bytes, expected 1..16");
	CHECK(decode_error(with({replace(0, Bytes(17, 1))})) ==
	      "malformed rule reply: output 1 payload replacement 1 PATTERN has 17 bytes, expected 1..16");
	CHECK(decode_error(with({nest(7, {nla(1, u32(0)), nla(2, bytes({1}))})})).find("TYPE") !=
	      std::string::npos);
}

TEST_CASE("output PT_REPLACE: refused before sending past 4, a type twice or out of range, a bad pattern, without rtp")
{
	Rule r = flags_rule();
	r.outputs.push_back(r.outputs[0]);
	r.outputs[1].pt_replace = {{0, {0xff}}, {8, {0xd5}}, {9, {0xfa}}, {96, Bytes(16, 0)}};
	CHECK(encode_rule_new(r, RuleMode::add).ok());
	Rule five = r, twice = r, no_rtp = r, type = r, empty = r, long_pattern = r;
	five.outputs[1].pt_replace.push_back({97, {1}});
	twice.outputs[1].pt_replace[3].type = 8;
	no_rtp.rtp = false;
	type.outputs[1].pt_replace[0].type = 128;
	empty.outputs[1].pt_replace[1].pattern.clear();
	long_pattern.outputs[1].pt_replace[3].pattern.push_back(0);
	CHECK(refused(five) == "output 2: at most 4 payload replacements");
	CHECK(refused(twice) == "output 2: replaces payload type 8 twice");
	CHECK(refused(no_rtp) == "output 2: payload replacement needs rtp");
	CHECK(refused(type) == "output 2: payload replacement type 128 out of range (0..127)");
	CHECK(refused(empty) == "output 2: payload replacement of type 8: empty pattern");
	CHECK(refused(long_pattern) == "output 2: payload replacement of type 96: pattern of 17 bytes (at most 16)");
	// The same pattern on two types, the same type on two outputs: no conflict.
	Rule shared = r;
	shared.outputs[0].pt_replace = {{0, {0xff}}};
	shared.outputs[1].pt_replace[1].pattern = {0xff};
	CHECK(encode_rule_new(shared, RuleMode::add).ok());
}

TEST_CASE("counter BLACKHOLED: decoded when present, 0 from an older kernel")
{
	static_assert(RTPFWD_STATS_A_BLACKHOLED == 18);
	const Bytes flags = nla(7, u32(RTPFWD_RULE_F_BLACKHOLE));
	auto r = decode_rule(reply(6, rule_reply({local_30018, flags,
						   nest(6, {nla(1, {}), nla(2, u64(100)), nla(3, u64(17200)),
							    nla(4, u64(0)), nla(18, u64(97))})})));
	REQUIRE(r.ok());
	CHECK(r->blackhole);
	CHECK(r->outputs.empty());
	REQUIRE(r->stats.has_value());
	CHECK(r->stats->blackholed == 97);
	CHECK(r->stats->packets == 100);
	CHECK(r->stats->errors == 0);
	CHECK(r->stats->outputs.empty());

	auto old = decode_rule(reply(6, rule_reply({local_30018, one_output,
						    nest(6, {nla(2, u64(1)), nla(3, u64(2)), nla(4, u64(3))})})));
	REQUIRE(old.ok());
	CHECK_FALSE(old->blackhole);
	CHECK(old->stats->blackholed == 0);
	// A counter of the wrong size is refused like the others.
	CHECK(decode_error(rule_reply({local_30018, flags,
				       nest(6, {nla(2, u64(1)), nla(3, u64(2)), nla(4, u64(3)),
						nla(18, u32(97))})}))
		      .find("BLACKHOLED") != std::string::npos);
}

TEST_CASE("counters by reason, last packet age and per output counters decode")
{
	static_assert(RTPFWD_STATS_A_SRC_MISMATCH_DROPPED == 9 && RTPFWD_STATS_A_HANDED_UP_OTHER == 16 &&
		      RTPFWD_STATS_A_LAST_PACKET_MS == 17 && RTPFWD_OUT_A_STATS == 5);
	const Bytes out_stats = nest(5, {nla(1, {}), nla(2, u64(6)), nla(3, u64(1032)), nla(4, u64(1))});
	const Bytes output = nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}),
				      nest(2, {addr4(10, 0, 0, 2), port(2)}), out_stats});
	const Bytes attrs = rule_reply({
		local_30018, output, output,
		nest(6, {nla(1, {}), nla(2, u64(100)), nla(3, u64(17200)), nla(4, u64(20)),
			 nla(7, u64(21)), nla(8, u64(22)),
			 nla(9, u64(1)), nla(10, u64(2)), nla(11, u64(3)), nla(12, u64(4)),
			 nla(13, u64(5)), nla(14, u64(6)), nla(15, u64(7)), nla(16, u64(8)),
			 nla(17, u64(1234))}),
	});
	auto r = decode_rule(reply(6, attrs));
	REQUIRE(r.ok());
	REQUIRE(r->stats.has_value());
	const RuleStats &st = *r->stats;
	CHECK(st.errors == 20);
	CHECK(st.src_mismatch_dropped == 1);
	CHECK(st.not_rtp == 2);
	CHECK(st.no_route == 3);
	CHECK(st.output_failed == 4);
	CHECK(st.handed_up_stun == 5);
	CHECK(st.handed_up_dtls == 6);
	CHECK(st.handed_up_mismatch == 7);
	CHECK(st.handed_up_other == 8);
	static_assert(RTPFWD_STATS_A_SRTP_AUTH_FAILED == 7 && RTPFWD_STATS_A_SRTP_REPLAYED == 8);
	CHECK(st.srtp_auth_failed == 21);
	CHECK(st.srtp_replayed == 22);
	CHECK(st.last_packet_ms == std::uint64_t{1234});
	REQUIRE(st.outputs.size() == 2);
	CHECK(st.outputs[1] == OutputStats{6, 1032, 1});
	// The outputs themselves compare as configured (no counters in Output).
	CHECK(r->outputs[0] == r->outputs[1]);

	// An older kernel: none of them; no age, no per output counters.
	auto old = decode_rule(reply(6, rule_reply({local_30018, one_output,
						    nest(6, {nla(2, u64(1)), nla(3, u64(2)), nla(4, u64(3))})})));
	REQUIRE(old.ok());
	CHECK(*old->stats == RuleStats{1, 2, 3});
	CHECK_FALSE(old->stats->last_packet_ms);
	CHECK(old->stats->outputs.empty());
}

TEST_CASE("malformed per output counters are rejected")
{
	const Bytes counted = nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)}),
				       nest(5, {nla(2, u64(6)), nla(3, u64(1032)), nla(4, u64(1))})});
	const Bytes stats = nest(6, {nla(2, u64(1)), nla(3, u64(2)), nla(4, u64(3))});
	CHECK(decode_error(rule_reply({local_30018, counted, one_output, stats})) ==
	      "malformed rule reply: STATS in some outputs only");
	const Bytes no_errors = nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)}),
					 nest(5, {nla(2, u64(6)), nla(3, u64(1032))})});
	CHECK(decode_error(rule_reply({local_30018, no_errors, stats})) ==
	      "malformed rule reply: output 1 stats without ERRORS");
	const Bytes short_counter = nest(5, {nest(1, {addr4(10, 0, 0, 1), port(1)}), nest(2, {addr4(10, 0, 0, 2), port(2)}),
					     nest(5, {nla(2, u64(6)), nla(3, u64(1032)), nla(4, u32(1))})});
	CHECK(decode_error(rule_reply({local_30018, short_counter, stats})).find("output 1 stats") != std::string::npos);
}
