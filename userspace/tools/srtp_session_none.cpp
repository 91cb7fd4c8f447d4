// SPDX-License-Identifier: LGPL-2.1-or-later
// SrtpSession when the build found no libsrtp2: --srtp is refused, the
// tools still build and do plain RTP (see srtp_session.hpp).
#include "srtp_session.hpp"

#include "tool_args.hpp"

namespace rtptools {

struct SrtpSession::Context {};

SrtpSession::SrtpSession(std::string_view, Direction)
{
	throw UsageError("--srtp: built without libsrtp2 (libsrtp2-dev)");
}

SrtpSession::~SrtpSession() = default;

std::size_t SrtpSession::protect(std::span<std::uint8_t>, std::size_t length)
{
	return length;
}

std::optional<std::size_t> SrtpSession::unprotect(std::span<std::uint8_t> packet)
{
	return packet.size();
}

} // namespace rtptools
