#include "awsx/process/forwarding.hpp"

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <iterator>

namespace awsx::process {

namespace {

constexpr int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

std::atomic<pid_t> child_pid{0};

void forward(int signal, siginfo_t* info, void*) {
  // A signal the kernel raised for the terminal's process group (Ctrl-C, a resize)
  // reached the child already; only pass on what a process sent to awsx itself.
  const int saved_errno = errno;
  const pid_t pid = child_pid.load();
  if (pid > 0 && (info == nullptr || info->si_code != SI_KERNEL))
    ::kill(pid, signal);
  errno = saved_errno;
}

// Forwards the signals while it lives, then puts back the handlers that were there.
struct ForwardingScope {
  struct sigaction previous[std::size(forwarded)]{};
  ForwardingScope() {
    struct sigaction action {};
    action.sa_sigaction = forward;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < std::size(forwarded); ++i) {
      ::sigaction(forwarded[i], nullptr, &previous[i]);
      // An ignored signal (nohup) must stay ignored in the child, as exec keeps it: a
      // handler would be reset to the default by its exec.
      const bool ignored =
          (previous[i].sa_flags & SA_SIGINFO) == 0 && previous[i].sa_handler == SIG_IGN;
      if (!ignored)
        ::sigaction(forwarded[i], &action, nullptr);
    }
  }
  ~ForwardingScope() {
    for (std::size_t i = 0; i < std::size(forwarded); ++i)
      ::sigaction(forwarded[i], &previous[i], nullptr);
  }
  ForwardingScope(const ForwardingScope&) = delete;
  ForwardingScope& operator=(const ForwardingScope&) = delete;
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

int run_forwarding(const Request& request) {
  ForwardingScope scope;
  // A signal that arrives between fork and knowing the child's pid would be lost, so the
  // forwarded signals stay blocked until then; the launcher unblocks them in the child.
  block_forwarded_signals();
  const sigset_t set = forwarded_set();
  pid_t pid = -1;
  try {
    pid = launch(request);
  } catch (...) {
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    throw;
  }
  child_pid = pid;
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  const int status = reap(pid, "the command " + request.argv.front());
  child_pid = 0;
  return status;
}

} // namespace awsx::process
