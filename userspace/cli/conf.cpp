// SPDX-License-Identifier: LGPL-2.1-or-later
// showconf / syncconf files and plans (see conf.hpp).
#include "conf.hpp"

#include "batch.hpp"
#include "cmd_nft.hpp"
#include "cmd_rule.hpp"
#include "cmd_table.hpp"
#include "keyword.hpp"
#include "printer.hpp"
#include "rule_print.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <sstream>
#include <tuple>

namespace rtpnl::cli {

namespace {

Error bad(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

// What identifies a rule in the kernel, ordered: table, then endpoint.
using RuleKey = std::tuple<std::uint32_t, Endpoint::Family, std::array<std::uint8_t, 16>,
			   std::uint16_t>;

RuleKey key_of(const Rule &rule)
{
	return {rule.table, rule.local.family, rule.local.addr, rule.local.port};
}

bool rule_before(const Rule &a, const Rule &b) { return key_of(a) < key_of(b); }

// The rules by key: tables of 100,000 rules are compared in n log n.
std::map<RuleKey, const Rule *> by_key(const std::vector<Rule> &rules)
{
	std::map<RuleKey, const Rule *> keyed;
	for (const Rule &rule : rules)
		keyed.emplace(key_of(rule), &rule);
	return keyed;
}

bool contains(const std::vector<std::uint32_t> &sorted, std::uint32_t id)
{
	return std::binary_search(sorted.begin(), sorted.end(), id);
}

// A word split_batch_line() gives back unchanged.
std::string batch_word(const std::string &word)
{
	const bool plain = !word.empty() && word[0] != '#' &&
			   word.find_first_of(" \t\r\"'") == std::string::npos;
	if (plain)
		return word;
	const char quote = word.find('"') == std::string::npos ? '"' : '\'';
	return quote + word + quote;
}

// "inet filter input udp dport 5000 rtpengine id 42": what tells two nft
// rules apart for syncconf (not the handle, not the place in the chain).
std::string nft_words(const nft::Rule &rule)
{
	return std::string(nft::family_name(rule.family)) + ' ' + batch_word(rule.table) + ' ' +
	       batch_word(rule.chain) + ' ' + nft::format_items(rule, true);
}

std::string rule_words(const Rule &rule)
{
	std::ostringstream text;
	Printer printer(text, Printer::Format::text);
	print_rule(printer, rule, false);
	std::string words = text.str();
	if (!words.empty() && words.back() == '\n')
		words.pop_back();
	return words;
}

// What of a rule is configuration: not the recorded stream it records
// into, which is the running kernel's (made for a call, named by an id the
// kernel gave it).
Rule configured(Rule rule)
{
	rule.recording.reset();
	return rule;
}

bool has_srtp(const Rule &rule)
{
	return rule.decrypt || std::any_of(rule.outputs.begin(), rule.outputs.end(),
					   [](const Output &o) { return o.encrypt.has_value(); });
}

std::string rule_name(const Rule &rule)
{
	return "table " + std::to_string(rule.table) + " local " + format_endpoint(rule.local);
}

void insert_table(std::vector<std::uint32_t> &tables, std::uint32_t id)
{
	const auto at = std::lower_bound(tables.begin(), tables.end(), id);
	if (at == tables.end() || *at != id)
		tables.insert(at, id);
}

using Object = Keyword<int>;
enum { object_table, object_rule, object_nft };
// Spelled out in the error, so a file says what it may hold.
constexpr std::string_view allowed_lines =
	"table ensure, rule replace and nft add rule lines";
constexpr std::array<Object, 3> objects{{
	{"table", object_table},
	{"rule", object_rule},
	{"nft", object_nft},
}};

// One line's words into conf; `lines` maps each rule key to its line.
Result<void> parse_line(Args words, Conf &conf, std::map<std::string, std::size_t> &lines,
			std::size_t number)
{
	const Object *object = find_keyword(words[0], objects);
	const Args rest = words.subspan(1);
	if (object && object->value == object_table) {
		auto cmd = parse_table_command(rest);
		if (!cmd)
			return cmd.error();
		if (cmd->action != TableCommand::Action::add &&
		    cmd->action != TableCommand::Action::ensure)
			return bad("only " + std::string(allowed_lines) + " belong in a config file");
		insert_table(conf.tables, cmd->id);
		return {};
	}
	if (object && object->value == object_rule) {
		auto cmd = parse_rule_command(rest);
		if (!cmd)
			return cmd.error();
		if (cmd->action != RuleCommand::Action::add &&
		    cmd->action != RuleCommand::Action::replace)
			return bad("only " + std::string(allowed_lines) + " belong in a config file");
		if (cmd->rule.recording)
			return bad("'record' does not belong in a config file: recorded streams are "
				   "the running kernel's (syncconf keeps a rule's)");
		const std::string key = rule_name(cmd->rule);
		if (auto [it, fresh] = lines.emplace(key, number); !fresh)
			return bad("a second rule for " + key + " (first on line " +
				   std::to_string(it->second) + ")");
		insert_table(conf.tables, cmd->rule.table);
		conf.rules.push_back(std::move(cmd->rule));
		return {};
	}
	if (object && object->value == object_nft) {
		auto cmd = parse_nft_command(rest);
		if (!cmd)
			return cmd.error();
		if (cmd->action != NftCommand::Action::add &&
		    cmd->action != NftCommand::Action::insert)
			return bad("only " + std::string(allowed_lines) + " belong in a config file");
		if (cmd->rule.index)
			return bad("'index' has no meaning here: syncconf appends the nft rules it "
				   "adds");
		// parse_rule() insists on the expression.
		insert_table(conf.tables, cmd->rule.rtpengine()->table);
		conf.nft_rules.push_back(std::move(cmd->rule));
		return {};
	}
	return bad("unknown object '" + std::string(words[0]) + "' (a config file has " +
		   std::string(allowed_lines) + ")");
}

} // namespace

void write_conf(std::ostream &out, const Conf &conf)
{
	out << "# rtpnl showconf: make it so with 'rtpnl syncconf FILE'\n";
	std::vector<Rule> rules = conf.rules;
	std::sort(rules.begin(), rules.end(), rule_before);
	for (std::uint32_t table : conf.tables) {
		out << "table ensure " << table << '\n';
		for (const Rule &rule : rules)
			if (rule.table == table) {
				if (has_srtp(rule))
					out << "# SRTP keys are write-only: give each decrypt / encrypt its key\n"
					       "# (SUITE inline:BASE64 or SUITE keyfile PATH) before syncconf\n";
				out << "rule replace " << rule_words(configured(rule)) << '\n';
			}
		for (const nft::Rule &rule : conf.nft_rules) {
			const nft::Rtpengine *r = rule.rtpengine();
			if (!r || r->table != table)
				continue;
			if (rule.savable())
				out << "nft add rule " << nft_words(rule) << '\n';
			else
				out << "# not managed, holds expressions rtpnl cannot write: "
				    << nft_words(rule) << '\n';
		}
	}
}

Result<Conf> parse_conf(std::istream &in, std::string_view name)
{
	Conf conf;
	std::map<std::string, std::size_t> lines;
	std::size_t number = 0;
	for (std::string line; std::getline(in, line);) {
		++number;
		const std::string where = std::string(name) + ":" + std::to_string(number) + ": ";
		auto words = split_batch_line(line);
		const LineWiper wiper{line, words ? &*words : nullptr};
		if (!words)
			return bad(where + words.error().text());
		if (words->empty())
			continue;
		const std::vector<std::string_view> args(words->begin(), words->end());
		if (auto r = parse_line(args, conf, lines, number); !r)
			return bad(where + r.error().text());
	}
	if (in.bad())
		return Error::local(EIO, "cannot read " + std::string(name));
	return conf;
}

bool same_rule(const Rule &a, const Rule &b)
{
	const auto normal = [](Rule r) {
		r = configured(std::move(r));
		r.stats.reset();
		for (Output &o : r.outputs)
			if (o.tos == 0)
				o.tos.reset();
		if (r.expect_ssrcs && r.expect_ssrcs->empty())
			r.expect_ssrcs.reset();
		return r;
	};
	return normal(a) == normal(b);
}

bool Plan::empty() const
{
	return add_tables.empty() && add_rules.empty() && replace_rules.empty() &&
	       delete_rules.empty() && delete_nft_rules.empty() && add_nft_rules.empty();
}

Plan plan_sync(const Conf &want, const Conf &have)
{
	Plan plan;
	for (std::uint32_t table : want.tables)
		if (!contains(have.tables, table))
			plan.add_tables.push_back(table);
	const auto wanted = by_key(want.rules);
	const auto existing = by_key(have.rules);
	for (const Rule &rule : want.rules) {
		const auto old = existing.find(key_of(rule));
		if (old == existing.end()) {
			plan.add_rules.push_back(rule);
		} else if (!same_rule(*old->second, rule)) {
			// It records on into the stream it recorded into.
			plan.replace_rules.push_back(rule);
			plan.replace_rules.back().recording = old->second->recording;
		}
	}
	for (const Rule &rule : have.rules)
		if (contains(want.tables, rule.table) && !wanted.contains(key_of(rule)))
			plan.delete_rules.push_back(rule);
	std::sort(plan.add_rules.begin(), plan.add_rules.end(), rule_before);
	std::sort(plan.replace_rules.begin(), plan.replace_rules.end(), rule_before);
	std::sort(plan.delete_rules.begin(), plan.delete_rules.end(), rule_before);

	// nft rules as a multiset of their words: each kernel rule the file
	// has is matched once, the rest go.
	std::vector<bool> matched(want.nft_rules.size(), false);
	for (const nft::Rule &rule : have.nft_rules) {
		const nft::Rtpengine *r = rule.rtpengine();
		if (!r || !contains(want.tables, r->table) || !rule.savable())
			continue;
		const std::string words = nft_words(rule);
		bool kept = false;
		for (std::size_t i = 0; i < want.nft_rules.size() && !kept; ++i)
			if (!matched[i] && nft_words(want.nft_rules[i]) == words)
				kept = matched[i] = true;
		if (!kept)
			plan.delete_nft_rules.push_back(rule);
	}
	for (std::size_t i = 0; i < want.nft_rules.size(); ++i)
		if (!matched[i])
			plan.add_nft_rules.push_back(want.nft_rules[i]);
	return plan;
}

void print_plan(std::ostream &out, const Plan &plan)
{
	for (std::uint32_t table : plan.add_tables)
		out << "table add " << table << '\n';
	for (const Rule &rule : plan.add_rules)
		out << "rule add " << rule_words(rule) << '\n';
	for (const Rule &rule : plan.replace_rules)
		out << "rule replace " << rule_words(rule) << '\n';
	for (const Rule &rule : plan.delete_rules)
		out << "rule del " << rule_name(rule) << '\n';
	for (const nft::Rule &rule : plan.add_nft_rules)
		out << "nft add rule " << nft_words(rule) << '\n';
	for (const nft::Rule &rule : plan.delete_nft_rules)
		out << "nft delete rule " << nft::family_name(rule.family) << ' '
		    << batch_word(rule.table) << ' ' << batch_word(rule.chain) << " handle "
		    << rule.handle.value_or(0) << '\n';
}

std::string plan_summary(const Plan &plan)
{
	const auto n = [](const auto &v) { return std::to_string(v.size()); };
	return "tables " + n(plan.add_tables) + " added, rules " + n(plan.add_rules) +
	       " added " + n(plan.replace_rules) + " replaced " + n(plan.delete_rules) +
	       " deleted, nft rules " + n(plan.add_nft_rules) + " added " +
	       n(plan.delete_nft_rules) + " deleted";
}

} // namespace rtpnl::cli
