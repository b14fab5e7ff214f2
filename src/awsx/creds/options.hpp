#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace awsx::creds {

// What the user asked for on the command line, shared by exec, export, use and whoami.
struct CredentialOptions {
  std::string profile;                        // empty: $AWS_PROFILE, [default], then ambient
  std::optional<std::chrono::seconds> duration;
  std::string region;
  std::string mfa_token;
  std::string role_arn;                       // ad-hoc role on top of the profile
  std::string session_name;
  std::string external_id;
  bool no_cache = false;
  bool no_session = false;                    // hand long-term keys over as they are
  bool no_prompt = false;                     // never ask for MFA: fail instead (refreshes)

  // Field by field; the command-table test compares parsed lines with it.
  bool operator==(const CredentialOptions&) const = default;
};

} // namespace awsx::creds
