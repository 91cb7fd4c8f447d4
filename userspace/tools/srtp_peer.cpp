// SPDX-License-Identifier: LGPL-2.1-or-later
// srtp_peer: an SRTP endpoint for the kernel tests, built on Debian's
// libsrtp2 (an implementation independent of ours). Test-only: not installed.
//
//   srtp_peer send DST [--from SRC] [--count N] [--seq S] [--ssrc X] [--roc R]
//                  [--len L] [--plain | --suite NAME --key HEX --salt HEX
//                  [--mki HEX] [--unauthenticated]] [--replay K] [--corrupt K]
//                  [--gap MS] [--pt T] [--pad P]
//       sends N RTP packets (payload type T, default 0; seq S.., payload L
//       bytes of a pattern derived from seq, then P bytes of RTP padding),
//       protected unless --plain (with --mki, the MKI goes
//       between payload and tag, RFC 3711 3.1; after the tag with AES-GCM,
//       RFC 7714); --replay K sends packet K once more at the end, byte for
//       byte; --corrupt K flips a bit of packet K's last byte (its tag, or
//       with gcm and --mki its MKI). Prints "sent=N".
//   srtp_peer recv BIND [--count N] [--timeout S] [--ssrc X] [--roc R]
//                  [--plain | --suite NAME --key HEX --salt HEX [--mki HEX]
//                  [--unauthenticated]] [--fill HEX]
//       receives until N packets arrived, or, once told that the sender is
//       done (SIGUSR1), S seconds (default 5) passed without one (at most
//       120 s in all); unprotects them unless --plain. Prints
//       "received=R ok=O failed=F intact=I first=SEQ last=SEQ": ok are the
//       packets unprotect accepted (--plain: valid RTP headers), intact the
//       ok ones whose payload is what the sender put there (with --fill:
//       HEX over and over, as a payload replacement leaves it) and whose
//       padding, if any, is as it was sent.
//   With --rtcp, send and recv use RTCP instead of RTP (SRTCP, unless
//       --plain): a sender report whose packet count is the sequence number
//       and whose profile-specific extension carries the pattern (L rounded
//       down to a multiple of 4 bytes); SRTCP always has an 80-bit tag (RFC
//       4568 6.2: the _32 suites too), with AES-GCM the 128-bit one of SRTP.
//   srtp_peer duplex BIND DST [send's options] [--rx-OPTION VALUE ...]
//                  [--rx-plain] [--timeout S] [--go FILE]
//       both at once on one socket bound to BIND, as a party of a call
//       does (symmetric RTP: it receives where it sends from): prints
//       "ready" once bound, sends to DST as send does (once FILE exists,
//       with --go: the other party is bound too), receives as recv does
//       with the rx- options (--rx-count, --rx-ssrc, --rx-suite, --rx-key,
//       --rx-salt, --rx-plain, --rx-unauthenticated, --rx-fill), until --rx-count packets arrived or S
//       seconds after the last one was sent. Prints send's line, then recv's.
//   srtp_peer serve
//       runs the commands of the lines on stdin, one at a time: a line is
//       what would follow "srtp_peer" on a command line (send ... or
//       recv ...), and what the command prints is followed by the line
//       "--- srtp done". A line "done" during a recv is what SIGUSR1 is to
//       a recv process (elsewhere it is ignored); "quit" or the end of
//       input ends the server. Why: libsrtp's init is paid once per server,
//       not once per peer (Debian's initializes NSS, with self-tests: ~0.4 s
//       of every start under emulation, ~150 starts a kernel in the tests).
// Suites: aes128_80 aes128_32 null_80 null_32 aes192_80 aes192_32 aes256_80
// aes256_32 (--salt of 14 bytes), gcm128 gcm256 (AEAD_AES_128_GCM and
// AEAD_AES_256_GCM, RFC 7714: --salt of 12 bytes). Not f8_80 f8_32
// (F8_128_HMAC_SHA1_*): libsrtp2 has no AES-f8, they are refused. Addresses:
// 1.2.3.4:5 or [::1]:5.
// --unauthenticated (send, recv; duplex: --unauthenticated for what it
//       sends, --rx-unauthenticated for what it receives): RFC 4568's
//       UNAUTHENTICATED_SRTP, SRTP without a tag (nothing to corrupt but
//       the payload, nothing checked on receipt); SRTCP keeps the suite's
//       80-bit tag. Only with the aes suites.
#include <srtp2/srtp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

