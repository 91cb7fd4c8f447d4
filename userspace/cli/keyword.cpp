// iproute2-style keyword prefix matching (see keyword.hpp).
#include "keyword.hpp"

namespace rtpnl::cli {

bool matches(std::string_view word, std::string_view keyword)
{
	return !word.empty() && keyword.starts_with(word);
}

} // namespace rtpnl::cli
