#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;
using creds::SourceKind;

namespace {

creds::Plan plan_for(const std::string& config, creds::CredentialOptions options,
                     const util::MapEnvironment& env = {}) {
  const auto files = config::build(config, "/cfg", "", "/creds");
  return creds::make_plan(files, env, options);
}

} // namespace

TEST(CredsPlanSources, ecs_container_source_is_temporary_so_the_role_is_capped) {
  util::MapEnvironment env{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/get"}};
  const auto plan = plan_for("[profile c]\nrole_arn = arn:aws:iam::1:role/r\n"
                             "credential_source = EcsContainer\nduration_seconds = 43200\n",
                             {.profile = "c"}, env);
  EXPECT_EQ(plan.base.kind, SourceKind::container);
  ASSERT_EQ(plan.roles.size(), 1u);
  EXPECT_EQ(plan.roles[0].duration_seconds, 3600);
  EXPECT_TRUE(plan.roles[0].chained);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_NE(plan.warnings[0].find("role chaining"), std::string::npos);
}

TEST(CredsPlanSources, ecs_container_source_without_the_variables_is_refused) {
  EXPECT_THROW(plan_for("[profile c]\nrole_arn = arn:aws:iam::1:role/r\n"
                        "credential_source = EcsContainer\n",
                        {.profile = "c"}),
               CredentialError);
}

TEST(CredsPlanSources, unknown_credential_source_names_its_line) {
  try {
    plan_for("[profile c]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = ecs\n",
             {.profile = "c"});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/cfg:3: credential_source = ecs"), std::string::npos)
        << e.what();
  }
}

TEST(CredsPlanSources, environment_and_instance_metadata_sources) {
  util::MapEnvironment env{{"AWS_ACCESS_KEY_ID", "AKIAENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
  const auto from_env = plan_for("[profile e]\nrole_arn = arn:aws:iam::1:role/r\n"
                                 "credential_source = Environment\nduration_seconds = 43200\n",
                                 {.profile = "e"}, env);
  EXPECT_EQ(from_env.base.keys.access_key_id, "AKIAENV");
  EXPECT_EQ(from_env.roles[0].duration_seconds, 43200) << "long-term env keys are not chaining";
  const auto imds = plan_for("[profile i]\nrole_arn = arn:aws:iam::1:role/r\n"
                             "credential_source = Ec2InstanceMetadata\n",
                             {.profile = "i"});
  EXPECT_EQ(imds.base.kind, SourceKind::instance_metadata);
}

TEST(CredsPlanSources, sso_session_profile) {
  const auto plan = plan_for("[profile s]\nsso_session = corp\nsso_account_id = 111122223333\n"
                             "sso_role_name = Admin\n[sso-session corp]\n"
                             "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
                             {.profile = "s"});
  EXPECT_EQ(plan.base.kind, SourceKind::sso);
  EXPECT_EQ(plan.base.sso.session, "corp");
  EXPECT_EQ(plan.base.sso.start_url, "https://corp.awsapps.com/start");
  EXPECT_EQ(plan.base.sso.region, "eu-west-1");
  EXPECT_EQ(plan.base.sso.account_id, "111122223333");
  EXPECT_EQ(plan.base.sso.role_name, "Admin");
  EXPECT_FALSE(plan.session_token) << "SSO credentials are already a session";
}

TEST(CredsPlanSources, incomplete_sso_profile_lists_what_is_missing) {
  try {
    plan_for("[profile s]\nsso_start_url = https://x/start\nsso_account_id = 1\n",
             {.profile = "s"});
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("lacks sso_region, sso_role_name"), std::string::npos)
        << e.what();
  }
}

TEST(CredsPlanSources, credential_process_profile) {
  const auto plan =
      plan_for("[profile p]\ncredential_process = /usr/bin/get-creds --x\n", {.profile = "p"});
  EXPECT_EQ(plan.base.kind, SourceKind::process);
  EXPECT_EQ(plan.base.command, "/usr/bin/get-creds --x");
  EXPECT_FALSE(plan.session_token);
}

TEST(CredsPlanSources, web_identity_profile_assumes_its_role_unchained) {
  const auto plan = plan_for("[profile w]\nrole_arn = arn:aws:iam::1:role/r\n"
                             "web_identity_token_file = /var/run/token\nduration_seconds = 7200\n",
                             {.profile = "w"});
  EXPECT_EQ(plan.base.kind, SourceKind::web_identity);
  EXPECT_EQ(plan.base.token_file, "/var/run/token");
  ASSERT_EQ(plan.roles.size(), 1u);
  EXPECT_EQ(plan.roles[0].duration_seconds, 7200);
  EXPECT_FALSE(plan.roles[0].chained);
}

TEST(CredsPlanSources, ambient_container_when_nothing_else_is_there) {
  util::MapEnvironment env{{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"}};
  const auto plan = plan_for("", {}, env);
  EXPECT_EQ(plan.base.kind, SourceKind::container);
  EXPECT_TRUE(plan.roles.empty());
  EXPECT_FALSE(plan.session_token);
}

TEST(CredsPlanSources, source_profile_and_credential_source_together_are_an_error) {
  EXPECT_THROW(plan_for("[profile x]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = x\n"
                        "credential_source = Environment\n",
                        {.profile = "x"}),
               ConfigError);
}
