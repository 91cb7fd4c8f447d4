// SPDX-License-Identifier: LGPL-2.1-or-later
// nftables rule words: what "rtpnl nft add rule" accepts, refuses and prints.
#include "rtpnl/nft_rule.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace nft = rtpnl::nft;

namespace {

rtpnl::Result<nft::Rule> parse(std::vector<std::string_view> words) { return nft::parse_rule(words); }

std::string error_of(std::vector<std::string_view> words)
{
	auto r = parse(std::move(words));
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	return r.error().text();
}

// Parses, prints, and checks the printed words parse to the same rule.
std::string round_trip(std::vector<std::string_view> words)
{
	auto r = parse(words);
	REQUIRE(r.ok());
	const std::string text = nft::format_items(*r);
	std::vector<std::string> again_words{"inet", "t", "c"};
	for (std::size_t pos = 0; pos <= text.size();) {
		const auto space = std::min(text.find(' ', pos), text.size());
		again_words.push_back(text.substr(pos, space - pos));
		pos = space + 1;
	}
	std::vector<std::string_view> views(again_words.begin(), again_words.end());
	auto again = nft::parse_rule(views);
	REQUIRE(again.ok());
	CHECK(nft::format_items(*again) == text);
	return text;
}

} // namespace

TEST_CASE("the issue's one-liner")
{
	auto r = parse({"inet", "filter", "input", "udp", "dport", "30000-40000", "rtpengine", "id", "42"});
	REQUIRE(r.ok());
	CHECK(r->family == nft::Family::inet);
	CHECK(r->table == "filter");
	CHECK(r->chain == "input");
	REQUIRE(r->items.size() == 2);
	CHECK(std::get<nft::UdpDport>(r->items[0]) == nft::UdpDport{30000, 40000});
	CHECK(*r->rtpengine() == nft::Rtpengine{42, false, false});
	CHECK(nft::format_items(*r) == "udp dport 30000-40000 rtpengine id 42");
}

TEST_CASE("every supported match prints back as it was typed")
{
	CHECK(round_trip({"inet", "t", "c", "udp", "rtpengine", "id", "1"}) ==
	      "meta l4proto udp rtpengine id 1");
	CHECK(round_trip({"inet", "t", "c", "meta", "l4proto", "udp", "rtpengine", "id", "1"}) ==
	      "meta l4proto udp rtpengine id 1");
	CHECK(round_trip({"inet", "t", "c", "udp", "dport", "5000", "rtpengine", "id", "0"}) ==
	      "udp dport 5000 rtpengine id 0");
	CHECK(round_trip({"inet", "t", "c", "ip", "daddr", "10.1.2.3", "rtpengine", "id", "7"}) ==
	      "ip daddr 10.1.2.3 rtpengine id 7");
	CHECK(round_trip({"inet", "t", "c", "ip", "daddr", "10.1.0.0/16", "rtpengine", "id", "7"}) ==
	      "ip daddr 10.1.0.0/16 rtpengine id 7");
	CHECK(round_trip({"inet", "t", "c", "ip6", "daddr", "2001:db8::/32", "ip6", "daddr", "::1",
			  "rtpengine", "id", "7"}) ==
	      "ip6 daddr 2001:db8::/32 ip6 daddr ::1 rtpengine id 7");
	CHECK(round_trip({"inet", "t", "c", "iifname", "veth0", "counter", "rtpengine", "id", "63",
			  "create", "exclusive"}) ==
	      "iifname \"veth0\" counter packets 0 bytes 0 rtpengine id 63 create exclusive");
	// nft's quoted form, as rtpnl nft list prints it.
	auto q = parse({"inet", "t", "c", "iifname", "\"px-cl\"", "rtpengine", "id", "1"});
	REQUIRE(q.ok());
	CHECK(std::get<nft::Iifname>(q->items[0]).name == "px-cl");
}

TEST_CASE("save prints a counter without its counts")
{
	nft::Rule r{nft::Family::ip, "t", "c", {nft::Counter{5, 860}, nft::Rtpengine{3, true, false}}, 9, std::nullopt};
	CHECK(nft::format_items(r) == "counter packets 5 bytes 860 rtpengine id 3 create");
	CHECK(nft::format_items(r, true) == "counter rtpengine id 3 create");
}

TEST_CASE("unsupported words are named, with the supported list")
{
	const std::string e = error_of({"inet", "t", "c", "tcp", "dport", "5", "rtpengine", "id", "1"});
	CHECK(e == "unsupported match 'tcp' (supported: " + std::string(nft::supported_matches) + ")");
	CHECK(error_of({"inet", "t", "c", "meta", "mark", "1", "rtpengine", "id", "1"})
		      .starts_with("unsupported match 'meta mark' (supported: udp,"));
	CHECK(error_of({"inet", "t", "c", "ip", "saddr", "1.2.3.4", "rtpengine", "id", "1"})
		      .starts_with("unsupported match 'ip saddr' "));
	CHECK(error_of({"inet", "t", "c", "xyz", "rtpengine", "id", "1"})
		      .starts_with("unsupported match 'xyz' (supported: "));
}

