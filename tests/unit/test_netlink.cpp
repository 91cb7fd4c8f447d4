// SPDX-License-Identifier: LGPL-2.1-or-later
// Generic netlink on libnl: request bytes, strict attribute parsing against
// policies, acks and extended acks from hand-built buffers.
#include "bytes.hpp"
#include "genl_bytes.hpp"

#include "netlink.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <random>
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

Bytes built(RequestBuilder &&b)
{
	auto req = std::move(b).finish();
	REQUIRE(req.ok());
	return attrs_of(*req);
}

// A test policy: 1 u32, 2 u8, 3 u16, 4 string, 5 nest, 6 u64; max type 6.
const Policy &policy()
{
	static const Policy p(6, {attr_u32(1, "ONE"), attr_u8(2, "TWO"), attr_u16(3, "THREE"),
				  attr_string(4, "FOUR"), attr_any(5, "FIVE"), attr_u64(6, "SIX")});
	return p;
}

Result<Attrs> parse(Bytes &b, const std::string &what = "")
{
	return parse_attrs(reinterpret_cast<nlattr *>(b.data()), static_cast<int>(b.size()), policy(),
			   what);
}

Result<Ack> error_of(const Bytes &b) { return parse_error(nlmsg_hdr(received(b).get())); }
Result<Ack> done_of(const Bytes &b) { return parse_done(nlmsg_hdr(received(b).get())); }

} // namespace

TEST_CASE("a request: genlmsghdr, then finish_request's family, seq and flags, golden bytes")
{
	RequestBuilder b(1, 1);
	b.put_u32(1, 42);
	auto req = std::move(b).finish();
	REQUIRE(req.ok());
	CHECK(flags_of(*req) == 0);
	finish_request(*req, 0x1c, 7);
	CHECK(hex(message_bytes(*req)) == hex(table_new_42));
}

TEST_CASE("a dump request: NLM_F_DUMP instead of NLM_F_ACK, no attributes")
{
	auto req = RequestBuilder(3, 1).finish(true);
	REQUIRE(req.ok());
	CHECK(req->dump);
	finish_request(*req, 0x20, 1);
	CHECK(hex(message_bytes(*req)) == hex(bytes({0x14, 0, 0, 0, 0x20, 0x00, 0x01, 0x03, 1, 0, 0, 0,
						    0, 0, 0, 0, 0x03, 0x01, 0x00, 0x00})));
}

TEST_CASE("request flags are kept beside NLM_F_REQUEST | NLM_F_ACK")
{
	auto req = RequestBuilder(4, 1, 0x600).finish();
	REQUIRE(req.ok());
	CHECK(flags_of(*req) == 0x600);
	finish_request(*req, 0x1c, 1);
	CHECK(flags_of(*req) == 0x605);
}

TEST_CASE("u8 and u16 are padded to 4 bytes, nla_len excludes the padding")
{
	RequestBuilder b(1, 1);
	b.put_u8(5, 0xab);
	b.put_u16(6, 0x1234);
	CHECK(hex(built(std::move(b))) == hex(bytes({0x05, 0x00, 0x05, 0x00, 0xab, 0x00, 0x00, 0x00,
						     0x06, 0x00, 0x06, 0x00, 0x34, 0x12, 0x00, 0x00})));
}

TEST_CASE("binary keeps its bytes, padded")
{
	RequestBuilder b(1, 1);
	const Bytes blob = bytes({1, 2, 3});
	b.put_binary(8, blob);
	CHECK(hex(built(std::move(b))) == hex(bytes({0x07, 0x00, 0x08, 0x00, 1, 2, 3, 0})));
}

TEST_CASE("nests set NLA_F_NESTED and cover their children")
{
	RequestBuilder b(1, 1);
	nlattr *outer = b.begin_nest(1);
	b.put_u32(2, 1);
	nlattr *inner = b.begin_nest(3);
	b.put_u8(4, 0xff);
	b.end_nest(inner);
	b.end_nest(outer);
	CHECK(hex(built(std::move(b))) ==
	      hex(bytes({0x18, 0x00, 0x01, 0x80,			 // outer: 24 bytes
			 0x08, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, // u32
			 0x0c, 0x00, 0x03, 0x80,			 // inner: 12 bytes
			 0x05, 0x00, 0x04, 0x00, 0xff, 0x00, 0x00, 0x00})));
}

TEST_CASE("an empty nest is kept: just a header")
{
	RequestBuilder b(1, 1);
	b.end_nest(b.begin_nest(2));
	CHECK(hex(built(std::move(b))) == hex(bytes({0x04, 0x00, 0x02, 0x80})));
}

