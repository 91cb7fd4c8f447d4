// SPDX-License-Identifier: LGPL-2.1-or-later
// NftClient (see nft_client.hpp): libmnl socket, request/ack loop.
#include "rtpnl/nft_client.hpp"

#include "rtpnl/nft_codec.hpp"

#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>

#include <libmnl/libmnl.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace rtpnl::nft {

namespace {

constexpr std::size_t nl_align(std::size_t len) { return (len + 3) & ~std::size_t{3}; }
// MNL_NLMSG_HDRLEN without its signed arithmetic.
constexpr std::size_t nlmsg_hdrlen = nl_align(sizeof(nlmsghdr));
// A dump reply fits (libmnl's MNL_SOCKET_DUMP_SIZE, newer than Debian's).
constexpr std::size_t dump_buffer_size = 32768;

Error system_error(const char *what)
{
	const int e = errno;
	return Error::local(e, std::string(what) + ": " + std::strerror(e));
}

int extack_text(const nlattr *a, void *data)
{
	auto *text = static_cast<std::string *>(data);
	if (text->empty() && mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		*text = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

// The extack message after an NLMSG_ERROR's copy of the request, if any.
std::string extack_message(const nlmsghdr *nlh)
{
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return {};
	const auto *err = static_cast<const nlmsgerr *>(mnl_nlmsg_get_payload(nlh));
	std::size_t offset = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(err->msg);
	if (nlmsg_hdrlen + nl_align(offset) > nlh->nlmsg_len)
		return {};
	std::string text;
	mnl_attr_parse(nlh, static_cast<unsigned>(offset), extack_text, &text);
	return text;
}

} // namespace

void NftClient::Closer::operator()(mnl_socket *s) const { mnl_socket_close(s); }

NftClient::NftClient(mnl_socket *sock) : sock_(sock)
{
	portid_ = mnl_socket_get_portid(sock);
	seq_ = static_cast<std::uint32_t>(std::time(nullptr));
}

Result<NftClient> NftClient::open()
{
	mnl_socket *sock = mnl_socket_open(NETLINK_NETFILTER);
	if (!sock)
		return system_error("cannot open a netfilter netlink socket");
	NftClient client(sock);
	int on = 1;
	// Best effort: older kernels send no extack, the errno still comes.
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &on, sizeof(on));
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return system_error("cannot bind the netfilter netlink socket");
	client.portid_ = mnl_socket_get_portid(sock);
	return client;
}

template <typename OnMessage>
Result<void> NftClient::transact(const std::vector<std::uint8_t> &request, std::uint32_t last_seq,
				 OnMessage on_message)
{
	if (mnl_socket_sendto(sock_.get(), request.data(), request.size()) < 0)
		return system_error("cannot send to nf_tables");
	std::vector<std::uint8_t> buf(dump_buffer_size);
	for (;;) {
		const ssize_t n = mnl_socket_recvfrom(sock_.get(), buf.data(), buf.size());
		if (n < 0)
			return system_error("cannot read from nf_tables");
		const auto *nlh = reinterpret_cast<const nlmsghdr *>(buf.data());
		auto left = static_cast<int>(n);
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_pid != portid_ && nlh->nlmsg_pid != 0)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return {};
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const auto *err = static_cast<const nlmsgerr *>(mnl_nlmsg_get_payload(nlh));
				if (err->error)
					return Error::kernel(-err->error, extack_message(nlh));
				if (nlh->nlmsg_seq == last_seq)
					return {};
				continue;
			}
			on_message(std::span<const std::uint8_t>(
				reinterpret_cast<const std::uint8_t *>(nlh), nlh->nlmsg_len));
		}
	}
}

Result<bool> NftClient::exists(Family family, const std::string &table, const std::string &chain)
{
	const std::uint32_t seq = ++seq_;
	auto request = chain.empty() ? encode_get_table(family, table, seq)
				     : encode_get_chain(family, table, chain, seq);
	auto r = transact(request, seq, [](std::span<const std::uint8_t>) {});
	if (r)
		return true;
	if (r.error().errnum == ENOENT)
		return false;
	return r.error();
}

std::optional<NftClient::AddError> NftClient::add_rule(const Rule &rule, bool append)
{
	for (const bool chain : {false, true}) {
		auto found = exists(rule.family, rule.table, chain ? rule.chain : std::string{});
		if (!found)
			return AddError{found.error(), Missing::nothing};
		if (!*found)
			return AddError{Error::local(ENOENT, ""), chain ? Missing::chain : Missing::table};
	}
	std::optional<std::uint64_t> position;
	if (rule.index) {
		// nft's "index N": the handle of the chain's rule number N.
		auto rules = all_rules({rule.family, rule.table, rule.chain});
		if (!rules)
			return AddError{rules.error()};
		if (*rule.index >= rules->size())
			return AddError{Error::local(ENOENT, ""), Missing::index};
		position = (*rules)[*rule.index].handle;
	}
	const std::uint32_t seq = ++seq_;
	auto msg = encode_new_rule(rule, append, seq + 1, position);
	if (!msg)
		return AddError{msg.error()};
	seq_ += 2;
	const std::vector<Bytes> messages{std::move(*msg)};
	auto r = transact(encode_batch(messages, seq), seq + 1, [](std::span<const std::uint8_t>) {});
	if (!r)
		return AddError{r.error()};
	return std::nullopt;
}

Result<void> NftClient::delete_rule(Family family, const std::string &table,
				    const std::string &chain, std::uint64_t handle)
{
	const std::uint32_t seq = ++seq_;
	seq_ += 2;
	const std::vector<Bytes> messages{encode_del_rule(family, table, chain, handle, seq + 1)};
	return transact(encode_batch(messages, seq), seq + 1, [](std::span<const std::uint8_t>) {});
}

Result<std::vector<Rule>> NftClient::all_rules(const RuleFilter &filter)
{
	const std::uint32_t seq = ++seq_;
	std::vector<Rule> rules;
	std::optional<Error> bad;
	auto r = transact(encode_get_rules(filter.family, filter.table, filter.chain, seq), seq,
			  [&](std::span<const std::uint8_t> msg) {
				  auto rule = decode_rule(msg);
				  if (!rule) {
					  // Families rtpnl does not handle (arp, bridge).
					  if (rule.error().errnum != EAFNOSUPPORT && !bad)
						  bad = rule.error();
					  return;
				  }
				  rules.push_back(std::move(*rule));
			  });
	if (!r)
		return r.error();
	if (bad)
		return *bad;
	// A dump sends each chain's rules in order, chain after chain.
	std::uint32_t index = 0;
	for (std::size_t i = 0; i < rules.size(); ++i) {
		const bool same_chain = i > 0 && rules[i].family == rules[i - 1].family &&
					rules[i].table == rules[i - 1].table &&
					rules[i].chain == rules[i - 1].chain;
		index = same_chain ? index + 1 : 0;
		rules[i].index = index;
	}
	return rules;
}

Result<std::vector<Rule>> NftClient::list_rules(const RuleFilter &filter)
{
	auto rules = all_rules(filter);
	if (!rules)
		return rules.error();
	std::vector<Rule> ours;
	for (Rule &rule : *rules)
		if (rule.rtpengine())
			ours.push_back(std::move(rule));
	return ours;
}

} // namespace rtpnl::nft
