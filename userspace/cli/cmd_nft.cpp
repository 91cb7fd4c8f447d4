// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl nft" (see cmd_nft.hpp).
#include "cmd_nft.hpp"

#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>

namespace rtpnl::cli {

namespace {

using Action = NftCommand::Action;

using ActionWord = Keyword<Action>;

// Order decides prefix ties: "d" is delete, "s" is save.
constexpr std::array<ActionWord, 7> actions{{
	{"add", Action::add},
	{"insert", Action::insert},
	{"list", Action::list},
	{"delete", Action::del},
	{"save", Action::save},
	{"show", Action::list},
	{"help", Action::help},
}};

// Where the expression module shows up once loaded: tells a missing module
// from a missing rtpfwd table, both ENOENT.
constexpr const char *expression_module = "/sys/module/nft_rtpengine";

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

Error bad_family(std::string_view word)
{
	return usage("unsupported family '" + std::string(word) + "' (supported: " +
		     std::string(nft::supported_families) + ")");
}

std::string chain_name(const nft::Rule &rule)
{
	return std::string(nft::family_name(rule.family)) + " " + rule.table + " " + rule.chain;
}

// A word the shell passes through unchanged, quoted when it would not.
std::string shell_word(const std::string &word)
{
	const bool plain = !word.empty() &&
			   word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						  "0123456789_-./:") == std::string::npos;
	if (plain)
		return word;
	std::string quoted = "'";
	for (char c : word)
		quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return quoted + "'";
}

Result<NftCommand> parse_list(Args args)
{
	NftCommand cmd{Action::list, {}, {}, 0};
	if (args.size() > 3)
		return usage("unexpected argument '" + std::string(args[3]) + "'");
	if (!args.empty()) {
		cmd.filter.family = nft::parse_family(args[0]);
		if (!cmd.filter.family)
			return bad_family(args[0]);
	}
	if (args.size() > 1)
		cmd.filter.table = std::string(args[1]);
	if (args.size() > 2)
		cmd.filter.chain = std::string(args[2]);
	return cmd;
}

Result<NftCommand> parse_delete(Args args)
{
	// FAMILY TABLE CHAIN handle H
	if (args.size() != 5 || args[3] != "handle")
		return usage("expected 'delete rule FAMILY TABLE CHAIN handle H'");
	NftCommand cmd{Action::del, {}, {}, 0};
	const auto family = nft::parse_family(args[0]);
	if (!family)
		return bad_family(args[0]);
	cmd.rule.family = *family;
	cmd.rule.table = std::string(args[1]);
	cmd.rule.chain = std::string(args[2]);
	const std::string_view h = args[4];
	auto [ptr, ec] = std::from_chars(h.data(), h.data() + h.size(), cmd.handle);
	if (h.empty() || ptr != h.data() + h.size() || ec != std::errc{})
		return usage("invalid handle '" + std::string(h) + "'");
	return cmd;
}

void print_rule_json(Printer &p, const nft::Rule &rule)
{
	p.begin_record();
	p.field("family", "", nft::family_name(rule.family));
	p.field("table", "", rule.table);
	p.field("chain", "", rule.chain);
	p.field("handle", "", rule.handle.value_or(0));
	p.field("index", "", rule.index);
	p.field("expr", "", nft::format_items(rule));
	if (const nft::Rtpengine *r = rule.rtpengine()) {
		p.begin_group("rtpengine", "");
		p.field("id", "", std::uint64_t{r->table});
		if (r->create)
			p.flag("create", "");
		if (r->exclusive)
			p.flag("exclusive", "");
		p.end_group();
	}
	p.end_record();
}

} // namespace

