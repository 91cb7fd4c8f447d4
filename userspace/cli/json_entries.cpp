// SPDX-License-Identifier: LGPL-2.1-or-later
// Strict JSON, one entry of the top-level array at a time (see
// json_entries.hpp).
#include "json_entries.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <string>
#include <utility>
#include <vector>

namespace rtpnl::cli {

namespace {

using Json = nlohmann::ordered_json;

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column
// 4: syntax error while parsing array - ..." as "invalid JSON at line 1,
// column 4: syntax error while parsing array - ...". Its "last read: '...'"
// quotes the input, which need not be UTF-8: bytes from 0x80 up are shown
// as <0xNN>, so the message is plain ASCII (control characters nlohmann
// already shows as <U+000A>).
std::string json_error_text(const Json::exception &e)
{
	std::string_view what = e.what();
	if (const auto id_end = what.find("] "); what.starts_with("[json.exception.") &&
						  id_end != std::string_view::npos)
		what.remove_prefix(id_end + 2);
	constexpr std::string_view parse_error = "parse error";
	std::string text = "invalid JSON: ";
	if (what.starts_with(parse_error)) {
		text = "invalid JSON";
		what.remove_prefix(parse_error.size());
	}
	static constexpr std::string_view hex = "0123456789abcdef";
	for (const char c : what) {
		const auto u = static_cast<unsigned char>(c);
		if (u < 0x80)
			text += c;
		else
			text.append("<0x").append(1, hex[u >> 4]).append(1, hex[u & 0xf]).append(">");
	}
	return text;
}

// The DOM of one entry at a time. Pointers into a container stay valid
// while one of its children is open: nothing else is added to it meanwhile
// (nlohmann's own DOM parser relies on the same).
class EntryReader final : public nlohmann::json_sax<Json> {
public:
	EntryReader(std::size_t max_depth, const JsonEntry &entry)
		: max_depth_(max_depth), entry_(entry)
	{
	}

	std::string error; // the first one, as for_each_json_entry() words it
	Json root;	   // the top-level value, unless it is an array
	bool top_array = false;

	bool null() override { return scalar(nullptr); }
	bool boolean(bool v) override { return scalar(v); }
	bool number_integer(number_integer_t v) override { return scalar(v); }
	bool number_unsigned(number_unsigned_t v) override { return scalar(v); }
	bool number_float(number_float_t v, const string_t &) override { return scalar(v); }
	bool string(string_t &v) override { return scalar(std::move(v)); }
	bool binary(binary_t &) override { return fail("binary value"); } // not in JSON text

	bool start_object(std::size_t) override { return open(Json::object()); }
	bool key(string_t &k) override
	{
		// A key the object has already is found, not added: the object
		// does not grow.
		Json &object = *open_.back();
		const std::size_t had = object.size();
		slot_ = &object[k];
		if (object.size() == had)
			return fail("duplicate key \"" + k + "\"");
		return true;
	}
	bool end_object() override { return close(); }
	bool start_array(std::size_t) override
	{
		if (depth_ == 0) { // the top level's entries go to entry_, one by one
			top_array = true;
			depth_ = 1;
			return true;
		}
		return open(Json::array());
	}
	bool end_array() override
	{
		if (top_array && depth_ == 1) {
			depth_ = 0;
			return true;
		}
		return close();
	}
	bool parse_error(std::size_t, const std::string &, const Json::exception &e) override
	{
		error = json_error_text(e);
		return false;
	}

private:
	// Where a new value goes: the top level, the entry, or its container.
	Json *place(Json &&v)
	{
		if (depth_ == 0) {
			root = std::move(v);
			return &root;
		}
		if (top_array && depth_ == 1) {
			++entries_;
			entry_value_ = std::move(v);
			return &entry_value_;
		}
		Json &parent = *open_.back();
		if (parent.is_array()) {
			parent.push_back(std::move(v));
			return &parent.back();
		}
		*slot_ = std::move(v);
		return slot_;
	}
	template <typename T> bool scalar(T &&v)
	{
		place(Json(std::forward<T>(v)));
		return depth_ != 1 || !top_array || done();
	}
	bool open(Json &&container)
	{
		if (depth_ >= max_depth_)
			return fail("nesting deeper than " + std::to_string(max_depth_));
		open_.push_back(place(std::move(container)));
		++depth_;
		return true;
	}
	bool close()
	{
		open_.pop_back();
		--depth_;
		return depth_ != 1 || !top_array || done();
	}
	// An entry of the top-level array is complete.
	bool done()
	{
		entry_(entries_, entry_value_);
		entry_value_ = Json();
		return true;
	}
	bool fail(const std::string &what)
	{
		error = "invalid JSON" +
			(top_array && entries_ ? " in rule " + std::to_string(entries_) : "") +
			": " + what;
		return false;
	}

	const std::size_t max_depth_;
	const JsonEntry &entry_;
	std::size_t depth_ = 0;	  // open containers, the top-level array included
	std::size_t entries_ = 0; // of the top-level array so far
	Json entry_value_;
	std::vector<Json *> open_; // containers open below the top-level array
	Json *slot_ = nullptr;	  // the value of the last key
};

} // namespace

Result<std::string_view> for_each_json_entry(std::string_view text, std::size_t max_depth,
					      const JsonEntry &entry)
{
	EntryReader reader(max_depth, entry);
	if (!Json::sax_parse(text.data(), text.data() + text.size(), &reader))
		return Error::local(EINVAL, reader.error);
	if (reader.top_array)
		return std::string_view("array");
	return std::string_view(reader.root.type_name());
}

} // namespace rtpnl::cli
