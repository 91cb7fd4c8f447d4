// nf_tables messages for rules with the rtpengine expression (see
// nft_codec.hpp). Every expression goes in an NFTA_LIST_ELEM nest of
// NFTA_RULE_EXPRESSIONS; register 1 carries each match's value, as nft does.
//
// Rules are built as nftnl_rule / nftnl_expr objects, as the nft tool does.
// libnftnl has no ops for "rtpengine" (nftnl_expr_alloc("rtpengine") is
// NULL), so that expression, and whatever follows it, is appended with
// libmnl into the NFTA_RULE_EXPRESSIONS nest libnftnl wrote last.
#include "rtpnl/nft_codec.hpp"

// glibc's netinet/in.h first: it tells linux/in.h what it defined already.
#include <arpa/inet.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nft_rtpengine.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <endian.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <new>

namespace rtpnl::nft {

namespace {

// Enough for the longest rule parse_rule() accepts (see max_items).
constexpr std::size_t message_max = 65536;
constexpr std::size_t max_items = 64;
constexpr std::size_t ifname_size = 16; // IFNAMSIZ: nft compares all of it

constexpr std::size_t nl_align(std::size_t len) { return (len + 3) & ~std::size_t{3}; }
// MNL_NLMSG_HDRLEN without its signed arithmetic.
constexpr std::size_t nlmsg_hdrlen = nl_align(sizeof(nlmsghdr));

// Offsets of what rtpnl matches, in their headers.
constexpr std::uint32_t udp_dport_offset = 2;
constexpr std::uint32_t ipv4_daddr_offset = 16;
constexpr std::uint32_t ipv6_daddr_offset = 24;

// libnftnl objects, freed by their own functions.
template <auto Free>
struct Deleter {
	template <typename T>
	void operator()(T *p) const { Free(p); }
};
using RulePtr = std::unique_ptr<nftnl_rule, Deleter<nftnl_rule_free>>;
using ExprPtr = std::unique_ptr<nftnl_expr, Deleter<nftnl_expr_free>>;
using TablePtr = std::unique_ptr<nftnl_table, Deleter<nftnl_table_free>>;
using ChainPtr = std::unique_ptr<nftnl_chain, Deleter<nftnl_chain_free>>;
using ExprIterPtr = std::unique_ptr<nftnl_expr_iter, Deleter<nftnl_expr_iter_destroy>>;

// libnftnl's allocators return NULL only when out of memory.
template <typename Ptr>
Ptr checked(Ptr p)
{
	if (!p)
		throw std::bad_alloc();
	return p;
}

// ---- building ----------------------------------------------------------------

// One nf_tables message: header by libnftnl, payload added by the caller.
class Message {
public:
	Message(std::uint16_t type, std::uint16_t flags, std::uint8_t family, std::uint32_t seq)
		: buf_(message_max),
		  nlh_(nftnl_nlmsg_build_hdr(reinterpret_cast<char *>(buf_.data()), type, family, flags,
					     seq))
	{
	}
	nlmsghdr *nlh() { return nlh_; }
	Bytes take() &&
	{
		buf_.resize(nlh_->nlmsg_len);
		return std::move(buf_);
	}

private:
	Bytes buf_;
	nlmsghdr *nlh_;
};

ExprPtr expr(const char *name) { return checked(ExprPtr(nftnl_expr_alloc(name))); }

ExprPtr meta_load(std::uint32_t key)
{
	ExprPtr e = expr("meta");
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_META_DREG, NFT_REG_1);
	return e;
}

ExprPtr payload_load(std::uint32_t base, std::uint32_t offset, std::uint32_t len)
{
	ExprPtr e = expr("payload");
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_PAYLOAD_LEN, len);
	return e;
}

ExprPtr cmp_eq(const void *data, std::uint32_t len)
{
	ExprPtr e = expr("cmp");
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e.get(), NFTNL_EXPR_CMP_DATA, data, len);
	return e;
}

