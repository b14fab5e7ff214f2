#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace awsx::cli {

namespace embedded {
// The bytes of shell/awsx.bash, shell/awsx.zsh and shell/awsx.fish, compiled in by
// shell/embed.cmake.
extern const std::string_view bash_hook;
extern const std::string_view zsh_hook;
extern const std::string_view fish_hook;
} // namespace embedded

// The shells awsx has a hook and completions for, in help order.
std::span<const char* const> shell_names();

// The hook script for `shell`, byte for byte as in shell/, or nullopt for another shell.
std::optional<std::string_view> hook_script(std::string_view shell);

// Throws UsageError unless `shell` is one of shell_names(); `what` names the command.
void check_shell_name(const std::string& shell, const std::string& what);

} // namespace awsx::cli
