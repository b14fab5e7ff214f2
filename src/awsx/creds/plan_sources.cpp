#include "awsx/creds/plan_internal.hpp"

#include "awsx/aws/region.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

// The first credentials of a chain: keys in the files or the keyring, the environment,
// a container or instance endpoint, SSO, or a credential_process.
namespace awsx::creds::planning {

void Planner::profile_credentials(const config::Section& section, Plan& plan) const {
  // botocore's ProfileProviderBuilder, in its order: web identity, SSO, the credentials
  // file's keys, credential_process, the config file's keys.
  if (const auto* token_file = section.find("web_identity_token_file")) {
    if (section.find("role_arn") == nullptr)
      throw ConfigError(where(*token_file) + ": profile " + section.name +
                            " has web_identity_token_file but no role_arn",
                        "add role_arn = arn:aws:iam::<account>:role/<name> to [profile " +
                            section.name + "]");
    plan.base = BaseCredentials{};
    plan.base.kind = SourceKind::web_identity;
    plan.base.profile = section.name;
    plan.base.token_file = token_file->value;
    plan.base.origin = where(*token_file);
    plan.roles.push_back(role_step(section));
    return;
  }
  if (section.find("sso_account_id") != nullptr || section.find("sso_role_name") != nullptr) {
    plan.base = sso_source(section);
    return;
  }
  const auto* key_id = section.find("aws_access_key_id");
  if (key_id != nullptr && *key_id->file == files_.credentials_path) {
    plan.base = static_keys(section);
    return;
  }
  if (section.find("credential_process") != nullptr) {
    plan.base = process_source(section);
    return;
  }
  plan.base = static_keys(section);
}

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
    throw NoCredentials("profile " + section.name + " (" + where(section) + ") has no credentials",
                        hint, section.name);
  }
  if (key_id == nullptr || secret == nullptr) {
    const auto* present = key_id != nullptr ? key_id : secret;
    throw ConfigError(where(*present) + ": profile " + section.name + " has " +
                          (key_id != nullptr
                               ? "aws_access_key_id but no aws_secret_access_key"
                               : "aws_secret_access_key but no aws_access_key_id"),
                      "set both keys in the same profile");
  }
  // botocore reads the pair from one file; one key in each is a partial pair in both.
  if (*key_id->file != *secret->file)
    throw ConfigError(where(*key_id) + ": profile " + section.name +
                          " has aws_access_key_id in " + *key_id->file +
                          " but aws_secret_access_key in " + *secret->file,
                      "keep both keys in the same file, normally " + files_.credentials_path);
  for (const auto* setting : {key_id, secret})
    if (setting->value.empty())
      throw ConfigError(where(*setting) + ": profile " + section.name + " has an empty " +
                            (setting == key_id ? "aws_access_key_id" : "aws_secret_access_key"),
                        "fill in the value, or remove both keys and run `awsx add " +
                            section.name + "`");
  base.keys.access_key_id = key_id->value;
  base.keys.secret_access_key = secret->value;
  // botocore still reads the older name when the newer one is absent.
  base.keys.session_token = section.find("aws_session_token") != nullptr
                                ? value_of(section, "aws_session_token")
                                : value_of(section, "aws_security_token");
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
  const std::string what =
      "profile " + section.name + " (credential_source = " + setting.value + ")";
  if (setting.value == "Environment") {
    base = environment_keys(what);
  } else if (setting.value == "EcsContainer") {
    if (!ambient_container(base))
      throw CredentialError(
          what + " needs AWS_CONTAINER_CREDENTIALS_FULL_URI or "
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, and neither is set",
          "run it inside ECS or CloudShell, or use another credential_source");
  } else if (setting.value == "Ec2InstanceMetadata") {
    base.kind = SourceKind::instance_metadata;
    base.origin = "EC2 instance metadata";
  } else {
    throw ConfigError(where(setting) + ": credential_source = " + setting.value +
                          " in profile " + section.name +
                          " is not one of Environment, "
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
    // botocore: a key set in both places must say the same thing in both.
    for (const auto& [key, shared] : settings->settings) {
      const auto* own = section.find(key);
      if (own != nullptr && (own->value != shared.value || own->nested != shared.nested))
        throw ConfigError(where(*own) + ": " + key + " = " + own->value + " in profile " +
                              section.name + " disagrees with " + key + " = " + shared.value +
                              " in [sso-session " + session->value + "] (" + where(shared) +
                              ")",
                          "remove " + key + " from [profile " + section.name +
                              "]: the sso-session's value is the one used");
    }
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
  aws::check_region_name(sso.region, "sso_region of profile " + section.name + " (" +
                                         where(*settings->find("sso_region")) + ")");
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
