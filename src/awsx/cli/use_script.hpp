#pragma once

#include <string>
#include <vector>

#include "awsx/cli/invocation.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/session.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

// The first line of everything `awsx use --shell SHELL` prints; the hook evaluates the
// output only when it starts with it (so `awsx use --help` is shown, not run).
inline constexpr const char* use_script_marker = "# awsx use";

// The command line that gets `session` again as `options` asked for it, without a one-time
// MFA code or the hook's own flags: what the prompt hook runs to renew the session. Empty
// for ambient credentials, which `use` removes from the shell and so can't be renewed.
std::vector<std::string> renewal_arguments(const creds::CredentialOptions& options,
                                           const creds::Session& session);

// Code for `shell` (bash, zsh or fish) that removes the variables awsx clears, exports the
// variables of `session` exactly as `awsx exec` sets them, and records for the hook which
// variables it changed and the `renewal` command line. A region variable that `env`
// already holds with the session's region is left alone and not recorded, so that
// `use --unset` keeps the user's own setting. Every value is quoted, so nothing in a
// profile name, region or key can run as code.
std::string use_script(const std::string& shell, const creds::Session& session,
                       const std::vector<std::string>& renewal, const util::Environment& env);

// What `awsx use` prints for `invocation` (its --shell, its options for the renewal) and
// `session`, in environment `env`: the one text both programs print.
std::string use_output(const Invocation& invocation, const creds::Session& session,
                       const util::Environment& env);

// Code for `shell` that clears what `use_script` set (via the hook's __awsx_unset).
std::string unset_script(const std::string& shell);

} // namespace awsx::cli
