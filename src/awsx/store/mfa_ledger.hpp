#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "awsx/util/clock.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// A TOTP code belongs to one 30-second step, and STS rejects a code it has accepted once.
inline constexpr std::chrono::seconds mfa_step{30};

// The number of the 30-second step `when` falls in.
long long mfa_step_of(util::TimePoint when);

// Remembers, per MFA device, when a code was last accepted (never the code), so that awsx
// does not ask for, or send, a code that STS would reject as used. One small file per
// device, in cache_dir/mfa: nothing in it is secret.
class MfaLedger {
public:
  // The ledger in `dir` (cache_dir(env)/"mfa" for the real one).
  explicit MfaLedger(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // The ledger in awsx's cache folder from `env`; throws StorageError without HOME.
  static MfaLedger in_cache_of(const util::Environment& env);

  // When a code of device `serial` was last accepted, or nullopt when none is on record
  // (or the record is unreadable: it only ever saves a wait). Throws StorageError when
  // the folder is unsafe.
  std::optional<util::TimePoint> last_accepted(const std::string& serial) const;

  // Records that a code of device `serial`, shown at `shown`, was accepted. Throws
  // StorageError when it can't be written.
  void record(const std::string& serial, util::TimePoint shown) const;

  // The lock file that keeps two runs from asking for a code of `serial` at once.
  std::filesystem::path lock_path(const std::string& serial) const;

private:
  std::filesystem::path dir_;
};

} // namespace awsx::store
