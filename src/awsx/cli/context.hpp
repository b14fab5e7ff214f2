#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awsx/aws/transport.hpp"
#include "awsx/cli/command_table.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::config {
struct Section;
}

namespace awsx::cli {

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
  // A transport with the limits and proxy of profile `section` (nullptr: none).
  virtual std::unique_ptr<aws::HttpTransport> make(const config::Section* section) = 0;
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

// Variables a detached continuation sets for itself and the programs it starts.
using Settings = std::vector<std::pair<std::string, std::string>>;

// Starts and replaces processes, so tests can watch instead of running programs.
class Spawner {
public:
  virtual ~Spawner() = default;
  // Replaces this process with `argv`, environment `env`: the real one returns only by
  // throwing; a fake returns the exit status the command would have had.
  virtual int replace(const std::vector<std::string>& argv,
                      const std::vector<std::string>& env) = 0;
  // Runs `argv` with environment `env`, forwarding signals; returns its exit status.
  virtual int run_supervised(const std::vector<std::string>& argv,
                             const std::vector<std::string>& env) = 0;
  // Continues in a child without a terminal, stdin /dev/null, with `settings` in its
  // environment; nullopt in that child, the child's exit status in the parent.
  virtual std::optional<int> continue_without_terminal(const Settings& settings) = 0;
  // Stops the helpers (credential_process, mfa_process) still running.
  virtual void stop_running_helpers() = 0;
};

// What one awsx run works with, built once in main and passed to every handler: the only
// way handlers reach the environment, the time, the keyrings, the network, MFA and processes.
struct Context {
  const util::Environment& env;
  const util::Clock& clock;
  KeyringOpener& keyrings;
  TransportFactory& transports;
  MfaFactory& mfa;
  Spawner& spawner;
  Console& console;
};

} // namespace awsx::cli
