// JsonWriter: escaping, commas, nesting and the pretty layout.
#include "json_writer.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using rtpnl::cli::JsonWriter;

TEST_CASE("strings are quoted and escaped per RFC 8259")
{
	CHECK(JsonWriter::quote("plain") == "\"plain\"");
	CHECK(JsonWriter::quote("") == "\"\"");
	CHECK(JsonWriter::quote("a\"b") == "\"a\\\"b\"");
	CHECK(JsonWriter::quote("back\\slash") == "\"back\\\\slash\"");
	CHECK(JsonWriter::quote("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
	CHECK(JsonWriter::quote(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
	CHECK(JsonWriter::quote("\x01\x1f\x7f") == "\"\\u0001\\u001f\\u007f\"");
	CHECK(JsonWriter::quote("/") == "\"/\"");
	CHECK(JsonWriter::quote("h\xc3\xa9") == "\"h\xc3\xa9\""); // UTF-8 passes through
}

TEST_CASE("compact output: commas between members, none trailing")
{
	std::ostringstream s;
	JsonWriter w(s);
	w.begin_object();
	w.key("n");
	w.uint(18446744073709551615ULL);
	w.key("neg");
	w.integer(-5);
	w.key("ok");
	w.boolean(true);
	w.key("no");
	w.null();
	w.key("list");
	w.begin_array();
	w.string("a");
	w.begin_object();
	w.end_object();
	w.begin_array();
	w.end_array();
	w.end_array();
	w.key("we\"ird");
	w.string("x");
	w.end_object();
	CHECK(s.str() == "{\"n\":18446744073709551615,\"neg\":-5,\"ok\":true,\"no\":null,"
			 "\"list\":[\"a\",{},[]],\"we\\\"ird\":\"x\"}");
}

TEST_CASE("pretty output indents by four and keeps empty containers short")
{
	std::ostringstream s;
	JsonWriter w(s, true);
	w.begin_object();
	w.key("a");
	w.uint(1);
	w.key("b");
	w.begin_array();
	w.uint(2);
	w.begin_array();
	w.end_array();
	w.end_array();
	w.end_object();
	CHECK(s.str() == "{\n"
			 "    \"a\": 1,\n"
			 "    \"b\": [\n"
			 "        2,\n"
			 "        []\n"
			 "    ]\n"
			 "}");
}
