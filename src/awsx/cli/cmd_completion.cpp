#include <ostream>

#include "awsx/cli/completion_gen.hpp"
#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// Profile names for the completion scripts: only the config files, never the keyring,
// which may be slow or ask for a passphrase.
int print_profiles(Context& ctx) {
  for (const auto& name : config::load(ctx.env).profile_names())
    ctx.console.out << name << "\n";
  return 0;
}

} // namespace

int run_completion(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const std::string shell =
      invocation.positionals.empty() ? "" : invocation.positionals.front();
  if (invocation.profiles) {
    if (!shell.empty())
      throw UsageError("awsx completion --profiles takes no shell");
    return print_profiles(ctx);
  }
  check_shell_name(shell, "awsx completion");
  console.out << completion_script(shell);
  return 0;
}

} // namespace awsx::cli
