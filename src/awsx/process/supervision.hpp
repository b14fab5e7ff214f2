#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace awsx::util {
class Environment;
}

namespace awsx::process {

// How awsx runs a helper program (credential_process, mfa_process).
struct Supervision {
  // Interactive: the helper stays in the terminal's foreground process group, so it can
  // prompt, and has no time limit (the user can press Ctrl-C). Otherwise it runs in a
  // session of its own and is stopped with everything it started after `timeout`.
  bool interactive = true;
  std::chrono::seconds timeout{0}; // 0: no limit
  bool stdin_null = false;         // its stdin is /dev/null rather than awsx's
  std::vector<std::string> env;    // its whole environment, "NAME=value" (none by default)
};

// The default limit for helpers outside a terminal; AWSX_PROCESS_TIMEOUT overrides it.
inline constexpr std::chrono::seconds default_process_timeout{60};

// The limit the prompt hook's renewal allows at most, whatever AWSX_PROCESS_TIMEOUT says.
inline constexpr std::chrono::seconds hook_process_timeout{5};

// How to run helpers: non-interactive when `no_prompt` (renewals: the prompt hook, the
// --ecs-server endpoint, where the terminal, if any, belongs to someone else and stdin
// is /dev/null) or when awsx has no controlling terminal at all (cron, CI, a service:
// nobody can answer a prompt or press Ctrl-C). The limit is AWSX_PROCESS_TIMEOUT from
// `env` (a duration; 0 turns it off), else default_process_timeout. The helpers get the
// entries of `env`, so never a private variable.
Supervision helper_supervision(bool no_prompt, const util::Environment& env);

// Tells a user what to do about a helper stopped by supervision `how`, e.g. after
// "credential_process did not finish within 60s".
std::string timeout_advice(const Supervision& how);

} // namespace awsx::process
