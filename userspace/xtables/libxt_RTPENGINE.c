// SPDX-License-Identifier: GPL-2.0-only
/*
 * libxt_RTPENGINE: the iptables/ip6tables plugin of the RTPENGINE target
 * (kernel side: xt-compat/xt_RTPENGINE.c).
 *
 *   iptables -I INPUT -p udp -j RTPENGINE --id 42
 *
 * Wire-identical to rtpengine's plugin of the same name (Debian package
 * rtpengine-iptables): same target name, revision 0, the same
 * struct xt_rtpengine_info and the same --id option, so either plugin works
 * with either kernel module and rules print and save the same way.
 */
#include <stdio.h>
#include <xtables.h>
#include <linux/netfilter/xt_RTPENGINE.h>
#include <linux/rtpfwd.h>

enum {
	O_ID = 0,
};

/*
 * RTPFWD_NO_ID_RANGE builds a variant without the 0..63 range check, like
 * rtpengine's own plugin, so that the tests can reach the kernel's check.
 */
#ifdef RTPFWD_NO_ID_RANGE
#define RTPENGINE_ID_MAX 0	/* no maximum */
#else
#define RTPENGINE_ID_MAX RTPFWD_TABLE_ID_MAX
#endif

static const struct xt_option_entry rtpengine_tg_opts[] = {
	{
		.name	= "id",
		.id	= O_ID,
		.type	= XTTYPE_UINT32,
		.flags	= XTOPT_MAND | XTOPT_PUT,
		XTOPT_POINTER(struct xt_rtpengine_info, id),
		.min	= 0,
		.max	= RTPENGINE_ID_MAX,
	},
	XTOPT_TABLEEND,
};

static void rtpengine_tg_help(void)
{
	printf("RTPENGINE target options:\n"
	       "  --id <id>    offer packets to rtpfwd forwarding table <id> (0-%u);\n"
	       "               packets it does not forward continue untouched\n",
	       RTPFWD_TABLE_ID_MAX);
}

static void rtpengine_tg_print(const void *ip, const struct xt_entry_target *target, int numeric)
{
	const struct xt_rtpengine_info *info = (const void *)target->data;

	(void)ip;
	(void)numeric;
	printf(" RTPENGINE id:%u", info->id);
}

static void rtpengine_tg_save(const void *ip, const struct xt_entry_target *target)
{
	const struct xt_rtpengine_info *info = (const void *)target->data;

	(void)ip;
	printf(" --id %u", info->id);
}

static struct xtables_target rtpengine_tg_reg = {
	.name		= "RTPENGINE",
	.revision	= 0,
	.family		= NFPROTO_UNSPEC,
	.version	= XTABLES_VERSION,
	.size		= XT_ALIGN(sizeof(struct xt_rtpengine_info)),
	.userspacesize	= XT_ALIGN(sizeof(struct xt_rtpengine_info)),
	.help		= rtpengine_tg_help,
	.print		= rtpengine_tg_print,
	.save		= rtpengine_tg_save,
	.x6_parse	= xtables_option_parse,
	.x6_options	= rtpengine_tg_opts,
};

/* libxtables dlopen()s the plugin; registration runs as a constructor. */
static void __attribute__((constructor)) rtpengine_tg_ldr(void)
{
	xtables_register_target(&rtpengine_tg_reg);
}
