#pragma once

#include "awsx/cli/command_table.hpp"

namespace awsx::cli {

// `awsx exec`: runs the child command (or $SHELL) with the session in its environment.
int run_exec(const Invocation& invocation, Console& console);

// `awsx whoami`: prints GetCallerIdentity for the session.
int run_whoami(const Invocation& invocation, Console& console);

// `awsx help [COMMAND]`: prints the overview or one command's help.
int run_help(const Invocation& invocation, Console& console);

} // namespace awsx::cli
