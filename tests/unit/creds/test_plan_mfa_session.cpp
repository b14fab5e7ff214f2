#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

// `step` holds long-term keys and the MFA device; `short` asks for the default 1h,
// `long` for 12h, `audit` sets mfa_session itself.
const char* config = R"([profile step]
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile short]
role_arn = arn:aws:iam::222222222222:role/short
source_profile = step

[profile long]
role_arn = arn:aws:iam::222222222222:role/long
source_profile = step
duration_seconds = 43200

[profile audit]
role_arn = arn:aws:iam::222222222222:role/audit
source_profile = step
mfa_session = off
)";

const char* credentials = "[step]\naws_access_key_id = AKIASTEP\naws_secret_access_key = s\n";

creds::Plan plan_for(const std::string& profile, util::MapEnvironment env = {},
                     const std::string& text = config) {
  const auto files =
      config::build(text, "/home/u/.aws/config", credentials, "/home/u/.aws/credentials");
  creds::CredentialOptions options;
  options.profile = profile;
  return creds::make_plan(files, env, options);
}

TEST(PlanMfaSession, a_role_of_at_most_1h_is_signed_by_a_12h_mfa_session) {
  const auto plan = plan_for("short");
  ASSERT_TRUE(plan.mfa_session);
  EXPECT_EQ(plan.mfa_session->mfa_serial, "arn:aws:iam::111111111111:mfa/alice");
  EXPECT_EQ(plan.mfa_session->duration_seconds, 43200);
  ASSERT_EQ(plan.roles.size(), 1u);
  EXPECT_EQ(plan.roles[0].mfa_serial, "") << "the code goes to GetSessionToken, once";
  EXPECT_EQ(plan.roles[0].duration_seconds, 3600);
  EXPECT_TRUE(plan.roles[0].chained);
  EXPECT_TRUE(plan.warnings.empty()) << "1h is no cap";
  EXPECT_EQ(plan.mfa_path, "the role asks for at most 1h, so signing it with the MFA "
                           "session costs nothing (mfa_session = auto, the default)");
  // Its own plan: GetSessionToken for the keys' profile, in the role's region.
  const auto session = creds::mfa_session_plan(plan);
  EXPECT_EQ(session.profile, "step");
  EXPECT_TRUE(session.roles.empty());
  ASSERT_TRUE(session.session_token);
  EXPECT_EQ(session.session_token->mfa_serial, "arn:aws:iam::111111111111:mfa/alice");
  EXPECT_EQ(session.region, "eu-west-1");
  EXPECT_EQ(session.base.keys.access_key_id, "AKIASTEP");
}

TEST(PlanMfaSession, a_given_code_goes_to_the_mfa_session) {
  const auto files =
      config::build(config, "/home/u/.aws/config", credentials, "/home/u/.aws/credentials");
  creds::CredentialOptions options;
  options.profile = "short";
  options.mfa_token = "123456"; // not refused as "no mfa_serial": the MFA session takes it
  EXPECT_TRUE(creds::make_plan(files, util::MapEnvironment{}, options).mfa_session);
}

TEST(PlanMfaSession, longer_roles_and_explicit_offs_stay_direct_and_say_why) {
  auto plan = plan_for("long");
  EXPECT_FALSE(plan.mfa_session);
  EXPECT_EQ(plan.roles[0].mfa_serial, "arn:aws:iam::111111111111:mfa/alice");
  EXPECT_FALSE(plan.roles[0].chained);
  EXPECT_EQ(plan.mfa_path,
            "the role asks for 43200s, more than the 1h a role signed by an MFA session may "
            "last");
  plan = plan_for("audit");
  EXPECT_FALSE(plan.mfa_session);
  EXPECT_EQ(plan.mfa_path, "mfa_session = off (profile audit, /home/u/.aws/config:17)");
  plan = plan_for("short", {{"AWSX_MFA_SESSION", "off"}});
  EXPECT_FALSE(plan.mfa_session);
  EXPECT_EQ(plan.mfa_path, "mfa_session = off (AWSX_MFA_SESSION)");
}

TEST(PlanMfaSession, the_setting_is_read_from_the_role_then_the_keys_profile) {
  const std::string on_step =
      "[profile step]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::1:mfa/a\n"
      "mfa_session = off\n\n[profile r]\nrole_arn = arn:aws:iam::2:role/r\n"
      "source_profile = step\n";
  EXPECT_FALSE(plan_for("r", {}, on_step).mfa_session);
  EXPECT_TRUE(plan_for("r", {}, on_step + "mfa_session = auto\n").mfa_session);
  EXPECT_TRUE(plan_for("r", {{"AWSX_MFA_SESSION", "off"}}, on_step + "mfa_session = auto\n")
                  .mfa_session);
}

TEST(PlanMfaSession, a_bad_value_names_its_line) {
  const std::string bad =
      "[profile step]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::1:mfa/a\n"
      "\n[profile r]\nrole_arn = arn:aws:iam::2:role/r\n"
      "source_profile = step\nmfa_session = yes\n";
  try {
    plan_for("r", {}, bad);
    FAIL() << "accepted mfa_session = yes";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/home/u/.aws/config:8: mfa_session = yes is neither auto nor off");
    EXPECT_NE(e.hint().find("auto"), std::string::npos);
  }
  try {
    plan_for("short", {{"AWSX_MFA_SESSION", "on"}});
    FAIL() << "accepted AWSX_MFA_SESSION=on";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "AWSX_MFA_SESSION: mfa_session = on is neither auto nor off");
  }
}

TEST(PlanMfaSession, no_mfa_or_no_session_means_no_mfa_session) {
  const std::string plain =
      "[profile k]\nregion = eu-west-1\n\n[profile r]\nrole_arn = arn:aws:iam::2:role/r\n"
      "source_profile = k\n";
  const auto files = config::build(plain, "/c",
                                   "[k]\naws_access_key_id = AKIAK\n"
                                   "aws_secret_access_key = s\n",
                                   "/k");
  creds::CredentialOptions r;
  r.profile = "r";
  auto plan = creds::make_plan(files, util::MapEnvironment{}, r);
  EXPECT_FALSE(plan.mfa_session);
  EXPECT_EQ(plan.mfa_path, "") << "no MFA, nothing to choose";
  creds::CredentialOptions no_session;
  no_session.profile = "short";
  no_session.no_session = true;
  const auto direct = creds::make_plan(config::build(config, "/c", credentials, "/k"),
                                       util::MapEnvironment{}, no_session);
  EXPECT_FALSE(direct.mfa_session);
  EXPECT_EQ(direct.mfa_path, "--no-session");
}

TEST(PlanMfaSession, the_two_paths_name_two_sessions) {
  const auto files =
      config::build(config, "/home/u/.aws/config", credentials, "/home/u/.aws/credentials");
  util::MapEnvironment env;
  creds::CredentialOptions options;
  options.profile = "short";
  const auto via = creds::make_plan(files, env, options);
  util::MapEnvironment off{{"AWSX_MFA_SESSION", "off"}};
  const auto direct = creds::make_plan(files, off, options);
  EXPECT_NE(store::cached_session_name(via, files, env),
            store::cached_session_name(direct, files, env));
}

} // namespace
