// SPDX-License-Identifier: LGPL-2.1-or-later
// SRTP argument values (see srtp_args.hpp).
#include "srtp_args.hpp"

#include "hex.hpp"

#include "rtpnl/rule.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace rtpnl::cli {

namespace {

Error bad(std::string_view what, std::string reason)
{
	return Error::local(EINVAL, std::string(what) + ": " + std::move(reason));
}

constexpr std::string_view suite_list =
	"AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, NULL_HMAC_SHA1_80, "
	"NULL_HMAC_SHA1_32, AES_192_CM_HMAC_SHA1_80, AES_192_CM_HMAC_SHA1_32, "
	"AES_256_CM_HMAC_SHA1_80, AES_256_CM_HMAC_SHA1_32, AEAD_AES_128_GCM, "
	"AEAD_AES_256_GCM, F8_128_HMAC_SHA1_80, F8_128_HMAC_SHA1_32";

// Files bigger than this are no key files (an inline: line is < 100 bytes).
constexpr std::size_t keyfile_max = 4096;

} // namespace

bool looks_like_key(std::string_view word)
{
	constexpr std::string_view prefix = "inline:";
	if (word.size() < prefix.size())
		return false;
	for (std::size_t i = 0; i < prefix.size(); ++i)
		if (std::tolower(static_cast<unsigned char>(word[i])) != prefix[i])
			return false;
	return true;
}

std::vector<std::string_view> hide_command_line_keys(int argc, char **argv,
						     std::vector<std::string> &copies)
{
	std::vector<std::string_view> args;
	copies.reserve(static_cast<std::size_t>(argc > 0 ? argc : 0));
	for (int i = 1; i < argc; ++i) {
		const std::string_view word = argv[i];
		if (!looks_like_key(word)) {
			args.push_back(word);
			continue;
		}
		copies.emplace_back(word);
		args.push_back(copies.back());
		constexpr std::size_t keep = std::string_view("inline:").size();
		std::memset(argv[i] + keep, 'x', word.size() - keep);
	}
	return args;
}

Result<SrtpSuite> parse_srtp_suite(std::string_view word, std::string_view what)
{
	if (auto suite = srtp_suite_from_name(word))
		return *suite;
	if (looks_like_key(word))
		return bad(what, "missing suite before the key");
	return bad(what, "unknown SRTP suite '" + std::string(word) + "' (" +
				 std::string(suite_list) + ")");
}

Result<void> parse_srtp_keyspec(std::string_view word, Srtp &srtp, std::string_view what)
{
	if (auto r = parse_srtp_inline(word, srtp); !r)
		return bad(what, r.error().text());
	return {};
}

Result<void> read_srtp_keyfile(const std::string &path, Srtp &srtp, std::string_view what)
{
	const std::string name = "keyfile '" + path + "'";
	const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return bad(what, name + ": " + std::strerror(errno));
	struct stat st {};
	if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		::close(fd);
		return bad(what, name + " is not a regular file");
	}
	if (st.st_mode & (S_IRGRP | S_IROTH)) {
		::close(fd);
		return bad(what, name + " is readable by group or others (chmod go-rwx)");
	}
	std::array<char, keyfile_max + 1> buf{};
	std::size_t len = 0;
	for (;;) {
		const ssize_t n = ::read(fd, buf.data() + len, buf.size() - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			const int err = errno;
			::close(fd);
			explicit_bzero(buf.data(), buf.size());
			return bad(what, name + ": " + std::strerror(err));
		}
		if (n == 0 || (len += static_cast<std::size_t>(n)) == buf.size())
			break;
	}
	::close(fd);
	Result<void> result;
	if (len > keyfile_max) {
		result = bad(what, name + " is too big for a key file");
	} else {
		// The first line that is neither empty nor a comment.
		std::string_view text(buf.data(), len);
		std::string_view line;
		while (!text.empty()) {
			const auto nl = text.find('\n');
			line = text.substr(0, nl);
			text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
			while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
				line.remove_prefix(1);
			while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
				line.remove_suffix(1);
			if (!line.empty() && line.front() != '#')
				break;
			line = {};
		}
		if (line.empty())
			result = bad(what, name + " holds no inline: key");
		// The key and a=crypto's session parameters, as SDP has them.
		else if (auto r = parse_srtp_sdes(line, srtp); !r)
			result = bad(what, name + ": " + r.error().text());
	}
	explicit_bzero(buf.data(), buf.size());
	return result;
}

Result<void> parse_srtp_mki(std::string_view word, Srtp &srtp, std::string_view what)
{
	HexBytes mki = parse_hex_bytes(word);
	if (mki.error || mki.bytes.size() > srtp_mki_max)
		return bad(what, "invalid mki '" + std::string(word) + "' (1.." +
					 std::to_string(srtp_mki_max) + " bytes in hex)");
	srtp.mki = std::move(mki.bytes);
	return {};
}

Result<SrtpRoc> parse_srtp_roc(std::string_view word, std::string_view what)
{
	const auto fail = [&] {
		return bad(what, "invalid roc '" + std::string(word) +
					 "' (SSRC:ROC, SSRC 1..8 hex digits, ROC 0..4294967295)");
	};
	const auto colon = word.find(':');
	if (colon == std::string_view::npos)
		return fail();
	auto ssrc = parse_ssrc(word.substr(0, colon));
	const std::string_view roc_text = word.substr(colon + 1);
	std::uint32_t roc = 0;
	auto [p, ec] = std::from_chars(roc_text.data(), roc_text.data() + roc_text.size(), roc);
	if (!ssrc || roc_text.empty() || p != roc_text.data() + roc_text.size() || ec != std::errc{})
		return fail();
	return SrtpRoc{*ssrc, roc};
}

void wipe_strings(std::vector<std::string> &words)
{
	for (std::string &w : words)
		explicit_bzero(w.data(), w.capacity());
}

} // namespace rtpnl::cli
