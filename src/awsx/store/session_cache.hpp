#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "awsx/creds/plan.hpp"
#include "awsx/creds/session.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::config {
struct ConfigFiles;
}

namespace awsx::util {
class Environment;
}

namespace awsx::store {

class Keyring;

// Sessions are reused until this long before they expire.
inline constexpr std::chrono::seconds default_refresh_margin{300};

// The margin to use: AWSX_CACHE_MARGIN in `env`, else default_refresh_margin; throws
// UsageError when it is not a duration.
std::chrono::seconds refresh_margin(const util::Environment& env);

// The keyring name of the session `plan` produces: "session/<profile>/<digest>" ("-" for
// the ambient credentials' profile), where the digest covers everything that makes two
// sessions differ (roles, source identity, MFA serial, durations, session names, external
// ids, region, endpoint). The profile may hold '/' itself; the digest never does.
std::string session_name(const creds::Plan& plan, const std::string& endpoint);

// The name the session of `plan` is cached under (session_name with the STS endpoint
// that `env` and `files` select), or nullopt when the plan makes no session to cache: its
// credentials are used as they are.
std::optional<std::string> cached_session_name(const creds::Plan& plan,
                                               const config::ConfigFiles& files,
                                               const util::Environment& env);

// True when `session` still has more than `margin` left at `now` (or never expires).
bool still_fresh(const creds::Session& session, util::TimePoint now,
                 std::chrono::seconds margin);

// The profile part of a session name `name`, or "" when it is not one.
std::string profile_of_session_name(const std::string& name);

// The digest part of a session name `name` (after its last '/'), or "" when it is not one.
std::string digest_of_session_name(const std::string& name);

// `session` as the JSON document the cache stores.
std::string encode_session(const creds::Session& session);

// Reads a document written by encode_session from `text`; nullopt when it is not one.
std::optional<creds::Session> decode_session(const std::string& text);

// A cached session that has not expired, and the profile it belongs to ("-": ambient).
struct CachedSession {
  std::string profile;
  creds::Session session;
};

// What a cache entry holds, read without changing anything.
struct CacheEntry {
  std::optional<creds::Session> session; // a session with more than the margin left
  std::string damage; // why the entry is unusable (damaged, not a session); empty if fine
};

// Cached sessions in a Keyring, with the expiry margin applied.
class SessionCache {
public:
  // A cache over `keyring` that treats sessions within `margin` of expiry, by `clock`,
  // as gone, and reports discarded entries through `warn`.
  SessionCache(Keyring& keyring, const util::Clock& clock, std::chrono::seconds margin,
               std::function<void(const std::string&)> warn);

  // What is stored under `name`: the usable session, nothing (missing or expiring), or
  // the damage of an entry that is not a session; changes nothing. Throws StorageError
  // when the store fails.
  CacheEntry peek(const std::string& name);

  // The usable session stored under `name`, or nullopt (missing, expiring, or corrupt:
  // a corrupt entry is deleted with a warning). Throws StorageError when the store fails.
  std::optional<creds::Session> find(const std::string& name);

  // Deletes the entry under `name`, which peek() found damaged as `damage` says, with a
  // warning.
  void discard(const std::string& name, const std::string& damage);

  // Stores `session` under `name`, to expire with it where the keyring can; a failure
  // becomes a warning, since the session itself is still good to use.
  void save(const std::string& name, const creds::Session& session);

  // Every cached session not yet expired by the clock, in name order, for `awsx list`:
  // no margin (what is still there, not what exec would reuse), and entries that are
  // damaged or do not decode are skipped, since listing changes nothing. Throws
  // StorageError when the store fails.
  std::vector<CachedSession> list();

  // Deletes the cached sessions of exactly `profile` (those of "a/b" are not "a"'s) and
  // returns how many there were.
  int forget(const std::string& profile);

  // Deletes every cached session and returns how many there were.
  int forget_all();

private:
  // The entry under `name` whatever its expiry: a session, nothing, or its damage.
  CacheEntry read(const std::string& name);

  Keyring& keyring_;
  const util::Clock& clock_;
  std::chrono::seconds margin_;
  std::function<void(const std::string&)> warn_;
};

} // namespace awsx::store
