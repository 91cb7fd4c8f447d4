// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's rules (see rtpnl.h): endpoints, the rule object over
// rtpnl::Rule, rule requests, dumps and statistics. The limits and the
// checks are the C++ library's (validate_rule before anything is sent).
#include "capi.hpp"

#include <linux/rtpfwd.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

static_assert(RTPNL_TABLE_ID_MAX == RTPFWD_TABLE_ID_MAX);
static_assert(RTPNL_OUTPUTS_MAX == RTPFWD_OUTPUTS_MAX);
static_assert(RTPNL_PAYLOAD_TYPES_MAX == RTPFWD_PAYLOAD_TYPES_MAX);
static_assert(RTPNL_SSRCS_MAX == RTPFWD_SSRCS_MAX);
static_assert(RTPNL_RULE_F_RTP == RTPFWD_RULE_F_RTP);
static_assert(RTPNL_RULE_F_STUN == RTPFWD_RULE_F_STUN);
static_assert(RTPNL_RULE_F_DTLS == RTPFWD_RULE_F_DTLS);
static_assert(RTPNL_RULE_F_RTCP == RTPFWD_RULE_F_RTCP);
static_assert(RTPNL_RULE_F_SSRC == RTPFWD_RULE_F_SSRC);
static_assert(RTPNL_RULE_F_SRTP_AUTH_DROP == RTPFWD_RULE_F_SRTP_AUTH_DROP);
static_assert(RTPNL_RULE_F_BLACKHOLE == RTPFWD_RULE_F_BLACKHOLE);
static_assert(RTPNL_RULE_F_HAND_UP == RTPFWD_RULE_F_HAND_UP);
static_assert(RTPNL_MISMATCH_IGNORE == static_cast<int>(rtpnl::Mismatch::ignore));
static_assert(RTPNL_MISMATCH_DROP == static_cast<int>(rtpnl::Mismatch::drop));
static_assert(RTPNL_MISMATCH_PASS == static_cast<int>(rtpnl::Mismatch::pass));

namespace rtpnl::capi {

Endpoint from_c(const rtpnl_endpoint &ep)
{
	Endpoint out;
	out.family = ep.family == AF_INET6 ? Endpoint::Family::v6 : Endpoint::Family::v4;
	std::copy_n(ep.addr, out.family == Endpoint::Family::v6 ? 16 : 4, out.addr.begin());
	out.port = ep.port;
	return out;
}

rtpnl_endpoint to_c(const Endpoint &ep)
{
	rtpnl_endpoint out{};
	out.family = ep.family == Endpoint::Family::v6 ? AF_INET6 : AF_INET;
	std::copy(ep.addr.begin(), ep.addr.end(), out.addr);
	out.port = ep.port;
	return out;
}

Result<Endpoint> checked(const rtpnl_endpoint *ep, const char *what)
{
	const std::string name(what);
	if (!ep)
		return Error::local(EINVAL, "no " + name + " endpoint");
	if (ep->family != AF_INET && ep->family != AF_INET6)
		return Error::local(EINVAL, name + " endpoint: address family " +
						    std::to_string(ep->family) +
						    " is neither AF_INET nor AF_INET6");
	if (ep->port == 0)
		return Error::local(EINVAL, name + " endpoint: port 0");
	return from_c(*ep);
}

namespace {

// The index'th element of v into *out, or -ERANGE.
template <typename T, typename Out, typename Convert>
int element(const std::vector<T> &v, std::size_t index, Out *out, Convert convert)
{
	if (index >= v.size())
		return fail(ERANGE, "index out of range");
	*out = convert(v[index]);
	return succeed();
}

// One of the rule's per output / payload type / SSRC counter lists; empty
// when the rule was not read from the kernel.
template <typename T>
const std::vector<T> &stats_list(const rtpnl_rule *rule, std::vector<T> RuleStats::*list)
{
	static const std::vector<T> none;
	return rule->rule.stats ? (*rule->rule.stats).*list : none;
}

// What a counter getter answers for a rule the caller built.
int no_counters() { return fail(ENODATA, "the rule has no counters (not read from the kernel)"); }

int request(rtpnl_handle *h, const rtpnl_rule *rule, RuleMode mode)
{
	return status(h->client.rule_add(rule->rule, mode));
}

} // namespace

} // namespace rtpnl::capi

