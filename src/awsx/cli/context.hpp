#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awsx/cli/command_table.hpp"
#include "awsx/session/services.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

// The services of session::obtain, under the names the handlers know them by.
using session::KeyringOpener;
using session::MfaFactory;
using session::TransportFactory;

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
  // Continues in a child in a new session (no controlling terminal), stdin /dev/null;
  // nullopt in that child, the child's exit status in the parent.
  virtual std::optional<int> continue_without_terminal() = 0;
  // Stops the helpers (credential_process, mfa_process) still running.
  virtual void stop_running_helpers() = 0;
  // Starts `argv` (a browser) with environment `env` in its own session, stdin and stdout
  // on /dev/null, and waits at most `grace` for it: its exit status when it ended by then,
  // 0 when it still runs, nullopt when it could not be started at all.
  virtual std::optional<int> start_detached(const std::vector<std::string>& argv,
                                            const std::vector<std::string>& env,
                                            std::chrono::milliseconds grace) = 0;
};

// What one awsx run works with, built once in main and passed to every handler: the only
// way handlers reach the environment, the time, the keyrings, the network, MFA and
// processes. The session services come first, so a Context is what session::obtain takes.
struct Context : session::Services {
  Spawner& spawner;
  Console& console;

  // This Context with environment `other` instead of `env`, which must outlive it.
  Context with_env(const util::Environment& other) const {
    return Context{{other, clock, keyrings, transports, mfa, warn, sleep}, spawner, console};
  }
};

// A warning sink that writes "awsx: warning: LINE" to `console`'s error stream.
std::function<void(const std::string&)> warnings_to(Console& console);

} // namespace awsx::cli
