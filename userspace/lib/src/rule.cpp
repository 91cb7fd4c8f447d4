// SPDX-License-Identifier: LGPL-2.1-or-later
// Rule value types: endpoint text form, mismatch names, validation
// (see rule.hpp).
#include "rtpnl/rule.hpp"

#include "rtpnl/table.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

namespace rtpnl {

namespace {

Error invalid(std::string_view text, std::string_view reason = {})
{
	std::string s = "invalid endpoint '" + std::string(text) + "'";
	if (!reason.empty())
		s += " (" + std::string(reason) + ")";
	return Error::local(EINVAL, std::move(s));
}

// inet_pton wants a NUL-terminated string; it is strict already (glibc:
// exactly four decimal parts for IPv4, no leading zeros, no scope ids).
bool pton(int af, std::string_view text, void *dst)
{
	const std::string s(text);
	return ::inet_pton(af, s.c_str(), dst) == 1;
}

constexpr std::array<std::string_view, 3> mismatch_names{"ignore", "drop", "pass"};

// A blackhole drops what passes the hand-up checks, a hand-up rule hands
// it up: the kernel refuses outputs to forward to, and RTP or SRTP work
// either would never do. `kind` is "blackhole" or "hand-up".
Result<void> validate_no_outputs(const Rule &rule, std::string_view kind)
{
	const std::pair<bool, std::string_view> conflicts[] = {
		{!rule.outputs.empty(), "outputs"},
		{rule.rtp, "rtp"},
		{rule.rtcp, "rtcp"},
		{!rule.payload_types.empty(), "payload types"},
		{rule.expect_ssrcs.has_value(), "expected SSRCs"},
		{rule.decrypt.has_value(), "decrypt"},
		{rule.srtp_auth_drop, "auth-fail drop"},
	};
	for (const auto &[conflict, what] : conflicts)
		if (conflict)
			return Error::local(EINVAL, "a " + std::string(kind) +
							    " rule cannot have " + std::string(what));
	return {};
}

// The first element of `list` whose `key` (a member pointer) an earlier
// one has, or nullptr.
template <typename T, typename K>
const T *repeated_key(const std::vector<T> &list, K T::*key)
{
	for (std::size_t i = 0; i < list.size(); ++i)
		for (std::size_t j = 0; j < i; ++j)
			if (list[i].*key == list[j].*key)
				return &list[i];
	return nullptr;
}

// An output's SSRC map, as the kernel checks it: RTP is parsed (the SSRC
// is in its header), at most RTPFWD_SSRCS_MAX rewrites, each SSRC rewritten
// by one of them only.
Result<void> validate_ssrc_map(const Rule &rule, const Output &o, const std::string &which)
{
	const auto bad = [&](const std::string &reason) {
		return Error::local(EINVAL, which + ": " + reason);
	};
	if (o.ssrc_map.empty())
		return {};
	if (!rule.rtp)
		return bad("SSRC map needs rtp");
	if (o.ssrc_map.size() > output_ssrc_map_max)
		return bad("at most " + std::to_string(output_ssrc_map_max) + " SSRC rewrites");
	if (repeated_key(o.ssrc_map, &SsrcMapping::from))
		return bad("rewrites the same SSRC twice");
	return {};
}

// An output's payload replacements, as the kernel checks them: RTP is
// parsed (the payload type and the payload's bounds are its header's), at
// most RTPFWD_PT_REPLACE_MAX, each payload type once, each pattern 1 to
// RTPFWD_PT_PATTERN_MAX bytes.
Result<void> validate_pt_replace(const Rule &rule, const Output &o, const std::string &which)
{
	const auto bad = [&](const std::string &reason) {
		return Error::local(EINVAL, which + ": " + reason);
	};
	if (o.pt_replace.empty())
		return {};
	if (!rule.rtp)
		return bad("payload replacement needs rtp");
	if (o.pt_replace.size() > output_pt_replace_max)
		return bad("at most " + std::to_string(output_pt_replace_max) +
			   " payload replacements");
	for (const PtReplace &r : o.pt_replace) {
		const std::string type = std::to_string(r.type);
		if (r.type > payload_type_max)
			return bad("payload replacement type " + type + " out of range (0.." +
				   std::to_string(payload_type_max) + ")");
		if (r.pattern.empty())
			return bad("payload replacement of type " + type + ": empty pattern");
		if (r.pattern.size() > pt_pattern_max)
			return bad("payload replacement of type " + type + ": pattern of " +
				   std::to_string(r.pattern.size()) + " bytes (at most " +
				   std::to_string(pt_pattern_max) + ")");
	}
	if (const PtReplace *again = repeated_key(o.pt_replace, &PtReplace::type))
		return bad("replaces payload type " + std::to_string(again->type) + " twice");
	return {};
}

} // namespace

Endpoint Endpoint::v4(std::array<std::uint8_t, 4> a, std::uint16_t port)
{
	Endpoint ep;
	ep.family = Family::v4;
	std::copy(a.begin(), a.end(), ep.addr.begin());
	ep.port = port;
	return ep;
}

Endpoint Endpoint::v6(std::array<std::uint8_t, 16> a, std::uint16_t port)
{
	Endpoint ep;
	ep.family = Family::v6;
	ep.addr = a;
	ep.port = port;
	return ep;
}

std::span<const std::uint8_t> Endpoint::address() const
{
	return std::span<const std::uint8_t>(addr).first(family == Family::v4 ? 4 : 16);
}

Result<Endpoint> parse_endpoint(std::string_view text)
{
	std::string_view host;
	std::string_view rest; // ":PORT" or what stands there instead
	Endpoint ep;
	if (text.starts_with('[')) {
		const auto close = text.find(']');
		if (close == std::string_view::npos)
			return invalid(text);
		host = text.substr(1, close - 1);
		rest = text.substr(close + 1);
		ep.family = Endpoint::Family::v6;
		if (!pton(AF_INET6, host, ep.addr.data()))
			return invalid(text);
	} else {
		const auto colon = text.find(':');
		host = text.substr(0, colon);
		rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
		if (rest.find(':', 1) != std::string_view::npos) {
			in6_addr probe{};
			if (pton(AF_INET6, text, &probe)) // "::1:5000": which part is the port?
				return invalid(text, "write IPv6 as [ADDRESS]:PORT");
			return invalid(text);
		}
		ep.family = Endpoint::Family::v4;
		if (!pton(AF_INET, host, ep.addr.data()))
			return invalid(text);
	}
	if (rest.empty() || rest == ":")
		return invalid(text, "missing port");
	if (rest[0] != ':')
		return invalid(text);
	const std::string_view port = rest.substr(1);
	std::uint64_t value = 0;
	const char *end = port.data() + port.size();
	auto [ptr, ec] = std::from_chars(port.data(), end, value);
	if (ptr != end || (ec != std::errc{} && ec != std::errc::result_out_of_range))
		return invalid(text, "invalid port");
	if (ec == std::errc::result_out_of_range || value == 0 || value > 65535)
		return invalid(text, "port must be 1..65535");
	ep.port = static_cast<std::uint16_t>(value);
	return ep;
}

std::string format_endpoint(const Endpoint &ep)
{
	std::array<char, INET6_ADDRSTRLEN> buf{};
	const bool v4 = ep.family == Endpoint::Family::v4;
	// Cannot fail: the family is valid and the buffer fits either.
	(void)::inet_ntop(v4 ? AF_INET : AF_INET6, ep.addr.data(), buf.data(),
			  static_cast<socklen_t>(buf.size()));
	const std::string addr(buf.data());
	const std::string port = std::to_string(ep.port);
	return v4 ? addr + ":" + port : "[" + addr + "]:" + port;
}

std::string_view mismatch_name(Mismatch m)
{
	const auto i = static_cast<std::size_t>(m);
	return i < mismatch_names.size() ? mismatch_names[i] : "unknown";
}

std::optional<Mismatch> mismatch_from_name(std::string_view name)
{
	for (std::size_t i = 0; i < mismatch_names.size(); ++i)
		if (name == mismatch_names[i])
			return static_cast<Mismatch>(i);
	return std::nullopt;
}

std::optional<Mismatch> mismatch_from_value(std::uint8_t value)
{
	if (value >= mismatch_names.size())
		return std::nullopt;
	return static_cast<Mismatch>(value);
}

std::optional<std::uint32_t> parse_ssrc(std::string_view text)
{
	if (text.starts_with("0x") || text.starts_with("0X"))
		text.remove_prefix(2);
	std::uint32_t value = 0;
	const char *end = text.data() + text.size();
	auto [ptr, ec] = std::from_chars(text.data(), end, value, 16);
	if (text.empty() || text.size() > 8 || ptr != end || ec != std::errc{})
		return std::nullopt;
	return value;
}

Result<void> validate_rule(const Rule &rule)
{
	const auto bad = [](std::string reason) { return Error::local(EINVAL, std::move(reason)); };
	if (rule.table > table_id_max)
		return bad("table id " + std::to_string(rule.table) + " out of range (0.." +
			   std::to_string(table_id_max) + ")");
	if (rule.local.port == 0)
		return bad("local endpoint without a port");
	if (rule.expect) {
		if (rule.expect->port == 0)
			return bad("expect endpoint without a port");
		if (rule.expect->family != rule.local.family)
			return bad("expect and local are of different address families");
	}
	if (!mismatch_from_value(static_cast<std::uint8_t>(rule.mismatch)))
		return bad("unknown mismatch value " +
			   std::to_string(static_cast<unsigned>(rule.mismatch)));
	if (rule.blackhole && rule.hand_up)
		return bad("a rule is a blackhole or a hand-up rule, not both");
	if (rule.blackhole || rule.hand_up) {
		if (auto r = validate_no_outputs(rule, rule.blackhole ? "blackhole" : "hand-up"); !r)
			return r;
	} else if (rule.outputs.empty()) {
		return bad("a rule needs at least one output");
	}
	if (rule.outputs.size() > rule_outputs_max)
		return bad("at most " + std::to_string(rule_outputs_max) + " outputs");
	for (std::size_t i = 0; i < rule.outputs.size(); ++i) {
		const Output &o = rule.outputs[i];
		const std::string which = "output " + std::to_string(i + 1);
		if (o.src.port == 0 || o.dst.port == 0)
			return bad(which + ": endpoint without a port");
		if (o.src.family != o.dst.family)
			return bad(which + ": src and dst are of different address families");
		if (o.encrypt) {
			if (!rule.rtp && !rule.rtcp)
				return bad(which + ": encrypt needs rtp or rtcp");
			if (auto r = validate_srtp(*o.encrypt, which + " encrypt"); !r)
				return r;
		}
		if (auto r = validate_ssrc_map(rule, o, which); !r)
			return r;
		if (auto r = validate_pt_replace(rule, o, which); !r)
			return r;
	}
	if (rule.decrypt) {
		if (!rule.rtp && !rule.rtcp)
			return bad("decrypt needs rtp or rtcp");
		if (auto r = validate_srtp(*rule.decrypt, "decrypt"); !r)
			return r;
	}
	if (rule.srtp_auth_drop && !rule.decrypt)
		return bad("auth-fail drop needs decrypt");
	if (!rule.payload_types.empty() && !rule.rtp)
		return bad("payload types need rtp");
	if (rule.expect_ssrcs) {
		const auto &ssrcs = *rule.expect_ssrcs;
		if (!rule.rtp)
			return bad("expected SSRCs need rtp");
		if (ssrcs.size() > rule_expect_ssrcs_max)
			return bad("at most " + std::to_string(rule_expect_ssrcs_max) + " expected SSRCs");
		for (std::size_t i = 0; i < ssrcs.size(); ++i)
			for (std::size_t j = 0; j < i; ++j)
				if (ssrcs[i] == ssrcs[j])
					return bad("duplicate expected SSRC");
	}
	if (rule.payload_types.size() > rule_payload_types_max)
		return bad("at most " + std::to_string(rule_payload_types_max) + " payload types");
	for (std::size_t i = 0; i < rule.payload_types.size(); ++i) {
		const PayloadType &pt = rule.payload_types[i];
		const std::string which = "payload type " + std::to_string(pt.type);
		if (pt.type > payload_type_max)
			return bad(which + " out of range (0.." + std::to_string(payload_type_max) + ")");
		if (pt.clock_rate && *pt.clock_rate == 0)
			return bad(which + ": clock rate must be > 0");
		for (std::size_t j = 0; j < i; ++j)
			if (rule.payload_types[j].type == pt.type)
				return bad("duplicate " + which);
	}
	return {};
}

} // namespace rtpnl
