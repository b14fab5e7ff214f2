#pragma once

#include <string>
#include <vector>

#include "awsx/cli/command_table.hpp"

namespace awsx::cli {

// Runs awsx with the arguments after the program name, `args`, writing to `console`;
// the only place that catches errors, printing `awsx: error: <what>`. Returns the exit status.
int run(const std::vector<std::string>& args, Console& console);

} // namespace awsx::cli
