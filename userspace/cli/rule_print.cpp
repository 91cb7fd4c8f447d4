// SPDX-License-Identifier: LGPL-2.1-or-later
// Rule output (see rule_print.hpp).
#include "rule_print.hpp"

#include "hex.hpp"
#include "pt_replace_args.hpp"

#include <array>
#include <cstdio>
#include <string>

namespace rtpnl::cli {

namespace {

// "5eed5eed": SSRCs are identifiers, shown as 8 hex digits.
std::string ssrc_text(std::uint32_t ssrc)
{
	std::array<char, 9> buf{};
	std::snprintf(buf.data(), buf.size(), "%08x", ssrc);
	return buf.data();
}

// Text: "stun dtls rtcp"; JSON: "stun":true,"dtls":true,"rtcp":true. Only
// the flags set.
void print_hand_up(Printer &p, const Rule &rule)
{
	if (rule.stun)
		p.flag("stun", "stun");
	if (rule.dtls)
		p.flag("dtls", "dtls");
	if (rule.rtcp)
		p.flag("rtcp", "rtcp");
}

// Text: "ssrc 5eed5eed ssrc 00001234"; JSON: "expect_ssrcs":["5eed5eed",...].
void print_expect_ssrcs(Printer &p, const Rule &rule)
{
	if (!rule.expect_ssrcs)
		return;
	p.begin_group_list("expect_ssrcs");
	for (std::uint32_t ssrc : *rule.expect_ssrcs)
		p.item("ssrc", ssrc_text(ssrc));
	p.end_group_list();
}

// Text: "rtp pt 0/8000 pt 8"; JSON: "rtp":true,"payload_types":[...].
// Nothing for a plain UDP rule, so its output stays as it was.
void print_rtp(Printer &p, const Rule &rule)
{
	if (!rule.rtp)
		return;
	p.flag("rtp", "rtp");
	if (p.format() == Printer::Format::text) {
		for (const PayloadType &pt : rule.payload_types) {
			std::string v = std::to_string(pt.type);
			if (pt.clock_rate)
				v += "/" + std::to_string(*pt.clock_rate);
			p.field("", "pt", v);
		}
		return;
	}
	p.begin_group_list("payload_types");
	for (const PayloadType &pt : rule.payload_types) {
		p.begin_group("", "");
		p.field("type", "", std::uint64_t{pt.type});
		p.field("clock_rate", "", pt.clock_rate);
		p.end_group();
	}
	p.end_group_list();
}

// Per payload type and per SSRC counters: text lines of their own, JSON
// arrays inside "stats" (left out when empty).
void print_rtp_stats(Printer &p, const RuleStats &st)
{
	if (!st.payload_types.empty()) {
		p.begin_group_list("payload_types");
		for (const PtStats &pt : st.payload_types) {
			p.begin_group("", "pt", true);
			p.field("type", "", std::uint64_t{pt.type});
			p.field("packets", "packets", pt.packets);
			p.field("bytes", "bytes", pt.bytes);
			p.end_group();
		}
		p.end_group_list();
	}
	if (!st.ssrcs.empty()) {
		p.begin_group_list("ssrcs");
		for (const SsrcStats &s : st.ssrcs) {
			p.begin_group("", "ssrc", true);
			p.field("ssrc", "", ssrc_text(s.ssrc));
			p.field("packets", "packets", s.packets);
			p.field("bytes", "bytes", s.bytes);
			p.field("ext_seq", "ext-seq", std::uint64_t{s.ext_seq});
			p.field("lost", "lost", std::uint64_t{s.lost});
			p.field("jitter", "jitter", std::uint64_t{s.jitter});
			p.end_group();
		}
		p.end_group_list();
	}
}

// A rule's decrypt / an output's encrypt, as the kernel reports them: no
// key. Text "decrypt AES_CM_128_HMAC_SHA1_80 mki-len 0 roc 11223344:0";
// JSON "decrypt":{"suite":"AES_CM_128_HMAC_SHA1_80","mki_len":0,
// "rocs":[{"ssrc":"11223344","roc":0}]}. UNAUTHENTICATED_SRTP next to the
// suite, as flags are, only when set: text "AES_CM_128_HMAC_SHA1_80
// unauthenticated", JSON "unauthenticated":true.
void print_srtp(Printer &p, std::string_view key, const Srtp &srtp)
{
	p.begin_group(key, key);
	p.field("suite", "", srtp_suite_name(srtp.suite));
	if (srtp.unauthenticated)
		p.flag("unauthenticated", "unauthenticated");
	p.field("mki_len", "mki-len", std::uint64_t{srtp.mki_len});
	p.begin_group_list("rocs");
	for (const SrtpRoc &r : srtp.rocs) {
		if (p.format() == Printer::Format::text) {
			p.item("roc", ssrc_text(r.ssrc) + ":" + std::to_string(r.roc));
			continue;
		}
		p.begin_group("", "");
		p.field("ssrc", "", ssrc_text(r.ssrc));
		p.field("roc", "", std::uint64_t{r.roc});
		p.end_group();
	}
	p.end_group_list();
	p.end_group();
}

// An output's SSRC rewrites, after its other words: text "ssrc-map
// 5eed5eed:abcd0001" each; JSON "ssrc_map":[{"from":"5eed5eed",
// "to":"abcd0001"}], left out when empty (so an output without one prints
// as it always did).
void print_ssrc_map(Printer &p, const Output &o)
{
	if (o.ssrc_map.empty())
		return;
	p.begin_group_list("ssrc_map");
	for (const SsrcMapping &m : o.ssrc_map) {
		if (p.format() == Printer::Format::text) {
			p.item("ssrc-map", ssrc_text(m.from) + ":" + ssrc_text(m.to));
			continue;
		}
		p.begin_group("", "");
		p.field("from", "", ssrc_text(m.from));
		p.field("to", "", ssrc_text(m.to));
		p.end_group();
	}
	p.end_group_list();
}

// An output's payload replacements, after its SSRC rewrites: text
// "pt-replace 0:ff" each; JSON "pt_replace":[{"type":0,"pattern":"ff"}],
// left out when empty.
void print_pt_replace(Printer &p, const Output &o)
{
	if (o.pt_replace.empty())
		return;
	p.begin_group_list("pt_replace");
	for (const PtReplace &r : o.pt_replace) {
		if (p.format() == Printer::Format::text) {
			p.item("pt-replace", pt_replace_text(r));
			continue;
		}
		p.begin_group("", "");
		p.field("type", "", std::uint64_t{r.type});
		p.field("pattern", "", hex_text(r.pattern));
		p.end_group();
	}
	p.end_group_list();
}

// "850ms", "1.2s", "3m05s", "2h07m": how long ago, as an operator reads it.
std::string age_text(std::uint64_t ms)
{
	std::array<char, 32> buf{};
	if (ms < 1000)
		std::snprintf(buf.data(), buf.size(), "%llums", static_cast<unsigned long long>(ms));
	else if (ms < 60 * 1000)
		std::snprintf(buf.data(), buf.size(), "%llu.%llus",
			      static_cast<unsigned long long>(ms / 1000),
			      static_cast<unsigned long long>(ms % 1000 / 100));
	else if (ms < 3600 * 1000)
		std::snprintf(buf.data(), buf.size(), "%llum%02llus",
			      static_cast<unsigned long long>(ms / 60000),
			      static_cast<unsigned long long>(ms / 1000 % 60));
	else
		std::snprintf(buf.data(), buf.size(), "%lluh%02llum",
			      static_cast<unsigned long long>(ms / 3600000),
			      static_cast<unsigned long long>(ms / 60000 % 60));
	return buf.data();
}

// Text "last 1.2s ago", JSON "last_packet_ms": 1234; nothing before the
// rule's first packet.
void print_last_packet(Printer &p, const RuleStats &st)
{
	if (!st.last_packet_ms)
		return;
	if (p.format() == Printer::Format::json)
		p.field("last_packet_ms", "", *st.last_packet_ms);
	else
		p.field("", "last", age_text(*st.last_packet_ms) + " ago");
}

// -s -s: every reason, zeros too (like ip -s -s link), one line for the
// errors and one for the hand-ups; then each output's counters. The JSON
// names are the reason labels of `rtpnl stats prometheus`.
void print_reasons(Printer &p, const RuleStats &st)
{
	p.begin_group("errors_by_reason", "errors", true);
	for (const ErrorReason &r : error_reasons)
		p.field(r.name, r.text, st.*r.member);
	p.end_group();
	p.begin_group("handed_up", "handed-up", true);
	for (const ErrorReason &r : handed_up_reasons)
		p.field(r.name, r.text, st.*r.member);
	p.end_group();
	if (st.outputs.empty())
		return;
	p.begin_group_list("outputs");
	for (std::size_t i = 0; i < st.outputs.size(); i++) {
		p.begin_group("", "output", true);
		if (p.format() == Printer::Format::text)
			p.field("", "", std::uint64_t{i + 1});
		p.field("packets", "packets", st.outputs[i].packets);
		p.field("bytes", "bytes", st.outputs[i].bytes);
		p.field("errors", "errors", st.outputs[i].errors);
		p.end_group();
	}
	p.end_group_list();
}

} // namespace

const std::array<ErrorReason, 4> error_reasons = {{
	{"src_mismatch_dropped", "src-mismatch-dropped", &RuleStats::src_mismatch_dropped},
	{"not_rtp", "not-rtp", &RuleStats::not_rtp},
	{"no_route", "no-route", &RuleStats::no_route},
	{"output_failed", "output-failed", &RuleStats::output_failed},
}};

const std::array<ErrorReason, 4> handed_up_reasons = {{
	{"stun", "stun", &RuleStats::handed_up_stun},
	{"dtls", "dtls", &RuleStats::handed_up_dtls},
	{"mismatch", "mismatch", &RuleStats::handed_up_mismatch},
	{"other", "other", &RuleStats::handed_up_other},
}};

void print_rule(Printer &p, const Rule &rule, int stats)
{
	p.begin_record();
	p.field("table", "table", std::uint64_t{rule.table});
	p.field("local", "local", format_endpoint(rule.local));
	if (rule.expect)
		p.field("expect", "expect", format_endpoint(*rule.expect));
	p.field("mismatch", "mismatch", mismatch_name(rule.mismatch));
	print_hand_up(p, rule);
	print_rtp(p, rule);
	print_expect_ssrcs(p, rule);
	if (rule.decrypt)
		print_srtp(p, "decrypt", *rule.decrypt);
	// Text "auth-fail drop", JSON "auth_fail":"drop"; pass (the default)
	// is left out.
	if (rule.srtp_auth_drop)
		p.field("auth_fail", "auth-fail", "drop");
	// Text "record 3", JSON "recording":3: the stream it records into,
	// while there is one.
	p.field("recording", "record", rule.recording);
	// In the place of the outputs, which they have none of: text
	// "blackhole" / "hand-up", JSON "blackhole":true / "hand_up":true
	// before "outputs":[].
	if (rule.blackhole)
		p.flag("blackhole", "blackhole");
	if (rule.hand_up)
		p.flag("hand_up", "hand-up");
	p.begin_group_list("outputs");
	for (const Output &o : rule.outputs) {
		p.begin_group("", "output");
		p.field("src", "src", format_endpoint(o.src));
		p.field("dst", "dst", format_endpoint(o.dst));
		// Unset and 0 mean the same to the kernel: text leaves both out,
		// JSON always has the number (so restore input is uniform).
		const std::uint8_t tos = o.tos.value_or(0);
		if (tos != 0 || p.format() == Printer::Format::json)
			p.field("tos", "tos", std::uint64_t{tos});
		if (o.encrypt)
			print_srtp(p, "encrypt", *o.encrypt);
		print_ssrc_map(p, o);
		print_pt_replace(p, o);
		p.end_group();
	}
	p.end_group_list();
	if (stats > 0 && rule.stats) {
		p.begin_group("stats", "stats", true);
		p.field("packets", "packets", rule.stats->packets);
		p.field("bytes", "bytes", rule.stats->bytes);
		p.field("errors", "errors", rule.stats->errors);
		// Rare events: shown when they happened, so the common line stays short.
		if (rule.stats->ttl_expired != 0)
			p.field("ttl_expired", "ttl-expired", rule.stats->ttl_expired);
		if (rule.stats->too_big != 0)
			p.field("too_big", "too-big", rule.stats->too_big);
		if (rule.stats->srtp_auth_failed != 0)
			p.field("srtp_auth_failed", "srtp-auth-failed", rule.stats->srtp_auth_failed);
		if (rule.stats->srtp_replayed != 0)
			p.field("srtp_replayed", "srtp-replayed", rule.stats->srtp_replayed);
		if (rule.stats->blackholed != 0)
			p.field("blackholed", "blackholed", rule.stats->blackholed);
		// What a hand-up rule is for, as blackholed is a blackhole's;
		// other rules count RTCP and unlisted payload types in it,
		// which -s -s shows.
		if (rule.hand_up && rule.stats->handed_up_other != 0)
			p.field("handed_up_other", "handed-up-other",
				rule.stats->handed_up_other);
		print_last_packet(p, *rule.stats);
		if (stats > 1)
			print_reasons(p, *rule.stats);
		print_rtp_stats(p, *rule.stats);
		p.end_group();
	}
	p.end_record();
}

void print_rules(Printer &p, std::span<const Rule> rules, int stats)
{
	p.begin_list();
	for (const Rule &r : rules)
		print_rule(p, r, stats);
	p.end_list();
}

void print_rule_event(Printer &p, const RuleEvent &event, std::string_view json_timestamp)
{
	const char *what = event.kind == RuleEvent::Kind::rule_new       ? "new"
			   : event.kind == RuleEvent::Kind::rule_replace ? "replace"
									 : "del";
	p.begin_record();
	p.field("event", "", what);
	p.field("object", "", "rule");
	p.field("table", "table", std::uint64_t{event.table});
	p.field("local", "local", format_endpoint(event.local));
	if (!json_timestamp.empty() && p.format() == Printer::Format::json)
		p.field("timestamp", "", json_timestamp);
	p.end_record();
}

} // namespace rtpnl::cli
