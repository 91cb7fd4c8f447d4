// Rule output (see rule_print.hpp).
#include "rule_print.hpp"

namespace rtpnl::cli {

void print_rule(Printer &p, const Rule &rule, bool stats)
{
	p.begin_record();
	p.field("table", "table", std::uint64_t{rule.table});
	p.field("local", "local", format_endpoint(rule.local));
	if (rule.expect)
		p.field("expect", "expect", format_endpoint(*rule.expect));
	p.field("mismatch", "mismatch", mismatch_name(rule.mismatch));
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
		p.end_group();
	}
	p.end_group_list();
	if (stats && rule.stats) {
		p.begin_group("stats", "stats", true);
		p.field("packets", "packets", rule.stats->packets);
		p.field("bytes", "bytes", rule.stats->bytes);
		p.field("errors", "errors", rule.stats->errors);
		p.end_group();
	}
	p.end_record();
}

void print_rules(Printer &p, std::span<const Rule> rules, bool stats)
{
	p.begin_list();
	for (const Rule &r : rules)
		print_rule(p, r, stats);
	p.end_list();
}

} // namespace rtpnl::cli
