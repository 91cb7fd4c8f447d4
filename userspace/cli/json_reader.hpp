// A small, strict JSON (RFC 8259) parser for `rtpnl rules restore`.
//
// Builds a tree of JsonValue. Strict on purpose, since its input recreates
// kernel state: exactly one value with optional whitespace around it, no
// comments, no trailing commas, no leading zeros, no control characters or
// lone surrogates in strings, no duplicate object keys, nesting at most
// json_max_depth deep. Numbers keep their literal text, so a 64-bit counter
// is never rounded through a double. Errors (EINVAL) say where:
// "invalid JSON at line 3 column 7: expected ',' or '}'".
#ifndef RTPNL_CLI_JSON_READER_HPP
#define RTPNL_CLI_JSON_READER_HPP

#include "rtpnl/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

inline constexpr std::size_t json_max_depth = 64;

struct JsonMember;

struct JsonValue {
	enum class Kind { null, boolean, number, string, array, object };

	Kind kind = Kind::null;
	bool boolean = false;
	std::string text;                // string: the decoded UTF-8; number: the literal
	std::vector<JsonValue> items;    // array
	std::vector<JsonMember> members; // object, in input order

	// An object's member, or nullptr (also for a non-object).
	const JsonValue *find(std::string_view key) const;
	// A number written as a plain non-negative integer ("42", not "42.0",
	// "4.2e1" or "-0") that fits 64 bits; nullopt otherwise.
	std::optional<std::uint64_t> as_uint() const;
};

struct JsonMember {
	std::string key;
	JsonValue value;
};

// "object", "array", "string", "number", "true/false" as "boolean", "null".
std::string_view json_kind_name(JsonValue::Kind kind);

Result<JsonValue> parse_json(std::string_view text);

} // namespace rtpnl::cli

#endif
