#pragma once

#include "awsx/creds/session.hpp"
#include "awsx/session/services.hpp"

namespace awsx::creds {
struct CredentialOptions;
}

namespace awsx::session {

// The session for `options`: loads the config from `services.env`, then takes what
// lookup_cached finds, or else takes the session lock, looks once more, fetches (the
// long-term keyring, STS, SSO, MFA, processes, as the plan says) and caches the result.
// A cache that can't be used (an unsafe folder, no passphrase) or a lock that can't be
// made is a warning, not an error: the session is still fetched.
creds::Session obtain(const creds::CredentialOptions& options, const Services& services);

} // namespace awsx::session
