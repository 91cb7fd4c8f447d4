// Attribute parsing: typed values, nests, and rejection of malformed input.
#include "bytes.hpp"

#include "rtpnl/attr_reader.hpp"
#include "rtpnl/attr_writer.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <random>

using rtpnl::parse_attrs;

TEST_CASE("parses consecutive attributes with their offsets")
{
	const Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00,
			       0x09, 0x00, 0x04, 0x00, 'e', 't', 'h', '0', 0x00, 0x00, 0x00, 0x00});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	REQUIRE(attrs->size() == 2);
	CHECK((*attrs)[0].type() == 1);
	CHECK((*attrs)[0].offset() == 0);
	CHECK(*(*attrs)[0].u32() == 42);
	CHECK((*attrs)[1].type() == 4);
	CHECK((*attrs)[1].offset() == 8);
	CHECK(*(*attrs)[1].string() == "eth0");
}

TEST_CASE("empty buffer is zero attributes")
{
	auto attrs = parse_attrs({});
	REQUIRE(attrs.ok());
	CHECK(attrs->empty());
}

TEST_CASE("the last attribute's padding may be missing")
{
	const Bytes b = bytes({0x05, 0x00, 0x02, 0x00, 0x7f});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	REQUIRE(attrs->size() == 1);
	CHECK(*(*attrs)[0].u8() == 0x7f);
}

TEST_CASE("malformed lengths are rejected")
{
	SUBCASE("nla_len below the header size")
	{
		auto r = parse_attrs(bytes({0x03, 0x00, 0x01, 0x00}));
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
	}
	SUBCASE("nla_len zero (would loop forever if accepted)")
	{
		CHECK_FALSE(parse_attrs(bytes({0x00, 0x00, 0x01, 0x00, 0, 0, 0, 0})).ok());
	}
	SUBCASE("nla_len past the end of the buffer")
	{
		auto r = parse_attrs(bytes({0x0c, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00}));
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EBADMSG);
		CHECK(r.error().message.find("offset 0") != std::string::npos);
	}
	SUBCASE("second attribute truncated")
	{
		CHECK_FALSE(parse_attrs(bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0, 0x08, 0x00, 0x02, 0x00, 1}))
				    .ok());
	}
	SUBCASE("stray bytes shorter than a header")
	{
		CHECK_FALSE(parse_attrs(bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0, 0x04, 0x00})).ok());
	}
}

TEST_CASE("typed readers insist on the exact size")
{
	const Bytes b = bytes({0x06, 0x00, 0x01, 0x00, 0x01, 0x02, 0x00, 0x00});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	const auto &a = (*attrs)[0];
	CHECK(*a.u16() == 0x0201);
	CHECK_FALSE(a.u8().ok());
	CHECK_FALSE(a.u32().ok());
	CHECK_FALSE(a.u64().ok());
	CHECK(a.u32().error().errnum == EBADMSG);
	CHECK_FALSE(a.uint().ok());
	CHECK_FALSE(a.flag().ok());
}

TEST_CASE("uint accepts 4 or 8 bytes")
{
	const Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 0x05, 0, 0, 0,
			       0x0c, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0x01, 0, 0, 0});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	CHECK(*(*attrs)[0].uint() == 5);
	CHECK(*(*attrs)[1].uint() == 0x0000000100000000ULL);
}

TEST_CASE("strings must be NUL-terminated inside the payload")
{
	const Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 'a', 'b', 'c', 'd'});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	CHECK_FALSE((*attrs)[0].string().ok());
}

TEST_CASE("flags are empty attributes")
{
	const Bytes b = bytes({0x04, 0x00, 0x07, 0x00});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	CHECK((*attrs)[0].flag().ok());
}

TEST_CASE("nested attributes: flag bits are masked off the type")
{
	const Bytes b = bytes({0x10, 0x00, 0x01, 0x80,			 // nest type 1, NLA_F_NESTED
			       0x08, 0x00, 0x02, 0x00, 0x07, 0x00, 0x00, 0x00, // u32 7
			       0x04, 0x00, 0x03, 0x40});			 // flag type 3, NET_BYTEORDER
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	const auto &nest = (*attrs)[0];
	CHECK(nest.type() == 1);
	CHECK(nest.nested_flag());
	auto inner = nest.nested();
	REQUIRE(inner.ok());
	REQUIRE(inner->size() == 2);
	CHECK(*(*inner)[0].u32() == 7);
	CHECK((*inner)[1].type() == 3);
	CHECK((*inner)[1].net_byteorder());
	CHECK_FALSE((*inner)[1].nested_flag());
}

TEST_CASE("a nest whose children overflow it is rejected")
{
	// The nest is 8 bytes; its child claims 8 bytes of the 4 inside it.
	const Bytes b = bytes({0x08, 0x00, 0x01, 0x80, 0x08, 0x00, 0x02, 0x00});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	REQUIRE(attrs->size() == 1);
	auto inner = (*attrs)[0].nested();
	REQUIRE_FALSE(inner.ok());
	CHECK(inner.error().errnum == EBADMSG);
}

TEST_CASE("find_attr returns the last duplicate, like nla_parse")
{
	const Bytes b = bytes({0x08, 0x00, 0x01, 0x00, 1, 0, 0, 0, 0x08, 0x00, 0x01, 0x00, 2, 0, 0, 0});
	auto attrs = parse_attrs(b);
	REQUIRE(attrs.ok());
	const auto *a = rtpnl::find_attr(*attrs, 1);
	REQUIRE(a != nullptr);
	CHECK(*a->u32() == 2);
	CHECK(rtpnl::find_attr(*attrs, 2) == nullptr);
}

TEST_CASE("writer output reads back")
{
	rtpnl::AttrWriter w;
	w.put_u64(1, 0xdeadbeefcafef00dULL);
	auto n = w.begin_nest(2);
	w.put_string(3, "hello");
	w.end_nest(n);
	auto buf = std::move(w).finish();
	REQUIRE(buf.ok());
	auto attrs = parse_attrs(*buf);
	REQUIRE(attrs.ok());
	CHECK(*rtpnl::find_attr(*attrs, 1)->u64() == 0xdeadbeefcafef00dULL);
	auto inner = rtpnl::find_attr(*attrs, 2)->nested();
	REQUIRE(inner.ok());
	CHECK(*(*inner)[0].string() == "hello");
}

TEST_CASE("every truncation and random corruption is handled without overreading")
{
	// Run under -fsanitize=address to turn an overread into a failure.
	rtpnl::AttrWriter w;
	w.put_u32(1, 42);
	auto n = w.begin_nest(2);
	w.put_string(3, "abc");
	w.put_u64(4, 5);
	w.end_nest(n);
	const Bytes good = *std::move(w).finish();
	for (std::size_t len = 0; len < good.size(); ++len) {
		const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len));
		auto attrs = parse_attrs(cut);
		if (attrs.ok())
			for (const auto &a : *attrs)
				(void)a.nested();
	}
	std::mt19937 rng(1234);
	for (int round = 0; round < 2000; ++round) {
		Bytes b = good;
		b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
		auto attrs = parse_attrs(b);
		if (attrs.ok())
			for (const auto &a : *attrs) {
				CHECK(a.payload().data() + a.payload().size() <= b.data() + b.size());
				(void)a.nested();
			}
	}
}
