// SPDX-License-Identifier: LGPL-2.1-or-later
// TableApi: the table operations as an interface, so the CLI can run against
// the kernel (Client) or against a fake in unit tests.
#ifndef RTPNL_TABLE_API_HPP
#define RTPNL_TABLE_API_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/table.hpp"

#include <cstdint>
#include <vector>

namespace rtpnl {

class TableApi {
public:
	virtual ~TableApi() = default;

	virtual Result<void> table_add(std::uint32_t id) = 0;
	virtual Result<void> table_del(std::uint32_t id) = 0;
	virtual Result<Table> table_get(std::uint32_t id) = 0;
	virtual Result<std::vector<Table>> tables() = 0;
};

} // namespace rtpnl

#endif
