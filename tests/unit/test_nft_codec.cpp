// SPDX-License-Identifier: LGPL-2.1-or-later
// nf_tables messages of rtpnl nft: golden bytes for the rtpengine expression
// and the message framing, round trips through the rule reader for the stock
// expressions libnftnl builds.
#include "bytes.hpp"

#include "rtpnl/nft_codec.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

namespace nft = rtpnl::nft;

namespace {

nft::Rule rule_of(nft::Family family, std::vector<nft::Item> items)
{
	return nft::Rule{family, "filter", "input", std::move(items), std::nullopt, std::nullopt};
}

// What a dump would send back for `msg`: the same message plus a handle.
Bytes with_handle(Bytes msg, std::uint64_t handle)
{
	const Bytes attr = concat({bytes({0x0c, 0x00, 0x03, 0x00}),
				   bytes({0, 0, 0, 0, 0, 0, 0, static_cast<int>(handle)})});
	msg.insert(msg.end(), attr.begin(), attr.end());
	const auto len = static_cast<std::uint32_t>(msg.size());
	std::memcpy(msg.data(), &len, 4);
	return msg;
}

// A rule of ip filter input with handle 9, as a dump sends it, holding
// these NFTA_LIST_ELEM nests.
// "0c 00 ..." back into bytes.
Bytes from_hex(std::string_view text)
{
	Bytes b;
	for (std::size_t i = 0; i + 1 < text.size(); i += 3)
		b.push_back(static_cast<std::uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
	return b;
}

Bytes dumped_rule(const Bytes &elems)
{
	Bytes msg = concat({
		bytes({0, 0, 0, 0, 0x06, 0x0a, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0}),
		bytes({0x02, 0x00, 0x00, 0x00}), // ip
		bytes({0x0b, 0, 0x01, 0, 'f', 'i', 'l', 't', 'e', 'r', 0, 0}),
		bytes({0x0a, 0, 0x02, 0, 'i', 'n', 'p', 'u', 't', 0, 0, 0}),
		bytes({0x0c, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 9}), // handle 9 (be64)
		bytes({static_cast<int>(elems.size() + 4), 0, 0x04, 0x80}),
		elems,
	});
	msg[0] = static_cast<std::uint8_t>(msg.size());
	return msg;
}

nft::Rule round_trip(const nft::Rule &rule)
{
	auto msg = nft::encode_new_rule(rule, true, 1);
	REQUIRE(msg.ok());
	auto back = nft::decode_rule(with_handle(*msg, 7));
	REQUIRE(back.ok());
	CHECK(back->handle == 7);
	CHECK(back->family == rule.family);
	CHECK(back->table == rule.table);
	CHECK(back->chain == rule.chain);
	return *back;
}

} // namespace

TEST_CASE("NEWRULE with the rtpengine expression, byte for byte")
{
	auto msg = nft::encode_new_rule(rule_of(nft::Family::inet, {nft::Rtpengine{42, true, false}}),
					true, 7);
	REQUIRE(msg.ok());
	const Bytes want = concat({
		// nlmsghdr: len 84, NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWRULE,
		// REQUEST | ACK | CREATE | APPEND, seq 7, pid 0
		bytes({0x54, 0, 0, 0, 0x06, 0x0a, 0x05, 0x0c, 7, 0, 0, 0, 0, 0, 0, 0}),
		bytes({0x01, 0x00, 0x00, 0x00}), // nfgenmsg: inet, v0, res_id 0
		bytes({0x0b, 0, 0x01, 0, 'f', 'i', 'l', 't', 'e', 'r', 0, 0}),
		bytes({0x0a, 0, 0x02, 0, 'i', 'n', 'p', 'u', 't', 0, 0, 0}),
		bytes({0x28, 0, 0x04, 0x80}), // NFTA_RULE_EXPRESSIONS
		bytes({0x24, 0, 0x01, 0x80}), // NFTA_LIST_ELEM
		bytes({0x0e, 0, 0x01, 0, 'r', 't', 'p', 'e', 'n', 'g', 'i', 'n', 'e', 0, 0, 0}),
		bytes({0x10, 0, 0x02, 0x80}), // NFTA_EXPR_DATA
		bytes({0x08, 0, 0x01, 0, 0x2a, 0, 0, 0}), // 1: table id, host order
		bytes({0x04, 0, 0x02, 0}),                // 2: create
	});
	CHECK(hex(*msg) == hex(want));
}

TEST_CASE("exclusive is attribute 3; insert leaves NLM_F_APPEND out")
{
	auto msg = nft::encode_new_rule(rule_of(nft::Family::ip6, {nft::Rtpengine{63, false, true}}),
					false, 1);
	REQUIRE(msg.ok());
	CHECK(hex(Bytes(msg->begin() + 6, msg->begin() + 8)) == "05 04");
	CHECK((*msg)[16] == 10); // NFPROTO_IPV6
	CHECK(hex(Bytes(msg->end() - 12, msg->end())) == "08 00 01 00 3f 00 00 00 04 00 03 00");
}

TEST_CASE("every match survives the trip through the kernel's message format")
{
	const nft::Rule rule = rule_of(
		nft::Family::inet,
		{nft::UdpDport{30000, 40000}, nft::Counter{}, nft::L4protoUdp{}, nft::UdpDport{5000, 5000},
		 nft::Daddr{false, {10, 1, 0, 0}, 16}, nft::Daddr{false, {10, 1, 2, 3}, 32},
		 nft::Daddr{true, {0x20, 0x01, 0x0d, 0xb8}, 32},
		 nft::Daddr{true, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128},
		 nft::Iifname{"veth0"}, nft::L4protoUdp{}, nft::Rtpengine{42, false, true}});
	const nft::Rule back = round_trip(rule);
	// An explicit "meta l4proto udp" before "udp dport" is the dependency nft
	// (and rtpnl) would add anyway: it reads back as one match.
	std::vector<nft::Item> want = rule.items;
	want.erase(want.begin() + 2);
	CHECK(nft::format_items(back) == nft::format_items(rule_of(nft::Family::inet, want)));
	CHECK(back.items == want);
	CHECK(back.savable());
}

TEST_CASE("ip and ip6 tables need no family dependency")
{
	const nft::Rule v4 = rule_of(nft::Family::ip, {nft::Daddr{false, {192, 168, 0, 0}, 24},
						       nft::Rtpengine{1, false, false}});
	auto msg = nft::encode_new_rule(v4, true, 1);
	REQUIRE(msg.ok());
	CHECK(hex(*msg).find(hex(bytes({'m', 'e', 't', 'a'}))) == std::string::npos);
	CHECK(round_trip(v4).items == v4.items);
	const nft::Rule v6 = rule_of(nft::Family::ip6, {nft::Daddr{true, {0xfd}, 8},
							nft::Rtpengine{1, false, false}});
	CHECK(round_trip(v6).items == v6.items);
}

TEST_CASE("an expression rtpnl does not build reads back as unknown and is not saved")
{
	const Bytes fixed = dumped_rule(concat({
		bytes({0x0c, 0, 0x01, 0x80, 0x08, 0, 0x01, 0, 'l', 'o', 'g', 0}),
		// an rtpengine element whose table id is 2 bytes, not 4
		bytes({0x20, 0, 0x01, 0x80}),
		bytes({0x0e, 0, 0x01, 0, 'r', 't', 'p', 'e', 'n', 'g', 'i', 'n', 'e', 0, 0, 0}),
		bytes({0x0c, 0, 0x02, 0x80, 0x06, 0, 0x01, 0, 5, 0, 0, 0}),
	}));
	auto rule = nft::decode_rule(fixed);
	REQUIRE(rule.ok());
	CHECK(rule->handle == 9);
	REQUIRE(rule->items.size() == 2);
	CHECK(std::get<nft::Unknown>(rule->items[0]).name == "log");
	CHECK(std::get<nft::Unknown>(rule->items[1]).name == "rtpengine");
	CHECK(rule->rtpengine() == nullptr);
	CHECK_FALSE(rule->savable());
	CHECK_FALSE(nft::encode_new_rule(*rule, true, 1).ok());
}

TEST_CASE("malformed or foreign messages are refused")
{
	CHECK(nft::decode_rule(bytes({1, 2, 3})).error().errnum == EBADMSG);
	// A table message, not a rule.
	Bytes table = bytes({0x14, 0, 0, 0, 0x00, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0});
	CHECK(nft::decode_rule(table).error().errnum == EBADMSG);
	// A bridge-family rule: not ours to show.
	Bytes bridge = bytes({0x14, 0, 0, 0, 0x06, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0});
	CHECK(nft::decode_rule(bridge).error().errnum == EAFNOSUPPORT);
	// No table, chain or handle.
	Bytes bare = bytes({0x14, 0, 0, 0, 0x06, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0});
	CHECK(nft::decode_rule(bare).error().errnum == EBADMSG);
}

TEST_CASE("one batch: begin, the messages, end")
{
	const std::vector<Bytes> msgs{nft::encode_del_rule(nft::Family::inet, "filter", "input", 7, 11)};
	const Bytes batch = nft::encode_batch(msgs, 10);
	// NFNL_MSG_BATCH_BEGIN, seq 10, res_id = NFNL_SUBSYS_NFTABLES (be16)
	CHECK(hex(Bytes(batch.begin(), batch.begin() + 20)) ==
	      "14 00 00 00 10 00 01 00 0a 00 00 00 00 00 00 00 00 00 00 0a");
	const Bytes &del = msgs[0];
	CHECK(hex(Bytes(batch.begin() + 20, batch.begin() + 20 + static_cast<long>(del.size()))) == hex(del));
	// NFT_MSG_DELRULE, REQUEST | ACK; the handle last, big-endian
	CHECK(hex(Bytes(del.begin() + 4, del.begin() + 8)) == "08 0a 05 00");
	CHECK(hex(Bytes(del.end() - 12, del.end())) == "0c 00 03 00 00 00 00 00 00 00 00 07");
	CHECK(hex(Bytes(batch.end() - 20, batch.end() - 12)) == "14 00 00 00 11 00 01 00");
	CHECK(batch[batch.size() - 12] == 12); // end: seq 10 + 1 message + 1
}

TEST_CASE("a rule dump can be narrowed to a family, table and chain")
{
	const Bytes all = nft::encode_get_rules(std::nullopt, "", "", 3);
	CHECK(hex(all) == "14 00 00 00 07 0a 01 03 03 00 00 00 00 00 00 00 00 00 00 00");
	const Bytes one = nft::encode_get_rules(nft::Family::ip, "t", "c", 3);
	CHECK(hex(Bytes(one.begin() + 16, one.end())) == "02 00 00 00 06 00 01 00 74 00 00 00 06 00 02 00 63 00 00 00");
}

TEST_CASE("table and chain look-ups, byte for byte")
{
	CHECK(hex(nft::encode_get_table(nft::Family::inet, "filter", 5)) ==
	      "20 00 00 00 01 0a 05 00 05 00 00 00 00 00 00 00 01 00 00 00 "
	      "0b 00 01 00 66 69 6c 74 65 72 00 00");
	// NFTA_CHAIN_TABLE (1), then NFTA_CHAIN_NAME (3)
	CHECK(hex(nft::encode_get_chain(nft::Family::ip6, "filter", "input", 5)) ==
	      "2c 00 00 00 04 0a 05 00 05 00 00 00 00 00 00 00 0a 00 00 00 "
	      "0b 00 01 00 66 69 6c 74 65 72 00 00 0a 00 03 00 69 6e 70 75 74 00 00 00");
}

TEST_CASE("every match and a position, byte for byte")
{
	const nft::Rule rule = rule_of(
		nft::Family::inet,
		{nft::UdpDport{30000, 40000}, nft::Counter{}, nft::L4protoUdp{}, nft::UdpDport{5000, 5000},
		 nft::Daddr{false, {10, 1, 0, 0}, 16}, nft::Daddr{true, {0x20, 0x01, 0x0d, 0xb8}, 32},
		 nft::Iifname{"veth0"}, nft::Rtpengine{42, true, true}});
	auto msg = nft::encode_new_rule(rule, false, 9, 77);
	REQUIRE(msg.ok());
	// As libnftnl 1.2.4 builds the stock expressions, in the bytecode nft
	// 1.0.6 generates for the same words (compared through a kernel, nft
	// --debug=netlink): the range as cmp gte and cmp lte, the /16 and /32
	// prefixes as 2- and 4-byte loads. rtpengine last.
	CHECK(hex(*msg) ==
	      "c0 03 00 00 06 0a 05 04 09 00 00 00 00 00 00 00 01 00 00 00 0b 00 01 00 "
	      "66 69 6c 74 65 72 00 00 0a 00 02 00 69 6e 70 75 74 00 00 00 0c 00 06 00 "
	      "00 00 00 00 00 00 00 4d 88 03 04 80 24 00 01 80 09 00 01 00 6d 65 74 61 "
	      "00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 10 08 00 01 00 00 00 00 01 "
	      "2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 00 0c 00 03 80 05 00 01 00 11 00 00 00 34 00 01 80 "
	      "0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 02 08 00 03 00 00 00 00 02 08 00 04 00 00 00 00 02 "
	      "2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 05 0c 00 03 80 06 00 01 00 75 30 00 00 2c 00 01 80 "
	      "08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
	      "00 00 00 03 0c 00 03 80 06 00 01 00 9c 40 00 00 14 00 01 80 0c 00 01 00 "
	      "63 6f 75 6e 74 65 72 00 04 00 02 80 24 00 01 80 09 00 01 00 6d 65 74 61 "
	      "00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 10 08 00 01 00 00 00 00 01 "
	      "2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 00 0c 00 03 80 05 00 01 00 11 00 00 00 34 00 01 80 "
	      "0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 02 08 00 03 00 00 00 00 02 08 00 04 00 00 00 00 02 "
	      "2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 00 0c 00 03 80 06 00 01 00 13 88 00 00 24 00 01 80 "
	      "09 00 01 00 6d 65 74 61 00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 0f "
	      "08 00 01 00 00 00 00 01 2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 "
	      "08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 05 00 01 00 "
	      "02 00 00 00 34 00 01 80 0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 "
	      "08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 01 08 00 03 00 00 00 00 10 "
	      "08 00 04 00 00 00 00 02 2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 "
	      "08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 06 00 01 00 "
	      "0a 01 00 00 24 00 01 80 09 00 01 00 6d 65 74 61 00 00 00 00 14 00 02 80 "
	      "08 00 02 00 00 00 00 0f 08 00 01 00 00 00 00 01 2c 00 01 80 08 00 01 00 "
	      "63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 "
	      "0c 00 03 80 05 00 01 00 0a 00 00 00 34 00 01 80 0c 00 01 00 70 61 79 6c "
	      "6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 01 "
	      "08 00 03 00 00 00 00 18 08 00 04 00 00 00 00 04 2c 00 01 80 08 00 01 00 "
	      "63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 "
	      "0c 00 03 80 08 00 01 00 20 01 0d b8 24 00 01 80 09 00 01 00 6d 65 74 61 "
	      "00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 06 08 00 01 00 00 00 00 01 "
	      "38 00 01 80 08 00 01 00 63 6d 70 00 2c 00 02 80 08 00 01 00 00 00 00 01 "
	      "08 00 02 00 00 00 00 00 18 00 03 80 14 00 01 00 76 65 74 68 30 00 00 00 "
	      "00 00 00 00 00 00 00 00 28 00 01 80 0e 00 01 00 72 74 70 65 6e 67 69 6e "
	      "65 00 00 00 14 00 02 80 08 00 01 00 2a 00 00 00 04 00 02 00 04 00 03 00");
}

TEST_CASE("stock matches after the rtpengine expression keep their place")
{
	const nft::Rule rule = rule_of(nft::Family::ip, {nft::Rtpengine{5, false, false}, nft::Counter{},
							 nft::UdpDport{9, 9}});
	CHECK(round_trip(rule).items == rule.items);
}

TEST_CASE("the longest rule fits one message")
{
	std::vector<nft::Item> items(63, nft::Daddr{true, {0xfd}, 64});
	items.emplace_back(nft::Rtpengine{1, false, false});
	const nft::Rule rule = rule_of(nft::Family::inet, items);
	CHECK(round_trip(rule).items == rule.items);
}

TEST_CASE("a stock expression with a wrongly sized attribute reads back as unknown")
{
	// meta with a 2-byte NFTA_META_KEY: libnftnl would exit() on it.
	const Bytes fixed = dumped_rule(
		bytes({0x1c, 0, 0x01, 0x80, 0x09, 0, 0x01, 0, 'm', 'e', 't', 'a', 0, 0, 0, 0,
		       0x0c, 0, 0x02, 0x80, 0x06, 0, 0x01, 0, 1, 0, 0, 0}));
	auto rule = nft::decode_rule(fixed);
	REQUIRE(rule.ok());
	REQUIRE(rule->items.size() == 1);
	CHECK(std::get<nft::Unknown>(rule->items[0]).name == "meta");
	// The handle attribute 4 bytes short: the whole message is refused.
	Bytes short_handle = fixed;
	short_handle[44] = 0x08;
	CHECK(nft::decode_rule(short_handle).error().errnum == EBADMSG);
}

// ---- netdev ----------------------------------------------------------------

TEST_CASE("netdev: the family byte, and every match survives the trip")
{
	const nft::Rule rule = rule_of(
		nft::Family::netdev,
		{nft::Iifname{"eth0"}, nft::Daddr{false, {192, 0, 2, 0}, 24}, nft::UdpDport{30000, 40000},
		 nft::Daddr{true, {0x20, 0x01, 0x0d, 0xb8}, 60}, nft::Daddr{false, {10, 1, 2, 3}, 32},
		 nft::Daddr{true, {}, 0}, nft::L4protoUdp{}, nft::Counter{}, nft::Rtpengine{42, true, false}});
	auto msg = nft::encode_new_rule(rule, true, 1);
	REQUIRE(msg.ok());
	CHECK((*msg)[16] == 5); // NFPROTO_NETDEV
	const nft::Rule back = round_trip(rule);
	CHECK(back.items == rule.items);
	CHECK(nft::format_items(back) ==
	      "iifname \"eth0\" ip daddr 192.0.2.0/24 udp dport 30000-40000 ip6 daddr 2001:db8::/60 "
	      "ip daddr 10.1.2.3 ip6 daddr ::/0 meta l4proto udp counter packets 0 bytes 0 "
	      "rtpengine id 42 create");
	CHECK(back.savable());
	CHECK(hex(nft::encode_del_rule(nft::Family::netdev, "t", "c", 1, 2)).substr(48, 2) == "05");
	CHECK(hex(nft::encode_get_rules(nft::Family::netdev, "", "", 3)).substr(48, 2) == "05");
	CHECK(hex(nft::encode_get_chain(nft::Family::netdev, "t", "c", 3)).substr(48, 2) == "05");
}

TEST_CASE("netdev: ip daddr depends on meta protocol, byte for byte")
{
	const nft::Rule rule = rule_of(nft::Family::netdev, {nft::Daddr{false, {192, 0, 2, 0}, 24},
							     nft::UdpDport{30000, 40000},
							     nft::Rtpengine{42, false, false}});
	auto msg = nft::encode_new_rule(rule, true, 1);
	REQUIRE(msg.ok());
	// What nft 1.0.6 generates for "ip daddr 192.0.2.0/24 udp dport
	// 30000-40000" in a netdev chain:
	//   [ meta load protocol => reg 1 ]
	//   [ cmp eq reg 1 0x00000008 ]
	//   [ payload load 3b @ network header + 16 => reg 1 ]
	//   [ cmp eq reg 1 0x000200c0 ]
	//   [ meta load l4proto => reg 1 ]
	//   [ cmp eq reg 1 0x00000011 ]
	//   [ payload load 2b @ transport header + 2 => reg 1 ]
	//   [ cmp gte reg 1 0x00003075 ]
	//   [ cmp lte reg 1 0x0000409c ]
	// then the rtpengine expression.
	CHECK(hex(*msg) ==
	      "dc 01 00 00 06 0a 05 0c 01 00 00 00 00 00 00 00 05 00 00 00 0b 00 01 00 "
	      "66 69 6c 74 65 72 00 00 0a 00 02 00 69 6e 70 75 74 00 00 00 b0 01 04 80 "
	      "24 00 01 80 09 00 01 00 6d 65 74 61 00 00 00 00 14 00 02 80 08 00 02 00 "
	      "00 00 00 01 08 00 01 00 00 00 00 01 2c 00 01 80 08 00 01 00 63 6d 70 00 "
	      "20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 "
	      "06 00 01 00 08 00 00 00 34 00 01 80 0c 00 01 00 70 61 79 6c 6f 61 64 00 "
	      "24 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 01 08 00 03 00 "
	      "00 00 00 10 08 00 04 00 00 00 00 03 2c 00 01 80 08 00 01 00 63 6d 70 00 "
	      "20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 "
	      "07 00 01 00 c0 00 02 00 24 00 01 80 09 00 01 00 6d 65 74 61 00 00 00 00 "
	      "14 00 02 80 08 00 02 00 00 00 00 10 08 00 01 00 00 00 00 01 2c 00 01 80 "
	      "08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
	      "00 00 00 00 0c 00 03 80 05 00 01 00 11 00 00 00 34 00 01 80 0c 00 01 00 "
	      "70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
	      "00 00 00 02 08 00 03 00 00 00 00 02 08 00 04 00 00 00 00 02 2c 00 01 80 "
	      "08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
	      "00 00 00 05 0c 00 03 80 06 00 01 00 75 30 00 00 2c 00 01 80 08 00 01 00 "
	      "63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 03 "
	      "0c 00 03 80 06 00 01 00 9c 40 00 00 20 00 01 80 0e 00 01 00 72 74 70 65 "
	      "6e 67 69 6e 65 00 00 00 0c 00 02 80 08 00 01 00 2a 00 00 00");
}

TEST_CASE("netdev: the bytes the kernel dumps of an nft-made rule")
{
	// nft 1.0.6: add rule netdev t c udp dport 30000-40000 counter, dumped
	// by the kernel (6.18; handle 12, nests without NLA_F_NESTED), with an
	// rtpengine element appended to its expressions.
	Bytes msg = from_hex(
		"3c 01 00 00 06 0a 02 08 01 00 00 00 d6 41 00 00 05 00 00 1f 06 00 01 00 "
		"74 00 00 00 06 00 02 00 63 00 00 00 0c 00 03 00 00 00 00 00 00 00 00 0c "
		"0c 01 04 00 24 00 01 00 09 00 01 00 6d 65 74 61 00 00 00 00 14 00 02 00 "
		"08 00 02 00 00 00 00 10 08 00 01 00 00 00 00 01 2c 00 01 00 08 00 01 00 "
		"63 6d 70 00 20 00 02 00 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 "
		"0c 00 03 00 05 00 01 00 11 00 00 00 34 00 01 00 0c 00 01 00 70 61 79 6c "
		"6f 61 64 00 24 00 02 00 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 02 "
		"08 00 03 00 00 00 00 02 08 00 04 00 00 00 00 02 2c 00 01 00 08 00 01 00 "
		"63 6d 70 00 20 00 02 00 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 05 "
		"0c 00 03 00 06 00 01 00 75 30 00 00 2c 00 01 00 08 00 01 00 63 6d 70 00 "
		"20 00 02 00 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 03 0c 00 03 00 "
		"06 00 01 00 9c 40 00 00 2c 00 01 00 0c 00 01 00 63 6f 75 6e 74 65 72 00 "
		"1c 00 02 00 0c 00 01 00 00 00 00 00 00 00 02 a0 0c 00 02 00 00 00 00 00 "
		"00 00 00 07");
	REQUIRE(msg.size() == 0x13c);
	// As the kernel dumps the expression: table id 42, create.
	const Bytes rtpengine = concat({
		bytes({0x24, 0, 0x01, 0}),
		bytes({0x0e, 0, 0x01, 0, 'r', 't', 'p', 'e', 'n', 'g', 'i', 'n', 'e', 0, 0, 0}),
		bytes({0x10, 0, 0x02, 0}),
		bytes({0x08, 0, 0x01, 0, 42, 0, 0, 0}),
		bytes({0x04, 0, 0x02, 0}),
	});
	msg.insert(msg.end(), rtpengine.begin(), rtpengine.end());
	const auto grow = [&msg](std::size_t at, std::size_t by) {
		const auto len = static_cast<std::uint16_t>(msg[at] | msg[at + 1] << 8) + by;
		msg[at] = static_cast<std::uint8_t>(len);
		msg[at + 1] = static_cast<std::uint8_t>(len >> 8);
	};
	grow(0, rtpengine.size());  // nlmsg_len
	grow(48, rtpengine.size()); // NFTA_RULE_EXPRESSIONS
	auto rule = nft::decode_rule(msg);
	REQUIRE(rule.ok());
	CHECK(rule->family == nft::Family::netdev);
	CHECK(rule->table == "t");
	CHECK(rule->chain == "c");
	CHECK(rule->handle == 12);
	CHECK(rule->items == std::vector<nft::Item>{nft::UdpDport{30000, 40000}, nft::Counter{7, 672},
						   nft::Rtpengine{42, true, false}});
	CHECK(nft::format_items(*rule) ==
	      "udp dport 30000-40000 counter packets 7 bytes 672 rtpengine id 42 create");
	// And rtpnl builds that rule with the same expressions.
	const nft::Rule built = round_trip(*rule);
	CHECK(built.items.size() == 3);
	CHECK(std::get<nft::UdpDport>(built.items[0]) == nft::UdpDport{30000, 40000});
}

TEST_CASE("netdev: a network header load without meta protocol is no ip daddr")
{
	// Built in an ip table (no dependency), read as netdev: nft shows it as
	// "@nh,128,32 ...", and rtpnl cannot save it as "ip daddr".
	const nft::Rule v4 = rule_of(nft::Family::ip, {nft::Daddr{false, {192, 0, 2, 1}, 32},
						       nft::Rtpengine{1, false, false}});
	auto msg = nft::encode_new_rule(v4, true, 1);
	REQUIRE(msg.ok());
	Bytes netdev = with_handle(*msg, 3);
	netdev[16] = 5;
	auto rule = nft::decode_rule(netdev);
	REQUIRE(rule.ok());
	REQUIRE(rule->items.size() == 3);
	CHECK(std::get<nft::Unknown>(rule->items[0]).name == "payload");
	CHECK(std::get<nft::Unknown>(rule->items[1]).name == "cmp");
	CHECK_FALSE(rule->savable());
	// "meta nfproto ipv4" never matches in netdev (nft refuses it there):
	// no dependency of a daddr either.
	const nft::Rule inet = rule_of(nft::Family::inet, v4.items);
	msg = nft::encode_new_rule(inet, true, 1);
	REQUIRE(msg.ok());
	netdev = with_handle(*msg, 3);
	netdev[16] = 5;
	rule = nft::decode_rule(netdev);
	REQUIRE(rule.ok());
	CHECK(std::get<nft::Unknown>(rule->items[0]).name == "meta");
	CHECK_FALSE(rule->savable());
	// And "meta protocol ip" is no dependency outside netdev.
	const nft::Rule nd = rule_of(nft::Family::netdev, v4.items);
	msg = nft::encode_new_rule(nd, true, 1);
	REQUIRE(msg.ok());
	Bytes inet_bytes = with_handle(*msg, 3);
	inet_bytes[16] = 1;
	rule = nft::decode_rule(inet_bytes);
	REQUIRE(rule.ok());
	CHECK(std::get<nft::Unknown>(rule->items[0]).name == "meta");
}

TEST_CASE("rules older rtpnl built (range eq, a full load masked) still read back")
{
	// The message the byte-for-byte test expected before rtpnl built what
	// nft builds.
	const Bytes old = with_handle(from_hex(
	"50 04 00 00 06 0a 05 04 09 00 00 00 00 00 00 00 01 00 00 00 0b 00 01 00 "
		"66 69 6c 74 65 72 00 00 0a 00 02 00 69 6e 70 75 74 00 00 00 0c 00 06 00 "
		"00 00 00 00 00 00 00 4d 18 04 04 80 24 00 01 80 09 00 01 00 6d 65 74 61 "
		"00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 10 08 00 01 00 00 00 00 01 "
		"2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 "
		"08 00 02 00 00 00 00 00 0c 00 03 80 05 00 01 00 11 00 00 00 34 00 01 80 "
		"0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01 "
		"08 00 02 00 00 00 00 02 08 00 03 00 00 00 00 02 08 00 04 00 00 00 00 02 "
		"3c 00 01 80 0a 00 01 00 72 61 6e 67 65 00 00 00 2c 00 02 80 08 00 01 00 "
		"00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 06 00 01 00 75 30 00 00 "
		"0c 00 04 80 06 00 01 00 9c 40 00 00 14 00 01 80 0c 00 01 00 63 6f 75 6e "
		"74 65 72 00 04 00 02 80 24 00 01 80 09 00 01 00 6d 65 74 61 00 00 00 00 "
		"14 00 02 80 08 00 02 00 00 00 00 10 08 00 01 00 00 00 00 01 2c 00 01 80 "
		"08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
		"00 00 00 00 0c 00 03 80 05 00 01 00 11 00 00 00 34 00 01 80 0c 00 01 00 "
		"70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
		"00 00 00 02 08 00 03 00 00 00 00 02 08 00 04 00 00 00 00 02 2c 00 01 80 "
		"08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 "
		"00 00 00 00 0c 00 03 80 06 00 01 00 13 88 00 00 24 00 01 80 09 00 01 00 "
		"6d 65 74 61 00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 0f 08 00 01 00 "
		"00 00 00 01 2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 "
		"00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 05 00 01 00 02 00 00 00 "
		"34 00 01 80 0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 "
		"00 00 00 01 08 00 02 00 00 00 00 01 08 00 03 00 00 00 00 10 08 00 04 00 "
		"00 00 00 04 44 00 01 80 0c 00 01 00 62 69 74 77 69 73 65 00 34 00 02 80 "
		"08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 01 08 00 03 00 00 00 00 04 "
		"0c 00 04 80 08 00 01 00 ff ff 00 00 0c 00 05 80 08 00 01 00 00 00 00 00 "
		"2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01 "
		"08 00 02 00 00 00 00 00 0c 00 03 80 08 00 01 00 0a 01 00 00 24 00 01 80 "
		"09 00 01 00 6d 65 74 61 00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 0f "
		"08 00 01 00 00 00 00 01 2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 "
		"08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 00 0c 00 03 80 05 00 01 00 "
		"0a 00 00 00 34 00 01 80 0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 "
		"08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 01 08 00 03 00 00 00 00 18 "
		"08 00 04 00 00 00 00 10 5c 00 01 80 0c 00 01 00 62 69 74 77 69 73 65 00 "
		"4c 00 02 80 08 00 01 00 00 00 00 01 08 00 02 00 00 00 00 01 08 00 03 00 "
		"00 00 00 10 18 00 04 80 14 00 01 00 ff ff ff ff 00 00 00 00 00 00 00 00 "
		"00 00 00 00 18 00 05 80 14 00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		"00 00 00 00 38 00 01 80 08 00 01 00 63 6d 70 00 2c 00 02 80 08 00 01 00 "
		"00 00 00 01 08 00 02 00 00 00 00 00 18 00 03 80 14 00 01 00 20 01 0d b8 "
		"00 00 00 00 00 00 00 00 00 00 00 00 24 00 01 80 09 00 01 00 6d 65 74 61 "
		"00 00 00 00 14 00 02 80 08 00 02 00 00 00 00 06 08 00 01 00 00 00 00 01 "
		"38 00 01 80 08 00 01 00 63 6d 70 00 2c 00 02 80 08 00 01 00 00 00 00 01 "
		"08 00 02 00 00 00 00 00 18 00 03 80 14 00 01 00 76 65 74 68 30 00 00 00 "
		"00 00 00 00 00 00 00 00 28 00 01 80 0e 00 01 00 72 74 70 65 6e 67 69 6e "
		"65 00 00 00 14 00 02 80 08 00 01 00 2a 00 00 00 04 00 02 00 04 00 03 00"), 5);
	auto rule = nft::decode_rule(old);
	REQUIRE(rule.ok());
	CHECK(rule->items == std::vector<nft::Item>{
				     nft::UdpDport{30000, 40000}, nft::Counter{}, nft::UdpDport{5000, 5000},
				     nft::Daddr{false, {10, 1, 0, 0}, 16},
				     nft::Daddr{true, {0x20, 0x01, 0x0d, 0xb8}, 32}, nft::Iifname{"veth0"},
				     nft::Rtpengine{42, true, true}});
}

TEST_CASE("a dependency once per rule, as nft adds it")
{
	// nft 1.0.6, netdev: ip daddr 192.0.2.0/24 counter ip daddr 192.0.2.1
	// udp dport 5 counter udp dport 6:
	//   [ meta load protocol ] [ cmp eq 0x0008 ] [ payload 3b @ nh + 16 ]
	//   [ cmp eq ] [ counter ] [ payload 4b @ nh + 16 ] [ cmp eq ]
	//   [ meta load l4proto ] [ cmp eq 0x11 ] [ payload 2b @ th + 2 ]
	//   [ cmp eq ] [ counter ] [ payload 2b @ th + 2 ] [ cmp eq ]
	const nft::Rule rule = rule_of(
		nft::Family::netdev,
		{nft::Daddr{false, {192, 0, 2, 0}, 24}, nft::Counter{}, nft::Daddr{false, {192, 0, 2, 1}, 32},
		 nft::UdpDport{5, 5}, nft::Counter{}, nft::UdpDport{6, 6}, nft::Rtpengine{1, false, false}});
	auto msg = nft::encode_new_rule(rule, true, 1);
	REQUIRE(msg.ok());
	const std::string h = hex(*msg);
	auto count = [&h](const std::string &what) {
		std::size_t n = 0;
		for (std::size_t at = h.find(what); at != std::string::npos; at = h.find(what, at + 1))
			++n;
		return n;
	};
	const std::string meta = hex(bytes({'m', 'e', 't', 'a'}));
	const std::string payload = hex(bytes({'p', 'a', 'y', 'l', 'o', 'a', 'd'}));
	CHECK(count(meta) == 2);    // protocol, l4proto
	CHECK(count(payload) == 4); // two daddr, two dport
	// The second daddr, without its own dependency, is still one in netdev.
	CHECK(round_trip(rule).items == rule.items);
}