ExprPtr range_eq(const void *from, const void *to, std::uint32_t len)
{
	ExprPtr e = expr("range");
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_RANGE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_RANGE_OP, NFT_RANGE_EQ);
	nftnl_expr_set(e.get(), NFTNL_EXPR_RANGE_FROM_DATA, from, len);
	nftnl_expr_set(e.get(), NFTNL_EXPR_RANGE_TO_DATA, to, len);
	return e;
}

ExprPtr mask(const void *mask_bytes, std::uint32_t len)
{
	const std::array<std::uint8_t, 16> zero{};
	ExprPtr e = expr("bitwise");
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e.get(), NFTNL_EXPR_BITWISE_MASK, mask_bytes, len);
	nftnl_expr_set(e.get(), NFTNL_EXPR_BITWISE_XOR, zero.data(), len);
	return e;
}

std::array<std::uint8_t, 16> prefix_mask(unsigned prefix)
{
	std::array<std::uint8_t, 16> m{};
	for (unsigned i = 0; i < prefix; ++i)
		m[i / 8] = static_cast<std::uint8_t>(m[i / 8] | (0x80 >> (i % 8)));
	return m;
}

// The stock expressions of one match (none for rtpengine).
std::vector<ExprPtr> stock_exprs(const Rule &rule, const Item &item, const Item *previous)
{
	std::vector<ExprPtr> out;
	const std::uint8_t udp = IPPROTO_UDP;
	if (std::holds_alternative<L4protoUdp>(item)) {
		out.push_back(meta_load(NFT_META_L4PROTO));
		out.push_back(cmp_eq(&udp, 1));
	} else if (const auto *p = std::get_if<UdpDport>(&item)) {
		// The protocol dependency nft adds, unless the rule just said it.
		if (!previous || !std::holds_alternative<L4protoUdp>(*previous)) {
			out.push_back(meta_load(NFT_META_L4PROTO));
			out.push_back(cmp_eq(&udp, 1));
		}
		out.push_back(payload_load(NFT_PAYLOAD_TRANSPORT_HEADER, udp_dport_offset, 2));
		const std::uint16_t low = htons(p->low), high = htons(p->high);
		out.push_back(p->low == p->high ? cmp_eq(&low, 2) : range_eq(&low, &high, 2));
	} else if (const auto *d = std::get_if<Daddr>(&item)) {
		const std::uint32_t len = d->v6 ? 16 : 4;
		if (rule.family == Family::inet) {
			const std::uint8_t proto = d->v6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
			out.push_back(meta_load(NFT_META_NFPROTO));
			out.push_back(cmp_eq(&proto, 1));
		}
		out.push_back(payload_load(NFT_PAYLOAD_NETWORK_HEADER,
					   d->v6 ? ipv6_daddr_offset : ipv4_daddr_offset, len));
		if (d->prefix != len * 8) {
			const auto m = prefix_mask(d->prefix);
			out.push_back(mask(m.data(), len));
		}
		out.push_back(cmp_eq(d->addr.data(), len));
	} else if (const auto *i = std::get_if<Iifname>(&item)) {
		std::array<char, ifname_size> name{};
		std::memcpy(name.data(), i->name.data(), std::min(i->name.size(), ifname_size - 1));
		out.push_back(meta_load(NFT_META_IIFNAME));
		out.push_back(cmp_eq(name.data(), ifname_size));
	} else if (std::holds_alternative<Counter>(item)) {
		out.push_back(expr("counter"));
	}
	return out;
}

// A stock expression written into an open NFTA_RULE_EXPRESSIONS nest.
void put_expr(nlmsghdr *nlh, const nftnl_expr *e)
{
	nlattr *elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	nftnl_expr_build_payload(nlh, const_cast<nftnl_expr *>(e));
	mnl_attr_nest_end(nlh, elem);
}

