// SPDX-License-Identifier: LGPL-2.1-or-later
// showconf and syncconf end to end against fakes of rtpfwd and nftables:
// the round trip makes no change, a changed file makes exactly the plan's
// calls, dry-run none, -s a summary, a refusal stops with the command named.
#include "fake_rule_api.hpp"
#include "fake_table_api.hpp"

#include "cmd_conf.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

struct FakeNft final : NftRuleApi {
	std::vector<nft::Rule> list;
	std::vector<std::string> calls;

	Result<std::vector<nft::Rule>> rules() override
	{
		calls.push_back("list");
		return list;
	}
	std::optional<nft::NftClient::AddError> add(const nft::Rule &rule) override
	{
		calls.push_back("add " + nft::format_items(rule));
		return std::nullopt;
	}
	Result<void> del(const nft::Rule &rule) override
	{
		calls.push_back("del " + std::to_string(rule.handle.value_or(0)));
		return {};
	}
};

struct ForwardingNft final : NftRuleApi {
	explicit ForwardingNft(NftRuleApi &target) : to(target) {}
	NftRuleApi &to;
	Result<std::vector<nft::Rule>> rules() override { return to.rules(); }
	std::optional<nft::NftClient::AddError> add(const nft::Rule &r) override { return to.add(r); }
	Result<void> del(const nft::Rule &r) override { return to.del(r); }
};

// The fakes, set up as a kernel with table 42, one rule and one nft rule.
struct Kernel {
	FakeTableApi tables;
	FakeRuleApi rules;
	FakeNft nft;

	Kernel()
	{
		tables.list = {Table{42, 1u, 0u, 0u}};
		Rule rule;
		rule.table = 42;
		rule.local = *parse_endpoint("10.0.0.1:1000");
		rule.outputs = {{*parse_endpoint("10.0.0.1:1002"), *parse_endpoint("10.0.0.2:6000"), 0}};
		rule.stats = RuleStats{139, 144004, 0};
		rules.list = {rule};
		const std::vector<std::string_view> words{"inet", "filter", "input", "udp", "dport",
							  "30000-40000", "rtpengine", "id", "42"};
		nft.list = {*nft::parse_rule(words)};
		nft.list[0].handle = 7;
	}
};

struct Outcome {
	int status = -1;
	std::string out;
	std::string err;
};

// syncconf of file_text (sync), or showconf [ table show_table ].
Outcome run_conf(Kernel &k, bool sync, const std::string &file_text, bool dry_run = false,
		 int stats = 0, std::optional<std::uint32_t> show_table = std::nullopt)
{
	std::istringstream in(file_text);
	std::ostringstream out, err;
	Context ctx{{},
		    in,
		    out,
		    err,
		    [&]() -> Result<std::unique_ptr<TableApi>> {
			    return std::unique_ptr<TableApi>(std::make_unique<ForwardingTableApi>(k.tables));
		    },
		    [&]() -> Result<std::unique_ptr<RuleApi>> {
			    return std::unique_ptr<RuleApi>(std::make_unique<ForwardingRuleApi>(k.rules));
		    }};
	ctx.options.stats = stats;
	const NftRuleApiFactory open_nft = [&]() -> Result<std::unique_ptr<NftRuleApi>> {
		return std::unique_ptr<NftRuleApi>(std::make_unique<ForwardingNft>(k.nft));
	};
	Outcome o;
	o.status = sync ? run_syncconf(ctx, SyncconfCommand{false, dry_run, "-"}, open_nft)
			: run_showconf(ctx, ShowconfCommand{false, show_table}, open_nft);
	o.out = out.str();
	o.err = err.str();
	return o;
}

const std::string changed =
	"table ensure 42\n"
	"rule replace table 42 local 10.0.0.1:1000 output src 10.0.0.1:1002 dst 10.0.0.2:6002\n"
	"rule add table 43 local 10.0.0.1:2000 output src 10.0.0.1:2002 dst 10.0.0.3:6000\n"
	"nft add rule inet filter input udp dport 43000 rtpengine id 43\n";

} // namespace