volatile sig_atomic_t sender_done;
bool srtp_ready;	// srtp_init() done

void on_sender_done(int)
{
	sender_done = 1;
}

[[noreturn]] void die(const std::string &msg)
{
	std::fprintf(stderr, "srtp_peer: %s\n", msg.c_str());
	std::exit(2);
}

struct Address {
	sockaddr_storage ss{};
	socklen_t len = 0;
};

Address parse_address(const std::string &text)
{
	Address a;
	const auto colon = text.rfind(':');
	if (colon == std::string::npos)
		die("address without port: " + text);
	std::string host = text.substr(0, colon);
	const auto port = static_cast<uint16_t>(std::stoul(text.substr(colon + 1)));
	if (host.size() > 1 && host.front() == '[') {
		host = host.substr(1, host.size() - 2);
		auto *sin6 = reinterpret_cast<sockaddr_in6 *>(&a.ss);
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, host.c_str(), &sin6->sin6_addr) != 1)
			die("bad address " + text);
		a.len = sizeof(*sin6);
	} else {
		auto *sin = reinterpret_cast<sockaddr_in *>(&a.ss);
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		if (inet_pton(AF_INET, host.c_str(), &sin->sin_addr) != 1)
			die("bad address " + text);
		a.len = sizeof(*sin);
	}
	return a;
}

std::vector<uint8_t> parse_hex(const std::string &hex)
{
	std::vector<uint8_t> out;
	if (hex.size() % 2)
		die("odd hex string");
	for (size_t i = 0; i < hex.size(); i += 2)
		out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
	return out;
}

struct Options {
	std::map<std::string, std::string> values;
	bool has(const std::string &k) const { return values.count(k) != 0; }
	std::string get(const std::string &k, const std::string &def = "") const
	{
		const auto it = values.find(k);
		return it == values.end() ? def : it->second;
	}
	unsigned long num(const std::string &k, unsigned long def) const
	{
		return has(k) ? std::stoul(get(k), nullptr, 0) : def;
	}
};

// serve's stdin, read a line at a time by poll() and read(): stdio's buffer
// would hide a "done" that arrived with the command before it.
class LineReader {
public:
	explicit LineReader(int fd) : fd_(fd) {}
	int fd() const { return fd_; }
	// The next whole line already read, without its newline.
	std::optional<std::string> take()
	{
		const auto nl = buf_.find('\n');
		if (nl == std::string::npos)
			return std::nullopt;
		std::string line = buf_.substr(0, nl);
		buf_.erase(0, nl + 1);
		return line;
	}
	// Reads what there is (blocks if nothing); false at the end of input.
	bool fill()
	{
		char chunk[4096];
		ssize_t n;

		do
			n = read(fd_, chunk, sizeof(chunk));
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return false;
		buf_.append(chunk, static_cast<size_t>(n));
		return true;
	}

	// Removes the whole lines already read that are @line; true if any
	// was (the others stay, in order, for take()).
	bool remove(const std::string &line)
	{
		std::string rest;
		bool found = false;
		size_t at = 0, nl;

		while ((nl = buf_.find('\n', at)) != std::string::npos) {
			if (buf_.compare(at, nl - at, line) == 0 && nl - at == line.size())
				found = true;
			else
				rest.append(buf_, at, nl + 1 - at);
			at = nl + 1;
		}
		buf_ = rest + buf_.substr(at);
		return found;
	}

private:
	int fd_;
	std::string buf_;
};

