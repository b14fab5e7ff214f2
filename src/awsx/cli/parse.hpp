#pragma once

#include <string>
#include <vector>

#include "awsx/cli/invocation.hpp"

namespace awsx::cli {

// Turns the arguments after the program name, `args`, into an Invocation using the
// command table; throws UsageError with a pointer to --help on a bad command line.
Invocation parse_command_line(const std::vector<std::string>& args);

} // namespace awsx::cli
