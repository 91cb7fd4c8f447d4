// SPDX-License-Identifier: LGPL-2.1-or-later
// What one run of rtpnl against a fake API left: shared by the tests that
// run the whole CLI for one object (tables, recordings).
#ifndef RTPFWD_TEST_CLI_RUN_HPP
#define RTPFWD_TEST_CLI_RUN_HPP

#include <string>
#include <vector>

struct CliRun {
	int status = -1;
	std::string out;
	std::string err;
	std::vector<std::string> calls; // what the fake was asked, in order
	bool opened = false;		// whether the command opened the API
};

#endif
