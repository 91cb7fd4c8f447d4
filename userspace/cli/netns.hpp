// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -n NETNS (ip -n): every table lives in a network namespace, so
// rtpnl enters NETNS before it opens any socket. A name is one of
// `ip netns add`'s, /run/netns/NAME; an argument with a '/' is the path of
// a namespace file itself (/proc/PID/ns/net, a bind mount).
#ifndef RTPNL_CLI_NETNS_HPP
#define RTPNL_CLI_NETNS_HPP

#include "rtpnl/error.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace rtpnl::cli {

inline constexpr std::string_view netns_run_dir = "/run/netns";

// "blue" → "/run/netns/blue", "/proc/1/ns/net" → itself; EINVAL for "",
// "." and ".." ("invalid network namespace name '..'").
Result<std::string> netns_path(std::string_view netns);

// Opens netns_path(netns) and setns(2)s into it (CLONE_NEWNET). Every
// error is one line naming NETNS: "network namespace 'blue' does not exist
// (no /run/netns/blue)", "cannot enter network namespace 'blue': Operation
// not permitted (CAP_SYS_ADMIN is required)", "'/etc/passwd' is not a
// network namespace".
Result<void> enter_netns(std::string_view netns);

// How run() enters a namespace; tests pass a fake.
using NetnsSwitch = std::function<Result<void>(std::string_view)>;

} // namespace rtpnl::cli

#endif
