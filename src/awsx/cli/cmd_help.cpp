#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/help.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

int run_help(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  if (invocation.positionals.empty()) {
    console.out << overview_help();
    return 0;
  }
  const auto* command = find_command(invocation.positionals.front());
  if (command == nullptr)
    throw UsageError("no command called \"" + invocation.positionals.front() + "\"",
                     "run `awsx --help` for the commands");
  console.out << command_help(*command);
  return 0;
}

} // namespace awsx::cli
