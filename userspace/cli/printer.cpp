// SPDX-License-Identifier: LGPL-2.1-or-later
// Printer: text / JSON rendering of records (see printer.hpp).
#include "printer.hpp"

#include <nlohmann/json.hpp>

#include <utility>

namespace rtpnl::cli {

using nlohmann::ordered_json; // keys in the order the fields are printed

Printer::Printer(std::ostream &out, Format format, bool pretty)
	: out_(out), format_(format), pretty_(pretty)
{
}

Printer::~Printer() = default;

namespace {

// Strings from the kernel (interface names...) need not be UTF-8: an invalid
// byte becomes U+FFFD rather than invalid JSON or an exception. Each
// document ends with a newline, so it is one line (or block).
void write(std::ostream &out, const ordered_json &document, bool pretty)
{
	out << document.dump(pretty ? 4 : -1, ' ', false, ordered_json::error_handler_t::replace)
	    << '\n';
}

} // namespace

// An element of a streamed top-level list, written as soon as it is
// complete: as dump() would place it in the whole array.
void Printer::json_stream(const ordered_json &element)
{
	out_ << (streamed_++ ? "," : "");
	if (!pretty_) {
		out_ << element.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
		return;
	}
	const std::string text =
		element.dump(4, ' ', false, ordered_json::error_handler_t::replace);
	out_ << "\n    ";
	for (const char c : text)
		out_ << c << (c == '\n' ? "    " : "");
}

void Printer::json_add(std::string_view key, ordered_json value)
{
	if (open_.empty() && streaming_) {
		json_stream(value);
		return;
	}
	if (open_.empty()) {
		write(out_, value, pretty_);
		return;
	}
	ordered_json &parent = open_.back();
	if (parent.is_object())
		parent[std::string(key)] = std::move(value);
	else
		parent.push_back(std::move(value));
}

void Printer::json_open(std::string_view key, ordered_json container)
{
	open_.push_back(std::move(container));
	open_keys_.emplace_back(key);
}

void Printer::json_close()
{
	ordered_json done = std::move(open_.back());
	const std::string key = std::move(open_keys_.back());
	open_.pop_back();
	open_keys_.pop_back();
	json_add(key, std::move(done));
}

// A top-level list (rules list of a big table) is streamed element by
// element: memory stays that of one record, not of the whole table.
void Printer::begin_list()
{
	if (format_ != Format::json)
		return;
	if (!open_.empty() || streaming_) {
		json_open("", ordered_json::array());
		return;
	}
	streaming_ = true;
	streamed_ = 0;
	out_ << '[';
}

void Printer::end_list()
{
	if (format_ != Format::json)
		return;
	if (!open_.empty()) {
		json_close();
		return;
	}
	streaming_ = false;
	out_ << (pretty_ && streamed_ ? "\n]\n" : "]\n");
	out_.flush();
}

void Printer::begin_record()
{
	if (format_ == Format::json)
		json_open("", ordered_json::object());
	first_in_record_ = true;
}

void Printer::end_record()
{
	if (format_ == Format::json)
		json_close();
	else
		out_ << '\n';
}

void Printer::text_separator()
{
	if (!first_in_record_)
		out_ << ' ';
	first_in_record_ = false;
}

void Printer::field(std::string_view json_key, std::string_view text_key, std::uint64_t value)
{
	if (format_ == Format::json) {
		json_add(json_key, value);
		return;
	}
	text_separator();
	if (!text_key.empty())
		out_ << text_key << ' ';
	out_ << value;
}

void Printer::field(std::string_view json_key, std::string_view text_key, std::string_view value)
{
	if (format_ == Format::json) {
		json_add(json_key, value);
		return;
	}
	text_separator();
	if (!text_key.empty())
		out_ << text_key << ' ';
	out_ << value;
}

void Printer::field(std::string_view json_key, std::string_view text_key,
		    std::optional<std::uint32_t> value)
{
	if (value)
		field(json_key, text_key, std::uint64_t{*value});
}

void Printer::item(std::string_view text_key, std::string_view value)
{
	if (format_ == Format::json) {
		json_add("", value);
		return;
	}
	field("", text_key, value);
}

void Printer::flag(std::string_view json_key, std::string_view text_word)
{
	if (format_ == Format::json) {
		json_add(json_key, true);
		return;
	}
	text_separator();
	out_ << text_word;
}

void Printer::begin_group(std::string_view json_key, std::string_view text_key, bool own_line)
{
	if (format_ == Format::json) {
		json_open(json_key, ordered_json::object());
		return;
	}
	if (own_line) {
		out_ << "\n    ";
		first_in_record_ = true;
	}
	if (!text_key.empty()) {
		text_separator();
		out_ << text_key;
	}
}

void Printer::end_group()
{
	if (format_ == Format::json)
		json_close();
}

void Printer::begin_group_list(std::string_view json_key)
{
	if (format_ == Format::json)
		json_open(json_key, ordered_json::array());
}

void Printer::end_group_list()
{
	if (format_ == Format::json)
		json_close();
}

} // namespace rtpnl::cli
