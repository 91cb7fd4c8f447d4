// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl nft": command words, the error sentences, list and save output.
#include "cmd_nft.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl::cli;
namespace nft = rtpnl::nft;
using Action = NftCommand::Action;

namespace {

rtpnl::Result<NftCommand> parse(std::vector<std::string_view> args) { return parse_nft_command(args); }

std::string error_of(std::vector<std::string_view> args)
{
	auto r = parse(std::move(args));
	REQUIRE_FALSE(r.ok());
	return r.error().text();
}

const nft::Rule sample{nft::Family::inet,
		       "filter",
		       "input",
		       {nft::UdpDport{30000, 40000}, nft::Counter{3, 516}, nft::Rtpengine{42, true, false}},
		       7,
		       3};

// What rtpnl nft list prints of these rules, as text or JSON.
std::string listing(const std::vector<nft::Rule> &rules, Printer::Format format)
{
	std::ostringstream out;
	Printer printer(out, format);
	print_nft_rules(printer, out, rules);
	return out.str();
}

} // namespace

TEST_CASE("actions, prefixes and the rule word")
{
	auto add = parse({"add", "rule", "ip", "t", "c", "udp", "rtpengine", "id", "1"});
	REQUIRE(add.ok());
	CHECK(add->action == Action::add);
	CHECK(add->rule.family == nft::Family::ip);
	CHECK(parse({"insert", "rule", "ip", "t", "c", "rtpengine", "id", "1"})->action == Action::insert);
	CHECK(parse({"i", "r", "ip", "t", "c", "rtpengine", "id", "1"})->action == Action::insert);
	CHECK(parse({})->action == Action::list);
	CHECK(parse({"save"})->action == Action::save);
	CHECK(parse({"s"})->action == Action::save);
	CHECK(parse({"show"})->action == Action::list);
	CHECK(parse({"help"})->action == Action::help);

	auto del = parse({"delete", "rule", "inet", "filter", "input", "handle", "12"});
	REQUIRE(del.ok());
	CHECK(del->action == Action::del);
	CHECK(del->rule.chain == "input");
	CHECK(del->handle == 12);

	auto list = parse({"list", "ip6", "t"});
	REQUIRE(list.ok());
	CHECK(list->filter.family == nft::Family::ip6);
	CHECK(list->filter.table == "t");
	CHECK(list->filter.chain.empty());
}

TEST_CASE("usage errors name what is wrong")
{
	CHECK(error_of({"frob"}) == "unknown nft command 'frob' (try 'rtpnl nft help')");
	CHECK(error_of({"add", "inet", "t", "c"}) == "expected 'rule' after 'add'");
	CHECK(error_of({"delete", "rule", "inet", "t", "c", "7"}) ==
	      "expected 'delete rule FAMILY TABLE CHAIN handle H'");
	CHECK(error_of({"delete", "rule", "inet", "t", "c", "handle", "x"}) == "invalid handle 'x'");
	CHECK(error_of({"list", "bridge"}) == "unsupported family 'bridge' (supported: inet, ip, ip6, netdev)");
	CHECK(error_of({"list", "inet", "t", "c", "x"}) == "unexpected argument 'x'");
	CHECK(error_of({"save", "x"}) == "unexpected argument 'x'");
	CHECK(error_of({"add", "rule", "inet", "t", "c", "tcp", "rtpengine", "id", "1"})
		      .starts_with("unsupported match 'tcp' (supported: "));
}

TEST_CASE("kernel refusals become sentences")
{
	using Missing = nft::NftClient::Missing;
	CHECK(nft_add_error_text({rtpnl::Error::local(ENOENT, ""), Missing::index}, sample, true) ==
	      "chain inet filter input has no rule at index 3");
	auto text = [](int errnum, Missing missing = Missing::nothing, bool loaded = true) {
		return nft_add_error_text({rtpnl::Error::kernel(errnum, ""), missing}, sample, loaded);
	};
	CHECK(text(ERANGE) == "table id 42 out of range (0..63)");
	CHECK(text(ENOENT) == "no rtpfwd table 42 (rtpnl table add 42, or add 'create' to the rule)");
	CHECK(text(ENOENT, Missing::nothing, false) ==
	      "the kernel has no nftables expression 'rtpengine' (is nft_rtpengine.ko installed?)");
	CHECK(text(EEXIST) == "rtpfwd table 42 exists (the rule says 'exclusive')");
	CHECK(text(EOPNOTSUPP).starts_with("'rtpengine' is only allowed in chains of type filter on "
					   "the input, prerouting or ingress hook; inet filter input is not"));
	CHECK(text(ENOENT, Missing::table) == "table inet filter does not exist (nft add table inet filter)");
	CHECK(text(ENOENT, Missing::chain).starts_with("chain inet filter input does not exist"));
	// The kernel's own words win when it sends some.
	CHECK(nft_add_error_text({rtpnl::Error::kernel(EINVAL, "bad thing"), Missing::nothing}, sample,
				 true) == "bad thing");

	NftCommand del{Action::del, sample, {}, 9};
	CHECK(nft_delete_error_text(rtpnl::Error::kernel(ENOENT, ""), del) ==
	      "no rule with handle 9 in chain inet filter input");
}

