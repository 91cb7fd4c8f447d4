// SPDX-License-Identifier: LGPL-2.1-or-later
// ctl_bench: the control plane's rates through librtpnl, as a C++ daemon
// would drive it (make bench's control-plane table, tests/bench/bench.sh).
//
//   ctl_bench TABLE [--rules N] [--singles M]
//
// In TABLE (which must exist and hold none of these rules):
//   1. adds N rules with Client::rule_batch (pipelined, the kernel answers
//      failures and each window's last request), then deletes them the same
//      way; one line each: "batch-add rules=N done=N-F seconds=S rules_per_s=R
//      failed=F";
//   2. M times: one rule_add, then one rule_del, each a request and its ack;
//      "single-add samples=M median_us=... p90_us=..." and the same for del.
// The rules: local 10.a.b.c:port, one output 192.0.2.1:30000 to
// 198.51.100.x:port (documentation ranges; nothing is sent to them).
// Exit 0 when every request succeeded, 1 otherwise, 255 on a usage error.
#include "tool_args.hpp"

#include <rtpnl/client.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

rtpnl::Rule bench_rule(std::uint32_t table, std::uint32_t i)
{
	rtpnl::Rule rule;
	rule.table = table;
	rule.local = rtpnl::Endpoint::v4({10, static_cast<std::uint8_t>(i >> 16),
					  static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)},
					 static_cast<std::uint16_t>(1024 + i % 60000));
	rtpnl::Output out;
	out.src = rtpnl::Endpoint::v4({192, 0, 2, 1}, 30000);
	out.dst = rtpnl::Endpoint::v4({198, 51, 100, static_cast<std::uint8_t>(1 + i % 250)},
				      static_cast<std::uint16_t>(2000 + i % 50000));
	rule.outputs.push_back(out);
	return rule;
}

double seconds_since(Clock::time_point t0)
{
	return std::chrono::duration<double>(Clock::now() - t0).count();
}

// One batch of all `requests`; prints its line, returns the failures.
unsigned long run_batch(rtpnl::Client &client, const char *what,
			const std::vector<rtpnl::RuleRequest> &requests)
{
	std::vector<rtpnl::Result<void>> results;
	const auto t0 = Clock::now();
	auto r = client.rule_batch(requests, results);
	const double s = seconds_since(t0);
	unsigned long failed = 0;
	for (const auto &res : results)
		if (!res) {
			if (failed++ == 0)
				std::fprintf(stderr, "%s: first failure: %s\n", what,
					     res.error().text().c_str());
		}
	if (!r)
		std::fprintf(stderr, "%s: %s\n", what, r.error().text().c_str());
	std::printf("%s rules=%zu done=%zu seconds=%.3f rules_per_s=%.0f failed=%lu\n", what,
		    requests.size(), requests.size() - failed, s,
		    static_cast<double>(requests.size()) / std::max(s, 1e-9), failed);
	return failed + (r ? 0 : 1);
}

void print_latency(const char *what, std::vector<double> us)
{
	if (us.empty())
		return;
	std::sort(us.begin(), us.end());
	std::printf("%s samples=%zu median_us=%.0f p90_us=%.0f\n", what, us.size(), us[us.size() / 2],
		    us[us.size() * 9 / 10]);
}

int run(int argc, char **argv)
{
	const rtptools::ToolArgs args(argc, argv, 1, {"rules", "singles"});
	if (args.positional().size() != 1)
		throw rtptools::UsageError("usage: ctl_bench TABLE [--rules N] [--singles M]");
	const std::string &word = args.positional()[0];
	std::uint32_t table = 0;
	const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), table);
	if (ec != std::errc() || end != word.data() + word.size() || table > 63)
		throw rtptools::UsageError("invalid table id '" + word + "' (0..63)");
	const unsigned long count = args.integer("rules", 10000, 1, 1UL << 22);
	const unsigned long singles = args.integer("singles", 1000, 0, 1000000);

	auto client = rtpnl::Client::open();
	if (!client)
		throw rtptools::RuntimeError(client.error().text());

	std::vector<rtpnl::RuleRequest> adds, dels;
	adds.reserve(count);
	dels.reserve(count);
	for (std::uint32_t i = 0; i < count; ++i) {
		adds.push_back({bench_rule(table, i), rtpnl::RuleMode::add});
		dels.push_back({bench_rule(table, i), std::nullopt});
	}
	unsigned long failed = run_batch(*client, "batch-add", adds);
	failed += run_batch(*client, "batch-del", dels);

	std::vector<double> add_us, del_us;
	const rtpnl::Rule one = bench_rule(table, static_cast<std::uint32_t>(count));
	for (unsigned long i = 0; i < singles; ++i) {
		auto t0 = Clock::now();
		auto a = client->rule_add(one, rtpnl::RuleMode::add);
		add_us.push_back(seconds_since(t0) * 1e6);
		t0 = Clock::now();
		auto d = client->rule_del(table, one.local);
		del_us.push_back(seconds_since(t0) * 1e6);
		if (!a || !d) {
			std::fprintf(stderr, "single: %s\n",
				     (!a ? a.error() : d.error()).text().c_str());
			++failed;
			break;
		}
	}
	print_latency("single-add", add_us);
	print_latency("single-del", del_us);
	return failed ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
	try {
		return run(argc, argv);
	} catch (const rtptools::UsageError &e) {
		std::fprintf(stderr, "Error: %s\n", e.what());
		return 255;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "Error: %s\n", e.what());
		return 1;
	}
}
