#include <string>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

std::optional<std::string_view> hook_script(std::string_view shell) {
  if (shell == "bash")
    return embedded::bash_hook;
  if (shell == "zsh")
    return embedded::zsh_hook;
  if (shell == "fish")
    return embedded::fish_hook;
  return std::nullopt;
}

void check_shell_name(const std::string& shell, const std::string& what) {
  if (shell.empty())
    throw UsageError(what + " needs a shell: bash, zsh or fish", "e.g. `" + what + " bash`");
  if (!hook_script(shell))
    throw UsageError(what + ": no support for shell \"" + shell + "\"",
                     "awsx supports bash, zsh and fish");
}

} // namespace awsx::cli
