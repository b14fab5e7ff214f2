#include <ostream>

#include "awsx/cli/completion_gen.hpp"
#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// Profile names for the completion scripts: only the config files, never the keyring,
// which may be slow or ask for a passphrase.
int print_profiles(Console& console) {
  util::ProcessEnvironment env;
  for (const auto& name : config::load(env).profile_names())
    console.out << name << "\n";
  return 0;
}

} // namespace

int run_completion(const Invocation& invocation, Console& console) {
  const std::string shell =
      invocation.positionals.empty() ? "" : invocation.positionals.front();
  if (invocation.profiles) {
    if (!shell.empty())
      throw UsageError("awsx completion --profiles takes no shell");
    return print_profiles(console);
  }
  check_shell_name(shell, "awsx completion");
  console.out << completion_script(shell);
  return 0;
}

} // namespace awsx::cli
