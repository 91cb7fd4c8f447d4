// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl showconf" and "rtpnl syncconf" (see cmd_conf.hpp).
#include "cmd_conf.hpp"

#include "cmd_nft.hpp"
#include "cmd_table.hpp"
#include "conf.hpp"
#include "error_text.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"

#include "rtpnl/nft_client.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace rtpnl::cli {

namespace {

constexpr std::array<std::string_view, 2> showconf_words{"table", "help"};
constexpr std::string_view dry_run = "dry-run";

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

void print_conf_help(std::ostream &out)
{
	out << "Usage: rtpnl showconf [ table ID ]\n"
	       "       rtpnl [ -s ] syncconf [ dry-run ] FILE\n"
	       "       rtpnl showconf help\n"
	       "showconf prints tables, rules and rtpnl's nft rules as a file; syncconf FILE\n"
	       "(\"-\": standard input) makes such a file true, changing only what differs,\n"
	       "in the tables the file names. dry-run prints the commands instead.\n";
}

// NftRuleApi on the kernel.
class KernelNft final : public NftRuleApi {
public:
	explicit KernelNft(nft::NftClient client) : client_(std::move(client)) {}

	Result<std::vector<nft::Rule>> rules() override { return client_.list_rules({}); }
	std::optional<nft::NftClient::AddError> add(const nft::Rule &rule) override
	{
		return client_.add_rule(rule, true);
	}
	Result<void> del(const nft::Rule &rule) override
	{
		return client_.delete_rule(rule.family, rule.table, rule.chain,
					   rule.handle.value_or(0));
	}

private:
	nft::NftClient client_;
};

Result<std::unique_ptr<NftRuleApi>> open_kernel_nft()
{
	auto client = nft::NftClient::open();
	if (!client)
		return client.error();
	return std::unique_ptr<NftRuleApi>(std::make_unique<KernelNft>(std::move(*client)));
}

// What showconf and syncconf talk to: rtpfwd and nftables.
struct Kernel {
	std::unique_ptr<TableApi> tables;
	std::unique_ptr<RuleApi> rules;
	std::unique_ptr<NftRuleApi> nft;
};

Result<Kernel> open_kernel(Context &ctx, const NftRuleApiFactory &open_nft)
{
	Kernel k;
	auto tables = ctx.open_table_api();
	if (!tables)
		return Error::local(tables.error().errnum,
				    table_error_text(tables.error(), std::nullopt));
	k.tables = std::move(*tables);
	auto rules = ctx.open_rule_api();
	if (!rules)
		return Error::local(rules.error().errnum,
				    table_error_text(rules.error(), std::nullopt));
	k.rules = std::move(*rules);
	auto nft = open_nft();
	if (!nft)
		return nft.error();
	k.nft = std::move(*nft);
	return k;
}

// The state of the tables in `wanted` (every table when absent).
Result<Conf> read_state(Kernel &k, const std::optional<std::vector<std::uint32_t>> &wanted)
{
	Conf have;
	auto tables = k.tables->tables();
	if (!tables)
		return Error::local(tables.error().errnum,
				    table_error_text(tables.error(), std::nullopt));
	for (const Table &t : *tables)
		have.tables.push_back(t.id);
	std::sort(have.tables.begin(), have.tables.end());
	for (std::uint32_t id : have.tables) {
		if (wanted && !std::binary_search(wanted->begin(), wanted->end(), id))
			continue;
		auto rules = k.rules->rules(id);
		if (!rules)
			return Error::local(rules.error().errnum,
					    table_error_text(rules.error(), id));
		have.rules.insert(have.rules.end(), rules->begin(), rules->end());
	}
	auto nft_rules = k.nft->rules();
	if (!nft_rules)
		return Error::local(nft_rules.error().errnum,
				    "nftables: " + nft_rules.error().text());
	have.nft_rules = std::move(*nft_rules);
	return have;
}

// Runs the plan in print_plan()'s order; the first refusal stops it.
Result<void> apply(Kernel &k, const Plan &plan)
{
	const auto fail = [](const std::string &what, const std::string &reason) {
		return Error::local(EIO, what + ": " + reason);
	};
	for (std::uint32_t id : plan.add_tables)
		if (auto r = k.tables->table_add(id); !r)
			return fail("table add " + std::to_string(id), table_error_text(r.error(), id));
	const auto put = [&](const Rule &rule, RuleMode mode) -> Result<void> {
		if (auto r = k.rules->rule_add(rule, mode); !r)
			return fail(mode == RuleMode::add ? "rule add" : "rule replace",
				    rule_error_text(r.error(), rule.table, rule.local, true));
		return {};
	};
	for (const Rule &rule : plan.add_rules)
		if (auto r = put(rule, RuleMode::add); !r)
			return r;
	for (const Rule &rule : plan.replace_rules)
		if (auto r = put(rule, RuleMode::replace); !r)
			return r;
	for (const Rule &rule : plan.delete_rules)
		if (auto r = k.rules->rule_del(rule.table, rule.local); !r && r.error().errnum != ENOENT)
			return fail("rule del", rule_error_text(r.error(), rule.table, rule.local));
	for (const nft::Rule &rule : plan.add_nft_rules)
		if (auto err = k.nft->add(rule))
			return fail("nft add rule",
				    nft_add_error_text(*err, rule, nft_expression_loaded()));
	for (const nft::Rule &rule : plan.delete_nft_rules) {
		if (auto r = k.nft->del(rule); !r) {
			const NftCommand cmd{NftCommand::Action::del, rule, {}, rule.handle.value_or(0)};
			return fail("nft delete rule", nft_delete_error_text(r.error(), cmd));
		}
	}
	return {};
}

} // namespace

