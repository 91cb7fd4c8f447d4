// SPDX-License-Identifier: LGPL-2.1-or-later
// Recorded stream output (see recording_print.hpp).
#include "recording_print.hpp"

namespace rtpnl::cli {

void print_recording(Printer &p, const Recording &rec)
{
	p.begin_record();
	p.field("table", "table", std::uint64_t{rec.table});
	p.field("id", "id", std::uint64_t{rec.id});
	p.field("call", "call", rec.call);
	p.field("stream", "stream", rec.stream);
	p.field("packets", "packets", rec.packets);
	p.field("queued", "queued", std::uint64_t{rec.queued});
	p.field("dropped", "dropped", rec.dropped);
	p.field("path", "path", recording_path(rec));
	p.end_record();
}

void print_recordings(Printer &p, std::span<const Recording> recs)
{
	p.begin_list();
	for (const Recording &r : recs)
		print_recording(p, r);
	p.end_list();
}

} // namespace rtpnl::cli
