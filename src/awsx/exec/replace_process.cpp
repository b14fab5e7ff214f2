#include "awsx/exec/replace_process.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/process_state.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::exec {

[[noreturn]] void replace_process(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& env) {
  if (argv.empty() || argv.front().empty())
    throw UsageError("no command to run");
  auto args = util::c_string_array(argv);
  auto vars = util::c_string_array(env);
  std::fflush(stdout);
  std::fflush(stderr);
  // The command is the user's: it keeps what awsx inherited (a jobserver's pipe, `3<file`),
  // as with aws-vault exec, and nothing awsx opened itself.
  util::prepare_exec(true);
  ::execvpe(args[0], args.data(), vars.data());
  const int error = errno;
  if (error == ENOENT)
    throw Error("command not found: " + argv.front(), ExitCode::not_found,
                "check the spelling, or give the full path");
  throw Error("cannot run " + argv.front() + ": " + std::strerror(error),
              ExitCode::not_executable);
}

std::vector<std::string> default_command(const util::Environment& env) {
  return {env.get_nonempty("SHELL").value_or("/bin/sh")};
}

} // namespace awsx::exec
