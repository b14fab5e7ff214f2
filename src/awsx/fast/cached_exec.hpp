#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "awsx/creds/session.hpp"

namespace awsx::config {
struct ConfigFiles;
}

namespace awsx::creds {
struct CredentialOptions;
}

namespace awsx::util {
class Clock;
class Environment;
} // namespace awsx::util

namespace awsx::fast {

// True when sessions are cached in the kernel keyring: AWSX_BACKEND=keyctl, or unset
// and keyctl works (the rule store::open_keyring follows).
bool sessions_in_keyctl(const util::Environment& env);

// The session `options` would get from the cache with config `files`, when the kernel
// keyring holds a fresh one; nullopt otherwise. Reads one kernel key: no network,
// OpenSSL or D-Bus. Throws what the planner throws.
std::optional<creds::Session> cached_session(const creds::CredentialOptions& options,
                                             const config::ConfigFiles& files,
                                             const util::Environment& env,
                                             const util::Clock& clock);

// For `awsx exec` or `awsx export` whose session is cached: replaces this process with
// the command, or prints the session and exits. Returns for any other command line, a
// cache miss, or any failure, and the caller hands the command line to awsx-core, which
// repeats the work with everything loaded and reports what went wrong.
void serve_if_cached(const std::vector<std::string>& args);

// Where to look for awsx-core, in order, when this program is `self` (/proc/self/exe, or
// nullopt when that can't be read): next to it as installed or in the build tree, else
// only the absolute install path fixed at build time, never the current folder.
std::vector<std::filesystem::path>
core_candidates(const std::optional<std::filesystem::path>& self);

// Replaces this process with awsx-core, given `argv` unchanged, so secrets never need to
// pass on a command line. Prints an error and exits 127 when awsx-core is missing.
[[noreturn]] void hand_over(char** argv);

} // namespace awsx::fast