TEST_CASE("bad values and shapes are refused with their words")
{
	CHECK(error_of({"inet", "t"}) == "expected FAMILY TABLE CHAIN, then the rule");
	CHECK(error_of({"arp", "t", "c", "rtpengine", "id", "1"}) ==
	      "unsupported family 'arp' (supported: inet, ip, ip6, netdev)");
	CHECK(error_of({"inet", "t", "c", "udp", "dport", "70000", "rtpengine", "id", "1"}) ==
	      "invalid port '70000' (0..65535, or P-Q)");
	CHECK(error_of({"inet", "t", "c", "udp", "dport", "5-4", "rtpengine", "id", "1"}) ==
	      "invalid port range '5-4' (low-high)");
	CHECK(error_of({"inet", "t", "c", "ip", "daddr", "1.2.3", "rtpengine", "id", "1"}) ==
	      "invalid IPv4 address '1.2.3'");
	CHECK(error_of({"inet", "t", "c", "ip", "daddr", "10.0.0.1/8", "rtpengine", "id", "1"}) ==
	      "'10.0.0.1/8' has host bits set");
	CHECK(error_of({"inet", "t", "c", "ip6", "daddr", "::1/129", "rtpengine", "id", "1"}) ==
	      "invalid prefix length in '::1/129' (0..128)");
	CHECK(error_of({"ip6", "t", "c", "ip", "daddr", "1.2.3.4", "rtpengine", "id", "1"}) ==
	      "'ip daddr' never matches in an ip6 table");
	CHECK(error_of({"inet", "t", "c", "iifname", "a-name-longer-than-15", "rtpengine", "id", "1"}) ==
	      "invalid interface name 'a-name-longer-than-15'");
	CHECK(error_of({"inet", "t", "c", "udp"}) == "missing 'rtpengine id N' at the end of the rule");
	CHECK(error_of({"inet", "t", "c", "rtpengine", "42"}) == "'rtpengine' needs 'id N'");
	CHECK(error_of({"inet", "t", "c", "rtpengine", "id", "x"}) == "invalid table id 'x'");
	CHECK(error_of({"inet", "t", "c", "rtpengine", "id", "1", "udp"}) ==
	      "unexpected 'udp' after 'rtpengine id 1' (only 'create' and 'exclusive')");
}

TEST_CASE("index N places the rule, as in nft")
{
	auto r = parse({"inet", "t", "c", "index", "2", "udp", "rtpengine", "id", "1"});
	REQUIRE(r.ok());
	CHECK(r->index == 2u);
	CHECK(nft::format_items(*r) == "meta l4proto udp rtpengine id 1");
	CHECK_FALSE(parse({"inet", "t", "c", "rtpengine", "id", "1"})->index.has_value());
	CHECK(error_of({"inet", "t", "c", "index", "x", "rtpengine", "id", "1"}) == "invalid index 'x'");
}

TEST_CASE("the table id range is the kernel's to check")
{
	auto r = parse({"inet", "t", "c", "rtpengine", "id", "64"});
	REQUIRE(r.ok());
	CHECK(r->rtpengine()->table == 64);
}

TEST_CASE("netdev: its word, its name, and daddr of either version")
{
	CHECK(nft::parse_family("netdev") == nft::Family::netdev);
	CHECK(static_cast<int>(nft::Family::netdev) == 5); // NFPROTO_NETDEV
	CHECK(nft::family_name(nft::Family::netdev) == "netdev");
	for (nft::Family f : nft::families)
		CHECK(nft::parse_family(nft::family_name(f)) == f);
	CHECK_FALSE(nft::parse_family("bridge").has_value());
	CHECK_FALSE(nft::parse_family("Netdev").has_value());

	auto r = parse({"netdev", "proxy", "eth0-in", "iifname", "eth0", "ip", "daddr", "192.0.2.0/24",
			"udp", "dport", "30000-40000", "counter", "rtpengine", "id", "42", "create"});
	REQUIRE(r.ok());
	CHECK(r->family == nft::Family::netdev);
	CHECK(nft::format_items(*r) ==
	      "iifname \"eth0\" ip daddr 192.0.2.0/24 udp dport 30000-40000 "
	      "counter packets 0 bytes 0 rtpengine id 42 create");
	auto v6 = parse({"netdev", "t", "c", "ip6", "daddr", "2001:db8::/32", "ip6", "daddr",
			 "2001:db8::1", "rtpengine", "id", "1"});
	REQUIRE(v6.ok());
	CHECK(nft::format_items(*v6) == "ip6 daddr 2001:db8::/32 ip6 daddr 2001:db8::1 rtpengine id 1");
	// Both versions in one rule: nft says "conflicting protocols".
	CHECK(error_of({"netdev", "t", "c", "ip", "daddr", "192.0.2.1", "ip6", "daddr", "::1",
			"rtpengine", "id", "1"}) ==
	      "'ip6 daddr' never matches after 'ip daddr' (a packet is IPv4 or IPv6) in a netdev rule");
	CHECK(error_of({"inet", "t", "c", "ip6", "daddr", "::1", "counter", "ip", "daddr", "192.0.2.1",
			"rtpengine", "id", "1"}) ==
	      "'ip daddr' never matches after 'ip6 daddr' (a packet is IPv4 or IPv6) in an inet rule");
	CHECK(error_of({"netdev", "t", "c", "meta", "nfproto", "ipv4", "rtpengine", "id", "1"})
		      .starts_with("unsupported match 'meta nfproto' (supported: "));
}
