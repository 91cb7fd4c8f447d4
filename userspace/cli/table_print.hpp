// SPDX-License-Identifier: LGPL-2.1-or-later
// How tables and table events look in rtpnl's output (text and JSON).
#ifndef RTPNL_CLI_TABLE_PRINT_HPP
#define RTPNL_CLI_TABLE_PRINT_HPP

#include "printer.hpp"

#include "rtpnl/table.hpp"

#include <span>
#include <string_view>

namespace rtpnl::cli {

// text: "table 42 rules 0 refcnt 0 control-pid 0"
// JSON: {"table":42,"rules":0,"refcnt":0,"control_pid":0} ("table", as in
// rules and rule events; 0.1.0 printed "id")
void print_table(Printer &p, const Table &table);
// A list: text one line per table, JSON an array ("[]" when empty).
void print_tables(Printer &p, std::span<const Table> tables);
// text: "new table 42" / "del table 42"
// JSON: {"event":"new","object":"table","table":42}; a non-empty
// json_timestamp (monitor -t) is added in JSON as "timestamp".
void print_table_event(Printer &p, const TableEvent &event, std::string_view json_timestamp = {});

} // namespace rtpnl::cli

#endif
