// SPDX-License-Identifier: LGPL-2.1-or-later
// JSON → rules for `rtpnl rules restore` (see rule_restore.hpp).
#include "rule_restore.hpp"

#include "json_entries.hpp"
#include "pt_replace_args.hpp"

#include "rtpnl/table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>

namespace rtpnl::cli {

namespace {

// Objects in input order: of two unknown keys, the first is reported.
using Json = nlohmann::ordered_json;

// "key", as errors show keys (not std::quoted, which nlohmann brings in)
std::string key_text(std::string_view key) { return "\"" + std::string(key) + "\""; }

// "an object", "a string", from Json::type_name()
std::string a(std::string_view type)
{
	return (type == "object" || type == "array" ? "an " : "a ") + std::string(type);
}

Error bad(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

Result<void> only_keys(const Json &obj, std::span<const std::string_view> allowed)
{
	// A listing shows SRTP without its keys: nothing to restore it from.
	for (const char *srtp : {"decrypt", "encrypt"})
		if (obj.contains(srtp))
			return bad(std::string("'") + srtp +
				   "': SRTP keys are write-only, a listing cannot restore them "
				   "(use 'rtpnl rule replace' with the keys)");
	for (const auto &[key, value] : obj.items()) {
		bool known = false;
		for (std::string_view k : allowed)
			known = known || key == k;
		if (!known)
			return bad("unknown key " + key_text(key));
	}
	return {};
}

// The member `key` of `obj` if it is of `type` (a Json::type_name()), null
// if it is absent and not required.
Result<const Json *> member(const Json &obj, std::string_view key, std::string_view type,
			    bool required)
{
	const auto it = obj.find(key);
	if (it == obj.end()) {
		if (required)
			return bad("missing " + key_text(key));
		return nullptr;
	}
	if (it->type_name() != type)
		return bad(key_text(key) + ": expected " + a(type) + ", got " + a(it->type_name()));
	return &*it;
}

// A number as the input wrote it, as far as nlohmann keeps it: "-0" is a
// signed 0, which dump() would show as "0".
std::string number_text(const Json &number)
{
	if (number.is_number_integer() && !number.is_number_unsigned() &&
	    number.get<std::int64_t>() == 0)
		return "-0";
	return number.dump();
}

Result<std::optional<Endpoint>> endpoint(const Json &obj, std::string_view key, bool required)
{
	auto v = member(obj, key, "string", required);
	if (!v)
		return v.error();
	if (!*v)
		return std::optional<Endpoint>{};
	auto ep = parse_endpoint((*v)->get_ref<const std::string &>());
	if (!ep)
		return bad(key_text(key) + ": " + ep.error().text());
	return std::optional<Endpoint>{*ep};
}

Result<std::optional<std::uint64_t>> uint_member(const Json &obj, std::string_view key,
						   std::uint64_t max, bool required)
{
	auto v = member(obj, key, "number", required);
	if (!v)
		return v.error();
	if (!*v)
		return std::optional<std::uint64_t>{};
	const Json &n = **v;
	// not negative (signed), no fraction or exponent (float), fits 64 bits
	if (!n.is_number_unsigned() || n.get<std::uint64_t>() > max)
		return bad(key_text(key) + ": " + number_text(n) + " is not an integer 0.." +
			   std::to_string(max));
	return std::optional<std::uint64_t>{n.get<std::uint64_t>()};
}

// The member `key` of `obj`: an SSRC as listings print it ("5eed5eed").
Result<std::uint32_t> ssrc_member(const Json &obj, std::string_view key)
{
	auto v = member(obj, key, "string", true);
	if (!v)
		return v.error();
	auto ssrc = parse_ssrc((*v)->get_ref<const std::string &>());
	if (!ssrc)
		return bad(key_text(key) + ": expected an SSRC in hex (\"5eed5eed\")");
	return *ssrc;
}

// "KEY":[{...}, ...] of an output (absent: none), each an object of no
// other keys than `keys`, made into a T by `read`; errors name the entry,
// counted from 1: "\"ssrc_map\" 2: missing \"from\"".
template <typename T, std::size_t N, typename Read>
Result<std::vector<T>> object_list(const Json &out, std::string_view key,
				   const std::array<std::string_view, N> &keys, Read read)
{
	std::vector<T> list;
	auto items = member(out, key, "array", false);
	if (!items)
		return items.error();
	for (std::size_t i = 0; *items && i < (*items)->size(); ++i) {
		const Json &item = (**items)[i];
		const std::string which = key_text(key) + " " + std::to_string(i + 1) + ": ";
		if (!item.is_object())
			return bad(which + "expected an object, got " + a(item.type_name()));
		if (auto r = only_keys(item, keys); !r)
			return bad(which + r.error().text());
		Result<T> entry = read(item);
		if (!entry)
			return bad(which + entry.error().text());
		list.push_back(std::move(*entry));
	}
	return list;
}

// "ssrc_map":[{"from":"5eed5eed","to":"abcd0001"}, ...] of an output; the
// bounds and a FROM twice are validate_rule()'s.
Result<std::vector<SsrcMapping>> ssrc_map(const Json &out)
{
	static constexpr std::array<std::string_view, 2> keys{"from", "to"};
	return object_list<SsrcMapping>(out, "ssrc_map", keys, [](const Json &item) -> Result<SsrcMapping> {
		auto from = ssrc_member(item, "from");
		if (!from)
			return from.error();
		auto to = ssrc_member(item, "to");
		if (!to)
			return to.error();
		return SsrcMapping{*from, *to};
	});
}

// "pt_replace":[{"type":0,"pattern":"ff"}, ...] of an output: a type
// 0..127, a pattern in hex as listings print it (1..16 bytes); the count
// and a type twice are validate_rule()'s.
Result<std::vector<PtReplace>> pt_replace(const Json &out)
{
	static constexpr std::array<std::string_view, 2> keys{"type", "pattern"};
	return object_list<PtReplace>(out, "pt_replace", keys, [](const Json &item) -> Result<PtReplace> {
		auto type = uint_member(item, "type", payload_type_max, true);
		if (!type)
			return type.error();
		auto hex = member(item, "pattern", "string", true);
		if (!hex)
			return hex.error();
		auto pattern = parse_pt_pattern((*hex)->get_ref<const std::string &>());
		if (!pattern)
			return bad(key_text("pattern") + ": " + pattern.error().text());
		return PtReplace{static_cast<std::uint8_t>(**type), std::move(*pattern)};
	});
}

Result<Output> output(const Json &v)
{
	if (!v.is_object())
		return bad("expected an object, got " + a(v.type_name()));
	static constexpr std::array<std::string_view, 5> keys{"src", "dst", "tos", "ssrc_map",
							      "pt_replace"};
	if (auto r = only_keys(v, keys); !r)
		return r.error();
	Output o;
	auto src = endpoint(v, "src", true);
	if (!src)
		return src.error();
	o.src = **src;
	auto dst = endpoint(v, "dst", true);
	if (!dst)
		return dst.error();
	o.dst = **dst;
	auto tos = uint_member(v, "tos", 255, false);
	if (!tos)
		return tos.error();
	if (*tos)
		o.tos = static_cast<std::uint8_t>(**tos);
	auto map = ssrc_map(v);
	if (!map)
		return map.error();
	o.ssrc_map = std::move(*map);
	auto replace = pt_replace(v);
	if (!replace)
		return replace.error();
	o.pt_replace = std::move(*replace);
	return o;
}

Result<PayloadType> payload_type(const Json &v)
{
	if (!v.is_object())
		return bad("expected an object, got " + a(v.type_name()));
	static constexpr std::array<std::string_view, 2> keys{"type", "clock_rate"};
	if (auto r = only_keys(v, keys); !r)
		return r.error();
	PayloadType pt;
	auto type = uint_member(v, "type", payload_type_max, true);
	if (!type)
		return type.error();
	pt.type = static_cast<std::uint8_t>(**type);
	auto clock = uint_member(v, "clock_rate", UINT32_MAX, false);
	if (!clock)
		return clock.error();
	if (*clock)
		pt.clock_rate = static_cast<std::uint32_t>(**clock);
	return pt;
}

// One entry; `table` and `local` are filled as soon as they are known, for
// the caller's error label.
Result<Rule> rule(const Json &v, std::optional<std::uint32_t> &table,
		  std::optional<Endpoint> &local)
{
	if (!v.is_object())
		return bad("expected an object, got " + a(v.type_name()));
	// The label first: errors in other keys should name the rule.
	if (auto t = uint_member(v, "table", table_id_max, false); t && *t)
		table = static_cast<std::uint32_t>(**t);
	if (auto l = endpoint(v, "local", false); l && *l)
		local = **l;

	static constexpr std::array<std::string_view, 16> keys{
		"table",     "local",	  "expect", "mismatch", "outputs",   "rtp",
		"payload_types", "stun",  "dtls",   "expect_ssrcs", "stats", "rtcp",
		"auth_fail", "blackhole", "hand_up", "recording"};
	if (auto r = only_keys(v, keys); !r)
		return r.error();
	Rule r;
	auto t = uint_member(v, "table", table_id_max, true);
	if (!t)
		return t.error();
	r.table = static_cast<std::uint32_t>(**t);
	auto l = endpoint(v, "local", true);
	if (!l)
		return l.error();
	r.local = **l;
	auto e = endpoint(v, "expect", false);
	if (!e)
		return e.error();
	r.expect = *e;
	auto m = member(v, "mismatch", "string", false);
	if (!m)
		return m.error();
	if (*m) {
		const auto &name = (*m)->get_ref<const std::string &>();
		auto mm = mismatch_from_name(name);
		if (!mm)
			return bad("\"mismatch\": invalid value " + key_text(name) +
				   " (ignore, drop, pass)");
		r.mismatch = *mm;
	}
	auto af = member(v, "auth_fail", "string", false);
	if (!af)
		return af.error();
	if (*af) {
		const auto &name = (*af)->get_ref<const std::string &>();
		if (name != "drop" && name != "pass")
			return bad("\"auth_fail\": invalid value " + key_text(name) + " (drop, pass)");
		r.srtp_auth_drop = name == "drop";
	}
	if (auto s = member(v, "stats", "object", false); !s) // ignored, but an object
		return s.error();
	// Ignored, but a stream id: the recorded streams are the running
	// kernel's, not configuration, and an id from another time may name
	// another call's stream by now.
	if (auto rec = uint_member(v, "recording", UINT32_MAX, false); !rec)
		return rec.error();
	for (auto [key, flag] : {std::pair{"stun", &Rule::stun}, {"dtls", &Rule::dtls},
				 {"rtcp", &Rule::rtcp}, {"blackhole", &Rule::blackhole},
				 {"hand_up", &Rule::hand_up}}) {
		auto f = member(v, key, "boolean", false);
		if (!f)
			return f.error();
		r.*flag = *f && (*f)->get<bool>();
	}
	// A blackhole or a hand-up rule has none: listings print
	// "outputs":[], a hand-written file may leave it out.
	auto outs = member(v, "outputs", "array", !r.blackhole && !r.hand_up);
	if (!outs)
		return outs.error();
	for (std::size_t i = 0; *outs && i < (*outs)->size(); ++i) {
		auto o = output((**outs)[i]);
		if (!o)
			return bad("output " + std::to_string(i + 1) + ": " + o.error().text());
		r.outputs.push_back(std::move(*o));
	}
	auto rtp = member(v, "rtp", "boolean", false);
	if (!rtp)
		return rtp.error();
	r.rtp = *rtp && (*rtp)->get<bool>();
	auto pts = member(v, "payload_types", "array", false);
	if (!pts)
		return pts.error();
	if (*pts)
		for (std::size_t i = 0; i < (*pts)->size(); ++i) {
			auto pt = payload_type((**pts)[i]);
			if (!pt)
				return bad("payload type " + std::to_string(i + 1) + ": " +
					   pt.error().text());
			r.payload_types.push_back(std::move(*pt));
		}
	auto ssrcs = member(v, "expect_ssrcs", "array", false);
	if (!ssrcs)
		return ssrcs.error();
	if (*ssrcs) {
		r.expect_ssrcs.emplace();
		for (const Json &item : **ssrcs) {
			auto ssrc = item.is_string() ? parse_ssrc(item.get_ref<const std::string &>())
						     : std::nullopt;
			if (!ssrc)
				return bad("\"expect_ssrcs\": expected SSRCs in hex (\"5eed5eed\")");
			r.expect_ssrcs->push_back(*ssrc);
		}
	}
	if (auto ok = validate_rule(r); !ok)
		return ok.error();
	return r;
}

// What makes two entries the same rule, compared as it is, without
// formatting it.
struct RuleKey {
	std::uint32_t table;
	Endpoint local;

	bool operator==(const RuleKey &) const = default;
};

struct RuleKeyHash {
	std::size_t operator()(const RuleKey &k) const noexcept
	{
		// FNV-1a over the bytes that count
		std::size_t h = 14695981039346656037ULL;
		const auto mix = [&h](std::uint64_t v, int bytes) {
			for (int i = 0; i < bytes; ++i, v >>= 8)
				h = (h ^ (v & 0xff)) * 1099511628211ULL;
		};
		mix(k.table, 4);
		mix(static_cast<std::uint8_t>(k.local.family), 1);
		for (const std::uint8_t b : k.local.address())
			mix(b, 1);
		mix(k.local.port, 2);
		return h;
	}
};

} // namespace

std::string rule_label(std::size_t number, std::optional<std::uint32_t> table,
		       const std::optional<Endpoint> &local)
{
	std::string s = "rule " + std::to_string(number);
	std::string parts;
	if (table)
		parts = "table " + std::to_string(*table);
	if (local)
		parts += (parts.empty() ? "" : " ") + std::string("local ") + format_endpoint(*local);
	if (!parts.empty())
		s += " (" + parts + ")";
	return s;
}

std::string rule_label(std::size_t number, const Rule &rule)
{
	return rule_label(number, rule.table, rule.local);
}

Result<void> rules_from_json(std::string_view text, const std::function<void(Rule &&)> &sink)
{
	if (text.starts_with("\xef\xbb\xbf"))
		return bad("invalid JSON at line 1, column 1: byte order mark");
	// A second entry for the same key would silently replace the first.
	// Reserved: a million keys are not rehashed over and over.
	std::unordered_map<RuleKey, std::size_t, RuleKeyHash> seen;
	seen.reserve(rules_capacity(text));
	// The first entry refused; the parse goes on to the end all the same,
	// so that a syntax error anywhere is what is reported, as for input
	// read whole before it is looked at.
	std::optional<Error> refused;
	const auto take = [&](std::size_t number, const Json &value) {
		if (refused)
			return;
		std::optional<std::uint32_t> table;
		std::optional<Endpoint> local;
		auto r = rule(value, table, local);
		if (!r) {
			refused = bad(rule_label(number, table, local) + ": " + r.error().text());
			return;
		}
		if (auto [it, fresh] = seen.emplace(RuleKey{r->table, r->local}, number); !fresh) {
			refused = bad(rule_label(number, *r) + ": same table and local endpoint as rule " +
				      std::to_string(it->second));
			return;
		}
		sink(std::move(*r));
	};
	auto top = for_each_json_entry(text, json_max_depth, take);
	if (!top)
		return top.error();
	if (*top != "array")
		return bad("expected a JSON array of rules (as 'rtpnl -j rules list' prints), got " +
			   a(*top));
	if (refused)
		return *refused;
	return {};
}

std::size_t rules_capacity(std::string_view text)
{
	return std::min<std::size_t>(text.size() / 40 + 1, 2000000);
}

Result<std::vector<Rule>> rules_from_json(std::string_view text)
{
	// reserved, not touched: a listing of a million rules is not moved
	// over and over as the vector grows
	std::vector<Rule> rules;
	rules.reserve(rules_capacity(text));
	if (auto r = rules_from_json(text, [&rules](Rule &&rule) { rules.push_back(std::move(rule)); });
	    !r)
		return r.error();
	return rules;
}

} // namespace rtpnl::cli
