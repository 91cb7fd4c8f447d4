# SPDX-License-Identifier: LGPL-2.1-or-later
# CMake package of librtpnl: find_package(rtpnl 0.1) gives the imported
# target rtpnl::rtpnl (librtpnl.so.1 and rtpnl.h).
include("${CMAKE_CURRENT_LIST_DIR}/rtpnlTargets.cmake")
