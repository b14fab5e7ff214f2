#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <ostream>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/cli/session_source.hpp"
#include "awsx/cli/use_script.hpp"
#include "awsx/process/launcher.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// The line that sets up the hook for the user's login shell, for the error message.
std::string hook_line() {
  const char* shell = std::getenv("SHELL");
  std::string name = shell != nullptr ? shell : "";
  name = name.substr(name.rfind('/') + 1);
  if (name == "fish")
    return "awsx init fish | source";
  return "eval \"$(awsx init " + std::string(name == "zsh" ? "zsh" : "bash") + ")\"";
}

// Continues in a child process that has no controlling terminal and reads /dev/null, so
// that nothing (MFA code, keyring passphrase) can be asked: a prompt hook must never wait
// for input, nor long for the network, a lock or a credential_process. Returns nullopt in the
// child, and the child's exit status in the parent.
std::optional<int> continue_without_terminal(Console& console) {
  console.out.flush();
  console.err.flush();
  const pid_t pid = ::fork();
  if (pid < 0)
    throw Error(std::string("cannot start a process to renew the session: ") +
                std::strerror(errno));
  if (pid == 0) {
#ifdef __linux__
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    ::setsid();
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0)
      ::dup2(null, STDIN_FILENO);
    // A prompt must stay fast: bounded waits for the network and for another awsx that
    // holds the session lock (it may be asking for an MFA code in another terminal).
    ::setenv("AWSX_HTTP_TIMEOUT", "3", 0);
    ::setenv("AWSX_LOCK_TIMEOUT", "2", 1);
    // The same for a credential_process that hangs: at most a few seconds, less if asked.
    const auto limit = util::duration_setting(
        util::ProcessEnvironment(), "AWSX_PROCESS_TIMEOUT", process::hook_process_timeout);
    const auto bound = limit.count() == 0 ? process::hook_process_timeout
                                          : std::min(limit, process::hook_process_timeout);
    ::setenv("AWSX_PROCESS_TIMEOUT", std::to_string(bound.count()).c_str(), 1);
    return std::nullopt;
  }
  const int status = process::reap(pid, "the process renewing the session");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

int run_use(const Invocation& invocation, Console& console) {
  if (invocation.shell.empty())
    throw UsageError("awsx use needs the shell hook: " + hook_line(),
                     "put that line in your shell's rc file, or run `awsx exec PROFILE` for a "
                     "shell with the session");
  check_shell_name(invocation.shell, "awsx use --shell");
  if (invocation.unset) {
    if (!invocation.positionals.empty())
      throw UsageError("awsx use --unset takes no profile", "run `awsx use --unset` alone");
    console.out << unset_script(invocation.shell);
    return 0;
  }
  auto options = invocation.credentials;
  if (invocation.no_prompt) {
    options.no_prompt = true;
    if (auto parent_status = continue_without_terminal(console))
      return *parent_status;
  }
  const auto session = obtain_session(options, console);
  const util::ProcessEnvironment env;
  console.out << use_script(invocation.shell, session, renewal_arguments(options, session),
                            env);
  return 0;
}

} // namespace awsx::cli
