// Table requests and replies of the "rtpengine" family, as golden bytes.
#include "bytes.hpp"

#include "rtpnl/nl_message.hpp"
#include "rtpnl/table_codec.hpp"

#include <doctest/doctest.h>

#include <cerrno>

using namespace rtpnl;

namespace {

// A genl message view over attribute bytes, as the socket would hand it over.
GenlMessage reply(std::uint8_t cmd, const Bytes &attrs) { return GenlMessage{cmd, 1, attrs}; }

const Bytes id_42 = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});

} // namespace

TEST_CASE("TABLE_NEW / DEL / GET requests carry RTPFWD_A_TABLE_ID")
{
	const Request add = encode_table_new(42);
	CHECK(add.cmd == 1);
	CHECK_FALSE(add.dump);
	CHECK(hex(add.attrs) == hex(id_42));

	const Request del = encode_table_del(63);
	CHECK(del.cmd == 2);
	CHECK(hex(del.attrs) == "08 00 01 00 3f 00 00 00");

	const Request get = encode_table_get(0);
	CHECK(get.cmd == 3);
	CHECK(hex(get.attrs) == "08 00 01 00 00 00 00 00");
}

TEST_CASE("the table dump is TABLE_GET with NLM_F_DUMP and no attributes")
{
	const Request d = encode_table_dump();
	CHECK(d.cmd == 3);
	CHECK(d.dump);
	CHECK(d.attrs.empty());
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

TEST_CASE("a full reply message decodes through framing + codec")
{
	const Bytes datagram = concat({
		bytes({0x24, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, // len 36, family, NLM_F_MULTI
		       0x05, 0x00, 0x00, 0x00, 0xd2, 0x04, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00}),
		bytes({0x08, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00}), // ID 5
		bytes({0x08, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00}), // RULES 0
	});
	auto msgs = parse_messages(datagram);
	REQUIRE(msgs.ok());
	REQUIRE(msgs->size() == 1);
	auto g = parse_genl((*msgs)[0]);
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
