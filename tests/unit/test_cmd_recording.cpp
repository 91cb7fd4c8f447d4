// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl recording": its words (commands, prefixes, names, packets, typos
// as one line naming the argument), and the whole CLI against a fake
// RecordingApi: what is asked, what is printed (text and JSON), the
// kernel's refusals, batch lines.
#include "cli_run.hpp"

#include "cli.hpp"
#include "cmd_recording.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;
using Action = RecordingCommand::Action;

namespace {

// The recorded streams of a kernel, and what was asked of them.
struct FakeRecordingApi final : RecordingApi {
	std::vector<std::string> calls;
	std::optional<Error> fail; // returned by every operation if set
	std::vector<Recording> list;

	Result<Recording> recording_add(const Recording &rec) override
	{
		calls.push_back("add " + std::to_string(rec.table) + " " + rec.call + " " + rec.stream +
				(rec.packets ? " packets " + std::to_string(*rec.packets) : ""));
		if (fail)
			return *fail;
		Recording made = rec;
		made.id = 7;
		made.packets = rec.packets.value_or(10);
		return made;
	}
	Result<void> recording_del(std::uint32_t table, std::string_view call,
				   std::optional<std::string_view> stream) override
	{
		calls.push_back("del " + std::to_string(table) + " " + std::string(call) +
				(stream ? " " + std::string(*stream) : ""));
		if (fail)
			return *fail;
		return {};
	}
	Result<Recording> recording_get(std::uint32_t table, std::string_view call,
					std::string_view stream) override
	{
		calls.push_back("get " + std::to_string(table) + " " + std::string(call) + " " +
				std::string(stream));
		if (fail)
			return *fail;
		for (const Recording &r : list)
			if (r.table == table && r.call == call && r.stream == stream)
				return r;
		return Error::kernel(ENOENT, "rtpfwd: no such recorded call or stream");
	}
	Result<std::vector<Recording>> recordings(std::uint32_t table) override
	{
		calls.push_back("list " + std::to_string(table));
		if (fail)
			return *fail;
		return list;
	}
};

struct Forwarding final : RecordingApi {
	explicit Forwarding(RecordingApi &target) : to(target) {}
	RecordingApi &to;

	Result<Recording> recording_add(const Recording &rec) override { return to.recording_add(rec); }
	Result<void> recording_del(std::uint32_t table, std::string_view call,
				   std::optional<std::string_view> stream) override
	{
		return to.recording_del(table, call, stream);
	}
	Result<Recording> recording_get(std::uint32_t table, std::string_view call,
					std::string_view stream) override
	{
		return to.recording_get(table, call, stream);
	}
	Result<std::vector<Recording>> recordings(std::uint32_t table) override
	{
		return to.recordings(table);
	}
};

using Run = CliRun;

// rtpnl ARGS against a fake prepared by `setup`, stdin from `stdin_text`.
// Recording commands never open the table or rule API.
template <typename Setup>
Run run_with(std::vector<std::string_view> args, Setup setup, const std::string &stdin_text = "")
{
	Run r;
	FakeRecordingApi fake;
	setup(fake);
	std::istringstream in(stdin_text);
	std::ostringstream out, err;
	r.status = run(
		args, in, out, err,
		[]() -> Result<std::unique_ptr<TableApi>> {
			FAIL("a recording command opened the table API");
			return Error::local(EINVAL, "unreachable");
		},
		[]() -> Result<std::unique_ptr<RuleApi>> {
			FAIL("a recording command opened the rule API");
			return Error::local(EINVAL, "unreachable");
		},
		enter_netns,
		[&]() -> Result<std::unique_ptr<RecordingApi>> {
			r.opened = true;
			return std::unique_ptr<RecordingApi>(std::make_unique<Forwarding>(fake));
		});
	r.calls = fake.calls;
	r.out = out.str();
	r.err = err.str();
	return r;
}

Run run_plain(std::vector<std::string_view> args)
{
	return run_with(std::move(args), [](FakeRecordingApi &) {});
}

RecordingCommand parsed(std::vector<std::string_view> args)
{
	auto r = parse_recording_command(args);
	REQUIRE(r.ok());
	return *r;
}

Recording stream(std::uint32_t table, std::string call, std::string name, std::uint32_t id)
{
	Recording rec;
	rec.table = table;
	rec.call = std::move(call);
	rec.stream = std::move(name);
	rec.id = id;
	rec.packets = 10u;
	return rec;
}

const auto with_streams = [](FakeRecordingApi &f) {
	f.list = {stream(42, "call-1", "caller", 0), stream(42, "call-1", "callee", 1)};
	f.list[0].queued = 3;
	f.list[1].dropped = 12;
};

} // namespace

