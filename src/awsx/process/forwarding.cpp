#include "awsx/process/forwarding.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <string>

#include "awsx/util/error.hpp"

namespace awsx::process {

namespace {

constexpr int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

std::atomic<pid_t> child_pid{0};
std::atomic<int> handlers_running{0}; // forward() calls between reading child_pid and return
std::atomic<int (*)(pid_t, int)> send_signal{::kill};

void forward(int signal, siginfo_t* info, void*) {
  // A signal the kernel raised for the terminal's process group (Ctrl-C, a resize)
  // reached the child already; only pass on what a process sent to awsx itself.
  const int saved_errno = errno;
  ++handlers_running; // before reading child_pid, so ForwardingTo's end waits for it
  const pid_t pid = child_pid.load();
  if (pid > 0 && (info == nullptr || info->si_code != SI_KERNEL))
    send_signal.load()(pid, signal);
  --handlers_running;
  errno = saved_errno;
}

// Forwards to child `pid` while it lives. Once it ends, no handler in any thread still
// holds `pid`: the child must not be reaped before, as its pid is then free for reuse.
class ForwardingTo {
public:
  explicit ForwardingTo(pid_t pid) { child_pid = pid; }
  ~ForwardingTo() {
    child_pid = 0;
    // Both are seq_cst, so a handler either read 0 or is counted here. One that
    // interrupted this thread has returned already: this waits for other threads only.
    while (handlers_running.load() != 0)
      ::sched_yield();
  }
  ForwardingTo(const ForwardingTo&) = delete;
  ForwardingTo& operator=(const ForwardingTo&) = delete;
};

// Waits until child `pid` has ended but leaves it unreaped, a zombie whose pid no new
// process can take; throws awsx::Error naming `what` when it can't.
void await_end(pid_t pid, const std::string& what) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0)
    if (errno != EINTR)
      throw Error("cannot wait for " + what + ": " + std::strerror(errno));
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

void forward_with(int (*send)(pid_t pid, int signal)) {
  send_signal = send != nullptr ? send : ::kill;
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
  const auto what = "the command " + request.argv.front();
  {
    ForwardingTo forwarding(pid);
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    await_end(pid, what);
  }
  return reap(pid, what);
}

} // namespace awsx::process
