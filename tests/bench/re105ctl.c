// SPDX-License-Identifier: GPL-2.0
/*
 * re105ctl: install forwarding targets through rtpengine 10.5's binary
 * /proc control ABI (/proc/rtpengine/N/control, struct rtpengine_message),
 * the way its daemon does: REMG_ADD_TARGET with one destination, then
 * REMG_ADD_DESTINATION. Used by the benchmark on Debian's rtpengine 10.5
 * module and, where it speaks that ABI, on ours.
 *
 * Built by tests/bench/run.sh against xt_RTPENGINE.h of the
 * rtpengine-kernel-dkms source it extracts under build/ (the layouts are
 * that header's; nothing of it is copied here). IPv4 only.
 *
 *   re105ctl TABLE noop                     the ABI size check; prints "ok"
 *   re105ctl TABLE add LOCAL SRC DST [decrypt|encrypt SUITE KEYHEX SALTHEX [SSRC...]]
 *                                           one target: LOCAL -> SRC -> DST;
 *                                           SRTP in (the target's decrypt)
 *                                           or out (the output's encrypt),
 *                                           SUITE aes128_80, aes128_32,
 *                                           aes256_80, aes256_32 or gcm128
 *                                           (SALTHEX: 12 bytes), as the
 *                                           daemon sets up an SDES stream;
 *                                           the stream's SSRCs (hex, up to
 *                                           4) each get their own SRTP
 *                                           index, as the daemon tells it
 *   re105ctl TABLE del LOCAL
 *   re105ctl TABLE bulk COUNT [FIRST]       COUNT targets numbered from FIRST
 *                                           (0): 10.99.(i / 60000).1 : 1024 +
 *                                           i % 60000; prints "added=N
 *                                           errors=N seconds=S rate=R"
 * Addresses are a.b.c.d:port. Exit 1 on a refusal (with the errno), 255 on
 * bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "xt_RTPENGINE.h"

/* rtpengine 10.5 keeps at most 256 local addresses per table */
#define BULK_PORTS 60000
#define BULK_FIRST_PORT 1024
/* SRTP streams carry PCMU (the traffic of tests/bench/bench.sh) */
#define SRTP_PAYLOAD_TYPE 0
#define SRTP_CLOCK_RATE 8000

/*
 * The suites this helper sets up, as the 10.5 daemon describes them: the
 * AEAD one has no HMAC and no separate tag (GCM's is part of the cipher)
 * and a 12-byte salt.
 */
static const struct {
	const char *name;
	enum rtpengine_cipher cipher;
	enum rtpengine_hmac hmac;
	unsigned int key_len;
	unsigned int salt_len;
	unsigned int tag_len;
} srtp_suites[] = {
	{ "aes128_80", REC_AES_CM_128, REH_HMAC_SHA1, 16, 14, 10 },
	{ "aes128_32", REC_AES_CM_128, REH_HMAC_SHA1, 16, 14, 4 },
	{ "aes256_80", REC_AES_CM_256, REH_HMAC_SHA1, 32, 14, 10 },
	{ "aes256_32", REC_AES_CM_256, REH_HMAC_SHA1, 32, 14, 4 },
	{ "gcm128", REC_AEAD_AES_GCM_128, REH_NULL, 16, 12, 0 },
};

/* SRTP of one direction (a NULL one: plain RTP both ways). */
struct srtp_args {
	int encrypt;		/* on the output, else on the target */
	struct rtpengine_srtp srtp;
	/*
	 * Without them 10.5 runs every SSRC through index 0: a second stream
	 * would be encrypted with the first one's rollover counter.
	 */
	uint32_t ssrc[RTPE_NUM_SSRC_TRACKING];	/* network order; 0: none */
};

static int usage(void)
{
	fputs("Usage: re105ctl TABLE noop | add LOCAL SRC DST [decrypt|encrypt SUITE KEYHEX SALTHEX [SSRC...]]\n"
	      "       | del LOCAL | bulk COUNT [FIRST]\n",
	      stderr);
	return 255;
}

