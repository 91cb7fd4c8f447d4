// SPDX-License-Identifier: LGPL-2.1-or-later
// Rule output: the documented text line (and stats line) and JSON.
#include "printer.hpp"
#include "rule_print.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

Endpoint ep(std::string_view text) { return *parse_endpoint(text); }

Rule documented_rule()
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.expect = ep("127.0.0.1:30000");
	r.outputs.push_back({ep("127.0.0.1:30018"), ep("127.0.0.1:3002"), std::nullopt});
	r.stats = RuleStats{139, 144004, 0};
	return r;
}

Rule v6_rule()
{
	Rule r;
	r.table = 1;
	r.local = ep("[::1]:5000");
	r.mismatch = Mismatch::drop;
	r.outputs.push_back({ep("[::1]:5000"), ep("[2001:db8::1]:6000"), 184});
	r.outputs.push_back({ep("10.0.0.1:1"), ep("10.0.0.2:2"), 0});
	return r;
}

std::string render(Printer::Format format, const std::vector<Rule> &rules, int stats, bool pretty = false)
{
	std::ostringstream s;
	Printer p(s, format, pretty);
	print_rules(p, rules, stats);
	return s.str();
}

} // namespace

TEST_CASE("text: one line per rule, iproute2 style")
{
	CHECK(render(Printer::Format::text, {documented_rule()}, false) ==
	      "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore "
	      "output src 127.0.0.1:30018 dst 127.0.0.1:3002\n");
	// No expect, tos only when non-zero, outputs in order, IPv6 bracketed.
	CHECK(render(Printer::Format::text, {v6_rule()}, false) ==
	      "table 1 local [::1]:5000 mismatch drop output src [::1]:5000 dst [2001:db8::1]:6000 tos 184 "
	      "output src 10.0.0.1:1 dst 10.0.0.2:2\n");
}

TEST_CASE("text with -s: an indented stats line, only for rules that have stats")
{
	CHECK(render(Printer::Format::text, {documented_rule(), v6_rule()}, true) ==
	      "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore "
	      "output src 127.0.0.1:30018 dst 127.0.0.1:3002\n"
	      "    stats packets 139 bytes 144004 errors 0\n"
	      "table 1 local [::1]:5000 mismatch drop output src [::1]:5000 dst [2001:db8::1]:6000 tos 184 "
	      "output src 10.0.0.1:1 dst 10.0.0.2:2\n");
}

TEST_CASE("JSON: the documented object; tos always, stats only with -s")
{
	CHECK(render(Printer::Format::json, {documented_rule()}, true) ==
	      R"([{"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000","mismatch":"ignore",)"
	      R"("outputs":[{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","tos":0}],)"
	      R"("stats":{"packets":139,"bytes":144004,"errors":0}}])"
	      "\n");
	CHECK(render(Printer::Format::json, {documented_rule(), v6_rule()}, false) ==
	      R"([{"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000","mismatch":"ignore",)"
	      R"("outputs":[{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","tos":0}]},)"
	      R"({"table":1,"local":"[::1]:5000","mismatch":"drop","outputs":[)"
	      R"({"src":"[::1]:5000","dst":"[2001:db8::1]:6000","tos":184},)"
	      R"({"src":"10.0.0.1:1","dst":"10.0.0.2:2","tos":0}]}])"
	      "\n");
	CHECK(render(Printer::Format::json, {}, true) == "[]\n");
	CHECK(render(Printer::Format::text, {}, true).empty());
}

TEST_CASE("JSON pretty: nested outputs and stats indent like the rest")
{
	CHECK(render(Printer::Format::json, {documented_rule()}, true, true) ==
	      "[\n"
	      "    {\n"
	      "        \"table\": 42,\n"
	      "        \"local\": \"127.0.0.1:30018\",\n"
	      "        \"expect\": \"127.0.0.1:30000\",\n"
	      "        \"mismatch\": \"ignore\",\n"
	      "        \"outputs\": [\n"
	      "            {\n"
	      "                \"src\": \"127.0.0.1:30018\",\n"
	      "                \"dst\": \"127.0.0.1:3002\",\n"
	      "                \"tos\": 0\n"
	      "            }\n"
	      "        ],\n"
	      "        \"stats\": {\n"
	      "            \"packets\": 139,\n"
	      "            \"bytes\": 144004,\n"
	      "            \"errors\": 0\n"
	      "        }\n"
	      "    }\n"
	      "]\n");
}

