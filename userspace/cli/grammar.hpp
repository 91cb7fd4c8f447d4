// SPDX-License-Identifier: LGPL-2.1-or-later
// Where rtpnl's command line takes a keyword, and the keywords its parser
// accepts there, collected from the parsers' own tables (each object adds
// its places from the file that parses it). The completion test checks
// that rtpnl.bash-completion offers every one of them in its place.
#ifndef RTPNL_CLI_GRAMMAR_HPP
#define RTPNL_CLI_GRAMMAR_HPP

#include <string>
#include <vector>

namespace rtpnl::cli {

struct GrammarPlace {
	// The command line up to the word to complete, as typed:
	// "rtpnl rule add table 1 " (ends in a blank: a new word).
	std::string line;
	std::vector<std::string> keywords;
};

// Every place, every object's.
std::vector<GrammarPlace> grammar_places();

// One object's places (cli.cpp: objects and options; cmd_<object>.cpp).
void add_object_grammar(std::vector<GrammarPlace> &places);
void add_table_grammar(std::vector<GrammarPlace> &places);
void add_rule_grammar(std::vector<GrammarPlace> &places);
void add_recording_grammar(std::vector<GrammarPlace> &places);
void add_stats_grammar(std::vector<GrammarPlace> &places);
void add_nft_grammar(std::vector<GrammarPlace> &places);
void add_conf_grammar(std::vector<GrammarPlace> &places);
void add_top_grammar(std::vector<GrammarPlace> &places);

} // namespace rtpnl::cli

#endif
