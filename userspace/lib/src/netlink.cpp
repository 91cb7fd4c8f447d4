// SPDX-License-Identifier: LGPL-2.1-or-later
// libnl requests, strict attribute parsing and acks (see netlink.hpp).
#include "netlink.hpp"

#include <linux/netlink.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace rtpnl {

namespace {

// The request's bytes, header included, zeroed; the message is then empty.
void wipe(nl_msg *msg)
{
	nlmsghdr *hdr = nlmsg_hdr(msg);
	explicit_bzero(hdr, hdr->nlmsg_len);
	hdr->nlmsg_len = NLMSG_HDRLEN; // empty, as nlmsg_alloc() leaves it
}

} // namespace

void wipe_and_free(nl_msg *msg)
{
	if (!msg)
		return;
	// The requests are owned by one NlMsg each, never shared (refcount 1),
	// so nothing else reads the bytes after this.
	wipe(msg);
	nlmsg_free(msg);
}

namespace {

constexpr int nla_hdrlen = sizeof(nlattr);

Error malformed(const std::string &what)
{
	return Error::local(EBADMSG, "malformed netlink message: " + what);
}

Policy::Entry entry(int type, const char *name, std::uint16_t kind, std::uint16_t size)
{
	// minlen 0 lets libnl take the type's own minimum; maxlen makes it exact.
	return Policy::Entry{type, name, nla_policy{kind, 0, size}};
}

// nlmsg_datalen(), never negative.
std::size_t data_len(const nlmsghdr *nlh)
{
	const int len = nlmsg_datalen(nlh);
	return len > 0 ? static_cast<std::size_t>(len) : 0;
}

std::string prefixed(const std::string &what, const std::string &text)
{
	return what.empty() ? text : what + ": " + text;
}

// Why nla_validate() refused `attr`, in the words of the old hand parser.
Error policy_error(const nlattr *attr, const Policy &policy, const std::string &what)
{
	const int type = nla_type(attr);
	const nla_policy &rule = policy.rules()[type];
	const std::string name = (what.empty() ? "" : what + " ") + policy.name(type) + ": ";
	if (rule.type == NLA_STRING)
		return Error::local(EBADMSG, name + "string attribute type " + std::to_string(type) +
						     " is not NUL-terminated");
	return Error::local(EBADMSG, name + "attribute type " + std::to_string(type) + " has " +
					     std::to_string(nla_len(attr)) + " bytes, expected " +
					     std::to_string(rule.maxlen));
}

nlattr *attr_at(void *base, std::size_t offset)
{
	return reinterpret_cast<nlattr *>(static_cast<unsigned char *>(base) + offset);
}

const Policy ext_ack_policy(NLMSGERR_ATTR_MAX, {
	attr_string(NLMSGERR_ATTR_MSG, "MSG"),
	attr_u32(NLMSGERR_ATTR_OFFS, "OFFS"),
	attr_u32(NLMSGERR_ATTR_MISS_TYPE, "MISS_TYPE"),
});

// Fills ack's extack fields from the NLMSGERR_ATTR_* attributes at `at`.
Result<void> parse_ext_ack(nlmsghdr *nlh, std::size_t at, Ack &ack)
{
	const std::size_t len = data_len(nlh);
	auto attrs = parse_attrs(attr_at(nlmsg_data(nlh), at), static_cast<int>(len - at),
				 ext_ack_policy, "extended ack");
	if (!attrs)
		return attrs.error();
	if (auto msg = attrs->string(NLMSGERR_ATTR_MSG))
		ack.message = std::move(*msg);
	ack.offset = attrs->u32(NLMSGERR_ATTR_OFFS);
	ack.missing_type = attrs->u32(NLMSGERR_ATTR_MISS_TYPE);
	return {};
}

Result<int> error_code(nlmsghdr *nlh, const char *what)
{
	int err;
	std::memcpy(&err, nlmsg_data(nlh), sizeof err);
	if (err > 0 || err == INT_MIN)
		return malformed(std::string(what) + " with error " + std::to_string(err));
	return -err;
}

} // namespace