// The rtpengine expression, with libmnl: libnftnl has no ops for it.
void put_rtpengine(nlmsghdr *nlh, const Rtpengine &r)
{
	nlattr *elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	mnl_attr_put_strz(nlh, NFTA_EXPR_NAME, NFT_RTPENGINE_NAME);
	nlattr *data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	mnl_attr_put_u32(nlh, NFTA_RTPENGINE_TABLE, r.table); // host order
	if (r.create)
		mnl_attr_put(nlh, NFTA_RTPENGINE_CREATE, 0, nullptr);
	if (r.exclusive)
		mnl_attr_put(nlh, NFTA_RTPENGINE_EXCLUSIVE, 0, nullptr);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, elem);
}

int last_attr(const nlattr *a, void *data)
{
	*static_cast<const nlattr **>(data) = a;
	return MNL_CB_OK;
}

// The NFTA_RULE_EXPRESSIONS nest nftnl_rule_nlmsg_build_payload() wrote
// last (it writes nothing after it for the attributes set here), to be
// extended; a new one when the rule had no stock expression.
nlattr *reopen_expressions(nlmsghdr *nlh)
{
	const nlattr *last = nullptr;
	mnl_attr_parse(nlh, sizeof(nfgenmsg), last_attr, &last);
	if (last && mnl_attr_get_type(last) == NFTA_RULE_EXPRESSIONS)
		return const_cast<nlattr *>(last);
	return mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS);
}

RulePtr rule_object(const std::string &table, const std::string &chain)
{
	RulePtr r = checked(RulePtr(nftnl_rule_alloc()));
	if (!table.empty())
		nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, table.c_str());
	if (!chain.empty())
		nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, chain.c_str());
	return r;
}

// ---- reading -----------------------------------------------------------------

Error malformed(std::string what)
{
	return Error::local(EBADMSG, "malformed nf_tables rule message: " + std::move(what));
}

using Span = std::span<const std::uint8_t>;

// The attributes of one nest (or message payload), by type; the last wins.
using Attrs = std::map<std::uint16_t, const nlattr *>;

Attrs attrs_of(const nlattr *first, std::size_t len)
{
	Attrs out;
	const nlattr *a = first;
	auto left = static_cast<int>(len);
	while (mnl_attr_ok(a, left)) {
		out[mnl_attr_get_type(a)] = a;
		const nlattr *next = mnl_attr_next(a);
		left -= static_cast<int>(reinterpret_cast<const char *>(next) -
					 reinterpret_cast<const char *>(a));
		a = next;
	}
	return out;
}

Attrs nested(const nlattr *nest)
{
	return attrs_of(static_cast<const nlattr *>(mnl_attr_get_payload(nest)),
			mnl_attr_get_payload_len(nest));
}

Span payload(const nlattr *a)
{
	return {static_cast<const std::uint8_t *>(mnl_attr_get_payload(a)),
		mnl_attr_get_payload_len(a)};
}

// One expression as read: its name and its NFTA_EXPR_DATA attributes.
struct RawExpr {
	std::string name;
	Attrs data;

	std::optional<std::uint32_t> be32(std::uint16_t type) const
	{
		auto it = data.find(type);
		if (it == data.end() || mnl_attr_get_payload_len(it->second) != 4)
			return std::nullopt;
		return ntohl(mnl_attr_get_u32(it->second));
	}
	std::optional<std::uint64_t> be64(std::uint16_t type) const
	{
		auto it = data.find(type);
		if (it == data.end() || mnl_attr_get_payload_len(it->second) != 8)
			return std::nullopt;
		return be64toh(mnl_attr_get_u64(it->second));
	}
	// The NFTA_DATA_VALUE inside a data nest (cmp, range, bitwise).
	std::optional<Span> value(std::uint16_t type) const
	{
		auto it = data.find(type);
		if (it == data.end())
			return std::nullopt;
		const Attrs inner = nested(it->second);
		auto v = inner.find(NFTA_DATA_VALUE);
		if (v == inner.end())
			return std::nullopt;
		return payload(v->second);
	}
};

