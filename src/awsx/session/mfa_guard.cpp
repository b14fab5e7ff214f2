#include "awsx/session/mfa_guard.hpp"

#include "awsx/store/private_dirs.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

namespace awsx::session {

namespace {

// `when` as the time of day, for messages: "09:00:05 UTC".
std::string time_of_day(util::TimePoint when) {
  const auto text = util::format_iso8601_z(when); // 2026-11-29T09:00:05Z
  return text.substr(11, 8) + " UTC";
}

} // namespace

MfaGuard::MfaGuard(creds::MfaSource& inner, store::MfaLedger ledger, const util::Clock& clock,
                   MfaGuardSettings settings,
                   std::function<void(std::chrono::milliseconds)> sleep,
                   std::function<void(const std::string&)> warn)
    : inner_(inner), ledger_(std::move(ledger)), clock_(clock), settings_(settings),
      sleep_(std::move(sleep)), warn_(std::move(warn)) {}

void MfaGuard::lock(const std::string& serial) {
  if (locks_.count(serial) != 0)
    return;
  try {
    locks_[serial] = std::make_unique<store::FileLock>(
        ledger_.lock_path(serial).string(), settings_.lock_timeout, "the MFA device " + serial);
  } catch (const store::LockTimeout&) {
    throw;
  } catch (const store::UnsafeFolder&) {
    // The record lives in the same folder. An unsafe cache folder has been reported
    // already, by the session cache or its lock, which a fetch always takes first.
    ledger_usable_ = false;
  } catch (const StorageError& e) {
    ledger_usable_ = false;
    warn_(std::string("asking for MFA codes without the device lock and the record of used "
                      "codes: ") +
          e.what());
  }
}

std::string MfaGuard::code(const creds::MfaRequest& request) {
  const auto& serial = request.serial;
  // A run that may not ask has no code to waste: the inner source says why it stops.
  if (!settings_.code_given && !settings_.may_prompt)
    return inner_.code(request);
  lock(serial);
  // A given code is checked (6 digits) before it is judged against the record.
  std::optional<std::string> given;
  if (settings_.code_given)
    given = inner_.code(request);
  std::optional<util::TimePoint> last;
  try {
    if (ledger_usable_)
      last = ledger_.last_accepted(serial);
  } catch (const StorageError& e) {
    warn_(std::string("cannot tell when the last MFA code was used: ") + e.what());
  }
  const auto now = clock_.now();
  if (last && store::mfa_step_of(*last) == store::mfa_step_of(now)) {
    const auto next = util::TimePoint(store::mfa_step * (store::mfa_step_of(now) + 1));
    const auto wait =
        std::chrono::ceil<std::chrono::seconds>(next - now) + std::chrono::seconds(1);
    if (settings_.code_given)
      throw CredentialError(
          "the --mfa-token code can't be a new one: a code of MFA device " + serial +
              " was accepted at " + time_of_day(*last) +
              ", in this same 30-second step, and STS rejects a code used twice",
          "wait " + std::to_string(wait.count()) + "s for the next code and pass that one");
    warn_("waiting " + std::to_string(wait.count()) + "s for the next MFA code of " + serial +
          ": the last one was accepted at " + time_of_day(*last) +
          ", and STS rejects a code used twice");
    sleep_(wait);
  }
  auto code = given ? *given : inner_.code(request);
  shown_[serial] = clock_.now();
  return code;
}

void MfaGuard::accepted(const creds::MfaRequest& request) {
  inner_.accepted(request);
  const auto shown = shown_.find(request.serial);
  if (shown != shown_.end() && ledger_usable_) {
    try {
      ledger_.record(request.serial, shown->second);
    } catch (const StorageError&) {
      // Best effort: a lost record can only cost a code later, never one used now. The
      // cause (a full disk, an unwritable cache folder) is what the session cache in the
      // same folder reports when it saves.
    }
  }
  locks_.erase(request.serial); // the next asker may go on
}

GuardedMfa::GuardedMfa(const creds::CredentialOptions& options, const Services& services,
                       const process::Supervision& how)
    : prompter_(services.mfa.make(options.mfa_token, !options.no_prompt, how)) {
  const MfaGuardSettings settings{!options.mfa_token.empty(), !options.no_prompt,
                                  store::lock_timeout(services.env)};
  try {
    guard_.emplace(*prompter_, store::MfaLedger::in_cache_of(services.env), services.clock,
                   settings, services.sleep, services.warn);
  } catch (const StorageError& e) {
    services.warn(std::string("asking for MFA codes without the record of used codes: ") +
                  e.what());
  }
}

} // namespace awsx::session
