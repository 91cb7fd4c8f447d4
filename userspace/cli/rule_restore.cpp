// JSON → rules for `rtpnl rules restore` (see rule_restore.hpp).
#include "rule_restore.hpp"

#include "json_reader.hpp"

#include "rtpnl/table.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <span>
#include <unordered_map>

namespace rtpnl::cli {

namespace {

using Kind = JsonValue::Kind;

std::string quoted(std::string_view key) { return "\"" + std::string(key) + "\""; }

// "an object", "a string"
std::string a(Kind kind)
{
	const std::string_view name = json_kind_name(kind);
	return (kind == Kind::object || kind == Kind::array ? "an " : "a ") + std::string(name);
}

Error bad(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

Result<void> only_keys(const JsonValue &obj, std::span<const std::string_view> allowed)
{
	for (const JsonMember &m : obj.members) {
		bool known = false;
		for (std::string_view k : allowed)
			known = known || m.key == k;
		if (!known)
			return bad("unknown key " + quoted(m.key));
	}
	return {};
}

Result<const JsonValue *> member(const JsonValue &obj, std::string_view key, Kind kind,
				 bool required)
{
	const JsonValue *v = obj.find(key);
	if (!v) {
		if (required)
			return bad("missing " + quoted(key));
		return v;
	}
	if (v->kind != kind)
		return bad(quoted(key) + ": expected " + a(kind) + ", got " + a(v->kind));
	return v;
}

Result<std::optional<Endpoint>> endpoint(const JsonValue &obj, std::string_view key, bool required)
{
	auto v = member(obj, key, Kind::string, required);
	if (!v)
		return v.error();
	if (!*v)
		return std::optional<Endpoint>{};
	auto ep = parse_endpoint((*v)->text);
	if (!ep)
		return bad(quoted(key) + ": " + ep.error().text());
	return std::optional<Endpoint>{*ep};
}

Result<std::optional<std::uint64_t>> uint_member(const JsonValue &obj, std::string_view key,
						   std::uint64_t max, bool required)
{
	auto v = member(obj, key, Kind::number, required);
	if (!v)
		return v.error();
	if (!*v)
		return std::optional<std::uint64_t>{};
	auto n = (*v)->as_uint();
	if (!n || *n > max)
		return bad(quoted(key) + ": " + (*v)->text + " is not an integer 0.." +
			   std::to_string(max));
	return std::optional<std::uint64_t>{*n};
}

Result<Output> output(const JsonValue &v)
{
	if (v.kind != Kind::object)
		return bad("expected an object, got " + a(v.kind));
	static constexpr std::array<std::string_view, 3> keys{"src", "dst", "tos"};
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
	return o;
}

Result<PayloadType> payload_type(const JsonValue &v)
{
	if (v.kind != Kind::object)
		return bad("expected an object, got " + a(v.kind));
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
Result<Rule> rule(const JsonValue &v, std::optional<std::uint32_t> &table,
		  std::optional<Endpoint> &local)
{
	if (v.kind != Kind::object)
		return bad("expected an object, got " + a(v.kind));
	// The label first: errors in other keys should name the rule.
	if (auto t = uint_member(v, "table", table_id_max, false); t && *t)
		table = static_cast<std::uint32_t>(**t);
	if (auto l = endpoint(v, "local", false); l && *l)
		local = **l;

	static constexpr std::array<std::string_view, 11> keys{
		"table",	 "local", "expect", "mismatch",	    "outputs", "rtp",
		"payload_types", "stun",  "dtls",   "expect_ssrcs", "stats"};
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
	auto m = member(v, "mismatch", Kind::string, false);
	if (!m)
		return m.error();
	if (*m) {
		auto mm = mismatch_from_name((*m)->text);
		if (!mm)
			return bad("\"mismatch\": invalid value " + quoted((*m)->text) +
				   " (ignore, drop, pass)");
		r.mismatch = *mm;
	}
	if (auto s = member(v, "stats", Kind::object, false); !s) // ignored, but an object
		return s.error();
	auto outs = member(v, "outputs", Kind::array, true);
	if (!outs)
		return outs.error();
	for (std::size_t i = 0; i < (*outs)->items.size(); ++i) {
		auto o = output((*outs)->items[i]);
		if (!o)
			return bad("output " + std::to_string(i + 1) + ": " + o.error().text());
		r.outputs.push_back(*o);
	}
	auto rtp = member(v, "rtp", Kind::boolean, false);
	if (!rtp)
		return rtp.error();
	r.rtp = *rtp && (*rtp)->boolean;
	auto pts = member(v, "payload_types", Kind::array, false);
	if (!pts)
		return pts.error();
	if (*pts)
		for (std::size_t i = 0; i < (*pts)->items.size(); ++i) {
			auto pt = payload_type((*pts)->items[i]);
			if (!pt)
				return bad("payload type " + std::to_string(i + 1) + ": " +
					   pt.error().text());
			r.payload_types.push_back(*pt);
		}
	for (auto [key, flag] : {std::pair{"stun", &Rule::stun}, {"dtls", &Rule::dtls}}) {
		auto f = member(v, key, Kind::boolean, false);
		if (!f)
			return f.error();
		r.*flag = *f && (*f)->boolean;
	}
	auto ssrcs = member(v, "expect_ssrcs", Kind::array, false);
	if (!ssrcs)
		return ssrcs.error();
	if (*ssrcs) {
		r.expect_ssrcs.emplace();
		for (const JsonValue &item : (*ssrcs)->items) {
			auto ssrc = item.kind == Kind::string ? parse_ssrc(item.text) : std::nullopt;
			if (!ssrc)
				return bad("\"expect_ssrcs\": expected SSRCs in hex (\"5eed5eed\")");
			r.expect_ssrcs->push_back(*ssrc);
		}
	}
	if (auto ok = validate_rule(r); !ok)
		return ok.error();
	return r;
}

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

Result<std::vector<Rule>> rules_from_json(std::string_view text)
{
	auto doc = parse_json(text);
	if (!doc)
		return doc.error();
	if (doc->kind != Kind::array)
		return bad("expected a JSON array of rules (as 'rtpnl -j rules list' prints), got " +
			   a(doc->kind));
	std::vector<Rule> rules;
	rules.reserve(doc->items.size());
	// A second entry for the same key would silently replace the first.
	std::unordered_map<std::string, std::size_t> seen;
	for (std::size_t i = 0; i < doc->items.size(); ++i) {
		std::optional<std::uint32_t> table;
		std::optional<Endpoint> local;
		auto r = rule(doc->items[i], table, local);
		if (!r)
			return bad(rule_label(i + 1, table, local) + ": " + r.error().text());
		const std::string key = std::to_string(r->table) + " " + format_endpoint(r->local);
		if (auto [it, fresh] = seen.emplace(key, i + 1); !fresh)
			return bad(rule_label(i + 1, *r) + ": same table and local endpoint as rule " +
				   std::to_string(it->second));
		rules.push_back(std::move(*r));
	}
	return rules;
}

} // namespace rtpnl::cli
