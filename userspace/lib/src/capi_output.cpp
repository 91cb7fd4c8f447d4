// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's per output rewrites (see rtpnl.h, version node RTPNL_1.1):
// an output's SSRC map and its payload replacements, set on a rule object
// and read back from it. The rule check before sending (validate_rule)
// is the C++ library's; the setters check what one entry shows at once.
#include "capi.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

static_assert(RTPNL_SSRCS_MAX == rtpnl::output_ssrc_map_max); // SSRC rewrites per output
static_assert(RTPNL_PT_REPLACE_MAX == rtpnl::output_pt_replace_max);
static_assert(RTPNL_PT_PATTERN_MAX == rtpnl::pt_pattern_max);

namespace rtpnl::capi {

namespace {

// The list `list` of output `output` (const as the rule is), or nullptr
// past the outputs.
template <typename RuleObject, typename T>
auto *output_list(RuleObject *rule, std::size_t output, std::vector<T> Output::*list)
{
	auto &outputs = rule->rule.outputs;
	return output < outputs.size() ? &(outputs[output].*list) : nullptr;
}

// Entry `index` of list `list` of output `output`, or nullptr with -ERANGE
// recorded (past the outputs or past the list).
template <typename T>
const T *output_entry(const rtpnl_rule *rule, std::size_t output, std::size_t index,
		      std::vector<T> Output::*list)
{
	const std::vector<T> *entries = output_list(rule, output, list);
	if (!entries) {
		fail(ERANGE, "output index out of range");
		return nullptr;
	}
	if (index >= entries->size()) {
		fail(ERANGE, "index out of range");
		return nullptr;
	}
	return &(*entries)[index];
}

} // namespace

} // namespace rtpnl::capi

using namespace rtpnl;
using capi::fail;
using capi::guarded;
using capi::succeed;

int rtpnl_rule_output_add_ssrc_map(struct rtpnl_rule *rule, size_t output, uint32_t from,
				   uint32_t to)
{
	return guarded([&] {
		auto *map = capi::output_list(rule, output, &Output::ssrc_map);
		if (!map)
			return fail(ERANGE, "output index out of range");
		return capi::append_once(*map, SsrcMapping{from, to}, &SsrcMapping::from,
					 output_ssrc_map_max, "the output rewrites this SSRC already",
					 "an output rewrites at most 4 SSRCs");
	});
}

size_t rtpnl_rule_output_ssrc_map_count(const struct rtpnl_rule *rule, size_t output)
{
	const auto *map = capi::output_list(rule, output, &Output::ssrc_map);
	return map ? map->size() : 0;
}

int rtpnl_rule_output_ssrc_map(const struct rtpnl_rule *rule, size_t output, size_t index,
			       uint32_t *from, uint32_t *to)
{
	const SsrcMapping *m = capi::output_entry(rule, output, index, &Output::ssrc_map);
	if (!m)
		return -ERANGE;
	*from = m->from;
	*to = m->to;
	return succeed();
}

int rtpnl_rule_output_add_pt_replace(struct rtpnl_rule *rule, size_t output, uint8_t type,
				     const void *pattern, size_t len)
{
	return guarded([&] {
		auto *replace = capi::output_list(rule, output, &Output::pt_replace);
		if (!replace)
			return fail(ERANGE, "output index out of range");
		if (type > payload_type_max)
			return fail(EINVAL, "payload type out of range (0..127)");
		if (!pattern || len == 0)
			return fail(EINVAL, "empty pattern");
		if (len > pt_pattern_max)
			return fail(EINVAL, "a pattern has at most 16 bytes");
		const auto *bytes = static_cast<const std::uint8_t *>(pattern);
		return capi::append_once(*replace, PtReplace{type, {bytes, bytes + len}},
					 &PtReplace::type, output_pt_replace_max,
					 "the output replaces this payload type already",
					 "an output has at most 4 payload replacements");
	});
}

size_t rtpnl_rule_output_pt_replace_count(const struct rtpnl_rule *rule, size_t output)
{
	const auto *replace = capi::output_list(rule, output, &Output::pt_replace);
	return replace ? replace->size() : 0;
}

int rtpnl_rule_output_pt_replace(const struct rtpnl_rule *rule, size_t output, size_t index,
				 uint8_t *type, void *pattern_buf, size_t *len)
{
	const PtReplace *r = capi::output_entry(rule, output, index, &Output::pt_replace);
	if (!r)
		return -ERANGE;
	const std::size_t room = pattern_buf ? *len : 0; // NULL: a length query
	*len = r->pattern.size();
	if (room < r->pattern.size())
		return fail(ENOBUFS, "the pattern does not fit the buffer");
	*type = r->type;
	std::memcpy(pattern_buf, r->pattern.data(), r->pattern.size());
	return succeed();
}