bool is_meta(const RawExpr &e, std::uint32_t key)
{
	return e.name == "meta" && e.be32(NFTA_META_KEY) == key &&
	       e.be32(NFTA_META_DREG).has_value();
}

bool is_payload(const RawExpr &e, std::uint32_t base, std::uint32_t offset, std::uint32_t len)
{
	return e.name == "payload" && e.be32(NFTA_PAYLOAD_BASE) == base &&
	       e.be32(NFTA_PAYLOAD_OFFSET) == offset && e.be32(NFTA_PAYLOAD_LEN) == len &&
	       e.be32(NFTA_PAYLOAD_DREG).has_value();
}

// The value a "cmp eq" compares with, if that is what `e` is.
std::optional<Span> cmp_eq_value(const RawExpr &e, std::size_t len)
{
	if (e.name != "cmp" || e.be32(NFTA_CMP_OP) != NFT_CMP_EQ)
		return std::nullopt;
	auto v = e.value(NFTA_CMP_DATA);
	if (!v || v->size() != len)
		return std::nullopt;
	return v;
}

std::uint16_t be16_at(Span s) { return static_cast<std::uint16_t>((s[0] << 8) | s[1]); }

// Matches the expressions at `at` against what stock_exprs() builds; on
// success consumes them and returns the item.
class ItemReader {
public:
	explicit ItemReader(const std::vector<RawExpr> &exprs) : e_(exprs) {}

	bool done() const { return at_ >= e_.size(); }

	Item next()
	{
		if (auto item = l4proto_udp())
			return *item;
		if (auto item = udp_dport())
			return *item;
		if (auto item = nfproto_daddr())
			return *item;
		if (auto item = daddr())
			return *item;
		if (auto item = iifname())
			return *item;
		const RawExpr &e = e_[at_++];
		if (e.name == "counter")
			return Counter{e.be64(NFTA_COUNTER_PACKETS).value_or(0),
				       e.be64(NFTA_COUNTER_BYTES).value_or(0)};
		if (e.name == NFT_RTPENGINE_NAME)
			return rtpengine(e);
		return Unknown{e.name};
	}

private:
	const RawExpr *at(std::size_t i) const { return at_ + i < e_.size() ? &e_[at_ + i] : nullptr; }

	bool meta_cmp(std::size_t i, std::uint32_t key, std::uint8_t value) const
	{
		const RawExpr *load = at(i), *cmp = at(i + 1);
		if (!load || !cmp || !is_meta(*load, key))
			return false;
		auto v = cmp_eq_value(*cmp, 1);
		return v && (*v)[0] == value;
	}

	std::optional<Item> l4proto_udp()
	{
		if (!meta_cmp(0, NFT_META_L4PROTO, IPPROTO_UDP))
			return std::nullopt;
		// The dependency of a following "udp dport": one item.
		at_ += 2;
		if (auto p = udp_dport())
			return p;
		return L4protoUdp{};
	}

	std::optional<Item> udp_dport()
	{
		const RawExpr *load = at(0), *test = at(1);
		if (!load || !test || !is_payload(*load, NFT_PAYLOAD_TRANSPORT_HEADER, udp_dport_offset, 2))
			return std::nullopt;
		if (auto v = cmp_eq_value(*test, 2)) {
			at_ += 2;
			return UdpDport{be16_at(*v), be16_at(*v)};
		}
		if (test->name == "range" && test->be32(NFTA_RANGE_OP) == NFT_RANGE_EQ) {
			auto from = test->value(NFTA_RANGE_FROM_DATA), to = test->value(NFTA_RANGE_TO_DATA);
			if (from && to && from->size() == 2 && to->size() == 2) {
				at_ += 2;
				return UdpDport{be16_at(*from), be16_at(*to)};
			}
		}
		return std::nullopt;
	}

