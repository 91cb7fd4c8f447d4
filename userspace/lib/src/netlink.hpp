// SPDX-License-Identifier: LGPL-2.1-or-later
// Generic netlink through libnl-3 / libnl-genl-3, as librtpnl uses it:
// owning pointers for nl_msg / nl_sock / nl_cb, requests built in memory
// with genlmsg_put and nla_put_*, replies parsed with nla_parse against
// struct nla_policy tables, and the acks (NLMSG_ERROR / NLMSG_DONE) with
// their extended ack read through the same attribute API.
//
// Parsing is strict on purpose: nla_parse stops quietly at an attribute
// whose length points outside the buffer and ignores trailing bytes, so
// parse_attrs() first walks the stream with nla_ok / nla_next and rejects
// both (EBADMSG), and names the attribute a policy rejects (a value of the
// wrong size, a string without its NUL). Attribute types a policy does not
// know (a newer kernel's) are skipped; of duplicates the last counts, as in
// the kernel's nla_parse.
#ifndef RTPNL_NETLINK_HPP
#define RTPNL_NETLINK_HPP

#include "rtpnl/error.hpp"

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl {

// Wipes the message before freeing it: a request may hold SRTP keys, and
// the heap block would keep them after free.
void wipe_and_free(nl_msg *msg);
struct NlMsgFree {
	void operator()(nl_msg *msg) const { wipe_and_free(msg); }
};
struct NlSockFree {
	void operator()(nl_sock *sk) const { nl_socket_free(sk); }
};
struct NlCbPut {
	void operator()(nl_cb *cb) const { nl_cb_put(cb); }
};
using NlMsg = std::unique_ptr<nl_msg, NlMsgFree>;
using NlSock = std::unique_ptr<nl_sock, NlSockFree>;
using NlCb = std::unique_ptr<nl_cb, NlCbPut>;

// A request: nlmsghdr + genlmsghdr + attributes, built without a socket.
// finish_request() fills in what only the socket knows.
struct Request {
	NlMsg msg;
	bool dump = false;
};

// Sets the family id and sequence number and adds NLM_F_REQUEST and
// NLM_F_DUMP or NLM_F_ACK. nlmsg_pid stays 0 (the kernel's answer does not
// depend on it). ack false: a doit request without NLM_F_ACK, which the
// kernel answers only if it fails (a batch window's requests but its last).
void finish_request(Request &req, std::uint16_t family, std::uint32_t seq, bool ack = true);

// Builds one request. The first failing call is remembered and finish()
// reports it (ENOMEM, or EMSGSIZE for a full message or an attribute over
// 64 KiB).
class RequestBuilder {
public:
	// flags: nlmsg_flags besides those of finish_request() (NLM_F_CREATE, ...).
	RequestBuilder(std::uint8_t cmd, std::uint8_t version, std::uint16_t flags = 0);

	void put_u8(int type, std::uint8_t value);
	void put_u16(int type, std::uint16_t value);
	void put_u32(int type, std::uint32_t value);
	void put_binary(int type, std::span<const std::uint8_t> value);
	// NLA_FLAG: the attribute with no payload; absent means false.
	void put_flag(int type);
	// The text and its NUL (NLA_NUL_STRING, NLA_STRING).
	void put_string(int type, std::string_view value);
	// nla_nest_start() sets NLA_F_NESTED, as the kernel's strict validation
	// wants; end_nest() keeps an empty nest (nla_nest_end_keep_empty).
	nlattr *begin_nest(int type);
	void end_nest(nlattr *nest);

	Result<Request> finish(bool dump = false) &&;

private:
	void check(int err);

	NlMsg msg_;
	int err_ = 0;
};

// An attribute policy: nla_parse's struct nla_policy table (maxtype + 1
// entries) plus a name per attribute for error messages.
class Policy {
public:
	struct Entry {
		int type;
		const char *name;
		nla_policy rule;
	};

	Policy(int maxtype, std::initializer_list<Entry> entries);

	int maxtype() const { return static_cast<int>(rules_.size()) - 1; }
	const nla_policy *rules() const { return rules_.data(); }
	const char *name(int type) const;

private:
	std::vector<nla_policy> rules_;
	std::vector<const char *> names_;
};

// Entries: integers of exactly their size, NUL-terminated strings, and
// attributes whose payload the decoder checks itself (nests, addresses).
Policy::Entry attr_u8(int type, const char *name);
Policy::Entry attr_u16(int type, const char *name);
Policy::Entry attr_u32(int type, const char *name);
Policy::Entry attr_u64(int type, const char *name);
Policy::Entry attr_string(int type, const char *name);
Policy::Entry attr_any(int type, const char *name);
// NLA_FLAG: no payload. libnl's nla_validate() has no upper bound for it,
// so parse_attrs() refuses one with bytes itself.
Policy::Entry attr_flag(int type, const char *name);

// A parsed attribute stream: nla_parse's table, with typed reads of the
// attributes the policy checked. nullopt / nullptr: absent.
class Attrs {
public:
	nlattr *get(int type) const;
	std::optional<std::uint8_t> u8(int type) const;
	std::optional<std::uint16_t> u16(int type) const;
	std::optional<std::uint32_t> u32(int type) const;
	std::optional<std::uint64_t> u64(int type) const;
	std::optional<std::string> string(int type) const;
	// An NLA_FLAG: present or not.
	bool flag(int type) const { return get(type) != nullptr; }
	// Every attribute of that type, in order (repeated attributes).
	std::vector<nlattr *> all(int type) const;

private:
	friend Result<Attrs> parse_attrs(nlattr *, int, const Policy &, const std::string &);

	std::vector<nlattr *> tb_;
	nlattr *head_ = nullptr;
	int len_ = 0;
};

std::span<const std::uint8_t> payload(const nlattr *attr);

// The attributes of a buffer, strictly (see the top of this file). `what`
// names the stream in errors ("output 1": "output 1 TOS: attribute type 3
// has 2 bytes, expected 1"); empty at the top level.
Result<Attrs> parse_attrs(nlattr *head, int len, const Policy &policy, const std::string &what);
// The payload of a nest (NLA_F_NESTED is not required: older kernel code,
// nla_nest_start_noflag, omits it).
Result<Attrs> parse_nested(nlattr *nest, const Policy &policy, const std::string &what);

// What a decoder says of a reply that is not what the ABI promises, `kind`
// naming the reply ("rule", "recording"): EBADMSG "malformed rule reply:
// <what>".
Error malformed_reply(std::string_view kind, const std::string &what);

// The value of an attribute the reply must have, else malformed_reply():
// "malformed rule reply: output 1 ssrc map 2 without FROM".
template <typename T>
Result<T> required_attr(std::optional<T> value, std::string_view kind, const std::string &what,
			const char *name)
{
	if (!value)
		return malformed_reply(kind, what + " without " + name);
	return std::move(*value);
}

// A received message of the family, as the decoders see it.
struct GenlMessage {
	std::uint8_t cmd = 0;
	std::uint8_t version = 0;
	std::uint16_t flags = 0; // the nlmsghdr's (rule events: NLM_F_CREATE / NLM_F_REPLACE)
	nlattr *attrs = nullptr;
	int attrlen = 0;
};

// EBADMSG if the message is shorter than its genlmsghdr.
Result<GenlMessage> genl_message(nlmsghdr *nlh);

// The outcome carried by an NLMSG_ERROR (an ack when errnum == 0) or an
// NLMSG_DONE, with the extended ack if the kernel attached one.
struct Ack {
	int errnum = 0;                            // positive errno, 0 for success
	std::string message;                       // NLMSGERR_ATTR_MSG
	std::optional<std::uint32_t> offset;       // NLMSGERR_ATTR_OFFS
	std::optional<std::uint32_t> missing_type; // NLMSGERR_ATTR_MISS_TYPE
	// The header of the request this acknowledges (NLMSG_ERROR only).
	std::uint32_t request_seq = 0;
	std::uint16_t request_type = 0;

	Error to_error() const;
};

// NLMSG_ERROR: honors NLM_F_CAPPED (the echoed request is only its header)
// and NLM_F_ACK_TLVS (extended ack attributes follow).
Result<Ack> parse_error(nlmsghdr *nlh);
// NLMSG_DONE: an optional int error + extended ack attributes.
Result<Ack> parse_done(nlmsghdr *nlh);

} // namespace rtpnl

#endif
