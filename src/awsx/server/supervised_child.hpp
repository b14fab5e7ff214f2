#pragma once

#include <string>
#include <vector>

namespace awsx::server {

// Runs `argv` (looked up in PATH) with environment `env` as a child that awsx waits for,
// keeping the descriptors awsx inherited and forwarding signals as
// process::run_forwarding() does. Returns the child's exit status, or 128+N when signal
// N killed it; throws Error with exit 127 when the command is missing, 126 when it can't
// be run.
int run_supervised(const std::vector<std::string>& argv, const std::vector<std::string>& env);

} // namespace awsx::server
