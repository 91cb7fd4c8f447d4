// Netlink framing: request bytes, message splitting, acks and extended acks
// from hand-built buffers.
#include "bytes.hpp"

#include "rtpnl/nl_message.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

using namespace rtpnl;

namespace {

// TABLE_NEW id 42 as sent: family 0x1c, NLM_F_REQUEST|NLM_F_ACK, seq 7.
const Bytes table_new_42 = bytes({
	0x1c, 0x00, 0x00, 0x00, // nlmsg_len 28
	0x1c, 0x00,		// nlmsg_type: family id 28
	0x05, 0x00,		// NLM_F_REQUEST | NLM_F_ACK
	0x07, 0x00, 0x00, 0x00, // seq 7
	0x00, 0x00, 0x00, 0x00, // pid 0: the kernel fills it
	0x01, 0x01, 0x00, 0x00, // genlmsghdr: cmd TABLE_NEW, version 1
	0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00, // RTPFWD_A_TABLE_ID 42
});

// The extack TLVs of a policy rejection: "integer out of range" at offset 20.
const Bytes range_tlvs = concat({
	bytes({0x19, 0x00, 0x01, 0x00}), // NLMSGERR_ATTR_MSG, 4 + 21 bytes
	bytes({'i', 'n', 't', 'e', 'g', 'e', 'r', ' ', 'o', 'u', 't', ' ', 'o', 'f', ' ', 'r', 'a',
	       'n', 'g', 'e', 0x00, 0x00, 0x00, 0x00}),
	bytes({0x08, 0x00, 0x02, 0x00, 0x14, 0x00, 0x00, 0x00}), // NLMSGERR_ATTR_OFFS 20
});

NlMessage only_message(const Bytes &buf)
{
	auto msgs = parse_messages(buf);
	REQUIRE(msgs.ok());
	REQUIRE(msgs->size() == 1);
	return (*msgs)[0];
}

} // namespace

TEST_CASE("encode_genl_request: TABLE_NEW 42, golden bytes")
{
	const Bytes attrs = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});
	const auto req = encode_genl_request(GenlRequest{0x1c, 0x04 /* NLM_F_ACK */, 7, 1, 1, attrs});
	CHECK(hex(req) == hex(table_new_42));
}

TEST_CASE("encode_genl_request: dump flags, no attributes")
{
	const auto req = encode_genl_request(GenlRequest{0x20, 0x300 /* NLM_F_DUMP */, 1, 3, 1, {}});
	CHECK(hex(req) == hex(bytes({0x14, 0, 0, 0, 0x20, 0x00, 0x01, 0x03, 1, 0, 0, 0, 0, 0, 0, 0,
				    0x03, 0x01, 0x00, 0x00})));
}

TEST_CASE("parse_messages splits a datagram and exposes header fields")
{
	const Bytes done = bytes({0x14, 0, 0, 0, 0x03, 0x00, 0x02, 0x00, 7, 0, 0, 0, 0xd2, 0x04, 0, 0,
				  0, 0, 0, 0}); // NLMSG_DONE, NLM_F_MULTI, error 0
	const Bytes datagram = concat({table_new_42, done});
	auto msgs = parse_messages(datagram);
	REQUIRE(msgs.ok());
	REQUIRE(msgs->size() == 2);
	CHECK((*msgs)[0].type == 0x1c);
	CHECK((*msgs)[0].flags == 0x05);
	CHECK((*msgs)[0].seq == 7);
	CHECK((*msgs)[0].payload.size() == 12);
	CHECK((*msgs)[1].type == 3);
	CHECK((*msgs)[1].pid == 1234);
	auto genl = parse_genl((*msgs)[0]);
	REQUIRE(genl.ok());
	CHECK(genl->cmd == 1);
	CHECK(genl->version == 1);
	CHECK(genl->attrs.size() == 8);
}

