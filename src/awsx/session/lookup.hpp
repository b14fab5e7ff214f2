#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "awsx/creds/plan.hpp"
#include "awsx/creds/session.hpp"
#include "awsx/store/keyring.hpp"

namespace awsx::config {
struct ConfigFiles;
}

namespace awsx::creds {
struct CredentialOptions;
}

namespace awsx::util {
class Clock;
class Environment;
} // namespace awsx::util

namespace awsx::session {

// What the cache holds for one command line, found without a network, OpenSSL or D-Bus.
struct CachedLookup {
  // The plan (not made under --no-cache, which never looks), made with keys presumed stored for
  // every profile whose files hold none: a session name covers the profile, not the keys, so
  // the long-term keyring is read only when a session must be fetched. A plan the real keys
  // allow is this same plan.
  creds::Plan plan;
  // Where its session is cached; nullopt when it makes none (its credentials are used
  // as they are) or the options say --no-cache.
  std::optional<std::string> name;
  // The keyring `name` was read from, opened only when there is a name.
  std::unique_ptr<store::Keyring> sessions;
  // The session stored there, when it has more than the margin (AWSX_CACHE_MARGIN) left.
  std::optional<creds::Session> session;
  // Why the entry under `name` is unusable (it fails to decrypt or to read, or is not a
  // session), as SessionCache::peek says; empty when it is fine. It is left in place.
  std::string damage;
};

// Plans `options` with config `files` and environment `env`, names the session and, when
// there is a name, reads that one entry from the keyring `open_sessions` returns, judging
// its freshness by `clock`. Never writes. Throws what the planner throws, and
// StorageError when the keyring fails; under --no-cache it does nothing at all.
CachedLookup
lookup_cached(const creds::CredentialOptions& options, const config::ConfigFiles& files,
              const util::Environment& env, const util::Clock& clock,
              const std::function<std::unique_ptr<store::Keyring>()>& open_sessions);

} // namespace awsx::session