using namespace rtpnl;
using capi::checked;
using capi::fail;
using capi::guarded;
using capi::status;
using capi::succeed;

extern "C" {

int rtpnl_endpoint_parse(const char *text, struct rtpnl_endpoint *out)
{
	return guarded([&] {
		if (!text)
			return fail(EINVAL, "no endpoint text");
		auto ep = parse_endpoint(text);
		if (!ep)
			return fail(ep.error());
		*out = capi::to_c(*ep);
		return succeed();
	});
}

int rtpnl_endpoint_format(const struct rtpnl_endpoint *ep, char *buf, size_t len)
{
	return guarded([&] {
		if (!ep || (ep->family != AF_INET && ep->family != AF_INET6))
			return fail(EINVAL, "not an AF_INET or AF_INET6 endpoint");
		const std::string text = format_endpoint(capi::from_c(*ep));
		if (text.size() >= len)
			return fail(ENOSPC, "the endpoint's text does not fit the buffer");
		std::memcpy(buf, text.c_str(), text.size() + 1);
		return succeed();
	});
}

struct rtpnl_rule *rtpnl_rule_new(void) { return capi::make_object<rtpnl_rule>(); }

void rtpnl_rule_free(struct rtpnl_rule *rule) { delete rule; }

int rtpnl_rule_set_table(struct rtpnl_rule *rule, uint32_t table)
{
	if (table > RTPNL_TABLE_ID_MAX)
		return fail(EINVAL, "table id out of range (0..63)");
	rule->rule.table = table;
	return succeed();
}

int rtpnl_rule_set_local(struct rtpnl_rule *rule, const struct rtpnl_endpoint *local)
{
	return guarded([&] {
		auto ep = checked(local, "local");
		if (!ep)
			return fail(ep.error());
		rule->rule.local = *ep;
		return succeed();
	});
}

int rtpnl_rule_set_expect(struct rtpnl_rule *rule, const struct rtpnl_endpoint *expect,
			  enum rtpnl_mismatch mismatch)
{
	return guarded([&] {
		auto policy = mismatch_from_value(static_cast<std::uint8_t>(mismatch));
		if (mismatch < 0 || !policy)
			return fail(EINVAL, "unknown mismatch policy");
		if (!expect) {
			rule->rule.expect.reset();
		} else {
			auto ep = checked(expect, "expect");
			if (!ep)
				return fail(ep.error());
			rule->rule.expect = *ep;
		}
		rule->rule.mismatch = *policy;
		return succeed();
	});
}

int rtpnl_rule_set_flags(struct rtpnl_rule *rule, uint32_t flags)
{
	return guarded([&] {
		constexpr std::uint32_t known = RTPNL_RULE_F_RTP | RTPNL_RULE_F_STUN |
						RTPNL_RULE_F_DTLS | RTPNL_RULE_F_SSRC |
						RTPNL_RULE_F_RTCP | RTPNL_RULE_F_SRTP_AUTH_DROP |
						RTPNL_RULE_F_BLACKHOLE | RTPNL_RULE_F_HAND_UP;
		if (flags & ~known)
			return fail(EINVAL, "unknown rule flags");
		Rule &r = rule->rule;
		r.rtp = flags & RTPNL_RULE_F_RTP;
		r.stun = flags & RTPNL_RULE_F_STUN;
		r.dtls = flags & RTPNL_RULE_F_DTLS;
		r.rtcp = flags & RTPNL_RULE_F_RTCP;
		r.srtp_auth_drop = flags & RTPNL_RULE_F_SRTP_AUTH_DROP;
		r.blackhole = flags & RTPNL_RULE_F_BLACKHOLE;
		r.hand_up = flags & RTPNL_RULE_F_HAND_UP;
		if (!(flags & RTPNL_RULE_F_SSRC))
			r.expect_ssrcs.reset();
		else if (!r.expect_ssrcs)
			r.expect_ssrcs.emplace();
		return succeed();
	});
}

int rtpnl_rule_add_output(struct rtpnl_rule *rule, const struct rtpnl_endpoint *src,
			  const struct rtpnl_endpoint *dst, int tos)
{
	return guarded([&] {
		if (rule->rule.outputs.size() >= rule_outputs_max)
			return fail(ENOSPC, "a rule has at most 32 outputs");
		if (tos < -1 || tos > 255)
			return fail(EINVAL, "tos out of range (0..255, or -1 for none)");
		auto s = checked(src, "output source");
		if (!s)
			return fail(s.error());
		auto d = checked(dst, "output destination");
		if (!d)
			return fail(d.error());
		Output out{*s, *d, std::nullopt};
		if (tos >= 0)
			out.tos = static_cast<std::uint8_t>(tos);
		rule->rule.outputs.push_back(out);
		return succeed();
	});
}

int rtpnl_rule_add_payload_type(struct rtpnl_rule *rule, uint8_t type, uint32_t clock_rate)
{
	return guarded([&] {
		if (rule->rule.payload_types.size() >= rule_payload_types_max)
			return fail(ENOSPC, "a rule has at most 32 payload types");
		if (type > payload_type_max)
			return fail(EINVAL, "payload type out of range (0..127)");
		PayloadType pt{type, std::nullopt};
		if (clock_rate)
			pt.clock_rate = clock_rate;
		rule->rule.payload_types.push_back(pt);
		return succeed();
	});
}

int rtpnl_rule_add_ssrc(struct rtpnl_rule *rule, uint32_t ssrc)
{
	return guarded([&] {
		auto &ssrcs = rule->rule.expect_ssrcs;
		if (!ssrcs)
			ssrcs.emplace();
		if (ssrcs->size() >= rule_expect_ssrcs_max)
			return fail(ENOSPC, "a rule expects at most 4 SSRCs");
		ssrcs->push_back(ssrc);
		return succeed();
	});
}

uint32_t rtpnl_rule_table(const struct rtpnl_rule *rule) { return rule->rule.table; }

void rtpnl_rule_local(const struct rtpnl_rule *rule, struct rtpnl_endpoint *out)
{
	*out = capi::to_c(rule->rule.local);
}

int rtpnl_rule_expect(const struct rtpnl_rule *rule, struct rtpnl_endpoint *out)
{
	if (!rule->rule.expect)
		return fail(ENOENT, "the rule has no expected source");
	*out = capi::to_c(*rule->rule.expect);
	return succeed();
}

enum rtpnl_mismatch rtpnl_rule_mismatch(const struct rtpnl_rule *rule)
{
	return static_cast<rtpnl_mismatch>(rule->rule.mismatch);
}

uint32_t rtpnl_rule_flags(const struct rtpnl_rule *rule)
{
	const Rule &r = rule->rule;
	return (r.rtp ? RTPNL_RULE_F_RTP : 0u) | (r.stun ? RTPNL_RULE_F_STUN : 0u) |
	       (r.dtls ? RTPNL_RULE_F_DTLS : 0u) | (r.expect_ssrcs ? RTPNL_RULE_F_SSRC : 0u) |
	       (r.rtcp ? RTPNL_RULE_F_RTCP : 0u) |
	       (r.srtp_auth_drop ? RTPNL_RULE_F_SRTP_AUTH_DROP : 0u) |
	       (r.blackhole ? RTPNL_RULE_F_BLACKHOLE : 0u) |
	       (r.hand_up ? RTPNL_RULE_F_HAND_UP : 0u);
}

size_t rtpnl_rule_output_count(const struct rtpnl_rule *rule) { return rule->rule.outputs.size(); }

int rtpnl_rule_output(const struct rtpnl_rule *rule, size_t index, struct rtpnl_output *out)
{
	return capi::element(rule->rule.outputs, index, out, [](const Output &o) {
		return rtpnl_output{capi::to_c(o.src), capi::to_c(o.dst), o.tos ? int(*o.tos) : -1};
	});
}

size_t rtpnl_rule_payload_type_count(const struct rtpnl_rule *rule)
{
	return rule->rule.payload_types.size();
}

int rtpnl_rule_payload_type(const struct rtpnl_rule *rule, size_t index, uint8_t *type,
			    uint32_t *clock_rate)
{
	const auto &pts = rule->rule.payload_types;
	if (index >= pts.size())
		return fail(ERANGE, "index out of range");
	*type = pts[index].type;
	*clock_rate = pts[index].clock_rate.value_or(0);
	return succeed();
}

size_t rtpnl_rule_ssrc_count(const struct rtpnl_rule *rule)
{
	return rule->rule.expect_ssrcs ? rule->rule.expect_ssrcs->size() : 0;
}

int rtpnl_rule_ssrc(const struct rtpnl_rule *rule, size_t index, uint32_t *ssrc)
{
	static const std::vector<std::uint32_t> none;
	const auto &ssrcs = rule->rule.expect_ssrcs ? *rule->rule.expect_ssrcs : none;
	return capi::element(ssrcs, index, ssrc, [](std::uint32_t s) { return s; });
}

int rtpnl_rule_counters(const struct rtpnl_rule *rule, struct rtpnl_rule_stats *out)
{
	const auto &stats = rule->rule.stats;
	if (!stats)
		return capi::no_counters();
	*out = rtpnl_rule_stats{stats->packets,	      stats->bytes,
				stats->errors,	      stats->ttl_expired,
				stats->too_big,	      stats->srtp_auth_failed,
				stats->srtp_replayed};
	return succeed();
}

int rtpnl_rule_counters_by_reason(const struct rtpnl_rule *rule, struct rtpnl_rule_reasons *out)
{
	const auto &stats = rule->rule.stats;
	if (!stats)
		return capi::no_counters();
	*out = rtpnl_rule_reasons{stats->src_mismatch_dropped, stats->not_rtp,
				  stats->no_route,	       stats->output_failed,
				  stats->handed_up_stun,       stats->handed_up_dtls,
				  stats->handed_up_mismatch,   stats->handed_up_other};
	return succeed();
}

int rtpnl_rule_last_packet_ms(const struct rtpnl_rule *rule, uint64_t *ms)
{
	const auto &stats = rule->rule.stats;
	if (!stats)
		return capi::no_counters();
	if (!stats->last_packet_ms)
		return fail(ENODATA, "the rule has seen no packet");
	*ms = *stats->last_packet_ms;
	return succeed();
}

int rtpnl_rule_blackholed(const struct rtpnl_rule *rule, uint64_t *out)
{
	const auto &stats = rule->rule.stats;
	if (!stats)
		return capi::no_counters();
	*out = stats->blackholed;
	return succeed();
}

size_t rtpnl_rule_output_stats_count(const struct rtpnl_rule *rule)
{
	return capi::stats_list(rule, &RuleStats::outputs).size();
}

int rtpnl_rule_output_stats(const struct rtpnl_rule *rule, size_t index,
			    struct rtpnl_output_stats *out)
{
	const auto &list = capi::stats_list(rule, &RuleStats::outputs);
	return capi::element(list, index, out, [](const OutputStats &s) {
		return rtpnl_output_stats{s.packets, s.bytes, s.errors};
	});
}

size_t rtpnl_rule_pt_stats_count(const struct rtpnl_rule *rule)
{
	return capi::stats_list(rule, &RuleStats::payload_types).size();
}

int rtpnl_rule_pt_stats(const struct rtpnl_rule *rule, size_t index, struct rtpnl_pt_stats *out)
{
	const auto &list = capi::stats_list(rule, &RuleStats::payload_types);
	return capi::element(list, index, out, [](const PtStats &s) {
		return rtpnl_pt_stats{s.type, s.packets, s.bytes};
	});
}

size_t rtpnl_rule_ssrc_stats_count(const struct rtpnl_rule *rule)
{
	return capi::stats_list(rule, &RuleStats::ssrcs).size();
}

int rtpnl_rule_ssrc_stats(const struct rtpnl_rule *rule, size_t index,
			  struct rtpnl_ssrc_stats *out)
{
	const auto &list = capi::stats_list(rule, &RuleStats::ssrcs);
	return capi::element(list, index, out, [](const SsrcStats &s) {
		return rtpnl_ssrc_stats{s.ssrc, s.packets, s.bytes, s.ext_seq, s.lost, s.jitter};
	});
}

int rtpnl_rule_add(struct rtpnl_handle *h, const struct rtpnl_rule *rule)
{
	return guarded([&] { return capi::request(h, rule, RuleMode::add); });
}

int rtpnl_rule_replace(struct rtpnl_handle *h, const struct rtpnl_rule *rule)
{
	return guarded([&] { return capi::request(h, rule, RuleMode::replace); });
}

int rtpnl_rule_send(struct rtpnl_handle *h, const struct rtpnl_rule *rule, enum rtpnl_rule_mode mode)
{
	return guarded([&] {
		switch (mode) {
		case RTPNL_RULE_ADD:
			return capi::request(h, rule, RuleMode::add);
		case RTPNL_RULE_REPLACE:
			return capi::request(h, rule, RuleMode::replace);
		case RTPNL_RULE_CHANGE:
			return capi::request(h, rule, RuleMode::change);
		}
		return fail(EINVAL, "unknown rule mode");
	});
}

int rtpnl_rule_del(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local)
{
	return guarded([&] {
		auto ep = checked(local, "local");
		if (!ep)
			return fail(ep.error());
		return status(h->client.rule_del(table, *ep));
	});
}

int rtpnl_rule_get(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local,
		   struct rtpnl_rule **out)
{
	return guarded([&] {
		*out = nullptr;
		auto ep = checked(local, "local");
		if (!ep)
			return fail(ep.error());
		auto rule = h->client.rule_get(table, *ep);
		if (!rule)
			return fail(rule.error());
		*out = new rtpnl_rule{std::move(*rule)};
		return succeed();
	});
}

int rtpnl_rule_dump(struct rtpnl_handle *h, int64_t table, rtpnl_rule_cb cb, void *arg)
{
	return guarded([&] {
		if (table < -1 || table > RTPNL_TABLE_ID_MAX)
			return fail(EINVAL, "table id out of range (0..63, or -1 for every table)");
		std::optional<std::uint32_t> which;
		if (table >= 0)
			which = static_cast<std::uint32_t>(table);
		int stopped = 0;
		rtpnl_rule current;
		auto r = h->client.rules_each(which, [&](const Rule &rule) -> Result<void> {
			current.rule = rule;
			stopped = cb(&current, arg);
			if (stopped != 0)
				return Error::local(ECANCELED, "stopped by the callback");
			return {};
		});
		if (stopped != 0)
			return stopped;
		if (!r)
			return fail(r.error());
		if (r->interrupted)
			return fail(EAGAIN, "the rules changed during the dump: rules may have been "
					    "missed or seen twice");
		return succeed();
	});
}

int rtpnl_stats_get(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local,
		    struct rtpnl_rule_stats *out)
{
	return guarded([&] {
		rtpnl_rule *rule = nullptr;
		if (int rc = rtpnl_rule_get(h, table, local, &rule); rc < 0)
			return rc;
		const int rc = rtpnl_rule_counters(rule, out);
		rtpnl_rule_free(rule);
		return rc;
	});
}

int rtpnl_stats_reset(struct rtpnl_handle *h, uint32_t table, const struct rtpnl_endpoint *local)
{
	return guarded([&] {
		std::optional<Endpoint> which;
		if (local) {
			auto ep = checked(local, "local");
			if (!ep)
				return fail(ep.error());
			which = *ep;
		}
		return status(h->client.stats_reset(table, which));
	});
}

} // extern "C"
