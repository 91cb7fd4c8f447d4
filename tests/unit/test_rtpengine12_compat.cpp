// SPDX-License-Identifier: LGPL-2.1-or-later
// The rtpengine 12.5 binary ABI (include/uapi/linux/rtpengine12_compat.h) as
// user space sees it: the sizes and offsets of Debian 13's daemon binary
// (docs/rtpengine-12.5-abi.md), the INIT message as bytes, and the command
// numbers that 12.5 moved against 10.5.
#include <doctest/doctest.h>

#include <linux/rtpengine12_compat.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

static_assert(sizeof(rtpe12_srtp) == 340);
static_assert(offsetof(rtpe12_srtp, rtp_auth_tag_len) == 328);
static_assert(offsetof(rtpe12_srtp, mki_len) == 336);
static_assert(sizeof(rtpe12_target) == 744);
static_assert(offsetof(rtpe12_target, num_rtcp_destinations) == 56);
static_assert(offsetof(rtpe12_target, ssrc) == 404);
static_assert(offsetof(rtpe12_target, ssrc_stats) == 424);
static_assert(offsetof(rtpe12_target, pt_stats) == 456);
static_assert(offsetof(rtpe12_target, iface_stats) == 720);
static_assert(offsetof(rtpe12_target, flags) == 736);
static_assert(sizeof(rtpe12_output) == 1248);
static_assert(offsetof(rtpe12_output, seq_offset) == 404);
static_assert(offsetof(rtpe12_output, iface_stats) == 1192);
static_assert(offsetof(rtpe12_output, ssrc_stats) == 1208);
static_assert(offsetof(rtpe12_output, tos) == 1240);
static_assert(sizeof(rtpe12_msg_init) == RTPE12_MSG_INIT_SIZE);
static_assert(sizeof(rtpe12_msg_add_target) == RTPE12_MSG_ADD_TARGET_SIZE);
static_assert(sizeof(rtpe12_msg_destination) == RTPE12_MSG_DESTINATION_SIZE);
static_assert(sizeof(rtpe12_msg_del_target) == RTPE12_MSG_DEL_TARGET_SIZE);
static_assert(sizeof(rtpe12_global_stats) == 32);
static_assert(sizeof(rtpe12_iface_stats) == 208);
static_assert(sizeof(rtpe12_stream_stats) == 40);
static_assert(sizeof(rtpe12_pt_stats) == 40);
static_assert(sizeof(rtpe12_ssrc_stats) == 64);
static_assert(offsetof(rtpe12_ssrc_stats, last_packet) == 48);

TEST_CASE("rtpengine 12.5 INIT bytes")
{
	rtpe12_msg_init init{};
	init.cmd = RTPE12_CMD_INIT;
	init.last_cmd = __RTPE12_CMD_LAST;
	init.msg_size[RTPE12_CMD_ADD_TARGET] = RTPE12_MSG_ADD_TARGET_SIZE;
	init.global_stats = 0x7f0000001000ULL;
	uint8_t b[sizeof(init)];
	std::memcpy(b, &init, sizeof(init));
	uint32_t cmd, last;
	uint64_t size2, global;
	std::memcpy(&cmd, b, 4);
	std::memcpy(&last, b + 8, 4);
	std::memcpy(&size2, b + 16 + 2 * 8, 8);
	std::memcpy(&global, b + 144, 8);
	CHECK(cmd == 1);
	CHECK(last == 16);
	CHECK(size2 == 752);
	CHECK(global == 0x7f0000001000ULL);
	// told from 10.5's handshake by its length alone
	CHECK(sizeof(init) != 1232);
}

TEST_CASE("rtpengine 12.5 command numbers (moved against 10.5)")
{
	CHECK(RTPE12_CMD_ADD_DESTINATION == 3);
	CHECK(RTPE12_CMD_DEL_TARGET == 9);
	CHECK(RTPE12_CMD_INIT_PLAY_STREAMS == 10);
	CHECK(RTPE12_CMD_FREE_PACKET_STREAM == 15);
}

TEST_CASE("rtpengine 12.5 target flag bits")
{
	rtpe12_target t{};
	t.flags = RTPE12_TF_RTP | RTPE12_TF_SSRC_REQ | RTPE12_TF_NON_FORWARDING;
	uint8_t b[sizeof(t)];
	std::memcpy(b, &t, sizeof(t));
	// the daemon's bit-fields: rtp is bit 3, ssrc_req 4, non_forwarding 12
	CHECK(b[736] == 0x18);
	CHECK(b[737] == 0x10);
}
