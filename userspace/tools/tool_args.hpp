// SPDX-License-Identifier: LGPL-2.1-or-later
// Command lines of the load tools: positional words and "--name value"
// options, numbers checked against a range. A bad argument is a UsageError
// naming it; the tools print "Error: ..." and exit 255, as rtpnl does.
#ifndef RTPTOOLS_TOOL_ARGS_HPP
#define RTPTOOLS_TOOL_ARGS_HPP

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rtptools {

struct UsageError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

// A failing system call: "Error: ..." and exit 1.
struct RuntimeError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

// Flow i of N uses the given port + i * step (--flows N --step P).
struct FlowLayout {
	unsigned long count = 1;
	unsigned long step = 2;
	unsigned offset(unsigned long flow) const { return static_cast<unsigned>(flow * step); }
};

class ToolArgs {
public:
	// Every option takes a value; names not in `known` are refused.
	ToolArgs(int argc, char **argv, int first, const std::vector<std::string> &known);

	const std::vector<std::string> &positional() const { return positional_; }
	bool has(const std::string &name) const { return options_.count(name) != 0; }
	// The option's value as a number in [min, max], or fallback if absent.
	double number(const std::string &name, double fallback, double min, double max) const;
	unsigned long integer(const std::string &name, unsigned long fallback, unsigned long min,
			      unsigned long max) const;
	std::string text(const std::string &name, const std::string &fallback) const;
	// --flows (1..flows_max, default 1) and --step (0..65535, default 2).
	FlowLayout flow_layout() const;

	static constexpr unsigned long flows_max = 16384;

private:
	std::vector<std::string> positional_;
	std::map<std::string, std::string> options_;
};

} // namespace rtptools

#endif
