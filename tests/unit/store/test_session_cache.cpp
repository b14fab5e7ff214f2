#include <gtest/gtest.h>

#include "awsx/store/errors.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/session_cache.hpp"
#include "support/memory_keyring.hpp"

using namespace awsx;
using namespace std::chrono_literals;

namespace {

using test::MemoryKeyring;

const util::TimePoint now = std::chrono::system_clock::from_time_t(1767323045);

creds::Session session_expiring_in(std::chrono::seconds left) {
  return {{"ASIAX", "secret", "token", now + left}, "eu-west-1", "prod"};
}

creds::Plan role_plan() {
  creds::Plan plan;
  plan.profile = "prod";
  plan.base.profile = "step";
  plan.base.keys = {"AKIASTEP", "s", "", {}};
  creds::RoleStep step;
  step.role_arn = "arn:aws:iam::1:role/r";
  step.session_name = "me";
  step.mfa_serial = "arn:aws:iam::1:mfa/me";
  step.duration_seconds = 43200;
  plan.roles.push_back(step);
  plan.region = "eu-west-1";
  return plan;
}

struct SessionCacheTest : ::testing::Test {
  MemoryKeyring keyring;
  util::FixedClock clock{now};
  std::vector<std::string> warnings;
  store::SessionCache cache{keyring, clock, 300s,
                            [this](const std::string& w) { warnings.push_back(w); }};
};

} // namespace

TEST(StoreSessionName, covers_everything_that_makes_sessions_differ) {
  const auto base = store::session_name(role_plan(), "https://sts.amazonaws.com");
  EXPECT_EQ(base.rfind("session/prod/", 0), 0u) << base;
  EXPECT_EQ(store::profile_of_session_name(base), "prod");
  auto changed = [&](auto&& mutate, const std::string& endpoint = "https://sts.amazonaws.com") {
    auto plan = role_plan();
    mutate(plan);
    return store::session_name(plan, endpoint) != base;
  };
  EXPECT_TRUE(changed([](creds::Plan& p) { p.roles[0].role_arn += "2"; }));
  EXPECT_TRUE(changed([](creds::Plan& p) { p.roles[0].session_name = "other"; }));
  EXPECT_TRUE(changed([](creds::Plan& p) { p.roles[0].external_id = "x"; }));
  EXPECT_TRUE(changed([](creds::Plan& p) { p.roles[0].mfa_serial = ""; }));
  EXPECT_TRUE(changed([](creds::Plan& p) { p.roles[0].duration_seconds = 3600; }));
  EXPECT_TRUE(changed([](creds::Plan& p) { p.region = "us-west-2"; }));
  EXPECT_TRUE(changed([](creds::Plan& p) { p.base.keys.access_key_id = "AKIAOTHER"; }));
  EXPECT_TRUE(changed([](creds::Plan&) {}, "http://127.0.0.1:5000"));
  EXPECT_FALSE(changed([](creds::Plan& p) { p.base.keys.secret_access_key = "rotated"; }));
}

TEST_F(SessionCacheTest, round_trips_and_is_reused_until_the_margin) {
  cache.save("session/prod/a", session_expiring_in(3600s));
  const auto hit = cache.find("session/prod/a");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->credentials.session_token, "token");
  EXPECT_EQ(hit->region, "eu-west-1");
  EXPECT_EQ(hit->credentials.expiration, now + 3600s);
  cache.save("session/prod/b", session_expiring_in(299s));
  EXPECT_FALSE(cache.find("session/prod/b")) << "inside the 5-minute margin counts as gone";
  cache.save("session/prod/c", session_expiring_in(301s));
  EXPECT_TRUE(cache.find("session/prod/c"));
}

TEST_F(SessionCacheTest, a_session_is_stored_to_expire_with_itself) {
  cache.save("session/prod/a", session_expiring_in(3600s));
  EXPECT_EQ(keyring.expiries.at("session/prod/a"), now + 3600s);
  creds::Session forever{{"AKIAX", "secret", "", std::nullopt}, "", "prod"};
  cache.save("session/prod/b", forever);
  EXPECT_EQ(keyring.expiries.at("session/prod/b"), std::nullopt);
}

TEST_F(SessionCacheTest, corrupt_or_unreadable_entries_are_discarded_with_a_warning) {
  keyring.items["session/prod/a"] = "not json";
  EXPECT_FALSE(cache.find("session/prod/a"));
  EXPECT_EQ(keyring.items.count("session/prod/a"), 0u);
  keyring.items["session/prod/b"] = "x";
  keyring.corrupt.insert("session/prod/b");
  EXPECT_FALSE(cache.find("session/prod/b"));
  EXPECT_EQ(keyring.items.count("session/prod/b"), 0u);
  EXPECT_EQ(warnings.size(), 2u);
}

TEST_F(SessionCacheTest, a_failed_save_is_a_warning_not_an_error) {
  keyring.read_only = true;
  EXPECT_NO_THROW(cache.save("session/prod/a", session_expiring_in(3600s)));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("could not cache the session"), std::string::npos);
  EXPECT_EQ(warnings[0].find("secret"), std::string::npos) << "no secret in the warning";
}

TEST(StoreSessionCodec, rejects_documents_of_another_shape) {
  EXPECT_FALSE(store::decode_session("{}"));
  EXPECT_FALSE(store::decode_session("{\"Version\": 2, \"AccessKeyId\": \"A\"}"));
  EXPECT_FALSE(store::decode_session(
      "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\",\"Expiration\":\"soon\"}"));
  const auto long_term = store::decode_session(
      "{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}");
  ASSERT_TRUE(long_term);
  EXPECT_FALSE(long_term->credentials.expiration);
}
