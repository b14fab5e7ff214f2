#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "awsx/creds/mfa.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/session/services.hpp"
#include "awsx/store/file_lock.hpp"
#include "awsx/store/mfa_ledger.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::session {

// How the guard behaves, from the options of the run.
struct MfaGuardSettings {
  bool code_given = false; // --mfa-token: the code is the user's, not asked for
  bool may_prompt = true;  // a prompt or mfa_process may be used
  std::chrono::milliseconds lock_timeout{std::chrono::seconds(120)};
};

// An MfaSource in front of another that never wastes a code: one run at a time asks for a
// code of a device (a lock per device, held until STS answers); in the 30-second step in
// which a code of that device was accepted it waits for the next code rather than ask
// (STS would reject the same code), and it refuses a --mfa-token given in that step at
// once. It records each accepted code's step in `ledger` (the time, never the code).
class MfaGuard final : public creds::MfaSource {
public:
  // Guards `inner` with `ledger`, `clock` and `settings`; waits with `sleep` and says why
  // through `warn`.
  MfaGuard(creds::MfaSource& inner, store::MfaLedger ledger, const util::Clock& clock,
           MfaGuardSettings settings, std::function<void(std::chrono::milliseconds)> sleep,
           std::function<void(const std::string&)> warn);

  std::string code(const creds::MfaRequest& request) override;
  void accepted(const creds::MfaRequest& request) override;

private:
  // The lock of `serial`, taken when possible; a lock that can't be made is a warning.
  void lock(const std::string& serial);

  creds::MfaSource& inner_;
  store::MfaLedger ledger_;
  const util::Clock& clock_;
  MfaGuardSettings settings_;
  std::function<void(std::chrono::milliseconds)> sleep_;
  std::function<void(const std::string&)> warn_;
  std::map<std::string, std::unique_ptr<store::FileLock>> locks_; // by serial
  std::map<std::string, util::TimePoint> shown_;                  // when each code was had
  bool ledger_usable_ = true; // false once its folder failed: warned about once
};

// The MFA source of a run with `options`: the one `services` makes, behind an MfaGuard
// over the ledger in awsx's cache folder (unguarded, with a warning, when there is none).
class GuardedMfa {
public:
  // Prompts (or runs mfa_process) supervised as `how` says.
  GuardedMfa(const creds::CredentialOptions& options, const Services& services,
             const process::Supervision& how);

  // The source to ask: tell it accepted() when STS took the code.
  creds::MfaSource& source() {
    return guard_ ? static_cast<creds::MfaSource&>(*guard_) : *prompter_;
  }

private:
  std::unique_ptr<creds::MfaSource> prompter_;
  std::optional<MfaGuard> guard_;
};

} // namespace awsx::session
