// SPDX-License-Identifier: LGPL-2.1-or-later
// Value types of the forwarding-table objects of the "rtpengine" family.
//
// Plain data, no netlink knowledge: the codec fills them, the CLI prints
// them. Reply-only attributes are std::optional so a reply that lacks one
// (an older or newer kernel) decodes instead of failing, and printers can
// leave it out rather than invent a 0.
#ifndef RTPNL_TABLE_HPP
#define RTPNL_TABLE_HPP

#include <cstdint>
#include <optional>

namespace rtpnl {

// Table ids are 0 .. table_id_max (RTPFWD_TABLE_ID_MAX in the uapi header;
// checked by a static_assert in table_codec.cpp).
inline constexpr std::uint32_t table_id_max = 63;

struct Table {
	std::uint32_t id = 0;
	std::optional<std::uint32_t> rules;       // rules in the table
	std::optional<std::uint32_t> control_pid; // /proc control opener, 0 if none
	std::optional<std::uint32_t> refcnt;      // references besides the table's own

	bool operator==(const Table &) const = default;
};

// A notification from the "notify" multicast group.
struct TableEvent {
	enum class Kind { table_new, table_del };
	Kind kind = Kind::table_new;
	std::uint32_t id = 0;

	bool operator==(const TableEvent &) const = default;
};

} // namespace rtpnl

#endif
