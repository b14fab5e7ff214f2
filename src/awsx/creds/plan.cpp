#include "awsx/creds/plan.hpp"

#include <algorithm>
#include <tuple>

#include "awsx/aws/region.hpp"
#include "awsx/creds/plan_internal.hpp"
#include "awsx/creds/planned_chain.hpp"
#include "awsx/creds/profile_command.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/shell_words.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/user.hpp"

namespace awsx::creds {

namespace {

constexpr int default_role_seconds = 3600;
constexpr int default_session_seconds = 43200;

// "awsx-<login name>" of `user`, else "awsx-uid-<uid>", in the characters STS accepts.
std::string session_name_for(const util::RealUser& user) {
  std::string name = "awsx-";
  for (char c : user.name.value_or(""))
    if (std::isalnum(static_cast<unsigned char>(c)) ||
        std::string_view("+=,.@-_").find(c) != std::string_view::npos)
      name.push_back(c);
  if (name.size() == 5)
    name += "uid-" + std::to_string(user.uid);
  return name.substr(0, 64);
}

} // namespace

namespace planning {

std::string where(const config::Setting& setting) {
  return *setting.file + ":" + std::to_string(setting.line);
}

std::string where(const config::Section& section) {
  return *section.file + ":" + std::to_string(section.line);
}

std::string value_of(const config::Section& section, const char* key) {
  return section.get(key).value_or("");
}

std::string command_of(const config::Section& section, const char* key) {
  const auto* setting = section.find(key);
  if (setting == nullptr)
    return "";
  // A command that can't be split is a config error before any network call or prompt;
  // one without words is reported when (and if) it has to run.
  if (!util::shell_split(setting->value))
    profile_command_words({key, setting->value, section.name, where(*setting)});
  return setting->value;
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

const config::Section& Planner::require_profile(const std::string& name) const {
  if (const auto* section = files_.profile(name))
    return *section;
  const std::string known = util::join(files_.profile_names(), ", ");
  throw ConfigError("profile \"" + name + "\" not found in " + files_.config_path + " or " +
                        files_.credentials_path,
                    known.empty() ? "no profiles are configured; create " + files_.config_path
                                  : "known profiles: " + known);
}

RoleStep Planner::role_step(const config::Section& section) const {
  RoleStep step;
  step.profile = section.name;
  step.role_arn = value_of(section, "role_arn");
  step.session_name = value_of(section, "role_session_name");
  step.external_id = value_of(section, "external_id");
  step.mfa_serial = value_of(section, "mfa_serial");
  step.mfa_process = command_of(section, "mfa_process");
  step.duration_seconds = seconds_setting(section, "duration_seconds");
  if (step.duration_seconds)
    step.duration_origin = "duration_seconds in profile " + section.name;
  return step;
}

void Planner::resolve(const std::string& start, Plan& plan) {
  const auto walk = planned_chain(files_, start);
  std::vector<RoleStep> steps; // of the chain's roles, the start's first
  for (std::size_t i = 0; i < walk.profiles.size(); ++i) {
    const std::string& name = walk.profiles[i];
    chain_.push_back(name);
    const auto* section = files_.profile(name);
    if (section == nullptr) {
      // `awsx add NAME` needs no config section: the keyring alone defines the profile.
      if (auto stored = stored_keys(name, nullptr)) {
        plan.base = std::move(*stored);
        break;
      }
      if (i == 0)
        require_profile(name); // throws
      missing_source(*files_.profile(walk.profiles[i - 1]));
    }
    if (!assumes_role(*section, i == 0)) {
      profile_credentials(*section, plan);
      break;
    }
    if (!role_source(*section, plan, steps))
      break; // credential_source
    if (i + 1 == walk.profiles.size() &&
        (!walk.ends_in_itself() || !self_source(*section, plan)))
      throw SourceCycle(where(*walk.closing) + ": source_profile cycle: " + walk.cycle_path(),
                        "make one of these profiles use access keys instead of "
                        "source_profile",
                        walk.cycle_path(), walk.returns_to_start());
  }
  plan.roles.insert(plan.roles.end(), steps.rbegin(), steps.rend());
}

bool Planner::role_source(const config::Section& section, Plan& plan,
                          std::vector<RoleStep>& steps) const {
  const std::string& name = section.name;
  const auto* source = section.find("source_profile");
  const auto* cred_source = section.find("credential_source");
  if (source != nullptr && cred_source != nullptr)
    throw ConfigError(where(*cred_source) + ": profile " + name +
                          " has both source_profile and credential_source",
                      "keep only one of them");
  if (source == nullptr && cred_source == nullptr)
    throw ConfigError(where(section) + ": profile " + name +
                          " has role_arn but no source_profile, credential_source or "
                          "web_identity_token_file",
                      "add source_profile = <a profile with access keys> to [profile " + name +
                          "]");
  if (source == nullptr)
    plan.base = credential_source(section, *cred_source);
  steps.push_back(role_step(section));
  return source != nullptr;
}

void Planner::missing_source(const config::Section& section) const {
  const auto& source = *section.find("source_profile");
  throw ConfigError(where(source) + ": profile " + section.name + " has source_profile = " +
                        source.value + ", but no profile \"" + source.value + "\" exists",
                    "define [profile " + source.value + "] in " + files_.config_path +
                        ", run `awsx add " + source.value + "`, or fix the name");
}

bool Planner::self_source(const config::Section& section, Plan& plan) const {
  if (has_static_keys(section)) {
    profile_credentials(section, plan);
    return true;
  }
  // awsx's extension: keys stored with `awsx add` count as the profile's own.
  if (auto stored = stored_keys(section.name, &section)) {
    plan.base = std::move(*stored);
    return true;
  }
  return false;
}

std::pair<std::string, std::string>
Planner::region_for(const std::vector<std::string>& chain) const {
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
  bool temporary = plan.base.temporary() || plan.mfa_session.has_value();
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
      if (!step.duration_seconds) {
        step.duration_seconds = default_role_seconds;
        step.duration_origin = "default";
      }
    }
    choose_mfa_path(plan);
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
  // Before anything is sent: the region becomes part of the STS host name.
  if (!plan.region.empty())
    aws::check_region_name(plan.region, plan.region_origin);
  plan.chain = chain_;
  if (!options_.mfa_token.empty()) {
    const bool wanted = std::any_of(plan.roles.begin(), plan.roles.end(),
                                    [](const RoleStep& s) { return !s.mfa_serial.empty(); }) ||
                        (plan.session_token && !plan.session_token->mfa_serial.empty()) ||
                        plan.mfa_session.has_value();
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
  plan.profile = named_profile(options_, env_)
                     .value_or(files_.profile("default") != nullptr ? "default" : "");
  if (plan.profile.empty()) {
    const bool env_keys = env_.get_nonempty("AWS_ACCESS_KEY_ID").has_value();
    if (env_keys)
      plan.base = environment_keys("the ambient credentials");
    else if (!ambient_container(plan.base))
      throw CredentialError(
          "no profile given, no [default] profile in " + files_.config_path +
              ", and no credentials in the environment or a container "
              "endpoint",
          "name a profile, e.g. `awsx exec PROFILE -- CMD`, or set AWS_PROFILE");
  } else {
    plan.section = files_.profile(plan.profile);
    resolve(plan.profile, plan);
  }
  finish(plan);
  return plan;
}

} // namespace planning

std::string session_name_of(const RoleStep& step) {
  if (!step.session_name.empty())
    return step.session_name;
  static const std::string fallback = session_name_for(util::real_user());
  return fallback;
}

std::optional<std::string> named_profile(const CredentialOptions& options,
                                         const util::Environment& env) {
  if (!options.profile.empty())
    return options.profile;
  return env.get_nonempty("AWS_PROFILE");
}

Plan make_plan(const config::ConfigFiles& files, const util::Environment& env,
               const CredentialOptions& options, StoredKeys* stored) {
  return planning::Planner(files, env, options, stored).run();
}

} // namespace awsx::creds
