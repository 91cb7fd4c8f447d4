// Table request encoding and reply decoding (see table_codec.hpp).
#include "rtpnl/table_codec.hpp"

#include "rtpnl/attr_reader.hpp"
#include "rtpnl/attr_writer.hpp"

#include <linux/rtpfwd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rtpnl {

// The mirrored constants must match the ABI header.
static_assert(table_id_max == RTPFWD_TABLE_ID_MAX);
static_assert(genl::version == RTPFWD_GENL_VERSION);
static_assert(genl::cmd_table_new == RTPFWD_CMD_TABLE_NEW);
static_assert(genl::cmd_table_del == RTPFWD_CMD_TABLE_DEL);
static_assert(genl::cmd_table_get == RTPFWD_CMD_TABLE_GET);

namespace {

// Attribute bytes start after nlmsghdr + genlmsghdr in the request.
constexpr std::size_t attrs_base = nlmsg_hdrlen + genl_hdrlen;

Request with_table_id(std::uint8_t cmd, std::uint32_t id)
{
	AttrWriter w(attrs_base);
	w.put_u32(RTPFWD_A_TABLE_ID, id);
	// A lone u32 cannot overflow or leave a nest open.
	return Request{cmd, false, std::move(w).finish().value()};
}

Result<std::optional<std::uint32_t>> optional_u32(const std::vector<Attr> &attrs,
						   std::uint16_t type)
{
	const Attr *a = find_attr(attrs, type);
	if (!a)
		return std::optional<std::uint32_t>{};
	auto v = a->u32();
	if (!v)
		return v.error();
	return std::optional<std::uint32_t>{*v};
}

Result<std::uint32_t> table_id(const std::vector<Attr> &attrs)
{
	auto id = optional_u32(attrs, RTPFWD_A_TABLE_ID);
	if (!id)
		return id.error();
	if (!*id)
		return Error::local(EBADMSG, "reply without RTPFWD_A_TABLE_ID");
	return **id;
}

} // namespace

Request encode_table_new(std::uint32_t id) { return with_table_id(RTPFWD_CMD_TABLE_NEW, id); }
Request encode_table_del(std::uint32_t id) { return with_table_id(RTPFWD_CMD_TABLE_DEL, id); }
Request encode_table_get(std::uint32_t id) { return with_table_id(RTPFWD_CMD_TABLE_GET, id); }
Request encode_table_dump() { return Request{RTPFWD_CMD_TABLE_GET, true, {}}; }

Result<Table> decode_table(const GenlMessage &msg)
{
	if (msg.cmd != RTPFWD_CMD_TABLE_GET && msg.cmd != RTPFWD_CMD_TABLE_NEW)
		return Error::local(EBADMSG, "unexpected reply command " + std::to_string(msg.cmd));
	auto attrs = parse_attrs(msg.attrs);
	if (!attrs)
		return attrs.error();
	Table t;
	auto id = table_id(*attrs);
	if (!id)
		return id.error();
	t.id = *id;
	struct Field {
		std::uint16_t type;
		std::optional<std::uint32_t> Table::*member;
	};
	for (const Field f : {Field{RTPFWD_A_TABLE_RULES, &Table::rules},
			      Field{RTPFWD_A_TABLE_CONTROL_PID, &Table::control_pid},
			      Field{RTPFWD_A_TABLE_REFCNT, &Table::refcnt}}) {
		auto v = optional_u32(*attrs, f.type);
		if (!v)
			return v.error();
		t.*f.member = *v;
	}
	return t;
}

Result<TableEvent> decode_table_event(const GenlMessage &msg)
{
	TableEvent ev;
	switch (msg.cmd) {
	case RTPFWD_CMD_TABLE_NEW:
		ev.kind = TableEvent::Kind::table_new;
		break;
	case RTPFWD_CMD_TABLE_DEL:
		ev.kind = TableEvent::Kind::table_del;
		break;
	default:
		return Error::local(ENOTSUP, "unknown event command " + std::to_string(msg.cmd));
	}
	auto attrs = parse_attrs(msg.attrs);
	if (!attrs)
		return attrs.error();
	auto id = table_id(*attrs);
	if (!id)
		return id.error();
	ev.id = *id;
	return ev;
}

} // namespace rtpnl
