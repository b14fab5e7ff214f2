#include "awsx/server/supervised_child.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cerrno>

#include "awsx/process/launcher.hpp"
#include "awsx/util/error.hpp"

namespace awsx::server {

namespace {

constexpr int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

std::atomic<pid_t> child_pid{0};

void forward(int signal, siginfo_t* info, void*) {
  // A signal the kernel raised for the terminal's process group (Ctrl-C, a resize)
  // reached the child already; only pass on what a process sent to awsx itself.
  const pid_t pid = child_pid.load();
  if (pid > 0 && (info == nullptr || info->si_code != SI_KERNEL))
    ::kill(pid, signal);
}

struct ForwardingScope {
  struct sigaction previous[sizeof forwarded / sizeof forwarded[0]]{};
  ForwardingScope() {
    struct sigaction action {};
    action.sa_sigaction = forward;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(forwarded); ++i)
      ::sigaction(forwarded[i], &action, &previous[i]);
  }
  ~ForwardingScope() {
    for (std::size_t i = 0; i < std::size(forwarded); ++i)
      ::sigaction(forwarded[i], &previous[i], nullptr);
  }
};

sigset_t forwarded_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : forwarded)
    sigaddset(&set, signal);
  return set;
}

} // namespace

void block_forwarded_signals() {
  const sigset_t set = forwarded_set();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int run_supervised(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  if (argv.empty())
    throw UsageError("no command to run");
  process::Request request;
  request.argv = argv;
  request.env = env;
  // The command is the user's, as with plain exec: it keeps what awsx inherited.
  request.keep_inherited_fds = true;
  ForwardingScope scope;
  // A signal that arrives between fork and knowing the child's pid would be lost, so the
  // forwarded signals stay blocked until then; the launcher unblocks them in the child.
  block_forwarded_signals();
  const sigset_t set = forwarded_set();
  pid_t pid = -1;
  try {
    pid = process::launch(request);
  } catch (const process::LaunchError& e) {
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    if (e.error() == ENOENT)
      throw Error("command not found: " + argv.front(), ExitCode::not_found,
                  "check the spelling, or give the full path");
    throw Error(e.what(), ExitCode::not_executable);
  }
  child_pid = pid;
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  const int status = process::reap(pid, "the command " + argv.front());
  child_pid = 0;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

} // namespace awsx::server
