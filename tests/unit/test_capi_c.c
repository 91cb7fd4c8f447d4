/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtpnl.h as a C program sees it: compiled as C99 (not C++), pedantic,
 * linked against librtpnl.so.1. Exercises what needs no kernel: endpoints,
 * the rule object, batches, error codes and messages.
 */
#include <rtpnl/rtpnl.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static int failures;

#define EXPECT(cond)                                                        \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "FAIL: %s:%d: %s (%s)\n", __FILE__, \
				__LINE__, #cond, rtpnl_errmsg());           \
			failures++;                                         \
		}                                                           \
	} while (0)

int main(void)
{
	struct rtpnl_endpoint local, dst, v6;
	struct rtpnl_output out;
	struct rtpnl_rule_stats stats;
	struct rtpnl_rule *rule = rtpnl_rule_new();
	struct rtpnl_batch *batch = rtpnl_batch_new();
	char text[RTPNL_ENDPOINT_STRLEN];

	EXPECT(rule != NULL && batch != NULL);
	EXPECT(rtpnl_endpoint_parse("192.0.2.1:30000", &local) == 0);
	EXPECT(local.family == AF_INET && local.port == 30000 && local.addr[0] == 192);
	EXPECT(rtpnl_endpoint_parse("[2001:db8::2]:6000", &v6) == 0);
	EXPECT(rtpnl_endpoint_parse("192.0.2.2", &dst) == -EINVAL);
	EXPECT(strstr(rtpnl_errmsg(), "192.0.2.2") != NULL);
	EXPECT(rtpnl_endpoint_parse("192.0.2.2:6000", &dst) == 0);
	EXPECT(rtpnl_endpoint_format(&v6, text, sizeof text) == 0);
	EXPECT(strcmp(text, "[2001:db8::2]:6000") == 0);

	EXPECT(rtpnl_rule_set_table(rule, 42) == 0);
	EXPECT(rtpnl_rule_set_local(rule, &local) == 0);
	EXPECT(rtpnl_rule_set_expect(rule, &dst, RTPNL_MISMATCH_PASS) == 0);
	EXPECT(rtpnl_rule_add_output(rule, &local, &dst, -1) == 0);
	EXPECT(rtpnl_rule_add_output(rule, &local, &dst, 46) == 0);
	EXPECT(rtpnl_rule_output_count(rule) == 2);
	EXPECT(rtpnl_rule_output(rule, 1, &out) == 0 && out.tos == 46);
	EXPECT(rtpnl_rule_output(rule, 2, &out) == -ERANGE);
	EXPECT(rtpnl_rule_counters(rule, &stats) == -ENODATA);
	EXPECT(rtpnl_rule_add_payload_type(rule, 0, 8000) == 0);

	/* Payload types without RTPNL_RULE_F_RTP: refused when queued. */
	EXPECT(rtpnl_batch_add_rule(batch, rule, RTPNL_RULE_ADD) == -EINVAL);
	EXPECT(rtpnl_errmsg()[0] != '\0');
	EXPECT(rtpnl_rule_set_flags(rule, RTPNL_RULE_F_RTP) == 0);
	EXPECT(rtpnl_batch_add_rule(batch, rule, RTPNL_RULE_ADD) == 0);
	EXPECT(rtpnl_batch_del_rule(batch, 42, &local) == 0);
	EXPECT(rtpnl_batch_size(batch) == 2);
	EXPECT(rtpnl_batch_result(batch, 0) == -ERANGE); /* not sent */

	/* A blackhole has no outputs; the counter comes from RTPNL_1.1. */
	{
		struct rtpnl_rule *blackhole = rtpnl_rule_new();
		uint64_t dropped = 0;

		EXPECT(blackhole != NULL);
		EXPECT(rtpnl_rule_set_local(blackhole, &local) == 0);
		EXPECT(rtpnl_rule_set_flags(blackhole, RTPNL_RULE_F_BLACKHOLE) == 0);
		EXPECT(rtpnl_batch_add_rule(batch, blackhole, RTPNL_RULE_REPLACE) == 0);
		EXPECT(rtpnl_rule_add_output(blackhole, &local, &dst, -1) == 0);
		EXPECT(rtpnl_batch_add_rule(batch, blackhole, RTPNL_RULE_REPLACE) == -EINVAL);
		EXPECT(strcmp(rtpnl_errmsg(), "a blackhole rule cannot have outputs") == 0);
		EXPECT(rtpnl_rule_blackholed(blackhole, &dropped) == -ENODATA);
		rtpnl_rule_free(blackhole);
	}

	/* A hand-up rule has none either, and is no blackhole. */
	{
		struct rtpnl_rule *hand_up = rtpnl_rule_new();

		EXPECT(hand_up != NULL);
		EXPECT(rtpnl_rule_set_local(hand_up, &local) == 0);
		EXPECT(rtpnl_rule_set_flags(hand_up, RTPNL_RULE_F_STUN | RTPNL_RULE_F_HAND_UP) == 0);
		EXPECT(rtpnl_rule_flags(hand_up) == (RTPNL_RULE_F_STUN | RTPNL_RULE_F_HAND_UP));
		EXPECT(rtpnl_batch_add_rule(batch, hand_up, RTPNL_RULE_REPLACE) == 0);
		EXPECT(rtpnl_rule_set_flags(hand_up, RTPNL_RULE_F_HAND_UP | RTPNL_RULE_F_BLACKHOLE) == 0);
		EXPECT(rtpnl_batch_add_rule(batch, hand_up, RTPNL_RULE_REPLACE) == -EINVAL);
		EXPECT(strcmp(rtpnl_errmsg(), "a rule is a blackhole or a hand-up rule, not both") == 0);
		rtpnl_rule_free(hand_up);
	}

	/* An output's SSRC map (RTPNL_1.1): set, read back, refused without rtp. */
	{
		struct rtpnl_rule *mapped = rtpnl_rule_new();
		uint32_t from = 0, to = 0;

		EXPECT(mapped != NULL);
		EXPECT(rtpnl_rule_set_local(mapped, &local) == 0);
		EXPECT(rtpnl_rule_add_output(mapped, &local, &dst, -1) == 0);
		EXPECT(rtpnl_rule_output_add_ssrc_map(mapped, 0, 0x5eed5eed, 0xabcd0001) == 0);
		EXPECT(rtpnl_rule_output_ssrc_map_count(mapped, 0) == 1);
		EXPECT(rtpnl_rule_output_ssrc_map(mapped, 0, 0, &from, &to) == 0);
		EXPECT(from == 0x5eed5eed && to == 0xabcd0001);
		EXPECT(rtpnl_batch_add_rule(batch, mapped, RTPNL_RULE_REPLACE) == -EINVAL);
		EXPECT(strcmp(rtpnl_errmsg(), "output 1: SSRC map needs rtp") == 0);
		EXPECT(rtpnl_rule_set_flags(mapped, RTPNL_RULE_F_RTP) == 0);
		EXPECT(rtpnl_batch_add_rule(batch, mapped, RTPNL_RULE_REPLACE) == 0);
		rtpnl_rule_free(mapped);
	}

	/* An output's payload replacement (RTPNL_1.1): PCMU silence, set, read
	 * back, refused without rtp. */
	{
		struct rtpnl_rule *silenced = rtpnl_rule_new();
		const uint8_t pcmu_silence = 0xff;
		uint8_t type = 1, pattern[RTPNL_PT_PATTERN_MAX];
		size_t len = sizeof pattern;

		EXPECT(silenced != NULL);
		EXPECT(rtpnl_rule_set_local(silenced, &local) == 0);
		EXPECT(rtpnl_rule_add_output(silenced, &local, &dst, -1) == 0);
		EXPECT(rtpnl_rule_output_add_pt_replace(silenced, 0, 0, &pcmu_silence, 1) == 0);
		EXPECT(rtpnl_rule_output_add_pt_replace(silenced, 0, 0, &pcmu_silence, 1) == -EEXIST);
		EXPECT(rtpnl_rule_output_pt_replace_count(silenced, 0) == 1);
		EXPECT(rtpnl_rule_output_pt_replace(silenced, 0, 0, &type, pattern, &len) == 0);
		EXPECT(type == 0 && len == 1 && pattern[0] == 0xff);
		EXPECT(rtpnl_batch_add_rule(batch, silenced, RTPNL_RULE_REPLACE) == -EINVAL);
		EXPECT(strcmp(rtpnl_errmsg(), "output 1: payload replacement needs rtp") == 0);
		EXPECT(rtpnl_rule_set_flags(silenced, RTPNL_RULE_F_RTP) == 0);
		EXPECT(rtpnl_batch_add_rule(batch, silenced, RTPNL_RULE_REPLACE) == 0);
		rtpnl_rule_free(silenced);
	}

	/* The stream a rule records into (RTPNL_1.1): set, read back, cleared. */
	{
		uint32_t id = 1;

		EXPECT(rtpnl_rule_recording(rule, &id) == -ENOENT && id == 1);
		EXPECT(rtpnl_rule_set_recording(rule, 0) == 0);
		EXPECT(rtpnl_rule_recording(rule, &id) == 0 && id == 0);
		EXPECT(rtpnl_batch_add_rule(batch, rule, RTPNL_RULE_REPLACE) == 0);
		EXPECT(rtpnl_rule_clear_recording(rule) == 0);
		EXPECT(rtpnl_rule_recording(rule, &id) == -ENOENT);
		EXPECT(sizeof(((struct rtpnl_recording_info *)0)->call) == RTPNL_RECORDING_NAME_MAX + 1);
	}

	/* UNAUTHENTICATED_SRTP (RTPNL_1.2): from a=crypto's text, read back,
	 * switched off, refused with a GCM suite. */
	{
		struct rtpnl_rule *unauth = rtpnl_rule_new();
		int on = -1;

		EXPECT(unauth != NULL);
		EXPECT(rtpnl_rule_set_local(unauth, &local) == 0);
		EXPECT(rtpnl_rule_set_flags(unauth, RTPNL_RULE_F_RTP) == 0);
		EXPECT(rtpnl_rule_add_output(unauth, &local, &dst, -1) == 0);
		EXPECT(rtpnl_rule_set_decrypt_inline(unauth, RTPNL_SRTP_AES_CM_128_HMAC_SHA1_80,
			"inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd|2^31 UNAUTHENTICATED_SRTP") == 0);
		EXPECT(rtpnl_rule_decrypt_unauthenticated(unauth, &on) == 0 && on == 1);
		EXPECT(rtpnl_rule_set_decrypt_unauthenticated(unauth, 0) == 0);
		EXPECT(rtpnl_rule_decrypt_unauthenticated(unauth, &on) == 0 && on == 0);
		EXPECT(rtpnl_rule_set_output_encrypt_inline(unauth, 0, RTPNL_SRTP_AEAD_AES_128_GCM,
			"inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==") == 0);
		EXPECT(rtpnl_rule_set_output_encrypt_unauthenticated(unauth, 0, 1) == -EINVAL);
		EXPECT(strstr(rtpnl_errmsg(), "UNAUTHENTICATED_SRTP") != NULL);
		EXPECT(rtpnl_rule_output_encrypt_unauthenticated(unauth, 0, &on) == 0 && on == 0);
		EXPECT(rtpnl_batch_add_rule(batch, unauth, RTPNL_RULE_REPLACE) == 0);
		rtpnl_rule_free(unauth);
	}

	rtpnl_batch_free(batch);
	rtpnl_rule_free(rule);
	rtpnl_close(NULL);
	if (failures)
		return 1;
	printf("PASS: rtpnl.h from C99, linked against librtpnl.so\n");
	return 0;
}
