#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "awsx/process/launcher.hpp"

namespace awsx::process {

// How a helper program (credential_process, mfa_process) ended.
struct HelperResult {
  int status = 0;          // as waitpid(2) reports it
  std::string output;      // what it printed on stdout, cut after the limit
  bool overflowed = false; // it printed more than the limit
  bool timed_out = false;  // it ran past the time limit and was stopped
};

// Runs `request` with a pipe as its stdout and reads it: at most `max_output` bytes, and
// with a non-zero `timeout` (which needs `request.own_session`) until the deadline, after
// which its whole process group gets SIGTERM and, a second later, SIGKILL. Throws
// LaunchError when it can't be started.
HelperResult run_helper(Request request, std::chrono::milliseconds timeout,
                        std::size_t max_output);

// Kills (SIGKILL) the process group of every helper that is still running in a session of
// its own, for an awsx about to exit without waiting for them, e.g. while an
// --ecs-server renewal is stuck after the command ended. Safe from any thread.
void stop_running_helpers() noexcept;

// How messages name a program whose first word is `word`: the word itself, but only the
// name of an assignment such as TOKEN=… (a shell would have set a variable; without one
// it is the program name, and its value may be a secret).
std::string program_label(const std::string& word);

// Says how a process with waitpid `status` ended, e.g. "exited with status 3" or "was
// killed by signal 15 (Terminated)".
std::string describe_status(int status);

} // namespace awsx::process
