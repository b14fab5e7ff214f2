// The planner's choice between a direct MFA role and one signed by an MFA session.

#include <utility>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan_internal.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::creds {

namespace {

// A GetSessionToken session lasts at most 12 h; the MFA session asks for all of it.
constexpr int mfa_session_seconds = 43200;

// Throws unless `value` (from `origin`) is one of the values mfa_session takes.
void check_mode(const std::string& value, const std::string& origin) {
  if (value != "auto" && value != "off")
    throw ConfigError(origin + ": mfa_session = " + value + " is neither auto nor off",
                      "set mfa_session = auto (one MFA code for every role of at most 1h) "
                      "or off (each role asks its own code)");
}

// mfa_session: the first role's profile, else the profile of the keys, else
// AWSX_MFA_SESSION, else auto; with what set it.
std::pair<std::string, std::string> mfa_session_setting(const config::ConfigFiles& files,
                                                        const util::Environment& env,
                                                        const Plan& plan) {
  for (const auto* name : {&plan.roles.front().profile, &plan.base.profile}) {
    const auto* section = name->empty() ? nullptr : files.profile(*name);
    if (const auto* setting = section ? section->find("mfa_session") : nullptr) {
      check_mode(setting->value, planning::where(*setting));
      return {setting->value, "profile " + *name + ", " + planning::where(*setting)};
    }
  }
  if (auto value = env.get_nonempty("AWSX_MFA_SESSION")) {
    check_mode(*value, "AWSX_MFA_SESSION");
    return {*value, "AWSX_MFA_SESSION"};
  }
  return {"auto", "the default"};
}

} // namespace

namespace planning {

void Planner::choose_mfa_path(Plan& plan) const {
  auto& first = plan.roles.front();
  if (first.mfa_serial.empty() || !plan.base.long_term())
    return;
  auto& why = plan.mfa_path;
  const auto [mode, origin] = mfa_session_setting(files_, env_, plan);
  const int seconds = first.duration_seconds.value_or(0);
  if (options_.no_session) {
    why = "--no-session";
  } else if (mode == "off") {
    why = "mfa_session = off (" + origin + ")";
  } else if (seconds > role_chaining_limit) {
    why = "the role asks for " + std::to_string(seconds) +
          "s, more than the 1h a role signed by an MFA session may last";
  } else {
    why = "the role asks for at most 1h, so signing it with the MFA session costs "
          "nothing (mfa_session = auto, " +
          origin + ")";
    plan.mfa_session =
        SessionTokenStep{first.mfa_serial, first.mfa_process, mfa_session_seconds};
    first.mfa_serial.clear();
    first.mfa_process.clear();
  }
}

} // namespace planning

Plan mfa_session_plan(const Plan& plan) {
  Plan session;
  session.profile = plan.base.profile;
  session.section = plan.section; // the same STS endpoint as the role it signs
  session.base = plan.base;
  session.session_token = plan.mfa_session;
  session.region = plan.region;
  session.region_origin = plan.region_origin;
  session.chain = {plan.base.profile};
  return session;
}

} // namespace awsx::creds
