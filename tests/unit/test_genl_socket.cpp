// SPDX-License-Identifier: LGPL-2.1-or-later
// GenlSocket's exchanges through nl_send / nl_recvmsgs against a fake
// kernel: libnl's send and receive overridden on the socket's nl_cb, so the
// bytes sent are checked and hand-built datagrams are read back through
// libnl's own receive loop and the socket's callbacks.
#include "bytes.hpp"
#include "genl_bytes.hpp"

#include "fake_kernel.hpp"
#include "genl_socket.hpp"
#include "table_codec.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <stdexcept>
#include <vector>

using namespace rtpnl;
using namespace fake;

namespace {

const Bytes id_42 = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});
const Bytes id_43 = bytes({0x08, 0x00, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x00});

// A TABLE_GET reply of the family.
Bytes table_reply(std::uint32_t seq, const Bytes &attrs, int flags = 0)
{
	return nlmsg(0x1c, flags, seq, concat({bytes({3, 1, 0, 0}), attrs}));
}

const Bytes exists_tlvs = concat({bytes({0x11, 0x00, 0x01, 0x00}), // NLMSGERR_ATTR_MSG
				  bytes({'t', 'a', 'b', 'l', 'e', ' ', 'e', 'x', 'i', 's', 't', 's', 0,
					 0, 0, 0}),
				  bytes({0x08, 0x00, 0x02, 0x00, 0x14, 0x00, 0x00, 0x00})}); // OFFS 20

// Collects the table ids of the replies.
struct Collector {
	std::vector<std::uint32_t> ids;
	ReplyHandler handler()
	{
		return [this](const GenlMessage &msg) -> Result<void> {
			auto t = decode_table(msg);
			if (!t)
				return t.error();
			ids.push_back(t->id);
			return {};
		};
	}
};

Request table_get(std::uint32_t id)
{
	auto req = encode_table_get(id);
	REQUIRE(req.ok());
	return std::move(*req);
}

Request table_dump()
{
	auto req = encode_table_dump();
	REQUIRE(req.ok());
	return std::move(*req);
}

} // namespace

TEST_CASE("transact: the request's bytes, its reply, then the ack")
{
	FakeKernel k;
	k.answer = [&](const Bytes &req) {
		const std::uint32_t seq = seq_of(req);
		k.datagrams.push_back({table_reply(seq + 1, id_43)}); // stale: another request's
		k.datagrams.push_back({table_reply(seq, id_43), 1234}); // not from the kernel
		k.datagrams.push_back({concat({nlmsg(0x1d, 0, seq, bytes({3, 1, 0, 0})), // other family
					       table_reply(seq, id_42)})});
		k.datagrams.push_back({error_msg(req, 0)});
	};
	GenlSocket sock = fake_socket(k);
	Collector c;
	auto r = sock.transact(table_get(42), c.handler());
	REQUIRE(r.ok());
	CHECK(c.ids == std::vector<std::uint32_t>{42});
	CHECK(k.datagrams.empty());
	REQUIRE(k.sent.size() == 1);
	// TABLE_GET 42: family 0x1c, NLM_F_REQUEST | NLM_F_ACK, the socket's seq, pid 0.
	CHECK(hex(k.sent[0]) == hex(concat({bytes({0x1c, 0, 0, 0, 0x1c, 0, 0x05, 0}), le32(seq_of(k.sent[0])),
					     bytes({0, 0, 0, 0, 0x03, 0x01, 0, 0}), id_42})));
}

TEST_CASE("transact: the kernel's error with its extended ack")
{
	FakeKernel k;
	k.answer = [&](const Bytes &req) { k.datagrams.push_back({error_msg(req, -EEXIST, exists_tlvs)}); };
	GenlSocket sock = fake_socket(k);
	auto add = encode_table_new(42);
	REQUIRE(add.ok());
	auto r = sock.transact(std::move(*add), [](const GenlMessage &) { return Result<void>{}; });
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EEXIST);
	CHECK(r.error().origin == Error::Origin::kernel);
	CHECK(r.error().text() == "table exists");
	CHECK(r.error().offset == 20u);
	// A second request still works: nothing of the first is left behind.
	k.answer = [&](const Bytes &req) { k.datagrams.push_back({error_msg(req, -ENOENT)}); };
	auto del = encode_table_del(42);
	REQUIRE(del.ok());
	auto r2 = sock.transact(std::move(*del), [](const GenlMessage &) { return Result<void>{}; });
	REQUIRE_FALSE(r2.ok());
	CHECK(r2.error().errnum == ENOENT);
	CHECK(r2.error().text() == std::strerror(ENOENT));
	CHECK(seq_of(k.sent[1]) != seq_of(k.sent[0]));
}

TEST_CASE("dump: a multi-part answer over several datagrams, to NLMSG_DONE")
{
	FakeKernel k;
	bool intr = false;
	k.answer = [&](const Bytes &req) {
		const std::uint32_t seq = seq_of(req);
		k.datagrams.push_back({concat({table_reply(seq, id_42, 0x2), table_reply(seq, id_43, 0x2)})});
		k.datagrams.push_back({concat({table_reply(seq, bytes({0x08, 0x00, 0x01, 0x00, 7, 0, 0, 0}),
							   intr ? 0x12 : 0x2), // NLM_F_DUMP_INTR
					       done_msg(seq)})});
	};
	GenlSocket sock = fake_socket(k);
	Collector c;
	auto r = sock.dump(table_dump(), c.handler());
	REQUIRE(r.ok());
	CHECK_FALSE(r->interrupted);
	CHECK(c.ids == std::vector<std::uint32_t>{42, 43, 7});
	// TABLE_GET with NLM_F_REQUEST | NLM_F_DUMP, no attributes.
	CHECK(hex(std::span(k.sent[0]).first(8)) == "14 00 00 00 1c 00 01 03");

	intr = true;
	Collector again;
	auto r2 = sock.dump(table_dump(), again.handler());
	REQUIRE(r2.ok());
	CHECK(r2->interrupted);
	CHECK(again.ids.size() == 3);
}