void finish_request(Request &req, std::uint16_t family, std::uint32_t seq, bool ack)
{
	nlmsghdr *nlh = nlmsg_hdr(req.msg.get());
	nlh->nlmsg_type = family;
	nlh->nlmsg_seq = seq;
	const int answer = req.dump ? NLM_F_DUMP : ack ? NLM_F_ACK : 0;
	// A request finished again (a batch retried) drops its old NLM_F_ACK.
	nlh->nlmsg_flags = static_cast<std::uint16_t>((nlh->nlmsg_flags & ~NLM_F_ACK) | NLM_F_REQUEST |
						      answer);
}

namespace {

// The page each builder writes into, kept by its thread from one request to
// the next: nlmsg_alloc() takes a page and zeroes it (calloc), which was
// most of the library's time per request in a batch of thousands. A builder
// takes it (or, while another holds it, allocates its own); finish() gives
// it back wiped and empty (wipe()), as long as the request was.
thread_local NlMsg scratch_msg;

NlMsg take_scratch()
{
	NlMsg msg = std::move(scratch_msg);
	return msg ? std::move(msg) : NlMsg(nlmsg_alloc());
}

void give_back_scratch(NlMsg msg)
{
	wipe(msg.get());
	scratch_msg = std::move(msg);
}

} // namespace

RequestBuilder::RequestBuilder(std::uint8_t cmd, std::uint8_t version, std::uint16_t flags)
	: msg_(take_scratch())
{
	if (!msg_)
		err_ = -NLE_NOMEM;
	else if (!genlmsg_put(msg_.get(), NL_AUTO_PORT, NL_AUTO_SEQ, 0, 0, flags, cmd, version))
		err_ = -NLE_NOMEM;
}

void RequestBuilder::check(int err)
{
	if (err < 0 && err_ == 0) // keep the first error: later ones are consequences
		err_ = err;
}

void RequestBuilder::put_u8(int type, std::uint8_t value)
{
	if (err_ == 0)
		check(nla_put_u8(msg_.get(), type, value));
}

void RequestBuilder::put_u16(int type, std::uint16_t value)
{
	if (err_ == 0)
		check(nla_put_u16(msg_.get(), type, value));
}

void RequestBuilder::put_u32(int type, std::uint32_t value)
{
	if (err_ == 0)
		check(nla_put_u32(msg_.get(), type, value));
}

void RequestBuilder::put_binary(int type, std::span<const std::uint8_t> value)
{
	if (err_ == 0)
		check(nla_put(msg_.get(), type, static_cast<int>(value.size()), value.data()));
}

void RequestBuilder::put_flag(int type)
{
	if (err_ == 0)
		check(nla_put_flag(msg_.get(), type));
}

void RequestBuilder::put_string(int type, std::string_view value)
{
	std::string text(value); // its NUL, which a view need not have
	if (err_ == 0)
		check(nla_put(msg_.get(), type, static_cast<int>(text.size() + 1), text.c_str()));
}

nlattr *RequestBuilder::begin_nest(int type)
{
	if (err_ != 0)
		return nullptr;
	nlattr *nest = nla_nest_start(msg_.get(), type);
	if (!nest)
		check(-NLE_NOMEM);
	return nest;
}

void RequestBuilder::end_nest(nlattr *nest)
{
	if (err_ == 0)
		check(nla_nest_end_keep_empty(msg_.get(), nest));
}

Result<Request> RequestBuilder::finish(bool dump) &&
{
	if (!msg_)
		return Error::local(ENOMEM, "cannot allocate a netlink message");
	if (err_ != 0)
		return Error::local(EMSGSIZE, std::string("netlink request too large: ") +
						      nl_geterror(err_));
	// A copy of the size it needs: a batch holds thousands of requests at
	// once, a page each would cost a page fault each. The page goes back
	// wiped, for the next builder of this thread.
	NlMsg compact(nlmsg_convert(nlmsg_hdr(msg_.get())));
	give_back_scratch(std::move(msg_));
	if (!compact)
		return Error::local(ENOMEM, "cannot allocate a netlink message");
	return Request{std::move(compact), dump};
}