TEST_CASE("a request that does not fit makes finish() fail with EMSGSIZE")
{
	SUBCASE("an attribute larger than the message")
	{
		RequestBuilder b(1, 1);
		b.put_binary(1, Bytes(70000, 0));
		b.put_u32(2, 1); // ignored after the first error
		auto r = std::move(b).finish();
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EMSGSIZE);
	}
	SUBCASE("a nest that overflows the message")
	{
		RequestBuilder b(1, 1);
		nlattr *n = b.begin_nest(1);
		for (int i = 0; i < 2000; ++i)
			b.put_u32(2, 1);
		b.end_nest(n);
		auto r = std::move(b).finish();
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EMSGSIZE);
	}
}

// Builders of one thread write into the same page in turn (netlink.cpp):
// nothing of a request may show in the next, and two builders alive at
// once must not share it.
TEST_CASE("builders reuse one page: no byte of the last request, none shared")
{
	RequestBuilder big(1, 1, 0x300);
	big.put_binary(9, Bytes(1000, 0xee)); // key-like bytes
	auto first = std::move(big).finish();
	REQUIRE(first.ok());

	RequestBuilder small(2, 1);
	small.put_u8(5, 0xab);
	RequestBuilder other(3, 1); // while small holds the page
	other.put_u32(1, 42);
	auto a = std::move(small).finish();
	auto b = std::move(other).finish();
	REQUIRE(a.ok());
	REQUIRE(b.ok());
	CHECK(flags_of(*a) == 0);
	CHECK(hex(attrs_of(*a)) == hex(bytes({0x05, 0x00, 0x05, 0x00, 0xab, 0x00, 0x00, 0x00})));
	CHECK(hex(attrs_of(*b)) == hex(bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00})));
	CHECK(attrs_of(*first).size() == 1004);

	SUBCASE("after a failed request too")
	{
		RequestBuilder failed(1, 1);
		failed.put_binary(1, Bytes(70000, 0xee));
		REQUIRE_FALSE(std::move(failed).finish().ok());
		auto c = RequestBuilder(4, 1).finish();
		REQUIRE(c.ok());
		CHECK(attrs_of(*c).empty());
	}
}

TEST_CASE("parses attributes by type, skipping unknown ones")
{
	Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00,
			 0x09, 0x00, 0x04, 0x00, 'e', 't', 'h', '0', 0x00, 0x00, 0x00, 0x00,
			 0x05, 0x00, 0x63, 0x00, 0x01, 0x00, 0x00, 0x00}); // type 99: not in the policy
	auto attrs = parse(b);
	REQUIRE(attrs.ok());
	CHECK(attrs->u32(1) == 42u);
	CHECK(attrs->string(4) == "eth0");
	CHECK_FALSE(attrs->u8(2).has_value());
	CHECK(attrs->get(3) == nullptr);
}

TEST_CASE("an empty buffer is zero attributes")
{
	Bytes b;
	auto attrs = parse(b);
	REQUIRE(attrs.ok());
	CHECK(attrs->get(1) == nullptr);
	CHECK(attrs->all(1).empty());
}

TEST_CASE("the last attribute's padding may be missing")
{
	Bytes b = bytes({0x05, 0x00, 0x02, 0x00, 0x7f});
	auto attrs = parse(b);
	REQUIRE(attrs.ok());
	CHECK(attrs->u8(2) == std::uint8_t{0x7f});
}

TEST_CASE("malformed lengths are rejected")
{
	SUBCASE("nla_len below the header size")
	{
		Bytes b = bytes({0x03, 0x00, 0x01, 0x00});
		auto r = parse(b);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
	}
	SUBCASE("nla_len zero (would loop forever if accepted)")
	{
		Bytes b = bytes({0x00, 0x00, 0x01, 0x00, 0, 0, 0, 0});
		CHECK_FALSE(parse(b).ok());
	}
	SUBCASE("nla_len past the end of the buffer")
	{
		Bytes b = bytes({0x0c, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});
		auto r = parse(b, "outer");
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
		CHECK(r.error().text() == "outer: attribute at offset 0 has bad length 12 (8 bytes left)");
	}
	SUBCASE("second attribute truncated")
	{
		Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0, 0x08, 0x00, 0x02, 0x00, 1});
		CHECK_FALSE(parse(b).ok());
	}
	SUBCASE("stray bytes shorter than a header")
	{
		Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0, 0x04, 0x00});
		auto r = parse(b);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().text() == "2 stray bytes after the attributes at offset 8");
	}
}

