#include <algorithm>
#include <ostream>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/cli/use_script.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/session/obtain.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// The line that sets up the hook for the login shell `SHELL` in `env`, for the error message.
std::string hook_line(const util::Environment& env) {
  std::string name = env.get("SHELL").value_or("");
  name = name.substr(name.rfind('/') + 1);
  if (name == "fish")
    return "awsx init fish | source";
  return "eval \"$(awsx init " + std::string(name == "zsh" ? "zsh" : "bash") + ")\"";
}

} // namespace

std::vector<std::pair<std::string, std::string>>
hook_renewal_settings(const util::Environment& env) {
  std::vector<std::pair<std::string, std::string>> settings;
  // A prompt must stay fast: bounded waits for the network and for another awsx that
  // holds the session lock (it may be asking for an MFA code in another terminal).
  if (!env.get("AWSX_HTTP_TIMEOUT"))
    settings.emplace_back("AWSX_HTTP_TIMEOUT", "3");
  settings.emplace_back("AWSX_LOCK_TIMEOUT", "2");
  // The same for a credential_process that hangs: at most a few seconds, less if asked.
  const auto limit =
      util::duration_setting(env, "AWSX_PROCESS_TIMEOUT", process::hook_process_timeout);
  const auto bound = limit.count() == 0 ? process::hook_process_timeout
                                        : std::min(limit, process::hook_process_timeout);
  settings.emplace_back("AWSX_PROCESS_TIMEOUT", std::to_string(bound.count()));
  return settings;
}

int run_use(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  if (invocation.shell.empty())
    throw UsageError("awsx use needs the shell hook: " + hook_line(ctx.env),
                     "put that line in your shell's rc file, or run `awsx exec PROFILE` for a "
                     "shell with the session");
  check_shell_name(invocation.shell, "awsx use --shell");
  if (invocation.unset) {
    if (!invocation.positionals.empty())
      throw UsageError("awsx use --unset takes no profile", "run `awsx use --unset` alone");
    console.out << unset_script(invocation.shell);
    return 0;
  }
  if (!invocation.no_prompt) {
    console.out << use_output(invocation, awsx::session::obtain(invocation.credentials, ctx),
                              ctx.env);
    return 0;
  }
  // Continue where nothing (MFA code, keyring passphrase) can be asked: a prompt hook
  // must never wait for input, nor long for the network, a lock or a credential_process.
  console.out.flush();
  console.err.flush();
  if (auto parent_status = ctx.spawner.continue_without_terminal())
    return *parent_status;
  // The bounds reach the programs this child starts (a credential_process that is itself
  // awsx) through the environment obtain gives them.
  const util::OverlayEnvironment bounded(ctx.env, hook_renewal_settings(ctx.env));
  const Context renewal = ctx.with_env(bounded);
  auto options = invocation.credentials;
  options.no_prompt = true;
  console.out << use_output(invocation, awsx::session::obtain(options, renewal), ctx.env);
  return 0;
}

} // namespace awsx::cli