// The payload byte @i of the packet with sequence number @seq.
uint8_t pattern(uint16_t seq, size_t i)
{
	return static_cast<uint8_t>(seq * 7u + i);
}

// libsrtp's crypto policy for a suite name, its master key and salt
// lengths; false if unknown.
bool set_suite(const std::string &name, srtp_crypto_policy_t *p, size_t *key_len,
	       size_t *salt_len)
{
	*key_len = 16;
	*salt_len = 14;
	if (name == "aes128_80") {
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(p);
	} else if (name == "aes128_32") {
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(p);
	} else if (name == "null_80" || name == "null_32") {
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p);
		if (name == "null_32")
			p->auth_tag_len = 4;
	} else if (name == "aes192_80" || name == "aes192_32") {
		if (name == "aes192_80")
			srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80(p);
		else
			srtp_crypto_policy_set_aes_cm_192_hmac_sha1_32(p);
		*key_len = 24;
	} else if (name == "aes256_80" || name == "aes256_32") {
		if (name == "aes256_80")
			srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(p);
		else
			srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(p);
		*key_len = 32;
	} else if (name == "gcm128" || name == "gcm256") {
		// RFC 7714: a 128-bit tag, SRTCP's too; key || 12-byte salt
		if (name == "gcm128") {
			srtp_crypto_policy_set_aes_gcm_128_16_auth(p);
		} else {
			srtp_crypto_policy_set_aes_gcm_256_16_auth(p);
			*key_len = 32;
		}
		*salt_len = 12;
	} else {
		return false;
	}
	return true;
}

// RFC 4568 6.3.5 UNAUTHENTICATED_SRTP: the suite's AES-CM cipher of
// @key_len bytes without a tag (libsrtp's *_null_auth); false for a suite
// that is not AES-CM.
bool set_unauthenticated(const std::string &name, size_t key_len, srtp_crypto_policy_t *p)
{
	if (name.rfind("aes", 0) != 0)
		return false;
	if (key_len == 16)
		srtp_crypto_policy_set_aes_cm_128_null_auth(p);
	else if (key_len == 24)
		srtp_crypto_policy_set_aes_cm_192_null_auth(p);
	else
		srtp_crypto_policy_set_aes_cm_256_null_auth(p);
	return true;
}

// SRTCP's policy of a suite: the same cipher, an 80-bit tag (AES-GCM: the
// same policy as SRTP).
void set_rtcp_suite(std::string name, srtp_crypto_policy_t *p)
{
	size_t key_len, salt_len;
	const auto pos = name.rfind("_32");
	if (pos != std::string::npos && pos + 3 == name.size())
		name.replace(pos, 3, "_80");
	set_suite(name, p, &key_len, &salt_len);
}

// An SRTP session for one direction, or none with --plain.
struct Session {
	srtp_t ctx = nullptr;
	std::vector<uint8_t> key;	// master key || master salt
	std::vector<uint8_t> mki;	// --mki: libsrtp's one master key has this MKI
	srtp_master_key_t master{};
	srtp_master_key_t *masters[1] = {&master};