TEST_CASE("a single rule (get) is one object, one line")
{
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	print_rule(p, v6_rule(), false);
	CHECK(s.str() == R"({"table":1,"local":"[::1]:5000","mismatch":"drop","outputs":[)"
			 R"({"src":"[::1]:5000","dst":"[2001:db8::1]:6000","tos":184},)"
			 R"({"src":"10.0.0.1:1","dst":"10.0.0.2:2","tos":0}]})"
			 "\n");
}

namespace {

Rule rtp_rule()
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:31000");
	r.outputs.push_back({ep("127.0.0.1:31002"), ep("127.0.0.1:6100"), std::nullopt});
	r.rtp = true;
	r.payload_types = {{0, 8000}, {8, std::nullopt}};
	RuleStats st{100, 17200, 0};
	st.payload_types = {{0, 95, 16340}, {8, 5, 860}};
	st.ssrcs = {{0x5eed5eed, 95, 16340, 99, 5, 158}, {0x1, 5, 860, 65540, 0, 0}};
	r.stats = st;
	return r;
}

} // namespace

TEST_CASE("text: rtp and payload types after mismatch; -s adds pt and ssrc lines")
{
	CHECK(render(Printer::Format::text, {rtp_rule()}, false) ==
	      "table 42 local 127.0.0.1:31000 mismatch ignore rtp pt 0/8000 pt 8 "
	      "output src 127.0.0.1:31002 dst 127.0.0.1:6100\n");
	CHECK(render(Printer::Format::text, {rtp_rule()}, true) ==
	      "table 42 local 127.0.0.1:31000 mismatch ignore rtp pt 0/8000 pt 8 "
	      "output src 127.0.0.1:31002 dst 127.0.0.1:6100\n"
	      "    stats packets 100 bytes 17200 errors 0\n"
	      "    pt 0 packets 95 bytes 16340\n"
	      "    pt 8 packets 5 bytes 860\n"
	      "    ssrc 5eed5eed packets 95 bytes 16340 ext-seq 99 lost 5 jitter 158\n"
	      "    ssrc 00000001 packets 5 bytes 860 ext-seq 65540 lost 0 jitter 0\n");
	Rule any = rtp_rule();
	any.payload_types.clear();
	any.stats->ssrcs.clear();
	CHECK(render(Printer::Format::text, {any}, true) ==
	      "table 42 local 127.0.0.1:31000 mismatch ignore rtp "
	      "output src 127.0.0.1:31002 dst 127.0.0.1:6100\n"
	      "    stats packets 100 bytes 17200 errors 0\n"
	      "    pt 0 packets 95 bytes 16340\n"
	      "    pt 8 packets 5 bytes 860\n");
}

TEST_CASE("JSON: rtp, payload_types, and their stats arrays")
{
	CHECK(render(Printer::Format::json, {rtp_rule()}, true) ==
	      R"([{"table":42,"local":"127.0.0.1:31000","mismatch":"ignore","rtp":true,)"
	      R"("payload_types":[{"type":0,"clock_rate":8000},{"type":8}],)"
	      R"("outputs":[{"src":"127.0.0.1:31002","dst":"127.0.0.1:6100","tos":0}],)"
	      R"("stats":{"packets":100,"bytes":17200,"errors":0,)"
	      R"("payload_types":[{"type":0,"packets":95,"bytes":16340},{"type":8,"packets":5,"bytes":860}],)"
	      R"("ssrcs":[{"ssrc":"5eed5eed","packets":95,"bytes":16340,"ext_seq":99,"lost":5,"jitter":158},)"
	      R"({"ssrc":"00000001","packets":5,"bytes":860,"ext_seq":65540,"lost":0,"jitter":0}]}}])"
	      "\n");
	Rule any = rtp_rule();
	any.payload_types.clear();
	CHECK(render(Printer::Format::json, {any}, false) ==
	      R"([{"table":42,"local":"127.0.0.1:31000","mismatch":"ignore","rtp":true,"payload_types":[],)"
	      R"("outputs":[{"src":"127.0.0.1:31002","dst":"127.0.0.1:6100","tos":0}]}])"
	      "\n");
}

