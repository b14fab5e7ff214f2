#include <gtest/gtest.h>

#include <pwd.h>
#include <unistd.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

const char* step_config = R"([profile step]
region = eu-west-1
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile prod]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = step
duration_seconds = 43200
)";

const char* step_credentials = R"([step]
aws_access_key_id = AKIASTEP
aws_secret_access_key = stepsecret
)";

creds::Plan plan_for(const std::string& config, const std::string& credentials,
                     creds::CredentialOptions options, util::MapEnvironment env = {}) {
  const auto files = config::build(config, "/home/u/.aws/config", credentials,
                                   "/home/u/.aws/credentials");
  return creds::make_plan(files, env, options);
}

template <typename E>
std::string error_of(const std::string& config, const std::string& credentials,
                     const std::string& profile) {
  try {
    plan_for(config, credentials, {.profile = profile});
  } catch (const E& e) {
    return std::string(e.what()) + "\n" + e.hint();
  }
  return "no error";
}

} // namespace

TEST(CredsPlan, role_from_step_account_is_one_direct_assume_role_with_inherited_mfa) {
  const auto plan = plan_for(step_config, step_credentials, {.profile = "prod"});
  EXPECT_EQ(plan.base.profile, "step");
  EXPECT_EQ(plan.base.keys.access_key_id, "AKIASTEP");
  EXPECT_FALSE(plan.session_token) << "never GetSessionToken in front of a role";
  ASSERT_EQ(plan.roles.size(), 1u);
  EXPECT_EQ(plan.roles[0].role_arn, "arn:aws:iam::222222222222:role/admin");
  EXPECT_EQ(plan.roles[0].mfa_serial, "arn:aws:iam::111111111111:mfa/alice");
  EXPECT_EQ(plan.roles[0].duration_seconds, 43200);
  EXPECT_FALSE(plan.roles[0].chained);
  EXPECT_EQ(plan.region, "eu-west-1") << "region inherited from the source profile";
  EXPECT_TRUE(plan.warnings.empty());
}

TEST(CredsPlan, options_override_the_final_role) {
  const auto plan = plan_for(step_config, step_credentials,
                             {.profile = "prod",
                              .duration = std::chrono::seconds(5400),
                              .region = "ap-south-1",
                              .session_name = "ci",
                              .external_id = "xyz"});
  EXPECT_EQ(plan.roles[0].duration_seconds, 5400);
  EXPECT_EQ(plan.roles[0].session_name, "ci");
  EXPECT_EQ(plan.roles[0].external_id, "xyz");
  EXPECT_EQ(plan.region, "ap-south-1");
}

TEST(CredsPlan, default_session_name_is_the_login_name_whatever_USER_says) {
  const auto* entry = ::getpwuid(::getuid());
  ASSERT_NE(entry, nullptr) << "this test needs an entry for uid " << ::getuid();
  const std::string expected = std::string("awsx-") + entry->pw_name;
  const auto with_user =
      plan_for(step_config, step_credentials, {.profile = "prod"}, {{"USER", "bob"}});
  const auto without = plan_for(step_config, step_credentials, {.profile = "prod"});
  EXPECT_EQ(creds::session_name_of(with_user.roles[0]), expected);
  EXPECT_EQ(creds::session_name_of(without.roles[0]), expected);
}

TEST(CredsPlan, chained_role_is_capped_at_one_hour_with_a_warning) {
  const std::string config = std::string(step_config) +
                             "[profile deeper]\nrole_arn = arn:aws:iam::3:role/x\n"
                             "source_profile = prod\nduration_seconds = 7200\n";
  const auto plan = plan_for(config, step_credentials, {.profile = "deeper"});
  ASSERT_EQ(plan.roles.size(), 2u);
  EXPECT_EQ(plan.roles[0].duration_seconds, 43200);
  EXPECT_TRUE(plan.roles[1].chained);
  EXPECT_EQ(plan.roles[1].duration_seconds, 3600);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_NE(plan.warnings[0].find("role chaining"), std::string::npos);
}

