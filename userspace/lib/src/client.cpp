// Client and Monitor: table operations and notifications (see client.hpp).
#include "rtpnl/client.hpp"

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
	return sock_.receive([&](const GenlMessage &msg) -> Result<void> {
		auto ev = decode_table_event(msg);
		if (ev)
			on_event(*ev);
		else if (ev.error().errnum != ENOTSUP)
			return ev.error();
		return {};
	});
}

} // namespace rtpnl
