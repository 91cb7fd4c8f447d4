// SPDX-License-Identifier: LGPL-2.1-or-later
// Table request encoding and reply decoding (see table_codec.hpp).
#include "table_codec.hpp"

#include <linux/rtpfwd.h>

#include <cerrno>
#include <string>

namespace rtpnl {

// The mirrored constants must match the ABI header.
static_assert(table_id_max == RTPFWD_TABLE_ID_MAX);
static_assert(genl::version == RTPFWD_GENL_VERSION);
static_assert(genl::cmd_table_new == RTPFWD_CMD_TABLE_NEW);
static_assert(genl::cmd_table_del == RTPFWD_CMD_TABLE_DEL);
static_assert(genl::cmd_table_get == RTPFWD_CMD_TABLE_GET);

namespace {

Result<Request> with_table_id(std::uint8_t cmd, std::uint32_t id)
{
	RequestBuilder b(cmd, genl::version);
	b.put_u32(RTPFWD_A_TABLE_ID, id);
	return std::move(b).finish();
}

const Policy table_policy(RTPFWD_A_MAX, {
	attr_u32(RTPFWD_A_TABLE_ID, "TABLE_ID"),
	attr_u32(RTPFWD_A_TABLE_RULES, "TABLE_RULES"),
	attr_u32(RTPFWD_A_TABLE_CONTROL_PID, "TABLE_CONTROL_PID"),
	attr_u32(RTPFWD_A_TABLE_REFCNT, "TABLE_REFCNT"),
});

// The replies of a table's objects: the id and the object's nest.
const Policy object_policy(RTPFWD_A_MAX, {
	attr_u32(RTPFWD_A_TABLE_ID, "RTPFWD_A_TABLE_ID"),
	attr_any(RTPFWD_A_RULE, "RTPFWD_A_RULE"),
	attr_any(RTPFWD_A_RECORDING, "RTPFWD_A_RECORDING"),
});

// Events carry the id alone: nothing else is read, so nothing else checked.
const Policy event_policy(RTPFWD_A_MAX, {attr_u32(RTPFWD_A_TABLE_ID, "TABLE_ID")});

Result<std::uint32_t> table_id(const Attrs &attrs)
{
	auto id = attrs.u32(RTPFWD_A_TABLE_ID);
	if (!id)
		return Error::local(EBADMSG, "reply without RTPFWD_A_TABLE_ID");
	return *id;
}

} // namespace

Result<Request> encode_table_new(std::uint32_t id) { return with_table_id(RTPFWD_CMD_TABLE_NEW, id); }
Result<Request> encode_table_del(std::uint32_t id) { return with_table_id(RTPFWD_CMD_TABLE_DEL, id); }
Result<Request> encode_table_get(std::uint32_t id) { return with_table_id(RTPFWD_CMD_TABLE_GET, id); }
Result<Request> encode_table_dump()
{
	return RequestBuilder(RTPFWD_CMD_TABLE_GET, genl::version).finish(true);
}

Result<Table> decode_table(const GenlMessage &msg)
{
	if (msg.cmd != RTPFWD_CMD_TABLE_GET && msg.cmd != RTPFWD_CMD_TABLE_NEW)
		return Error::local(EBADMSG, "unexpected reply command " + std::to_string(msg.cmd));
	auto attrs = parse_attrs(msg.attrs, msg.attrlen, table_policy, "");
	if (!attrs)
		return attrs.error();
	auto id = table_id(*attrs);
	if (!id)
		return id.error();
	return Table{*id, attrs->u32(RTPFWD_A_TABLE_RULES), attrs->u32(RTPFWD_A_TABLE_CONTROL_PID),
		     attrs->u32(RTPFWD_A_TABLE_REFCNT)};
}

Result<TableObject> decode_table_object(const GenlMessage &msg, int nest_type,
					const Policy &policy, std::string_view kind)
{
	auto top = parse_attrs(msg.attrs, msg.attrlen, object_policy, "");
	if (!top)
		return malformed_reply(kind, top.error().text());
	auto table = top->u32(RTPFWD_A_TABLE_ID);
	if (!table)
		return malformed_reply(kind, "no RTPFWD_A_TABLE_ID");
	nlattr *nest = top->get(nest_type);
	if (!nest)
		return malformed_reply(kind, std::string("no ") + object_policy.name(nest_type));
	auto attrs = parse_nested(nest, policy, "");
	if (!attrs)
		return malformed_reply(kind, attrs.error().text());
	return TableObject{*table, std::move(*attrs)};
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
	auto attrs = parse_attrs(msg.attrs, msg.attrlen, event_policy, "");
	if (!attrs)
		return attrs.error();
	auto id = table_id(*attrs);
	if (!id)
		return id.error();
	ev.id = *id;
	return ev;
}

} // namespace rtpnl
