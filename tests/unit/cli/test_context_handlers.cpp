#include <algorithm>

#include <gtest/gtest.h>

#include "awsx/cli/handlers.hpp"
#include "cli/context_fixture.hpp"
#include "support/run_awsx.hpp"

namespace awsx::test {
namespace {

using ContextHandlers = ContextTest;

bool has(const std::vector<std::string>& entries, const std::string& entry) {
  return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

TEST_F(ContextHandlers, list_reads_the_config_and_keyrings_of_the_context) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  const auto r = run_awsx({"list"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("base "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("vault "), std::string::npos) << r.out; // only in the memory keyring
  const auto dev_line = r.out.substr(r.out.find("dev "));
  EXPECT_NE(dev_line.substr(0, dev_line.find('\n')).find("1h"), std::string::npos) << r.out;
}

TEST_F(ContextHandlers, doctor_explains_the_profile_from_the_context_environment) {
  const auto r = run_awsx({"doctor", "dev"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("arn:aws:iam::111122223333:role/dev"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(t.env.get("AWS_CONFIG_FILE").value()), std::string::npos) << r.out;
  EXPECT_EQ(t.transports.made, 0);
}

TEST_F(ContextHandlers, clear_forgets_the_sessions_in_the_context_keyring) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  const auto r = run_awsx({"clear"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "Cleared 1 cached session.\n");
  EXPECT_TRUE(t.keyrings.entries(store::Purpose::sessions)->items.empty());
}

TEST_F(ContextHandlers, exec_hands_the_cached_session_to_the_context_spawner) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  const auto r = run_awsx({"exec", "dev", "--", "true"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.spawner.replaced.size(), 1u);
  EXPECT_EQ(t.spawner.replaced[0].argv, std::vector<std::string>{"true"});
  EXPECT_TRUE(has(t.spawner.replaced[0].env, "AWS_ACCESS_KEY_ID=ASIACACHEDCACHEDCACH"));
}

TEST_F(ContextHandlers, use_no_prompt_serves_a_cached_session_detached) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  const auto r = run_awsx({"use", "dev", "--shell", "bash", "--no-prompt"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ASIACACHEDCACHEDCACH"), std::string::npos) << r.out;
  EXPECT_EQ(t.spawner.detached, 1);
  EXPECT_EQ(t.transports.made, 0);
}

TEST_F(ContextHandlers, use_no_prompt_renews_with_the_hook_limits_without_changing_the_env) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T06:00:00Z"));
  const auto r = run_awsx({"use", "dev", "--shell", "bash", "--no-prompt"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ASIAFRESHFRESHFRESHF"), std::string::npos) << r.out;
  EXPECT_EQ(t.spawner.detached, 1);
  // The renewal's transport, and so its credential_process and MFA helpers, which take the
  // same environment, get the bounds; the Context's environment itself is not changed.
  ASSERT_EQ(t.transports.made_with.size(), 1u);
  const auto& used = t.transports.made_with[0];
  EXPECT_TRUE(has(used, "AWSX_HTTP_TIMEOUT=3"));
  EXPECT_TRUE(has(used, "AWSX_LOCK_TIMEOUT=2"));
  EXPECT_TRUE(has(used, "AWSX_PROCESS_TIMEOUT=5"));
  EXPECT_FALSE(t.env.get("AWSX_HTTP_TIMEOUT"));
  EXPECT_FALSE(t.env.get("AWSX_LOCK_TIMEOUT"));
}

TEST_F(ContextHandlers, use_without_no_prompt_stays_in_this_process_with_the_users_limits) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T06:00:00Z"));
  const auto r = run_awsx({"use", "dev", "--shell", "bash"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(t.spawner.detached, 0);
  ASSERT_EQ(t.transports.made_with.size(), 1u);
  EXPECT_FALSE(has(t.transports.made_with[0], "AWSX_LOCK_TIMEOUT=2"));
}

TEST(HookRenewalSettings, keep_a_set_http_timeout_and_never_allow_a_longer_process_timeout) {
  util::MapEnvironment env{{"AWSX_HTTP_TIMEOUT", "20"}, {"AWSX_PROCESS_TIMEOUT", "2"}};
  using Settings = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(cli::hook_renewal_settings(env),
            (Settings{{"AWSX_LOCK_TIMEOUT", "2"}, {"AWSX_PROCESS_TIMEOUT", "2"}}));
  env.set("AWSX_PROCESS_TIMEOUT", "10m");
  EXPECT_EQ(cli::hook_renewal_settings(env).back().second, "5");
  env.set("AWSX_PROCESS_TIMEOUT", "0"); // "no limit" is not allowed in a prompt
  EXPECT_EQ(cli::hook_renewal_settings(env).back().second, "5");
}

} // namespace
} // namespace awsx::test