	Session(const Options &o, bool inbound)
	{
		if (o.has("plain"))
			return;
		srtp_policy_t policy;
		std::memset(&policy, 0, sizeof(policy));
		size_t key_len, salt_len;
		if (o.get("suite").rfind("f8_", 0) == 0)
			die("suite " + o.get("suite") + ": libsrtp2 has no AES-f8");
		if (!set_suite(o.get("suite"), &policy.rtp, &key_len, &salt_len))
			die("unknown suite " + o.get("suite"));
		if (o.has("unauthenticated") && !set_unauthenticated(o.get("suite"), key_len, &policy.rtp))
			die("--unauthenticated needs an aes suite, not " + o.get("suite"));
		// SRTCP stays authenticated, UNAUTHENTICATED_SRTP or not
		set_rtcp_suite(o.get("suite"), &policy.rtcp);
		key = parse_hex(o.get("key"));
		const auto salt = parse_hex(o.get("salt"));
		if (key.size() != key_len || salt.size() != salt_len)
			die("key or salt of the wrong length (" + std::to_string(key_len) + " and " +
			    std::to_string(salt_len) + " bytes)");
		key.insert(key.end(), salt.begin(), salt.end());
		if (o.has("mki")) {
			mki = parse_hex(o.get("mki"));
			master.key = key.data();
			master.mki_id = mki.data();
			master.mki_size = static_cast<unsigned>(mki.size());
			policy.keys = masters;
			policy.num_master_keys = 1;
		} else {
			policy.key = key.data();
		}
		policy.ssrc.type = inbound ? ssrc_any_inbound : ssrc_specific;
		policy.ssrc.value = static_cast<uint32_t>(o.num("ssrc", 0x11223344));
		policy.window_size = 128;
		policy.allow_repeat_tx = 1;
		if (srtp_create(&ctx, &policy) != srtp_err_status_ok)
			die("srtp_create failed (suite " + o.get("suite") + ")");
		if (o.has("roc") && !inbound &&
		    srtp_set_stream_roc(ctx, policy.ssrc.value,
					static_cast<uint32_t>(o.num("roc", 0))) != srtp_err_status_ok)
			die("srtp_set_stream_roc failed");
	}
	~Session()
	{
		if (ctx)
			srtp_dealloc(ctx);
	}
	Session(const Session &) = delete;
	Session &operator=(const Session &) = delete;
};

// A UDP socket bound to @local (SO_REUSEADDR).
int bound_socket(const Address &local, const std::string &text)
{
	const int fd = socket(local.ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	const int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, reinterpret_cast<const sockaddr *>(&local.ss), local.len))
		die("bind " + text);
	return fd;
}

void put32(std::vector<uint8_t> &pkt, size_t off, uint32_t v)
{
	const uint32_t be = htonl(v);
	std::memcpy(&pkt[off], &be, 4);
}

uint32_t get32(const std::vector<uint8_t> &pkt, size_t off)
{
	uint32_t be;
	std::memcpy(&be, &pkt[off], 4);
	return ntohl(be);
}

// An RTP packet of payload type @pt with @len bytes of the pattern of @seq,
// then @pad bytes of padding (RFC 3550 5.1: zeros, the last one the count).
std::vector<uint8_t> rtp_packet(uint16_t seq, uint32_t ssrc, uint32_t ts, size_t len,
				uint8_t pt, uint8_t pad)
{
	std::vector<uint8_t> pkt(12 + len + pad);
	pkt[0] = pad ? 0xa0 : 0x80;
	pkt[1] = pt;
	if (pad)
		pkt.back() = pad;
	pkt[2] = static_cast<uint8_t>(seq >> 8);
	pkt[3] = static_cast<uint8_t>(seq);
	put32(pkt, 4, ts);
	put32(pkt, 8, ssrc);
	for (size_t i = 0; i < len; i++)
		pkt[12 + i] = pattern(seq, i);
	return pkt;
}

// An RTCP sender report: packet count @seq, the pattern of @seq as its
// profile-specific extension (@len rounded down to 4-byte words).
constexpr size_t rtcp_sr_len = 28;
std::vector<uint8_t> rtcp_packet(uint16_t seq, uint32_t ssrc, uint32_t ts, size_t len)
{
	len -= len % 4;
	std::vector<uint8_t> pkt(rtcp_sr_len + len);
	pkt[0] = 0x80;	// V=2, no report blocks
	pkt[1] = 200;	// SR
	pkt[2] = static_cast<uint8_t>((pkt.size() / 4 - 1) >> 8);
	pkt[3] = static_cast<uint8_t>(pkt.size() / 4 - 1);
	put32(pkt, 4, ssrc);
	put32(pkt, 16, ts);
	put32(pkt, 20, seq);
	for (size_t i = 0; i < len; i++)
		pkt[rtcp_sr_len + i] = pattern(seq, i);
	return pkt;
}