Result<NftCommand> parse_nft_command(Args args)
{
	if (args.empty())
		return NftCommand{Action::list, {}, {}, 0};
	const ActionWord *a = find_keyword(args[0], actions);
	if (!a)
		return usage("unknown nft command '" + std::string(args[0]) +
			     "' (try 'rtpnl nft help')");
	args = args.subspan(1);
	switch (a->value) {
	case Action::list:
		return parse_list(args);
	case Action::save:
	case Action::help:
		if (!args.empty())
			return usage("unexpected argument '" + std::string(args[0]) + "'");
		return NftCommand{a->value, {}, {}, 0};
	case Action::add:
	case Action::insert:
	case Action::del:
		break;
	}
	if (args.empty() || !matches(args[0], "rule"))
		return usage("expected 'rule' after '" + std::string(a->name) + "'");
	args = args.subspan(1);
	if (a->value == Action::del)
		return parse_delete(args);
	auto rule = nft::parse_rule(args);
	if (!rule)
		return rule.error();
	return NftCommand{a->value, std::move(*rule), {}, 0};
}

std::string nft_add_error_text(const nft::NftClient::AddError &error, const nft::Rule &rule,
			       bool expression_loaded)
{
	using Missing = nft::NftClient::Missing;
	const nft::Rtpengine *r = rule.rtpengine();
	const std::string id = r ? std::to_string(r->table) : "?";
	const std::string family(nft::family_name(rule.family));
	if (error.missing == Missing::table)
		return "table " + family + " " + rule.table + " does not exist (nft add table " +
		       family + " " + rule.table + ")";
	if (error.missing == Missing::chain)
		return "chain " + chain_name(rule) + " does not exist (nft add chain " +
		       chain_name(rule) +
		       (rule.family == nft::Family::netdev
				? " '{ type filter hook ingress device DEVICE priority 0; }')"
				: " '{ type filter hook input priority 0; }')");
	if (error.missing == Missing::index)
		return "chain " + chain_name(rule) + " has no rule at index " +
		       std::to_string(rule.index.value_or(0));
	if (!error.error.message.empty())
		return error.error.message;
	switch (error.error.errnum) {
	case ERANGE:
		return "table id " + id + " out of range (0..63)";
	case ENOENT:
		if (!expression_loaded)
			return "the kernel has no nftables expression 'rtpengine' "
			       "(is nft_rtpengine.ko installed?)";
		return "no rtpfwd table " + id + " (rtpnl table add " + id +
		       ", or add 'create' to the rule)";
	case EEXIST:
		return "rtpfwd table " + id + " exists (the rule says 'exclusive')";
	case EOPNOTSUPP:
		if (rule.family == nft::Family::netdev)
			return "'rtpengine' is only allowed in netdev chains of type filter on the "
			       "ingress hook (with an nft_rtpengine.ko that knows netdev); " +
			       chain_name(rule) + " is not one or is reached from one that is not";
		return std::string("'rtpengine' is only allowed in chains of type filter on the ") +
		       (rule.family == nft::Family::inet ? "input, prerouting or ingress hook; "
							 : "input or prerouting hook; ") +
		       chain_name(rule) + " is not one or is reached from one that is not";
	default:
		return error.error.text();
	}
}

bool nft_expression_loaded() { return ::access(expression_module, F_OK) == 0; }

std::string nft_delete_error_text(const Error &error, const NftCommand &cmd)
{
	if (error.errnum == ENOENT && error.message.empty())
		return "no rule with handle " + std::to_string(cmd.handle) + " in chain " +
		       chain_name(cmd.rule);
	return error.text();
}

void print_nft_rules(Printer &printer, std::ostream &out, std::span<const nft::Rule> rules)
{
	if (printer.format() == Printer::Format::json) {
		printer.begin_list();
		for (const nft::Rule &rule : rules)
			print_rule_json(printer, rule);
		printer.end_list();
		return;
	}
	for (const nft::Rule &rule : rules)
		out << chain_name(rule) << ' ' << nft::format_items(rule) << " # handle "
		    << rule.handle.value_or(0) << '\n';
}

