// SPDX-License-Identifier: LGPL-2.1-or-later
// Rule request encoding and reply decoding (see rule_codec.hpp).
#include "rule_codec.hpp"

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
static_assert(output_ssrc_map_max == RTPFWD_SSRCS_MAX);
static_assert(output_pt_replace_max == RTPFWD_PT_REPLACE_MAX);
static_assert(pt_pattern_max == RTPFWD_PT_PATTERN_MAX);
static_assert(static_cast<int>(Mismatch::ignore) == RTPFWD_MISMATCH_IGNORE);
static_assert(static_cast<int>(Mismatch::drop) == RTPFWD_MISMATCH_DROP);
static_assert(static_cast<int>(Mismatch::pass) == RTPFWD_MISMATCH_PASS);
static_assert(RTPFWD_MISMATCH_MAX == RTPFWD_MISMATCH_PASS, "a new mismatch value needs a name");
static_assert(static_cast<int>(SrtpSuite::aes_cm_128_hmac_sha1_80) ==
	      RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
static_assert(static_cast<int>(SrtpSuite::aes_cm_128_hmac_sha1_32) ==
	      RTPFWD_SRTP_SUITE_AES_CM_128_HMAC_SHA1_32);
static_assert(static_cast<int>(SrtpSuite::null_hmac_sha1_80) == RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_80);
static_assert(static_cast<int>(SrtpSuite::null_hmac_sha1_32) == RTPFWD_SRTP_SUITE_NULL_HMAC_SHA1_32);
static_assert(static_cast<int>(SrtpSuite::aes_192_cm_hmac_sha1_80) ==
	      RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_80);
static_assert(static_cast<int>(SrtpSuite::aes_192_cm_hmac_sha1_32) ==
	      RTPFWD_SRTP_SUITE_AES_192_CM_HMAC_SHA1_32);
static_assert(static_cast<int>(SrtpSuite::aes_256_cm_hmac_sha1_80) ==
	      RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_80);
static_assert(static_cast<int>(SrtpSuite::aes_256_cm_hmac_sha1_32) ==
	      RTPFWD_SRTP_SUITE_AES_256_CM_HMAC_SHA1_32);
static_assert(static_cast<int>(SrtpSuite::aead_aes_128_gcm) == RTPFWD_SRTP_SUITE_AEAD_AES_128_GCM);
static_assert(static_cast<int>(SrtpSuite::aead_aes_256_gcm) == RTPFWD_SRTP_SUITE_AEAD_AES_256_GCM);
static_assert(static_cast<int>(SrtpSuite::f8_128_hmac_sha1_80) ==
	      RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_80);
static_assert(static_cast<int>(SrtpSuite::f8_128_hmac_sha1_32) ==
	      RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32);
static_assert(RTPFWD_SRTP_SUITE_MAX == RTPFWD_SRTP_SUITE_F8_128_HMAC_SHA1_32,
	      "a new SRTP suite needs a name");
static_assert(srtp_rocs_max == RTPFWD_SSRCS_MAX);
static_assert(nlm_flags::replace == NLM_F_REPLACE);
static_assert(nlm_flags::excl == NLM_F_EXCL);
static_assert(nlm_flags::create == NLM_F_CREATE);

namespace {

// The policies: what each decoder reads, with its exact size. Addresses
// and nests are checked by the decoders themselves.
const Policy rule_policy(RTPFWD_RULE_A_MAX, {
	attr_any(RTPFWD_RULE_A_LOCAL, "LOCAL"),
	attr_any(RTPFWD_RULE_A_EXPECT, "EXPECT"),
	attr_u8(RTPFWD_RULE_A_MISMATCH, "MISMATCH"),
	attr_any(RTPFWD_RULE_A_OUTPUT, "OUTPUT"),
	attr_any(RTPFWD_RULE_A_STATS, "STATS"),
	attr_u32(RTPFWD_RULE_A_FLAGS, "FLAGS"),
	attr_any(RTPFWD_RULE_A_PAYLOAD_TYPE, "PAYLOAD_TYPE"),
	attr_any(RTPFWD_RULE_A_PT_STATS, "PT_STATS"),
	attr_any(RTPFWD_RULE_A_SSRC_STATS, "SSRC_STATS"),
	attr_u32(RTPFWD_RULE_A_SSRC, "SSRC"),
	attr_any(RTPFWD_RULE_A_DECRYPT, "DECRYPT"),
	attr_u32(RTPFWD_RULE_A_RECORDING, "RECORDING"),
});

// Replies: SUITE, MKI_LEN, ROC, UNAUTHENTICATED. MASTER_KEY / MASTER_SALT / MKI are not
// in the policy: a reply carrying them would have them skipped, never read.
const Policy srtp_policy(RTPFWD_SRTP_A_MAX, {
	attr_u32(RTPFWD_SRTP_A_SUITE, "SUITE"),
	attr_any(RTPFWD_SRTP_A_ROC, "ROC"),
	attr_u8(RTPFWD_SRTP_A_MKI_LEN, "MKI_LEN"),
	attr_flag(RTPFWD_SRTP_A_UNAUTHENTICATED, "UNAUTHENTICATED"),
});

const Policy srtp_roc_policy(RTPFWD_SRTP_ROC_A_MAX, {
	attr_u32(RTPFWD_SRTP_ROC_A_SSRC, "SSRC"),
	attr_u32(RTPFWD_SRTP_ROC_A_ROC, "ROC"),
});

const Policy endpoint_policy(RTPFWD_EP_A_MAX, {
	attr_any(RTPFWD_EP_A_ADDR4, "ADDR4"),
	attr_any(RTPFWD_EP_A_ADDR6, "ADDR6"),
	attr_u16(RTPFWD_EP_A_PORT, "PORT"),
});

const Policy output_policy(RTPFWD_OUT_A_MAX, {
	attr_any(RTPFWD_OUT_A_SRC, "SRC"),
	attr_any(RTPFWD_OUT_A_DST, "DST"),
	attr_u8(RTPFWD_OUT_A_TOS, "TOS"),
	attr_any(RTPFWD_OUT_A_ENCRYPT, "ENCRYPT"),
	attr_any(RTPFWD_OUT_A_STATS, "STATS"),
	attr_any(RTPFWD_OUT_A_SSRC_MAP, "SSRC_MAP"),
	attr_any(RTPFWD_OUT_A_PT_REPLACE, "PT_REPLACE"),
});

const Policy ssrc_map_policy(RTPFWD_SSRC_MAP_A_MAX, {
	attr_u32(RTPFWD_SSRC_MAP_A_FROM, "FROM"),
	attr_u32(RTPFWD_SSRC_MAP_A_TO, "TO"),
});

// PATTERN's length is checked by the decoder (1..RTPFWD_PT_PATTERN_MAX).
const Policy pt_replace_policy(RTPFWD_PT_REPLACE_A_MAX, {
	attr_u8(RTPFWD_PT_REPLACE_A_TYPE, "TYPE"),
	attr_any(RTPFWD_PT_REPLACE_A_PATTERN, "PATTERN"),
});

const Policy stats_policy(RTPFWD_STATS_A_MAX, {
	attr_u64(RTPFWD_STATS_A_PACKETS, "PACKETS"),
	attr_u64(RTPFWD_STATS_A_BYTES, "BYTES"),
	attr_u64(RTPFWD_STATS_A_ERRORS, "ERRORS"),
	attr_u64(RTPFWD_STATS_A_TTL_EXPIRED, "TTL_EXPIRED"),
	attr_u64(RTPFWD_STATS_A_TOO_BIG, "TOO_BIG"),
	attr_u64(RTPFWD_STATS_A_SRTP_AUTH_FAILED, "SRTP_AUTH_FAILED"),
	attr_u64(RTPFWD_STATS_A_SRTP_REPLAYED, "SRTP_REPLAYED"),
	attr_u64(RTPFWD_STATS_A_SRC_MISMATCH_DROPPED, "SRC_MISMATCH_DROPPED"),
	attr_u64(RTPFWD_STATS_A_NOT_RTP, "NOT_RTP"),
	attr_u64(RTPFWD_STATS_A_NO_ROUTE, "NO_ROUTE"),
	attr_u64(RTPFWD_STATS_A_OUTPUT_FAILED, "OUTPUT_FAILED"),
	attr_u64(RTPFWD_STATS_A_HANDED_UP_STUN, "HANDED_UP_STUN"),
	attr_u64(RTPFWD_STATS_A_HANDED_UP_DTLS, "HANDED_UP_DTLS"),
	attr_u64(RTPFWD_STATS_A_HANDED_UP_MISMATCH, "HANDED_UP_MISMATCH"),
	attr_u64(RTPFWD_STATS_A_HANDED_UP_OTHER, "HANDED_UP_OTHER"),
	attr_u64(RTPFWD_STATS_A_LAST_PACKET_MS, "LAST_PACKET_MS"),
	attr_u64(RTPFWD_STATS_A_BLACKHOLED, "BLACKHOLED"),
});

const Policy payload_type_policy(RTPFWD_PT_A_MAX, {
	attr_u8(RTPFWD_PT_A_TYPE, "TYPE"),
	attr_u32(RTPFWD_PT_A_CLOCK_RATE, "CLOCK_RATE"),
});

const Policy pt_stats_policy(RTPFWD_PT_A_MAX, {
	attr_u8(RTPFWD_PT_A_TYPE, "TYPE"),
	attr_u64(RTPFWD_PT_A_PACKETS, "PACKETS"),
	attr_u64(RTPFWD_PT_A_BYTES, "BYTES"),
});

const Policy ssrc_stats_policy(RTPFWD_SSRC_A_MAX, {
	attr_u32(RTPFWD_SSRC_A_SSRC, "SSRC"),
	attr_u64(RTPFWD_SSRC_A_PACKETS, "PACKETS"),
	attr_u64(RTPFWD_SSRC_A_BYTES, "BYTES"),
	attr_u32(RTPFWD_SSRC_A_EXT_SEQ, "EXT_SEQ"),
	attr_u32(RTPFWD_SSRC_A_LOST, "LOST"),
	attr_u32(RTPFWD_SSRC_A_JITTER, "JITTER"),
});

void put_endpoint(RequestBuilder &b, int type, const Endpoint &ep)
{
	nlattr *nest = b.begin_nest(type);
	b.put_binary(ep.family == Endpoint::Family::v4 ? RTPFWD_EP_A_ADDR4 : RTPFWD_EP_A_ADDR6,
		     ep.address());
	b.put_u16(RTPFWD_EP_A_PORT, ep.port);
	b.end_nest(nest);
}

// SUITE, MASTER_KEY, MASTER_SALT, [MKI], ROC { SSRC, ROC }...,
// [UNAUTHENTICATED] (only when set: a kernel without it then still takes
// every other rule).
void put_srtp(RequestBuilder &b, int type, const Srtp &srtp)
{
	nlattr *nest = b.begin_nest(type);
	b.put_u32(RTPFWD_SRTP_A_SUITE, static_cast<std::uint32_t>(srtp.suite));
	b.put_binary(RTPFWD_SRTP_A_MASTER_KEY, srtp.master_key.bytes());
	b.put_binary(RTPFWD_SRTP_A_MASTER_SALT, srtp.master_salt.bytes());
	if (!srtp.mki.empty())
		b.put_binary(RTPFWD_SRTP_A_MKI, srtp.mki);
	for (const SrtpRoc &r : srtp.rocs) {
		nlattr *roc = b.begin_nest(RTPFWD_SRTP_A_ROC);
		b.put_u32(RTPFWD_SRTP_ROC_A_SSRC, r.ssrc);
		b.put_u32(RTPFWD_SRTP_ROC_A_ROC, r.roc);
		b.end_nest(roc);
	}
	if (srtp.unauthenticated)
		b.put_flag(RTPFWD_SRTP_A_UNAUTHENTICATED);
	b.end_nest(nest);
}

// SSRC_MAP { FROM, TO }... in the output's order (the kernel echoes it).
void put_ssrc_map(RequestBuilder &b, const std::vector<SsrcMapping> &map)
{
	for (const SsrcMapping &m : map) {
		nlattr *nest = b.begin_nest(RTPFWD_OUT_A_SSRC_MAP);
		b.put_u32(RTPFWD_SSRC_MAP_A_FROM, m.from);
		b.put_u32(RTPFWD_SSRC_MAP_A_TO, m.to);
		b.end_nest(nest);
	}
}

// PT_REPLACE { TYPE, PATTERN }... in the output's order (the kernel echoes it).
void put_pt_replace(RequestBuilder &b, const std::vector<PtReplace> &replace)
{
	for (const PtReplace &r : replace) {
		nlattr *nest = b.begin_nest(RTPFWD_OUT_A_PT_REPLACE);
		b.put_u8(RTPFWD_PT_REPLACE_A_TYPE, r.type);
		b.put_binary(RTPFWD_PT_REPLACE_A_PATTERN, r.pattern);
		b.end_nest(nest);
	}
}

// TABLE_ID + RULE { LOCAL }: the key of one rule.
Result<Request> rule_key(std::uint8_t cmd, std::uint32_t table, const Endpoint &local)
{
	RequestBuilder b(cmd, genl::version);
	b.put_u32(RTPFWD_A_TABLE_ID, table);
	nlattr *rule = b.begin_nest(RTPFWD_A_RULE);
	put_endpoint(b, RTPFWD_RULE_A_LOCAL, local);
	b.end_nest(rule);
	return std::move(b).finish();
}

Result<Request> table_only(std::uint8_t cmd, std::uint32_t table, bool dump)
{
	RequestBuilder b(cmd, genl::version);
	b.put_u32(RTPFWD_A_TABLE_ID, table);
	return std::move(b).finish(dump);
}

Error malformed(const std::string &what) { return malformed_reply("rule", what); }

Result<Attrs> nested(nlattr *nest, const Policy &policy, const std::string &what)
{
	auto attrs = parse_nested(nest, policy, what);
	if (!attrs)
		return malformed(attrs.error().text());
	return attrs;
}

// A required attribute: "<what> without <name>" when absent.
template <typename T>
Result<T> required(std::optional<T> value, const std::string &what, const char *name)
{
	return required_attr(std::move(value), "rule", what, name);
}

Result<Endpoint> decode_endpoint(nlattr *nest, const std::string &what)
{
	auto attrs = nested(nest, endpoint_policy, what);
	if (!attrs)
		return attrs.error();
	const nlattr *a4 = attrs->get(RTPFWD_EP_A_ADDR4);
	const nlattr *a6 = attrs->get(RTPFWD_EP_A_ADDR6);
	if (a4 && a6)
		return malformed(what + " has both ADDR4 and ADDR6");
	if (!a4 && !a6)
		return malformed(what + " has no address");
	Endpoint ep;
	const auto addr = payload(a4 ? a4 : a6);
	ep.family = a4 ? Endpoint::Family::v4 : Endpoint::Family::v6;
	const std::size_t want = a4 ? 4 : 16;
	if (addr.size() != want)
		return malformed(what + " " + (a4 ? "ADDR4" : "ADDR6") + " has " +
				 std::to_string(addr.size()) + " bytes, expected " +
				 std::to_string(want));
	std::copy(addr.begin(), addr.end(), ep.addr.begin());
	const auto port = attrs->u16(RTPFWD_EP_A_PORT);
	if (!port)
		return malformed(what + " has no PORT");
	if (*port == 0)
		return malformed(what + " has port 0");
	ep.port = *port;
	return ep;
}

// The counters every kernel reports: PACKETS, BYTES, ERRORS (a rule's and
// an output's).
template <typename Stats>
Result<void> decode_required_counters(const Attrs &attrs, const std::string &what, Stats &st)
{
	struct Field {
		int type;
		const char *name;
		std::uint64_t Stats::*member;
	};
	for (const Field f : {Field{RTPFWD_STATS_A_PACKETS, "PACKETS", &Stats::packets},
			      Field{RTPFWD_STATS_A_BYTES, "BYTES", &Stats::bytes},
			      Field{RTPFWD_STATS_A_ERRORS, "ERRORS", &Stats::errors}}) {
		auto v = required(attrs.u64(f.type), what, f.name);
		if (!v)
			return v.error();
		st.*f.member = *v;
	}
	return {};
}

// An output's STATS nest (PACKETS, BYTES, ERRORS; the rule's numbers).
Result<OutputStats> decode_output_stats(nlattr *nest, const std::string &what)
{
	auto attrs = nested(nest, stats_policy, what);
	if (!attrs)
		return attrs.error();
	OutputStats st;
	if (auto r = decode_required_counters(*attrs, what, st); !r)
		return r.error();
	return st;
}

Result<Srtp> decode_srtp(nlattr *nest, const std::string &what);

// An output's SSRC_MAP nests: FROM and TO each required, at most
// RTPFWD_SSRCS_MAX (what the kernel accepts; more is no reply of it).
Result<std::vector<SsrcMapping>> decode_ssrc_map(const Attrs &out, const std::string &what)
{
	std::vector<SsrcMapping> map;
	for (nlattr *a : out.all(RTPFWD_OUT_A_SSRC_MAP)) {
		if (map.size() == output_ssrc_map_max)
			return malformed(what + " has more than " +
					 std::to_string(output_ssrc_map_max) + " SSRC_MAP");
		const std::string which = what + " ssrc map " + std::to_string(map.size() + 1);
		auto attrs = nested(a, ssrc_map_policy, which);
		if (!attrs)
			return attrs.error();
		auto from = required(attrs->u32(RTPFWD_SSRC_MAP_A_FROM), which, "FROM");
		if (!from)
			return from.error();
		auto to = required(attrs->u32(RTPFWD_SSRC_MAP_A_TO), which, "TO");
		if (!to)
			return to.error();
		map.push_back({*from, *to});
	}
	return map;
}

// A payload type attribute (PT_A_TYPE, PT_REPLACE_A_TYPE): 0..127.
Result<std::uint8_t> pt_type(const Attrs &attrs, const std::string &what,
			     int type = RTPFWD_PT_A_TYPE)
{
	auto v = required(attrs.u8(type), what, "TYPE");
	if (!v)
		return v.error();
	if (*v > payload_type_max)
		return malformed(what + " TYPE " + std::to_string(*v) + " out of range");
	return *v;
}

// An output's PT_REPLACE nests: TYPE (0..127) and PATTERN (1..16 bytes)
// each required, at most RTPFWD_PT_REPLACE_MAX (what the kernel accepts).
Result<std::vector<PtReplace>> decode_pt_replace(const Attrs &out, const std::string &what)
{
	std::vector<PtReplace> replace;
	for (nlattr *a : out.all(RTPFWD_OUT_A_PT_REPLACE)) {
		if (replace.size() == output_pt_replace_max)
			return malformed(what + " has more than " +
					 std::to_string(output_pt_replace_max) + " PT_REPLACE");
		const std::string which = what + " payload replacement " +
					  std::to_string(replace.size() + 1);
		auto attrs = nested(a, pt_replace_policy, which);
		if (!attrs)
			return attrs.error();
		auto type = pt_type(*attrs, which, RTPFWD_PT_REPLACE_A_TYPE);
		if (!type)
			return type.error();
		const nlattr *pattern = attrs->get(RTPFWD_PT_REPLACE_A_PATTERN);
		if (!pattern)
			return malformed(which + " without PATTERN");
		const auto bytes = payload(pattern);
		if (bytes.empty() || bytes.size() > pt_pattern_max)
			return malformed(which + " PATTERN has " + std::to_string(bytes.size()) +
					 " bytes, expected 1.." + std::to_string(pt_pattern_max));
		replace.push_back({*type, {bytes.begin(), bytes.end()}});
	}
	return replace;
}

// An output, and its counters when the reply has them.
Result<Output> decode_output(nlattr *nest, const std::string &what,
			     std::optional<OutputStats> &stats)
{
	auto attrs = nested(nest, output_policy, what);
	if (!attrs)
		return attrs.error();
	Output o;
	nlattr *src = attrs->get(RTPFWD_OUT_A_SRC);
	nlattr *dst = attrs->get(RTPFWD_OUT_A_DST);
	if (!src)
		return malformed(what + " has no SRC");
	if (!dst)
		return malformed(what + " has no DST");
	auto s = decode_endpoint(src, what + " src");
	if (!s)
		return s.error();
	o.src = *s;
	auto d = decode_endpoint(dst, what + " dst");
	if (!d)
		return d.error();
	o.dst = *d;
	o.tos = attrs->u8(RTPFWD_OUT_A_TOS);
	if (nlattr *enc = attrs->get(RTPFWD_OUT_A_ENCRYPT)) {
		auto srtp = decode_srtp(enc, what + " encrypt");
		if (!srtp)
			return srtp.error();
		o.encrypt = std::move(*srtp);
	}
	auto map = decode_ssrc_map(*attrs, what);
	if (!map)
		return map.error();
	o.ssrc_map = std::move(*map);
	auto replace = decode_pt_replace(*attrs, what);
	if (!replace)
		return replace.error();
	o.pt_replace = std::move(*replace);
	if (nlattr *st = attrs->get(RTPFWD_OUT_A_STATS)) {
		auto counters = decode_output_stats(st, what + " stats");
		if (!counters)
			return counters.error();
		stats = *counters;
	}
	return o;
}

// A reply's SRTP nest: SUITE (required, known), MKI_LEN (absent: 0), ROC
// nests (SSRC required, ROC absent: 0), UNAUTHENTICATED (absent: false, as
// from a kernel that predates it). No key is ever read.
Result<Srtp> decode_srtp(nlattr *nest, const std::string &what)
{
	auto attrs = nested(nest, srtp_policy, what);
	if (!attrs)
		return attrs.error();
	Srtp srtp;
	auto value = required(attrs->u32(RTPFWD_SRTP_A_SUITE), what, "SUITE");
	if (!value)
		return value.error();
	auto suite = srtp_suite_from_value(*value);
	if (!suite)
		return malformed(what + " unknown SUITE " + std::to_string(*value));
	srtp.suite = *suite;
	srtp.mki_len = attrs->u8(RTPFWD_SRTP_A_MKI_LEN).value_or(0);
	srtp.unauthenticated = attrs->flag(RTPFWD_SRTP_A_UNAUTHENTICATED);
	for (nlattr *a : attrs->all(RTPFWD_SRTP_A_ROC)) {
		const std::string which = what + " roc " + std::to_string(srtp.rocs.size() + 1);
		auto roc = nested(a, srtp_roc_policy, which);
		if (!roc)
			return roc.error();
		auto ssrc = required(roc->u32(RTPFWD_SRTP_ROC_A_SSRC), which, "SSRC");
		if (!ssrc)
			return ssrc.error();
		srtp.rocs.push_back({*ssrc, roc->u32(RTPFWD_SRTP_ROC_A_ROC).value_or(0)});
	}
	return srtp;
}

Result<RuleStats> decode_stats(nlattr *nest)
{
	auto attrs = nested(nest, stats_policy, "stats");
	if (!attrs)
		return attrs.error();
	RuleStats st;
	if (auto r = decode_required_counters(*attrs, "stats", st); !r)
		return r.error();
	// Newer counters: absent from kernels that do not have them.
	const std::pair<int, std::uint64_t RuleStats::*> optional_counters[] = {
		{RTPFWD_STATS_A_TTL_EXPIRED, &RuleStats::ttl_expired},
		{RTPFWD_STATS_A_TOO_BIG, &RuleStats::too_big},
		{RTPFWD_STATS_A_SRC_MISMATCH_DROPPED, &RuleStats::src_mismatch_dropped},
		{RTPFWD_STATS_A_NOT_RTP, &RuleStats::not_rtp},
		{RTPFWD_STATS_A_NO_ROUTE, &RuleStats::no_route},
		{RTPFWD_STATS_A_OUTPUT_FAILED, &RuleStats::output_failed},
		{RTPFWD_STATS_A_HANDED_UP_STUN, &RuleStats::handed_up_stun},
		{RTPFWD_STATS_A_HANDED_UP_DTLS, &RuleStats::handed_up_dtls},
		{RTPFWD_STATS_A_HANDED_UP_MISMATCH, &RuleStats::handed_up_mismatch},
		{RTPFWD_STATS_A_HANDED_UP_OTHER, &RuleStats::handed_up_other},
		{RTPFWD_STATS_A_SRTP_AUTH_FAILED, &RuleStats::srtp_auth_failed},
		{RTPFWD_STATS_A_SRTP_REPLAYED, &RuleStats::srtp_replayed},
		{RTPFWD_STATS_A_BLACKHOLED, &RuleStats::blackholed},
	};
	for (const auto &[type, member] : optional_counters)
		st.*member = attrs->u64(type).value_or(0);
	st.last_packet_ms = attrs->u64(RTPFWD_STATS_A_LAST_PACKET_MS);
	return st;
}

Result<PayloadType> decode_payload_type(nlattr *nest, const std::string &what)
{
	auto attrs = nested(nest, payload_type_policy, what);
	if (!attrs)
		return attrs.error();
	auto type = pt_type(*attrs, what);
	if (!type)
		return type.error();
	return PayloadType{*type, attrs->u32(RTPFWD_PT_A_CLOCK_RATE)};
}

Result<PtStats> decode_pt_stats(nlattr *nest, const std::string &what)
{
	auto attrs = nested(nest, pt_stats_policy, what);
	if (!attrs)
		return attrs.error();
	PtStats st;
	auto type = pt_type(*attrs, what);
	if (!type)
		return type.error();
	st.type = *type;
	auto packets = required(attrs->u64(RTPFWD_PT_A_PACKETS), what, "PACKETS");
	if (!packets)
		return packets.error();
	st.packets = *packets;
	auto bytes = required(attrs->u64(RTPFWD_PT_A_BYTES), what, "BYTES");
	if (!bytes)
		return bytes.error();
	st.bytes = *bytes;
	return st;
}

Result<SsrcStats> decode_ssrc_stats(nlattr *nest, const std::string &what)
{
	auto attrs = nested(nest, ssrc_stats_policy, what);
	if (!attrs)
		return attrs.error();
	SsrcStats st;
	struct Field32 {
		int type;
		const char *name;
		std::uint32_t SsrcStats::*member;
	};
	for (const Field32 f : {Field32{RTPFWD_SSRC_A_SSRC, "SSRC", &SsrcStats::ssrc},
				Field32{RTPFWD_SSRC_A_EXT_SEQ, "EXT_SEQ", &SsrcStats::ext_seq},
				Field32{RTPFWD_SSRC_A_LOST, "LOST", &SsrcStats::lost},
				Field32{RTPFWD_SSRC_A_JITTER, "JITTER", &SsrcStats::jitter}}) {
		auto v = required(attrs->u32(f.type), what, f.name);
		if (!v)
			return v.error();
		st.*f.member = *v;
	}
	auto packets = required(attrs->u64(RTPFWD_SSRC_A_PACKETS), what, "PACKETS");
	if (!packets)
		return packets.error();
	st.packets = *packets;
	auto bytes = required(attrs->u64(RTPFWD_SSRC_A_BYTES), what, "BYTES");
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
	RequestBuilder b(RTPFWD_CMD_RULE_NEW, genl::version, rule_mode_flags(mode));
	b.put_u32(RTPFWD_A_TABLE_ID, rule.table);
	nlattr *nest = b.begin_nest(RTPFWD_A_RULE);
	put_endpoint(b, RTPFWD_RULE_A_LOCAL, rule.local);
	if (rule.expect)
		put_endpoint(b, RTPFWD_RULE_A_EXPECT, *rule.expect);
	b.put_u8(RTPFWD_RULE_A_MISMATCH, static_cast<std::uint8_t>(rule.mismatch));
	for (const Output &o : rule.outputs) {
		nlattr *out = b.begin_nest(RTPFWD_RULE_A_OUTPUT);
		put_endpoint(b, RTPFWD_OUT_A_SRC, o.src);
		put_endpoint(b, RTPFWD_OUT_A_DST, o.dst);
		if (o.tos)
			b.put_u8(RTPFWD_OUT_A_TOS, *o.tos);
		if (o.encrypt)
			put_srtp(b, RTPFWD_OUT_A_ENCRYPT, *o.encrypt);
		put_ssrc_map(b, o.ssrc_map);
		put_pt_replace(b, o.pt_replace);
		b.end_nest(out);
	}
	const std::uint32_t flags = (rule.rtp ? RTPFWD_RULE_F_RTP : 0) |
				    (rule.stun ? RTPFWD_RULE_F_STUN : 0) |
				    (rule.dtls ? RTPFWD_RULE_F_DTLS : 0) |
				    (rule.rtcp ? RTPFWD_RULE_F_RTCP : 0) |
				    (rule.srtp_auth_drop ? RTPFWD_RULE_F_SRTP_AUTH_DROP : 0) |
				    (rule.blackhole ? RTPFWD_RULE_F_BLACKHOLE : 0) |
				    (rule.hand_up ? RTPFWD_RULE_F_HAND_UP : 0) |
				    (rule.expect_ssrcs ? RTPFWD_RULE_F_SSRC : 0);
	if (flags)
		b.put_u32(RTPFWD_RULE_A_FLAGS, flags);
	if (rule.expect_ssrcs)
		for (std::uint32_t ssrc : *rule.expect_ssrcs)
			b.put_u32(RTPFWD_RULE_A_SSRC, ssrc);
	for (const PayloadType &pt : rule.payload_types) {
		nlattr *p = b.begin_nest(RTPFWD_RULE_A_PAYLOAD_TYPE);
		b.put_u8(RTPFWD_PT_A_TYPE, pt.type);
		if (pt.clock_rate)
			b.put_u32(RTPFWD_PT_A_CLOCK_RATE, *pt.clock_rate);
		b.end_nest(p);
	}
	if (rule.decrypt)
		put_srtp(b, RTPFWD_RULE_A_DECRYPT, *rule.decrypt);
	if (rule.recording)
		b.put_u32(RTPFWD_RULE_A_RECORDING, *rule.recording);
	b.end_nest(nest);
	return std::move(b).finish();
}

Result<Request> encode_rule_del(std::uint32_t table, const Endpoint &local)
{
	return rule_key(RTPFWD_CMD_RULE_DEL, table, local);
}

Result<Request> encode_rule_get(std::uint32_t table, const Endpoint &local)
{
	return rule_key(RTPFWD_CMD_RULE_GET, table, local);
}

Result<Request> encode_stats_reset(std::uint32_t table, const std::optional<Endpoint> &local)
{
	if (local)
		return rule_key(RTPFWD_CMD_STATS_RESET, table, *local);
	return table_only(RTPFWD_CMD_STATS_RESET, table, false);
}

Result<Request> encode_rule_dump(std::optional<std::uint32_t> table)
{
	if (!table)
		return RequestBuilder(RTPFWD_CMD_RULE_GET, genl::version).finish(true);
	return table_only(RTPFWD_CMD_RULE_GET, *table, true);
}

namespace {

// What every rule message starts with: TABLE_ID and RULE { LOCAL, ... }.
struct RuleKey {
	std::uint32_t table = 0;
	Endpoint local;
	Attrs attrs; // the RULE nest's
};

Result<RuleKey> decode_rule_key(const GenlMessage &msg)
{
	auto object = decode_table_object(msg, RTPFWD_A_RULE, rule_policy, "rule");
	if (!object)
		return object.error();
	nlattr *local = object->attrs.get(RTPFWD_RULE_A_LOCAL);
	if (!local)
		return malformed("no LOCAL endpoint");
	auto lep = decode_endpoint(local, "local");
	if (!lep)
		return lep.error();
	return RuleKey{object->table, *lep, std::move(object->attrs)};
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
	const Attrs &attrs = key->attrs;

	if (nlattr *expect = attrs.get(RTPFWD_RULE_A_EXPECT)) {
		auto eep = decode_endpoint(expect, "expect");
		if (!eep)
			return eep.error();
		rule.expect = *eep;
	}
	if (auto mm = attrs.u8(RTPFWD_RULE_A_MISMATCH)) {
		auto m = mismatch_from_value(*mm);
		if (!m)
			return malformed("unknown MISMATCH value " + std::to_string(*mm));
		rule.mismatch = *m;
	}
	std::vector<OutputStats> output_stats;
	for (nlattr *a : attrs.all(RTPFWD_RULE_A_OUTPUT)) {
		std::optional<OutputStats> st;
		auto o = decode_output(a, "output " + std::to_string(rule.outputs.size() + 1), st);
		if (!o)
			return o.error();
		rule.outputs.push_back(*o);
		// All or none: a kernel without them has none (the list stays empty).
		if (st)
			output_stats.push_back(*st);
	}
	if (!output_stats.empty() && output_stats.size() != rule.outputs.size())
		return malformed("STATS in some outputs only");
	if (nlattr *st = attrs.get(RTPFWD_RULE_A_STATS)) {
		auto s = decode_stats(st);
		if (!s)
			return s.error();
		rule.stats = *s;
	}
	if (auto fl = attrs.u32(RTPFWD_RULE_A_FLAGS)) {
		// Unknown flags (a newer kernel's) are ignored.
		rule.rtp = (*fl & RTPFWD_RULE_F_RTP) != 0;
		rule.stun = (*fl & RTPFWD_RULE_F_STUN) != 0;
		rule.dtls = (*fl & RTPFWD_RULE_F_DTLS) != 0;
		rule.rtcp = (*fl & RTPFWD_RULE_F_RTCP) != 0;
		rule.srtp_auth_drop = (*fl & RTPFWD_RULE_F_SRTP_AUTH_DROP) != 0;
		rule.blackhole = (*fl & RTPFWD_RULE_F_BLACKHOLE) != 0;
		rule.hand_up = (*fl & RTPFWD_RULE_F_HAND_UP) != 0;
		if (*fl & RTPFWD_RULE_F_SSRC)
			rule.expect_ssrcs.emplace();
	}
	// Only a blackhole or a hand-up rule has no output (the flag says so,
	// read above). More than RTPFWD_OUTPUTS_MAX is accepted: a newer kernel
	// may allow more, and printing them does no harm.
	if (rule.outputs.empty() && !rule.blackhole && !rule.hand_up)
		return malformed("no OUTPUT");
	const auto ssrcs = attrs.all(RTPFWD_RULE_A_SSRC);
	if (!ssrcs.empty() && !rule.expect_ssrcs)
		return malformed("SSRC without the SSRC flag");
	for (const nlattr *a : ssrcs)
		rule.expect_ssrcs->push_back(nla_get_u32(a));
	for (nlattr *a : attrs.all(RTPFWD_RULE_A_PAYLOAD_TYPE)) {
		auto pt = decode_payload_type(
			a, "payload type " + std::to_string(rule.payload_types.size() + 1));
		if (!pt)
			return pt.error();
		rule.payload_types.push_back(*pt);
	}
	if (nlattr *dec = attrs.get(RTPFWD_RULE_A_DECRYPT)) {
		auto srtp = decode_srtp(dec, "decrypt");
		if (!srtp)
			return srtp.error();
		rule.decrypt = std::move(*srtp);
	}
	rule.recording = attrs.u32(RTPFWD_RULE_A_RECORDING);
	std::vector<PtStats> pt_stats;
	for (nlattr *a : attrs.all(RTPFWD_RULE_A_PT_STATS)) {
		auto st = decode_pt_stats(a, "payload type stats " + std::to_string(pt_stats.size() + 1));
		if (!st)
			return st.error();
		pt_stats.push_back(*st);
	}
	std::vector<SsrcStats> ssrc_stats;
	for (nlattr *a : attrs.all(RTPFWD_RULE_A_SSRC_STATS)) {
		auto st = decode_ssrc_stats(a, "ssrc stats " + std::to_string(ssrc_stats.size() + 1));
		if (!st)
			return st.error();
		ssrc_stats.push_back(*st);
	}
	// The per payload type / SSRC counters belong to the rule's counters;
	// a reply without STATS has none to attach them to.
	if (rule.stats) {
		rule.stats->outputs = std::move(output_stats);
		rule.stats->payload_types = std::move(pt_stats);
		rule.stats->ssrcs = std::move(ssrc_stats);
	}
	return rule;
}

} // namespace rtpnl
