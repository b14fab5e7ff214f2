#pragma once

#include <chrono>

#include "awsx/cli/command_table.hpp"
#include "awsx/creds/session.hpp"

namespace awsx::cli {

// Loads the config, plans and fetches the session for `options`, with warnings on
// `console.err`; the one place that wires real files, network, clock and terminal.
creds::Session obtain_session(const creds::CredentialOptions& options, Console& console);

} // namespace awsx::cli
