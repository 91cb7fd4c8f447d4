// SPDX-License-Identifier: LGPL-2.1-or-later
// Turning an rtpnl::Error into the text after "Error: ".
//
// The kernel's extack message is the most precise explanation, so it wins
// when present; otherwise well-known errnos of table operations get a
// sentence naming the table (or rule), and anything else falls back to
// strerror.
#ifndef RTPNL_CLI_ERROR_TEXT_HPP
#define RTPNL_CLI_ERROR_TEXT_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/recording.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace rtpnl::cli {

std::string table_error_text(const Error &error, std::optional<std::uint32_t> table_id);

// The same for an operation on the rule of `local` in `table`. EEXIST and
// ENOENT get a sentence naming the rule even when the kernel sent extack
// text (its words cannot name the endpoint), except that an ENOENT whose
// extack is about the table (not the rule) is shown as it is. `creates`: the
// request may create the rule (add, replace), so ENOENT can only mean the
// table is missing.
std::string rule_error_text(const Error &error, std::uint32_t table, const Endpoint &local,
			    bool creates = false);

// The same for an operation on the recorded streams of rec.table: the
// kernel's extack when it sent one (it does for its refusals); else EEXIST
// and ENOENT name the stream ("stream 'call-1/caller' exists in table 42",
// "no recorded call 'call-1' in table 42" with `whole_call`), and
// EOPNOTSUPP says the module cannot record (an older rtpfwd).
std::string recording_error_text(const Error &error, const Recording &rec, bool whole_call = false);

} // namespace rtpnl::cli

#endif
