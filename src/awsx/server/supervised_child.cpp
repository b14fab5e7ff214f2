#include "awsx/server/supervised_child.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "awsx/util/error.hpp"

namespace awsx::server {

namespace {

namespace bp = boost::process;

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
    struct sigaction action{};
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
  auto exe = argv.front().find('/') != std::string::npos
                 ? boost::filesystem::path(argv.front())
                 : bp::search_path(argv.front());
  if (exe.empty() || !boost::filesystem::exists(exe))
    throw Error("command not found: " + argv.front(), ExitCode::not_found,
                "check the spelling, or give the full path");
  bp::environment child_env;
  for (const auto& entry : env) {
    const auto eq = entry.find('=');
    // set(), not operator[]: Boost 1.74's find() behind [] compares "NAME=" against every
    // entry without checking its length, reading past a shorter one (ASan heap overflow).
    if (eq != std::string::npos && eq > 0)
      child_env.set(entry.substr(0, eq), entry.substr(eq + 1));
  }
  ForwardingScope scope;
  // A signal that arrives between fork and knowing the child's pid would be lost, so the
  // forwarded signals stay blocked until then; the child unblocks them before exec.
  block_forwarded_signals();
  const sigset_t set = forwarded_set();
  std::error_code error;
  bp::child child(exe, bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
                  child_env, error, bp::extend::on_exec_setup([&set](auto&) {
                    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
                  }));
  if (!error)
    child_pid = child.id();
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  if (error)
    throw Error("cannot run " + argv.front() + ": " + error.message(),
                ExitCode::not_executable);
  child.wait(error);
  const int status = child.native_exit_code();
  child_pid = 0;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

} // namespace awsx::server
