#pragma once

#include <optional>
#include <string>
#include <vector>

#include "awsx/aws/credentials.hpp"

namespace awsx::config {
struct ConfigFiles;
struct Section;
} // namespace awsx::config
namespace awsx::util {
class Environment;
}

namespace awsx::creds {

struct CredentialOptions;

// Where the first credentials of a chain come from.
struct BaseCredentials {
  std::string profile;      // profile that holds them; empty for ambient credentials
  aws::Credentials keys;
  std::string origin;       // e.g. "~/.aws/credentials:3", "environment"
  std::string mfa_serial;   // the profile's own mfa_serial, if any
  std::string mfa_process;
};

// One AssumeRole call of a chain.
struct RoleStep {
  std::string profile;      // profile that defines the role; empty for --role-arn
  std::string role_arn;
  std::string session_name;
  std::string external_id;
  std::string mfa_serial;   // empty: no MFA on this call
  std::string mfa_process;
  std::optional<int> duration_seconds;
  std::string duration_origin;  // why this duration, for doctor
  bool chained = false;     // signed by temporary credentials, so STS caps it at 1 h
};

// One GetSessionToken call wrapping long-term keys when no role is involved.
struct SessionTokenStep {
  std::string mfa_serial;
  std::string mfa_process;
  int duration_seconds = 43200;
};

// Everything needed to produce a session, decided from config and options before any call.
struct Plan {
  std::string profile;                          // the profile asked for; empty for ambient
  const config::Section* section = nullptr;     // its config section, for endpoints
  BaseCredentials base;
  std::vector<RoleStep> roles;                  // AssumeRole calls, in order
  std::optional<SessionTokenStep> session_token;
  std::string region;                           // empty when unknown
  std::vector<std::string> warnings;            // e.g. role-chaining caps
};

// The longest session STS grants to a chained AssumeRole, in seconds.
inline constexpr int role_chaining_limit = 3600;

// Decides how to get a session for `options` from `files` and `env`; throws ConfigError
// or CredentialError naming the profile (and file:line) when the config can't work.
Plan make_plan(const config::ConfigFiles& files, const util::Environment& env,
               const CredentialOptions& options);

} // namespace awsx::creds
