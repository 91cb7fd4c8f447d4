// SPDX-License-Identifier: LGPL-2.1-or-later
// The values of rtpnl's SRTP words ("decrypt SUITE KEYSPEC
// [UNAUTHENTICATED_SRTP] [mki HEX] [roc SSRC:ROC]..." on a rule, "encrypt ..." on an output): suite names,
// key files, MKI and ROC values. cmd_rule.cpp walks the words.
//
// Must not: put a key byte, or the text it came from, into an error.
#ifndef RTPNL_CLI_SRTP_ARGS_HPP
#define RTPNL_CLI_SRTP_ARGS_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/srtp.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// RFC 4568 / RFC 6188 / RFC 7714 names, case-insensitive, or the short
// names of srtp_peer ("aes128_80", "gcm128"). Error: "decrypt: unknown SRTP
// suite 'X' (...)"; a word that looks like a key is not repeated.
Result<SrtpSuite> parse_srtp_suite(std::string_view word, std::string_view what);

// A word that starts with "inline:" (any case): never to be echoed.
bool looks_like_key(std::string_view word);

// Keys on the command line: every argv word that looks_like_key() is
// copied into `copies` (reserved up front, so views stay valid) and its
// bytes after "inline:" are overwritten with 'x' in argv itself, which is
// what /proc/PID/cmdline shows other users from then on. Returns the
// arguments (argv[1..]) with those words read from the copies. Narrows the
// window, cannot close it: before main() runs, the key is readable.
std::vector<std::string_view> hide_command_line_keys(int argc, char **argv,
						     std::vector<std::string> &copies);

// Wipes the whole buffer (capacity) of every string: words that may hold
// keys, before their memory is freed or reused.
void wipe_strings(std::vector<std::string> &words);

// "inline:BASE64[|LIFETIME][|MKI:LENGTH]" into srtp (whose suite is set);
// errors "WHAT: reason" (srtp.hpp's parse_srtp_inline()).
Result<void> parse_srtp_keyspec(std::string_view word, Srtp &srtp, std::string_view what);

// The first line of PATH that is not empty or a comment (#), trimmed,
// parsed as an inline: key and the session parameters after it
// ("inline:BASE64|2^31 UNAUTHENTICATED_SRTP", parse_srtp_sdes()). Refused, before reading, if PATH is not a
// regular file or is readable by group or others: "WHAT: keyfile 'PATH'
// is readable by group or others (chmod go-rwx)". The file's bytes are
// wiped from memory after use.
Result<void> read_srtp_keyfile(const std::string &path, Srtp &srtp, std::string_view what);

// "mki HEX": 1..4 bytes, 2..8 hex digits (even), optional 0x.
Result<void> parse_srtp_mki(std::string_view word, Srtp &srtp, std::string_view what);

// "roc SSRC:ROC": SSRC 1..8 hex digits, ROC decimal 0..4294967295.
Result<SrtpRoc> parse_srtp_roc(std::string_view word, std::string_view what);

} // namespace rtpnl::cli

#endif