TEST(CredsPlan, plain_keys_get_a_twelve_hour_session_token_unless_no_session) {
  const auto plan = plan_for(step_config, step_credentials, {.profile = "step"});
  ASSERT_TRUE(plan.session_token);
  EXPECT_EQ(plan.session_token->duration_seconds, 43200);
  EXPECT_EQ(plan.session_token->mfa_serial, "arn:aws:iam::111111111111:mfa/alice");
  const auto raw = plan_for(step_config, step_credentials, {.profile = "step", .no_session = true});
  EXPECT_FALSE(raw.session_token);
}

TEST(CredsPlan, stored_session_credentials_are_used_as_they_are) {
  const auto plan = plan_for("", "[tmp]\naws_access_key_id = ASIAX\naws_secret_access_key = s\n"
                                 "aws_session_token = t\n",
                             {.profile = "tmp"});
  EXPECT_FALSE(plan.session_token);
  EXPECT_TRUE(plan.roles.empty());
  EXPECT_EQ(plan.base.keys.session_token, "t");
}

TEST(CredsPlan, self_referencing_source_uses_the_profiles_own_keys) {
  const auto plan = plan_for("[profile self]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = self\n",
                             "[self]\naws_access_key_id = AKIASELF\naws_secret_access_key = s\n",
                             {.profile = "self"});
  EXPECT_EQ(plan.base.keys.access_key_id, "AKIASELF");
  EXPECT_EQ(plan.roles.size(), 1u);
}

TEST(CredsPlan, profile_comes_from_aws_profile_then_default) {
  util::MapEnvironment env({{"AWS_PROFILE", "prod"}});
  EXPECT_EQ(plan_for(step_config, step_credentials, {}, env).profile, "prod");
  const auto fallback = plan_for("[default]\nregion = us-west-2\n",
                                 "[default]\naws_access_key_id = AKIAD\naws_secret_access_key = s\n", {});
  EXPECT_EQ(fallback.profile, "default");
}

TEST(CredsPlan, ambient_environment_keys_without_any_profile) {
  util::MapEnvironment env({{"AWS_ACCESS_KEY_ID", "ASIAENV"},
                            {"AWS_SECRET_ACCESS_KEY", "s"},
                            {"AWS_SESSION_TOKEN", "t"},
                            {"AWS_REGION", "eu-north-1"}});
  const auto plan = plan_for("", "", {}, env);
  EXPECT_EQ(plan.profile, "");
  EXPECT_EQ(plan.base.origin, "environment");
  EXPECT_EQ(plan.region, "eu-north-1");
  EXPECT_FALSE(plan.session_token);
}

TEST(CredsPlan, role_arn_option_adds_a_role_on_top) {
  util::MapEnvironment env({{"AWS_ACCESS_KEY_ID", "ASIAENV"},
                            {"AWS_SECRET_ACCESS_KEY", "s"},
                            {"AWS_SESSION_TOKEN", "t"}});
  const auto plan = plan_for("", "", {.duration = std::chrono::seconds(43200),
                                      .role_arn = "arn:aws:iam::1:role/adhoc"}, env);
  ASSERT_EQ(plan.roles.size(), 1u);
  EXPECT_EQ(plan.roles[0].role_arn, "arn:aws:iam::1:role/adhoc");
  EXPECT_TRUE(plan.roles[0].chained);
  EXPECT_EQ(plan.roles[0].duration_seconds, 3600);
}

TEST(CredsPlan, source_profile_cycle_names_every_profile) {
  const auto message = error_of<ConfigError>(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
      "", "a");
  EXPECT_NE(message.find("source_profile cycle: a -> b -> a"), std::string::npos) << message;
  EXPECT_NE(message.find("/home/u/.aws/config:6"), std::string::npos) << message;
}

TEST(CredsPlan, missing_source_profile_names_file_line_and_profile) {
  const auto message = error_of<ConfigError>(
      "[profile prod]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = nowhere\n", "", "prod");
  EXPECT_NE(message.find("/home/u/.aws/config:3"), std::string::npos) << message;
  EXPECT_NE(message.find("no profile \"nowhere\""), std::string::npos) << message;
}

