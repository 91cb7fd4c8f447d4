// SPDX-License-Identifier: LGPL-2.1-or-later
// Table requests and replies of the "rtpengine" family, as golden bytes.
#include "bytes.hpp"
#include "genl_bytes.hpp"

#include "table_codec.hpp"

#include <doctest/doctest.h>

#include <cerrno>

using namespace rtpnl;

namespace {

const Bytes id_42 = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});

} // namespace

TEST_CASE("TABLE_NEW / DEL / GET requests carry RTPFWD_A_TABLE_ID")
{
	auto add = encode_table_new(42);
	REQUIRE(add.ok());
	CHECK(cmd_of(*add) == 1);
	CHECK_FALSE(add->dump);
	CHECK(hex(attrs_of(*add)) == hex(id_42));

	auto del = encode_table_del(63);
	REQUIRE(del.ok());
	CHECK(cmd_of(*del) == 2);
	CHECK(hex(attrs_of(*del)) == "08 00 01 00 3f 00 00 00");

	auto get = encode_table_get(0);
	REQUIRE(get.ok());
	CHECK(cmd_of(*get) == 3);
	CHECK(hex(attrs_of(*get)) == "08 00 01 00 00 00 00 00");
	// As sent: family 0x1c, seq 7, NLM_F_REQUEST | NLM_F_ACK.
	finish_request(*add, 0x1c, 7);
	CHECK(hex(message_bytes(*add)) == hex(concat({bytes({0x1c, 0, 0, 0, 0x1c, 0, 0x05, 0, 7, 0, 0, 0,
							      0, 0, 0, 0, 0x01, 0x01, 0, 0}),
						       id_42})));
}

TEST_CASE("the table dump is TABLE_GET with NLM_F_DUMP and no attributes")
{
	auto d = encode_table_dump();
	REQUIRE(d.ok());
	CHECK(cmd_of(*d) == 3);
	CHECK(d->dump);
	CHECK(attrs_of(*d).empty());
	finish_request(*d, 0x1c, 8);
	CHECK(flags_of(*d) == 0x301); // NLM_F_REQUEST | NLM_F_DUMP
}

TEST_CASE("decode a TABLE_GET reply built by hand")
{
	const Bytes attrs = concat({
		id_42,
		bytes({0x08, 0x00, 0x02, 0x00, 0x07, 0x00, 0x00, 0x00}), // RULES 7
		bytes({0x08, 0x00, 0x03, 0x00, 0xd2, 0x04, 0x00, 0x00}), // CONTROL_PID 1234
		bytes({0x08, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00}), // REFCNT 2
		bytes({0x05, 0x00, 0x63, 0x00, 0x01, 0x00, 0x00, 0x00}), // unknown type 99
	});
	auto t = decode_table(reply(3, attrs));
	REQUIRE(t.ok());
	CHECK(t->id == 42);
	CHECK(t->rules == 7u);
	CHECK(t->control_pid == 1234u);
	CHECK(t->refcnt == 2u);
}

TEST_CASE("a full reply message decodes through genl_message + codec")
{
	const Bytes datagram = concat({
		bytes({0x24, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, // len 36, family, NLM_F_MULTI
		       0x05, 0x00, 0x00, 0x00, 0xd2, 0x04, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00}),
		bytes({0x08, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00}), // ID 5
		bytes({0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00}), // RULES 0
	});
	auto msg = received(datagram);
	auto g = genl_message(nlmsg_hdr(msg.get()));
	REQUIRE(g.ok());
	auto t = decode_table(*g);
	REQUIRE(t.ok());
	CHECK(*t == Table{5, 0u, std::nullopt, std::nullopt});
}

TEST_CASE("absent reply-only attributes decode as nullopt")
{
	auto t = decode_table(reply(3, id_42));
	REQUIRE(t.ok());
	CHECK(t->id == 42);
	CHECK_FALSE(t->rules.has_value());
	CHECK_FALSE(t->control_pid.has_value());
	CHECK_FALSE(t->refcnt.has_value());
}

TEST_CASE("bad table replies are rejected")
{
	SUBCASE("no table id")
	{
		auto t = decode_table(reply(3, bytes({0x08, 0x00, 0x02, 0x00, 0x07, 0x00, 0x00, 0x00})));
		REQUIRE_FALSE(t.ok());
		CHECK(t.error().errnum == EBADMSG);
	}
	SUBCASE("rules attribute of the wrong size")
	{
		auto t = decode_table(reply(3, concat({id_42, bytes({0x06, 0x00, 0x02, 0x00, 0x07, 0x00, 0, 0})})));
		CHECK_FALSE(t.ok());
	}
	SUBCASE("truncated attribute")
	{
		CHECK_FALSE(decode_table(reply(3, bytes({0x08, 0x00, 0x01, 0x00, 0x2a}))).ok());
	}
	SUBCASE("unexpected command")
	{
		CHECK_FALSE(decode_table(reply(2, id_42)).ok());
	}
}

TEST_CASE("notify events")
{
	auto created = decode_table_event(reply(1, id_42));
	REQUIRE(created.ok());
	CHECK(*created == TableEvent{TableEvent::Kind::table_new, 42});

	auto deleted = decode_table_event(reply(2, id_42));
	REQUIRE(deleted.ok());
	CHECK(*deleted == TableEvent{TableEvent::Kind::table_del, 42});

	auto unknown = decode_table_event(reply(77, id_42));
	REQUIRE_FALSE(unknown.ok());
	CHECK(unknown.error().errnum == ENOTSUP);

	CHECK_FALSE(decode_table_event(reply(1, {})).ok());
}
