// SPDX-License-Identifier: LGPL-2.1-or-later
// The rtpengine 10.5 binary ABI (include/uapi/linux/rtpengine_compat.h) as
// user space sees it: the sizes and offsets the daemon binary was built
// with, and a NOOP handshake and a target's flags as bytes.
#include <doctest/doctest.h>

#include <linux/rtpengine_compat.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

static_assert(sizeof(rtpe10_addr) == 24);
static_assert(offsetof(rtpe10_addr, u) == 4);
static_assert(offsetof(rtpe10_addr, port) == 20);
static_assert(sizeof(rtpe10_srtp) == 368);
static_assert(offsetof(rtpe10_srtp, mki) == 72);
static_assert(offsetof(rtpe10_srtp, last_index) == 328);
static_assert(sizeof(rtpe10_payload_type) == 24);
static_assert(sizeof(rtpe10_target) == 1224);
static_assert(offsetof(rtpe10_target, expected_src) == 24);
static_assert(offsetof(rtpe10_target, num_destinations) == 52);
static_assert(offsetof(rtpe10_target, decrypt) == 64);
static_assert(offsetof(rtpe10_target, ssrc) == 432);
static_assert(offsetof(rtpe10_target, payload_types) == 448);
static_assert(offsetof(rtpe10_target, flags) == 1220);
static_assert(sizeof(rtpe10_output) == 440);
static_assert(offsetof(rtpe10_output, tos) == 432);
static_assert(sizeof(rtpe10_destination) == 472);
static_assert(offsetof(rtpe10_destination, output) == 32);
static_assert(sizeof(rtpe10_stats_req) == 200);
static_assert(sizeof(rtpe10_msg) == RTPE10_MSG_SIZE);
static_assert(offsetof(rtpe10_msg, u) == 8);
static_assert(offsetof(rtpe10_list_entry, stats) == 1224);
static_assert(offsetof(rtpe10_list_entry, rtp_stats) == 1280);
static_assert(offsetof(rtpe10_list_entry, outputs) == 1792);
static_assert(sizeof(rtpe10_list_entry) == RTPE10_LIST_ENTRY_SIZE);

namespace {

std::vector<uint8_t> bytes_of(const rtpe10_msg &msg)
{
	std::vector<uint8_t> out(sizeof(msg));
	std::memcpy(out.data(), &msg, sizeof(msg));
	return out;
}

uint32_t u32_at(const std::vector<uint8_t> &b, size_t off)
{
	uint32_t v;
	std::memcpy(&v, b.data() + off, sizeof(v));
	return v;
}

} // namespace

TEST_CASE("rtpengine 10.5 NOOP handshake bytes")
{
	rtpe10_msg msg{};
	msg.cmd = RTPE10_CMD_NOOP;
	msg.u.noop.size = sizeof(msg);
	msg.u.noop.last_cmd = __RTPE10_CMD_LAST;
	auto b = bytes_of(msg);
	CHECK(u32_at(b, 0) == 1);
	CHECK(u32_at(b, 8) == 1232);
	CHECK(u32_at(b, 12) == 0);
	CHECK(u32_at(b, 16) == 12);
}

TEST_CASE("rtpengine 10.5 command numbers")
{
	CHECK(RTPE10_CMD_ADD_TARGET == 2);
	CHECK(RTPE10_CMD_DEL_TARGET == 3);
	CHECK(RTPE10_CMD_ADD_DESTINATION == 4);
	CHECK(RTPE10_CMD_GET_STATS == 10);
	CHECK(RTPE10_CMD_GET_RESET_STATS == 11);
}

TEST_CASE("rtpengine 10.5 target: addresses, port order and flag bits")
{
	rtpe10_msg msg{};
	msg.cmd = RTPE10_CMD_ADD_TARGET;
	msg.u.target.local.family = 2; // AF_INET
	msg.u.target.local.u.ipv4 = 0x0100007f; // 127.0.0.1, network order
	msg.u.target.local.port = 30000; // host order
	msg.u.target.num_destinations = 1;
	msg.u.target.flags = RTPE10_TF_RTCP_MUX | RTPE10_TF_RTP | RTPE10_TF_RTP_STATS;
	auto b = bytes_of(msg);
	CHECK(u32_at(b, 8) == 2);
	CHECK(b[12] == 127);
	CHECK(b[15] == 1);
	CHECK(b[8 + 20] == (30000 & 0xff));
	CHECK(b[8 + 21] == (30000 >> 8));
	CHECK(u32_at(b, 8 + 52) == 1);
	// the daemon's bitfields: rtcp_mux is bit 0, rtp bit 3, rtp_stats bit 10
	CHECK(b[8 + 1220] == 0x09);
	CHECK(b[8 + 1221] == 0x04);
}

TEST_CASE("rtpengine 10.5 output flags share the word after tos")
{
	rtpe10_output out{};
	out.tos = 184;
	out.flags = RTPE10_OF_RTCP_ONLY;
	uint8_t b[sizeof(out)];
	std::memcpy(b, &out, sizeof(out));
	CHECK(b[432] == 184);
	CHECK(b[433] == 1);
}