TEST_CASE("recording commands, their prefixes and words")
{
	RecordingCommand add = parsed({"add", "42", "call-1", "caller"});
	CHECK(add.action == Action::add);
	CHECK(add.recording.table == 42);
	CHECK(add.recording.call == "call-1");
	CHECK(add.recording.stream == "caller");
	CHECK_FALSE(add.recording.packets.has_value());
	CHECK(parsed({"a", "0", "c", "s", "packets", "4096"}).recording.packets == 4096u);
	CHECK(parsed({"add", "0", "c", "s", "p", "1"}).recording.packets == 1u);

	RecordingCommand del = parsed({"d", "42", "call-1", "caller"});
	CHECK(del.action == Action::del);
	CHECK_FALSE(del.whole_call);
	RecordingCommand call = parsed({"delete", "42", "call-1"});
	CHECK(call.action == Action::del);
	CHECK(call.whole_call);
	CHECK(call.recording.stream.empty());
	CHECK(parsed({"g", "1", "c", "s"}).action == Action::get);
	CHECK(parsed({"list", "63"}).action == Action::list);
	CHECK(parsed({"l", "63"}).recording.table == 63);
	CHECK(parsed({"sh", "1"}).action == Action::list);
	CHECK(parsed({"help"}).action == Action::help);
	// Names are file names, any but those the kernel refuses.
	CHECK(parsed({"add", "1", "...", "a b:c"}).recording.stream == "a b:c");
	CHECK(parsed({"add", "1", std::string(255, 'c'), "s"}).recording.call.size() == 255);
}

TEST_CASE("recording typos: one line naming the argument")
{
	const std::string long_name(256, 'c');
	const std::vector<std::pair<std::vector<std::string_view>, std::string>> bad{
		{{}, "missing command (try 'rtpnl recording help')"},
		{{"frob"}, "unknown recording command 'frob' (try 'rtpnl recording help')"},
		{{"adds", "1"}, "unknown recording command 'adds' (try 'rtpnl recording help')"},
		{{"add"}, "recording add: missing table id"},
		{{"add", "42"}, "recording add: missing call"},
		{{"add", "42", "c"}, "recording add: missing stream"},
		{{"delete", "42"}, "recording delete: missing call"},
		{{"get", "42", "c"}, "recording get: missing stream"},
		{{"list"}, "recording list: missing table id"},
		{{"add", "64", "c", "s"}, "table id 64 out of range (0..63)"},
		{{"add", "x", "c", "s"}, "invalid table id 'x'"},
		{{"add", "42", "a/b", "s"}, "invalid call 'a/b' (a file name: not empty, '.' or '..', no '/')"},
		{{"add", "42", "", "s"}, "invalid call '' (a file name: not empty, '.' or '..', no '/')"},
		{{"add", "42", "c", ".."}, "invalid stream '..' (a file name: not empty, '.' or '..', no '/')"},
		{{"del", "42", "."}, "invalid call '.' (a file name: not empty, '.' or '..', no '/')"},
		{{"add", "42", long_name, "s"}, "call name of 256 bytes (at most 255)"},
		{{"add", "42", "c", "s", "packets"}, "missing value after 'packets'"},
		{{"add", "42", "c", "s", "packets", "0"}, "invalid packets '0' (1..4096)"},
		{{"add", "42", "c", "s", "packets", "4097"}, "invalid packets '4097' (1..4096)"},
		{{"add", "42", "c", "s", "packets", "-1"}, "invalid packets '-1' (1..4096)"},
		{{"add", "42", "c", "s", "packets", "1x"}, "invalid packets '1x' (1..4096)"},
		{{"add", "42", "c", "s", "packets", "1", "packets", "2"}, "duplicate 'packets'"},
		{{"add", "42", "c", "s", "loud"}, "unknown argument 'loud'"},
		{{"del", "42", "c", "s", "x"}, "unexpected argument 'x'"},
		{{"get", "42", "c", "s", "x"}, "unexpected argument 'x'"},
		{{"list", "42", "c"}, "unexpected argument 'c'"},
		{{"help", "me"}, "unexpected argument 'me'"},
	};
	for (const auto &[args, text] : bad) {
		CAPTURE(text);
		auto r = parse_recording_command(args);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().text() == text);
		// Through the CLI: one line, exit 255, the kernel never asked.
		std::vector<std::string_view> line{"recording"};
		line.insert(line.end(), args.begin(), args.end());
		auto run = run_plain(line);
		CHECK(run.status == exit_usage);
		CHECK(run.err == "Error: " + text + "\n");
		CHECK(run.out.empty());
		CHECK_FALSE(run.opened);
	}
}

