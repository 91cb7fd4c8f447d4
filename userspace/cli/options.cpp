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
};

// Order decides prefix ties, as in iproute2.
constexpr std::array<Option, 5> options{{
	{"json", [](GlobalOptions &o) { o.json = true; }},
	{"pretty", [](GlobalOptions &o) { o.pretty = true; }},
	{"stats", [](GlobalOptions &o) { ++o.stats; }},
	{"Version", [](GlobalOptions &o) { o.version = true; }},
	{"help", [](GlobalOptions &o) { o.help = true; }},
}};

} // namespace

Result<ParsedOptions> parse_global_options(std::span<const std::string_view> args)
{
	ParsedOptions parsed;
	for (std::string_view arg : args) {
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
		opt->apply(parsed.options);
		++parsed.consumed;
	}
	return parsed;
}

} // namespace rtpnl::cli
