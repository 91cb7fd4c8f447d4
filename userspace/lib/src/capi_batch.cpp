// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's batches (see rtpnl.h) over Client::rule_batch: the requests
// are copied when queued, each gets its own result and message.
#include "capi.hpp"

#include <cerrno>

using namespace rtpnl;
using capi::fail;
using capi::guarded;
using capi::succeed;

extern "C" {

struct rtpnl_batch *rtpnl_batch_new(void) { return capi::make_object<rtpnl_batch>(); }

void rtpnl_batch_free(struct rtpnl_batch *batch) { delete batch; }

int rtpnl_batch_add_rule(struct rtpnl_batch *batch, const struct rtpnl_rule *rule,
			 enum rtpnl_rule_mode mode)
{
	return guarded([&] {
		if (mode != RTPNL_RULE_ADD && mode != RTPNL_RULE_REPLACE && mode != RTPNL_RULE_CHANGE)
			return fail(EINVAL, "unknown rule mode");
		if (auto valid = validate_rule(rule->rule); !valid)
			return fail(valid.error());
		batch->requests.push_back({rule->rule, static_cast<RuleMode>(mode)});
		return succeed();
	});
}

int rtpnl_batch_del_rule(struct rtpnl_batch *batch, uint32_t table,
			 const struct rtpnl_endpoint *local)
{
	return guarded([&] {
		auto ep = capi::checked(local, "local");
		if (!ep)
			return fail(ep.error());
		RuleRequest req;
		req.rule.table = table;
		req.rule.local = *ep;
		batch->requests.push_back(std::move(req));
		return succeed();
	});
}

size_t rtpnl_batch_size(const struct rtpnl_batch *batch) { return batch->requests.size(); }

int rtpnl_batch_send(struct rtpnl_handle *h, struct rtpnl_batch *batch, size_t *failed)
{
	return guarded([&] {
		std::vector<Result<void>> results;
		auto r = h->client.rule_batch(batch->requests, results);
		batch->results.assign(results.size(), 0);
		batch->messages.assign(results.size(), std::string());
		std::size_t refused = 0;
		for (std::size_t i = 0; i < results.size(); ++i) {
			if (results[i])
				continue;
			batch->results[i] = -results[i].error().errnum;
			batch->messages[i] = results[i].error().text();
			++refused;
		}
		if (failed)
			*failed = refused;
		return capi::status(r);
	});
}

int rtpnl_batch_result(const struct rtpnl_batch *batch, size_t index)
{
	if (index >= batch->results.size())
		return fail(ERANGE, "no result with this index (not sent yet?)");
	return batch->results[index];
}

const char *rtpnl_batch_message(const struct rtpnl_batch *batch, size_t index)
{
	if (index >= batch->messages.size())
		return "";
	return batch->messages[index].c_str();
}

} // extern "C"