	// "meta nfproto ipv4|ipv6" followed by the matching daddr: one item.
	std::optional<Item> nfproto_daddr()
	{
		for (const bool v6 : {false, true}) {
			if (!meta_cmp(0, NFT_META_NFPROTO, v6 ? NFPROTO_IPV6 : NFPROTO_IPV4))
				continue;
			at_ += 2;
			if (auto d = daddr(); d && std::get<Daddr>(*d).v6 == v6)
				return d;
			at_ -= 2;
		}
		return std::nullopt;
	}

	std::optional<Item> daddr()
	{
		for (const bool v6 : {false, true}) {
			const std::uint32_t len = v6 ? 16 : 4;
			const RawExpr *load = at(0);
			if (!load || !is_payload(*load, NFT_PAYLOAD_NETWORK_HEADER,
						 v6 ? ipv6_daddr_offset : ipv4_daddr_offset, len))
				continue;
			Daddr d{v6, {}, static_cast<std::uint8_t>(len * 8)};
			std::size_t used = 1;
			if (const RawExpr *bw = at(1); bw && bw->name == "bitwise") {
				auto prefix = mask_prefix(*bw, len);
				if (!prefix)
					continue;
				d.prefix = *prefix;
				used = 2;
			}
			const RawExpr *cmp = at(used);
			auto v = cmp ? cmp_eq_value(*cmp, len) : std::nullopt;
			if (!v)
				continue;
			std::memcpy(d.addr.data(), v->data(), len);
			at_ += used + 1;
			return d;
		}
		return std::nullopt;
	}

	// The prefix length of a "reg & mask ^ 0" with a contiguous mask.
	static std::optional<std::uint8_t> mask_prefix(const RawExpr &bw, std::uint32_t len)
	{
		auto mask = bw.value(NFTA_BITWISE_MASK), xr = bw.value(NFTA_BITWISE_XOR);
		if (!mask || !xr || mask->size() != len || xr->size() != len)
			return std::nullopt;
		for (std::uint8_t b : *xr)
			if (b)
				return std::nullopt;
		unsigned prefix = 0;
		while (prefix < len * 8 && ((*mask)[prefix / 8] & (0x80 >> (prefix % 8))))
			++prefix;
		if (prefix_mask(prefix) != [&] {
			    std::array<std::uint8_t, 16> m{};
			    std::memcpy(m.data(), mask->data(), len);
			    return m;
		    }())
			return std::nullopt;
		return static_cast<std::uint8_t>(prefix);
	}

	std::optional<Item> iifname()
	{
		const RawExpr *load = at(0), *cmp = at(1);
		if (!load || !cmp || !is_meta(*load, NFT_META_IIFNAME))
			return std::nullopt;
		auto v = cmp_eq_value(*cmp, ifname_size);
		if (!v || (*v)[ifname_size - 1] != 0)
			return std::nullopt;
		at_ += 2;
		return Iifname{std::string(reinterpret_cast<const char *>(v->data()))};
	}

	static Item rtpengine(const RawExpr &e)
	{
		Rtpengine r;
		auto t = e.data.find(NFTA_RTPENGINE_TABLE);
		if (t == e.data.end() || mnl_attr_get_payload_len(t->second) != 4)
			return Unknown{e.name};
		r.table = mnl_attr_get_u32(t->second);
		r.create = e.data.count(NFTA_RTPENGINE_CREATE) > 0;
		r.exclusive = e.data.count(NFTA_RTPENGINE_EXCLUSIVE) > 0;
		return r;
	}

	const std::vector<RawExpr> &e_;
	std::size_t at_ = 0;
};

} // namespace

