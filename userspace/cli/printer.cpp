// Printer: text / JSON rendering of records (see printer.hpp).
#include "printer.hpp"

namespace rtpnl::cli {

Printer::Printer(std::ostream &out, Format format, bool pretty)
	: out_(out), format_(format), json_(out, pretty)
{
}

void Printer::end_top_level()
{
	// JSON documents end with a newline so each is one line (or block).
	if (format_ == Format::json && depth_ == 0)
		out_ << '\n';
}

void Printer::begin_list()
{
	if (format_ == Format::json)
		json_.begin_array();
	++depth_;
}

void Printer::end_list()
{
	if (format_ == Format::json)
		json_.end_array();
	--depth_;
	end_top_level();
}

void Printer::begin_record()
{
	if (format_ == Format::json)
		json_.begin_object();
	first_in_record_ = true;
	++depth_;
}

void Printer::end_record()
{
	--depth_;
	if (format_ == Format::json) {
		json_.end_object();
		end_top_level();
	} else {
		out_ << '\n';
	}
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
		json_.key(json_key);
		json_.uint(value);
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
		json_.key(json_key);
		json_.string(value);
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
		json_.string(value);
		return;
	}
	field("", text_key, value);
}

void Printer::flag(std::string_view json_key, std::string_view text_word)
{
	if (format_ == Format::json) {
		json_.key(json_key);
		json_.boolean(true);
		return;
	}
	text_separator();
	out_ << text_word;
}

void Printer::begin_group(std::string_view json_key, std::string_view text_key, bool own_line)
{
	++depth_;
	if (format_ == Format::json) {
		if (!json_key.empty())
			json_.key(json_key);
		json_.begin_object();
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
	--depth_;
	if (format_ == Format::json)
		json_.end_object();
}

void Printer::begin_group_list(std::string_view json_key)
{
	++depth_;
	if (format_ == Format::json) {
		json_.key(json_key);
		json_.begin_array();
	}
}

void Printer::end_group_list()
{
	--depth_;
	if (format_ == Format::json)
		json_.end_array();
}

} // namespace rtpnl::cli
