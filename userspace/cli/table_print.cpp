// SPDX-License-Identifier: LGPL-2.1-or-later
// Table output (see table_print.hpp).
#include "table_print.hpp"

namespace rtpnl::cli {

void print_table(Printer &p, const Table &table)
{
	p.begin_record();
	p.field("table", "table", std::uint64_t{table.id});
	p.field("rules", "rules", table.rules);
	p.field("refcnt", "refcnt", table.refcnt);
	p.field("control_pid", "control-pid", table.control_pid);
	p.end_record();
}

void print_tables(Printer &p, std::span<const Table> tables)
{
	p.begin_list();
	for (const Table &t : tables)
		print_table(p, t);
	p.end_list();
}

void print_table_event(Printer &p, const TableEvent &event, std::string_view json_timestamp)
{
	p.begin_record();
	p.field("event", "", event.kind == TableEvent::Kind::table_new ? "new" : "del");
	p.field("object", "", "table");
	p.field("table", "", std::uint64_t{event.id});
	if (!json_timestamp.empty() && p.format() == Printer::Format::json)
		p.field("timestamp", "", json_timestamp);
	p.end_record();
}

} // namespace rtpnl::cli
