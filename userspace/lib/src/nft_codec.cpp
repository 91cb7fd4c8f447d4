// SPDX-License-Identifier: LGPL-2.1-or-later
// nf_tables messages for rules with the rtpengine expression (see
// nft_codec.hpp), through libnftnl and libmnl as the nft tool does. Every
// expression goes in an NFTA_LIST_ELEM nest of NFTA_RULE_EXPRESSIONS;
// register 1 carries each match's value, as nft does.
//
// The bytecode of each match is what nft 1.0.6 (bookworm) generates for the
// same words, in every family: "udp dport P-Q" is "cmp gte P" and "cmp lte
// Q" on the loaded port, a prefix of whole bytes loads only those bytes
// (no bitwise), and "ip daddr" depends on "meta nfproto" in inet and on
// "meta protocol" (the ethertype) in netdev. Reading accepts that and the
// forms older rtpnl built ("range eq", a full load masked by bitwise).
//
// What libnftnl (1.2.4, bookworm) cannot do, and why the code is as it is:
// - It has no ops for "rtpengine": nftnl_expr_alloc("rtpengine") returns
//   NULL, so libnftnl can neither build that expression nor parse it. Worse,
//   nftnl_rule_nlmsg_parse() fails as a whole (-1) on a rule holding any
//   expression it does not know, and it exit()s the process ("nf_tables
//   kernel ABI is broken") on an attribute of a known expression whose size
//   is wrong (both tried against the installed library).
// - So a rule is built with nftnl_rule / nftnl_expr objects, and the
//   rtpengine expression (and whatever follows it) is appended with libmnl
//   into the NFTA_RULE_EXPRESSIONS nest libnftnl wrote last.
// - A rule is read with libmnl's attribute parser (parse_nest(), the one
//   attribute reader here), checking every attribute against a policy; the
//   checked attributes of the expressions rtpnl matches are copied into a
//   second message, which libnftnl parses and which rtpnl then reads through
//   nftnl_expr getters. The rtpengine nest is read by parse_nest() alone;
//   other expressions are reported by name (Unknown).
#include "rtpnl/nft_codec.hpp"

// glibc's netinet/in.h first: it tells linux/in.h what it defined already.
#include <arpa/inet.h>

#include <linux/if_ether.h>
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

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <utility>

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

ExprPtr cmp(std::uint32_t op, const void *data, std::uint32_t len)
{
	ExprPtr e = expr("cmp");
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e.get(), NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e.get(), NFTNL_EXPR_CMP_DATA, data, len);
	return e;
}

ExprPtr cmp_eq(const void *data, std::uint32_t len) { return cmp(NFT_CMP_EQ, data, len); }

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

// What the rule's earlier matches established, as nft tracks it: nft adds
// a dependency once per rule, not before every match that needs it.
struct Known {
	bool udp = false;
	std::array<bool, 2> ip{}; // [v6]: the IPv4 / IPv6 dependency
};

