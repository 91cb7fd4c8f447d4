// SPDX-License-Identifier: LGPL-2.1-or-later
// The completion follows the grammar: every keyword a parser accepts (its
// own table, through grammar_places()) is offered by rtpnl.bash-completion
// at its place. Runs test_completion.sh --offers, which loads the
// completion into bash and completes each place's command line.
#include "grammar.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <string>

using namespace rtpnl::cli;

#if !defined(RTPNL_BINARY) || !defined(RTPNL_COMPLETION) || !defined(RTPNL_COMPLETION_TEST)
#error "RTPNL_BINARY, RTPNL_COMPLETION and RTPNL_COMPLETION_TEST come from the build"
#endif

TEST_CASE("the grammar has a place for every object, with its keywords")
{
	const auto places = grammar_places();
	for (const char *line : {"rtpnl ", "rtpnl -", "rtpnl table ", "rtpnl rule ", "rtpnl rules ",
				 "rtpnl rule add ", "rtpnl rules list ", "rtpnl rules flush ",
				 "rtpnl stats ", "rtpnl stats prometheus ", "rtpnl nft ",
				 "rtpnl showconf ", "rtpnl syncconf ", "rtpnl top ", "rtpnl monitor ",
				 "rtpnl recording ", "rtpnl recording add 42 call-1 caller "}) {
		CAPTURE(line);
		bool found = false;
		for (const GrammarPlace &p : places)
			found = found || (p.line == line && !p.keywords.empty());
		CHECK(found);
	}
}

TEST_CASE("bash completion offers every keyword of the grammar in its place")
{
	const std::string command = std::string("bash '") + RTPNL_COMPLETION_TEST + "' '" +
				    RTPNL_BINARY + "' '" + RTPNL_COMPLETION + "' --offers";
	FILE *shell = ::popen(command.c_str(), "w");
	REQUIRE(shell != nullptr);
	for (const GrammarPlace &place : grammar_places()) {
		std::string line = place.line + "\t";
		for (const std::string &keyword : place.keywords)
			line += keyword + " ";
		line += "\n";
		std::fputs(line.c_str(), shell);
	}
	const int status = ::pclose(shell);
	// Its FAIL lines (on the test's output) name each keyword missing.
	CHECK(WIFEXITED(status));
	CHECK(WEXITSTATUS(status) == 0);
}
