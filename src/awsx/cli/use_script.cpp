#include "awsx/cli/use_script.hpp"

#include <algorithm>
#include <utility>

#include "awsx/cli/shell_quote.hpp"
#include "awsx/exec/child_env.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/util/time.hpp"

namespace awsx::cli {

namespace {

using Vars = std::vector<std::pair<std::string, std::string>>;

// The variables `awsx exec` gives a child, in the same order, less the region variables
// that `env` holds already.
Vars session_variables(const creds::Session& session, const util::Environment& env) {
  auto vars = output::credential_variables(session);
  if (!session.region.empty())
    for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
      if (env.get(name) != session.region)
        vars.emplace_back(name, session.region);
  if (!session.profile.empty())
    vars.emplace_back("AWSX_PROFILE", session.profile);
  return vars;
}

// The cleared variables that the session does not set again.
std::vector<std::string> removed_variables(const Vars& set) {
  std::vector<std::string> removed;
  for (const char* name : exec::cleared_variables())
    if (std::none_of(set.begin(), set.end(), [&](const auto& v) { return v.first == name; }))
      removed.emplace_back(name);
  return removed;
}

std::string joined(const std::vector<std::string>& words,
                   std::string (*quote)(std::string_view)) {
  std::string out;
  for (const auto& w : words)
    out += " " + shell_word(w, quote);
  return out;
}

std::string posix_script(const std::string& shell, const Vars& vars,
                         const std::vector<std::string>& removed,
                         const std::vector<std::string>& renewal) {
  // The hook evaluates this text, so the user's aliases apply to it: `\builtin` keeps an
  // alias called unset or export out. zsh warns about globals created in a function under
  // WARN_CREATE_GLOBAL, so they are declared first; bash makes them global anyway.
  auto array = [&](const std::string& name, const std::vector<std::string>& words) {
    const std::string declare = shell == "zsh" ? "\\builtin typeset -ga " + name + "\n" : "";
    return declare + name + "=(" + joined(words, posix_quoted).substr(1) + ")\n";
  };
  std::string out = std::string(use_script_marker) + " --shell " + shell + "\n";
  out += "\\builtin unset" + joined(removed, posix_quoted) + "\n";
  std::vector<std::string> names;
  for (const auto& [name, value] : vars) {
    out += "\\builtin export " + name + "=" + posix_quoted(value) + "\n";
    names.push_back(name);
  }
  out += array("__awsx_set", names);
  out += renewal.empty() ? "\\builtin unset __awsx_args\n" : array("__awsx_args", renewal);
  return out;
}

std::string fish_script(const Vars& vars, const std::vector<std::string>& removed,
                        const std::vector<std::string>& renewal) {
  std::string out = std::string(use_script_marker) + " --shell fish\n";
  // A universal variable would show through once the global is erased; an unexported
  // global hides it from this shell's children without touching other shells.
  for (const auto& name : removed)
    out += "set -e -g " + name + "; set -q -U " + name + "; and set -g -u " + name + "\n";
  std::vector<std::string> names;
  for (const auto& [name, value] : vars) {
    out += "set -g -x " + name + " " + fish_quoted(value) + "\n";
    names.push_back(name);
  }
  out += "set -g __awsx_set" + joined(names, fish_quoted) + "\n";
  if (renewal.empty())
    out += "set -e -g __awsx_args\n";
  else
    out += "set -g __awsx_args" + joined(renewal, fish_quoted) + "\n";
  return out;
}

} // namespace

std::vector<std::string> renewal_arguments(const creds::CredentialOptions& options,
                                           const creds::Session& session) {
  if (session.profile.empty())
    return {};
  std::vector<std::string> args{session.profile};
  auto add = [&](const char* flag, const std::string& value) {
    if (!value.empty())
      args.insert(args.end(), {flag, value});
  };
  if (options.duration)
    add("--duration", std::to_string(options.duration->count()));
  add("--region", options.region);
  add("--role-arn", options.role_arn);
  add("--session-name", options.session_name);
  add("--external-id", options.external_id);
  if (options.no_cache)
    args.emplace_back("--no-cache");
  if (options.no_session)
    args.emplace_back("--no-session");
  return args;
}

std::string use_script(const std::string& shell, const creds::Session& session,
                       const std::vector<std::string>& renewal, const util::Environment& env) {
  const auto vars = session_variables(session, env);
  const auto removed = removed_variables(vars);
  if (shell == "fish")
    return fish_script(vars, removed, renewal);
  return posix_script(shell, vars, removed, renewal);
}

std::string use_output(const Invocation& invocation, const creds::Session& session,
                       const util::Environment& env) {
  return use_script(invocation.shell, session,
                    renewal_arguments(invocation.credentials, session), env);
}

std::string unset_script(const std::string& shell) {
  // What every `use` may have set; __awsx_unset adds the ones this shell's `use` recorded
  // (the region), so a shell that inherited the session can still clear it.
  return std::string(use_script_marker) + " --shell " + shell +
         "\n__awsx_unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN "
         "AWS_CREDENTIAL_EXPIRATION AWSX_PROFILE\n";
}

} // namespace awsx::cli