TEST_CASE("recording add prints the new stream, its id and its file; -j as JSON")
{
	auto r = run_plain({"recording", "add", "42", "call-1", "caller", "packets", "3"});
	CHECK(r.status == exit_ok);
	CHECK(r.err.empty());
	CHECK(r.calls == std::vector<std::string>{"add 42 call-1 caller packets 3"});
	CHECK(r.out == "table 42 id 7 call call-1 stream caller packets 3 queued 0 dropped 0 path "
		       "/proc/rtpengine/42/calls/call-1/caller\n");
	auto j = run_plain({"-j", "rec", "a", "42", "call-1", "caller"});
	CHECK(j.status == exit_ok);
	CHECK(j.calls == std::vector<std::string>{"add 42 call-1 caller"});
	CHECK(j.out == R"({"table":42,"id":7,"call":"call-1","stream":"caller","packets":10,"queued":0,)"
		       R"("dropped":0,"path":"/proc/rtpengine/42/calls/call-1/caller"})"
		       "\n");
}

TEST_CASE("recording list and get: text one line per stream, JSON an array; del of a stream or a call")
{
	auto list = run_with({"recording", "list", "42"}, with_streams);
	CHECK(list.status == exit_ok);
	CHECK(list.calls == std::vector<std::string>{"list 42"});
	CHECK(list.out ==
	      "table 42 id 0 call call-1 stream caller packets 10 queued 3 dropped 0 path "
	      "/proc/rtpengine/42/calls/call-1/caller\n"
	      "table 42 id 1 call call-1 stream callee packets 10 queued 0 dropped 12 path "
	      "/proc/rtpengine/42/calls/call-1/callee\n");
	auto json = run_with({"-j", "recording", "show", "42"}, with_streams);
	CHECK(json.out ==
	      R"([{"table":42,"id":0,"call":"call-1","stream":"caller","packets":10,"queued":3,"dropped":0,)"
	      R"("path":"/proc/rtpengine/42/calls/call-1/caller"},)"
	      R"({"table":42,"id":1,"call":"call-1","stream":"callee","packets":10,"queued":0,"dropped":12,)"
	      R"("path":"/proc/rtpengine/42/calls/call-1/callee"}])"
	      "\n");
	auto none = run_plain({"-j", "recording", "list", "1"});
	CHECK(none.out == "[]\n");
	CHECK(run_plain({"recording", "list", "1"}).out.empty());

	auto get = run_with({"recording", "get", "42", "call-1", "callee"}, with_streams);
	CHECK(get.status == exit_ok);
	CHECK(get.out.starts_with("table 42 id 1 call call-1 stream callee "));

	auto del = run_plain({"recording", "del", "42", "call-1", "caller"});
	CHECK(del.status == exit_ok);
	CHECK(del.out.empty());
	CHECK(del.calls == std::vector<std::string>{"del 42 call-1 caller"});
	auto call = run_plain({"recording", "delete", "42", "call-1"});
	CHECK(call.status == exit_ok);
	CHECK(call.calls == std::vector<std::string>{"del 42 call-1"});

	auto help = run_plain({"recording", "help"});
	CHECK(help.status == exit_ok);
	CHECK(help.out.starts_with("Usage: rtpnl recording add TABLE CALL STREAM [ packets N ]\n"));
	CHECK_FALSE(help.opened);
}