Result<ShowconfCommand> parse_showconf_command(Args args)
{
	ShowconfCommand cmd;
	const std::string_view word = args.empty() ? "" : find_word(args[0], showconf_words);
	if (word == "help") {
		cmd.help = true;
		args = args.subspan(1);
	} else if (word == "table") {
		if (args.size() < 2)
			return usage("missing value after 'table'");
		auto id = parse_table_id(args[1]);
		if (!id)
			return id.error();
		cmd.table = *id;
		args = args.subspan(2);
	}
	if (!args.empty())
		return usage("unknown argument '" + std::string(args[0]) + "'");
	return cmd;
}

Result<SyncconfCommand> parse_syncconf_command(Args args)
{
	SyncconfCommand cmd;
	if (args.size() == 1 && matches(args[0], "help")) {
		cmd.help = true;
		return cmd;
	}
	if (!args.empty() && args[0] == dry_run) {
		cmd.dry_run = true;
		args = args.subspan(1);
	}
	if (args.empty())
		return usage("missing FILE (\"-\" for the standard input)");
	if (args.size() > 1)
		return usage("unknown argument '" + std::string(args[1]) + "'");
	cmd.file = args[0];
	return cmd;
}

void add_conf_grammar(std::vector<GrammarPlace> &places)
{
	places.push_back({"rtpnl showconf ", {showconf_words.begin(), showconf_words.end()}});
	places.push_back({"rtpnl syncconf ", {std::string(dry_run), "help"}});
}

int cmd_showconf(Context &ctx, Args args)
{
	auto cmd = parse_showconf_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	return run_showconf(ctx, *cmd, open_kernel_nft);
}

int cmd_syncconf(Context &ctx, Args args)
{
	auto cmd = parse_syncconf_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	return run_syncconf(ctx, *cmd, open_kernel_nft);
}

int run_showconf(Context &ctx, const ShowconfCommand &cmd, const NftRuleApiFactory &open_nft)
{
	if (cmd.help) {
		print_conf_help(ctx.out);
		return exit_ok;
	}
	auto kernel = open_kernel(ctx, open_nft);
	if (!kernel)
		return ctx.failure(kernel.error().text());
	std::optional<std::vector<std::uint32_t>> wanted;
	if (cmd.table)
		wanted.emplace(1, *cmd.table);
	auto have = read_state(*kernel, wanted);
	if (!have)
		return ctx.failure(have.error().text());
	if (cmd.table) {
		if (!std::binary_search(have->tables.begin(), have->tables.end(), *cmd.table))
			return ctx.failure("table " + std::to_string(*cmd.table) + " does not exist");
		have->tables = *wanted;
	}
	write_conf(ctx.out, *have);
	return exit_ok;
}

int run_syncconf(Context &ctx, const SyncconfCommand &cmd, const NftRuleApiFactory &open_nft)
{
	if (cmd.help) {
		print_conf_help(ctx.out);
		return exit_ok;
	}
	// The whole file is read and checked before the kernel is asked anything.
	const auto read_file = [&]() -> Result<Conf> {
		if (cmd.file == "-")
			return parse_conf(ctx.in, cmd.file);
		std::ifstream file(cmd.file);
		if (!file) {
			const int err = errno;
			return Error::local(err ? err : EIO,
					    "cannot open '" + cmd.file + "': " + std::strerror(err));
		}
		return parse_conf(file, cmd.file);
	};
	auto want = read_file();
	// EINVAL: the file's fault (a usage error); anything else: the system's.
	if (!want)
		return want.error().errnum == EINVAL ? ctx.usage_error(want.error().text())
						     : ctx.failure(want.error().text());
	auto kernel = open_kernel(ctx, open_nft);
	if (!kernel)
		return ctx.failure(kernel.error().text());
	auto have = read_state(*kernel, want->tables);
	if (!have)
		return ctx.failure(have.error().text());
	const Plan plan = plan_sync(*want, *have);
	if (cmd.dry_run)
		print_plan(ctx.out, plan);
	else if (auto r = apply(*kernel, plan); !r)
		return ctx.failure(r.error().text());
	if (ctx.options.stats > 0)
		ctx.out << (cmd.dry_run ? "would change: " : "changed: ") << plan_summary(plan)
			<< '\n';
	return exit_ok;
}

} // namespace rtpnl::cli
