// SPDX-License-Identifier: LGPL-2.1-or-later
// Global options: -j/-json/--json, prefixes, repeats, where options end.
#include "options.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string_view>
#include <vector>

using namespace rtpnl::cli;

namespace {
rtpnl::Result<ParsedOptions> parse(std::vector<std::string_view> args)
{
	return parse_global_options(args);
}
} // namespace

TEST_CASE("short, long and double-dash spellings")
{
	for (auto spelling : {"-j", "-json", "--json", "-js"}) {
		CAPTURE(spelling);
		auto r = parse({spelling, "table"});
		REQUIRE(r.ok());
		CHECK(r->options.json);
		CHECK(r->consumed == 1);
	}
}

TEST_CASE("all options together, -s counts")
{
	auto r = parse({"-j", "-p", "-s", "-stats", "table", "list"});
	REQUIRE(r.ok());
	CHECK(r->options == GlobalOptions{true, true, 2, false, false, {}, false, {}, false});
	CHECK(r->consumed == 4);
}

TEST_CASE("-V and -Version print the version, -h helps")
{
	CHECK(parse({"-V"})->options.version);
	CHECK(parse({"-Version"})->options.version);
	CHECK(parse({"-h"})->options.help);
	CHECK(parse({"--help"})->options.help);
}

TEST_CASE("options end at the first word or after --")
{
	auto r = parse({"table", "-j"});
	REQUIRE(r.ok());
	CHECK_FALSE(r->options.json);
	CHECK(r->consumed == 0);

	auto dd = parse({"-j", "--", "-p"});
	REQUIRE(dd.ok());
	CHECK(dd->options.json);
	CHECK_FALSE(dd->options.pretty);
	CHECK(dd->consumed == 2);

	auto dash = parse({"-"}); // a lone dash is not an option
	REQUIRE(dash.ok());
	CHECK(dash->consumed == 0);
}

TEST_CASE("unknown options are usage errors naming the option")
{
	auto r = parse({"-x", "table"});
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	CHECK(r.error().text() == "unknown option '-x' (try 'rtpnl help')");
	CHECK_FALSE(parse({"-jsonx"}).ok());
	CHECK_FALSE(parse({"-v"}).ok()); // -Version is case-sensitive, as in iproute2
}

TEST_CASE("-b takes the next word as the batch file")
{
	auto r = parse({"-j", "-b", "tables.conf"});
	REQUIRE(r.ok());
	CHECK(r->options.batch == "tables.conf");
	CHECK(r->options.json);
	CHECK(r->consumed == 3);
	CHECK(parse({"--batch", "-"})->options.batch == "-");

	auto missing = parse({"-b"});
	REQUIRE_FALSE(missing.ok());
	CHECK(missing.error().text() == "option '-b' needs a value");
}

TEST_CASE("-force and its prefixes")
{
	for (auto spelling : {"-f", "-force", "--force"}) {
		CAPTURE(spelling);
		auto r = parse({spelling, "-b", "x"});
		REQUIRE(r.ok());
		CHECK(r->options.force);
		CHECK(r->options.batch == "x");
	}
}

TEST_CASE("-n / -netns take the namespace, -t is -timestamp")
{
	auto r = parse({"-n", "blue", "-t", "monitor"});
	REQUIRE(r.ok());
	CHECK(r->options.netns == "blue");
	CHECK(r->options.timestamp);
	CHECK(r->consumed == 3);
	CHECK(parse({"-netns", "/proc/1/ns/net"})->options.netns == "/proc/1/ns/net");
	CHECK(parse({"--timestamp"})->options.timestamp);
}
