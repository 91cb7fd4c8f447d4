// "rtpnl monitor": prints table and rule events from the "notify" multicast group
// until interrupted (one line, or one JSON object per line, per event).
#ifndef RTPNL_CLI_CMD_MONITOR_HPP
#define RTPNL_CLI_CMD_MONITOR_HPP

#include "command.hpp"

namespace rtpnl::cli {

int cmd_monitor(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
