// SPDX-License-Identifier: LGPL-2.1-or-later
// Value types of an nftables rule that holds the "rtpengine" expression, and
// its text form: the words an nft user types after "nft add rule", e.g.
//
//   inet filter input udp dport 30000-40000 rtpengine id 42 create
//
// Only the matches rtpnl can build and read back are representable (see
// supported_matches); a rule read from the kernel with anything else keeps
// the other expression as an Unknown item, printed but never saved.
//
// Plain data, no netlink knowledge (nft_codec.hpp turns rules into bytes).
#ifndef RTPNL_NFT_RULE_HPP
#define RTPNL_NFT_RULE_HPP

#include "rtpnl/error.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rtpnl::nft {

// nftables families rtpnl handles (the NFPROTO_* values). netdev: chains on
// a device's ingress hook, which see the packet before the IP stack.
enum class Family : std::uint8_t { inet = 1, ip = 2, netdev = 5, ip6 = 10 };

// Every family, in the order the help and the errors list them.
inline constexpr std::array<Family, 4> families{Family::inet, Family::ip, Family::ip6,
					       Family::netdev};
// For the "unsupported family" error and the help text.
inline constexpr std::string_view supported_families = "inet, ip, ip6, netdev";

std::optional<Family> parse_family(std::string_view word);
std::string_view family_name(Family family);

// "meta l4proto udp" (also what a bare "udp" means).
struct L4protoUdp {
	bool operator==(const L4protoUdp &) const = default;
};

// "udp dport P" (low == high) or "udp dport P-Q"; host order.
struct UdpDport {
	std::uint16_t low = 0;
	std::uint16_t high = 0;
	bool operator==(const UdpDport &) const = default;
};

// "ip daddr A[/len]" or "ip6 daddr A[/len]". Its dependency, as nft adds it:
// "meta nfproto ipv4|ipv6" in inet, "meta protocol ip|ip6" in netdev, none
// in ip and ip6.
struct Daddr {
	bool v6 = false;
	std::array<std::uint8_t, 16> addr{}; // network order; IPv4 in the first 4
	std::uint8_t prefix = 32;            // 0..32 or 0..128
	bool operator==(const Daddr &) const = default;
};

// "iifname NAME"
struct Iifname {
	std::string name;
	bool operator==(const Iifname &) const = default;
};

// "counter"; the kernel's counts when read back.
struct Counter {
	std::uint64_t packets = 0;
	std::uint64_t bytes = 0;
	bool operator==(const Counter &) const = default;
};

// "rtpengine id N [create] [exclusive]"
struct Rtpengine {
	std::uint32_t table = 0;
	bool create = false;
	bool exclusive = false;
	bool operator==(const Rtpengine &) const = default;
};

// An expression (or sequence) rtpnl does not build, by its kernel name.
struct Unknown {
	std::string name;
	bool operator==(const Unknown &) const = default;
};

using Item = std::variant<L4protoUdp, UdpDport, Daddr, Iifname, Counter, Rtpengine, Unknown>;

struct Rule {
	Family family = Family::inet;
	std::string table;
	std::string chain;
	std::vector<Item> items; // in rule order
	std::optional<std::uint64_t> handle;
	// "index N" (nft's words): to add after / insert before the chain's
	// rule number N (0 first). For a rule read from the kernel: its place
	// in its chain, counting every rule.
	std::optional<std::uint32_t> index;

	// The rule's rtpengine expression (the first), or nullptr.
	const Rtpengine *rtpengine() const;
	// True when every item can be written back as an rtpnl command.
	bool savable() const;
	bool operator==(const Rule &) const = default;
};

// For the "unsupported match" error and the help text.
inline constexpr std::string_view supported_matches =
	"udp, udp dport P, udp dport P-Q, meta l4proto udp, ip daddr A[/LEN], "
	"ip6 daddr A[/LEN], iifname NAME, counter";

// Parses FAMILY TABLE CHAIN [index N] [MATCHES] rtpengine id N [create]
// [exclusive].
// Errors are EINVAL with the words of rtpnl's "Error: " line. The table id
// is not range-checked here: the kernel does it (ERANGE).
Result<Rule> parse_rule(std::span<const std::string_view> words);

// The words after "FAMILY TABLE CHAIN": "udp dport 30000-40000 rtpengine id
// 42". for_save: counters without their counts, as a command takes them.
std::string format_items(const Rule &rule, bool for_save = false);

} // namespace rtpnl::nft

#endif
