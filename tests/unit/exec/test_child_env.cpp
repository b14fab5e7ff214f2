#include <gtest/gtest.h>

#include <algorithm>

#include "awsx/exec/child_env.hpp"

using namespace awsx;

namespace {

bool has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

bool has_name(const std::vector<std::string>& env, const std::string& name) {
  return std::any_of(env.begin(), env.end(),
                     [&](const std::string& e) { return e.rfind(name + "=", 0) == 0; });
}

creds::Session session() {
  creds::Session s;
  s.credentials = {"ASIANEW", "newsecret", "newtoken",
                   std::chrono::system_clock::from_time_t(1767323045)};
  s.region = "eu-west-1";
  s.profile = "prod";
  return s;
}

const std::vector<std::string> parent = {
    "PATH=/usr/bin",
    "AWS_ACCESS_KEY_ID=AKIAOLD",
    "AWS_SECRET_ACCESS_KEY=old",
    "AWS_SESSION_TOKEN=oldtoken",
    "AWS_SECURITY_TOKEN=stale",
    "AWS_PROFILE=other",
    "AWS_DEFAULT_PROFILE=other",
    "AWS_REGION=us-east-1",
    "AWS_DEFAULT_REGION=us-east-1",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:1/",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN=x",
    "AWS_PROFILE_LIKE=kept",
};

} // namespace

TEST(ExecChildEnv, sets_the_session_and_clears_stale_variables) {
  const auto env = exec::child_environment(parent, session());
  EXPECT_TRUE(has(env, "PATH=/usr/bin"));
  EXPECT_TRUE(has(env, "AWS_PROFILE_LIKE=kept"));
  EXPECT_TRUE(has(env, "AWS_ACCESS_KEY_ID=ASIANEW"));
  EXPECT_TRUE(has(env, "AWS_SECRET_ACCESS_KEY=newsecret"));
  EXPECT_TRUE(has(env, "AWS_SESSION_TOKEN=newtoken"));
  EXPECT_TRUE(has(env, "AWS_CREDENTIAL_EXPIRATION=2026-01-02T03:04:05+00:00"));
  EXPECT_TRUE(has(env, "AWS_REGION=eu-west-1"));
  EXPECT_TRUE(has(env, "AWS_DEFAULT_REGION=eu-west-1"));
  EXPECT_TRUE(has(env, "AWSX_PROFILE=prod"));
  for (const char* gone : {"AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                           "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN"})
    EXPECT_FALSE(has_name(env, gone)) << gone;
  EXPECT_EQ(std::count_if(env.begin(), env.end(),
                          [](const std::string& e) { return e.rfind("AWS_ACCESS_KEY_ID=", 0) == 0; }),
            1);
}

TEST(ExecChildEnv, long_term_keys_get_no_token_or_expiry_and_unknown_region_keeps_parents) {
  creds::Session s;
  s.credentials = {"AKIAKEEP", "secret", "", std::nullopt};
  const auto env = exec::child_environment(parent, s);
  EXPECT_FALSE(has_name(env, "AWS_SESSION_TOKEN"));
  EXPECT_FALSE(has_name(env, "AWS_CREDENTIAL_EXPIRATION"));
  EXPECT_FALSE(has_name(env, "AWSX_PROFILE"));
  EXPECT_TRUE(has(env, "AWS_REGION=us-east-1"));
}

TEST(ExecChildEnv, the_keyring_passphrase_reaches_no_child) {
  auto with_secret = parent;
  with_secret.push_back("AWSX_FILE_PASSPHRASE=hunter2");
  for (const auto& env :
       {exec::child_environment(with_secret, session()),
        exec::server_child_environment(with_secret, session(), "http://127.0.0.1:1/", "t")})
    EXPECT_FALSE(has_name(env, "AWSX_FILE_PASSPHRASE"));
}
