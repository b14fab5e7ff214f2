#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "awsx/process/supervision.hpp"

namespace awsx::creds {

// A command line from a profile: credential_process or mfa_process.
struct ProfileCommand {
  std::string key;     // "credential_process" or "mfa_process", for messages
  std::string text;    // the command line as written in the config
  std::string profile; // the profile it belongs to
  std::string origin;  // where it is set, e.g. "~/.aws/config:7"; may be empty
};

// Splits `command` as botocore splits credential_process (shlex, POSIX mode) and runs the
// words without a shell, the user's stderr as its stderr, supervised as `how` says and
// with `how.env` as its whole environment.
// Returns what it printed on stdout, at most `max_output` bytes, which should be
// `expected` (for messages, e.g. "one JSON object"). Throws ConfigError when the text
// can't be split, CredentialError when the program is missing, fails or runs out of
// time; messages name the program, never its arguments, which may hold a token.
std::string run_profile_command(const ProfileCommand& command, const process::Supervision& how,
                                std::size_t max_output, const std::string& expected);

// The words of `command`, split as botocore splits credential_process; throws
// ConfigError naming its origin and profile when the text can't be split (the AWS CLI
// fails on it too), CredentialError when it has no words.
std::vector<std::string> profile_command_words(const ProfileCommand& command);

} // namespace awsx::creds