TEST_CASE("dump: NLMSG_DONE carrying an error and its extended ack")
{
	FakeKernel k;
	k.answer = [&](const Bytes &req) {
		k.datagrams.push_back({concat({table_reply(seq_of(req), id_42, 0x2),
					       done_msg(seq_of(req), -EINVAL, exists_tlvs)})});
	};
	GenlSocket sock = fake_socket(k);
	Collector c;
	auto r = sock.dump(table_dump(), c.handler());
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	CHECK(r.error().text() == "table exists");
}

TEST_CASE("a bad reply fails the exchange only after its end was read")
{
	FakeKernel k;
	k.answer = [&](const Bytes &req) {
		const std::uint32_t seq = seq_of(req);
		k.datagrams.push_back({concat({table_reply(seq, bytes({0x06, 0x00, 0x01, 0x00, 1, 0, 0, 0}), 0x2),
					       table_reply(seq, id_42, 0x2)})});
		k.datagrams.push_back({done_msg(seq)});
	};
	GenlSocket sock = fake_socket(k);
	Collector c;
	auto r = sock.dump(table_dump(), c.handler());
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EBADMSG);
	CHECK(c.ids.empty()); // no reply delivered after the bad one
	CHECK(k.datagrams.empty()); // drained to NLMSG_DONE
}

TEST_CASE("malformed ends of an answer are EBADMSG")
{
	FakeKernel k;
	SUBCASE("a truncated NLMSG_ERROR")
	{
		k.answer = [&](const Bytes &req) {
			k.datagrams.push_back({nlmsg(2, 0, seq_of(req), bytes({0xfe, 0xff, 0xff, 0xff}))});
		};
	}
	SUBCASE("an extended ack with a bad length")
	{
		k.answer = [&](const Bytes &req) {
			k.datagrams.push_back({error_msg(req, -ENOENT, bytes({0x20, 0x00, 0x01, 0x00, 'x', 0, 0, 0}))});
		};
	}
	GenlSocket sock = fake_socket(k);
	Collector c;
	auto r = sock.transact(table_get(1), c.handler());
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EBADMSG);
}

TEST_CASE("NLMSG_OVERRUN and receive errors keep their errno")
{
	FakeKernel k;
	GenlSocket sock = fake_socket(k);
	Collector c;
	k.answer = [&](const Bytes &req) { k.datagrams.push_back({nlmsg(4, 0, seq_of(req), {})}); };
	auto overrun = sock.transact(table_get(1), c.handler());
	REQUIRE_FALSE(overrun.ok());
	CHECK(overrun.error().errnum == EOVERFLOW);

	k.answer = nullptr;
	k.recv_errno = ENOBUFS;
	auto lost = sock.transact(table_get(1), c.handler());
	REQUIRE_FALSE(lost.ok());
	CHECK(lost.error().errnum == ENOBUFS);
	CHECK(lost.error().text() == "netlink receive buffer overrun: messages were lost");
	k.recv_errno = EBADF;
	auto bad = sock.transact(table_get(1), c.handler());
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().errnum == EBADF);
	CHECK(bad.error().text() == std::string("cannot receive from netlink: ") + std::strerror(EBADF));
}

TEST_CASE("an exception in a handler crosses no libnl frame and reaches the caller")
{
	FakeKernel k;
	k.answer = [&](const Bytes &req) {
		k.datagrams.push_back({concat({table_reply(seq_of(req), id_42), error_msg(req, 0)})});
	};
	GenlSocket sock = fake_socket(k);
	CHECK_THROWS_AS(sock.transact(table_get(42),
				      [](const GenlMessage &) -> Result<void> {
					      throw std::runtime_error("handler");
				      }),
			std::runtime_error);
}

TEST_CASE("receive: one datagram of notifications, every message of the family")
{
	FakeKernel k;
	GenlSocket sock = fake_socket(k);
	k.datagrams.push_back({concat({nlmsg(0x1c, 0, 0, concat({bytes({1, 1, 0, 0}), id_42})),
				       nlmsg(0x1d, 0, 0, concat({bytes({1, 1, 0, 0}), id_43})),
				       nlmsg(0x1c, 0, 0, concat({bytes({2, 1, 0, 0}), id_43}))})});
	k.datagrams.push_back({nlmsg(0x1c, 0, 0, concat({bytes({1, 1, 0, 0}), id_42}))});
	std::vector<TableEvent> events;
	const ReplyHandler on_event = [&](const GenlMessage &msg) -> Result<void> {
		auto ev = decode_table_event(msg);
		if (!ev)
			return ev.error();
		events.push_back(*ev);
		return {};
	};
	REQUIRE(sock.receive(on_event).ok());
	CHECK(events == std::vector<TableEvent>{{TableEvent::Kind::table_new, 42},
						{TableEvent::Kind::table_del, 43}});
	CHECK(k.datagrams.size() == 1); // the next datagram waits for the next call

	k.datagrams.clear();
	k.datagrams.push_back({concat({nlmsg(0x1c, 0, 0, concat({bytes({1, 1, 0, 0}), bytes({4, 0, 1, 0})})),
				       nlmsg(0x1c, 0, 0, concat({bytes({1, 1, 0, 0}), id_43}))})});
	events.clear();
	auto bad = sock.receive(on_event);
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().errnum == EBADMSG);
	CHECK(events.empty()); // stops at the bad one
}