// The stock expressions of one match (none for rtpengine).
std::vector<ExprPtr> stock_exprs(const Rule &rule, const Item &item, Known &known)
{
	std::vector<ExprPtr> out;
	const std::uint8_t udp = IPPROTO_UDP;
	if (std::holds_alternative<L4protoUdp>(item)) {
		out.push_back(meta_load(NFT_META_L4PROTO));
		out.push_back(cmp_eq(&udp, 1));
		known.udp = true;
	} else if (const auto *p = std::get_if<UdpDport>(&item)) {
		// The protocol dependency nft adds, unless the rule said it.
		if (!known.udp) {
			out.push_back(meta_load(NFT_META_L4PROTO));
			out.push_back(cmp_eq(&udp, 1));
			known.udp = true;
		}
		out.push_back(payload_load(NFT_PAYLOAD_TRANSPORT_HEADER, udp_dport_offset, 2));
		const std::uint16_t low = htons(p->low), high = htons(p->high);
		if (p->low == p->high) {
			out.push_back(cmp_eq(&low, 2));
		} else {
			out.push_back(cmp(NFT_CMP_GTE, &low, 2));
			out.push_back(cmp(NFT_CMP_LTE, &high, 2));
		}
	} else if (const auto *d = std::get_if<Daddr>(&item)) {
		const std::uint32_t full = d->v6 ? 16 : 4;
		if (std::exchange(known.ip[d->v6], true)) {
			// said already
		} else if (rule.family == Family::inet) {
			const std::uint8_t proto = d->v6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
			out.push_back(meta_load(NFT_META_NFPROTO));
			out.push_back(cmp_eq(&proto, 1));
		} else if (rule.family == Family::netdev) {
			// No IP stack yet: the ethertype tells IPv4 from IPv6.
			const std::uint16_t proto = htons(d->v6 ? ETH_P_IPV6 : ETH_P_IP);
			out.push_back(meta_load(NFT_META_PROTOCOL));
			out.push_back(cmp_eq(&proto, 2));
		}
		// A prefix of whole bytes loads only those; another is masked.
		const bool whole = d->prefix && d->prefix % 8 == 0;
		const std::uint32_t len = whole ? d->prefix / 8u : full;
		out.push_back(payload_load(NFT_PAYLOAD_NETWORK_HEADER,
					   d->v6 ? ipv6_daddr_offset : ipv4_daddr_offset, len));
		if (!whole) {
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
void put_expr(nlmsghdr *nlh, nftnl_expr *e)
{
	nlattr *elem = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);
	nftnl_expr_build_payload(nlh, e);
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
		return const_cast<nlattr *>(last); // in the message being built
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

// An attribute type rtpnl reads and what libmnl must find it to be; for a
// nest, the policy of what it holds.
struct Field {
	std::uint16_t type;
	mnl_attr_data_type kind;
	std::span<const Field> inner{};
};
using Policy = std::span<const Field>;

// The attributes of one nest (or message payload) that a policy names, by
// type (the last wins); the others are skipped.
constexpr std::uint16_t attr_max = 16;
using Attrs = std::array<const nlattr *, attr_max + 1>;

struct ParseState {
	Policy policy;
	Attrs *attrs;
};

int collect(const nlattr *a, void *data)
{
	const auto *s = static_cast<ParseState *>(data);
	const std::uint16_t type = mnl_attr_get_type(a);
	for (const Field &f : s->policy) {
		if (f.type != type)
			continue;
		if (mnl_attr_validate(a, f.kind) < 0)
			return MNL_CB_ERROR;
		(*s->attrs)[type] = a;
	}
	return MNL_CB_OK;
}

// The one attribute reader: libmnl walks the nest, every attribute the
// policy names is validated. nullopt when one is not what the policy says.
std::optional<Attrs> parse_nest(const nlattr *nest, Policy policy)
{
	Attrs attrs{};
	ParseState s{policy, &attrs};
	if (mnl_attr_parse_nested(nest, collect, &s) < 0)
		return std::nullopt;
	return attrs;
}

// What the libnftnl ops of the expressions rtpnl reads validate (with
// exit() on failure): only attributes checked here reach libnftnl.
constexpr Field data_policy[] = {{NFTA_DATA_VALUE, MNL_TYPE_BINARY}};
constexpr Field meta_policy[] = {{NFTA_META_KEY, MNL_TYPE_U32}, {NFTA_META_DREG, MNL_TYPE_U32}};
constexpr Field payload_policy[] = {{NFTA_PAYLOAD_DREG, MNL_TYPE_U32},
				    {NFTA_PAYLOAD_BASE, MNL_TYPE_U32},
				    {NFTA_PAYLOAD_OFFSET, MNL_TYPE_U32},
				    {NFTA_PAYLOAD_LEN, MNL_TYPE_U32}};
constexpr Field cmp_policy[] = {{NFTA_CMP_SREG, MNL_TYPE_U32},
				{NFTA_CMP_OP, MNL_TYPE_U32},
				{NFTA_CMP_DATA, MNL_TYPE_NESTED, data_policy}};
constexpr Field range_policy[] = {{NFTA_RANGE_SREG, MNL_TYPE_U32},
				  {NFTA_RANGE_OP, MNL_TYPE_U32},
				  {NFTA_RANGE_FROM_DATA, MNL_TYPE_NESTED, data_policy},
				  {NFTA_RANGE_TO_DATA, MNL_TYPE_NESTED, data_policy}};
constexpr Field bitwise_policy[] = {{NFTA_BITWISE_SREG, MNL_TYPE_U32},
				    {NFTA_BITWISE_DREG, MNL_TYPE_U32},
				    {NFTA_BITWISE_LEN, MNL_TYPE_U32},
				    {NFTA_BITWISE_MASK, MNL_TYPE_NESTED, data_policy},
				    {NFTA_BITWISE_XOR, MNL_TYPE_NESTED, data_policy}};
constexpr Field counter_policy[] = {{NFTA_COUNTER_BYTES, MNL_TYPE_U64},
				    {NFTA_COUNTER_PACKETS, MNL_TYPE_U64}};
struct StockPolicy {
	const char *name;
	Policy policy;
};
constexpr StockPolicy stock_policies[] = {
	{"meta", meta_policy},   {"payload", payload_policy}, {"cmp", cmp_policy},
	{"range", range_policy}, {"bitwise", bitwise_policy}, {"counter", counter_policy},
};

constexpr Field rtpengine_policy[] = {{NFTA_RTPENGINE_TABLE, MNL_TYPE_U32},
				      {NFTA_RTPENGINE_CREATE, MNL_TYPE_FLAG},
				      {NFTA_RTPENGINE_EXCLUSIVE, MNL_TYPE_FLAG}};
constexpr Field elem_policy[] = {{NFTA_EXPR_NAME, MNL_TYPE_NUL_STRING},
				 {NFTA_EXPR_DATA, MNL_TYPE_NESTED}};
constexpr Field rule_policy[] = {{NFTA_RULE_TABLE, MNL_TYPE_NUL_STRING},
				 {NFTA_RULE_CHAIN, MNL_TYPE_NUL_STRING},
				 {NFTA_RULE_HANDLE, MNL_TYPE_U64},
				 {NFTA_RULE_EXPRESSIONS, MNL_TYPE_NESTED}};

// Copies what `policy` names of a nest into `out`, nests by their own
// policy; false (part written) when something is not what it should be.
bool copy_checked(nlmsghdr *out, const nlattr *nest, Policy policy)
{
	const auto attrs = parse_nest(nest, policy);
	if (!attrs)
		return false;
	for (const Field &f : policy) {
		const nlattr *a = (*attrs)[f.type];
		if (!a)
			continue;
		if (f.inner.empty()) {
			mnl_attr_put(out, f.type, mnl_attr_get_payload_len(a), mnl_attr_get_payload(a));
			continue;
		}
		nlattr *copy = mnl_attr_nest_start(out, f.type);
		if (!copy_checked(out, a, f.inner))
			return false;
		mnl_attr_nest_end(out, copy);
	}
	return true;
}

// One expression as read: by libnftnl (stock), by parse_nest (rtpengine),
// or only its name.
struct Expr {
	std::string name;
	const nftnl_expr *stock = nullptr; // owned by the parsed nftnl_rule
	std::optional<Rtpengine> rtpengine;
	bool for_libnftnl = false; // until `stock` is set

	std::optional<std::uint32_t> u32(std::uint16_t type) const
	{
		if (!stock || !nftnl_expr_is_set(stock, type))
			return std::nullopt;
		return nftnl_expr_get_u32(stock, type);
	}
	std::uint64_t u64_or_0(std::uint16_t type) const
	{
		if (!stock || !nftnl_expr_is_set(stock, type))
			return 0;
		return nftnl_expr_get_u64(stock, type);
	}
	std::optional<Span> data(std::uint16_t type) const
	{
		if (!stock || !nftnl_expr_is_set(stock, type))
			return std::nullopt;
		std::uint32_t len = 0;
		const void *p = nftnl_expr_get_data(stock, type, &len);
		return Span{static_cast<const std::uint8_t *>(p), len};
	}
};

bool is_meta(const Expr &e, std::uint32_t key)
{
	return e.name == "meta" && e.u32(NFTNL_EXPR_META_KEY) == key &&
	       e.u32(NFTNL_EXPR_META_DREG).has_value();
}

bool is_payload(const Expr &e, std::uint32_t base, std::uint32_t offset, std::uint32_t len)
{
	return e.name == "payload" && e.u32(NFTNL_EXPR_PAYLOAD_BASE) == base &&
	       e.u32(NFTNL_EXPR_PAYLOAD_OFFSET) == offset && e.u32(NFTNL_EXPR_PAYLOAD_LEN) == len &&
	       e.u32(NFTNL_EXPR_PAYLOAD_DREG).has_value();
}

// The value a "cmp OP" compares with, if that is what `e` is.
std::optional<Span> cmp_value(const Expr &e, std::uint32_t op, std::size_t len)
{
	if (e.name != "cmp" || e.u32(NFTNL_EXPR_CMP_OP) != op)
		return std::nullopt;
	auto v = e.data(NFTNL_EXPR_CMP_DATA);
	if (!v || v->size() != len)
		return std::nullopt;
	return v;
}

std::optional<Span> cmp_eq_value(const Expr &e, std::size_t len)
{
	return cmp_value(e, NFT_CMP_EQ, len);
}

std::uint16_t be16_at(Span s) { return static_cast<std::uint16_t>((s[0] << 8) | s[1]); }

// Matches the expressions at `at` against what stock_exprs() builds; on
// success consumes them and returns the item.
class ItemReader {
public:
	ItemReader(const std::vector<Expr> &exprs, Family family) : e_(exprs), family_(family) {}

	bool done() const { return at_ >= e_.size(); }

	Item next()
	{
		if (auto item = l4proto_udp())
			return *item;
		if (auto item = udp_dport())
			return *item;
		if (auto item = dependent_daddr())
			return *item;
		// netdev: without "meta protocol" earlier in the rule the network
		// header may be anything (nft shows such a load as "@nh,...").
		const std::size_t before = at_;
		if (auto item = daddr()) {
			if (family_ != Family::netdev || ip_known_[std::get<Daddr>(*item).v6])
				return *item;
			at_ = before;
		}
		if (auto item = iifname())
			return *item;
		const Expr &e = e_[at_++];
		if (e.name == "counter" && e.stock)
			return Counter{e.u64_or_0(NFTNL_EXPR_CTR_PACKETS), e.u64_or_0(NFTNL_EXPR_CTR_BYTES)};
		if (e.rtpengine)
			return *e.rtpengine;
		return Unknown{e.name};
	}

private:
	const Expr *at(std::size_t i) const { return at_ + i < e_.size() ? &e_[at_ + i] : nullptr; }

	// "meta KEY" compared with `value` (len bytes, as the register holds it).
	bool meta_cmp(std::size_t i, std::uint32_t key, const void *value, std::size_t len) const
	{
		const Expr *load = at(i), *cmp = at(i + 1);
		if (!load || !cmp || !is_meta(*load, key))
			return false;
		auto v = cmp_eq_value(*cmp, len);
		return v && std::memcmp(v->data(), value, len) == 0;
	}

	bool meta_cmp(std::size_t i, std::uint32_t key, std::uint8_t value) const
	{
		return meta_cmp(i, key, &value, 1);
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
		const Expr *load = at(0), *test = at(1);
		if (!load || !test || !is_payload(*load, NFT_PAYLOAD_TRANSPORT_HEADER, udp_dport_offset, 2))
			return std::nullopt;
		if (auto v = cmp_eq_value(*test, 2)) {
			at_ += 2;
			return UdpDport{be16_at(*v), be16_at(*v)};
		}
		// nft's "cmp gte P" then "cmp lte Q".
		if (auto from = cmp_value(*test, NFT_CMP_GTE, 2)) {
			const Expr *upper = at(2);
			if (auto to = upper ? cmp_value(*upper, NFT_CMP_LTE, 2) : std::nullopt) {
				at_ += 3;
				return UdpDport{be16_at(*from), be16_at(*to)};
			}
		}
		if (test->name == "range" && test->u32(NFTNL_EXPR_RANGE_OP) == NFT_RANGE_EQ) {
			auto from = test->data(NFTNL_EXPR_RANGE_FROM_DATA);
			auto to = test->data(NFTNL_EXPR_RANGE_TO_DATA);
			if (from && to && from->size() == 2 && to->size() == 2) {
				at_ += 2;
				return UdpDport{be16_at(*from), be16_at(*to)};
			}
		}
		return std::nullopt;
	}

	// The dependency nft puts before a daddr ("meta nfproto ipv4|ipv6",
	// in netdev "meta protocol ip|ip6") and the matching daddr: one item.
	std::optional<Item> dependent_daddr()
	{
		for (const bool v6 : {false, true}) {
			const std::uint16_t ethertype = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
			if (family_ == Family::netdev
				    ? !meta_cmp(0, NFT_META_PROTOCOL, &ethertype, 2)
				    : !meta_cmp(0, NFT_META_NFPROTO, v6 ? NFPROTO_IPV6 : NFPROTO_IPV4))
				continue;
			at_ += 2;
			if (auto d = daddr(); d && std::get<Daddr>(*d).v6 == v6) {
				ip_known_[v6] = true;
				return d;
			}
			at_ -= 2;
		}
		return std::nullopt;
	}

	// The address, or its first bytes (nft's form of a prefix of whole
	// bytes), optionally masked.
	std::optional<Item> daddr()
	{
		for (const bool v6 : {false, true}) {
			const Expr *load = at(0);
			if (!load || load->name != "payload" ||
			    !load->u32(NFTNL_EXPR_PAYLOAD_DREG).has_value() ||
			    load->u32(NFTNL_EXPR_PAYLOAD_BASE) != NFT_PAYLOAD_NETWORK_HEADER ||
			    load->u32(NFTNL_EXPR_PAYLOAD_OFFSET) !=
				    (v6 ? ipv6_daddr_offset : ipv4_daddr_offset))
				continue;
			const std::uint32_t len = load->u32(NFTNL_EXPR_PAYLOAD_LEN).value_or(0);
			if (len == 0 || len > (v6 ? 16u : 4u))
				continue;
			Daddr d{v6, {}, static_cast<std::uint8_t>(len * 8)};
			std::size_t used = 1;
			if (const Expr *bw = at(1); bw && bw->name == "bitwise") {
				auto prefix = mask_prefix(*bw, len);
				if (!prefix)
					continue;
				d.prefix = *prefix;
				used = 2;
			}
			const Expr *cmp = at(used);
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
	static std::optional<std::uint8_t> mask_prefix(const Expr &bw, std::uint32_t len)
	{
		auto mask = bw.data(NFTNL_EXPR_BITWISE_MASK), xr = bw.data(NFTNL_EXPR_BITWISE_XOR);
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
		const Expr *load = at(0), *cmp = at(1);
		if (!load || !cmp || !is_meta(*load, NFT_META_IIFNAME))
			return std::nullopt;
		auto v = cmp_eq_value(*cmp, ifname_size);
		if (!v || (*v)[ifname_size - 1] != 0)
			return std::nullopt;
		at_ += 2;
		return Iifname{std::string(reinterpret_cast<const char *>(v->data()))};
	}

	const std::vector<Expr> &e_;
	Family family_;
	std::array<bool, 2> ip_known_{}; // [v6]: a daddr's dependency seen
	std::size_t at_ = 0;
};

// The rtpengine nest: a 4-byte table id (host order) and two flags.
std::optional<Rtpengine> read_rtpengine(const nlattr *data)
{
	const auto attrs = data ? parse_nest(data, rtpengine_policy) : std::nullopt;
	if (!attrs || !(*attrs)[NFTA_RTPENGINE_TABLE])
		return std::nullopt;
	return Rtpengine{mnl_attr_get_u32((*attrs)[NFTA_RTPENGINE_TABLE]),
			 (*attrs)[NFTA_RTPENGINE_CREATE] != nullptr,
			 (*attrs)[NFTA_RTPENGINE_EXCLUSIVE] != nullptr};
}

Policy stock_policy(const std::string &name)
{
	for (const StockPolicy &s : stock_policies)
		if (name == s.name)
			return s.policy;
	return {};
}

int collect_list(const nlattr *a, void *data)
{
	static_cast<std::vector<const nlattr *> *>(data)->push_back(a);
	return MNL_CB_OK;
}

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
	Known known;
	for (; i < rule.items.size() && !std::holds_alternative<Rtpengine>(rule.items[i]); ++i) {
		for (ExprPtr &e : stock_exprs(rule, rule.items[i], known))
			nftnl_rule_add_expr(r.get(), e.release());
	}
	nftnl_rule_nlmsg_build_payload(m.nlh(), r.get());
	if (i < rule.items.size()) {
		nlattr *list = reopen_expressions(m.nlh());
		for (; i < rule.items.size(); ++i) {
			if (const auto *rtp = std::get_if<Rtpengine>(&rule.items[i]))
				put_rtpengine(m.nlh(), *rtp);
			for (const ExprPtr &e : stock_exprs(rule, rule.items[i], known))
				put_expr(m.nlh(), e.get());
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
	case NFPROTO_NETDEV:
		rule.family = static_cast<Family>(nfg->nfgen_family);
		break;
	default:
		return Error::local(EAFNOSUPPORT, "rule of family " +
							  std::to_string(nfg->nfgen_family));
	}
	Attrs attrs{};
	ParseState state{rule_policy, &attrs};
	if (mnl_attr_parse(nlh, sizeof(nfgenmsg), collect, &state) < 0)
		return malformed("an attribute of the rule has the wrong size");
	if (!attrs[NFTA_RULE_TABLE] || !attrs[NFTA_RULE_CHAIN] || !attrs[NFTA_RULE_HANDLE])
		return malformed("table, chain or handle missing");
	std::vector<const nlattr *> elems;
	if (attrs[NFTA_RULE_EXPRESSIONS])
		mnl_attr_parse_nested(attrs[NFTA_RULE_EXPRESSIONS], collect_list, &elems);

	// The copy libnftnl parses: table, chain, handle and the checked
	// stock expressions rtpnl reads.
	Bytes copy_buf(message.size() + nl_align(sizeof(nlattr))); // + the list nest
	nlmsghdr *copy = mnl_nlmsg_put_header(copy_buf.data());
	copy->nlmsg_type = nlh->nlmsg_type;
	copy->nlmsg_flags = nlh->nlmsg_flags;
	std::memcpy(mnl_nlmsg_put_extra_header(copy, sizeof(nfgenmsg)), nfg, sizeof(nfgenmsg));
	for (const std::uint16_t type :
	     std::array<std::uint16_t, 3>{NFTA_RULE_TABLE, NFTA_RULE_CHAIN, NFTA_RULE_HANDLE})
		mnl_attr_put(copy, type, mnl_attr_get_payload_len(attrs[type]),
			     mnl_attr_get_payload(attrs[type]));
	nlattr *list = mnl_attr_nest_start(copy, NFTA_RULE_EXPRESSIONS);
	std::vector<Expr> exprs;
	std::size_t stock = 0;
	for (const nlattr *a : elems) {
		const auto elem = parse_nest(a, elem_policy);
		if (mnl_attr_get_type(a) != NFTA_LIST_ELEM || !elem || !(*elem)[NFTA_EXPR_NAME])
			return malformed("expression without a name");
		Expr e{mnl_attr_get_str((*elem)[NFTA_EXPR_NAME]), nullptr, std::nullopt, false};
		const nlattr *data = (*elem)[NFTA_EXPR_DATA];
		if (e.name == NFT_RTPENGINE_NAME) {
			e.rtpengine = read_rtpengine(data);
		} else if (const Policy policy = stock_policy(e.name); !policy.empty()) {
			// Marked for libnftnl when its data is what libnftnl expects.
			nlattr *start = mnl_attr_nest_start(copy, NFTA_LIST_ELEM);
			mnl_attr_put_strz(copy, NFTA_EXPR_NAME, e.name.c_str());
			nlattr *copied = data ? mnl_attr_nest_start(copy, NFTA_EXPR_DATA) : nullptr;
			if (!copied || copy_checked(copy, data, policy)) {
				if (copied)
					mnl_attr_nest_end(copy, copied);
				mnl_attr_nest_end(copy, start);
				e.for_libnftnl = true;
				++stock;
			} else {
				mnl_attr_nest_cancel(copy, start);
			}
		}
		exprs.push_back(std::move(e));
	}
	mnl_attr_nest_end(copy, list);

	RulePtr parsed = checked(RulePtr(nftnl_rule_alloc()));
	if (nftnl_rule_nlmsg_parse(copy, parsed.get()) < 0)
		return malformed("libnftnl cannot parse the rule");
	rule.table = nftnl_rule_get_str(parsed.get(), NFTNL_RULE_TABLE);
	rule.chain = nftnl_rule_get_str(parsed.get(), NFTNL_RULE_CHAIN);
	rule.handle = nftnl_rule_get_u64(parsed.get(), NFTNL_RULE_HANDLE);
	ExprIterPtr it = checked(ExprIterPtr(nftnl_expr_iter_create(parsed.get())));
	std::size_t seen = 0;
	for (Expr &e : exprs) {
		if (!e.for_libnftnl)
			continue;
		e.stock = nftnl_expr_iter_next(it.get());
		if (!e.stock)
			return malformed("libnftnl lost an expression");
		++seen;
	}
	if (seen != stock || nftnl_expr_iter_next(it.get()))
		return malformed("libnftnl found other expressions");

	ItemReader reader(exprs, rule.family);
	while (!reader.done())
		rule.items.push_back(reader.next());
	return rule;
}

} // namespace rtpnl::nft