TEST_CASE("list: nft's words and the handle; JSON with the same")
{
	const std::vector<nft::Rule> rules{sample};
	CHECK(listing(rules, Printer::Format::text) ==
	      "inet filter input udp dport 30000-40000 counter packets 3 bytes 516 rtpengine id 42 "
	      "create # handle 7\n");
	CHECK(listing(rules, Printer::Format::json) ==
	      "[{\"family\":\"inet\",\"table\":\"filter\",\"chain\":\"input\",\"handle\":7,\"index\":3,"
	      "\"expr\":\"udp dport 30000-40000 counter packets 3 bytes 516 rtpengine id 42 create\","
	      "\"rtpengine\":{\"id\":42,\"create\":true}}]\n");
}

TEST_CASE("save: a script of rtpnl commands; what it cannot write is a comment")
{
	nft::Rule odd = sample;
	odd.chain = "my chain";
	odd.index = 0;
	nft::Rule foreign = sample;
	foreign.items.insert(foreign.items.begin(), nft::Unknown{"lookup"});
	const std::vector<nft::Rule> rules{sample, odd, foreign};
	std::ostringstream out;
	print_nft_save(out, rules);
	const std::string s = out.str();
	// Back after the rule before it (index 3 - 1), or first (index 0).
	CHECK(s.find("\nrtpnl nft add rule inet filter input index 2 udp dport 30000-40000 counter "
		     "rtpengine id 42 create\n") != std::string::npos);
	CHECK(s.find("\nrtpnl nft insert rule inet filter 'my chain' udp dport") != std::string::npos);
	CHECK(s.find("\n# not saved, holds expressions rtpnl cannot write: inet filter input [lookup] udp") !=
	      std::string::npos);
	CHECK(s.starts_with("# rtpnl nft save"));
}

TEST_CASE("netdev: the operator's ingress rule, its errors, list, JSON and save")
{
	auto add = parse({"add", "rule", "netdev", "proxy", "eth0-in", "udp", "dport", "30000-40000",
			  "rtpengine", "id", "42"});
	REQUIRE(add.ok());
	CHECK(add->rule.family == nft::Family::netdev);
	CHECK(add->rule.table == "proxy");
	CHECK(add->rule.chain == "eth0-in");
	CHECK(parse({"delete", "rule", "netdev", "proxy", "eth0-in", "handle", "3"})->rule.family ==
	      nft::Family::netdev);
	CHECK(parse({"list", "netdev"})->filter.family == nft::Family::netdev);
	CHECK(error_of({"add", "rule", "bridge", "t", "c", "rtpengine", "id", "1"}) ==
	      "unsupported family 'bridge' (supported: inet, ip, ip6, netdev)");
	CHECK(error_of({"delete", "rule", "arp", "t", "c", "handle", "1"}) ==
	      "unsupported family 'arp' (supported: inet, ip, ip6, netdev)");

	using Missing = nft::NftClient::Missing;
	const nft::Rule &rule = add->rule;
	auto text = [&rule](int errnum, Missing missing = Missing::nothing) {
		return nft_add_error_text({rtpnl::Error::kernel(errnum, ""), missing}, rule, true);
	};
	CHECK(text(ENOENT, Missing::table) ==
	      "table netdev proxy does not exist (nft add table netdev proxy)");
	CHECK(text(ENOENT, Missing::chain) ==
	      "chain netdev proxy eth0-in does not exist (nft add chain netdev proxy eth0-in "
	      "'{ type filter hook ingress device DEVICE priority 0; }')");
	CHECK(text(EOPNOTSUPP) ==
	      "'rtpengine' is only allowed in netdev chains of type filter on the ingress hook "
	      "(with an nft_rtpengine.ko that knows netdev); netdev proxy eth0-in is not one or is "
	      "reached from one that is not");

	nft::Rule listed = rule;
	listed.handle = 4;
	listed.index = 0;
	const std::vector<nft::Rule> rules{listed};
	CHECK(listing(rules, Printer::Format::text) == "netdev proxy eth0-in udp dport 30000-40000 rtpengine id 42 # handle 4\n");
	CHECK(listing(rules, Printer::Format::json) ==
	      "[{\"family\":\"netdev\",\"table\":\"proxy\",\"chain\":\"eth0-in\",\"handle\":4,"
	      "\"index\":0,\"expr\":\"udp dport 30000-40000 rtpengine id 42\",\"rtpengine\":{\"id\":42}}]\n");
	std::ostringstream save;
	print_nft_save(save, rules);
	CHECK(save.str().ends_with(
		"\nrtpnl nft insert rule netdev proxy eth0-in udp dport 30000-40000 rtpengine id 42\n"));

	std::ostringstream help;
	print_nft_help(help);
	CHECK(help.str().find("FAMILY := { inet | ip | ip6 | netdev }") != std::string::npos);
}