// send's packets on @fd; prints "sent=N".
void send_packets(int fd, const Address &dst, const Options &o)
{
	Session session(o, false);
	const unsigned long count = o.num("count", 10), len = o.num("len", 160);
	const auto first_seq = static_cast<uint16_t>(o.num("seq", 1000));
	const auto ssrc = static_cast<uint32_t>(o.num("ssrc", 0x11223344));
	const long replay = o.has("replay") ? static_cast<long>(o.num("replay", 0)) : -1;
	const long corrupt = o.has("corrupt") ? static_cast<long>(o.num("corrupt", 0)) : -1;
	const unsigned long gap_us = o.num("gap", 2) * 1000;
	const bool rtcp = o.has("rtcp");
	const auto pt = static_cast<uint8_t>(o.num("pt", 0) & 0x7f);
	const auto pad = static_cast<uint8_t>(o.num("pad", 0));
	std::vector<uint8_t> replayed;
	unsigned long sent = 0;

	for (unsigned long n = 0; n < count; n++) {
		const auto seq = static_cast<uint16_t>(first_seq + n);
		std::vector<uint8_t> pkt = rtcp ? rtcp_packet(seq, ssrc, static_cast<uint32_t>(n * 160), len)
					      : rtp_packet(seq, ssrc, static_cast<uint32_t>(n * 160), len,
							   pt, pad);
		int plen = static_cast<int>(pkt.size());
		pkt.resize(pkt.size() + SRTP_MAX_TRAILER_LEN + 4);	// room for SRTCP's index
		const bool use_mki = !session.mki.empty();
		if (session.ctx &&
		    (rtcp ? srtp_protect_rtcp_mki(session.ctx, pkt.data(), &plen, use_mki, 0)
			  : srtp_protect_mki(session.ctx, pkt.data(), &plen, use_mki, 0)) !=
			    srtp_err_status_ok)
			die("srtp_protect failed");
		pkt.resize(static_cast<size_t>(plen));
		if (static_cast<long>(n) == replay)
			replayed = pkt;
		if (static_cast<long>(n) == corrupt)
			pkt.back() ^= 0x01;
		if (sendto(fd, pkt.data(), pkt.size(), 0,
			   reinterpret_cast<const sockaddr *>(&dst.ss), dst.len) ==
		    static_cast<ssize_t>(pkt.size()))
			sent++;
		usleep(static_cast<useconds_t>(gap_us));
	}
	if (!replayed.empty() &&
	    sendto(fd, replayed.data(), replayed.size(), 0,
		   reinterpret_cast<const sockaddr *>(&dst.ss), dst.len) ==
	    static_cast<ssize_t>(replayed.size()))
		sent++;
	std::printf("sent=%lu\n", sent);
	std::fflush(stdout);
}

int cmd_send(const std::string &dst_text, const Options &o)
{
	const Address dst = parse_address(dst_text);
	int fd;

	if (o.has("from")) {
		fd = bound_socket(parse_address(o.get("from")), o.get("from"));
	} else {
		fd = socket(dst.ss.ss_family, SOCK_DGRAM, 0);
		if (fd < 0)
			die("socket");
	}
	send_packets(fd, dst, o);
	close(fd);
	return 0;
}

