// SPDX-License-Identifier: LGPL-2.1-or-later
// Batch mode (see batch.hpp).
#include "batch.hpp"

#include "batch_rules.hpp"
#include "exit_status.hpp"
#include "srtp_args.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace rtpnl::cli {

namespace {

constexpr std::string_view error_prefix = "Error: ";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Copies a line's error text to `err`, each "Error: " line naming where.
void forward_errors(std::ostream &err, const std::string &text, const std::string &where)
{
	std::istringstream lines(text);
	for (std::string line; std::getline(lines, line);) {
		if (line.starts_with(error_prefix))
			err << error_prefix << where << ": " << line.substr(error_prefix.size())
			    << '\n';
		else
			err << line << '\n';
	}
}

} // namespace

LineWiper::~LineWiper()
{
	if (words)
		wipe_strings(*words);
	explicit_bzero(line.data(), line.capacity());
}

Result<std::vector<std::string>> split_batch_line(std::string_view line)
{
	std::vector<std::string> words;
	std::size_t i = 0;
	while (true) {
		while (i < line.size() && is_blank(line[i]))
			++i;
		if (i == line.size())
			break;
		if (words.empty() && line[i] == '#')
			break;
		std::string word;
		while (i < line.size() && !is_blank(line[i])) {
			const char c = line[i++];
			if (c != '"' && c != '\'') {
				word += c;
				continue;
			}
			const std::size_t end = line.find(c, i);
			if (end == std::string_view::npos)
				return Error::local(EINVAL, std::string("unterminated ") + c + " quote");
			word.append(line.substr(i, end - i));
			i = end + 1;
		}
		words.push_back(std::move(word));
	}
	return words;
}

int run_batch(Context &ctx, std::istream &input, std::string_view name, LineRunner run_line,
	      LineRequest request_of)
{
	std::size_t number = 0;
	int status = exit_ok; // the first failing line's
	RuleRun rules;
	// Notes a line's (or a run's) status; true when the batch must stop.
	const auto stop = [&](int line_status) {
		if (line_status == exit_ok)
			return false;
		if (status == exit_ok)
			status = line_status;
		return !ctx.options.force;
	};
	for (std::string line; std::getline(input, line);) {
		++number;
		std::string where = std::string(name) + ":" + std::to_string(number);
		auto words = split_batch_line(line);
		const LineWiper wiper{line, words ? &*words : nullptr};
		if (!words) {
			if (stop(rules.flush(ctx)) ||
			    stop(ctx.usage_error(where + ": " + words.error().text())))
				return status;
			continue;
		}
		if (words->empty())
			continue; // blank or a comment: a run of rule lines goes on
		const std::vector<std::string_view> args(words->begin(), words->end());
		if (auto request = request_of ? request_of(args) : std::nullopt) {
			rules.add(std::move(*request), std::move(where));
			if (rules.full() && stop(rules.flush(ctx)))
				return status;
			continue;
		}
		if (stop(rules.flush(ctx)))
			return status;
		std::ostringstream line_err;
		Context line_ctx{ctx.options,	     ctx.in,	       ctx.out,
				 line_err,	     ctx.open_table_api, ctx.open_rule_api,
				 ctx.open_recording_api};
		const int line_status = run_line(line_ctx, args);
		forward_errors(ctx.err, line_err.str(), where);
		if (stop(line_status))
			return status;
	}
	if (stop(rules.flush(ctx)))
		return status;
	if (input.bad())
		return ctx.failure("cannot read " + std::string(name));
	return status;
}

int run_batch_file(Context &ctx, LineRunner run_line, LineRequest request_of)
{
	const std::string &name = ctx.options.batch;
	if (name == "-")
		return run_batch(ctx, ctx.in, name, run_line, request_of);
	std::ifstream file(name);
	if (!file) {
		const int err = errno;
		return ctx.failure("cannot open '" + name + "': " + std::strerror(err));
	}
	return run_batch(ctx, file, name, run_line, request_of);
}

} // namespace rtpnl::cli
