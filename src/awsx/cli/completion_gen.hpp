#pragma once

#include <string>

namespace awsx::cli {

// The bash completion script generated from the command table (completions/awsx.bash).
std::string bash_completion();

// The zsh completion function generated from the command table (completions/_awsx).
std::string zsh_completion();

// The fish completions generated from the command table (completions/awsx.fish).
std::string fish_completion();

// The completion script for `shell`, one of shell_names().
std::string completion_script(const std::string& shell);

} // namespace awsx::cli
