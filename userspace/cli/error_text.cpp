// SPDX-License-Identifier: LGPL-2.1-or-later
// Error text of table operations (see error_text.hpp).
#include "error_text.hpp"

#include <cerrno>
#include <string_view>

namespace rtpnl::cli {

std::string table_error_text(const Error &error, std::optional<std::uint32_t> table_id)
{
	if (error.origin == Error::Origin::local || !error.message.empty())
		return error.text();
	if (error.errnum == EPERM)
		return "operation not permitted (CAP_NET_ADMIN is required in the user namespace "
		       "owning the network namespace)";
	if (!table_id)
		return error.text();
	const std::string table = "table " + std::to_string(*table_id);
	switch (error.errnum) {
	case EEXIST:
		return table + " exists";
	case ENOENT:
		return table + " does not exist";
	case EBUSY:
		return table + " is busy (its control file is open)";
	default:
		return error.text();
	}
}

namespace {

// "rtpfwd: no such table" is about the table; "rtpfwd: no such rule in the
// table" is not.
bool about_table(std::string_view extack)
{
	return extack.find("table") != std::string_view::npos &&
	       extack.find("rule") == std::string_view::npos;
}

} // namespace

std::string rule_error_text(const Error &error, std::uint32_t table, const Endpoint &local,
			    bool creates)
{
	if (error.origin == Error::Origin::local)
		return error.text();
	const std::string ep = "local " + format_endpoint(local);
	const std::string in = "table " + std::to_string(table);
	switch (error.errnum) {
	case EEXIST:
		return "a rule for " + ep + " exists in " + in;
	case ENOENT:
		if (!error.message.empty() && about_table(error.message))
			return error.text();
		if (creates)
			return table_error_text(error, table);
		return "no rule for " + ep + " in " + in;
	default:
		return table_error_text(error, table);
	}
}

std::string recording_error_text(const Error &error, const Recording &rec, bool whole_call)
{
	if (error.origin == Error::Origin::local || !error.message.empty())
		return error.text();
	if (error.errnum == EOPNOTSUPP)
		return "this kernel's rtpfwd cannot record (it knows no RECORDING commands)";
	const std::string in = " in table " + std::to_string(rec.table);
	const std::string what = whole_call ? "call '" + rec.call + "'"
					    : "stream '" + rec.call + "/" + rec.stream + "'";
	if (!rec.call.empty() && error.errnum == EEXIST)
		return what + " exists" + in;
	if (!rec.call.empty() && error.errnum == ENOENT)
		return "no recorded " + what + in;
	return table_error_text(error, rec.table);
}

} // namespace rtpnl::cli
