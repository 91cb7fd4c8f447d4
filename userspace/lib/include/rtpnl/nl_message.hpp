// Netlink message framing: building a generic netlink request and splitting
// received buffers into messages, including NLMSG_ERROR / NLMSG_DONE with
// their extended-ack TLVs.
//
// Pure functions over bytes, so the exact parsing the socket uses is the one
// the unit tests exercise with hand-built buffers.
#ifndef RTPNL_NL_MESSAGE_HPP
#define RTPNL_NL_MESSAGE_HPP

#include "rtpnl/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rtpnl {

inline constexpr std::size_t nlmsg_hdrlen = 16; // struct nlmsghdr
inline constexpr std::size_t genl_hdrlen = 4;   // struct genlmsghdr

constexpr std::size_t nlmsg_align(std::size_t len) { return (len + 3) & ~std::size_t{3}; }

// One netlink message inside a receive buffer (the payload is a view).
struct NlMessage {
	std::uint32_t len = 0; // nlmsg_len as received
	std::uint16_t type = 0;
	std::uint16_t flags = 0;
	std::uint32_t seq = 0;
	std::uint32_t pid = 0;
	std::span<const std::uint8_t> payload; // after the nlmsghdr
};

// The generic netlink part of a message: genlmsghdr + attribute bytes.
struct GenlMessage {
	std::uint8_t cmd = 0;
	std::uint8_t version = 0;
	std::span<const std::uint8_t> attrs;
	std::uint16_t flags = 0; // the nlmsghdr's (rule events: NLM_F_CREATE / NLM_F_REPLACE)
};

struct GenlRequest {
	std::uint16_t family = 0; // resolved family id (nlmsg_type)
	std::uint16_t flags = 0;  // NLM_F_REQUEST is always added
	std::uint32_t seq = 0;
	std::uint8_t cmd = 0;
	std::uint8_t version = 0;
	std::span<const std::uint8_t> attrs;
};

// The outcome carried by an NLMSG_ERROR (an ack when errnum == 0) or an
// NLMSG_DONE, with the extended ack if the kernel attached one.
struct Ack {
	int errnum = 0;                          // positive errno, 0 for success
	std::string message;                     // NLMSGERR_ATTR_MSG
	std::optional<std::uint32_t> offset;     // NLMSGERR_ATTR_OFFS
	std::optional<std::uint32_t> missing_type; // NLMSGERR_ATTR_MISS_TYPE
	// The header of the request this acknowledges (NLMSG_ERROR only).
	std::uint32_t request_seq = 0;
	std::uint16_t request_type = 0;

	Error to_error() const;
};

// nlmsghdr + genlmsghdr + attrs; nlmsg_pid is left 0 for the kernel to fill.
std::vector<std::uint8_t> encode_genl_request(const GenlRequest &req);

// Splits a datagram into its messages; strict about every length field.
Result<std::vector<NlMessage>> parse_messages(std::span<const std::uint8_t> bytes);

Result<GenlMessage> parse_genl(const NlMessage &msg);

// For msg.type == NLMSG_ERROR. Honors NLM_F_CAPPED (the echoed request is
// only its header) and NLM_F_ACK_TLVS (extended ack attributes follow).
Result<Ack> parse_error(const NlMessage &msg);

// For msg.type == NLMSG_DONE: an optional int error + extack TLVs.
Result<Ack> parse_done(const NlMessage &msg);

} // namespace rtpnl

#endif
