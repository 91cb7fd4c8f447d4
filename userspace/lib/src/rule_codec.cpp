// Rule request encoding and reply decoding (see rule_codec.hpp).
#include "rtpnl/rule_codec.hpp"

#include "rtpnl/attr_reader.hpp"
#include "rtpnl/attr_writer.hpp"

#include <linux/netlink.h>
#include <linux/rtpfwd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

namespace rtpnl {

// The mirrored constants must match the ABI headers.
static_assert(genl::cmd_rule_new == RTPFWD_CMD_RULE_NEW);
static_assert(genl::cmd_rule_del == RTPFWD_CMD_RULE_DEL);
static_assert(genl::cmd_rule_get == RTPFWD_CMD_RULE_GET);
static_assert(genl::cmd_stats_reset == RTPFWD_CMD_STATS_RESET);
static_assert(rule_outputs_max == RTPFWD_OUTPUTS_MAX);
static_assert(rule_payload_types_max == RTPFWD_PAYLOAD_TYPES_MAX);
static_assert(rule_expect_ssrcs_max == RTPFWD_SSRCS_MAX);
static_assert(static_cast<int>(Mismatch::ignore) == RTPFWD_MISMATCH_IGNORE);
static_assert(static_cast<int>(Mismatch::drop) == RTPFWD_MISMATCH_DROP);
static_assert(static_cast<int>(Mismatch::pass) == RTPFWD_MISMATCH_PASS);
static_assert(RTPFWD_MISMATCH_MAX == RTPFWD_MISMATCH_PASS, "a new mismatch value needs a name");
static_assert(nlm_flags::replace == NLM_F_REPLACE);
static_assert(nlm_flags::excl == NLM_F_EXCL);
static_assert(nlm_flags::create == NLM_F_CREATE);

namespace {

// Attribute bytes start after nlmsghdr + genlmsghdr in the request.
constexpr std::size_t attrs_base = nlmsg_hdrlen + genl_hdrlen;

void put_endpoint(AttrWriter &w, std::uint16_t type, const Endpoint &ep)
{
	const auto nest = w.begin_nest(type);
	w.put_binary(ep.family == Endpoint::Family::v4 ? RTPFWD_EP_A_ADDR4 : RTPFWD_EP_A_ADDR6,
		     ep.address());
	w.put_u16(RTPFWD_EP_A_PORT, ep.port);
	w.end_nest(nest);
}

// TABLE_ID + RULE { LOCAL }: the key of one rule.
std::vector<std::uint8_t> rule_key(std::uint32_t table, const Endpoint &local)
{
	AttrWriter w(attrs_base);
	w.put_u32(RTPFWD_A_TABLE_ID, table);
	const auto rule = w.begin_nest(RTPFWD_A_RULE);
	put_endpoint(w, RTPFWD_RULE_A_LOCAL, local);
	w.end_nest(rule);
	// A few fixed-size attributes cannot overflow or leave a nest open.
	return std::move(w).finish().value();
}

Error malformed(const std::string &what)
{
	return Error::local(EBADMSG, "malformed rule reply: " + what);
}

Result<std::vector<Attr>> nested(const Attr &a, const std::string &what)
{
	auto attrs = a.nested();
	if (!attrs)
		return malformed(what + ": " + attrs.error().text());
	return attrs;
}

Result<Endpoint> decode_endpoint(const Attr &nest, const std::string &what)
{
	auto attrs = nested(nest, what);
	if (!attrs)
		return attrs.error();
	const Attr *a4 = find_attr(*attrs, RTPFWD_EP_A_ADDR4);
	const Attr *a6 = find_attr(*attrs, RTPFWD_EP_A_ADDR6);
	const Attr *port = find_attr(*attrs, RTPFWD_EP_A_PORT);
	if (a4 && a6)
		return malformed(what + " has both ADDR4 and ADDR6");
	if (!a4 && !a6)
		return malformed(what + " has no address");
	Endpoint ep;
	const Attr &addr = a4 ? *a4 : *a6;
	ep.family = a4 ? Endpoint::Family::v4 : Endpoint::Family::v6;
	const std::size_t want = a4 ? 4 : 16;
	if (addr.payload().size() != want)
		return malformed(what + " " + (a4 ? "ADDR4" : "ADDR6") + " has " +
				 std::to_string(addr.payload().size()) + " bytes, expected " +
				 std::to_string(want));
	std::copy(addr.payload().begin(), addr.payload().end(), ep.addr.begin());
	if (!port)
		return malformed(what + " has no PORT");
	auto p = port->u16();
	if (!p)
		return malformed(what + " PORT: " + p.error().text());
	if (*p == 0)
		return malformed(what + " has port 0");
	ep.port = *p;
	return ep;
}

Result<Output> decode_output(const Attr &nest, const std::string &what)
{
	auto attrs = nested(nest, what);
	if (!attrs)
		return attrs.error();
	Output o;
	const Attr *src = find_attr(*attrs, RTPFWD_OUT_A_SRC);
	const Attr *dst = find_attr(*attrs, RTPFWD_OUT_A_DST);
	if (!src)
		return malformed(what + " has no SRC");
	if (!dst)
		return malformed(what + " has no DST");
	auto s = decode_endpoint(*src, what + " src");
	if (!s)
		return s.error();
	o.src = *s;
	auto d = decode_endpoint(*dst, what + " dst");
	if (!d)
		return d.error();
	o.dst = *d;
	if (const Attr *tos = find_attr(*attrs, RTPFWD_OUT_A_TOS)) {
		auto t = tos->u8();
		if (!t)
			return malformed(what + " TOS: " + t.error().text());
		o.tos = *t;
	}
	return o;
}

Result<RuleStats> decode_stats(const Attr &nest)
{
	auto attrs = nested(nest, "stats");
	if (!attrs)
		return attrs.error();
	RuleStats st;
	struct Field {
		std::uint16_t type;
		const char *name;
		std::uint64_t RuleStats::*member;
	};
	for (const Field f : {Field{RTPFWD_STATS_A_PACKETS, "PACKETS", &RuleStats::packets},
			      Field{RTPFWD_STATS_A_BYTES, "BYTES", &RuleStats::bytes},
			      Field{RTPFWD_STATS_A_ERRORS, "ERRORS", &RuleStats::errors}}) {
		const Attr *a = find_attr(*attrs, f.type);
		if (!a)
			return malformed(std::string("stats without ") + f.name);
		auto v = a->u64();
		if (!v)
			return malformed(std::string("stats ") + f.name + ": " + v.error().text());
		st.*f.member = *v;
	}
	// Newer counters: absent from kernels that do not have them.
	for (const Field f : {Field{RTPFWD_STATS_A_TTL_EXPIRED, "TTL_EXPIRED", &RuleStats::ttl_expired},
			      Field{RTPFWD_STATS_A_TOO_BIG, "TOO_BIG", &RuleStats::too_big}}) {
		const Attr *a = find_attr(*attrs, f.type);
		if (!a)
			continue;
		auto v = a->u64();
		if (!v)
			return malformed(std::string("stats ") + f.name + ": " + v.error().text());
		st.*f.member = *v;
	}
	return st;
}

Result<std::uint64_t> u64_field(const std::vector<Attr> &attrs, std::uint16_t type,
				const std::string &what, const char *name)
{
	const Attr *a = find_attr(attrs, type);
	if (!a)
		return malformed(what + " without " + name);
	auto v = a->u64();
	if (!v)
		return malformed(what + " " + name + ": " + v.error().text());
	return *v;
}

Result<std::uint32_t> u32_field(const std::vector<Attr> &attrs, std::uint16_t type,
				const std::string &what, const char *name)
{
	const Attr *a = find_attr(attrs, type);
	if (!a)
		return malformed(what + " without " + name);
	auto v = a->u32();
	if (!v)
		return malformed(what + " " + name + ": " + v.error().text());
	return *v;
}

Result<std::uint8_t> pt_type(const std::vector<Attr> &attrs, const std::string &what)
{
	const Attr *a = find_attr(attrs, RTPFWD_PT_A_TYPE);
	if (!a)
		return malformed(what + " without TYPE");
	auto v = a->u8();
	if (!v)
		return malformed(what + " TYPE: " + v.error().text());
	if (*v > payload_type_max)
		return malformed(what + " TYPE " + std::to_string(*v) + " out of range");
	return *v;
}

Result<PayloadType> decode_payload_type(const Attr &nest, const std::string &what)
{
	auto attrs = nested(nest, what);
	if (!attrs)
		return attrs.error();
	PayloadType pt;
	auto type = pt_type(*attrs, what);
	if (!type)
		return type.error();
	pt.type = *type;
	if (find_attr(*attrs, RTPFWD_PT_A_CLOCK_RATE)) {
		auto rate = u32_field(*attrs, RTPFWD_PT_A_CLOCK_RATE, what, "CLOCK_RATE");
		if (!rate)
			return rate.error();
		pt.clock_rate = *rate;
	}
	return pt;
}

Result<PtStats> decode_pt_stats(const Attr &nest, const std::string &what)
{
	auto attrs = nested(nest, what);
	if (!attrs)
		return attrs.error();
	PtStats st;
	auto type = pt_type(*attrs, what);
	if (!type)
		return type.error();
	st.type = *type;
	auto packets = u64_field(*attrs, RTPFWD_PT_A_PACKETS, what, "PACKETS");
	if (!packets)
		return packets.error();
	st.packets = *packets;
	auto bytes = u64_field(*attrs, RTPFWD_PT_A_BYTES, what, "BYTES");
	if (!bytes)
		return bytes.error();
	st.bytes = *bytes;
	return st;
}

Result<SsrcStats> decode_ssrc_stats(const Attr &nest, const std::string &what)
{
	auto attrs = nested(nest, what);
	if (!attrs)
		return attrs.error();
	SsrcStats st;
	struct Field32 {
		std::uint16_t type;
		const char *name;
		std::uint32_t SsrcStats::*member;
	};
	for (const Field32 f : {Field32{RTPFWD_SSRC_A_SSRC, "SSRC", &SsrcStats::ssrc},
				Field32{RTPFWD_SSRC_A_EXT_SEQ, "EXT_SEQ", &SsrcStats::ext_seq},
				Field32{RTPFWD_SSRC_A_LOST, "LOST", &SsrcStats::lost},
				Field32{RTPFWD_SSRC_A_JITTER, "JITTER", &SsrcStats::jitter}}) {
		auto v = u32_field(*attrs, f.type, what, f.name);
		if (!v)
			return v.error();
		st.*f.member = *v;
	}
	auto packets = u64_field(*attrs, RTPFWD_SSRC_A_PACKETS, what, "PACKETS");
	if (!packets)
		return packets.error();
	st.packets = *packets;
	auto bytes = u64_field(*attrs, RTPFWD_SSRC_A_BYTES, what, "BYTES");
	if (!bytes)
		return bytes.error();
	st.bytes = *bytes;
	return st;
}

} // namespace

std::uint16_t rule_mode_flags(RuleMode mode)
{
	switch (mode) {
	case RuleMode::add:
		return nlm_flags::create | nlm_flags::excl;
	case RuleMode::replace:
		return nlm_flags::create | nlm_flags::replace;
	case RuleMode::change:
		return nlm_flags::replace;
	}
	return 0;
}

Result<Request> encode_rule_new(const Rule &rule, RuleMode mode)
{
	if (auto v = validate_rule(rule); !v)
		return v.error();
	AttrWriter w(attrs_base);
	w.put_u32(RTPFWD_A_TABLE_ID, rule.table);
	const auto nest = w.begin_nest(RTPFWD_A_RULE);
	put_endpoint(w, RTPFWD_RULE_A_LOCAL, rule.local);
	if (rule.expect)
		put_endpoint(w, RTPFWD_RULE_A_EXPECT, *rule.expect);
	w.put_u8(RTPFWD_RULE_A_MISMATCH, static_cast<std::uint8_t>(rule.mismatch));
	for (const Output &o : rule.outputs) {
		const auto out = w.begin_nest(RTPFWD_RULE_A_OUTPUT);
		put_endpoint(w, RTPFWD_OUT_A_SRC, o.src);
		put_endpoint(w, RTPFWD_OUT_A_DST, o.dst);
		if (o.tos)
			w.put_u8(RTPFWD_OUT_A_TOS, *o.tos);
		w.end_nest(out);
	}
	const std::uint32_t flags = (rule.rtp ? RTPFWD_RULE_F_RTP : 0) |
				    (rule.stun ? RTPFWD_RULE_F_STUN : 0) |
				    (rule.dtls ? RTPFWD_RULE_F_DTLS : 0) |
				    (rule.expect_ssrcs ? RTPFWD_RULE_F_SSRC : 0);
	if (flags)
		w.put_u32(RTPFWD_RULE_A_FLAGS, flags);
	if (rule.expect_ssrcs)
		for (std::uint32_t ssrc : *rule.expect_ssrcs)
			w.put_u32(RTPFWD_RULE_A_SSRC, ssrc);
	for (const PayloadType &pt : rule.payload_types) {
		const auto p = w.begin_nest(RTPFWD_RULE_A_PAYLOAD_TYPE);
		w.put_u8(RTPFWD_PT_A_TYPE, pt.type);
		if (pt.clock_rate)
			w.put_u32(RTPFWD_PT_A_CLOCK_RATE, *pt.clock_rate);
		w.end_nest(p);
	}
	w.end_nest(nest);
	auto attrs = std::move(w).finish();
	if (!attrs)
		return attrs.error();
	return Request{RTPFWD_CMD_RULE_NEW, false, std::move(*attrs), rule_mode_flags(mode)};
}

Request encode_rule_del(std::uint32_t table, const Endpoint &local)
{
	return Request{RTPFWD_CMD_RULE_DEL, false, rule_key(table, local)};
}

Request encode_rule_get(std::uint32_t table, const Endpoint &local)
{
	return Request{RTPFWD_CMD_RULE_GET, false, rule_key(table, local)};
}

Request encode_stats_reset(std::uint32_t table, const std::optional<Endpoint> &local)
{
	if (local)
		return Request{RTPFWD_CMD_STATS_RESET, false, rule_key(table, *local)};
	AttrWriter w(attrs_base);
	w.put_u32(RTPFWD_A_TABLE_ID, table);
	return Request{RTPFWD_CMD_STATS_RESET, false, std::move(w).finish().value()};
}

Request encode_rule_dump(std::optional<std::uint32_t> table)
{
	if (!table)
		return Request{RTPFWD_CMD_RULE_GET, true, {}};
	AttrWriter w(attrs_base);
	w.put_u32(RTPFWD_A_TABLE_ID, *table);
	return Request{RTPFWD_CMD_RULE_GET, true, std::move(w).finish().value()};
}

namespace {

// What every rule message starts with: TABLE_ID and RULE { LOCAL, ... }.
struct RuleKey {
	std::uint32_t table = 0;
	Endpoint local;
	std::vector<Attr> attrs; // the RULE nest's
};

Result<RuleKey> decode_rule_key(const GenlMessage &msg)
{
	auto top = parse_attrs(msg.attrs);
	if (!top)
		return top.error();
	RuleKey key;
	const Attr *id = find_attr(*top, RTPFWD_A_TABLE_ID);
	if (!id)
		return malformed("no RTPFWD_A_TABLE_ID");
	auto table = id->u32();
	if (!table)
		return malformed("RTPFWD_A_TABLE_ID: " + table.error().text());
	key.table = *table;

	const Attr *nest = find_attr(*top, RTPFWD_A_RULE);
	if (!nest)
		return malformed("no RTPFWD_A_RULE");
	auto attrs = nested(*nest, "RTPFWD_A_RULE");
	if (!attrs)
		return attrs.error();
	key.attrs = std::move(*attrs);

	const Attr *local = find_attr(key.attrs, RTPFWD_RULE_A_LOCAL);
	if (!local)
		return malformed("no LOCAL endpoint");
	auto lep = decode_endpoint(*local, "local");
	if (!lep)
		return lep.error();
	key.local = *lep;
	return key;
}

} // namespace

Result<RuleEvent> decode_rule_event(const GenlMessage &msg)
{
	RuleEvent ev;
	if (msg.cmd == RTPFWD_CMD_RULE_NEW)
		ev.kind = (msg.flags & NLM_F_REPLACE) ? RuleEvent::Kind::rule_replace
						      : RuleEvent::Kind::rule_new;
	else if (msg.cmd == RTPFWD_CMD_RULE_DEL)
		ev.kind = RuleEvent::Kind::rule_del;
	else
		return Error::local(ENOTSUP, "not a rule event: command " + std::to_string(msg.cmd));
	auto key = decode_rule_key(msg);
	if (!key)
		return key.error();
	ev.table = key->table;
	ev.local = key->local;
	return ev;
}

Result<Rule> decode_rule(const GenlMessage &msg)
{
	if (msg.cmd != RTPFWD_CMD_RULE_GET && msg.cmd != RTPFWD_CMD_RULE_NEW)
		return Error::local(EBADMSG, "unexpected reply command " + std::to_string(msg.cmd));
	auto key = decode_rule_key(msg);
	if (!key)
		return key.error();
	Rule rule;
	rule.table = key->table;
	rule.local = key->local;
	const std::vector<Attr> *attrs = &key->attrs;

	if (const Attr *expect = find_attr(*attrs, RTPFWD_RULE_A_EXPECT)) {
		auto eep = decode_endpoint(*expect, "expect");
		if (!eep)
			return eep.error();
		rule.expect = *eep;
	}
	if (const Attr *mm = find_attr(*attrs, RTPFWD_RULE_A_MISMATCH)) {
		auto v = mm->u8();
		if (!v)
			return malformed("MISMATCH: " + v.error().text());
		auto m = mismatch_from_value(*v);
		if (!m)
			return malformed("unknown MISMATCH value " + std::to_string(*v));
		rule.mismatch = *m;
	}
	for (const Attr &a : *attrs) {
		if (a.type() != RTPFWD_RULE_A_OUTPUT)
			continue;
		auto o = decode_output(a, "output " + std::to_string(rule.outputs.size() + 1));
		if (!o)
			return o.error();
		rule.outputs.push_back(*o);
	}
	// More than RTPFWD_OUTPUTS_MAX is accepted: a newer kernel may allow
	// more, and printing them does no harm.
	if (rule.outputs.empty())
		return malformed("no OUTPUT");
	if (const Attr *st = find_attr(*attrs, RTPFWD_RULE_A_STATS)) {
		auto s = decode_stats(*st);
		if (!s)
			return s.error();
		rule.stats = *s;
	}
	if (const Attr *fl = find_attr(*attrs, RTPFWD_RULE_A_FLAGS)) {
		auto v = fl->u32();
		if (!v)
			return malformed("FLAGS: " + v.error().text());
		// Unknown flags (a newer kernel's) are ignored.
		rule.rtp = (*v & RTPFWD_RULE_F_RTP) != 0;
		rule.stun = (*v & RTPFWD_RULE_F_STUN) != 0;
		rule.dtls = (*v & RTPFWD_RULE_F_DTLS) != 0;
		if (*v & RTPFWD_RULE_F_SSRC)
			rule.expect_ssrcs.emplace();
	}
	std::vector<PtStats> pt_stats;
	std::vector<SsrcStats> ssrc_stats;
	for (const Attr &a : *attrs) {
		if (a.type() == RTPFWD_RULE_A_SSRC) {
			auto ssrc = a.u32();
			if (!ssrc)
				return malformed("SSRC: " + ssrc.error().text());
			if (!rule.expect_ssrcs)
				return malformed("SSRC without the SSRC flag");
			rule.expect_ssrcs->push_back(*ssrc);
		} else if (a.type() == RTPFWD_RULE_A_PAYLOAD_TYPE) {
			auto pt = decode_payload_type(
				a, "payload type " + std::to_string(rule.payload_types.size() + 1));
			if (!pt)
				return pt.error();
			rule.payload_types.push_back(*pt);
		} else if (a.type() == RTPFWD_RULE_A_PT_STATS) {
			auto st = decode_pt_stats(
				a, "payload type stats " + std::to_string(pt_stats.size() + 1));
			if (!st)
				return st.error();
			pt_stats.push_back(*st);
		} else if (a.type() == RTPFWD_RULE_A_SSRC_STATS) {
			auto st = decode_ssrc_stats(
				a, "ssrc stats " + std::to_string(ssrc_stats.size() + 1));
			if (!st)
				return st.error();
			ssrc_stats.push_back(*st);
		}
	}
	// The per payload type / SSRC counters belong to the rule's counters;
	// a reply without STATS has none to attach them to.
	if (rule.stats) {
		rule.stats->payload_types = std::move(pt_stats);
		rule.stats->ssrcs = std::move(ssrc_stats);
	}
	return rule;
}

} // namespace rtpnl
