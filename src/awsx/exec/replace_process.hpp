#pragma once

#include <string>
#include <vector>

namespace awsx::util {
class Environment;
}

namespace awsx::exec {

// Replaces this process with `argv` (looked up in PATH) running with environment `env`,
// so the child's exit status, signals and terminal are its own. It gets the descriptors
// awsx inherited and none that awsx opened, and the core size limit awsx started with
// (util::prepare_exec). Returns only by throwing:
// exit 127 when the command is not found, 126 when it can't be executed.
[[noreturn]] void replace_process(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& env);

// The command to run when none is given: SHELL in `env`, else /bin/sh.
std::vector<std::string> default_command(const util::Environment& env);

} // namespace awsx::exec
