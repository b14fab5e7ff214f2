#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/session_source.hpp"
#include "awsx/exec/child_env.hpp"
#include "awsx/exec/replace_process.hpp"

namespace awsx::cli {

int run_exec(const Invocation& invocation, Console& console) {
  const auto session = obtain_session(invocation.credentials, console);
  const auto command = invocation.child.empty() ? exec::default_command() : invocation.child;
  exec::replace_process(command, exec::child_environment(exec::current_environment(), session));
}

} // namespace awsx::cli
