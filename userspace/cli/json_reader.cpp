// Strict JSON parsing (see json_reader.hpp).
#include "json_reader.hpp"

#include <cerrno>
#include <charconv>

namespace rtpnl::cli {

namespace {

class Parser {
public:
	explicit Parser(std::string_view text) : s_(text) {}

	Result<JsonValue> document()
	{
		skip_space();
		JsonValue v;
		if (!value(v, 0))
			return *error_;
		skip_space();
		if (at_ < s_.size())
			return fail("unexpected text after the JSON value");
		return v;
	}

private:
	bool value(JsonValue &v, std::size_t depth)
	{
		if (at_ >= s_.size())
			return set_error("unexpected end of input");
		switch (s_[at_]) {
		case '{':
			return object(v, depth);
		case '[':
			return array(v, depth);
		case '"':
			v.kind = JsonValue::Kind::string;
			return string(v.text);
		case 't':
			v.kind = JsonValue::Kind::boolean;
			v.boolean = true;
			return literal("true");
		case 'f':
			v.kind = JsonValue::Kind::boolean;
			v.boolean = false;
			return literal("false");
		case 'n':
			v.kind = JsonValue::Kind::null;
			return literal("null");
		default:
			if (s_[at_] == '-' || is_digit(s_[at_]))
				return number(v);
			return set_error("unexpected character " + describe(s_[at_]));
		}
	}

	bool object(JsonValue &v, std::size_t depth)
	{
		if (depth >= json_max_depth)
			return set_error("nesting deeper than " + std::to_string(json_max_depth));
		v.kind = JsonValue::Kind::object;
		++at_; // '{'
		skip_space();
		if (consume('}'))
			return true;
		for (;;) {
			skip_space();
			if (at_ >= s_.size() || s_[at_] != '"')
				return set_error("expected a string key");
			const std::size_t key_at = at_;
			JsonMember m;
			if (!string(m.key))
				return false;
			if (v.find(m.key)) {
				at_ = key_at;
				return set_error("duplicate key \"" + m.key + "\"");
			}
			skip_space();
			if (!consume(':'))
				return set_error("expected ':'");
			skip_space();
			if (!value(m.value, depth + 1))
				return false;
			v.members.push_back(std::move(m));
			skip_space();
			if (consume('}'))
				return true;
			if (!consume(','))
				return set_error("expected ',' or '}'");
		}
	}

	bool array(JsonValue &v, std::size_t depth)
	{
		if (depth >= json_max_depth)
			return set_error("nesting deeper than " + std::to_string(json_max_depth));
		v.kind = JsonValue::Kind::array;
		++at_; // '['
		skip_space();
		if (consume(']'))
			return true;
		for (;;) {
			skip_space();
			JsonValue item;
			if (!value(item, depth + 1))
				return false;
			v.items.push_back(std::move(item));
			skip_space();
			if (consume(']'))
				return true;
			if (!consume(','))
				return set_error("expected ',' or ']'");
		}
	}

	bool literal(std::string_view word)
	{
		if (s_.substr(at_, word.size()) != word)
			return set_error("unexpected character " + describe(s_[at_]));
		at_ += word.size();
		return true;
	}

	// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
	bool number(JsonValue &v)
	{
		const std::size_t start = at_;
		consume('-');
		if (consume('0')) {
			if (at_ < s_.size() && is_digit(s_[at_]))
				return set_error("leading zero in a number");
		} else if (!digits()) {
			return set_error("expected a digit");
		}
		if (consume('.') && !digits())
			return set_error("expected a digit after '.'");
		if (at_ < s_.size() && (s_[at_] == 'e' || s_[at_] == 'E')) {
			++at_;
			if (!consume('+'))
				consume('-');
			if (!digits())
				return set_error("expected a digit in the exponent");
		}
		v.kind = JsonValue::Kind::number;
		v.text = std::string(s_.substr(start, at_ - start));
		return true;
	}

	bool digits()
	{
		const std::size_t start = at_;
		while (at_ < s_.size() && is_digit(s_[at_]))
			++at_;
		return at_ > start;
	}

	bool string(std::string &out)
	{
		++at_; // '"'
		for (;;) {
			if (at_ >= s_.size())
				return set_error("unterminated string");
			const char c = s_[at_];
			if (c == '"') {
				++at_;
				return true;
			}
			if (static_cast<unsigned char>(c) < 0x20)
				return set_error("control character " + describe(c) + " in a string");
			if (c != '\\') {
				out += c;
				++at_;
				continue;
			}
			if (!escape(out))
				return false;
		}
	}

