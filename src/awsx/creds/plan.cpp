#include "awsx/creds/plan.hpp"

#include <algorithm>

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
  return setting.file + ":" + std::to_string(setting.line);
}

std::string where(const config::Section& section) {
  return section.file + ":" + std::to_string(section.line);
}

std::string value_of(const config::Section& section, const char* key) {
  return section.get(key).value_or("");
}

// The session name STS shows in CloudTrail; botocore-style default when none is configured.
std::string default_session_name(const util::Environment& env) {
  std::string user = env.get_nonempty("USER").value_or("session");
  std::string name = "awsx-";
  for (char c : user)
    if (std::isalnum(static_cast<unsigned char>(c)) || std::string_view("+=,.@-_").find(c) != std::string_view::npos)
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
          const CredentialOptions& options)
      : files_(files), env_(env), options_(options) {}

  Plan run();

private:
  const config::Section& require_profile(const std::string& name) const;
  void resolve(const std::string& name, std::vector<std::string>& visiting, Plan& plan);
  BaseCredentials static_keys(const config::Section& section) const;
  RoleStep role_step(const config::Section& section) const;
  void finish(Plan& plan) const;
  void apply_caps(Plan& plan) const;
  std::string region_for(const std::vector<std::string>& chain) const;

  const config::ConfigFiles& files_;
  const util::Environment& env_;
  const CredentialOptions& options_;
  std::vector<std::string> chain_; // profiles visited, target first
};

const config::Section& Planner::require_profile(const std::string& name) const {
  if (const auto* section = files_.profile(name))
    return *section;
  std::string known;
  for (const auto& n : files_.profile_names())
    known += (known.empty() ? "" : ", ") + n;
  throw ConfigError("profile \"" + name + "\" not found in " + files_.config_path + " or " +
                    files_.credentials_path, known.empty() ? "no profiles are configured; create " + files_.config_path
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
    std::string hint = "add aws_access_key_id and aws_secret_access_key under [" + section.name +
                       "] in " + files_.credentials_path +
                       ", or give it role_arn and source_profile";
    throw CredentialError("profile " + section.name + " (" + where(section) +
                          ") has no credentials", hint);
  }
  if (key_id == nullptr || secret == nullptr || key_id->value.empty() || secret->value.empty()) {
    const auto* present = key_id != nullptr ? key_id : secret;
    throw ConfigError(where(*present) + ": profile " + section.name + " has " +
                      (key_id != nullptr ? "aws_access_key_id but no aws_secret_access_key"
                                         : "aws_secret_access_key but no aws_access_key_id"), "set both keys in the same profile");
  }
  base.keys.access_key_id = key_id->value;
  base.keys.secret_access_key = secret->value;
  base.keys.session_token = value_of(section, "aws_session_token");
  base.origin = where(*key_id);
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
  const auto& section = require_profile(name);
  chain_.push_back(name);
  if (!section.get("role_arn")) {
    plan.base = static_keys(section);
    return;
  }
  const auto* source = section.find("source_profile");
  if (source == nullptr) {
    for (const char* unsupported : {"credential_source", "web_identity_token_file"})
      if (section.find(unsupported) != nullptr)
        throw CredentialError("profile " + name + ": " + unsupported +
                              " is not supported by this version of awsx", "use source_profile to name a profile with keys");
    throw ConfigError(where(section) + ": profile " + name +
                      " has role_arn but no source_profile", "add source_profile = <a profile with access keys> to [profile " + name + "]");
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
      throw ConfigError(where(*source) + ": source_profile cycle: " + cycle + source->value, "make one of these profiles use access keys instead of source_profile");
    }
    if (files_.profile(source->value) == nullptr)
      throw ConfigError(where(*source) + ": profile " + name + " has source_profile = " +
                        source->value + ", but no profile \"" + source->value + "\" exists", "define [profile " + source->value + "] in " + files_.config_path +
                     " or fix the name");
    resolve(source->value, visiting, plan);
  }
  plan.roles.push_back(std::move(step));
}

std::string Planner::region_for(const std::vector<std::string>& chain) const {
  if (!options_.region.empty())
    return options_.region;
  for (const auto& name : chain)
    if (const auto* section = files_.profile(name))
      if (auto region = section->get("region"); region && !region->empty())
        return *region;
  if (auto region = env_.get_nonempty("AWS_REGION"))
    return *region;
  return env_.get_nonempty("AWS_DEFAULT_REGION").value_or("");
}

void Planner::apply_caps(Plan& plan) const {
  bool temporary = plan.base.keys.temporary();
  for (auto& step : plan.roles) {
    step.chained = temporary;
    if (temporary && step.duration_seconds && *step.duration_seconds > role_chaining_limit) {
      plan.warnings.push_back("role chaining: " + step.role_arn + " is assumed with temporary " +
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
    if (first.mfa_serial.empty() && !plan.base.keys.temporary()) {
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
  } else if (!plan.base.keys.temporary() && !options_.no_session) {
    SessionTokenStep wrap;
    wrap.mfa_serial = plan.base.mfa_serial;
    wrap.mfa_process = plan.base.mfa_process;
    wrap.duration_seconds =
        options_.duration ? static_cast<int>(options_.duration->count()) : default_session_seconds;
    plan.session_token = wrap;
  }
  plan.region = region_for(chain_);
  if (!options_.mfa_token.empty()) {
    const bool wanted = std::any_of(plan.roles.begin(), plan.roles.end(),
                                    [](const RoleStep& s) { return !s.mfa_serial.empty(); }) ||
                        (plan.session_token && !plan.session_token->mfa_serial.empty());
    if (!wanted) {
      const std::string target = plan.profile.empty() ? "the ambient credentials" : "profile " + plan.profile;
      throw CredentialError("--mfa-token was given, but " + target +
                            " has no mfa_serial, so awsx would not send it", "add mfa_serial = arn:aws:iam::<account>:mfa/<user> to the role profile or its "
                     "source profile in " + files_.config_path);
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
    auto key_id = env_.get_nonempty("AWS_ACCESS_KEY_ID");
    auto secret = env_.get_nonempty("AWS_SECRET_ACCESS_KEY");
    if (!key_id || !secret)
      throw CredentialError("no profile given, no [default] profile in " + files_.config_path +
                            ", and no credentials in the environment", "name a profile, e.g. `awsx exec PROFILE -- CMD`, or set AWS_PROFILE");
    plan.base.keys = {*key_id, *secret, env_.get_nonempty("AWS_SESSION_TOKEN").value_or(""), {}};
    plan.base.origin = "environment";
  } else {
    plan.section = &require_profile(plan.profile);
    std::vector<std::string> visiting;
    resolve(plan.profile, visiting, plan);
  }
  finish(plan);
  return plan;
}

} // namespace

Plan make_plan(const config::ConfigFiles& files, const util::Environment& env,
               const CredentialOptions& options) {
  return Planner(files, env, options).run();
}

} // namespace awsx::creds