// recv's packets on @fd, until sender_done and the timeout; prints the
// summary. @control: serve's stdin, whose "done" line (or end) sets
// sender_done; nullptr for a recv process (SIGUSR1).
void recv_packets(int fd, const Options &o, LineReader *control = nullptr)
{
	Session session(o, true);
	const unsigned long count = o.num("count", 10);
	const int timeout_ms = static_cast<int>(o.num("timeout", 5) * 1000);
	int idle_ms = 0, total_ms = 0;
	const auto want_ssrc = static_cast<uint32_t>(o.num("ssrc", 0x11223344));
	unsigned long received = 0, ok = 0, failed = 0, intact = 0;
	const bool rtcp = o.has("rtcp");
	const std::vector<uint8_t> fill = o.has("fill") ? parse_hex(o.get("fill"))
							: std::vector<uint8_t>{};
	std::optional<uint16_t> first, last;
	std::vector<uint8_t> buf(65536);

	while (received < count && total_ms < 120000) {
		pollfd pfd[2] = {{fd, POLLIN, 0}, {control ? control->fd() : -1, POLLIN, 0}};
		const int ready = poll(pfd, control ? 2 : 1, 100);
		if (control && pfd[1].revents) {
			const bool open = control->fill();
			if (control->remove("done"))
				sender_done = 1;
			if (!open) {
				sender_done = 1;
				control = nullptr;
			}
		}
		if (ready <= 0) {
			total_ms += 100;
			idle_ms = sender_done ? idle_ms + 100 : 0;
			if (idle_ms >= timeout_ms)
				break;
			continue;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		idle_ms = 0;
		const ssize_t got = recv(fd, buf.data(), buf.size() - SRTP_MAX_TRAILER_LEN, 0);
		if (got < 0)
			break;
		received++;
		int len = static_cast<int>(got);
		const bool use_mki = !session.mki.empty();
		if (session.ctx &&
		    (rtcp ? srtp_unprotect_rtcp_mki(session.ctx, buf.data(), &len, use_mki)
			  : srtp_unprotect_mki(session.ctx, buf.data(), &len, use_mki)) !=
			    srtp_err_status_ok) {
			failed++;
			continue;
		}
		const size_t min_len = rtcp ? rtcp_sr_len : 12;
		if (static_cast<size_t>(len) < min_len || (buf[0] >> 6) != 2 ||
		    (rtcp && buf[1] != 200)) {
			failed++;
			continue;
		}
		ok++;
		const auto seq = static_cast<uint16_t>(rtcp ? get32(buf, 20) : buf[2] << 8 | buf[3]);
		if (!first)
			first = seq;
		last = seq;
		const size_t hlen = rtcp ? rtcp_sr_len : 12 + 4u * (buf[0] & 0x0fu);
		size_t end = static_cast<size_t>(len);
		bool same = get32(buf, rtcp ? 4 : 8) == want_ssrc && end >= hlen;
		if (same && !rtcp && (buf[0] & 0x20)) {	// padding: intact, not payload
			const size_t pad = buf[end - 1];
			same = pad && hlen + pad <= end;
			for (size_t i = end - (same ? pad : 0); same && i + 1 < end; i++)
				same = !buf[i];
			end -= same ? pad : 0;
		}
		for (size_t i = hlen; same && i < end; i++)
			same = buf[i] == (fill.empty() ? pattern(seq, i - hlen)
						       : fill[(i - hlen) % fill.size()]);
		if (same)
			intact++;
	}
	std::printf("received=%lu ok=%lu failed=%lu intact=%lu first=%d last=%d\n", received, ok,
		    failed, intact, first ? *first : -1, last ? *last : -1);
}

int cmd_recv(const std::string &bind_text, const Options &o, LineReader *control = nullptr)
{
	const int fd = bound_socket(parse_address(bind_text), bind_text);

	sender_done = 0;
	if (!control)
		signal(SIGUSR1, on_sender_done);
	std::printf("ready\n");
	std::fflush(stdout);
	recv_packets(fd, o, control);
	close(fd);
	return 0;
}

// A child sends (it never reads the socket); the parent receives all.
int cmd_duplex(const std::string &bind_text, const std::string &dst_text, const Options &o)
{
	const int fd = bound_socket(parse_address(bind_text), bind_text);
	const Address dst = parse_address(dst_text);
	Options rx;

	for (const auto &[name, value] : o.values)
		if (name.rfind("rx-", 0) == 0)
			rx.values[name.substr(3)] = value;
	if (o.has("timeout"))
		rx.values["timeout"] = o.get("timeout");
	signal(SIGCHLD, on_sender_done);
	std::printf("ready\n");
	std::fflush(stdout);
	const pid_t child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		// at most a minute for the go, then send anyway
		for (int ms = 0; o.has("go") && access(o.get("go").c_str(), F_OK) && ms < 60000; ms += 10)
			usleep(10000);
		send_packets(fd, dst, o);
		_exit(0);
	}
	recv_packets(fd, rx);
	waitpid(child, nullptr, 0);
	close(fd);
	return 0;
}

