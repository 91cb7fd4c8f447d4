// SPDX-License-Identifier: LGPL-2.1-or-later
// Command-line parsing of the load tools (see tool_args.hpp).
#include "tool_args.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace rtptools {

ToolArgs::ToolArgs(int argc, char **argv, int first, const std::vector<std::string> &known)
{
	for (int i = first; i < argc; i++) {
		const std::string word = argv[i];
		if (!word.starts_with("--")) {
			positional_.push_back(word);
			continue;
		}
		const std::string name = word.substr(2);
		if (std::find(known.begin(), known.end(), name) == known.end())
			throw UsageError("unknown option '" + word + "'");
		if (i + 1 >= argc)
			throw UsageError("option '" + word + "' needs a value");
		options_[name] = argv[++i];
	}
}

double ToolArgs::number(const std::string &name, double fallback, double min, double max) const
{
	const auto it = options_.find(name);
	if (it == options_.end())
		return fallback;
	char *end = nullptr;
	errno = 0;
	const double v = std::strtod(it->second.c_str(), &end);
	if (errno || end == it->second.c_str() || *end || !std::isfinite(v) || v < min || v > max)
		throw UsageError("invalid --" + name + " '" + it->second + "'");
	return v;
}

unsigned long ToolArgs::integer(const std::string &name, unsigned long fallback,
				unsigned long min, unsigned long max) const
{
	const auto it = options_.find(name);
	if (it == options_.end())
		return fallback;
	char *end = nullptr;
	errno = 0;
	const unsigned long v = std::strtoul(it->second.c_str(), &end, 0);
	if (errno || end == it->second.c_str() || *end || it->second[0] == '-' || v < min ||
	    v > max)
		throw UsageError("invalid --" + name + " '" + it->second + "'");
	return v;
}

std::string ToolArgs::text(const std::string &name, const std::string &fallback) const
{
	const auto it = options_.find(name);
	return it == options_.end() ? fallback : it->second;
}

FlowLayout ToolArgs::flow_layout() const
{
	return FlowLayout{integer("flows", 1, 1, flows_max), integer("step", 2, 0, 65535)};
}

} // namespace rtptools