TEST_CASE("the policy insists on the exact size and names the attribute")
{
	Bytes u16_as_one = bytes({0x06, 0x00, 0x01, 0x00, 0x01, 0x02, 0x00, 0x00});
	auto r = parse(u16_as_one, "output 1");
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EBADMSG);
	CHECK(r.error().text() == "output 1 ONE: attribute type 1 has 2 bytes, expected 4");
	Bytes u16_as_two = bytes({0x06, 0x00, 0x02, 0x00, 0x01, 0x02, 0x00, 0x00});
	CHECK(parse(u16_as_two).error().text() == "TWO: attribute type 2 has 2 bytes, expected 1");
	Bytes u32_as_six = bytes({0x08, 0x00, 0x06, 0x00, 1, 0, 0, 0});
	CHECK_FALSE(parse(u32_as_six).ok());
	Bytes u16 = bytes({0x06, 0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x00});
	auto ok = parse(u16);
	REQUIRE(ok.ok());
	CHECK(ok->u16(3) == std::uint16_t{0x0201});
	// Every attribute is checked, not only the last of a type.
	Bytes dup = concat({u16_as_one, bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0})});
	CHECK_FALSE(parse(dup).ok());
}

TEST_CASE("strings must end with their NUL")
{
	Bytes b = bytes({0x08, 0x00, 0x04, 0x00, 'a', 'b', 'c', 'd'});
	auto r = parse(b);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().text() == "FOUR: string attribute type 4 is not NUL-terminated");
	Bytes empty = bytes({0x04, 0x00, 0x04, 0x00});
	CHECK_FALSE(parse(empty).ok());
}

TEST_CASE("nested attributes: flag bits are masked off the type")
{
	Bytes b = bytes({0x14, 0x00, 0x05, 0x80,			// nest type 5, NLA_F_NESTED
			 0x08, 0x00, 0x01, 0x00, 0x07, 0x00, 0x00, 0x00, // u32 7
			 0x06, 0x00, 0x03, 0x40, 0x01, 0x00, 0x00, 0x00}); // u16 type 3, NET_BYTEORDER
	auto attrs = parse(b);
	REQUIRE(attrs.ok());
	nlattr *nest = attrs->get(5);
	REQUIRE(nest != nullptr);
	auto inner = parse_nested(nest, policy(), "five");
	REQUIRE(inner.ok());
	CHECK(inner->u32(1) == 7u);
	CHECK(inner->u16(3) == std::uint16_t{1});
}

TEST_CASE("a nest whose children overflow it is rejected")
{
	// The nest is 8 bytes; its child claims 8 bytes of the 4 inside it.
	Bytes b = bytes({0x08, 0x00, 0x05, 0x80, 0x08, 0x00, 0x02, 0x00});
	auto attrs = parse(b);
	REQUIRE(attrs.ok());
	auto inner = parse_nested(attrs->get(5), policy(), "five");
	REQUIRE_FALSE(inner.ok());
	CHECK(inner.error().errnum == EBADMSG);
	CHECK(inner.error().text().starts_with("five: attribute at offset 0 has bad length 8"));
}

TEST_CASE("the last duplicate counts, like nla_parse; all() returns every one in order")
{
	Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0, 0x05, 0x00, 0x02, 0x00, 9, 0, 0, 0,
			 0x08, 0x00, 0x01, 0x00, 2, 0, 0, 0});
	auto attrs = parse(b);
	REQUIRE(attrs.ok());
	CHECK(attrs->u32(1) == 2u);
	const auto ones = attrs->all(1);
	REQUIRE(ones.size() == 2);
	CHECK(nla_get_u32(ones[0]) == 1);
	CHECK(nla_get_u32(ones[1]) == 2);
}

TEST_CASE("what the builder writes, the parser reads back")
{
	RequestBuilder w(1, 1);
	w.put_u32(1, 0xdeadbeef);
	nlattr *n = w.begin_nest(5);
	w.put_u16(3, 7);
	w.end_nest(n);
	Bytes buf = built(std::move(w));
	auto attrs = parse(buf);
	REQUIRE(attrs.ok());
	CHECK(attrs->u32(1) == 0xdeadbeefu);
	auto inner = parse_nested(attrs->get(5), policy(), "");
	REQUIRE(inner.ok());
	CHECK(inner->u16(3) == std::uint16_t{7});
}

TEST_CASE("every truncation and random corruption is handled without overreading")
{
	// Run under valgrind or -fsanitize=address to turn an overread into a failure.
	const Bytes good = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0, 0, 0,
				  0x18, 0x00, 0x05, 0x80,			  // nest, 24 bytes
				  0x08, 0x00, 0x04, 0x00, 'a', 'b', 'c', 0,	  // string
				  0x0c, 0x00, 0x06, 0x00, 5, 0, 0, 0, 0, 0, 0, 0}); // u64
	const auto visit = [](Bytes &b) {
		auto attrs = parse(b);
		if (!attrs)
			return;
		if (nlattr *nest = attrs->get(5)) {
			CHECK(payload(nest).data() + payload(nest).size() <= b.data() + b.size());
			if (auto inner = parse_nested(nest, policy(), "")) {
				(void)inner->string(4);
				(void)inner->u64(6);
			}
		}
	};
	for (std::size_t len = 0; len < good.size(); ++len) {
		Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len));
		visit(cut);
	}
	std::mt19937 rng(1234);
	for (int round = 0; round < 2000; ++round) {
		Bytes b = good;
		b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
		visit(b);
	}
}

