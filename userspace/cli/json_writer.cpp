// JsonWriter (see json_writer.hpp).
#include "json_writer.hpp"

#include <array>

namespace rtpnl::cli {

std::string JsonWriter::quote(std::string_view value)
{
	static constexpr std::array<char, 16> hex{'0', '1', '2', '3', '4', '5', '6', '7',
						  '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
	std::string s;
	s.reserve(value.size() + 2);
	s += '"';
	for (char c : value) {
		const auto u = static_cast<unsigned char>(c);
		switch (c) {
		case '"': s += "\\\""; break;
		case '\\': s += "\\\\"; break;
		case '\b': s += "\\b"; break;
		case '\f': s += "\\f"; break;
		case '\n': s += "\\n"; break;
		case '\r': s += "\\r"; break;
		case '\t': s += "\\t"; break;
		default:
			if (u < 0x20 || u == 0x7f) {
				s += "\\u00";
				s += hex[u >> 4];
				s += hex[u & 0xf];
			} else {
				s += c;
			}
		}
	}
	s += '"';
	return s;
}

void JsonWriter::indent()
{
	out_ << '\n';
	for (std::size_t i = 0; i < stack_.size(); ++i)
		out_ << "    ";
}

void JsonWriter::before_value()
{
	if (after_key_) { // the key already placed separators
		after_key_ = false;
		return;
	}
	if (stack_.empty())
		return;
	if (stack_.back().members++ > 0)
		out_ << ',';
	if (pretty_)
		indent();
}

void JsonWriter::begin_object()
{
	before_value();
	out_ << '{';
	stack_.push_back({true});
}

void JsonWriter::begin_array()
{
	before_value();
	out_ << '[';
	stack_.push_back({false});
}

void JsonWriter::close(char bracket)
{
	const bool had_members = !stack_.empty() && stack_.back().members > 0;
	if (!stack_.empty())
		stack_.pop_back();
	if (pretty_ && had_members)
		indent();
	out_ << bracket;
}

void JsonWriter::end_object() { close('}'); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view name)
{
	before_value();
	out_ << quote(name) << (pretty_ ? ": " : ":");
	after_key_ = true;
}

void JsonWriter::string(std::string_view value)
{
	before_value();
	out_ << quote(value);
}

void JsonWriter::uint(std::uint64_t value)
{
	before_value();
	out_ << value;
}

void JsonWriter::integer(std::int64_t value)
{
	before_value();
	out_ << value;
}

void JsonWriter::boolean(bool value)
{
	before_value();
	out_ << (value ? "true" : "false");
}

void JsonWriter::null()
{
	before_value();
	out_ << "null";
}

} // namespace rtpnl::cli
