// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl rule" and "rtpnl rules" (see cmd_rule.hpp).
#include "cmd_rule.hpp"

#include "cmd_table.hpp"
#include "cmd_top.hpp"
#include "error_text.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"
#include "pt_replace_args.hpp"
#include "rule_batch_report.hpp"
#include "rule_print.hpp"
#include "rule_restore.hpp"
#include "srtp_args.hpp"

#include "rtpnl/table.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <iterator>
#include <span>
#include <string>
#include <vector>

namespace rtpnl::cli {

namespace {

using Action = RuleCommand::Action;

using ActionWord = Keyword<Action>;

// Order decides prefix ties: "d" is del, "s" is show, "r" is replace.
constexpr std::array<ActionWord, 9> rule_actions{{
	{"add", Action::add},
	{"replace", Action::replace},
	{"change", Action::change},
	{"del", Action::del},
	{"delete", Action::del},
	{"get", Action::get},
	{"list", Action::list},
	{"show", Action::list},
	{"help", Action::help},
}};

constexpr std::array<ActionWord, 5> rules_actions{{
	{"list", Action::list},
	{"show", Action::list},
	{"restore", Action::restore},
	{"flush", Action::flush},
	{"help", Action::help},
}};

enum class Key : unsigned {
	table, local, expect, mismatch, output, rtp, pt, stun, dtls, ssrc, rate, interval, decrypt,
	rtcp, auth_fail, blackhole, hand_up, record
};

constexpr unsigned bit(Key k) { return 1u << static_cast<unsigned>(k); }

using KeyWord = Keyword<Key>;

// "srtp" is SDP's way to say "decrypt" (RFC 4568 a=crypto); it follows
// ssrc, so "s" stays stun and "ss" ssrc. "auth-fail" is the only one
// with an "a", "blackhole" the only one with a "b" (and no action, output
// or SRTP word has one: "b" is blackhole wherever a rule is written),
// "hand-up" the only one with an "h" (no output or SRTP word has one).
// "record" last: "r" stays rtp (rate in a listing), "re" is record.
constexpr std::array<KeyWord, 19> rule_keys{{
	{"table", Key::table},
	{"local", Key::local},
	{"expect", Key::expect},
	{"mismatch", Key::mismatch},
	{"output", Key::output},
	{"rtp", Key::rtp},
	{"pt", Key::pt},
	{"stun", Key::stun},
	{"dtls", Key::dtls},
	{"ssrc", Key::ssrc},
	{"rate", Key::rate},
	{"interval", Key::interval},
	{"decrypt", Key::decrypt},
	{"rtcp", Key::rtcp},
	{"srtp", Key::decrypt},
	{"auth-fail", Key::auth_fail},
	{"blackhole", Key::blackhole},
	{"hand-up", Key::hand_up},
	{"record", Key::record},
}};

// The keywords each action takes.
unsigned allowed_keys(Action a)
{
	switch (a) {
	case Action::add:
	case Action::replace:
	case Action::change:
		return bit(Key::table) | bit(Key::local) | bit(Key::expect) | bit(Key::mismatch) |
		       bit(Key::output) | bit(Key::rtp) | bit(Key::pt) | bit(Key::stun) |
		       bit(Key::dtls) | bit(Key::ssrc) | bit(Key::decrypt) | bit(Key::rtcp) |
		       bit(Key::auth_fail) | bit(Key::blackhole) | bit(Key::hand_up) |
		       bit(Key::record);
	case Action::del:
	case Action::get:
		return bit(Key::table) | bit(Key::local);
	case Action::flush:
		return bit(Key::table);
	case Action::list:
		return bit(Key::table) | bit(Key::rate) | bit(Key::interval);
	case Action::restore:
	case Action::help:
		break;
	}
	return 0;
}

enum class OutKey { src, dst, tos, encrypt, ssrc_map, pt_replace };

using OutKeyWord = Keyword<OutKey>;

// "srtp" in an output is "encrypt"; after src, so "s" and "sr" stay src.
// "ssrc-map" and "pt-replace" last, and only from "ssrc-" / "pt-" on
// (find_output_key()): "ss" to "ssrc", "p" and "pt" end the output and are
// the rule's ssrc and pt, as before.
constexpr std::array<OutKeyWord, 7> output_keys{{
	{"src", OutKey::src},
	{"dst", OutKey::dst},
	{"tos", OutKey::tos},
	{"encrypt", OutKey::encrypt},
	{"srtp", OutKey::encrypt},
	{"ssrc-map", OutKey::ssrc_map},
	{"pt-replace", OutKey::pt_replace},
}};

// The output word `word` selects, or nullptr (the output ends there). A
// prefix of the rule's "ssrc" is never "ssrc-map", one of its "pt" never
// "pt-replace": an output followed by "ssrc 1234" or "pt 0" keeps meaning
// what it meant before outputs had these words.
const OutKeyWord *find_output_key(std::string_view word)
{
	const OutKeyWord *k = find_keyword(word, output_keys);
	if (k && k->value == OutKey::ssrc_map && matches(word, "ssrc"))
		return nullptr;
	if (k && k->value == OutKey::pt_replace && matches(word, "pt"))
		return nullptr;
	return k;
}

// After the key of "decrypt" / "encrypt" / "srtp".
enum class SrtpKey { mki, roc };

using SrtpKeyWord = Keyword<SrtpKey>;

constexpr std::array<SrtpKeyWord, 2> srtp_keys{{
	{"mki", SrtpKey::mki},
	{"roc", SrtpKey::roc},
}};

using MismatchWord = Keyword<Mismatch>;

constexpr std::array<MismatchWord, 3> mismatch_words{{
	{"ignore", Mismatch::ignore},
	{"drop", Mismatch::drop},
	{"pass", Mismatch::pass},
}};

// After "auth-fail": what becomes of SRTP that fails authentication
// (RTPFWD_RULE_F_SRTP_AUTH_DROP set or not).
using AuthFailWord = Keyword<bool>;

constexpr std::array<AuthFailWord, 2> auth_fail_words{{
	{"drop", true},
	{"pass", false},
}};

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

std::string quote(std::string_view word) { return "'" + std::string(word) + "'"; }

// A keyword given twice, under the same name or under its synonym:
// "duplicate 'srtp' (as 'decrypt')".
std::string duplicate(std::string_view first, std::string_view again)
{
	return "duplicate " + quote(again) + (first == again ? "" : " (as " + quote(first) + ")");
}

class Words {
public:
	explicit Words(Args args) : args_(args) {}
	bool done() const { return at_ >= args_.size(); }
	std::string_view peek() const { return args_[at_]; }
	std::string_view take() { return args_[at_++]; }

private:
	Args args_;
	std::size_t at_ = 0;
};

Result<std::string_view> value_after(Words &w, std::string_view keyword)
{
	if (w.done())
		return usage("missing value after " + quote(keyword));
	return w.take();
}

Result<Endpoint> endpoint_after(Words &w, std::string_view keyword)
{
	auto v = value_after(w, keyword);
	if (!v)
		return v.error();
	return parse_endpoint(*v);
}

// After `keyword`: one of the words of `table` (any prefix, as keywords),
// as its value; else "invalid mismatch 'x' (ignore, drop, pass)".
template <typename T, std::size_t N>
Result<T> choice_after(Words &w, std::string_view keyword, const std::array<Keyword<T>, N> &table)
{
	auto v = value_after(w, keyword);
	if (!v)
		return v.error();
	if (const Keyword<T> *c = find_keyword(*v, table))
		return c->value;
	std::string names;
	for (const Keyword<T> &c : table)
		names += (names.empty() ? "" : ", ") + std::string(c.name);
	return usage("invalid " + std::string(keyword) + " " + quote(*v) + " (" + names + ")");
}

// Decimal or 0x-hex, 0..255 (iproute2 takes both for tos).
Result<std::uint8_t> parse_tos(std::string_view word)
{
	const bool hex = word.starts_with("0x") || word.starts_with("0X");
	const std::string_view digits = hex ? word.substr(2) : word;
	unsigned value = 0;
	const char *end = digits.data() + digits.size();
	auto [ptr, ec] = std::from_chars(digits.data(), end, value, hex ? 16 : 10);
	if (digits.empty() || ptr != end || ec != std::errc{} || value > 255)
		return usage("invalid tos " + quote(word) + " (0..255)");
	return static_cast<std::uint8_t>(value);
}

// After "record": a recorded stream's id (rtpnl recording add), decimal.
Result<std::uint32_t> parse_recording_id(std::string_view word)
{
	std::uint32_t id = 0;
	const char *end = word.data() + word.size();
	auto [ptr, ec] = std::from_chars(word.data(), end, id);
	if (word.empty() || ptr != end || ec != std::errc{})
		return usage("invalid record " + quote(word) + " (a recorded stream's id, 0..4294967295)");
	return id;
}

// "TYPE" or "TYPE/CLOCK": TYPE 0..127, CLOCK 1..4294967295 (Hz).
Result<PayloadType> parse_payload_type(std::string_view word)
{
	const auto fail = [&] {
		return usage("invalid pt " + quote(word) + " (TYPE[/CLOCK], TYPE 0..127, CLOCK > 0)");
	};
	const auto slash = word.find('/');
	const std::string_view type = word.substr(0, slash);
	unsigned t = 0;
	auto [tp, tec] = std::from_chars(type.data(), type.data() + type.size(), t);
	if (type.empty() || tp != type.data() + type.size() || tec != std::errc{} ||
	    t > payload_type_max)
		return fail();
	PayloadType pt;
	pt.type = static_cast<std::uint8_t>(t);
	if (slash == std::string_view::npos)
		return pt;
	const std::string_view clock = word.substr(slash + 1);
	std::uint32_t c = 0;
	auto [cp, cec] = std::from_chars(clock.data(), clock.data() + clock.size(), c);
	if (clock.empty() || cp != clock.data() + clock.size() || cec != std::errc{} || c == 0)
		return fail();
	pt.clock_rate = c;
	return pt;
}

// After "decrypt" / "encrypt" / "srtp": SUITE { inline:BASE64[|...] |
// keyfile PATH } [ UNAUTHENTICATED_SRTP ] [ mki HEX ] [ roc SSRC:ROC ]...,
// up to the first other word. UNAUTHENTICATED_SRTP, a=crypto's session
// parameter, as SDP has it after the key (any case, as the suite); RFC
// 4568's other session parameters are refused by name rather than taken
// for the next rule word. `what` names the context in errors as written
// ("decrypt", "srtp", "output 2 encrypt"); no error repeats a key.
Result<Srtp> parse_srtp(Words &w, std::string_view keyword, const std::string &what)
{
	if (w.done())
		return usage("missing value after " + quote(keyword));
	auto suite = parse_srtp_suite(w.take(), what);
	if (!suite)
		return suite.error();
	Srtp srtp;
	srtp.suite = *suite;
	const auto missing_key = [&] {
		return usage(what + ": missing key (inline:BASE64 or keyfile PATH)");
	};
	if (w.done())
		return missing_key();
	const std::string_view key = w.take();
	if (looks_like_key(key)) {
		if (auto r = parse_srtp_keyspec(key, srtp, what); !r)
			return r.error();
	} else if (key.size() >= 2 && matches(key, "keyfile")) {
		auto path = value_after(w, "keyfile");
		if (!path)
			return path.error();
		if (auto r = read_srtp_keyfile(std::string(*path), srtp, what); !r)
			return r.error();
	} else {
		return missing_key();
	}
	const bool mki_in_key = !srtp.mki.empty();
	bool has_mki = false;
	while (!w.done()) {
		auto session = parse_srtp_session_param(w.peek(), srtp);
		if (!session)
			return usage(what + ": " + session.error().text());
		if (*session) {
			w.take();
			continue;
		}
		const SrtpKeyWord *k = find_keyword(w.peek(), srtp_keys);
		if (!k)
			break;
		w.take();
		auto v = value_after(w, k->name);
		if (!v)
			return v.error();
		if (k->value == SrtpKey::mki) {
			if (has_mki || mki_in_key)
				return usage(what + ": duplicate 'mki'" +
					     (mki_in_key ? " (the key has one)" : ""));
			has_mki = true;
			if (auto r = parse_srtp_mki(*v, srtp, what); !r)
				return r.error();
			continue;
		}
		auto roc = parse_srtp_roc(*v, what);
		if (!roc)
			return roc.error();
		for (const SrtpRoc &old : srtp.rocs)
			if (old.ssrc == roc->ssrc)
				return usage(what + ": duplicate roc SSRC in " + quote(*v));
		if (srtp.rocs.size() >= srtp_rocs_max)
			return usage(what + ": at most " + std::to_string(srtp_rocs_max) + " rocs");
		srtp.rocs.push_back(*roc);
	}
	return srtp;
}

// After "ssrc-map": FROM:TO, each an SSRC as the rule's ssrc takes it (hex,
// "0x" optional), appended to the output's map; FROM once per output.
Result<void> parse_ssrc_map(Words &w, std::string_view keyword, const std::string &which,
			    Output &o)
{
	auto v = value_after(w, keyword);
	if (!v)
		return v.error();
	const auto colon = v->find(':');
	const auto from = colon == v->npos ? std::nullopt : parse_ssrc(v->substr(0, colon));
	const auto to = colon == v->npos ? std::nullopt : parse_ssrc(v->substr(colon + 1));
	if (!from || !to)
		return usage(quote(keyword) + " needs FROM:TO, got " + quote(*v));
	for (const SsrcMapping &old : o.ssrc_map)
		if (old.from == *from)
			return usage(which + ": duplicate " + std::string(keyword) + " FROM in " +
				     quote(*v));
	if (o.ssrc_map.size() >= output_ssrc_map_max)
		return usage(which + ": at most " + std::to_string(output_ssrc_map_max) + " " +
			     quote(keyword));
	o.ssrc_map.push_back({*from, *to});
	return {};
}

// After "output": its src / dst / tos / encrypt (or srtp) / ssrc-map /
// pt-replace, up to the first other word. `encrypt_word` is set to the
// word that introduced encrypt.
Result<Output> parse_output(Words &w, std::size_t number, std::string_view &encrypt_word)
{
	const std::string which = "output " + std::to_string(number);
	Output o;
	bool has_src = false, has_dst = false;
	while (!w.done()) {
		const OutKeyWord *k = find_output_key(w.peek());
		if (!k)
			break;
		w.take();
		if (k->value == OutKey::ssrc_map) {
			if (auto r = parse_ssrc_map(w, k->name, which, o); !r)
				return r.error();
			continue;
		}
		if (k->value == OutKey::pt_replace) {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			if (auto r = add_pt_replace(o, *v, which); !r)
				return r.error();
			continue;
		}
		if (k->value == OutKey::encrypt && o.encrypt)
			return usage(which + ": " + duplicate(encrypt_word, k->name));
		const bool dup = (k->value == OutKey::src && has_src) ||
				 (k->value == OutKey::dst && has_dst) || (k->value == OutKey::tos && o.tos);
		if (dup)
			return usage(which + ": duplicate " + quote(k->name));
		if (k->value == OutKey::encrypt) {
			encrypt_word = k->name;
			auto srtp = parse_srtp(w, k->name, which + " " + std::string(k->name));
			if (!srtp)
				return srtp.error();
			o.encrypt = std::move(*srtp);
			continue;
		}
		if (k->value == OutKey::tos) {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			auto tos = parse_tos(*v);
			if (!tos)
				return tos.error();
			o.tos = *tos;
			continue;
		}
		auto ep = endpoint_after(w, k->name);
		if (!ep)
			return ep.error();
		(k->value == OutKey::src ? o.src : o.dst) = *ep;
		(k->value == OutKey::src ? has_src : has_dst) = true;
	}
	if (!has_src)
		return usage(which + ": missing 'src'");
	if (!has_dst)
		return usage(which + ": missing 'dst'");
	return o;
}

// A blackhole or a hand-up rule takes the place of the outputs and
// forwards nothing, dropping or handing up what it matches: one or the
// other, and no output, no RTP or SRTP word goes with it ("'blackhole'
// conflicts with 'hand-up'", "'hand-up' conflicts with 'output'"; the
// first in table order, decrypt as written).
Result<void> check_no_outputs(unsigned seen, std::string_view decrypt_word)
{
	if ((seen & bit(Key::blackhole)) && (seen & bit(Key::hand_up)))
		return usage("'blackhole' conflicts with 'hand-up'");
	const std::string_view word = (seen & bit(Key::blackhole)) ? "blackhole" : "hand-up";
	constexpr unsigned conflicts = bit(Key::output) | bit(Key::rtp) | bit(Key::pt) |
				       bit(Key::ssrc) | bit(Key::decrypt) | bit(Key::rtcp) |
				       bit(Key::auth_fail);
	for (const KeyWord &k : rule_keys)
		if (seen & conflicts & bit(k.value))
			return usage(quote(word) + " conflicts with " +
				     quote(k.value == Key::decrypt ? decrypt_word : k.name));
	return {};
}

// The keywords after the action word, into cmd.
Result<void> parse_keywords(Words &w, RuleCommand &cmd)
{
	const unsigned allowed = allowed_keys(cmd.action);
	unsigned seen = 0;
	// The words that introduced SRTP, as written ("decrypt" or "srtp"), for
	// errors; one per output.
	std::string_view decrypt_word;
	std::vector<std::string_view> encrypt_words;
	while (!w.done()) {
		const std::string_view word = w.take();
		const KeyWord *k = nullptr;
		for (const KeyWord &candidate : rule_keys)
			if ((allowed & bit(candidate.value)) && matches(word, candidate.name)) {
				k = &candidate;
				break;
			}
		if (!k && looks_like_key(word))
			return usage("unexpected inline: key"); // never echo a key
		if (!k)
			return usage("unknown argument " + quote(word));
		if (k->value == Key::decrypt && (seen & bit(k->value)))
			return usage(duplicate(decrypt_word, k->name));
		if (k->value != Key::output && k->value != Key::pt && k->value != Key::ssrc &&
		    (seen & bit(k->value)))
			return usage("duplicate " + quote(k->name));
		seen |= bit(k->value);
		switch (k->value) {
		case Key::table: {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			auto id = parse_table_id(*v);
			if (!id)
				return id.error();
			if (cmd.action == Action::list)
				cmd.table = *id;
			else
				cmd.rule.table = *id;
			break;
		}
		case Key::local: {
			auto ep = endpoint_after(w, k->name);
			if (!ep)
				return ep.error();
			cmd.rule.local = *ep;
			break;
		}
		case Key::expect: {
			auto ep = endpoint_after(w, k->name);
			if (!ep)
				return ep.error();
			cmd.rule.expect = *ep;
			break;
		}
		case Key::mismatch: {
			auto m = choice_after(w, k->name, mismatch_words);
			if (!m)
				return m.error();
			cmd.rule.mismatch = *m;
			break;
		}
		case Key::auth_fail: {
			auto drop = choice_after(w, k->name, auth_fail_words);
			if (!drop)
				return drop.error();
			cmd.rule.srtp_auth_drop = *drop;
			break;
		}
		case Key::output: {
			if (cmd.rule.outputs.size() >= rule_outputs_max)
				return usage("at most " + std::to_string(rule_outputs_max) + " outputs");
			auto o = parse_output(w, cmd.rule.outputs.size() + 1, encrypt_words.emplace_back());
			if (!o)
				return o.error();
			cmd.rule.outputs.push_back(*o);
			break;
		}
		case Key::rtp:
			cmd.rule.rtp = true;
			break;
		case Key::rate:
			cmd.rate = true;
			break;
		case Key::interval: {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			auto seconds = parse_interval(*v);
			if (!seconds)
				return seconds.error();
			cmd.interval = *seconds;
			break;
		}
		case Key::stun:
			cmd.rule.stun = true;
			break;
		case Key::dtls:
			cmd.rule.dtls = true;
			break;
		case Key::rtcp:
			cmd.rule.rtcp = true;
			break;
		case Key::blackhole:
			cmd.rule.blackhole = true;
			break;
		case Key::hand_up:
			cmd.rule.hand_up = true;
			break;
		case Key::record: {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			auto id = parse_recording_id(*v);
			if (!id)
				return id.error();
			cmd.rule.recording = *id;
			break;
		}
		case Key::ssrc: {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			auto ssrc = parse_ssrc(*v);
			if (!ssrc)
				return usage("invalid ssrc " + quote(*v) + " (1..8 hex digits)");
			auto &list = cmd.rule.expect_ssrcs;
			if (!list)
				list.emplace();
			for (std::uint32_t old : *list)
				if (old == *ssrc)
					return usage("duplicate ssrc " + quote(*v));
			if (list->size() >= rule_expect_ssrcs_max)
				return usage("at most " + std::to_string(rule_expect_ssrcs_max) + " ssrcs");
			list->push_back(*ssrc);
			break;
		}
		case Key::decrypt: {
			decrypt_word = k->name;
			auto srtp = parse_srtp(w, k->name, std::string(k->name));
			if (!srtp)
				return srtp.error();
			cmd.rule.decrypt = std::move(*srtp);
			break;
		}
		case Key::pt: {
			auto v = value_after(w, k->name);
			if (!v)
				return v.error();
			auto pt = parse_payload_type(*v);
			if (!pt)
				return pt.error();
			for (const PayloadType &old : cmd.rule.payload_types)
				if (old.type == pt->type)
					return usage("duplicate payload type in 'pt " + std::string(*v) + "'");
			if (cmd.rule.payload_types.size() >= rule_payload_types_max)
				return usage("at most " + std::to_string(rule_payload_types_max) +
					     " payload types");
			cmd.rule.payload_types.push_back(*pt);
			break;
		}
		}
	}
	// First: with a blackhole or a hand-up rule, "'pt' needs 'rtp'" would
	// point the wrong way.
	const unsigned no_outputs = bit(Key::blackhole) | bit(Key::hand_up);
	if (seen & no_outputs)
		if (auto r = check_no_outputs(seen, decrypt_word); !r)
			return r;
	if ((seen & bit(Key::pt)) && !(seen & bit(Key::rtp)))
		return usage("'pt' needs 'rtp'");
	if ((seen & bit(Key::ssrc)) && !(seen & bit(Key::rtp)))
		return usage("'ssrc' needs 'rtp'");
	const bool rtp_or_rtcp = seen & (bit(Key::rtp) | bit(Key::rtcp));
	if ((seen & bit(Key::decrypt)) && !rtp_or_rtcp)
		return usage(quote(decrypt_word) + " needs 'rtp' or 'rtcp'");
	for (std::size_t i = 0; i < cmd.rule.outputs.size(); ++i) {
		if (cmd.rule.outputs[i].encrypt && !rtp_or_rtcp)
			return usage("output " + std::to_string(i + 1) + ": " +
				     quote(encrypt_words[i]) + " needs 'rtp' or 'rtcp'");
		if (!cmd.rule.outputs[i].ssrc_map.empty() && !(seen & bit(Key::rtp)))
			return usage("output " + std::to_string(i + 1) + ": 'ssrc-map' needs 'rtp'");
		if (!cmd.rule.outputs[i].pt_replace.empty() && !(seen & bit(Key::rtp)))
			return usage("output " + std::to_string(i + 1) + ": 'pt-replace' needs 'rtp'");
	}
	if ((seen & bit(Key::interval)) && !(seen & bit(Key::rate)))
		return usage("'interval' needs 'rate'");
	// What each action needs, in the order a reader writes it; a blackhole
	// or a hand-up stands for the outputs.
	unsigned required = allowed & ~bit(Key::expect) & ~bit(Key::mismatch) & ~bit(Key::rtp) &
			    ~bit(Key::pt) & ~bit(Key::stun) & ~bit(Key::dtls) & ~bit(Key::ssrc) &
			    ~bit(Key::decrypt) & ~bit(Key::rtcp) & ~bit(Key::auth_fail) &
			    ~no_outputs & ~bit(Key::record);
	if (seen & no_outputs)
		required &= ~bit(Key::output);
	if (cmd.action == Action::list)
		return {};
	for (const KeyWord &k : rule_keys)
		if ((required & bit(k.value)) && !(seen & bit(k.value)))
			return usage("missing " + quote(k.name));
	if (cmd.action == Action::add || cmd.action == Action::replace ||
	    cmd.action == Action::change)
		return validate_rule(cmd.rule); // address families, which only the whole rule shows
	return {};
}

template <typename Actions>
Result<RuleCommand> parse_command(Args args, const Actions &actions, std::string_view object)
{
	RuleCommand cmd;
	if (args.empty())
		return cmd; // list
	const ActionWord *a = find_keyword(args[0], actions);
	if (!a)
		return usage("unknown " + std::string(object) + " command " + quote(args[0]) +
			     " (try 'rtpnl " + std::string(object) + " help')");
	cmd.action = a->value;
	Words w(args.subspan(1));
	if (auto r = parse_keywords(w, cmd); !r)
		return r.error();
	return cmd;
}

RuleMode mode_of(Action a)
{
	switch (a) {
	case Action::replace:
		return RuleMode::replace;
	case Action::change:
		return RuleMode::change;
	default:
		return RuleMode::add;
	}
}

// Reads and checks all of stdin before the kernel is contacted, so bad
// input changes nothing; then replaces the rules in one batch (a thousand
// per sendmsg()), every refusal reported with its rule, the others
// replaced all the same.
int restore(Context &ctx)
{
	// In blocks: a listing of a million rules is ~100 MB, and a character at
	// a time through std::cin's stdio buffer cost seconds of it.
	std::string text;
	std::array<char, 1 << 16> block;
	while (ctx.in.read(block.data(), block.size()) || ctx.in.gcount() > 0)
		text.append(block.data(), static_cast<std::size_t>(ctx.in.gcount()));
	if (ctx.in.bad())
		return ctx.failure("cannot read the standard input");
	// The requests are built as the rules are read: one copy of a million
	// rules in memory, not two.
	std::vector<RuleRequest> requests;
	requests.reserve(rules_capacity(text));
	if (auto r = rules_from_json(text, [&requests](Rule &&rule) {
		    requests.push_back({std::move(rule), RuleMode::replace});
	    });
	    !r)
		return ctx.usage_error(r.error().text());
	std::string().swap(text); // ~100 MB for a million rules, read
	if (requests.empty())
		return exit_ok;
	auto api = ctx.open_rule_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	std::vector<Result<void>> results;
	const auto r = (*api)->rule_batch(requests, results);
	const auto where = [&](std::size_t i) { return rule_label(i + 1, requests[i].rule); };
	return report_rule_batch(ctx.err, requests, results, r, where) ? exit_failure : exit_ok;
}

// Every rule of the table deleted in one batch (the kernel has no flush):
// librtpnl pipelines the RULE_DELs, and the kernel waits for one grace
// period for all of them, not one per rule. A rule deleted meanwhile by
// someone else is no failure. Every rule is tried; the first refusal is
// reported for all of them (a missing permission refuses each one alike).
int flush(Context &ctx, RuleApi &api, std::uint32_t table)
{
	auto list = api.rules(table);
	if (!list)
		return ctx.failure(table_error_text(list.error(), table));
	if (list->empty())
		return exit_ok;
	std::vector<RuleRequest> requests(list->size());
	for (std::size_t i = 0; i < requests.size(); ++i) {
		requests[i].rule.table = table;
		requests[i].rule.local = (*list)[i].local;
	}
	std::vector<Result<void>> results;
	const auto exchange = api.rule_batch(requests, results);
	std::size_t refused = 0, first = 0;
	for (std::size_t i = 0; i < results.size(); ++i) {
		const Result<void> &r = results[i];
		if (r || (r.error().errnum == ENOENT && r.error().origin == Error::Origin::kernel))
			continue;
		if (refused++ == 0)
			first = i;
	}
	if (!exchange)	// the requests it left unanswered may or may not be done
		return ctx.failure(exchange.error().text() + " (" + std::to_string(refused) +
				   " of " + std::to_string(requests.size()) +
				   " deletes refused or without an answer)");
	if (refused == 0)
		return exit_ok;
	std::string text = rule_error_text(results[first].error(), table, requests[first].rule.local);
	if (refused > 1)
		text += " (" + std::to_string(refused) + " of " + std::to_string(requests.size()) +
			" deletes refused)";
	return ctx.failure(text);
}

} // namespace

Result<RuleCommand> parse_rule_command(Args args) { return parse_command(args, rule_actions, "rule"); }

Result<RuleCommand> parse_rules_command(Args args)
{
	return parse_command(args, rules_actions, "rules");
}

std::optional<RuleRequest> parse_rule_request(Args args)
{
	auto cmd = parse_rule_command(args);
	if (!cmd)
		return std::nullopt;
	switch (cmd->action) {
	case Action::add:
	case Action::replace:
	case Action::change:
		return RuleRequest{std::move(cmd->rule), mode_of(cmd->action)};
	case Action::del:
		return RuleRequest{std::move(cmd->rule), std::nullopt};
	default:
		return std::nullopt;
	}
}

namespace {

// "rtpnl OBJECT ACTION ": the keywords the action takes.
void add_key_places(std::vector<GrammarPlace> &places, std::string_view object,
		    std::span<const ActionWord> actions)
{
	for (const ActionWord &a : actions) {
		GrammarPlace place{"rtpnl " + std::string(object) + " " + std::string(a.name) + " ", {}};
		for (const KeyWord &k : rule_keys)
			if (allowed_keys(a.value) & bit(k.value))
				place.keywords.emplace_back(k.name);
		if (!place.keywords.empty())
			places.push_back(std::move(place));
	}
}

std::vector<std::string> names_of(const auto &table)
{
	const auto names = keyword_names(table);
	return {names.begin(), names.end()};
}

} // namespace

void add_rule_grammar(std::vector<GrammarPlace> &places)
{
	places.push_back({"rtpnl rule ", names_of(rule_actions)});
	places.push_back({"rtpnl rules ", names_of(rules_actions)});
	add_key_places(places, "rule", rule_actions);
	add_key_places(places, "rules", rules_actions);
	places.push_back({"rtpnl rule add table 1 local 1.2.3.4:5 output ", names_of(output_keys)});
	places.push_back({"rtpnl rule add table 1 mismatch ", names_of(mismatch_words)});
	places.push_back({"rtpnl rule add table 1 auth-fail ", names_of(auth_fail_words)});
	std::vector<std::string> after_key = names_of(srtp_keys);
	after_key.emplace_back("UNAUTHENTICATED_SRTP");
	places.push_back({"rtpnl rule add table 1 rtp decrypt AES_CM_128_HMAC_SHA1_80 inline:K ",
			  after_key});
}

void print_rule_help(std::ostream &out)
{
	out << "Usage: rtpnl rule { add | replace | change } table ID local ENDPOINT\n"
	       "                  [ expect ENDPOINT ] [ mismatch MISMATCH ]\n"
	       "                  [ stun ] [ dtls ] [ rtcp ]\n"
	       "                  [ rtp [ pt PT ]... [ ssrc SSRC ]... ]\n"
	       "                  [ { decrypt | srtp } SRTP [ auth-fail { drop | pass } ] ]\n"
	       "                  [ record ID ] { OUTPUT [ OUTPUT ]... | blackhole | hand-up }\n"
	       "       rtpnl rule { del | delete | get } table ID local ENDPOINT\n"
	       "       rtpnl rules [ { list | show } [ table ID ] [ rate [ interval SECONDS ] ] ]\n"
	       "       rtpnl rules restore < FILE\n"
	       "       rtpnl rules flush table ID\n"
	       "       rtpnl rule { list | show } ...   (as rules list)\n"
	       "       rtpnl rule help\n"
	       "       rtpnl rules help\n"
	       "where  OUTPUT := output src ENDPOINT dst ENDPOINT [ tos TOS ]\n"
	       "                 [ { encrypt | srtp } SRTP ] [ ssrc-map FROM:TO ]...\n"
	       "                 [ pt-replace PT:HEX ]...  (1.."
	    << rule_outputs_max
	    << ")\n"
	       "       SRTP := SUITE { inline:BASE64[|LIFETIME][|MKI:LEN] | keyfile PATH }\n"
	       "               [ UNAUTHENTICATED_SRTP ] [ mki HEX ] [ roc SSRC:ROC ]...\n"
	       "               (needs rtp or rtcp)\n"
	       "       LIFETIME := { 2^N | PACKETS }  (1..2^"
	    << srtp_lifetime_log2_max
	    << ", not enforced)\n"
	       "       MKI:LEN := the MKI in decimal, LEN bytes (1.."
	    << srtp_mki_max
	    << ")\n"
	       "       SUITE := { AES_CM_128_HMAC_SHA1_80 | AES_CM_128_HMAC_SHA1_32 |\n"
	       "                  AES_192_CM_HMAC_SHA1_80 | AES_192_CM_HMAC_SHA1_32 |\n"
	       "                  AES_256_CM_HMAC_SHA1_80 | AES_256_CM_HMAC_SHA1_32 |\n"
	       "                  NULL_HMAC_SHA1_80 | NULL_HMAC_SHA1_32 |\n"
	       "                  AEAD_AES_128_GCM | AEAD_AES_256_GCM |\n"
	       "                  F8_128_HMAC_SHA1_80 | F8_128_HMAC_SHA1_32 }\n"
	       "       ENDPOINT := { IPV4:PORT | [IPV6]:PORT }\n"
	       "       MISMATCH := { ignore | drop | pass }  (default ignore)\n"
	       "       PT := TYPE[/CLOCK]  (TYPE 0..127, CLOCK in Hz; at most "
	    << rule_payload_types_max
	    << ")\n"
	       "       ID := 0.."
	    << table_id_max
	    << "   TOS := 0..255   SSRC := 1..8 hex digits (at most "
	    << rule_expect_ssrcs_max
	    << ")\n"
	       "stun, dtls: hand STUN / DTLS packets to the local socket. ssrc: forward\n"
	       "only RTP of the listed SSRCs, hand the others up (counted as errors).\n"
	       "rtcp: forward RTCP too (with rtp: rtcp-mux; without: an RTCP port, where\n"
	       "anything else goes up as an error); with SRTP, RTCP is SRTCP.\n"
	       "add fails if the local endpoint has a rule, replace creates or replaces,\n"
	       "change only replaces. -s adds statistics to get and list. restore reads\n"
	       "the JSON of 'rtpnl -j rules list' and replaces the rules in batches.\n"
	       "decrypt / encrypt: SRTP in / out; keys are write-only (lists show the suite,\n"
	       "MKI length and ROCs) and a command line is readable in /proc: prefer keyfile,\n"
	       "a file of mode 0600 holding the inline: line. srtp SUITE inline:... as SDP's\n"
	       "a=crypto writes it: decrypt on the rule, encrypt among an output's words.\n"
	       "UNAUTHENTICATED_SRTP (RFC 4568; AES_CM and F8 suites only): SRTP without a\n"
	       "tag, SRTCP still authenticated; a=crypto's other session parameters are\n"
	       "refused.\n"
	       "auth-fail drop: drop SRTP / SRTCP that fails authentication (counted in\n"
	       "srtp-auth-failed) instead of handing it up untouched (pass, the default).\n"
	       "blackhole, in place of the outputs: drop what stun, expect / mismatch and dtls\n"
	       "do not hand up (counted in blackholed, not an error); not with rtp, rtcp,\n"
	       "pt, ssrc, SRTP or auth-fail.\n"
	       "hand-up, in place of the outputs: forward nothing, hand what stun, expect /\n"
	       "mismatch and dtls leave to the local socket untouched (counted in\n"
	       "handed-up-other; mismatch drop still drops); not with blackhole, nor with\n"
	       "what blackhole refuses.\n"
	       "ssrc-map FROM:TO (with rtp; SSRCs, each FROM once, at most "
	    << output_ssrc_map_max
	    << " per output): RTP\n"
	       "of SSRC FROM leaves that output with SSRC TO, before its SRTP.\n"
	       "pt-replace PT:HEX (with rtp; PT 0..127, each once, at most "
	    << output_pt_replace_max
	    << " per output; HEX\n"
	       "1.."
	    << pt_pattern_max
	    << " bytes): RTP of payload type PT leaves that output with its payload\n"
	       "overwritten by HEX, repeated (silence: pt-replace 0:ff, pt-replace 8:d5).\n"
	       "record ID: a copy of every packet the rule forwards goes to the recorded\n"
	       "stream ID of the table (rtpnl recording add); not shown by showconf.\n"
	       "flush deletes every rule of the table. rate samples the counters twice,\n"
	       "SECONDS apart (default 1), and shows packets/s and bits/s (see rtpnl top).\n";
}

int run_rule_command(Context &ctx, const RuleCommand &cmd)
{
	if (cmd.action == Action::help) {
		print_rule_help(ctx.out);
		return exit_ok;
	}
	if (cmd.action == Action::restore)
		return restore(ctx);
	auto api = ctx.open_rule_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	RuleApi &rules = **api;
	Printer printer = ctx.printer();
	const int stats = ctx.options.stats;
	const Rule &rule = cmd.rule;

	switch (cmd.action) {
	case Action::add:
	case Action::replace:
	case Action::change: {
		const RuleMode mode = mode_of(cmd.action);
		if (auto r = rules.rule_add(rule, mode); !r)
			return ctx.failure(rule_error_text(r.error(), rule.table, rule.local,
							   mode != RuleMode::change));
		return exit_ok;
	}
	case Action::del:
		if (auto r = rules.rule_del(rule.table, rule.local); !r)
			return ctx.failure(rule_error_text(r.error(), rule.table, rule.local));
		return exit_ok;
	case Action::get: {
		auto got = rules.rule_get(rule.table, rule.local);
		if (!got)
			return ctx.failure(rule_error_text(got.error(), rule.table, rule.local));
		print_rule(printer, *got, stats);
		return exit_ok;
	}
	case Action::list: {
		if (cmd.rate)
			return show_rates(ctx, rules, cmd.table, cmd.interval, 1, false);
		auto list = rules.rules(cmd.table);
		if (!list)
			return ctx.failure(table_error_text(list.error(), cmd.table));
		print_rules(printer, *list, stats);
		return exit_ok;
	}
	case Action::flush:
		return flush(ctx, rules, rule.table);
	case Action::restore:
	case Action::help:
		break;
	}
	return exit_ok;
}

int cmd_rule(Context &ctx, Args args)
{
	auto cmd = parse_rule_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	return run_rule_command(ctx, *cmd);
}

int cmd_rules(Context &ctx, Args args)
{
	auto cmd = parse_rules_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	return run_rule_command(ctx, *cmd);
}

} // namespace rtpnl::cli
