// SPDX-License-Identifier: LGPL-2.1-or-later
// One direction of SRTP for the load tools (rtpload send protects, rtpload
// recv unprotects), on Debian's libsrtp2: an implementation independent of
// the kernel's, so a broken kernel path shows as loss at the receiver.
//
// The key is given as SDP writes it (RFC 4568), suite and inline key:
// "AES_CM_128_HMAC_SHA1_80:BASE64" or "AEAD_AES_128_GCM:BASE64" (the
// suite's short name, aes128_80 or gcm128, works too; "inline:" before
// BASE64 may be written or left out). Every SSRC of the process shares the
// context (libsrtp's "any SSRC" policies).
// No MKI. AES_192_CM (which Debian's libsrtp2 gets wrong) and F8_128
// (which libsrtp2 lacks) are a UsageError. Built without libsrtp2,
// constructing one is a UsageError that says so (srtp_session_none.cpp).
//
// Must not: print a key, or the text it came from.
#ifndef RTPTOOLS_SRTP_SESSION_HPP
#define RTPTOOLS_SRTP_SESSION_HPP

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace rtptools {

// Bytes protect() appends at most: the longest tag (AES-GCM's 16 bytes), no MKI.
inline constexpr std::size_t srtp_trailer_max = 16;

class SrtpSession {
public:
	enum class Direction { protect, unprotect };

	// Throws UsageError on a bad suite or key (naming the option, not the
	// key), RuntimeError when libsrtp refuses the context.
	SrtpSession(std::string_view spec, Direction direction);
	~SrtpSession();
	SrtpSession(const SrtpSession &) = delete;
	SrtpSession &operator=(const SrtpSession &) = delete;

	// Protects the RTP packet in the first `length` bytes of `buffer`,
	// which has room for srtp_trailer_max more; returns the SRTP length.
	std::size_t protect(std::span<std::uint8_t> buffer, std::size_t length);
	// Authenticates and decrypts `packet` in place; the RTP length, or
	// nullopt for a packet libsrtp rejects (tag, replay, malformed).
	std::optional<std::size_t> unprotect(std::span<std::uint8_t> packet);

private:
	struct Context;
	std::unique_ptr<Context> context_;
};

} // namespace rtptools

#endif
