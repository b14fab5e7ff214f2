#include "awsx/server/supervised_child.hpp"

#include <sys/wait.h>

#include <cerrno>

#include "awsx/process/forwarding.hpp"
#include "awsx/util/error.hpp"

namespace awsx::server {

int run_supervised(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  if (argv.empty())
    throw UsageError("no command to run");
  process::Request request;
  request.argv = argv;
  request.env = env;
  // The command is the user's, as with plain exec: it keeps what awsx inherited.
  request.keep_inherited_fds = true;
  int status = 0;
  try {
    status = process::run_forwarding(request);
  } catch (const process::LaunchError& e) {
    if (e.error() == ENOENT)
      throw Error("command not found: " + argv.front(), ExitCode::not_found,
                  "check the spelling, or give the full path");
    throw Error(e.what(), ExitCode::not_executable);
  }
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

} // namespace awsx::server
