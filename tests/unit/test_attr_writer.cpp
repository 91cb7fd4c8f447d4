// AttrWriter: every attribute kind against hand-computed bytes.
#include "bytes.hpp"

#include "rtpnl/attr_writer.hpp"

#include <doctest/doctest.h>

#include <cerrno>

using rtpnl::AttrWriter;

namespace {
Bytes finish(AttrWriter &&w)
{
	auto r = std::move(w).finish();
	REQUIRE(r.ok());
	return *r;
}
} // namespace

TEST_CASE("u32 attribute: 4-byte header, no padding needed")
{
	AttrWriter w;
	w.put_u32(1, 42);
	CHECK(hex(finish(std::move(w))) == hex(bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00})));
}

TEST_CASE("u8 and u16 are padded to 4 bytes, nla_len excludes the padding")
{
	AttrWriter w;
	w.put_u8(5, 0xab);
	w.put_u16(6, 0x1234);
	CHECK(hex(finish(std::move(w))) == hex(bytes({0x05, 0x00, 0x05, 0x00, 0xab, 0x00, 0x00, 0x00,
						       0x06, 0x00, 0x06, 0x00, 0x34, 0x12, 0x00, 0x00})));
}

TEST_CASE("u64 attribute in host byte order")
{
	AttrWriter w;
	w.put_u64(3, 0x0102030405060708ULL);
	CHECK(hex(finish(std::move(w))) == hex(bytes({0x0c, 0x00, 0x03, 0x00, 0x08, 0x07, 0x06, 0x05,
						       0x04, 0x03, 0x02, 0x01})));
}

TEST_CASE("u64_aligned inserts a pad attribute only when the payload would be misaligned")
{
	SUBCASE("base 0, empty buffer: payload at 4 -> pad first")
	{
		AttrWriter w(0);
		w.put_u64_aligned(3, 1, 9);
		CHECK(hex(finish(std::move(w))) ==
		      hex(bytes({0x04, 0x00, 0x09, 0x00,					// pad attr
				 0x0c, 0x00, 0x03, 0x00, 1, 0, 0, 0, 0, 0, 0, 0})));
	}
	SUBCASE("base 20 (genl request): payload at 24 -> no pad")
	{
		AttrWriter w(20);
		w.put_u64_aligned(3, 1, 9);
		CHECK(hex(finish(std::move(w))) ==
		      hex(bytes({0x0c, 0x00, 0x03, 0x00, 1, 0, 0, 0, 0, 0, 0, 0})));
	}
	SUBCASE("base 20 after a u32: payload at 32 -> no pad")
	{
		AttrWriter w(20);
		w.put_u32(1, 0);
		w.put_u64_aligned(3, 1, 9);
		const Bytes b = finish(std::move(w));
		CHECK(b.size() == 8 + 12);
	}
	SUBCASE("base 20 after a flag: payload at 28 -> pad")
	{
		AttrWriter w(20);
		w.put_flag(2);
		w.put_u64_aligned(3, 1, 9);
		const Bytes b = finish(std::move(w));
		REQUIRE(b.size() == 4 + 4 + 12);
		CHECK(hex(std::span(b).subspan(4, 4)) == "04 00 09 00");
	}
}

TEST_CASE("string is NUL-terminated and padded")
{
	AttrWriter w;
	w.put_string(4, "eth0");
	CHECK(hex(finish(std::move(w))) == hex(bytes({0x09, 0x00, 0x04, 0x00, 'e', 't', 'h', '0', 0x00,
						       0x00, 0x00, 0x00})));
}

TEST_CASE("empty string is a lone NUL")
{
	AttrWriter w;
	w.put_string(4, "");
	CHECK(hex(finish(std::move(w))) == hex(bytes({0x05, 0x00, 0x04, 0x00, 0, 0, 0, 0})));
}

TEST_CASE("flag has no payload, binary keeps its bytes")
{
	AttrWriter w;
	w.put_flag(7);
	const Bytes blob = bytes({1, 2, 3});
	w.put_binary(8, blob);
	CHECK(hex(finish(std::move(w))) ==
	      hex(bytes({0x04, 0x00, 0x07, 0x00, 0x07, 0x00, 0x08, 0x00, 1, 2, 3, 0})));
}

TEST_CASE("nests set NLA_F_NESTED and cover their children")
{
	AttrWriter w;
	auto outer = w.begin_nest(1);
	w.put_u32(2, 1);
	auto inner = w.begin_nest(3);
	w.put_u8(4, 0xff);
	w.end_nest(inner);
	w.end_nest(outer);
	CHECK(hex(finish(std::move(w))) ==
	      hex(bytes({0x18, 0x00, 0x01, 0x80,		     // outer: 24 bytes
			 0x08, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, // u32
			 0x0c, 0x00, 0x03, 0x80,		     // inner: 12 bytes
			 0x05, 0x00, 0x04, 0x00, 0xff, 0x00, 0x00, 0x00})));
}

TEST_CASE("empty nest is just a header")
{
	AttrWriter w;
	w.end_nest(w.begin_nest(2));
	CHECK(hex(finish(std::move(w))) == hex(bytes({0x04, 0x00, 0x02, 0x80})));
}

TEST_CASE("unrepresentable attributes make finish() fail")
{
	SUBCASE("type beyond the 14-bit type field")
	{
		AttrWriter w;
		w.put_u32(0x4000, 1);
		auto r = std::move(w).finish();
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EINVAL);
	}
	SUBCASE("payload longer than nla_len can say")
	{
		AttrWriter w;
		const Bytes big(70000, 0);
		w.put_binary(1, big);
		auto r = std::move(w).finish();
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EMSGSIZE);
	}
	SUBCASE("nest longer than nla_len can say")
	{
		AttrWriter w;
		auto n = w.begin_nest(1);
		const Bytes chunk(60000, 0);
		w.put_binary(2, chunk);
		w.put_binary(2, chunk);
		w.end_nest(n);
		auto r = std::move(w).finish();
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EMSGSIZE);
	}
	SUBCASE("nest left open")
	{
		AttrWriter w;
		(void)w.begin_nest(1);
		auto r = std::move(w).finish();
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EINVAL);
	}
}