namespace {

// Rule D of tests/kernel/74b-counters.sh: two outputs, the second unrouted.
Rule counted_rule()
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30030");
	r.outputs.push_back({ep("127.0.0.1:30032"), ep("127.0.0.1:6030"), std::nullopt});
	r.outputs.push_back({ep("127.0.0.1:30034"), ep("10.9.9.9:6031"), std::nullopt});
	RuleStats st{0, 0, 9};
	st.src_mismatch_dropped = 1;
	st.not_rtp = 2;
	st.no_route = 6;
	st.handed_up_stun = 4;
	st.handed_up_other = 3;
	st.last_packet_ms = 1234;
	st.outputs = {{6, 1032, 0}, {0, 0, 6}};
	r.stats = st;
	return r;
}

} // namespace

TEST_CASE("-s: the age of the last packet, as an operator reads it; none before the first")
{
	const std::string head = "table 42 local 127.0.0.1:30030 mismatch ignore "
				 "output src 127.0.0.1:30032 dst 127.0.0.1:6030 "
				 "output src 127.0.0.1:30034 dst 10.9.9.9:6031\n";
	Rule r = counted_rule();
	CHECK(render(Printer::Format::text, {r}, 1) == head + "    stats packets 0 bytes 0 errors 9 last 1.2s ago\n");
	for (const auto &[ms, text] : std::vector<std::pair<std::uint64_t, std::string>>{
		     {0, "0ms"}, {850, "850ms"}, {59999, "59.9s"}, {185000, "3m05s"}, {7620000, "2h07m"}}) {
		r.stats->last_packet_ms = ms;
		CHECK(render(Printer::Format::text, {r}, 1) ==
		      head + "    stats packets 0 bytes 0 errors 9 last " + text + " ago\n");
	}
	r.stats->last_packet_ms.reset();
	CHECK(render(Printer::Format::text, {r}, 1) == head + "    stats packets 0 bytes 0 errors 9\n");
	r.stats->last_packet_ms = 1234;
	CHECK(render(Printer::Format::json, {r}, 1).find(R"("stats":{"packets":0,"bytes":0,"errors":9,"last_packet_ms":1234}})") !=
	      std::string::npos);
}

TEST_CASE("-s -s: every reason (zeros too), the hand-ups, each output's counters")
{
	CHECK(render(Printer::Format::text, {counted_rule()}, 2) ==
	      "table 42 local 127.0.0.1:30030 mismatch ignore "
	      "output src 127.0.0.1:30032 dst 127.0.0.1:6030 "
	      "output src 127.0.0.1:30034 dst 10.9.9.9:6031\n"
	      "    stats packets 0 bytes 0 errors 9 last 1.2s ago\n"
	      "    errors src-mismatch-dropped 1 not-rtp 2 no-route 6 output-failed 0\n"
	      "    handed-up stun 4 dtls 0 mismatch 0 other 3\n"
	      "    output 1 packets 6 bytes 1032 errors 0\n"
	      "    output 2 packets 0 bytes 0 errors 6\n");
	CHECK(render(Printer::Format::json, {counted_rule()}, 2) ==
	      R"([{"table":42,"local":"127.0.0.1:30030","mismatch":"ignore","outputs":[)"
	      R"({"src":"127.0.0.1:30032","dst":"127.0.0.1:6030","tos":0},)"
	      R"({"src":"127.0.0.1:30034","dst":"10.9.9.9:6031","tos":0}],)"
	      R"("stats":{"packets":0,"bytes":0,"errors":9,"last_packet_ms":1234,)"
	      R"("errors_by_reason":{"src_mismatch_dropped":1,"not_rtp":2,"no_route":6,"output_failed":0},)"
	      R"("handed_up":{"stun":4,"dtls":0,"mismatch":0,"other":3},)"
	      R"("outputs":[{"packets":6,"bytes":1032,"errors":0},{"packets":0,"bytes":0,"errors":6}]}}])"
	      "\n");
	// A kernel without per output counters: the reasons, no output lines.
	Rule old = counted_rule();
	old.stats->outputs.clear();
	CHECK(render(Printer::Format::text, {old}, 2).ends_with("    handed-up stun 4 dtls 0 mismatch 0 other 3\n"));
}