Result<Bytes> encode_new_rule(const Rule &rule, bool append, std::uint32_t seq,
			      std::optional<std::uint64_t> position)
{
	if (rule.items.size() > max_items)
		return Error::local(E2BIG, "too many matches (at most " +
						   std::to_string(max_items) + ")");
	if (!rule.savable())
		return Error::local(EINVAL, "the rule holds an expression rtpnl cannot build");
	const auto flags = static_cast<std::uint16_t>(NLM_F_CREATE | NLM_F_ACK |
						      (append ? NLM_F_APPEND : 0));
	Message m(NFT_MSG_NEWRULE, flags, static_cast<std::uint8_t>(rule.family), seq);
	RulePtr r = rule_object(rule.table, rule.chain);
	if (position)
		nftnl_rule_set_u64(r.get(), NFTNL_RULE_POSITION, *position);
	// libnftnl takes the stock expressions up to the first rtpengine one;
	// that and all after it are appended to the nest libnftnl wrote.
	std::size_t i = 0;
	const Item *previous = nullptr;
	for (; i < rule.items.size() && !std::holds_alternative<Rtpengine>(rule.items[i]); ++i) {
		for (ExprPtr &e : stock_exprs(rule, rule.items[i], previous))
			nftnl_rule_add_expr(r.get(), e.release());
		previous = &rule.items[i];
	}
	nftnl_rule_nlmsg_build_payload(m.nlh(), r.get());
	if (i < rule.items.size()) {
		nlattr *list = reopen_expressions(m.nlh());
		for (; i < rule.items.size(); ++i) {
			if (const auto *rtp = std::get_if<Rtpengine>(&rule.items[i]))
				put_rtpengine(m.nlh(), *rtp);
			for (const ExprPtr &e : stock_exprs(rule, rule.items[i], previous))
				put_expr(m.nlh(), e.get());
			previous = &rule.items[i];
		}
		mnl_attr_nest_end(m.nlh(), list);
	}
	return std::move(m).take();
}

Bytes encode_del_rule(Family family, const std::string &table, const std::string &chain,
		      std::uint64_t handle, std::uint32_t seq)
{
	Message m(NFT_MSG_DELRULE, NLM_F_ACK, static_cast<std::uint8_t>(family), seq);
	RulePtr r = rule_object(table, chain);
	nftnl_rule_set_u64(r.get(), NFTNL_RULE_HANDLE, handle);
	nftnl_rule_nlmsg_build_payload(m.nlh(), r.get());
	return std::move(m).take();
}

Bytes encode_get_rules(std::optional<Family> family, const std::string &table,
		       const std::string &chain, std::uint32_t seq)
{
	Message m(NFT_MSG_GETRULE, NLM_F_DUMP,
		  family ? static_cast<std::uint8_t>(*family) : static_cast<std::uint8_t>(NFPROTO_UNSPEC),
		  seq);
	nftnl_rule_nlmsg_build_payload(m.nlh(), rule_object(table, chain).get());
	return std::move(m).take();
}

Bytes encode_get_table(Family family, const std::string &table, std::uint32_t seq)
{
	Message m(NFT_MSG_GETTABLE, NLM_F_ACK, static_cast<std::uint8_t>(family), seq);
	TablePtr t = checked(TablePtr(nftnl_table_alloc()));
	nftnl_table_set_str(t.get(), NFTNL_TABLE_NAME, table.c_str());
	nftnl_table_nlmsg_build_payload(m.nlh(), t.get());
	return std::move(m).take();
}

Bytes encode_get_chain(Family family, const std::string &table, const std::string &chain,
		       std::uint32_t seq)
{
	Message m(NFT_MSG_GETCHAIN, NLM_F_ACK, static_cast<std::uint8_t>(family), seq);
	ChainPtr c = checked(ChainPtr(nftnl_chain_alloc()));
	if (!table.empty())
		nftnl_chain_set_str(c.get(), NFTNL_CHAIN_TABLE, table.c_str());
	if (!chain.empty())
		nftnl_chain_set_str(c.get(), NFTNL_CHAIN_NAME, chain.c_str());
	nftnl_chain_nlmsg_build_payload(m.nlh(), c.get());
	return std::move(m).take();
}

