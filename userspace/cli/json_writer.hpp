// JsonWriter: a minimal streaming JSON writer for rtpnl's -j output.
//
// Writes straight to an ostream, inserting commas itself; -p selects a
// pretty layout (4-space indent, like iproute2). Strings are escaped per
// RFC 8259; bytes >= 0x80 pass through unchanged (UTF-8 is assumed).
#ifndef RTPNL_CLI_JSON_WRITER_HPP
#define RTPNL_CLI_JSON_WRITER_HPP

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

class JsonWriter {
public:
	explicit JsonWriter(std::ostream &out, bool pretty = false) : out_(out), pretty_(pretty) {}

	void begin_object();
	void end_object();
	void begin_array();
	void end_array();
	// Inside an object: the key of the next value.
	void key(std::string_view name);

	void string(std::string_view value);
	void uint(std::uint64_t value);
	void integer(std::int64_t value);
	void boolean(bool value);
	void null();

	// `value` as a quoted, escaped JSON string.
	static std::string quote(std::string_view value);

private:
	struct Level {
		bool object;
		std::size_t members = 0;
	};

	void before_value(); // comma / newline / indent as needed
	void close(char bracket);
	void indent();

	std::ostream &out_;
	bool pretty_;
	bool after_key_ = false;
	std::vector<Level> stack_;
};

} // namespace rtpnl::cli

#endif
