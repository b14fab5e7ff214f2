#pragma once

#include <string_view>

#include "awsx/cli/command_table.hpp"
#include "awsx/cli/context.hpp"

namespace awsx::cli {

// Runs a parsed command and returns its exit status.
using Handler = int (*)(const Invocation&, Context&);

// The handler of the command table's entry `name`; nullptr for a name not in it.
Handler handler_for(std::string_view name);

// `awsx exec`: runs the child command (or $SHELL) with the session in its environment.
int run_exec(const Invocation& invocation, Context& ctx);

// `awsx export`: prints the session in one of the output formats.
int run_export(const Invocation& invocation, Context& ctx);

// `awsx whoami`: prints GetCallerIdentity for the session.
int run_whoami(const Invocation& invocation, Context& ctx);

// `awsx login`: a console sign-in URL for the session, opened in a browser or printed.
int run_login(const Invocation& invocation, Context& ctx);

// `awsx add PROFILE [--env]`: stores long-term keys in the keyring.
int run_add(const Invocation& invocation, Context& ctx);

// `awsx remove PROFILE`: deletes stored keys and the sessions they made.
int run_remove(const Invocation& invocation, Context& ctx);

// `awsx rotate [PROFILE]`: replaces the profile's long-term keys with new ones (IAM).
int run_rotate(const Invocation& invocation, Context& ctx);

// `awsx list [--json]`: every profile, its credential source and cached session.
int run_list(const Invocation& invocation, Context& ctx);

// `awsx clear [PROFILE]`: forgets cached sessions.
int run_clear(const Invocation& invocation, Context& ctx);

// `awsx doctor [PROFILE]`: explains the chain, durations, MFA, region and endpoint; lints.
int run_doctor(const Invocation& invocation, Context& ctx);

// `awsx use PROFILE --shell SHELL`: prints code for the hook that exports the session.
int run_use(const Invocation& invocation, Context& ctx);

// What the prompt hook's renewal (`use --no-prompt`) sets for itself and the programs it
// starts, from `env`: short network, lock and credential_process limits.
std::vector<std::pair<std::string, std::string>>
hook_renewal_settings(const util::Environment& env);

// `awsx init SHELL`: prints the shell hook compiled in from shell/awsx.<shell>.
int run_init(const Invocation& invocation, Context& ctx);

// `awsx completion SHELL`: prints completions generated from the command table;
// `--profiles` prints the config's profile names for them.
int run_completion(const Invocation& invocation, Context& ctx);

// `awsx help [COMMAND]`: prints the overview or one command's help.
int run_help(const Invocation& invocation, Context& ctx);

} // namespace awsx::cli