Policy::Policy(int maxtype, std::initializer_list<Entry> entries)
	: rules_(static_cast<std::size_t>(maxtype) + 1), names_(rules_.size(), nullptr)
{
	for (const Entry &e : entries) {
		rules_.at(static_cast<std::size_t>(e.type)) = e.rule;
		names_.at(static_cast<std::size_t>(e.type)) = e.name;
	}
}

const char *Policy::name(int type) const
{
	const char *n = names_.at(static_cast<std::size_t>(type));
	return n ? n : "?";
}

Policy::Entry attr_u8(int type, const char *name) { return entry(type, name, NLA_U8, 1); }
Policy::Entry attr_u16(int type, const char *name) { return entry(type, name, NLA_U16, 2); }
Policy::Entry attr_u32(int type, const char *name) { return entry(type, name, NLA_U32, 4); }
Policy::Entry attr_u64(int type, const char *name) { return entry(type, name, NLA_U64, 8); }
Policy::Entry attr_string(int type, const char *name) { return entry(type, name, NLA_STRING, 0); }
Policy::Entry attr_any(int type, const char *name) { return entry(type, name, NLA_UNSPEC, 0); }
Policy::Entry attr_flag(int type, const char *name) { return entry(type, name, NLA_FLAG, 0); }

nlattr *Attrs::get(int type) const { return tb_.at(static_cast<std::size_t>(type)); }

namespace {

template <typename T, T (*get)(const nlattr *)>
std::optional<T> read(const nlattr *attr)
{
	return attr ? std::optional<T>(get(attr)) : std::nullopt;
}

} // namespace

std::optional<std::uint8_t> Attrs::u8(int type) const { return read<std::uint8_t, nla_get_u8>(get(type)); }
std::optional<std::uint16_t> Attrs::u16(int type) const { return read<std::uint16_t, nla_get_u16>(get(type)); }
std::optional<std::uint32_t> Attrs::u32(int type) const { return read<std::uint32_t, nla_get_u32>(get(type)); }
std::optional<std::uint64_t> Attrs::u64(int type) const { return read<std::uint64_t, nla_get_u64>(get(type)); }

std::optional<std::string> Attrs::string(int type) const
{
	const nlattr *a = get(type);
	// The policy checked the NUL at the end; the text ends at the first.
	return a ? std::optional(std::string(static_cast<const char *>(nla_data(a)))) : std::nullopt;
}

std::vector<nlattr *> Attrs::all(int type) const
{
	std::vector<nlattr *> found;
	int rem = len_;
	for (nlattr *a = head_; nla_ok(a, rem); a = nla_next(a, &rem))
		if (nla_type(a) == type)
			found.push_back(a);
	return found;
}

std::span<const std::uint8_t> payload(const nlattr *attr)
{
	return {static_cast<const std::uint8_t *>(nla_data(attr)),
		static_cast<std::size_t>(nla_len(attr))};
}

