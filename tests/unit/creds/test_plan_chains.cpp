// Chains resolve as botocore's AssumeRoleProvider and ProfileProviderBuilder resolve them
// (botocore/credentials.py); the names of the cases follow botocore's own tests.
#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;
using creds::SourceKind;

namespace {

constexpr const char* config_path = "/home/u/.aws/config";
constexpr const char* credentials_path = "/home/u/.aws/credentials";

creds::Plan plan_for(const std::string& config, const std::string& credentials,
                     const std::string& profile) {
  const auto files = config::build(config, config_path, credentials, credentials_path);
  return creds::make_plan(files, util::MapEnvironment{}, {.profile = profile});
}

std::vector<std::string> role_arns(const creds::Plan& plan) {
  std::vector<std::string> arns;
  for (const auto& step : plan.roles)
    arns.push_back(step.role_arn);
  return arns;
}

template <typename E>
std::string error_of(const std::string& config, const std::string& credentials,
                     const std::string& profile) {
  try {
    plan_for(config, credentials, profile);
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST(CredsPlanChains, recursive_assume_role_stops_at_static_creds) {
  const auto plan =
      plan_for("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
               "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
               "[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = c\n",
               "[b]\naws_access_key_id = AKIAB\naws_secret_access_key = sb\n"
               "[c]\naws_access_key_id = AKIAC\naws_secret_access_key = sc\n",
               "a");
  EXPECT_EQ(role_arns(plan), std::vector<std::string>{"arn:aws:iam::1:role/a"});
  EXPECT_EQ(plan.base.keys.access_key_id, "AKIAB");
  EXPECT_EQ(plan.chain, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(plan.roles[0].chained) << "signed by b's long-term keys";
}

TEST(CredsPlanChains, static_keys_end_a_chain_that_would_otherwise_be_a_cycle) {
  const auto plan =
      plan_for("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
               "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
               "[b]\naws_access_key_id = AKIAB\naws_secret_access_key = sb\n", "a");
  EXPECT_EQ(role_arns(plan), std::vector<std::string>{"arn:aws:iam::1:role/a"});
  EXPECT_EQ(plan.base.keys.access_key_id, "AKIAB");
}

TEST(CredsPlanChains, the_profile_asked_for_is_a_role_even_with_keys_of_its_own) {
  const auto plan =
      plan_for("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
               "[profile b]\n",
               "[a]\naws_access_key_id = AKIAA\naws_secret_access_key = sa\n"
               "[b]\naws_access_key_id = AKIAB\naws_secret_access_key = sb\n",
               "a");
  EXPECT_EQ(role_arns(plan), std::vector<std::string>{"arn:aws:iam::1:role/a"});
  EXPECT_EQ(plan.base.keys.access_key_id, "AKIAB");
}

TEST(CredsPlanChains, web_identity_wins_over_source_profile_and_credential_source) {
  for (const char* extra : {"source_profile = step\n", "credential_source = Environment\n"}) {
    const auto plan =
        plan_for(std::string("[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\n"
                             "web_identity_token_file = /run/token\n") +
                     extra + "[profile step]\n",
                 "[step]\naws_access_key_id = AKIASTEP\naws_secret_access_key = s\n", "ci");
    EXPECT_EQ(plan.base.kind, SourceKind::web_identity) << extra;
    EXPECT_EQ(role_arns(plan), std::vector<std::string>{"arn:aws:iam::1:role/ci"});
    EXPECT_EQ(plan.chain, std::vector<std::string>{"ci"});
  }
}

TEST(CredsPlanChains, web_identity_source_profile_is_its_own_first_role) {
  const auto plan =
      plan_for("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = ci\n"
               "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\n"
               "web_identity_token_file = /run/token\nsource_profile = a\n",
               "", "a");
  EXPECT_EQ(plan.base.kind, SourceKind::web_identity);
  EXPECT_EQ(role_arns(plan),
            (std::vector<std::string>{"arn:aws:iam::1:role/ci", "arn:aws:iam::1:role/a"}));
  EXPECT_TRUE(plan.roles[1].chained);
}

TEST(CredsPlanChains, web_identity_without_role_arn_is_a_config_error) {
  const auto message =
      error_of<ConfigError>("[profile ci]\nweb_identity_token_file = /t\n", "", "ci");
  EXPECT_NE(message.find("/home/u/.aws/config:2: profile ci has web_identity_token_file but no "
                         "role_arn"),
            std::string::npos)
      << message;
}

TEST(CredsPlanChains, self_reference_without_keys_is_a_cycle) {
  const auto message = error_of<ConfigError>(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n", "", "a");
  EXPECT_NE(message.find("source_profile cycle: a -> a"), std::string::npos) << message;
}

TEST(CredsPlanChains, a_cycle_through_sources_is_still_a_cycle) {
  try {
    plan_for("[profile x]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = a\n"
             "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
             "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
             "", "x");
    FAIL() << "no cycle found";
  } catch (const creds::SourceCycle& e) {
    EXPECT_NE(std::string(e.what()).find("x -> a -> b -> a"), std::string::npos) << e.what();
    EXPECT_FALSE(e.returns_to_start());
  }
}

TEST(CredsPlanChains, sso_in_a_source_profile_comes_before_its_keys) {
  const auto plan = plan_for(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = s\n"
      "[profile s]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = r\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
      "eu-west-1\n",
      "[s]\naws_access_key_id = AKIAS\naws_secret_access_key = ss\n", "a");
  EXPECT_EQ(plan.base.kind, SourceKind::sso);
  EXPECT_TRUE(plan.roles[0].chained);
}

TEST(CredsPlanChains, sso_needs_an_account_or_role_not_just_a_session) {
  // botocore's SSOProvider ignores a profile with neither sso_account_id nor sso_role_name.
  const auto plan =
      plan_for("[profile s]\nsso_session = corp\n[sso-session corp]\n"
               "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
               "[s]\naws_access_key_id = AKIAS\naws_secret_access_key = ss\n", "s");
  EXPECT_EQ(plan.base.kind, SourceKind::keys);
}

TEST(CredsPlanChains, sso_start_url_that_disagrees_with_its_sso_session_is_a_config_error) {
  const auto message = error_of<ConfigError>(
      "[profile s]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\n"
      "sso_account_id = 111111111111\nsso_role_name = r\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
      "eu-west-1\n",
      "", "s");
  EXPECT_NE(message.find("sso_start_url"), std::string::npos) << message;
  EXPECT_NE(message.find("https://other.awsapps.com/start"), std::string::npos) << message;
  EXPECT_NE(message.find("https://corp.awsapps.com/start"), std::string::npos) << message;
  EXPECT_NE(message.find("/home/u/.aws/config:3"), std::string::npos) << message;
}

TEST(CredsPlanChains, credential_process_comes_between_credentials_file_and_config_file_keys) {
  const std::string config = "[profile p]\ncredential_process = /bin/vault p\n";
  EXPECT_EQ(plan_for(config, "[p]\naws_access_key_id = AKIAF\naws_secret_access_key = s\n", "p")
                .base.kind,
            SourceKind::keys);
  EXPECT_EQ(plan_for(config + "aws_access_key_id = AKIAC\naws_secret_access_key = s\n", "", "p")
                .base.kind,
            SourceKind::process);
}

TEST(CredsPlanChains, empty_keys_are_an_error_that_says_so) {
  const auto message =
      error_of<ConfigError>("", "[k]\naws_access_key_id =\naws_secret_access_key = s\n", "k");
  EXPECT_NE(
      message.find("/home/u/.aws/credentials:2: profile k has an empty aws_access_key_id"),
      std::string::npos)
      << message;
  const auto secret = error_of<ConfigError>(
      "", "[k]\naws_access_key_id = AKIAK\naws_secret_access_key =\n", "k");
  EXPECT_NE(secret.find("has an empty aws_secret_access_key"), std::string::npos) << secret;
}

TEST(CredsPlanChains, a_key_pair_split_across_the_two_files_is_an_error) {
  const auto message = error_of<ConfigError>("[profile k]\naws_secret_access_key = s\n",
                                             "[k]\naws_access_key_id = AKIAK\n", "k");
  EXPECT_NE(message.find("aws_access_key_id in /home/u/.aws/credentials but "
                         "aws_secret_access_key in /home/u/.aws/config"),
            std::string::npos)
      << message;
}

TEST(CredsPlanChains, the_older_aws_security_token_name_is_read_as_botocore_reads_it) {
  const auto plan = plan_for(
      "",
      "[t]\naws_access_key_id = ASIAT\naws_secret_access_key = s\naws_security_token = tok\n",
      "t");
  EXPECT_EQ(plan.base.keys.session_token, "tok");
}
