#include "awsx/cli/command_table.hpp"

#include <algorithm>


namespace awsx::cli {

namespace {

std::vector<OptionSpec> with_credentials(std::vector<OptionSpec> extra) {
  auto all = credential_options();
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

const std::vector<Command>& table() {
  static const std::vector<Command> all = {
      {"exec", "run a command with the profile's session in its environment",
       "[PROFILE] [options] [--] [COMMAND [ARGS...]]",
       with_credentials({{"ecs-server", 0, nullptr,
                          "serve the session to the command from a loopback container "
                          "credential endpoint instead of setting keys; refreshes it"}}),
       1, true, true},
      {"export", "print the profile's session for a shell, a process or docker",
       "[PROFILE] [options] [--format FORMAT]",
       with_credentials({{"format", 'f', "FORMAT",
                          "env (default), env-no-export, powershell, windows-cmd, fish, process, "
                          "json, dotenv or docker"}}),
       1, false, true},
      {"use", "export the profile's session into this shell (a function of the shell hook)",
       "[PROFILE] [options] | --unset",
       with_credentials(
           {{"unset", 0, nullptr, "remove the session variables that `awsx use` set"},
            {"shell", 0, "SHELL", "the shell to write code for: bash, zsh or fish (set by the hook)"},
            {"no-prompt", 0, nullptr,
             "never ask on the terminal (MFA code, keyring passphrase): fail instead; the "
             "prompt hook renews with it"}}),
       1, false, true},
      {"whoami", "show who the profile's session is (GetCallerIdentity)", "[PROFILE] [options]",
       with_credentials({{"json", 0, nullptr, "print JSON instead of text"}}), 1,
       false, true},
      {"list", "list profiles, where their credentials come from, and cached sessions", "[--json]",
       {{"json", 0, nullptr, "print stable JSON for scripts"}}, 0, false, false},
      {"add", "store a profile's long-term keys in the keyring", "PROFILE [--env]",
       {{"env", 0, nullptr, "read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of asking"}},
       1, false, false},
      {"remove", "delete a profile's stored keys and the sessions they made", "PROFILE", {},
       1, false, false},
      {"clear", "forget cached sessions, all or one profile's", "[PROFILE]", {}, 1,
       false, false},
      {"doctor", "explain how a profile gets its session, and lint the config",
       "[PROFILE] [options] [--json]",
       with_credentials({{"json", 0, nullptr, "print JSON instead of text"}}), 1,
       false, true},
      {"init", "print the shell hook that defines `awsx use` and awsx_prompt_info", "SHELL", {},
       1, false, false},
      {"completion", "print tab completions for a shell, generated from this table",
       "SHELL | --profiles",
       {{"profiles", 0, nullptr, "print the config's profile names, one a line, for completions"}},
       1, false, false},
      {"help", "show help for awsx or one command", "[COMMAND]", {}, 1, false, false},
  };
  return all;
}

} // namespace

const std::vector<OptionSpec>& credential_options() {
  static const std::vector<OptionSpec> options = {
      {"duration", 'd', "DURATION", "session length: 12h, 90m or seconds (900 to 43200)"},
      {"region", 0, "REGION", "region for STS and for AWS_REGION/AWS_DEFAULT_REGION"},
      {"mfa-token", 't', "CODE", "the current 6-digit MFA code (else mfa_process, else a prompt)"},
      {"role-arn", 0, "ARN", "assume this role on top of the profile's (or ambient) credentials"},
      {"session-name", 0, "NAME", "RoleSessionName for the role"},
      {"external-id", 0, "ID", "ExternalId for the role"},
      {"no-cache", 0, nullptr, "do not reuse or store a cached session"},
      {"no-session", 0, nullptr, "hand long-term keys over as they are (no GetSessionToken)"},
  };
  return options;
}

std::span<const Command> commands() { return table(); }

const Command* find_command(const std::string& name) {
  const auto& all = table();
  auto it = std::find_if(all.begin(), all.end(), [&](const Command& c) { return c.name == name; });
  return it == all.end() ? nullptr : &*it;
}

} // namespace awsx::cli