static int parse_addr(const char *text, struct re_address *addr)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strrchr(text, ':');
	char *end;
	unsigned long port;

	if (!colon || (size_t)(colon - text) >= sizeof(host))
		return -1;
	memcpy(host, text, colon - text);
	host[colon - text] = 0;
	port = strtoul(colon + 1, &end, 10);
	if (*end || !port || port > 65535)
		return -1;
	memset(addr, 0, sizeof(*addr));
	addr->family = AF_INET;
	addr->port = port;
	return inet_pton(AF_INET, host, &addr->u.ipv4) == 1 ? 0 : -1;
}

/* @len bytes of hex into @out; 0 or -1 */
static int parse_hex(const char *text, unsigned char *out, size_t len)
{
	size_t i;
	unsigned int byte;

	if (strlen(text) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		if (sscanf(text + 2 * i, "%2x", &byte) != 1)
			return -1;
		out[i] = (unsigned char)byte;
	}
	return 0;
}

/* "decrypt|encrypt SUITE KEYHEX SALTHEX [SSRC...]" (@count words) into @args; 0 or -1 */
static int parse_srtp(char **words, int count, struct srtp_args *args)
{
	struct rtpengine_srtp *srtp = &args->srtp;
	unsigned long ssrc;
	char *end;
	size_t i;

	if (count < 4 || count > 4 + RTPE_NUM_SSRC_TRACKING)
		return -1;
	for (i = 4; i < (size_t)count; i++) {
		ssrc = strtoul(words[i], &end, 16);
		if (*end || !ssrc || ssrc > 0xffffffffUL)
			return -1;
		args->ssrc[i - 4] = htonl((uint32_t)ssrc);
	}

	if (!strcmp(words[0], "encrypt"))
		args->encrypt = 1;
	else if (strcmp(words[0], "decrypt"))
		return -1;
	for (i = 0; i < sizeof(srtp_suites) / sizeof(srtp_suites[0]); i++)
		if (!strcmp(words[1], srtp_suites[i].name))
			break;
	if (i == sizeof(srtp_suites) / sizeof(srtp_suites[0]))
		return -1;
	srtp->cipher = srtp_suites[i].cipher;
	srtp->hmac = srtp_suites[i].hmac;
	srtp->master_key_len = srtp_suites[i].key_len;
	srtp->session_key_len = srtp_suites[i].key_len;
	srtp->master_salt_len = srtp_suites[i].salt_len;
	srtp->session_salt_len = srtp_suites[i].salt_len;
	srtp->auth_tag_len = srtp_suites[i].tag_len;
	return parse_hex(words[2], srtp->master_key, srtp->master_key_len) ||
	       parse_hex(words[3], srtp->master_salt, srtp->master_salt_len) ? -1 : 0;
}

static int send_msg(int fd, struct rtpengine_message *msg)
{
	return write(fd, msg, sizeof(*msg)) == (ssize_t)sizeof(*msg) ? 0 : -errno;
}

/*
 * One target with one output, as the daemon installs a plain stream, or an
 * SDES one with @srtp: then the target parses RTP (10.5 does SRTP only on
 * parsed RTP) and knows the payload type (10.5 hands other types up).
 */
