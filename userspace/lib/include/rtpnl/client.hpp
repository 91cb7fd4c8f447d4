// SPDX-License-Identifier: LGPL-2.1-or-later
// Client: the "rtpengine" generic netlink family's operations over a
// generic netlink socket (libnl-genl, an implementation detail). One
// Client, one socket, requests one at a time.
#ifndef RTPNL_CLIENT_HPP
#define RTPNL_CLIENT_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/recording.hpp"
#include "rtpnl/recording_api.hpp"
#include "rtpnl/rule.hpp"
#include "rtpnl/rule_api.hpp"
#include "rtpnl/table.hpp"
#include "rtpnl/table_api.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace rtpnl {

class GenlSocket; // the library's own

struct DumpOutcome {
	// NLM_F_DUMP_INTR was seen: the kernel's object set changed during the
	// dump, so it may have missed or repeated entries. Retry or report.
	bool interrupted = false;
};

class Client final : public TableApi, public RuleApi, public RecordingApi {
public:
	// Opens the socket and resolves the family (ENOENT with a readable
	// message if it does not exist).
	static Result<Client> open();
	// A Client on a socket the caller set up (the unit tests' fake kernel).
	static Client adopt(std::unique_ptr<GenlSocket> sock);

	Client(Client &&) noexcept;
	Client &operator=(Client &&) noexcept;
	~Client() override;

	Result<void> table_add(std::uint32_t id) override;
	Result<void> table_del(std::uint32_t id) override;
	Result<Table> table_get(std::uint32_t id) override;
	// Retries an interrupted dump (NLM_F_DUMP_INTR) a few times, then fails
	// with EAGAIN rather than return a possibly inconsistent list.
	Result<std::vector<Table>> tables() override;

	// Validates the rule (validate_rule) before anything is sent.
	Result<void> rule_add(const Rule &rule, RuleMode mode) override;
	Result<void> rule_del(std::uint32_t table, const Endpoint &local) override;
	Result<Rule> rule_get(std::uint32_t table, const Endpoint &local) override;
	Result<void> stats_reset(std::uint32_t table, const std::optional<Endpoint> &local) override;
	// Collects the whole dump; retries an interrupted one like tables().
	Result<std::vector<Rule>> rules(std::optional<std::uint32_t> table) override;
	// Streams the dump instead (for very many rules): on_rule sees each rule
	// as it is decoded, an Error from it stops the delivery. Never retries:
	// DumpOutcome::interrupted says the kernel's rule set changed meanwhile,
	// so rules may have been missed or seen twice.
	Result<DumpOutcome> rules_each(std::optional<std::uint32_t> table,
				       const std::function<Result<void>(const Rule &)> &on_rule);

	// Sends the requests without waiting for each answer (GenlSocket::batch:
	// windows of up to 1024, one sendmsg() each) and gives each its result,
	// in order: a rule that cannot be encoded gets its EINVAL without being
	// sent. An Error: the exchange itself failed; the requests it left
	// unanswered have ECANCELED (after ENOBUFS, answers were lost: re-read
	// the rules).
	Result<void> rule_batch(std::span<const RuleRequest> requests,
				std::vector<Result<void>> &results) override;

	// Recorded streams (validate_recording() before anything is sent).
	Result<Recording> recording_add(const Recording &rec) override;
	Result<void> recording_del(std::uint32_t table, std::string_view call,
				   std::optional<std::string_view> stream) override;
	Result<Recording> recording_get(std::uint32_t table, std::string_view call,
					std::string_view stream) override;
	// Retries an interrupted dump like tables().
	Result<std::vector<Recording>> recordings(std::uint32_t table) override;

	static constexpr int dump_attempts = 3;

private:
	explicit Client(std::unique_ptr<GenlSocket> sock);

	std::unique_ptr<GenlSocket> sock_;
};

// Monitor: a socket joined to the "notify" group, delivering table and rule
// events.
class Monitor {
public:
	static Result<Monitor> open();
	// A Monitor on a socket the caller set up and joined (unit tests).
	static Monitor adopt(std::unique_ptr<GenlSocket> sock);

	Monitor(Monitor &&) noexcept;
	Monitor &operator=(Monitor &&) noexcept;
	~Monitor();

	// Blocks until the next datagram and calls on_event for each event in
	// it; events of unknown commands (newer kernels) are skipped.
	Result<void> wait(const std::function<void(const TableEvent &)> &on_event);
	// The same, with rule events too (in the order the kernel sent them).
	Result<void> wait(const std::function<void(const TableEvent &)> &on_table,
			  const std::function<void(const RuleEvent &)> &on_rule);

	// For event loops: the socket to poll, and wait() failing with EAGAIN
	// instead of blocking when no datagram is waiting.
	int fd() const;
	Result<void> set_nonblocking();

private:
	explicit Monitor(std::unique_ptr<GenlSocket> sock);

	std::unique_ptr<GenlSocket> sock_;
};

} // namespace rtpnl

#endif
