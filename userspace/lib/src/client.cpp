// SPDX-License-Identifier: LGPL-2.1-or-later
// Client and Monitor: table operations and notifications (see client.hpp).
#include "rtpnl/client.hpp"

#include "genl_socket.hpp"
#include "recording_codec.hpp"
#include "rule_codec.hpp"
#include "table_codec.hpp"

#include <cerrno>

namespace rtpnl {

namespace {

Result<std::unique_ptr<GenlSocket>> open_socket()
{
	auto sock = GenlSocket::open(genl::family_name);
	if (!sock)
		return sock.error();
	return std::make_unique<GenlSocket>(std::move(*sock));
}

// A request whose replies carry nothing the caller wants (acks only).
Result<void> send(GenlSocket &sock, Result<Request> req)
{
	if (!req)
		return req.error();
	return sock.transact(std::move(*req), [](const GenlMessage &) { return Result<void>{}; });
}

// A doit request with exactly one reply, decoded.
template <typename T>
Result<T> get_one(GenlSocket &sock, Result<Request> req, Result<T> (*decode)(const GenlMessage &),
		  const char *what)
{
	if (!req)
		return req.error();
	std::optional<T> value;
	auto r = sock.transact(std::move(*req), [&](const GenlMessage &msg) -> Result<void> {
		auto decoded = decode(msg);
		if (!decoded)
			return decoded.error();
		value = std::move(*decoded);
		return {};
	});
	if (!r)
		return r.error();
	if (!value)
		return Error::local(EBADMSG, std::string("the kernel acknowledged ") + what +
						     " without a reply");
	return std::move(*value);
}

// A whole dump of what `decode` reads, retried when interrupted
// (NLM_F_DUMP_INTR) up to Client::dump_attempts times, then EAGAIN naming
// `what` ("table"): never a possibly inconsistent list.
template <typename T>
Result<std::vector<T>> dump_all(GenlSocket &sock, const std::function<Result<Request>()> &request,
				Result<T> (*decode)(const GenlMessage &), const char *what)
{
	for (int attempt = 0; attempt < Client::dump_attempts; ++attempt) {
		auto req = request();
		if (!req)
			return req.error();
		std::vector<T> list;
		auto r = sock.dump(std::move(*req), [&](const GenlMessage &msg) -> Result<void> {
			auto item = decode(msg);
			if (!item)
				return item.error();
			list.push_back(std::move(*item));
			return {};
		});
		if (!r)
			return r.error();
		if (!r->interrupted)
			return list;
	}
	return Error::local(EAGAIN, std::string(what) +
					    " dump kept being interrupted by concurrent changes");
}

} // namespace

Client::Client(std::unique_ptr<GenlSocket> sock) : sock_(std::move(sock)) {}
Client::Client(Client &&) noexcept = default;
Client &Client::operator=(Client &&) noexcept = default;
Client::~Client() = default;

Result<Client> Client::open()
{
	auto sock = open_socket();
	if (!sock)
		return sock.error();
	return Client(std::move(*sock));
}

Client Client::adopt(std::unique_ptr<GenlSocket> sock) { return Client(std::move(sock)); }

Result<void> Client::table_add(std::uint32_t id) { return send(*sock_, encode_table_new(id)); }

Result<void> Client::table_del(std::uint32_t id) { return send(*sock_, encode_table_del(id)); }

Result<Table> Client::table_get(std::uint32_t id)
{
	return get_one(*sock_, encode_table_get(id), &decode_table, "TABLE_GET");
}

Result<std::vector<Table>> Client::tables()
{
	return dump_all<Table>(*sock_, &encode_table_dump, &decode_table, "table");
}

Result<void> Client::rule_add(const Rule &rule, RuleMode mode)
{
	return send(*sock_, encode_rule_new(rule, mode));
}

Result<void> Client::rule_del(std::uint32_t table, const Endpoint &local)
{
	return send(*sock_, encode_rule_del(table, local));
}

Result<void> Client::stats_reset(std::uint32_t table, const std::optional<Endpoint> &local)
{
	return send(*sock_, encode_stats_reset(table, local));
}

Result<Rule> Client::rule_get(std::uint32_t table, const Endpoint &local)
{
	return get_one(*sock_, encode_rule_get(table, local), &decode_rule, "RULE_GET");
}

Result<DumpOutcome> Client::rules_each(std::optional<std::uint32_t> table,
				       const std::function<Result<void>(const Rule &)> &on_rule)
{
	auto req = encode_rule_dump(table);
	if (!req)
		return req.error();
	return sock_->dump(std::move(*req), [&](const GenlMessage &msg) -> Result<void> {
		auto rule = decode_rule(msg);
		if (!rule)
			return rule.error();
		return on_rule(*rule);
	});
}

Result<void> Client::rule_batch(std::span<const RuleRequest> requests,
				std::vector<Result<void>> &results)
{
	results.assign(requests.size(), Result<void>{});
	std::vector<Request> encoded;
	std::vector<std::size_t> index; // encoded[j] is requests[index[j]]
	for (std::size_t i = 0; i < requests.size(); ++i) {
		const RuleRequest &req = requests[i];
		auto msg = req.mode ? encode_rule_new(req.rule, *req.mode)
				    : encode_rule_del(req.rule.table, req.rule.local);
		if (!msg) {
			results[i] = msg.error();
			continue;
		}
		encoded.push_back(std::move(*msg));
		index.push_back(i);
	}
	std::vector<Result<void>> answers;
	auto r = sock_->batch(encoded, answers);
	for (std::size_t j = 0; j < answers.size(); ++j)
		results[index[j]] = std::move(answers[j]);
	return r;
}

Result<std::vector<Rule>> Client::rules(std::optional<std::uint32_t> table)
{
	for (int attempt = 0; attempt < dump_attempts; ++attempt) {
		std::vector<Rule> list;
		auto r = rules_each(table, [&](const Rule &rule) -> Result<void> {
			list.push_back(rule);
			return {};
		});
		if (!r)
			return r.error();
		if (!r->interrupted)
			return list;
	}
	return Error::local(EAGAIN, "rule dump kept being interrupted by concurrent changes");
}

Result<Recording> Client::recording_add(const Recording &rec)
{
	return get_one(*sock_, encode_recording_new(rec), &decode_recording, "RECORDING_NEW");
}

Result<void> Client::recording_del(std::uint32_t table, std::string_view call,
				   std::optional<std::string_view> stream)
{
	return send(*sock_, encode_recording_del(table, call, stream));
}

Result<Recording> Client::recording_get(std::uint32_t table, std::string_view call,
					std::string_view stream)
{
	return get_one(*sock_, encode_recording_get(table, call, stream), &decode_recording,
		       "RECORDING_GET");
}

Result<std::vector<Recording>> Client::recordings(std::uint32_t table)
{
	return dump_all<Recording>(
		*sock_, [table] { return encode_recording_dump(table); }, &decode_recording,
		"recording");
}

Monitor::Monitor(std::unique_ptr<GenlSocket> sock) : sock_(std::move(sock)) {}
Monitor::Monitor(Monitor &&) noexcept = default;
Monitor &Monitor::operator=(Monitor &&) noexcept = default;
Monitor::~Monitor() = default;

Result<Monitor> Monitor::open()
{
	auto sock = open_socket();
	if (!sock)
		return sock.error();
	if (auto r = (*sock)->join_group(genl::notify_group); !r)
		return r.error();
	return Monitor(std::move(*sock));
}

Monitor Monitor::adopt(std::unique_ptr<GenlSocket> sock) { return Monitor(std::move(sock)); }

int Monitor::fd() const { return sock_->fd(); }

Result<void> Monitor::set_nonblocking() { return sock_->set_nonblocking(); }

Result<void> Monitor::wait(const std::function<void(const TableEvent &)> &on_event)
{
	return wait(on_event, [](const RuleEvent &) {});
}

Result<void> Monitor::wait(const std::function<void(const TableEvent &)> &on_table,
			   const std::function<void(const RuleEvent &)> &on_rule)
{
	return sock_->receive([&](const GenlMessage &msg) -> Result<void> {
		auto rule = decode_rule_event(msg);
		if (rule) {
			on_rule(*rule);
			return {};
		}
		if (rule.error().errnum != ENOTSUP)
			return rule.error();
		auto ev = decode_table_event(msg);
		if (ev)
			on_table(*ev);
		else if (ev.error().errnum != ENOTSUP)
			return ev.error();
		return {};
	});
}

} // namespace rtpnl
