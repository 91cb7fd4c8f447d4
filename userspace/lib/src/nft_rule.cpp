// SPDX-License-Identifier: LGPL-2.1-or-later
// nftables rules with the rtpengine expression: text form (see nft_rule.hpp).
#include "rtpnl/nft_rule.hpp"

#include "number.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

namespace rtpnl::nft {

namespace {

// IFNAMSIZ - 1: the longest interface name.
constexpr std::size_t ifname_max = 15;

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

Result<UdpDport> parse_dport(std::string_view word)
{
	const auto dash = word.find('-');
	const auto low = parse_number<std::uint16_t>(word.substr(0, dash));
	const auto high = dash == std::string_view::npos ? low
							 : parse_number<std::uint16_t>(word.substr(dash + 1));
	if (!low || !high)
		return usage("invalid port '" + std::string(word) + "' (0..65535, or P-Q)");
	if (*low > *high)
		return usage("invalid port range '" + std::string(word) + "' (low-high)");
	return UdpDport{*low, *high};
}

Result<Daddr> parse_daddr(std::string_view word, bool v6)
{
	const auto slash = word.find('/');
	const std::string addr(word.substr(0, slash));
	const std::uint8_t bits = v6 ? 128 : 32;
	Daddr d{v6, {}, bits};
	if (::inet_pton(v6 ? AF_INET6 : AF_INET, addr.c_str(), d.addr.data()) != 1)
		return usage("invalid " + std::string(v6 ? "IPv6" : "IPv4") + " address '" +
			     std::string(word) + "'");
	if (slash != std::string_view::npos) {
		const auto len = parse_number<std::uint8_t>(word.substr(slash + 1));
		if (!len || *len > bits)
			return usage("invalid prefix length in '" + std::string(word) + "' (0.." +
				     std::to_string(bits) + ")");
		d.prefix = *len;
	}
	// Host bits would never match: nft refuses them too.
	for (unsigned i = d.prefix; i < bits; ++i)
		if (d.addr[i / 8] & (0x80 >> (i % 8)))
			return usage("'" + std::string(word) + "' has host bits set");
	return d;
}

// A name as nft prints it ("veth0" with its quotes) or as typed.
std::string_view unquote(std::string_view word)
{
	if (word.size() >= 2 && word.front() == '"' && word.back() == '"')
		return word.substr(1, word.size() - 2);
	return word;
}

class WordReader {
public:
	explicit WordReader(std::span<const std::string_view> words) : words_(words) {}
	bool done() const { return pos_ >= words_.size(); }
	std::string_view peek() const { return done() ? std::string_view{} : words_[pos_]; }
	std::string_view next() { return done() ? std::string_view{} : words_[pos_++]; }
	bool accept(std::string_view word)
	{
		if (peek() != word || done())
			return false;
		++pos_;
		return true;
	}

private:
	std::span<const std::string_view> words_;
	std::size_t pos_ = 0;
};

Error unsupported(std::string_view what)
{
	return usage("unsupported match '" + std::string(what) + "' (supported: " +
		     std::string(supported_matches) + ")");
}

Result<Item> parse_match(WordReader &in, Family family, const std::vector<Item> &before)
{
	const std::string_view word = in.next();
	if (word == "udp") {
		if (!in.accept("dport"))
			return Item{L4protoUdp{}};
		if (in.done())
			return usage("'udp dport' needs a port or a range");
		auto port = parse_dport(in.next());
		if (!port)
			return port.error();
		return Item{*port};
	}
	if (word == "meta") {
		if (in.accept("l4proto")) {
			if (in.accept("udp"))
				return Item{L4protoUdp{}};
			return unsupported("meta l4proto " + std::string(in.peek()));
		}
		return unsupported("meta " + std::string(in.peek()));
	}
	if (word == "ip" || word == "ip6") {
		const bool v6 = word == "ip6";
		if (!in.accept("daddr"))
			return unsupported(std::string(word) + " " + std::string(in.peek()));
		if ((v6 && family == Family::ip) || (!v6 && family == Family::ip6))
			return usage("'" + std::string(word) + " daddr' never matches in an " +
				     std::string(family_name(family)) + " table");
		// nft refuses it too ("conflicting protocols").
		for (const Item &item : before)
			if (const auto *d = std::get_if<Daddr>(&item); d && d->v6 != v6)
				return usage("'" + std::string(word) + " daddr' never matches after '" +
					     (v6 ? "ip" : "ip6") + " daddr' (a packet is IPv4 or "
					     "IPv6) in " + (family == Family::netdev ? "a " : "an ") +
					     std::string(family_name(family)) + " rule");
		if (in.done())
			return usage("'" + std::string(word) + " daddr' needs an address");
		auto d = parse_daddr(in.next(), v6);
		if (!d)
			return d.error();
		return Item{*d};
	}
	if (word == "iifname") {
		const std::string_view name = unquote(in.next());
		if (name.empty() || name.size() > ifname_max ||
		    name.find_first_of("*\\\"' ") != std::string_view::npos)
			return usage("invalid interface name '" + std::string(name) + "'");
		return Item{Iifname{std::string(name)}};
	}
	if (word == "counter") {
		// "counter packets N bytes M", as rtpnl nft list prints it, is
		// taken too; a new rule's counter starts at zero regardless.
		if (in.accept("packets")) {
			if (!parse_number<std::uint64_t>(in.next()) || !in.accept("bytes") ||
			    !parse_number<std::uint64_t>(in.next()))
				return usage("invalid 'counter packets N bytes M'");
		}
		return Item{Counter{}};
	}
	return unsupported(word);
}

Result<Rtpengine> parse_rtpengine(WordReader &in)
{
	Rtpengine r;
	if (!in.accept("id") || in.done())
		return usage("'rtpengine' needs 'id N'");
	const std::string_view id = in.next();
	const auto table = parse_number<std::uint32_t>(id);
	if (!table)
		return usage("invalid table id '" + std::string(id) + "'");
	r.table = *table;
	while (!in.done()) {
		if (in.accept("create"))
			r.create = true;
		else if (in.accept("exclusive"))
			r.exclusive = true;
		else
			return usage("unexpected '" + std::string(in.peek()) +
				     "' after 'rtpengine id " + std::string(id) +
				     "' (only 'create' and 'exclusive')");
	}
	return r;
}

std::string format_daddr(const Daddr &d)
{
	char buf[INET6_ADDRSTRLEN] = {};
	::inet_ntop(d.v6 ? AF_INET6 : AF_INET, d.addr.data(), buf, sizeof(buf));
	std::string s = std::string(d.v6 ? "ip6" : "ip") + " daddr " + buf;
	if (d.prefix != (d.v6 ? 128 : 32))
		s += "/" + std::to_string(d.prefix);
	return s;
}

struct ItemFormatter {
	bool for_save;

