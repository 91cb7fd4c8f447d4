// SPDX-License-Identifier: LGPL-2.1-or-later
// The declarative state of `rtpnl showconf` / `rtpnl syncconf` (like
// `wg showconf` / `wg syncconf`): tables, rules and the nftables rules with
// the rtpengine expression, written as rtpnl batch lines
//
//   table ensure 42
//   rule replace table 42 local 10.0.0.1:1000 mismatch ignore output src ... dst ...
//   nft add rule inet filter input udp dport 30000-40000 rtpengine id 42
//
// read back strictly, and the difference between two states as a Plan.
//
// Pure: no kernel. cmd_conf.cpp reads the kernel's state, and applies plans.
#ifndef RTPNL_CLI_CONF_HPP
#define RTPNL_CLI_CONF_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/nft_rule.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

struct Conf {
	// A file's: the tables it names (its table lines and the tables of its
	// rules), which syncconf owns. The kernel's: the tables that exist.
	// Sorted, each once.
	std::vector<std::uint32_t> tables;
	std::vector<Rule> rules;
	std::vector<nft::Rule> nft_rules;
};

// The file showconf prints: a comment, then per table "table ensure ID",
// its rules ("rule replace ...", by local endpoint) and the nft rules whose
// rtpengine expression names it. The kernel never tells SRTP keys: a rule
// with decrypt / encrypt comes after a comment saying so, with its suite
// and ROCs but no key, a line syncconf refuses until the keys are added. nft rules rtpnl cannot write (other
// expressions) become comments. A rule's record (the recorded stream it
// records into) is not configuration and is left out. The file is also a
// valid `rtpnl -b` file.
void write_conf(std::ostream &out, const Conf &conf);

// Reads a file of table { ensure | add } ID, rule { replace | add } ...
// and nft { add | insert } rule ... lines (blank lines and comments as in
// batch files); a rule, or an nft rule's rtpengine expression, names its
// table too; a rule line with record is refused. Every line is checked before the
// function returns; an error (EINVAL) reads "NAME:LINE: reason", e.g.
// "conf:3: unknown argument 'outptu'" or "conf:5: a second rule for table
// 42 local 10.0.0.1:1000 (first on line 2)".
Result<Conf> parse_conf(std::istream &in, std::string_view name);

// What syncconf changes to make `have` (the kernel's) into `want` (a
// file's). Only the tables `want` names are touched: their missing rules
// added, changed rules replaced (the counters stay), rules not in `want`
// deleted; nft rules whose rtpengine expression names such a table are
// added or deleted likewise (an unchanged one is matched by its family,
// table, chain and words, whatever its place in the chain). Tables are
// created, never deleted. nft rules rtpnl cannot write are left alone. A
// rule's recording is left alone too: a replaced rule keeps the kernel's.
struct Plan {
	std::vector<std::uint32_t> add_tables;
	std::vector<Rule> add_rules;
	std::vector<Rule> replace_rules;
	std::vector<Rule> delete_rules;
	std::vector<nft::Rule> add_nft_rules;
	std::vector<nft::Rule> delete_nft_rules; // with their handles

	bool empty() const;
};

Plan plan_sync(const Conf &want, const Conf &have);

// Equal as the kernel sees them: statistics and the recording ignored, tos
// 0 and an unset tos alike, an empty expected SSRC list and none alike. A rule with SRTP
// from a file has keys, the kernel's never: they are never the same, so
// syncconf replaces SRTP rules on every run (the counters stay).
bool same_rule(const Rule &a, const Rule &b);

// The plan as the rtpnl batch lines it runs, in order ("nft delete rule
// inet filter input handle 7"); nothing for an empty plan. What is added
// comes before what is deleted, so that a changed nft rule has no moment
// when neither the old nor the new one feeds its table.
void print_plan(std::ostream &out, const Plan &plan);

// "tables 1 added, rules 2 added 1 replaced 0 deleted, nft rules 0 added 1 deleted"
std::string plan_summary(const Plan &plan);

} // namespace rtpnl::cli

#endif