TEST_CASE("a blackhole: the word where the outputs would be; blackholed with -s only when it counted")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.mismatch = Mismatch::drop;
	r.expect = ep("127.0.0.1:30000");
	r.dtls = true;
	r.blackhole = true;
	r.stats = RuleStats{5, 860, 0};
	CHECK(render(Printer::Format::text, {r}, 1) ==
	      "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch drop dtls blackhole\n"
	      "    stats packets 5 bytes 860 errors 0\n");
	CHECK(render(Printer::Format::json, {r}, 1) ==
	      R"([{"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000","mismatch":"drop",)"
	      R"("dtls":true,"blackhole":true,"outputs":[],"stats":{"packets":5,"bytes":860,"errors":0}}])"
	      "\n");
	r.stats->blackholed = 5;
	CHECK(render(Printer::Format::text, {r}, 1).ends_with("errors 0 blackholed 5\n"));
	CHECK(render(Printer::Format::json, {r}, 1).ends_with(R"("errors":0,"blackholed":5}}])"
							      "\n"));
	// A forwarding rule says nothing of either.
	CHECK(render(Printer::Format::json, {documented_rule()}, 1).find("blackhole") == std::string::npos);
}

TEST_CASE("a hand-up rule: the word where the outputs would be; handed-up-other with -s only when it counted")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.mismatch = Mismatch::drop;
	r.expect = ep("127.0.0.1:30000");
	r.stun = true;
	r.hand_up = true;
	r.stats = RuleStats{0, 0, 2};
	CHECK(render(Printer::Format::text, {r}, 1) ==
	      "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch drop stun hand-up\n"
	      "    stats packets 0 bytes 0 errors 2\n");
	CHECK(render(Printer::Format::json, {r}, 1) ==
	      R"([{"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000","mismatch":"drop",)"
	      R"("stun":true,"hand_up":true,"outputs":[],"stats":{"packets":0,"bytes":0,"errors":2}}])"
	      "\n");
	r.stats->handed_up_other = 7;
	CHECK(render(Printer::Format::text, {r}, 1).ends_with("errors 2 handed-up-other 7\n"));
	CHECK(render(Printer::Format::json, {r}, 1).ends_with(R"("errors":2,"handed_up_other":7}}])"
							      "\n"));
	// Without -s: the rule only.
	CHECK(render(Printer::Format::text, {r}, 0) ==
	      "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch drop stun hand-up\n");
	// A forwarding rule that hands RTCP up in the same counter: -s -s only.
	Rule fwd = documented_rule();
	fwd.stats->handed_up_other = 3;
	CHECK(render(Printer::Format::text, {fwd}, 1).find("handed-up-other") == std::string::npos);
	CHECK(render(Printer::Format::json, {fwd}, 1).find("hand") == std::string::npos);
}

