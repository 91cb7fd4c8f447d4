/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtpnl-example TABLE LOCAL SRC1 DST1 SRC2 DST2: a control daemon in
 * miniature on librtpnl's C API. It makes sure the table exists, relays
 * LOCAL to two outputs, prints the events of the kernel's notify group
 * from its poll loop until stdin closes, then the rule's counters, and
 * deletes the rule. With RTPNL_NETNS=/run/netns/NAME in its environment it
 * works in that network namespace instead of its own.
 * Build: cc -std=c99 rtpnl-example.c $(pkg-config --cflags --libs rtpnl)
 */
/* POSIX.1-2008 for O_CLOEXEC and poll() under a strict -std=c99 */
#define _POSIX_C_SOURCE 200809L

#include <rtpnl/rtpnl.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {"?", "table-new", "table-del", "rule-new", "rule-replace", "rule-del"};

static void on_event(const struct rtpnl_event *ev, void *arg)
{
	char local[RTPNL_ENDPOINT_STRLEN] = "-";
	(void)arg;
	if (ev->type >= RTPNL_EVENT_RULE_NEW)
		rtpnl_endpoint_format(&ev->local, local, sizeof local);
	printf("event %s table %u local %s\n", names[ev->type <= RTPNL_EVENT_RULE_DEL ? ev->type : 0],
	       (unsigned)ev->table, local);
}

/* A handle in RTPNL_NETNS's namespace if it is set, else in our own. */
static int open_handle(struct rtpnl_handle **h)
{
	const char *netns = getenv("RTPNL_NETNS");
	int fd, rc;

	if (!netns)
		return rtpnl_open(h);
	if ((fd = open(netns, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, "rtpnl-example: %s: %s\n", netns, strerror(errno));
		exit(1);
	}
	rc = rtpnl_open_netns(h, fd);
	close(fd);
	return rc;
}

static int die(const char *what, int rc)
{
	fprintf(stderr, "rtpnl-example: %s: %s\n", what, rtpnl_errmsg());
	return rc == 0 ? 1 : -rc;
}

int main(int argc, char **argv)
{
	struct rtpnl_handle *h;
	struct rtpnl_rule *rule = rtpnl_rule_new();
	struct rtpnl_endpoint ep[5];
	struct rtpnl_rule_stats stats;
	uint32_t table;
	int rc, i;

	if (argc != 7 || !rule) {
		fprintf(stderr, "usage: rtpnl-example TABLE LOCAL SRC1 DST1 SRC2 DST2\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	table = (uint32_t)strtoul(argv[1], NULL, 10);
	for (i = 0; i < 5; i++)
		if ((rc = rtpnl_endpoint_parse(argv[i + 2], &ep[i])) < 0)
			return die(argv[i + 2], rc);
	if ((rc = open_handle(&h)) < 0 || (rc = rtpnl_subscribe(h, on_event, NULL)) < 0 ||
	    (rc = rtpnl_table_ensure(h, table)) < 0)
		return die("setup", rc);
	if ((rc = rtpnl_rule_set_table(rule, table)) < 0 || (rc = rtpnl_rule_set_local(rule, &ep[0])) < 0 ||
	    (rc = rtpnl_rule_add_output(rule, &ep[1], &ep[2], -1)) < 0 ||
	    (rc = rtpnl_rule_add_output(rule, &ep[3], &ep[4], -1)) < 0 || (rc = rtpnl_rule_add(h, rule)) < 0)
		return die("rule add", rc);
	printf("rule added\n");

	for (;;) { /* the daemon's event loop: netlink events and stdin */
		struct pollfd fds[2] = {{rtpnl_fd(h), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
		char buf[256];
		if (poll(fds, 2, -1) < 0)
			return die("poll", -1);
		if (fds[0].revents && (rc = rtpnl_process(h)) < 0)
			return die("events", rc);
		if (fds[1].revents && read(STDIN_FILENO, buf, sizeof buf) <= 0)
			break;
	}

	if ((rc = rtpnl_stats_get(h, table, &ep[0], &stats)) < 0)
		return die("stats", rc);
	printf("stats packets %llu bytes %llu errors %llu\n", (unsigned long long)stats.packets,
	       (unsigned long long)stats.bytes, (unsigned long long)stats.errors);
	if ((rc = rtpnl_rule_del(h, table, &ep[0])) < 0)
		return die("rule del", rc);
	printf("rule deleted\n");
	{ /* the deletion's own event, within a second */
		struct pollfd fd = {rtpnl_fd(h), POLLIN, 0};
		if (poll(&fd, 1, 1000) > 0 && (rc = rtpnl_process(h)) < 0)
			return die("events", rc);
	}
	rtpnl_rule_free(rule);
	rtpnl_close(h);
	return 0;
}