TEST(CredsPlan, unknown_profile_lists_the_known_ones) {
  const auto message = error_of<ConfigError>(step_config, step_credentials, "staging");
  EXPECT_NE(message.find("profile \"staging\" not found"), std::string::npos) << message;
  EXPECT_NE(message.find("known profiles: prod, step"), std::string::npos) << message;
}

TEST(CredsPlan, mfa_token_without_any_mfa_serial_is_refused) {
  try {
    plan_for("[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n",
             "[k]\naws_access_key_id = AKIAK\naws_secret_access_key = s\n",
             {.profile = "r", .mfa_token = "123456"});
    FAIL();
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find("has no mfa_serial"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("mfa_serial = arn:aws:iam::"), std::string::npos);
  }
}

TEST(CredsPlan, half_a_key_pair_is_a_config_error_at_its_line) {
  const auto message = error_of<ConfigError>("", "\n[k]\naws_access_key_id = AKIAK\n", "k");
  EXPECT_NE(message.find("/home/u/.aws/credentials:3"), std::string::npos) << message;
  EXPECT_NE(message.find("no aws_secret_access_key"), std::string::npos) << message;
}

TEST(CredsPlan, profile_without_credentials_says_how_to_add_them) {
  const auto message = error_of<CredentialError>("[profile empty]\nregion = x\n", "", "empty");
  EXPECT_NE(message.find("profile empty"), std::string::npos) << message;
  EXPECT_NE(message.find("has no credentials"), std::string::npos) << message;
}

TEST(CredsPlan, bad_duration_seconds_is_reported_at_its_line) {
  const auto message = error_of<ConfigError>(
      "[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = r\nduration_seconds = 12h\n",
      "[r]\naws_access_key_id = A\naws_secret_access_key = s\n", "r");
  EXPECT_NE(message.find("/home/u/.aws/config:4"), std::string::npos) << message;
}

TEST(CredsPlan, a_region_that_is_not_a_host_label_is_refused_naming_where_it_came_from) {
  const std::string hostile = "x@127.0.0.1:9/";
  const auto message = [&](const std::string& config, creds::CredentialOptions options,
                           util::MapEnvironment env) {
    try {
      plan_for(config, step_credentials, std::move(options), std::move(env));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string no_region = "[profile step]\n[profile prod]\nrole_arn = "
                                "arn:aws:iam::222222222222:role/admin\nsource_profile = step\n";
  EXPECT_NE(message(no_region, {.profile = "prod", .region = hostile}, {}).find("from --region"),
            std::string::npos);
  EXPECT_NE(message(no_region, {.profile = "prod"}, util::MapEnvironment({{"AWS_REGION", hostile}}))
                .find("from AWS_REGION"),
            std::string::npos);
  EXPECT_NE(message(no_region, {.profile = "prod"},
                    util::MapEnvironment({{"AWS_DEFAULT_REGION", hostile}}))
                .find("from AWS_DEFAULT_REGION"),
            std::string::npos);
  const auto in_file = message("[profile step]\nregion = " + hostile + "\n" + no_region.substr(15),
                               {.profile = "prod"}, {});
  EXPECT_NE(in_file.find("from region of profile step (/home/u/.aws/config:2)"),
            std::string::npos)
      << in_file;
  // A bad value that is not the one chosen is never used, so it is not an error.
  EXPECT_EQ(message(no_region, {.profile = "prod", .region = "eu-west-1"},
                    util::MapEnvironment({{"AWS_REGION", hostile}})),
            "no error");
}

TEST(CredsPlan, sso_region_that_is_not_a_host_label_is_a_config_error_with_its_line) {
  const auto message = error_of<ConfigError>(
      "[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = a.evil\n"
      "sso_account_id = 111111111111\nsso_role_name = r\n",
      "", "s");
  EXPECT_NE(message.find("sso_region of profile s (/home/u/.aws/config:3)"), std::string::npos)
      << message;
}