TEST_CASE("showconf | syncconf: only reads, prints nothing; -s the summary")
{
	Kernel k;
	const Outcome shown = run_conf(k, false, "");
	REQUIRE(shown.status == exit_ok);
	CHECK(shown.out == "# rtpnl showconf: make it so with 'rtpnl syncconf FILE'\n"
			   "table ensure 42\n"
			   "rule replace table 42 local 10.0.0.1:1000 mismatch ignore output src "
			   "10.0.0.1:1002 dst 10.0.0.2:6000\n"
			   "nft add rule inet filter input udp dport 30000-40000 rtpengine id 42\n");
	k.tables.calls.clear();
	k.rules.calls.clear();
	k.nft.calls.clear();
	const Outcome synced = run_conf(k, true, shown.out);
	CHECK(synced.status == exit_ok);
	CHECK(synced.out.empty());
	CHECK(synced.err.empty());
	CHECK(k.tables.calls == std::vector<std::string>{"list"});
	CHECK(k.rules.calls == std::vector<std::string>{"list 42"});
	CHECK(k.nft.calls == std::vector<std::string>{"list"});
	CHECK(run_conf(k, true, shown.out, false, 1).out ==
	      "changed: tables 0 added, rules 0 added 0 replaced 0 deleted, nft rules 0 added 0 "
	      "deleted\n");
}

TEST_CASE("syncconf of a changed file: the plan's calls, in order")
{
	Kernel k;
	const Outcome o = run_conf(k, true, changed, false, 1);
	CHECK(o.status == exit_ok);
	CHECK(o.err.empty());
	CHECK(o.out == "changed: tables 1 added, rules 1 added 1 replaced 0 deleted, nft rules 1 "
		       "added 1 deleted\n");
	CHECK(k.tables.calls == std::vector<std::string>{"list", "add 43"});
	CHECK(k.rules.calls == std::vector<std::string>{"list 42", "add 43 10.0.0.1:2000",
							"replace 42 10.0.0.1:1000"});
	CHECK(k.nft.calls == std::vector<std::string>{"list", "add udp dport 43000 rtpengine id 43",
						      "del 7"});
}

TEST_CASE("syncconf dry-run prints the plan and changes nothing")
{
	Kernel k;
	const Outcome o = run_conf(k, true, changed, true);
	CHECK(o.status == exit_ok);
	CHECK(o.out == "table add 43\n"
		       "rule add table 43 local 10.0.0.1:2000 mismatch ignore output src "
		       "10.0.0.1:2002 dst 10.0.0.3:6000\n"
		       "rule replace table 42 local 10.0.0.1:1000 mismatch ignore output src "
		       "10.0.0.1:1002 dst 10.0.0.2:6002\n"
		       "nft add rule inet filter input udp dport 43000 rtpengine id 43\n"
		       "nft delete rule inet filter input handle 7\n");
	CHECK(k.tables.calls == std::vector<std::string>{"list"});
	CHECK(k.rules.calls == std::vector<std::string>{"list 42"});
	CHECK(k.nft.calls == std::vector<std::string>{"list"});
}

TEST_CASE("syncconf stops at a refusal, naming the command")
{
	Kernel k;
	k.rules.fail = Error::kernel(EEXIST, "");
	k.rules.fail_at = 1; // the rule add, after the list
	const Outcome o = run_conf(k, true, changed);
	CHECK(o.status == exit_failure);
	CHECK(o.out.empty());
	CHECK(o.err == "Error: rule add: a rule for local 10.0.0.1:2000 exists in table 43\n");
	CHECK(k.rules.calls.size() == 2); // nothing after the refusal
	CHECK(k.nft.calls == std::vector<std::string>{"list"});
}

TEST_CASE("showconf table ID of a missing table: one line")
{
	Kernel k;
	const Outcome o = run_conf(k, false, "", false, 0, 43u);
	CHECK(o.status == exit_failure);
	CHECK(o.out.empty());
	CHECK(o.err == "Error: table 43 does not exist\n");
}
