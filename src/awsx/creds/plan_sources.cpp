#include "awsx/creds/plan_internal.hpp"

#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

// The first credentials of a chain: keys in the files or the keyring, the environment,
// a container or instance endpoint, SSO, or a credential_process.
namespace awsx::creds::planning {

BaseCredentials Planner::static_keys(const config::Section& section) const {
  BaseCredentials base;
  base.profile = section.name;
  base.mfa_serial = value_of(section, "mfa_serial");
  base.mfa_process = command_of(section, "mfa_process");
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
    base.mfa_process = command_of(*section, "mfa_process");
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
  base.command = command_of(section, "credential_process");
  base.origin = where(*setting);
  base.mfa_serial = value_of(section, "mfa_serial");
  base.mfa_process = command_of(section, "mfa_process");
  return base;
}

} // namespace awsx::creds::planning
