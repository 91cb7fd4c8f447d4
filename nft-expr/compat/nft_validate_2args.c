// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe: nft_expr_ops.validate takes (ctx, expr), without the third
 * "data" argument (6.12, and 6.1 stable since the change was backported).
 */
#include <net/netfilter/nf_tables.h>

static int probe_validate(const struct nft_ctx *ctx, const struct nft_expr *expr)
{
	return 0;
}

const struct nft_expr_ops probe_ops;
const struct nft_expr_ops probe_ops = {
	.validate = probe_validate,
};
