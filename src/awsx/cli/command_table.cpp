#include "awsx/cli/command_table.hpp"

#include <algorithm>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

namespace awsx::cli {

namespace {

using creds::CredentialOptions;

constexpr long min_duration = 900;
constexpr long max_duration = 43200;

void set_duration(Invocation& inv, const std::string& text) {
  const auto value = util::parse_duration(text);
  if (!value)
    throw UsageError("--duration " + text + " is not a duration; use e.g. 12h, 90m or 3600");
  if (value->count() < min_duration || value->count() > max_duration)
    throw UsageError("--duration " + text + " is outside what STS allows (15m to 12h)");
  inv.credentials.duration = *value;
}

std::vector<OptionSpec> with_credentials(std::vector<OptionSpec> extra) {
  auto all = credential_options();
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

// Hand-aligned: one command per block reads better than clang-format's one field a line.
// clang-format off
const std::vector<Command>& table() {
  using enum PositionalKind;
  static const std::vector<Command> all = {
      {"exec", "run a command with the profile's session in its environment",
       "[PROFILE] [options] [--] [COMMAND [ARGS...]]",
       with_credentials({{"ecs-server", 0, flag(&Invocation::ecs_server),
                          "serve the session to the command from a loopback container "
                          "credential endpoint instead of setting keys; refreshes it"}}),
       1, true, profile},
      {"export", "print the profile's session for a shell, a process or docker",
       "[PROFILE] [options] [--format FORMAT]",
       with_credentials({{"format", 'f', value("FORMAT", &Invocation::format, output::format_names),
                          "env (default), env-no-export, powershell, windows-cmd, fish, process, "
                          "json, dotenv or docker"}}),
       1, false, profile},
      {"use", "export the profile's session into this shell (a function of the shell hook)",
       "[PROFILE] [options] | --unset",
       with_credentials(
           {{"unset", 0, flag(&Invocation::unset),
             "remove the session variables that `awsx use` set"},
            {"shell", 0, value("SHELL", &Invocation::shell, shell_names),
             "the shell to write code for: bash, zsh or fish (set by the hook)"},
            {"no-prompt", 0, flag(&Invocation::no_prompt),
             "never ask on the terminal (MFA code, keyring passphrase): fail instead; the "
             "prompt hook renews with it"}}),
       1, false, profile},
      {"whoami", "show who the profile's session is (GetCallerIdentity)", "[PROFILE] [options]",
       with_credentials({{"json", 0, flag(&Invocation::json), "print JSON instead of text"}}),
       1, false, profile},
      {"login", "open the AWS console signed in with the profile's session",
       "[PROFILE] [options] [-s] [--path PATH]",
       with_credentials({{"stdout", 's', flag(&Invocation::print_url),
                          "print the sign-in URL instead of opening a browser"},
                         {"path", 0, value("PATH", &Invocation::console_path),
                          "the console page to open, e.g. s3/buckets (default: the home page)"}}),
       1, false, profile},
      {"list", "list profiles, where their credentials come from, and cached sessions", "[--json]",
       {{"json", 0, flag(&Invocation::json), "print stable JSON for scripts"}},
       0, false, none},
      {"add", "store a profile's long-term keys in the keyring", "PROFILE [--env]",
       {{"env", 0, flag(&Invocation::from_env),
         "read AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of asking"}},
       1, false, profile},
      {"remove", "delete a profile's stored keys and the sessions they made", "PROFILE", {},
       1, false, profile},
      {"rotate", "replace a profile's long-term keys with new ones, safely (IAM)",
       "[PROFILE] [options]",
       {{"mfa-token", 't', value("CODE", &CredentialOptions::mfa_token),
         "the current 6-digit MFA code for the session the IAM calls use (one for the whole "
         "rotation)"},
        {"no-session", 0, flag(&CredentialOptions::no_session),
         "sign the IAM calls with the keys themselves, without an MFA session"},
        {"region", 0, value("REGION", &CredentialOptions::region),
         "region for STS and for the IAM partition (cn-*, us-gov-*)"}},
       1, false, profile},
      {"clear", "forget cached sessions, all or one profile's", "[PROFILE]", {},
       1, false, profile},
      {"doctor", "explain how a profile gets its session, and lint the config",
       "[PROFILE] [options] [--json]",
       with_credentials({{"json", 0, flag(&Invocation::json), "print JSON instead of text"}}),
       1, false, profile},
      {"init", "print the shell hook that defines `awsx use` and awsx_prompt_info", "SHELL", {},
       1, false, shell},
      {"completion", "print tab completions for a shell, generated from this table",
       "SHELL | --profiles",
       {{"profiles", 0, flag(&Invocation::profiles),
         "print the config's profile names, one a line, for completions"}},
       1, false, shell},
      {"help", "show help for awsx or one command", "[COMMAND]", {},
       1, false, command},
  };
  return all;
}
// clang-format on

} // namespace

void Flag::set(Invocation& inv) const {
  if (own_ != nullptr)
    inv.*own_ = true;
  else
    inv.credentials.*credential_ = true;
}

void Value::set(Invocation& inv, const std::string& text) const {
  if (own_ != nullptr)
    inv.*own_ = text;
  else if (credential_ != nullptr)
    inv.credentials.*credential_ = text;
  else
    parse_(inv, text);
}

void OptionSpec::apply(Invocation& inv, const std::string& value) const {
  if (const auto* set = std::get_if<Flag>(&effect_))
    set->set(inv);
  else
    std::get<Value>(effect_).set(inv, value);
}

const std::vector<OptionSpec>& credential_options() {
  static const std::vector<OptionSpec> options = {
      {"duration", 'd', value("DURATION", set_duration),
       "session length: 12h, 90m or seconds (900 to 43200)"},
      {"region", 0, value("REGION", &CredentialOptions::region),
       "region for STS and for AWS_REGION/AWS_DEFAULT_REGION"},
      {"mfa-token", 't', value("CODE", &CredentialOptions::mfa_token),
       "the current 6-digit MFA code (else mfa_process, else a prompt)"},
      {"role-arn", 0, value("ARN", &CredentialOptions::role_arn),
       "assume this role on top of the profile's (or ambient) credentials"},
      {"session-name", 0, value("NAME", &CredentialOptions::session_name),
       "RoleSessionName for the role"},
      {"external-id", 0, value("ID", &CredentialOptions::external_id),
       "ExternalId for the role"},
      {"no-cache", 0, flag(&CredentialOptions::no_cache),
       "do not reuse or store a cached session"},
      {"no-session", 0, flag(&CredentialOptions::no_session),
       "hand long-term keys over as they are (no GetSessionToken)"},
  };
  return options;
}

std::span<const Command> commands() {
  return table();
}

const Command* find_command(const std::string& name) {
  const auto& all = table();
  auto it =
      std::find_if(all.begin(), all.end(), [&](const Command& c) { return c.name == name; });
  return it == all.end() ? nullptr : &*it;
}

} // namespace awsx::cli
