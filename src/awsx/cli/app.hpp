#pragma once

#include <string>
#include <vector>

#include "awsx/cli/context.hpp"

namespace awsx::cli {

// Runs awsx with the arguments after the program name, `args`, with the services of `ctx`
// (writing to its console); the only place that catches errors, printing
// `awsx: error: <what>`. Returns the exit status.
int run(const std::vector<std::string>& args, Context& ctx);

} // namespace awsx::cli