TEST_CASE("recording: the kernel's refusals are one line, exit 1; without extack they name the stream")
{
	const auto failing = [](Error e) { return [e](FakeRecordingApi &f) { f.fail = e; }; };
	const std::vector<std::pair<Error, std::string>> cases{
		{Error::kernel(EEXIST, "rtpfwd: the call has a stream of that name"),
		 "Error: rtpfwd: the call has a stream of that name\n"},
		{Error::kernel(ENOENT, "rtpfwd: no such table"), "Error: rtpfwd: no such table\n"},
		{Error::kernel(EEXIST, ""), "Error: stream 'call-1/caller' exists in table 42\n"},
		{Error::kernel(ENOENT, ""), "Error: no recorded stream 'call-1/caller' in table 42\n"},
		{Error::kernel(EOPNOTSUPP, ""),
		 "Error: this kernel's rtpfwd cannot record (it knows no RECORDING commands)\n"},
		{Error::kernel(EPERM, ""),
		 "Error: operation not permitted (CAP_NET_ADMIN is required in the user namespace owning "
		 "the network namespace)\n"},
	};
	for (const auto &[error, text] : cases) {
		CAPTURE(text);
		auto r = run_with({"recording", "add", "42", "call-1", "caller"}, failing(error));
		CHECK(r.status == exit_failure);
		CHECK(r.err == text);
		CHECK(r.out.empty());
	}
	auto call = run_with({"recording", "del", "42", "call-1"}, failing(Error::kernel(ENOENT, "")));
	CHECK(call.err == "Error: no recorded call 'call-1' in table 42\n");
	auto list = run_with({"recording", "list", "41"}, failing(Error::kernel(ENOENT, "")));
	CHECK(list.err == "Error: table 41 does not exist\n");
	auto get = run_with({"recording", "get", "42", "call-1", "nobody"}, with_streams);
	CHECK(get.status == exit_failure);
	CHECK(get.err == "Error: rtpfwd: no such recorded call or stream\n");
}

TEST_CASE("recording lines in a batch file; a rtpnl without the recording API says so")
{
	auto batch = run_with({"-b", "-"}, [](FakeRecordingApi &) {},
			      "recording add 42 call-1 caller\nrecording del 42 call-1\n");
	CHECK(batch.status == exit_ok);
	CHECK(batch.calls == std::vector<std::string>{"add 42 call-1 caller", "del 42 call-1"});
	auto typo = run_with({"-b", "-"}, [](FakeRecordingApi &) {}, "recording add 42 call-1\n");
	CHECK(typo.status == exit_usage);
	CHECK(typo.err == "Error: -:1: recording add: missing stream\n");

	std::istringstream in;
	std::ostringstream out, err;
	const std::vector<std::string_view> args{"recording", "list", "42"};
	const int status = run(
		args, in, out, err, []() -> Result<std::unique_ptr<TableApi>> { return Error::local(EIO, ""); },
		[]() -> Result<std::unique_ptr<RuleApi>> { return Error::local(EIO, ""); });
	CHECK(status == exit_failure);
	CHECK(err.str() == "Error: recorded streams cannot be reached from here\n");
}
