// Error text of table operations (see error_text.hpp).
#include "error_text.hpp"

#include <cerrno>

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

} // namespace rtpnl::cli
