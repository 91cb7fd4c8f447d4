// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl run end to end against a FakeRuleApi, stdin from a string: shared
// by the rule command tests and those of rule lines in a batch file.
#ifndef RTPFWD_TEST_RULE_CLI_RUN_HPP
#define RTPFWD_TEST_RULE_CLI_RUN_HPP

#include "fake_rule_api.hpp"

#include "cli.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace rule_cli {

struct Run {
	int status = -1;
	std::string out;
	std::string err;
	std::vector<std::string> calls;
	std::vector<std::pair<rtpnl::Rule, rtpnl::RuleMode>> added;
	std::vector<std::size_t> batches;
	bool opened = false;
	std::size_t opens = 0; // how often the rule API was opened
};

// rtpnl ARGS; the fake is prepared by `setup`; opening the rule API fails
// with open_error if set. Rule commands never open the table API.
template <typename Setup>
Run run_with(std::vector<std::string_view> args, Setup setup, const std::string &stdin_text = "",
	     std::optional<rtpnl::Error> open_error = std::nullopt)
{
	Run r;
	FakeRuleApi fake;
	setup(fake);
	std::istringstream in(stdin_text);
	std::ostringstream out, err;
	r.status = rtpnl::cli::run(
		args, in, out, err,
		[]() -> rtpnl::Result<std::unique_ptr<rtpnl::TableApi>> {
			FAIL("a rule command opened the table API");
			return rtpnl::Error::local(EINVAL, "unreachable");
		},
		[&]() -> rtpnl::Result<std::unique_ptr<rtpnl::RuleApi>> {
			r.opened = true;
			++r.opens;
			if (open_error)
				return *open_error;
			return std::unique_ptr<rtpnl::RuleApi>(std::make_unique<ForwardingRuleApi>(fake));
		});
	r.calls = fake.calls;
	r.added = fake.added;
	r.batches = fake.batches;
	r.out = out.str();
	r.err = err.str();
	return r;
}

inline Run run_plain(std::vector<std::string_view> args, const std::string &stdin_text = "")
{
	return run_with(std::move(args), [](FakeRuleApi &) {}, stdin_text);
}

} // namespace rule_cli

#endif