TEST_CASE("genl_message exposes the header fields; a short one is rejected")
{
	auto msg = received(genl_bytes(6, bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0, 0, 0}), 0x100));
	auto g = genl_message(nlmsg_hdr(msg.get()));
	REQUIRE(g.ok());
	CHECK(g->cmd == 6);
	CHECK(g->version == 1);
	CHECK(g->flags == 0x100);
	CHECK(g->attrlen == 8);
	auto short_msg = received(bytes({0x12, 0, 0, 0, 0x1c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}));
	auto bad = genl_message(nlmsg_hdr(short_msg.get()));
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().errnum == EBADMSG);
}

TEST_CASE("NLMSG_ERROR with error 0 is an ack")
{
	const Bytes ack = concat({bytes({0x24, 0, 0, 0, 0x02, 0x00, 0x00, 0x01, 7, 0, 0, 0, 0, 0, 0, 0}),
				  bytes({0, 0, 0, 0}), // error 0
				  Bytes(table_new_42.begin(), table_new_42.begin() + 16)});
	auto r = error_of(ack); // flags: NLM_F_CAPPED
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
	auto r = error_of(err);
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
	auto r = error_of(err);
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
	auto r = error_of(err);
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
		CHECK_FALSE(error_of(b).ok());
	}
	SUBCASE("not capped, echoed request longer than the message")
	{
		const Bytes b = concat({bytes({0x24, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16)});
		auto r = error_of(b); // echoed nlmsg_len says 28, only 16 there
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
	}
	SUBCASE("positive error value")
	{
		const Bytes b = concat({bytes({0x24, 0, 0, 0, 2, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0x01, 0, 0, 0}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16)});
		CHECK_FALSE(error_of(b).ok());
	}
	SUBCASE("extack TLV with a bad length")
	{
		const Bytes b = concat({bytes({0x2c, 0, 0, 0, 2, 0, 0, 3, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16),
					bytes({0x20, 0x00, 0x01, 0x00, 'x', 0, 0, 0})});
		CHECK_FALSE(error_of(b).ok());
	}
	SUBCASE("extack message not NUL-terminated")
	{
		const Bytes b = concat({bytes({0x2c, 0, 0, 0, 2, 0, 0, 3, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16),
					bytes({0x08, 0x00, 0x01, 0x00, 'a', 'b', 'c', 'd'})});
		CHECK_FALSE(error_of(b).ok());
	}
	SUBCASE("extack offset of the wrong size")
	{
		const Bytes b = concat({bytes({0x2c, 0, 0, 0, 2, 0, 0, 3, 7, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xfe, 0xff, 0xff, 0xff}),
					Bytes(table_new_42.begin(), table_new_42.begin() + 16),
					bytes({0x06, 0x00, 0x02, 0x00, 1, 0, 0, 0})});
		CHECK_FALSE(error_of(b).ok());
	}
}

TEST_CASE("NLMSG_DONE: plain, with an error and extack, and truncated")
{
	SUBCASE("error 0")
	{
		const Bytes b = bytes({0x14, 0, 0, 0, 3, 0, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
		auto r = done_of(b);
		REQUIRE(r.ok());
		CHECK(r->errnum == 0);
		CHECK(r->request_seq == 9);
	}
	SUBCASE("dump failed midway with an extack message")
	{
		const Bytes b = concat({bytes({0x20, 0, 0, 0, 3, 0, 0x02, 0x02, 9, 0, 0, 0, 0, 0, 0, 0}),
					bytes({0xea, 0xff, 0xff, 0xff}), // -EINVAL
					bytes({0x0c, 0x00, 0x01, 0x00, 'b', 'a', 'd', ' ', 'd', 'u', 'm',
					       0x00})});
		auto r = done_of(b);
		REQUIRE(r.ok());
		CHECK(r->errnum == EINVAL);
		CHECK(r->message == "bad dum");
	}
	SUBCASE("empty payload counts as success")
	{
		const Bytes b = bytes({0x10, 0, 0, 0, 3, 0, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0});
		auto r = done_of(b);
		REQUIRE(r.ok());
		CHECK(r->errnum == 0);
	}
	SUBCASE("error code cut short")
	{
		const Bytes b = bytes({0x12, 0, 0, 0, 3, 0, 2, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0xea, 0xff});
		CHECK_FALSE(done_of(b).ok());
	}
}
