#pragma once

#include <chrono>

#include "awsx/cli/context.hpp"
#include "awsx/creds/session.hpp"

namespace awsx::cli {

// Loads the config, plans and fetches the session for `options` with the services of
// `ctx` (environment, clock, keyrings, transports, MFA), warning on its console.
creds::Session obtain_session(const creds::CredentialOptions& options, Context& ctx);

} // namespace awsx::cli