Result<Attrs> parse_attrs(nlattr *head, int len, const Policy &policy, const std::string &what)
{
	int rem = len;
	nlattr *a = head;
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_validate(a, a->nla_len, policy.maxtype(), policy.rules()) < 0)
			return policy_error(a, policy, what);
		// A flag's maxlen 0 means "no limit" to libnl; the kernel's
		// NLA_FLAG has no payload (nla_put_flag), so bytes are malformed.
		const int type = nla_type(a);
		if (type <= policy.maxtype() && policy.rules()[type].type == NLA_FLAG && nla_len(a) != 0)
			return policy_error(a, policy, what);
	}
	// nla_ok() stopped early: stray bytes or a length past the end. (A
	// negative rem is the last attribute's padding cut off by the end.)
	const int at = len - rem;
	if (rem > 0 && rem < nla_hdrlen)
		return Error::local(EBADMSG, prefixed(what, std::to_string(rem) +
							    " stray bytes after the attributes at offset " +
							    std::to_string(at)));
	if (rem > 0)
		return Error::local(EBADMSG, prefixed(what, "attribute at offset " + std::to_string(at) +
							    " has bad length " + std::to_string(a->nla_len) +
							    " (" + std::to_string(rem) + " bytes left)"));
	Attrs attrs;
	attrs.tb_.resize(static_cast<std::size_t>(policy.maxtype()) + 1);
	attrs.head_ = head;
	attrs.len_ = len;
	if (int err = nla_parse(attrs.tb_.data(), policy.maxtype(), head, len, policy.rules()); err < 0)
		return Error::local(EBADMSG, prefixed(what, nl_geterror(err)));
	return attrs;
}

Error malformed_reply(std::string_view kind, const std::string &what)
{
	return Error::local(EBADMSG, "malformed " + std::string(kind) + " reply: " + what);
}

Result<Attrs> parse_nested(nlattr *nest, const Policy &policy, const std::string &what)
{
	return parse_attrs(static_cast<nlattr *>(nla_data(nest)), nla_len(nest), policy, what);
}

Result<GenlMessage> genl_message(nlmsghdr *nlh)
{
	if (!genlmsg_valid_hdr(nlh, 0))
		return malformed("generic netlink message shorter than its header");
	const genlmsghdr *ghdr = genlmsg_hdr(nlh);
	return GenlMessage{ghdr->cmd, ghdr->version, nlh->nlmsg_flags, genlmsg_attrdata(ghdr, 0),
			   genlmsg_attrlen(ghdr, 0)};
}

Error Ack::to_error() const { return Error::kernel(errnum, message, offset); }

Result<Ack> parse_error(nlmsghdr *nlh)
{
	// struct nlmsgerr: int error; struct nlmsghdr msg; then, unless capped,
	// the rest of the request; then, with NLM_F_ACK_TLVS, the extack TLVs.
	const std::size_t len = data_len(nlh);
	if (len < sizeof(nlmsgerr))
		return malformed("NLMSG_ERROR shorter than struct nlmsgerr");
	nlmsgerr err;
	std::memcpy(&err, nlmsg_data(nlh), sizeof err);
	auto errnum = error_code(nlh, "NLMSG_ERROR");
	if (!errnum)
		return errnum.error();
	Ack ack;
	ack.errnum = *errnum;
	ack.request_type = err.msg.nlmsg_type;
	ack.request_seq = err.msg.nlmsg_seq;

	std::size_t tlv_at = sizeof err;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		const std::size_t orig_len = err.msg.nlmsg_len;
		if (orig_len < sizeof(nlmsghdr) || orig_len > len - sizeof(int))
			return malformed("NLMSG_ERROR echoes a request of bad length " +
					 std::to_string(orig_len));
		tlv_at = sizeof(int) + NLMSG_ALIGN(orig_len);
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (tlv_at > len)
			return malformed("NLMSG_ERROR extended ack starts past the message end");
		if (auto r = parse_ext_ack(nlh, tlv_at, ack); !r)
			return r.error();
	}
	return ack;
}

Result<Ack> parse_done(nlmsghdr *nlh)
{
	Ack ack;
	ack.request_seq = nlh->nlmsg_seq;
	const std::size_t len = data_len(nlh);
	if (len == 0)
		return ack;
	if (len < sizeof(int))
		return malformed("NLMSG_DONE with a truncated error code");
	auto errnum = error_code(nlh, "NLMSG_DONE");
	if (!errnum)
		return errnum.error();
	ack.errnum = *errnum;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		if (auto r = parse_ext_ack(nlh, sizeof(int), ack); !r)
			return r.error();
	return ack;
}

} // namespace rtpnl
