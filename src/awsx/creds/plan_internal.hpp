#pragma once

// The planner's own header: plan.cpp walks the profile chain, plan_sources.cpp builds the
// first credentials of a chain. Nothing outside creds includes it.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::creds::planning {

// "file:line" of `setting`, for messages.
std::string where(const config::Setting& setting);

// "file:line" of `section`'s header, for messages.
std::string where(const config::Section& section);

// The plain value of `key` in `section`, or "".
std::string value_of(const config::Section& section, const char* key);

// The command line `key` (credential_process, mfa_process) of `section`, or ""; throws
// ConfigError naming the line when it can't be split into words.
std::string command_of(const config::Section& section, const char* key);

// The whole-seconds setting `key` of `section`, or nullopt; throws ConfigError naming
// the line when it is not a number.
std::optional<int> seconds_setting(const config::Section& section, const char* key);

class Planner {
public:
  Planner(const config::ConfigFiles& files, const util::Environment& env,
          const CredentialOptions& options, StoredKeys* stored)
      : files_(files), env_(env), options_(options), stored_(stored) {}

  Plan run();

private:
  const config::Section& require_profile(const std::string& name) const;
  // Walks the source_profile chain of profile `start` into `plan`: the credentials at its
  // end, then a role per profile, as botocore's AssumeRoleProvider chains them.
  void resolve(const std::string& start, Plan& plan);
  // Checks that role profile `section` names one source: its role goes into `steps`;
  // credential_source also goes into `plan` (false: the chain ends here).
  bool role_source(const config::Section& section, Plan& plan,
                   std::vector<RoleStep>& steps) const;
  // Throws the error for `section`'s source_profile naming no profile.
  [[noreturn]] void missing_source(const config::Section& section) const;
  // A profile that names itself as source_profile: its own keys into `plan`, or false.
  bool self_source(const config::Section& section, Plan& plan) const;
  // The credentials of `section` itself, by botocore's per-profile provider order.
  void profile_credentials(const config::Section& section, Plan& plan) const;
  BaseCredentials static_keys(const config::Section& section) const;
  BaseCredentials credential_source(const config::Section& section,
                                    const config::Setting& setting) const;
  BaseCredentials sso_source(const config::Section& section) const;
  BaseCredentials process_source(const config::Section& section) const;
  BaseCredentials environment_keys(const std::string& what) const;
  bool ambient_container(BaseCredentials& base) const;
  std::optional<BaseCredentials> stored_keys(const std::string& name,
                                             const config::Section* section) const;
  RoleStep role_step(const config::Section& section) const;
  void finish(Plan& plan) const;
  // Decides whether the first role of `plan` takes its MFA from an MFA session.
  void choose_mfa_path(Plan& plan) const;
  void apply_caps(Plan& plan) const;
  std::pair<std::string, std::string> region_for(const std::vector<std::string>& chain) const;

  const config::ConfigFiles& files_;
  const util::Environment& env_;
  const CredentialOptions& options_;
  StoredKeys* stored_;
  std::vector<std::string> chain_; // profiles visited, target first
};

} // namespace awsx::creds::planning
