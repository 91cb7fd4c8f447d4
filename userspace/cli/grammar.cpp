// SPDX-License-Identifier: LGPL-2.1-or-later
// The grammar's places, every object's (see grammar.hpp).
#include "grammar.hpp"

namespace rtpnl::cli {

std::vector<GrammarPlace> grammar_places()
{
	std::vector<GrammarPlace> places;
	add_object_grammar(places);
	add_table_grammar(places);
	add_rule_grammar(places);
	add_recording_grammar(places);
	add_stats_grammar(places);
	add_nft_grammar(places);
	add_conf_grammar(places);
	add_top_grammar(places);
	return places;
}

} // namespace rtpnl::cli