	std::string operator()(const L4protoUdp &) const { return "meta l4proto udp"; }
	std::string operator()(const UdpDport &p) const
	{
		std::string s = "udp dport " + std::to_string(p.low);
		if (p.high != p.low)
			s += "-" + std::to_string(p.high);
		return s;
	}
	std::string operator()(const Daddr &d) const { return format_daddr(d); }
	std::string operator()(const Iifname &i) const { return "iifname \"" + i.name + "\""; }
	std::string operator()(const Counter &c) const
	{
		if (for_save)
			return "counter";
		return "counter packets " + std::to_string(c.packets) + " bytes " +
		       std::to_string(c.bytes);
	}
	std::string operator()(const Rtpengine &r) const
	{
		std::string s = "rtpengine id " + std::to_string(r.table);
		if (r.create)
			s += " create";
		if (r.exclusive)
			s += " exclusive";
		return s;
	}
	std::string operator()(const Unknown &u) const { return "[" + u.name + "]"; }
};

} // namespace

std::optional<Family> parse_family(std::string_view word)
{
	if (word == "inet")
		return Family::inet;
	if (word == "ip")
		return Family::ip;
	if (word == "ip6")
		return Family::ip6;
	if (word == "netdev")
		return Family::netdev;
	return std::nullopt;
}

std::string_view family_name(Family family)
{
	switch (family) {
	case Family::ip:
		return "ip";
	case Family::ip6:
		return "ip6";
	case Family::netdev:
		return "netdev";
	case Family::inet:
		break;
	}
	return "inet";
}

const Rtpengine *Rule::rtpengine() const
{
	for (const Item &item : items)
		if (const auto *r = std::get_if<Rtpengine>(&item))
			return r;
	return nullptr;
}

bool Rule::savable() const
{
	for (const Item &item : items)
		if (std::holds_alternative<Unknown>(item))
			return false;
	return true;
}

Result<Rule> parse_rule(std::span<const std::string_view> words)
{
	if (words.size() < 3)
		return usage("expected FAMILY TABLE CHAIN, then the rule");
	Rule rule;
	const auto family = parse_family(words[0]);
	if (!family)
		return usage("unsupported family '" + std::string(words[0]) + "' (supported: " +
			     std::string(supported_families) + ")");
	rule.family = *family;
	rule.table = std::string(words[1]);
	rule.chain = std::string(words[2]);

	WordReader in(words.subspan(3));
	if (in.accept("index")) {
		const std::string_view word = in.next();
		rule.index = parse_number<std::uint32_t>(word);
		if (!rule.index)
			return usage("invalid index '" + std::string(word) + "'");
	}
	while (!in.done()) {
		if (in.accept("rtpengine")) {
			auto r = parse_rtpengine(in);
			if (!r)
				return r.error();
			rule.items.emplace_back(*r);
			return rule;
		}
		auto match = parse_match(in, rule.family, rule.items);
		if (!match)
			return match.error();
		rule.items.push_back(std::move(*match));
	}
	return usage("missing 'rtpengine id N' at the end of the rule");
}

std::string format_items(const Rule &rule, bool for_save)
{
	std::string s;
	for (const Item &item : rule.items) {
		if (!s.empty())
			s += ' ';
		s += std::visit(ItemFormatter{for_save}, item);
	}
	return s;
}

} // namespace rtpnl::nft
