#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "awsx/aws/transport.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::config {
struct Section;
}

namespace awsx::session {

// Opens the keyrings, so tests can hand out in-memory ones.
class KeyringOpener {
public:
  virtual ~KeyringOpener() = default;
  // The keyring that holds `purpose`'s entries (long-term keys or sessions).
  virtual std::unique_ptr<store::Keyring> open(store::Purpose purpose) = 0;
};

// Makes HTTP transports, so tests can answer requests without a network.
class TransportFactory {
public:
  virtual ~TransportFactory() = default;
  // A transport with the limits and proxy that `env` and profile `section` (nullptr:
  // none) set.
  virtual std::unique_ptr<aws::HttpTransport> make(const util::Environment& env,
                                                   const config::Section* section) = 0;
};

// Makes the source of MFA codes, so tests never prompt.
class MfaFactory {
public:
  virtual ~MfaFactory() = default;
  // A source that answers `token` first; it prompts or runs mfa_process (supervised as
  // `how` says) only when `may_prompt`.
  virtual std::unique_ptr<creds::MfaSource> make(const std::string& token, bool may_prompt,
                                                 const process::Supervision& how) = 0;
};

// Waits `how_long`: the real one sleeps, a test's records.
using Sleep = std::function<void(std::chrono::milliseconds)>;

// Sleeps for real.
void sleep_for_real(std::chrono::milliseconds how_long);

// What obtaining a session works with: the settings come from `env` alone (the process's
// environment is never read), the time from `clock`, warnings go to `warn`, and waits
// (for the next MFA code) go through `sleep`.
struct Services {
  const util::Environment& env;
  const util::Clock& clock;
  KeyringOpener& keyrings;
  TransportFactory& transports;
  MfaFactory& mfa;
  std::function<void(const std::string&)> warn;
  Sleep sleep = sleep_for_real;
};

} // namespace awsx::session
