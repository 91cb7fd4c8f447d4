// Client: the "rtpengine" generic netlink family's operations over a
// GenlSocket. One Client, one socket, requests one at a time.
#ifndef RTPNL_CLIENT_HPP
#define RTPNL_CLIENT_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/genl_socket.hpp"
#include "rtpnl/table.hpp"
#include "rtpnl/table_api.hpp"

#include <functional>
#include <vector>

namespace rtpnl {

class Client final : public TableApi {
public:
	// Opens the socket and resolves the family (ENOENT with a readable
	// message if it does not exist).
	static Result<Client> open();

	Result<void> table_add(std::uint32_t id) override;
	Result<void> table_del(std::uint32_t id) override;
	Result<Table> table_get(std::uint32_t id) override;
	// Retries an interrupted dump (NLM_F_DUMP_INTR) a few times, then fails
	// with EAGAIN rather than return a possibly inconsistent list.
	Result<std::vector<Table>> tables() override;

	static constexpr int dump_attempts = 3;

private:
	explicit Client(GenlSocket sock) : sock_(std::move(sock)) {}

	GenlSocket sock_;
};

// Monitor: a socket joined to the "notify" group, delivering table events.
class Monitor {
public:
	static Result<Monitor> open();

	// Blocks until the next datagram and calls on_event for each event in
	// it; events of unknown commands (newer kernels) are skipped.
	Result<void> wait(const std::function<void(const TableEvent &)> &on_event);

private:
	explicit Monitor(GenlSocket sock) : sock_(std::move(sock)) {}

	GenlSocket sock_;
};

} // namespace rtpnl

#endif
