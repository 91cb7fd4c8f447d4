// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl exit statuses. Like iproute2, usage errors exit with -1 (255), so a
// script can tell "you called me wrong" from "the kernel said no" (1).
#ifndef RTPNL_CLI_EXIT_STATUS_HPP
#define RTPNL_CLI_EXIT_STATUS_HPP

namespace rtpnl::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1; // kernel refused, system error, family missing
inline constexpr int exit_usage = 255; // bad arguments

} // namespace rtpnl::cli

#endif
