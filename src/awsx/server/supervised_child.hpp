#pragma once

#include <string>
#include <vector>

namespace awsx::server {

// Runs `argv` (looked up in PATH) with environment `env` as a child that awsx waits
// for, forwarding INT, TERM, HUP, QUIT, USR1, USR2 and WINCH sent to awsx by another
// process (the terminal already signals the whole process group). Returns the child's
// exit status, or 128+N when signal N killed it; exit 127 when the command is missing.
// Blocks the forwarded signals in the calling thread, and so in every thread it starts
// afterwards: call it before starting threads, so that only run_supervised's thread
// ever handles them (a worker thread catching one before the child exists would drop it).
void block_forwarded_signals();

int run_supervised(const std::vector<std::string>& argv, const std::vector<std::string>& env);

} // namespace awsx::server
