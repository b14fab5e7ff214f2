#include "awsx/process/launcher.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <cstring>
#include <map>
#include <string_view>
#include <system_error>

#include "awsx/process/program_search.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/process_state.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::process {

namespace {

namespace bp = boost::process;

// `env` with one entry per name, the last one given, and without malformed entries.
std::vector<std::string> deduplicated(const std::vector<std::string>& env) {
  std::map<std::string_view, std::size_t> last;
  for (std::size_t i = 0; i < env.size(); ++i) {
    const auto eq = env[i].find('=');
    if (eq != std::string::npos && eq > 0)
      last[std::string_view(env[i]).substr(0, eq)] = i;
  }
  std::vector<std::string> out;
  out.reserve(last.size());
  for (std::size_t i = 0; i < env.size(); ++i) {
    const auto eq = env[i].find('=');
    if (eq != std::string::npos && eq > 0 && last[std::string_view(env[i]).substr(0, eq)] == i)
      out.push_back(env[i]);
  }
  return out;
}

bool has_nul(const std::vector<std::string>& items) {
  for (const auto& item : items)
    if (item.find('\0') != std::string::npos)
      return true;
  return false;
}

// Whether `action` runs a handler rather than the default action or nothing.
bool is_caught(const struct sigaction& action) {
  if ((action.sa_flags & SA_SIGINFO) != 0)
    return true;
  return action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN;
}

// Everything below runs in the forked child, so it only makes async-signal-safe calls.
void set_up_child(const Request& request) noexcept {
  if (request.own_session) {
    ::setsid();
    // A renewal whose awsx died must not keep running unattended.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
  }
  if (request.stdin_fd >= 0)
    ::dup2(request.stdin_fd, STDIN_FILENO);
  if (request.stdout_fd >= 0)
    ::dup2(request.stdout_fd, STDOUT_FILENO);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  // The child inherited awsx's handlers (signal forwarding), which its exec would reset.
  // One that ran before that, on a signal sent to the child, would swallow the signal or
  // pass it on to another process; so every caught signal is back to its default before
  // the mask lets one in. Ignored ones stay ignored, as exec keeps them (nohup).
  for (int signal = 1; signal < NSIG; ++signal) {
    struct sigaction current {};
    if (::sigaction(signal, nullptr, &current) == 0 && is_caught(current))
      ::sigaction(signal, &default_action, nullptr);
  }
  // As Python's restore_signals: an ignored SIGPIPE would otherwise survive the exec.
  ::sigaction(SIGPIPE, &default_action, nullptr);
  ::sigaction(SIGXFSZ, &default_action, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  util::prepare_exec(request.keep_inherited_fds);
}

} // namespace

LaunchError::LaunchError(const std::string& program, int error)
    : std::runtime_error("cannot run " + program + ": " + std::strerror(error)), error_(error) {
}

pid_t launch(const Request& request) {
  if (request.argv.empty() || request.argv.front().empty())
    throw LaunchError(request.argv.empty() ? "" : request.argv.front(), ENOENT);
  const auto env = deduplicated(request.env);
  // execve would cut a word at its NUL; Python's subprocess refuses such a word too.
  if (has_nul(request.argv) || has_nul(env))
    throw LaunchError(request.argv.front(), EINVAL);
  const auto candidates = exec_candidates(request.argv.front(), env);
  const auto paths = util::c_string_array(candidates);
  const auto argv = util::c_string_array(request.argv);
  const auto envp = util::c_string_array(env);

  std::error_code error;
  bp::child child(bp::exe = candidates.front(), error,
                  bp::extend::on_exec_setup([&](auto& executor) {
                    set_up_child(request);
                    // Python's _posixsubprocess: try every candidate, report the first error
                    // that is not "no such file", and never fall back to /bin/sh on ENOEXEC as
                    // execvp does.
                    int first_error = 0;
                    for (std::size_t i = 0; paths[i] != nullptr; ++i) {
                      ::execve(paths[i], argv.data(), envp.data());
                      if (errno != ENOENT && errno != ENOTDIR && first_error == 0)
                        first_error = errno;
                    }
                    executor.set_error(std::error_code(first_error != 0 ? first_error : ENOENT,
                                                       std::system_category()),
                                       "execve failed");
                    ::_exit(127);
                  }),
                  // Boost reports the failed exec but never waits for that child.
                  bp::extend::on_error([](auto& executor, const std::error_code&) {
                    if (executor.pid > 0)
                      ::waitpid(executor.pid, nullptr, 0); // it has exited already
                  }));
  if (error)
    throw LaunchError(request.argv.front(), error.value());
  child.detach(); // reaped by the caller, with waitpid and its own deadline
  return child.id();
}

int reap(pid_t pid, const std::string& what) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      throw Error("cannot wait for " + what + ": " + std::strerror(errno));
  return status;
}

} // namespace awsx::process
