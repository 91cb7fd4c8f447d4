// SPDX-License-Identifier: LGPL-2.1-or-later
// A TableApi that records calls and returns scripted results, so the CLI
// can be run end to end without a kernel.
#ifndef RTPFWD_TEST_FAKE_TABLE_API_HPP
#define RTPFWD_TEST_FAKE_TABLE_API_HPP

#include "rtpnl/table_api.hpp"

#include <optional>
#include <string>
#include <vector>

struct FakeTableApi final : rtpnl::TableApi {
	std::vector<std::string> calls;
	std::optional<rtpnl::Error> fail; // returned by every operation if set
	std::vector<rtpnl::Table> list;

	rtpnl::Result<void> table_add(std::uint32_t id) override
	{
		calls.push_back("add " + std::to_string(id));
		if (fail)
			return *fail;
		return {};
	}
	rtpnl::Result<void> table_del(std::uint32_t id) override
	{
		calls.push_back("del " + std::to_string(id));
		if (fail)
			return *fail;
		return {};
	}
	rtpnl::Result<rtpnl::Table> table_get(std::uint32_t id) override
	{
		calls.push_back("get " + std::to_string(id));
		if (fail)
			return *fail;
		for (const auto &t : list)
			if (t.id == id)
				return t;
		return rtpnl::Error::kernel(ENOENT, "");
	}
	rtpnl::Result<std::vector<rtpnl::Table>> tables() override
	{
		calls.push_back("list");
		if (fail)
			return *fail;
		return list;
	}
};

// Hands a FakeTableApi owned by the test to code that wants ownership.
struct ForwardingTableApi final : rtpnl::TableApi {
	explicit ForwardingTableApi(rtpnl::TableApi &target) : to(target) {}
	rtpnl::TableApi &to;

	rtpnl::Result<void> table_add(std::uint32_t id) override { return to.table_add(id); }
	rtpnl::Result<void> table_del(std::uint32_t id) override { return to.table_del(id); }
	rtpnl::Result<rtpnl::Table> table_get(std::uint32_t id) override { return to.table_get(id); }
	rtpnl::Result<std::vector<rtpnl::Table>> tables() override { return to.tables(); }
};

#endif