TEST_CASE("parse_messages rejects bad lengths")
{
	SUBCASE("nlmsg_len larger than the datagram")
	{
		Bytes b = table_new_42;
		b[0] = 0x40;
		auto r = parse_messages(b);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
	}
	SUBCASE("nlmsg_len smaller than the header")
	{
		Bytes b = table_new_42;
		b[0] = 0x08;
		CHECK_FALSE(parse_messages(b).ok());
	}
	SUBCASE("trailing bytes shorter than a header")
	{
		CHECK_FALSE(parse_messages(concat({table_new_42, bytes({1, 2, 3, 4})})).ok());
	}
	SUBCASE("genl payload shorter than genlmsghdr")
	{
		const Bytes b = bytes({0x12, 0, 0, 0, 0x1c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
		CHECK_FALSE(parse_genl(only_message(b)).ok());
	}
}

TEST_CASE("NLMSG_ERROR with error 0 is an ack")
{
	const Bytes ack = concat({bytes({0x24, 0, 0, 0, 0x02, 0x00, 0x00, 0x01, 7, 0, 0, 0, 0, 0, 0, 0}),
				  bytes({0, 0, 0, 0}), // error 0
				  Bytes(table_new_42.begin(), table_new_42.begin() + 16)});
	auto r = parse_error(only_message(ack)); // flags: NLM_F_CAPPED
	REQUIRE(r.ok());
	CHECK(r->errnum == 0);
	CHECK(r->message.empty());
	CHECK(r->request_seq == 7);
	CHECK(r->request_type == 0x1c);
}

TEST_CASE("extended ack, capped: ERANGE 'integer out of range' at offset 20")
{
	const Bytes err = concat({
		bytes({0x48, 0x00, 0x00, 0x00, // nlmsg_len 72
		       0x02, 0x00,	       // NLMSG_ERROR
		       0x00, 0x03,	       // NLM_F_CAPPED | NLM_F_ACK_TLVS
		       0x07, 0x00, 0x00, 0x00, 0xd2, 0x04, 0x00, 0x00}),
		bytes({0xde, 0xff, 0xff, 0xff}), // -34 = -ERANGE
		Bytes(table_new_42.begin(), table_new_42.begin() + 16), // request header only
		range_tlvs,
	});
	auto r = parse_error(only_message(err));
	REQUIRE(r.ok());
	CHECK(r->errnum == ERANGE);
	CHECK(r->message == "integer out of range");
	REQUIRE(r->offset.has_value());
	CHECK(*r->offset == 20);
	CHECK(r->request_seq == 7);

	const Error e = r->to_error();
	CHECK(e.origin == Error::Origin::kernel);
	CHECK(e.code() == std::errc::result_out_of_range);
	CHECK(e.text() == "integer out of range");
}

TEST_CASE("extended ack, not capped: TLVs follow the echoed request")
{
	const Bytes err = concat({
		bytes({0x54, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x02, // len 84, NLM_F_ACK_TLVS
		       0x07, 0x00, 0x00, 0x00, 0xd2, 0x04, 0x00, 0x00}),
		bytes({0xef, 0xff, 0xff, 0xff}), // -17 = -EEXIST
		table_new_42,			 // the whole request
		range_tlvs,
	});
	auto r = parse_error(only_message(err));
	REQUIRE(r.ok());
	CHECK(r->errnum == EEXIST);
	CHECK(r->message == "integer out of range");
	CHECK(r->offset == 20u);
}

TEST_CASE("extended ack without NLM_F_ACK_TLVS is ignored")
{
	const Bytes err = concat({
		bytes({0x48, 0, 0, 0, 0x02, 0x00, 0x00, 0x01, 7, 0, 0, 0, 0, 0, 0, 0}), // CAPPED only
		bytes({0xfe, 0xff, 0xff, 0xff}), // -ENOENT
		Bytes(table_new_42.begin(), table_new_42.begin() + 16),
		range_tlvs,
	});
	auto r = parse_error(only_message(err));
	REQUIRE(r.ok());
	CHECK(r->errnum == ENOENT);
	CHECK(r->message.empty());
	CHECK_FALSE(r->offset.has_value());
}

TEST_CASE("malformed NLMSG_ERROR messages are rejected")
{
	SUBCASE("shorter than struct nlmsgerr")
	{
		const Bytes b = bytes({0x18, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff,
				       0, 0, 0, 0});
		CHECK_FALSE(parse_error(only_message(b)).ok());
	}
	SUBCASE("not capped, echoed request longer than the message")
	{
		const Bytes b = concat({bytes({0x24, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16)});
		auto r = parse_error(only_message(b)); // echoed nlmsg_len says 28, only 16 there
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
	}
	SUBCASE("positive error value")
	{
		const Bytes b = concat({bytes({0x24, 0, 0, 0, 2, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0x01, 0, 0, 0}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16)});
		CHECK_FALSE(parse_error(only_message(b)).ok());
	}
	SUBCASE("extack TLV with a bad length")
	{
		const Bytes b = concat({bytes({0x2c, 0, 0, 0, 2, 0, 0, 3, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16),
					bytes({0x20, 0x00, 0x01, 0x00, 'x', 0, 0, 0})});
		CHECK_FALSE(parse_error(only_message(b)).ok());
	}
	SUBCASE("extack message not NUL-terminated")
	{
		const Bytes b = concat({bytes({0x2c, 0, 0, 0, 2, 0, 0, 3, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16),
					bytes({0x08, 0x00, 0x01, 0x00, 'a', 'b', 'c', 'd'})});
		CHECK_FALSE(parse_error(only_message(b)).ok());
	}
}

TEST_CASE("NLMSG_DONE: plain, with an error and extack, and truncated")
{
	SUBCASE("error 0")
	{
		const Bytes b = bytes({0x14, 0, 0, 0, 3, 0, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
		auto r = parse_done(only_message(b));
		REQUIRE(r.ok());
		CHECK(r->errnum == 0);
		CHECK(r->request_seq == 9);
	}
	SUBCASE("dump failed midway with an extack message")
	{
		const Bytes b = concat({bytes({0x2c, 0, 0, 0, 3, 0, 0x02, 0x02, 9, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xea, 0xff, 0xff, 0xff}), // -EINVAL
					bytes({0x0c, 0x00, 0x01, 0x00, 'b', 'a', 'd', ' ', 'd', 'u', 'm',
					       0x00})});
		// nlmsg_len 0x2c = 44 but only 32 bytes: must be rejected...
		CHECK_FALSE(parse_messages(b).ok());
		Bytes fixed = b;
		fixed[0] = static_cast<std::uint8_t>(b.size());
		auto r = parse_done(only_message(fixed));
		REQUIRE(r.ok());
		CHECK(r->errnum == EINVAL);
		CHECK(r->message == "bad dum");
	}
	SUBCASE("empty payload counts as success")
	{
		const Bytes b = bytes({0x10, 0, 0, 0, 3, 0, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0});
		auto r = parse_done(only_message(b));
		REQUIRE(r.ok());
		CHECK(r->errnum == 0);
	}
	SUBCASE("error code cut short")
	{
		const Bytes b = bytes({0x12, 0, 0, 0, 3, 0, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0xea, 0xff});
		CHECK_FALSE(parse_done(only_message(b)).ok());
	}
}