static int add_target(int fd, const struct re_address *local, const struct re_address *src,
		      const struct re_address *dst, const struct srtp_args *srtp)
{
	static struct rtpengine_message msg;
	int err;

	memset(&msg, 0, sizeof(msg));
	msg.cmd = REMG_ADD_TARGET;
	msg.u.target.local = *local;
	msg.u.target.src_mismatch = MSM_IGNORE;
	msg.u.target.num_destinations = 1;
	msg.u.target.decrypt.cipher = REC_NULL;
	msg.u.target.decrypt.hmac = REH_NULL;
	if (srtp) {
		msg.u.target.rtp = 1;
		msg.u.target.payload_types[0].pt_num = SRTP_PAYLOAD_TYPE;
		msg.u.target.payload_types[0].clock_rate = SRTP_CLOCK_RATE;
		msg.u.target.num_payload_types = 1;
		if (!srtp->encrypt)
			msg.u.target.decrypt = srtp->srtp;
		memcpy(msg.u.target.ssrc, srtp->ssrc, sizeof(msg.u.target.ssrc));
		msg.u.target.track_ssrc = !!srtp->ssrc[0];
	}
	err = send_msg(fd, &msg);
	if (err)
		return err;
	memset(&msg, 0, sizeof(msg));
	msg.cmd = REMG_ADD_DESTINATION;
	msg.u.destination.local = *local;
	msg.u.destination.num = 0;
	msg.u.destination.output.src_addr = *src;
	msg.u.destination.output.dst_addr = *dst;
	msg.u.destination.output.encrypt.cipher = REC_NULL;
	msg.u.destination.output.encrypt.hmac = REH_NULL;
	if (srtp && srtp->encrypt)
		msg.u.destination.output.encrypt = srtp->srtp;
	err = send_msg(fd, &msg);
	memset(&msg, 0, sizeof(msg));	/* no key left behind */
	return err;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int bulk(int fd, unsigned long count, unsigned long first)
{
	struct re_address local, src, dst;
	unsigned long i, errors = 0;
	int last_err = 0;
	double t0, secs;

	parse_addr("192.0.2.1:30000", &src);
	parse_addr("198.51.100.1:2000", &dst);
	t0 = now();
	for (i = first; i < first + count; i++) {
		memset(&local, 0, sizeof(local));
		local.family = AF_INET;
		local.u.ipv4 = htonl(0x0a630001 | (uint32_t)(i / BULK_PORTS) << 8);
		local.port = BULK_FIRST_PORT + i % BULK_PORTS;
		last_err = add_target(fd, &local, &src, &dst, NULL);
		if (last_err)
			errors++;
	}
	secs = now() - t0;
	printf("added=%lu errors=%lu seconds=%.3f rate=%.0f%s%s\n", count - errors, errors, secs,
	       secs > 0 ? count / secs : 0.0, errors ? " last_error=" : "",
	       errors ? strerror(-last_err) : "");
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct re_address local, src, dst;
	static struct rtpengine_message msg;
	static struct srtp_args srtp;
	char path[64];
	int fd, err;

	if (argc < 3)
		return usage();
	snprintf(path, sizeof(path), "/proc/rtpengine/%s/control", argv[1]);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "Error: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "noop") && argc == 3) {
		msg.cmd = REMG_NOOP;
		msg.u.noop.size = sizeof(msg);
		msg.u.noop.last_cmd = __REMG_LAST;
		err = send_msg(fd, &msg);
	} else if (!strcmp(argv[2], "add") && argc >= 6) {
		if (parse_addr(argv[3], &local) || parse_addr(argv[4], &src) ||
		    parse_addr(argv[5], &dst) || (argc > 6 && parse_srtp(argv + 6, argc - 6, &srtp)))
			return usage();
		err = add_target(fd, &local, &src, &dst, argc > 6 ? &srtp : NULL);
		memset(&srtp, 0, sizeof(srtp));
	} else if (!strcmp(argv[2], "del") && argc == 4) {
		if (parse_addr(argv[3], &local))
			return usage();
		msg.cmd = REMG_DEL_TARGET;
		msg.u.target.local = local;
		err = send_msg(fd, &msg);
	} else if (!strcmp(argv[2], "bulk") && (argc == 4 || argc == 5)) {
		return bulk(fd, strtoul(argv[3], NULL, 10), argc == 5 ? strtoul(argv[4], NULL, 10) : 0);
	} else {
		return usage();
	}
	if (err) {
		fprintf(stderr, "Error: %s: %s\n", argv[2], strerror(-err));
		return 1;
	}
	puts("ok");
	return 0;
}