	bool escape(std::string &out)
	{
		++at_; // '\\'
		if (at_ >= s_.size())
			return set_error("unterminated string");
		const char c = s_[at_++];
		switch (c) {
		case '"': out += '"'; return true;
		case '\\': out += '\\'; return true;
		case '/': out += '/'; return true;
		case 'b': out += '\b'; return true;
		case 'f': out += '\f'; return true;
		case 'n': out += '\n'; return true;
		case 'r': out += '\r'; return true;
		case 't': out += '\t'; return true;
		case 'u': break;
		default:
			--at_;
			return set_error("invalid escape '\\" + std::string(1, c) + "'");
		}
		std::uint32_t cp = 0;
		if (!hex4(cp))
			return false;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return set_error("lone low surrogate in \\u escape");
		if (cp >= 0xd800 && cp <= 0xdbff) {
			std::uint32_t low = 0;
			if (s_.substr(at_, 2) != "\\u")
				return set_error("high surrogate without a low surrogate");
			at_ += 2;
			if (!hex4(low))
				return false;
			if (low < 0xdc00 || low > 0xdfff)
				return set_error("high surrogate without a low surrogate");
			cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
		}
		append_utf8(out, cp);
		return true;
	}

	bool hex4(std::uint32_t &cp)
	{
		const char *begin = s_.data() + at_;
		// from_chars would accept fewer digits; insist on four hex digits.
		for (std::size_t i = 0; i < 4; ++i) {
			if (at_ + i >= s_.size())
				return set_error("truncated \\u escape");
			if (!is_hex(begin[i]))
				return set_error("invalid \\u escape");
		}
		std::from_chars(begin, begin + 4, cp, 16);
		at_ += 4;
		return true;
	}

	static void append_utf8(std::string &out, std::uint32_t cp)
	{
		const auto byte = [&](std::uint32_t b) { out += static_cast<char>(b); };
		if (cp < 0x80) {
			byte(cp);
		} else if (cp < 0x800) {
			byte(0xc0 | (cp >> 6));
			byte(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			byte(0xe0 | (cp >> 12));
			byte(0x80 | ((cp >> 6) & 0x3f));
			byte(0x80 | (cp & 0x3f));
		} else {
			byte(0xf0 | (cp >> 18));
			byte(0x80 | ((cp >> 12) & 0x3f));
			byte(0x80 | ((cp >> 6) & 0x3f));
			byte(0x80 | (cp & 0x3f));
		}
	}

	static bool is_digit(char c) { return c >= '0' && c <= '9'; }
	static bool is_hex(char c)
	{
		return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	static std::string describe(char c)
	{
		const auto u = static_cast<unsigned char>(c);
		if (u < 0x20 || u >= 0x7f) {
			static constexpr char hex[] = "0123456789abcdef";
			return std::string("0x") + hex[u >> 4] + hex[u & 0xf];
		}
		return "'" + std::string(1, c) + "'";
	}

	void skip_space()
	{
		while (at_ < s_.size() &&
		       (s_[at_] == ' ' || s_[at_] == '\t' || s_[at_] == '\n' || s_[at_] == '\r'))
			++at_;
	}

	bool consume(char c)
	{
		if (at_ < s_.size() && s_[at_] == c) {
			++at_;
			return true;
		}
		return false;
	}

	// Records the first error with its line and column (1-based, bytes).
	bool set_error(const std::string &what)
	{
		if (!error_)
			error_ = position_error(what);
		return false;
	}

	Error fail(const std::string &what) { return position_error(what); }

	Error position_error(const std::string &what) const
	{
		std::size_t line = 1, column = 1;
		for (std::size_t i = 0; i < at_ && i < s_.size(); ++i) {
			if (s_[i] == '\n') {
				++line;
				column = 1;
			} else {
				++column;
			}
		}
		return Error::local(EINVAL, "invalid JSON at line " + std::to_string(line) +
						    " column " + std::to_string(column) + ": " + what);
	}

	std::string_view s_;
	std::size_t at_ = 0;
	std::optional<Error> error_;
};

} // namespace

const JsonValue *JsonValue::find(std::string_view key) const
{
	for (const JsonMember &m : members)
		if (m.key == key)
			return &m.value;
	return nullptr;
}

std::optional<std::uint64_t> JsonValue::as_uint() const
{
	if (kind != Kind::number || text.empty() || text[0] == '-')
		return std::nullopt;
	std::uint64_t v = 0;
	const char *end = text.data() + text.size();
	auto [ptr, ec] = std::from_chars(text.data(), end, v);
	if (ec != std::errc{} || ptr != end) // a fraction, an exponent or too big
		return std::nullopt;
	return v;
}

std::string_view json_kind_name(JsonValue::Kind kind)
{
	switch (kind) {
	case JsonValue::Kind::null: return "null";
	case JsonValue::Kind::boolean: return "boolean";
	case JsonValue::Kind::number: return "number";
	case JsonValue::Kind::string: return "string";
	case JsonValue::Kind::array: return "array";
	case JsonValue::Kind::object: return "object";
	}
	return "value";
}

Result<JsonValue> parse_json(std::string_view text) { return Parser(text).document(); }

} // namespace rtpnl::cli