TEST_CASE("an output's SSRC map: text after its other words, JSON \"ssrc_map\" only when it has one")
{
	Rule r = v6_rule();
	r.rtp = true;
	r.outputs[0].ssrc_map = {{0x5eed5eed, 0xabcd0001}, {0x1, 0x2}};
	CHECK(render(Printer::Format::text, {r}, 0) ==
	      "table 1 local [::1]:5000 mismatch drop rtp output src [::1]:5000 dst [2001:db8::1]:6000 tos 184 "
	      "ssrc-map 5eed5eed:abcd0001 ssrc-map 00000001:00000002 output src 10.0.0.1:1 dst 10.0.0.2:2\n");
	CHECK(render(Printer::Format::json, {r}, 0) ==
	      R"([{"table":1,"local":"[::1]:5000","mismatch":"drop","rtp":true,"payload_types":[],)"
	      R"("outputs":[{"src":"[::1]:5000","dst":"[2001:db8::1]:6000","tos":184,)"
	      R"("ssrc_map":[{"from":"5eed5eed","to":"abcd0001"},{"from":"00000001","to":"00000002"}]},)"
	      R"({"src":"10.0.0.1:1","dst":"10.0.0.2:2","tos":0}]}])"
	      "\n");
	// After an encrypt's words as well (the text stays parseable: the map is
	// no SRTP word).
	r.outputs[0].encrypt = Srtp{};
	r.outputs[0].encrypt->rocs = {{0x11223344, 0}};
	CHECK(render(Printer::Format::text, {r}, 0).find("roc 11223344:0 ssrc-map 5eed5eed:abcd0001 ") !=
	      std::string::npos);
}

TEST_CASE("an output's payload replacements: text after its SSRC map, JSON \"pt_replace\" only when it has one")
{
	Rule r = v6_rule();
	r.rtp = true;
	r.outputs[0].ssrc_map = {{0x5eed5eed, 0xabcd0001}};
	r.outputs[0].pt_replace = {{0, {0xff}}, {96, {0x01, 0x02, 0xaa, 0xbb}}};
	CHECK(render(Printer::Format::text, {r}, 0) ==
	      "table 1 local [::1]:5000 mismatch drop rtp output src [::1]:5000 dst [2001:db8::1]:6000 tos 184 "
	      "ssrc-map 5eed5eed:abcd0001 pt-replace 0:ff pt-replace 96:0102aabb output src 10.0.0.1:1 dst "
	      "10.0.0.2:2\n");
	CHECK(render(Printer::Format::json, {r}, 0) ==
	      R"([{"table":1,"local":"[::1]:5000","mismatch":"drop","rtp":true,"payload_types":[],)"
	      R"("outputs":[{"src":"[::1]:5000","dst":"[2001:db8::1]:6000","tos":184,)"
	      R"("ssrc_map":[{"from":"5eed5eed","to":"abcd0001"}],)"
	      R"("pt_replace":[{"type":0,"pattern":"ff"},{"type":96,"pattern":"0102aabb"}]},)"
	      R"({"src":"10.0.0.1:1","dst":"10.0.0.2:2","tos":0}]}])"
	      "\n");
}

TEST_CASE("a rule's recording: text 'record ID' before the outputs, JSON \"recording\" only when it has one")
{
	Rule r = v6_rule();
	r.recording = 0;
	r.srtp_auth_drop = false;
	CHECK(render(Printer::Format::text, {r}, 0) ==
	      "table 1 local [::1]:5000 mismatch drop record 0 output src [::1]:5000 dst [2001:db8::1]:6000 "
	      "tos 184 output src 10.0.0.1:1 dst 10.0.0.2:2\n");
	CHECK(render(Printer::Format::json, {r}, 0) ==
	      R"([{"table":1,"local":"[::1]:5000","mismatch":"drop","recording":0,)"
	      R"("outputs":[{"src":"[::1]:5000","dst":"[2001:db8::1]:6000","tos":184},)"
	      R"({"src":"10.0.0.1:1","dst":"10.0.0.2:2","tos":0}]}])"
	      "\n");
	Rule hole;
	hole.table = 1;
	hole.local = ep("10.0.0.1:1");
	hole.blackhole = true;
	hole.recording = 7;
	CHECK(render(Printer::Format::text, {hole}, 0) ==
	      "table 1 local 10.0.0.1:1 mismatch ignore record 7 blackhole\n");
	CHECK(render(Printer::Format::text, {v6_rule()}, 0).find("record") == std::string::npos);
}
