// SPDX-License-Identifier: LGPL-2.1-or-later
// Error and Result<T>: how every librtpnl operation reports failure.
//
// An Error carries an errno value (so callers can branch on EEXIST, ENOENT,
// ...) plus the text that explains it: the kernel's extended-ack message for
// errors the kernel returned, or our own description for local failures
// (socket errors, malformed replies, missing family). No exceptions: the
// library sits under C callbacks and in a CLI where errors are expected.
#ifndef RTPNL_ERROR_HPP
#define RTPNL_ERROR_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace rtpnl {

struct Error {
	// Who produced the error: decides whether `message` is the kernel's own
	// words (possibly empty) or a complete local description.
	enum class Origin { kernel, local };

	int errnum = 0;                       // positive errno value
	std::string message;                  // extack text or local description
	Origin origin = Origin::local;
	std::optional<std::uint32_t> offset;  // NLMSGERR_ATTR_OFFS, kernel errors only

	static Error kernel(int errnum, std::string extack,
			    std::optional<std::uint32_t> offset = std::nullopt);
	static Error local(int errnum, std::string description);

	std::error_code code() const { return {errnum, std::generic_category()}; }
	// The message if there is one, otherwise strerror(errnum).
	std::string text() const;
};

// Either a value or an Error; Result<void> carries only success or Error.
template <typename T>
class [[nodiscard]] Result {
public:
	Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
	Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

	bool ok() const { return v_.index() == 0; }
	explicit operator bool() const { return ok(); }

	T &value() & { return std::get<0>(v_); }
	const T &value() const & { return std::get<0>(v_); }
	T &&value() && { return std::get<0>(std::move(v_)); }
	T &operator*() & { return value(); }
	const T &operator*() const & { return value(); }
	T *operator->() { return &value(); }
	const T *operator->() const { return &value(); }

	const Error &error() const { return std::get<1>(v_); }

private:
	std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
	Result() = default;
	Result(Error error) : err_(std::move(error)) {}

	bool ok() const { return !err_.has_value(); }
	explicit operator bool() const { return ok(); }
	const Error &error() const { return *err_; }

private:
	std::optional<Error> err_;
};

} // namespace rtpnl

#endif
