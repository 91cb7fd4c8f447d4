// Client and Monitor: table operations and notifications (see client.hpp).
#include "rtpnl/client.hpp"

#include "rtpnl/rule_codec.hpp"
#include "rtpnl/table_codec.hpp"

#include <cerrno>

namespace rtpnl {

Result<Client> Client::open()
{
	auto sock = GenlSocket::open(genl::family_name);
	if (!sock)
		return sock.error();
	return Client(std::move(*sock));
}

Result<void> Client::table_add(std::uint32_t id)
{
	return sock_.transact(encode_table_new(id), [](const GenlMessage &) { return Result<void>{}; });
}

Result<void> Client::table_del(std::uint32_t id)
{
	return sock_.transact(encode_table_del(id), [](const GenlMessage &) { return Result<void>{}; });
}

Result<Table> Client::table_get(std::uint32_t id)
{
	std::optional<Table> table;
	auto r = sock_.transact(encode_table_get(id), [&](const GenlMessage &msg) -> Result<void> {
		auto t = decode_table(msg);
		if (!t)
			return t.error();
		table = *t;
		return {};
	});
	if (!r)
		return r.error();
	if (!table)
		return Error::local(EBADMSG, "the kernel acknowledged TABLE_GET without a reply");
	return *table;
}

Result<std::vector<Table>> Client::tables()
{
	for (int attempt = 0; attempt < dump_attempts; ++attempt) {
		std::vector<Table> list;
		auto r = sock_.dump(encode_table_dump(), [&](const GenlMessage &msg) -> Result<void> {
			auto t = decode_table(msg);
			if (!t)
				return t.error();
			list.push_back(*t);
			return {};
		});
		if (!r)
			return r.error();
		if (!r->interrupted)
			return list;
	}
	return Error::local(EAGAIN, "table dump kept being interrupted by concurrent changes");
}

Result<void> Client::rule_add(const Rule &rule, RuleMode mode)
{
	auto req = encode_rule_new(rule, mode);
	if (!req)
		return req.error();
	return sock_.transact(*req, [](const GenlMessage &) { return Result<void>{}; });
}

Result<void> Client::rule_del(std::uint32_t table, const Endpoint &local)
{
	return sock_.transact(encode_rule_del(table, local),
			      [](const GenlMessage &) { return Result<void>{}; });
}

Result<void> Client::stats_reset(std::uint32_t table, const std::optional<Endpoint> &local)
{
	return sock_.transact(encode_stats_reset(table, local),
			      [](const GenlMessage &) { return Result<void>{}; });
}

Result<Rule> Client::rule_get(std::uint32_t table, const Endpoint &local)
{
	std::optional<Rule> rule;
	auto r = sock_.transact(encode_rule_get(table, local), [&](const GenlMessage &msg) -> Result<void> {
		auto decoded = decode_rule(msg);
		if (!decoded)
			return decoded.error();
		rule = std::move(*decoded);
		return {};
	});
	if (!r)
		return r.error();
	if (!rule)
		return Error::local(EBADMSG, "the kernel acknowledged RULE_GET without a reply");
	return std::move(*rule);
}

Result<DumpOutcome> Client::rules_each(std::optional<std::uint32_t> table,
				       const std::function<Result<void>(const Rule &)> &on_rule)
{
	return sock_.dump(encode_rule_dump(table), [&](const GenlMessage &msg) -> Result<void> {
		auto rule = decode_rule(msg);
		if (!rule)
			return rule.error();
		return on_rule(*rule);
	});
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

Result<Monitor> Monitor::open()
{
	auto sock = GenlSocket::open(genl::family_name);
	if (!sock)
		return sock.error();
	if (auto r = sock->join_group(genl::notify_group); !r)
		return r.error();
	return Monitor(std::move(*sock));
}

Result<void> Monitor::wait(const std::function<void(const TableEvent &)> &on_event)
{
	return wait(on_event, [](const RuleEvent &) {});
}

Result<void> Monitor::wait(const std::function<void(const TableEvent &)> &on_table,
			   const std::function<void(const RuleEvent &)> &on_rule)
{
	return sock_.receive([&](const GenlMessage &msg) -> Result<void> {
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
