// Turning an rtpnl::Error into the text after "Error: ".
//
// The kernel's extack message is the most precise explanation, so it wins
// when present; otherwise well-known errnos of table operations get a
// sentence naming the table, and anything else falls back to strerror.
#ifndef RTPNL_CLI_ERROR_TEXT_HPP
#define RTPNL_CLI_ERROR_TEXT_HPP

#include "rtpnl/error.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace rtpnl::cli {

std::string table_error_text(const Error &error, std::optional<std::uint32_t> table_id);

} // namespace rtpnl::cli

#endif