Bytes encode_batch(std::span<const Bytes> messages, std::uint32_t seq)
{
	std::array<char, nlmsg_hdrlen + sizeof(nfgenmsg)> edge{};
	Bytes out;
	auto append = [&out](const void *p, std::size_t len) {
		const auto *b = static_cast<const std::uint8_t *>(p);
		out.insert(out.end(), b, b + len);
	};
	auto *begin = nftnl_batch_begin(edge.data(), seq);
	append(begin, begin->nlmsg_len);
	for (const Bytes &msg : messages)
		append(msg.data(), msg.size());
	auto *end = nftnl_batch_end(edge.data(), seq + static_cast<std::uint32_t>(messages.size()) + 1);
	append(end, end->nlmsg_len);
	return out;
}

Result<Rule> decode_rule(std::span<const std::uint8_t> message)
{
	const auto *nlh = reinterpret_cast<const nlmsghdr *>(message.data());
	if (message.size() < nlmsg_hdrlen + sizeof(nfgenmsg) ||
	    !mnl_nlmsg_ok(nlh, static_cast<int>(message.size())))
		return malformed("short message");
	if ((nlh->nlmsg_type & 0xff) != NFT_MSG_NEWRULE || (nlh->nlmsg_type >> 8) != NFNL_SUBSYS_NFTABLES)
		return malformed("not a rule");
	const auto *nfg = static_cast<const nfgenmsg *>(mnl_nlmsg_get_payload(nlh));
	Rule rule;
	switch (nfg->nfgen_family) {
	case NFPROTO_INET:
	case NFPROTO_IPV4:
	case NFPROTO_IPV6:
		rule.family = static_cast<Family>(nfg->nfgen_family);
		break;
	default:
		return Error::local(EAFNOSUPPORT, "rule of family " +
							  std::to_string(nfg->nfgen_family));
	}
	const auto *first = static_cast<const nlattr *>(mnl_nlmsg_get_payload_offset(nlh, sizeof(nfgenmsg)));
	const Attrs attrs = attrs_of(first, nlh->nlmsg_len - nlmsg_hdrlen - nl_align(sizeof(nfgenmsg)));
	auto table = attrs.find(NFTA_RULE_TABLE), chain = attrs.find(NFTA_RULE_CHAIN);
	auto handle = attrs.find(NFTA_RULE_HANDLE), exprs = attrs.find(NFTA_RULE_EXPRESSIONS);
	if (table == attrs.end() || chain == attrs.end() || handle == attrs.end() ||
	    mnl_attr_validate(table->second, MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_validate(chain->second, MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_get_payload_len(handle->second) != 8)
		return malformed("table, chain or handle missing");
	rule.table = mnl_attr_get_str(table->second);
	rule.chain = mnl_attr_get_str(chain->second);
	rule.handle = be64toh(mnl_attr_get_u64(handle->second));

	std::vector<RawExpr> raw;
	if (exprs != attrs.end()) {
		// Elements in order: walk the nest rather than a map.
		const nlattr *a = static_cast<const nlattr *>(mnl_attr_get_payload(exprs->second));
		auto left = static_cast<int>(mnl_attr_get_payload_len(exprs->second));
		while (mnl_attr_ok(a, left)) {
			const Attrs elem = nested(a);
			auto name = elem.find(NFTA_EXPR_NAME);
			if (mnl_attr_get_type(a) != NFTA_LIST_ELEM || name == elem.end() ||
			    mnl_attr_validate(name->second, MNL_TYPE_NUL_STRING) < 0)
				return malformed("expression without a name");
			auto data = elem.find(NFTA_EXPR_DATA);
			raw.push_back({mnl_attr_get_str(name->second),
				       data == elem.end() ? Attrs{} : nested(data->second)});
			const nlattr *next = mnl_attr_next(a);
			left -= static_cast<int>(reinterpret_cast<const char *>(next) -
						 reinterpret_cast<const char *>(a));
			a = next;
		}
	}
	ItemReader reader(raw);
	while (!reader.done())
		rule.items.push_back(reader.next());
	return rule;
}

} // namespace rtpnl::nft
