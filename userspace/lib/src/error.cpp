// SPDX-License-Identifier: LGPL-2.1-or-later
// Constructors and text of rtpnl::Error.
#include "rtpnl/error.hpp"

#include <cstring>

namespace rtpnl {

Error Error::kernel(int errnum, std::string extack, std::optional<std::uint32_t> offset)
{
	return Error{errnum, std::move(extack), Origin::kernel, offset};
}

Error Error::local(int errnum, std::string description)
{
	return Error{errnum, std::move(description), Origin::local, std::nullopt};
}

std::string Error::text() const
{
	if (!message.empty())
		return message;
	return std::strerror(errnum);
}

} // namespace rtpnl
