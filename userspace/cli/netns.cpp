// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -n NETNS (see netns.hpp).
#include "netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rtpnl::cli {

Result<std::string> netns_path(std::string_view netns)
{
	if (netns.find('/') != std::string_view::npos)
		return std::string(netns);
	if (netns.empty() || netns == "." || netns == "..")
		return Error::local(EINVAL,
				    "invalid network namespace name '" + std::string(netns) + "'");
	return std::string(netns_run_dir) + "/" + std::string(netns);
}

Result<void> enter_netns(std::string_view netns)
{
	auto path = netns_path(netns);
	if (!path)
		return path.error();
	const std::string name = "'" + std::string(netns) + "'";
	const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		const int err = errno;
		if (err == ENOENT)
			return Error::local(err, "network namespace " + name + " does not exist" +
							 (*path == netns ? "" : " (no " + *path + ")"));
		return Error::local(err, "cannot open network namespace " + name + " (" + *path +
						 "): " + std::strerror(err));
	}
	const int rc = ::setns(fd, CLONE_NEWNET);
	const int err = errno;
	::close(fd);
	if (rc == 0)
		return {};
	if (err == EINVAL)
		return Error::local(err, name + " is not a network namespace");
	std::string text = "cannot enter network namespace " + name + ": " + std::strerror(err);
	if (err == EPERM)
		text += " (CAP_SYS_ADMIN is required)";
	return Error::local(err, text);
}

} // namespace rtpnl::cli
