// SPDX-License-Identifier: LGPL-2.1-or-later
// Printer: the one print path for text and JSON output.
//
// Commands describe their output once, as records of fields; the Printer
// renders a field as "key value" in text (iproute2 style, one record per
// line) or as "json_key": value in JSON (a list becomes an array, a record an
// object). Keeping a single path means text and JSON cannot drift apart.
#ifndef RTPNL_CLI_PRINTER_HPP
#define RTPNL_CLI_PRINTER_HPP

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

class Printer {
public:
	enum class Format { text, json };

	// pretty: JSON indented by four spaces (like iproute2), else one line.
	Printer(std::ostream &out, Format format, bool pretty = false);
	~Printer();

	void begin_list();
	void end_list();
	void begin_record();
	void end_record();

	// text_key empty: text shows the value alone.
	void field(std::string_view json_key, std::string_view text_key, std::uint64_t value);
	void field(std::string_view json_key, std::string_view text_key, std::string_view value);
	// Absent optional values are left out of both formats.
	void field(std::string_view json_key, std::string_view text_key,
		   std::optional<std::uint32_t> value);

	// A flag that is set: JSON "json_key": true, text the word alone.
	void flag(std::string_view json_key, std::string_view text_word);

	// A group of fields inside a record. JSON: an object, under json_key
	// (empty json_key: no key, for the elements of a group list). Text: the
	// text_key word, then the fields; own_line starts it on a new line
	// indented by four spaces ("    stats packets 1 ...").
	void begin_group(std::string_view json_key, std::string_view text_key,
			 bool own_line = false);
	void end_group();
	// A JSON array (of groups) under json_key; text shows its elements in
	// sequence on the record's line.
	void begin_group_list(std::string_view json_key);
	void end_group_list();
	// A plain string element of a group list: JSON the string, text
	// "text_key value" on the record's line.
	void item(std::string_view text_key, std::string_view value);

	Format format() const { return format_; }

private:
	void text_separator();
	// JSON: a value into the innermost open container; a container opened
	// (under `key` in an object) and closed. A document is written when its
	// top level closes.
	void json_add(std::string_view key, nlohmann::ordered_json value);
	void json_open(std::string_view key, nlohmann::ordered_json container);
	void json_close();
	void json_stream(const nlohmann::ordered_json &element);

	std::ostream &out_;
	Format format_;
	bool pretty_;
	// The open JSON containers, outermost first, each with the key it goes
	// under in its parent (empty in an array or at the top).
	std::vector<nlohmann::ordered_json> open_;
	std::vector<std::string> open_keys_;
	bool first_in_record_ = true;
	// A top-level list is open and written as it goes (begin_list()).
	bool streaming_ = false;
	std::size_t streamed_ = 0;
};

} // namespace rtpnl::cli

#endif
