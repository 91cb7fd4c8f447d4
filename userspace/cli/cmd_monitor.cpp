// "rtpnl monitor" (see cmd_monitor.hpp).
#include "cmd_monitor.hpp"

#include "error_text.hpp"
#include "exit_status.hpp"
#include "rule_print.hpp"
#include "table_print.hpp"

#include "rtpnl/client.hpp"

#include <string>

namespace rtpnl::cli {

int cmd_monitor(Context &ctx, Args args)
{
	if (!args.empty()) {
		if (args[0] == "help" || args[0] == "h") {
			ctx.out << "Usage: rtpnl monitor\n";
			return exit_ok;
		}
		return ctx.usage_error("unexpected argument '" + std::string(args[0]) + "'");
	}
	auto monitor = Monitor::open();
	if (!monitor)
		return ctx.failure(table_error_text(monitor.error(), std::nullopt));
	Printer printer = ctx.printer();
	for (;;) {
		auto r = monitor->wait(
			[&](const TableEvent &ev) {
				print_table_event(printer, ev);
				ctx.out.flush(); // a pipe reader wants events as they happen
			},
			[&](const RuleEvent &ev) {
				print_rule_event(printer, ev);
				ctx.out.flush();
			});
		if (!r)
			return ctx.failure(table_error_text(r.error(), std::nullopt));
	}
}

} // namespace rtpnl::cli
