// SPDX-License-Identifier: LGPL-2.1-or-later
// Payload replacement words (see pt_replace_args.hpp).
#include "pt_replace_args.hpp"

#include "hex.hpp"

#include <cerrno>
#include <charconv>

namespace rtpnl::cli {

namespace {

Error bad(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

std::string quote(std::string_view word) { return "'" + std::string(word) + "'"; }

} // namespace

Result<std::vector<std::uint8_t>> parse_pt_pattern(std::string_view hex)
{
	HexBytes pattern = parse_hex_bytes(hex);
	if (pattern.error == HexError::empty)
		return bad("empty pattern");
	if (pattern.error == HexError::odd)
		return bad("pattern " + quote(hex) + " has an odd number of hex digits");
	if (pattern.error)
		return bad("pattern " + quote(hex) + " is not hex");
	if (pattern.bytes.size() > pt_pattern_max)
		return bad("pattern of " + std::to_string(pattern.bytes.size()) + " bytes (at most " +
			   std::to_string(pt_pattern_max) + ")");
	return std::move(pattern.bytes);
}

Result<PtReplace> parse_pt_replace(std::string_view word)
{
	const std::string invalid = "invalid pt-replace " + quote(word);
	const auto colon = word.find(':');
	if (colon == std::string_view::npos)
		return bad(invalid + " (PT:HEX)");
	const std::string_view type = word.substr(0, colon);
	unsigned t = 0;
	auto [end, ec] = std::from_chars(type.data(), type.data() + type.size(), t);
	if (type.empty() || end != type.data() + type.size() || ec != std::errc{} ||
	    t > payload_type_max)
		return bad(invalid + ": payload type " + quote(type) + " (0.." +
			   std::to_string(payload_type_max) + ")");
	auto pattern = parse_pt_pattern(word.substr(colon + 1));
	if (!pattern)
		return bad(invalid + ": " + pattern.error().text());
	return PtReplace{static_cast<std::uint8_t>(t), std::move(*pattern)};
}

Result<void> add_pt_replace(Output &o, std::string_view word, const std::string &which)
{
	auto replace = parse_pt_replace(word);
	if (!replace)
		return replace.error();
	for (const PtReplace &old : o.pt_replace)
		if (old.type == replace->type)
			return bad(which + ": duplicate pt-replace PT in " + quote(word));
	if (o.pt_replace.size() >= output_pt_replace_max)
		return bad(which + ": at most " + std::to_string(output_pt_replace_max) +
			   " 'pt-replace'");
	o.pt_replace.push_back(std::move(*replace));
	return {};
}

std::string pt_replace_text(const PtReplace &replace)
{
	return std::to_string(replace.type) + ":" + hex_text(replace.pattern);
}

} // namespace rtpnl::cli