// The options of @args from @first on ("--name value", or "--flag").
Options parse_options(const std::vector<std::string> &args, size_t first)
{
	Options o;
	for (size_t i = first; i < args.size(); i++) {
		std::string arg = args[i];
		if (arg.rfind("--", 0) != 0)
			die("unexpected " + arg);
		arg = arg.substr(2);
		if (arg == "plain" || arg == "rx-plain" || arg == "rtcp" || arg == "rx-rtcp" ||
		    arg == "unauthenticated" || arg == "rx-unauthenticated") {
			o.values[arg] = "1";
			continue;
		}
		if (i + 1 >= args.size())
			die("--" + arg + " needs a value");
		o.values[arg] = args[++i];
	}
	return o;
}

// Runs the command of @args (send, recv or duplex and their arguments).
// libsrtp's init (Debian's: NSS's, with its self-tests) is ~90 % of a
// start, ~0.7 s under emulation: only once a command has an SRTP side.
int run(const std::vector<std::string> &args, LineReader *control)
{
	if (args.size() < 2)
		die("usage: srtp_peer send|recv ADDR:PORT | duplex BIND DST [options] | serve (see the source)");
	const std::string &cmd = args[0];
	const size_t first_option = cmd == "duplex" ? 3 : 2;
	if (args.size() < first_option)
		die("duplex needs BIND and DST");
	if (control && cmd == "duplex")
		die("serve runs send and recv, not duplex");
	const Options o = parse_options(args, first_option);
	const bool srtp = !o.has("plain") || (cmd == "duplex" && !o.has("rx-plain"));
	if (srtp && !srtp_ready) {
		if (srtp_init() != srtp_err_status_ok)
			die("srtp_init failed");
		srtp_ready = true;
	}
	return cmd == "send"   ? cmd_send(args[1], o) :
	       cmd == "recv"   ? cmd_recv(args[1], o, control) :
	       cmd == "duplex" ? cmd_duplex(args[1], args[2], o) :
				 (die("unknown command " + cmd), 2);
}

// serve: the commands of stdin's lines, until "quit" or the end of input.
int serve()
{
	LineReader in(STDIN_FILENO);

	for (;;) {
		std::optional<std::string> line;
		while (!(line = in.take()))
			if (!in.fill())
				return 0;
		std::vector<std::string> words;
		size_t at = 0;
		while ((at = line->find_first_not_of(" \t", at)) != std::string::npos) {
			const size_t end = line->find_first_of(" \t", at);
			words.push_back(line->substr(at, end - at));
			at = end;
		}
		if (words.empty() || words[0] == "done")
			continue;	// a recv's "done" that came after it ended
		if (words[0] == "quit")
			return 0;
		run(words, &in);
		std::printf("--- srtp done\n");
		std::fflush(stdout);
	}
}

} // namespace

int main(int argc, char **argv)
{
	if (argc == 2 && std::string(argv[1]) == "serve") {
		const int ret = serve();
		if (srtp_ready)
			srtp_shutdown();
		return ret;
	}
	const int ret = run(std::vector<std::string>(argv + 1, argv + argc), nullptr);
	if (srtp_ready)
		srtp_shutdown();
	return ret;
}
