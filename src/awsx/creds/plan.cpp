#include "awsx/creds/plan.hpp"

#include <algorithm>
#include <tuple>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::creds {

namespace {

constexpr int default_role_seconds = 3600;
constexpr int default_session_seconds = 43200;

std::string where(const config::Setting& setting) {
  return *setting.file + ":" + std::to_string(setting.line);
}

std::string where(const config::Section& section) {
  return *section.file + ":" + std::to_string(section.line);
}

std::string value_of(const config::Section& section, const char* key) {
  return section.get(key).value_or("");
}

// The session name STS shows in CloudTrail; botocore-style default when none is configured.
std::string default_session_name(const util::Environment& env) {
  std::string user = env.get_nonempty("USER").value_or("session");
  std::string name = "awsx-";
  for (char c : user)
    if (std::isalnum(static_cast<unsigned char>(c)) ||
        std::string_view("+=,.@-_").find(c) != std::string_view::npos)
      name.push_back(c);
  return name.substr(0, 64);
}

std::optional<int> seconds_setting(const config::Section& section, const char* key) {
  const auto* setting = section.find(key);
  if (setting == nullptr)
    return std::nullopt;
  if (!util::is_digits(setting->value) || setting->value.size() > 6)
    throw ConfigError(where(*setting) + ": " + key + " = \"" + setting->value +
                      "\" in profile " + section.name + " is not a number of seconds");
  return std::stoi(setting->value);
}

class Planner {
public:
  Planner(const config::ConfigFiles& files, const util::Environment& env,
          const CredentialOptions& options, StoredKeys* stored)
      : files_(files), env_(env), options_(options), stored_(stored) {}

  Plan run();

private:
  const config::Section& require_profile(const std::string& name) const;
  void resolve(const std::string& name, std::vector<std::string>& visiting, Plan& plan);
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
  void apply_caps(Plan& plan) const;
  std::pair<std::string, std::string> region_for(const std::vector<std::string>& chain) const;