void print_nft_save(std::ostream &out, std::span<const nft::Rule> rules)
{
	out << "# rtpnl nft save: the nftables rules with the rtpengine expression.\n"
	       "# Restore with sh after nft -f has restored the tables, chains and\n"
	       "# other rules: each rule goes back to its place in its chain.\n";
	for (const nft::Rule &rule : rules) {
		if (!rule.savable()) {
			out << "# not saved, holds expressions rtpnl cannot write: "
			    << chain_name(rule) << ' ' << nft::format_items(rule) << " # handle "
			    << rule.handle.value_or(0) << '\n';
			continue;
		}
		// Back in its place once "nft -f" restored the other rules: after
		// the rule before it, or first.
		const std::uint32_t index = rule.index.value_or(0);
		out << "rtpnl nft " << (index ? "add" : "insert") << " rule "
		    << nft::family_name(rule.family) << ' ' << shell_word(rule.table) << ' '
		    << shell_word(rule.chain) << ' ';
		if (index)
			out << "index " << index - 1 << ' ';
		out << nft::format_items(rule, true) << '\n';
	}
}

void print_nft_help(std::ostream &out)
{
	out << "Usage: rtpnl nft { add | insert } rule FAMILY TABLE CHAIN [ index N ] [ MATCH ... ]\n"
	       "                 rtpengine id ID [ create ] [ exclusive ]\n"
	       "       rtpnl nft delete rule FAMILY TABLE CHAIN handle HANDLE\n"
	       "       rtpnl nft [ { list | show } [ FAMILY [ TABLE [ CHAIN ] ] ] ]\n"
	       "       rtpnl nft save\n"
	       "       rtpnl nft help\n"
	       "where  FAMILY := { inet | ip | ip6 | netdev }\n"
	       "       MATCH := { "
	    << nft::supported_matches << " }\n";
}

void add_nft_grammar(std::vector<GrammarPlace> &places)
{
	const auto names = keyword_names(actions);
	places.push_back({"rtpnl nft ", {names.begin(), names.end()}});
	std::vector<std::string> families;
	for (nft::Family f : nft::families)
		families.emplace_back(nft::family_name(f));
	for (const ActionWord &a : actions) {
		if (a.value == Action::add || a.value == Action::insert || a.value == Action::del) {
			places.push_back({"rtpnl nft " + std::string(a.name) + " ", {"rule"}});
			places.push_back({"rtpnl nft " + std::string(a.name) + " rule ", families});
		} else if (a.value == Action::list) {
			places.push_back({"rtpnl nft " + std::string(a.name) + " ", families});
		}
	}
}

int cmd_nft(Context &ctx, Args args)
{
	auto cmd = parse_nft_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	if (cmd->action == Action::help) {
		print_nft_help(ctx.out);
		return exit_ok;
	}
	auto client = nft::NftClient::open();
	if (!client)
		return ctx.failure(client.error().text());

	switch (cmd->action) {
	case Action::add:
	case Action::insert:
		if (auto err = client->add_rule(cmd->rule, cmd->action == Action::add))
			return ctx.failure(nft_add_error_text(
				*err, cmd->rule, nft_expression_loaded()));
		return exit_ok;
	case Action::del:
		if (auto r = client->delete_rule(cmd->rule.family, cmd->rule.table, cmd->rule.chain,
						 cmd->handle);
		    !r)
			return ctx.failure(nft_delete_error_text(r.error(), *cmd));
		return exit_ok;
	case Action::list:
	case Action::save: {
		auto rules = client->list_rules(cmd->filter);
		if (!rules)
			return ctx.failure(rules.error().text());
		if (cmd->action == Action::save) {
			print_nft_save(ctx.out, *rules);
		} else {
			Printer printer = ctx.printer();
			print_nft_rules(printer, ctx.out, *rules);
		}
		return exit_ok;
	}
	case Action::help:
		break;
	}
	return exit_ok;
}

} // namespace rtpnl::cli
