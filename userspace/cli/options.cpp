// SPDX-License-Identifier: LGPL-2.1-or-later
// Global option parsing (see options.hpp).
#include "options.hpp"

#include "keyword.hpp"

#include <array>
#include <cerrno>
#include <string>

namespace rtpnl::cli {

namespace {

struct Option {
	std::string_view name;
	void (*apply)(GlobalOptions &);
	// Set for an option that takes the next word as its value.
	void (*apply_value)(GlobalOptions &, std::string_view) = nullptr;
};

// Order decides prefix ties, as in iproute2.
constexpr std::array<Option, 9> options{{
	{"json", [](GlobalOptions &o) { o.json = true; }},
	{"pretty", [](GlobalOptions &o) { o.pretty = true; }},
	{"stats", [](GlobalOptions &o) { ++o.stats; }},
	{"Version", [](GlobalOptions &o) { o.version = true; }},
	{"help", [](GlobalOptions &o) { o.help = true; }},
	{"batch", nullptr, [](GlobalOptions &o, std::string_view file) { o.batch = file; }},
	{"force", [](GlobalOptions &o) { o.force = true; }},
	{"netns", nullptr, [](GlobalOptions &o, std::string_view ns) { o.netns = ns; }},
	{"timestamp", [](GlobalOptions &o) { o.timestamp = true; }},
}};

} // namespace

std::vector<std::string_view> global_option_names() { return keyword_names(options); }

Result<ParsedOptions> parse_global_options(std::span<const std::string_view> args)
{
	ParsedOptions parsed;
	for (std::size_t i = 0; i < args.size(); ++i) {
		std::string_view arg = args[i];
		if (arg == "--") {
			++parsed.consumed;
			break;
		}
		if (arg.size() < 2 || arg[0] != '-')
			break;
		std::string_view name = arg.substr(arg.starts_with("--") ? 2 : 1);
		const Option *opt = find_keyword(name, options);
		if (!opt)
			return Error::local(EINVAL, "unknown option '" + std::string(arg) +
							    "' (try 'rtpnl help')");
		++parsed.consumed;
		if (!opt->apply_value) {
			opt->apply(parsed.options);
			continue;
		}
		if (++i == args.size())
			return Error::local(EINVAL, "option '" + std::string(arg) +
							    "' needs a value");
		opt->apply_value(parsed.options, args[i]);
		++parsed.consumed;
	}
	return parsed;
}

} // namespace rtpnl::cli
