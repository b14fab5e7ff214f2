#include <ostream>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/handlers.hpp"

namespace awsx::cli {

int run_init(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const std::string shell =
      invocation.positionals.empty() ? "" : invocation.positionals.front();
  check_shell_name(shell, "awsx init");
  console.out << *hook_script(shell);
  return 0;
}

} // namespace awsx::cli
