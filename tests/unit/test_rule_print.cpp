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

std::string render(Printer::Format format, const std::vector<Rule> &rules, bool stats, bool pretty = false)
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