  const config::ConfigFiles& files_;
  const util::Environment& env_;
  const CredentialOptions& options_;
  StoredKeys* stored_;
  std::vector<std::string> chain_; // profiles visited, target first
};

const config::Section& Planner::require_profile(const std::string& name) const {
  if (const auto* section = files_.profile(name))
    return *section;
  std::string known;
  for (const auto& n : files_.profile_names())
    known += (known.empty() ? "" : ", ") + n;
  throw ConfigError("profile \"" + name + "\" not found in " + files_.config_path + " or " +
                        files_.credentials_path,
                    known.empty() ? "no profiles are configured; create " + files_.config_path
                                  : "known profiles: " + known);
}

BaseCredentials Planner::static_keys(const config::Section& section) const {
  BaseCredentials base;
  base.profile = section.name;
  base.mfa_serial = value_of(section, "mfa_serial");
  base.mfa_process = value_of(section, "mfa_process");
  const auto* key_id = section.find("aws_access_key_id");
  const auto* secret = section.find("aws_secret_access_key");
  if (key_id == nullptr && secret == nullptr) {
    if (auto stored = stored_keys(section.name, &section))
      return *stored;
    std::string hint = "run `awsx add " + section.name + "`, add aws_access_key_id and " +
                       "aws_secret_access_key under [" + section.name + "] in " +
                       files_.credentials_path + ", or give it role_arn and source_profile";
    throw CredentialError(
        "profile " + section.name + " (" + where(section) + ") has no credentials", hint);
  }
  if (key_id == nullptr || secret == nullptr || key_id->value.empty() ||
      secret->value.empty()) {
    const auto* present = key_id != nullptr ? key_id : secret;
    throw ConfigError(where(*present) + ": profile " + section.name + " has " +
                          (key_id != nullptr
                               ? "aws_access_key_id but no aws_secret_access_key"
                               : "aws_secret_access_key but no aws_access_key_id"),
                      "set both keys in the same profile");
  }
  base.keys.access_key_id = key_id->value;
  base.keys.secret_access_key = secret->value;
  base.keys.session_token = value_of(section, "aws_session_token");
  base.origin = where(*key_id);
  return base;
}

std::optional<BaseCredentials> Planner::stored_keys(const std::string& name,
                                                    const config::Section* section) const {
  if (stored_ == nullptr)
    return std::nullopt;
  auto keys = stored_->find(name);
  if (!keys)
    return std::nullopt;
  BaseCredentials base;
  base.profile = name;
  base.keys = std::move(*keys);
  base.origin = stored_->where();
  base.from_store = true;
  if (section != nullptr) {
    base.mfa_serial = value_of(*section, "mfa_serial");
    base.mfa_process = value_of(*section, "mfa_process");
  }
  return base;
}

BaseCredentials Planner::environment_keys(const std::string& what) const {
  BaseCredentials base;
  auto key_id = env_.get_nonempty("AWS_ACCESS_KEY_ID");
  auto secret = env_.get_nonempty("AWS_SECRET_ACCESS_KEY");
  if (!key_id || !secret)
    throw CredentialError(what + " needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
                                 "environment, and they are not set");
  base.keys = {*key_id, *secret, env_.get_nonempty("AWS_SESSION_TOKEN").value_or(""), {}};
  base.origin = "environment";
  return base;
}

bool Planner::ambient_container(BaseCredentials& base) const {
  for (const char* name :
       {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"}) {
    if (auto uri = env_.get_nonempty(name)) {
      base.kind = SourceKind::container;
      base.origin = std::string(name) + "=" + *uri;
      return true;
    }
  }
  return false;
}

BaseCredentials Planner::credential_source(const config::Section& section,
                                           const config::Setting& setting) const {
  BaseCredentials base;
  const std::string what = "profile " + section.name + " (credential_source = " + setting.value + ")";
  if (setting.value == "Environment") {
    base = environment_keys(what);
  } else if (setting.value == "EcsContainer") {
    if (!ambient_container(base))
      throw CredentialError(what + " needs AWS_CONTAINER_CREDENTIALS_FULL_URI or "
                                   "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, and neither is set",
                            "run it inside ECS or CloudShell, or use another credential_source");
  } else if (setting.value == "Ec2InstanceMetadata") {
    base.kind = SourceKind::instance_metadata;
    base.origin = "EC2 instance metadata";
  } else {
    throw ConfigError(where(setting) + ": credential_source = " + setting.value +
                          " in profile " + section.name + " is not one of Environment, "
                          "EcsContainer, Ec2InstanceMetadata",
                      "credential_source values are case-sensitive");
  }
  base.profile = section.name;
  return base;
}

BaseCredentials Planner::sso_source(const config::Section& section) const {
  BaseCredentials base;
  base.kind = SourceKind::sso;
  base.profile = section.name;
  auto& sso = base.sso;
  sso.account_id = value_of(section, "sso_account_id");
  sso.role_name = value_of(section, "sso_role_name");
  const config::Section* settings = &section;
  if (const auto* session = section.find("sso_session")) {
    sso.session = session->value;
    auto it = files_.sso_sessions.find(session->value);
    if (it == files_.sso_sessions.end())
      throw ConfigError(where(*session) + ": profile " + section.name + " names sso_session " +
                            session->value + ", but there is no [sso-session " +
                            session->value + "] section",
                        "add it to " + files_.config_path + ", as `aws configure sso` does");
    settings = &it->second;
  }
  sso.start_url = value_of(*settings, "sso_start_url");
  sso.region = value_of(*settings, "sso_region");
  std::string missing;
  for (const auto& [key, value] : {std::pair{"sso_start_url", sso.start_url},
                                   {"sso_region", sso.region},
                                   {"sso_account_id", sso.account_id},
                                   {"sso_role_name", sso.role_name}})
    if (value.empty())
      missing += (missing.empty() ? "" : ", ") + std::string(key);
  if (!missing.empty())
    throw ConfigError(where(section) + ": SSO profile " + section.name + " lacks " + missing,
                      "run `aws configure sso --profile " + section.name + "`");
  base.origin = "IAM Identity Center " + sso.start_url;
  return base;
}

BaseCredentials Planner::process_source(const config::Section& section) const {
  const auto* setting = section.find("credential_process");
  BaseCredentials base;
  base.kind = SourceKind::process;
  base.profile = section.name;
  base.command = setting->value;
  base.origin = where(*setting);
  base.mfa_serial = value_of(section, "mfa_serial");
  base.mfa_process = value_of(section, "mfa_process");
  return base;
}

RoleStep Planner::role_step(const config::Section& section) const {
  RoleStep step;
  step.profile = section.name;
  step.role_arn = value_of(section, "role_arn");
  step.session_name = value_of(section, "role_session_name");
  step.external_id = value_of(section, "external_id");
  step.mfa_serial = value_of(section, "mfa_serial");
  step.mfa_process = value_of(section, "mfa_process");
  step.duration_seconds = seconds_setting(section, "duration_seconds");
  if (step.duration_seconds)
    step.duration_origin = "duration_seconds in profile " + section.name;
  return step;
}

void Planner::resolve(const std::string& name, std::vector<std::string>& visiting, Plan& plan) {
  chain_.push_back(name);
  if (files_.profile(name) == nullptr) {
    // `awsx add NAME` needs no config section: the keyring alone defines the profile.
    if (auto stored = stored_keys(name, nullptr)) {
      plan.base = std::move(*stored);
      return;
    }
  }
  const auto& section = require_profile(name);
  if (!section.get("role_arn")) {
    // botocore's order within one profile: SSO, then keys, then credential_process.
    if (section.find("sso_session") != nullptr || section.find("sso_start_url") != nullptr ||
        section.find("sso_account_id") != nullptr)
      plan.base = sso_source(section);
    else if (section.find("aws_access_key_id") == nullptr &&
             section.find("aws_secret_access_key") == nullptr &&
             section.find("credential_process") != nullptr)
      plan.base = process_source(section);
    else
      plan.base = static_keys(section);
    return;
  }
  const auto* source = section.find("source_profile");
  const auto* cred_source = section.find("credential_source");
  const auto* token_file = section.find("web_identity_token_file");
  if (source != nullptr && cred_source != nullptr)
    throw ConfigError(where(*cred_source) + ": profile " + name +
                          " has both source_profile and credential_source",
                      "keep only one of them");
  if (source == nullptr) {
    if (cred_source != nullptr) {
      plan.base = credential_source(section, *cred_source);
    } else if (token_file != nullptr) {
      plan.base.kind = SourceKind::web_identity;
      plan.base.profile = name;
      plan.base.token_file = token_file->value;
      plan.base.origin = where(*token_file);
    } else {
      throw ConfigError(where(section) + ": profile " + name +
                            " has role_arn but no source_profile, credential_source or "
                            "web_identity_token_file",
                        "add source_profile = <a profile with access keys> to [profile " +
                            name + "]");
    }
    plan.roles.push_back(role_step(section));
    return;
  }
  RoleStep step = role_step(section);
  if (source->value == name) {
    // botocore: a profile naming itself as its source uses its own static keys.
    plan.base = static_keys(section);
  } else {
    visiting.push_back(name);
    if (std::find(visiting.begin(), visiting.end(), source->value) != visiting.end()) {
      std::string cycle;
      for (const auto& p : visiting)
        cycle += p + " -> ";
      throw ConfigError(where(*source) + ": source_profile cycle: " + cycle + source->value,
                        "make one of these profiles use access keys instead of source_profile");
    }
    if (files_.profile(source->value) != nullptr) {
      resolve(source->value, visiting, plan);
    } else if (auto stored = stored_keys(source->value, nullptr)) {
      chain_.push_back(source->value);
      plan.base = std::move(*stored);
    } else {
      throw ConfigError(where(*source) + ": profile " + name + " has source_profile = " +
                            source->value + ", but no profile \"" + source->value + "\" exists",
                        "define [profile " + source->value + "] in " + files_.config_path +
                            ", run `awsx add " + source->value + "`, or fix the name");
    }
  }
  plan.roles.push_back(std::move(step));
}

std::pair<std::string, std::string> Planner::region_for(
    const std::vector<std::string>& chain) const {
  if (!options_.region.empty())
    return {options_.region, "--region"};
  for (const auto& name : chain)
    if (const auto* section = files_.profile(name))
      if (const auto* region = section->find("region"); region && !region->value.empty())
        return {region->value, "region of profile " + name + " (" + where(*region) + ")"};
  for (const char* variable : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (auto region = env_.get_nonempty(variable))
      return {*region, variable};
  return {"", "none (STS uses us-east-1)"};
}

void Planner::apply_caps(Plan& plan) const {
  bool temporary = plan.base.temporary();
  for (auto& step : plan.roles) {
    step.chained = temporary;
    if (temporary && step.duration_seconds && *step.duration_seconds > role_chaining_limit) {
      plan.warnings.push_back(
          "role chaining: " + step.role_arn + " is assumed with temporary " +
          "credentials, so STS allows at most 1h; asking for 3600s instead of " +
          std::to_string(*step.duration_seconds) + "s");
      step.duration_seconds = role_chaining_limit;
      step.duration_origin += " (capped: role chaining)";
    }
    temporary = true;
  }
}

void Planner::finish(Plan& plan) const {
  if (!options_.role_arn.empty()) {
    RoleStep adhoc;
    adhoc.role_arn = options_.role_arn;
    plan.roles.push_back(std::move(adhoc));
  }
  if (!plan.roles.empty()) {
    auto& last = plan.roles.back();
    if (!options_.session_name.empty())
      last.session_name = options_.session_name;
    if (!options_.external_id.empty())
      last.external_id = options_.external_id;
    if (options_.duration) {
      last.duration_seconds = static_cast<int>(options_.duration->count());
      last.duration_origin = "--duration";
    }
    // The first AssumeRole is signed with the long-term keys, so it is the one call that
    // can carry the step account's MFA; inherit the source's serial as aws-vault does.
    auto& first = plan.roles.front();
    if (first.mfa_serial.empty() && plan.base.long_term()) {
      first.mfa_serial = plan.base.mfa_serial;
      if (first.mfa_process.empty())
        first.mfa_process = plan.base.mfa_process;
    }
    for (auto& step : plan.roles) {
      if (step.session_name.empty())
        step.session_name = default_session_name(env_);
      if (!step.duration_seconds) {
        step.duration_seconds = default_role_seconds;
        step.duration_origin = "default";
      }
    }
    apply_caps(plan);
  } else if (plan.base.long_term() && !options_.no_session) {
    SessionTokenStep wrap;
    wrap.mfa_serial = plan.base.mfa_serial;
    wrap.mfa_process = plan.base.mfa_process;
    wrap.duration_seconds = options_.duration ? static_cast<int>(options_.duration->count())
                                              : default_session_seconds;
    plan.session_token = wrap;
  }
  std::tie(plan.region, plan.region_origin) = region_for(chain_);
  plan.chain = chain_;
  if (!options_.mfa_token.empty()) {
    const bool wanted = std::any_of(plan.roles.begin(), plan.roles.end(),
                                    [](const RoleStep& s) { return !s.mfa_serial.empty(); }) ||
                        (plan.session_token && !plan.session_token->mfa_serial.empty());
    if (!wanted) {
      const std::string target =
          plan.profile.empty() ? "the ambient credentials" : "profile " + plan.profile;
      throw CredentialError(
          "--mfa-token was given, but " + target +
              " has no mfa_serial, so awsx would not send it",
          "add mfa_serial = arn:aws:iam::<account>:mfa/<user> to the role profile or its "
          "source profile in " +
              files_.config_path);
    }
  }
}

Plan Planner::run() {
  Plan plan;
  plan.profile = options_.profile;
  if (plan.profile.empty())
    plan.profile = env_.get_nonempty("AWS_PROFILE").value_or("");
  if (plan.profile.empty() && files_.profile("default") != nullptr)
    plan.profile = "default";
  if (plan.profile.empty()) {
    const bool env_keys = env_.get_nonempty("AWS_ACCESS_KEY_ID").has_value();
    if (env_keys)
      plan.base = environment_keys("the ambient credentials");
    else if (!ambient_container(plan.base))
      throw CredentialError("no profile given, no [default] profile in " + files_.config_path +
                                ", and no credentials in the environment or a container "
                                "endpoint",
                            "name a profile, e.g. `awsx exec PROFILE -- CMD`, or set AWS_PROFILE");
  } else {
    plan.section = files_.profile(plan.profile);
    std::vector<std::string> visiting;
    resolve(plan.profile, visiting, plan);
  }
  finish(plan);
  return plan;
}

} // namespace

Plan make_plan(const config::ConfigFiles& files, const util::Environment& env,
               const CredentialOptions& options, StoredKeys* stored) {
  return Planner(files, env, options, stored).run();
}

} // namespace awsx::creds
