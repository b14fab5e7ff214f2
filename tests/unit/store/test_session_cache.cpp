#include <gtest/gtest.h>

#include "awsx/store/errors.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
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
  EXPECT_FALSE(store::decode_session("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":"
                                     "\"S\",\"Expiration\":\"soon\"}"));
  const auto long_term =
      store::decode_session("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"S\"}");
  ASSERT_TRUE(long_term);
  EXPECT_FALSE(long_term->credentials.expiration);
}

TEST(StoreSessionName, splits_at_the_last_slash_since_profiles_may_hold_one) {
  auto plan = role_plan();
  plan.profile = "team/prod";
  const auto name = store::session_name(plan, "https://sts.amazonaws.com");
  EXPECT_EQ(store::profile_of_session_name(name), "team/prod");
  EXPECT_EQ(store::digest_of_session_name(name).size(), 32u) << name;
  plan.profile.clear();
  EXPECT_EQ(store::profile_of_session_name(store::session_name(plan, "")), "-") << "ambient";
  for (const char* other :
       {"credentials/prod", "session/", "session/abc", "session//d", "session/prod/"}) {
    EXPECT_EQ(store::profile_of_session_name(other), "") << other;
    EXPECT_EQ(store::digest_of_session_name(other), "") << other;
  }
}

TEST_F(SessionCacheTest, forget_removes_one_profile_and_not_the_profiles_under_its_name) {
  for (const char* name :
       {"session/a/d1", "session/a/d2", "session/a/b/d3", "session/ab/d4", "session/-/d5"})
    cache.save(name, session_expiring_in(3600s));
  keyring.items["credentials/a"] = "keys";
  EXPECT_EQ(cache.forget("a"), 2);
  EXPECT_EQ(keyring.items.count("session/a/d1") + keyring.items.count("session/a/d2"), 0u);
  EXPECT_EQ(keyring.items.count("session/a/b/d3"), 1u) << "profile a/b's session is not a's";
  EXPECT_EQ(keyring.items.count("session/ab/d4"), 1u);
  EXPECT_EQ(cache.forget("a/b"), 1);
  EXPECT_EQ(cache.forget("a"), 0);
  EXPECT_EQ(cache.forget(""), 0) << "no profile is named \"\"";
  EXPECT_EQ(cache.forget_all(), 2);
  EXPECT_EQ(keyring.items.size(), 1u) << "only the stored keys are left";
}

TEST_F(SessionCacheTest, list_gives_live_sessions_with_their_profile_and_no_margin) {
  cache.save("session/prod/live", session_expiring_in(10s));
  cache.save("session/prod/expired", session_expiring_in(0s));
  cache.save("session/team/prod/live", session_expiring_in(3600s));
  creds::Session forever{{"AKIAX", "secret", "", std::nullopt}, "", "-"};
  cache.save("session/-/forever", forever);
  keyring.items["session/prod/unreadable"] = "not json";
  cache.save("session/prod/damaged", session_expiring_in(3600s));
  keyring.corrupt.insert("session/prod/damaged"); // get() fails, as a tampered file does
  keyring.items["credentials/prod"] = "keys";
  const auto live = cache.list();
  std::vector<std::pair<std::string, std::optional<util::TimePoint>>> seen;
  for (const auto& entry : live)
    seen.emplace_back(entry.profile, entry.session.credentials.expiration);
  const decltype(seen) expected{
      {"-", std::nullopt}, {"prod", now + 10s}, {"team/prod", now + 3600s}};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(keyring.items.count("session/prod/unreadable"), 1u) << "listing deletes nothing";
  EXPECT_TRUE(warnings.empty());
}

TEST(StoreKeyringKeys, stored_profiles_are_the_credentials_entries) {
  MemoryKeyring keyring;
  EXPECT_TRUE(store::stored_profiles(keyring).empty());
  keyring.set(store::credentials_name("prod"), "k");
  keyring.set(store::credentials_name("team/dev"), "k");
  keyring.set("session/prod/d", "s");
  EXPECT_EQ(store::stored_profiles(keyring), (std::set<std::string>{"prod", "team/dev"}));
}

TEST(StoreFileLocation, lock_path_is_per_session_digest_in_the_cache_folder) {
  const util::MapEnvironment env{{"HOME", "/home/me"}, {"XDG_CACHE_HOME", "/var/cache/me"}};
  auto plan = role_plan();
  const auto name = store::session_name(plan, "https://sts.amazonaws.com");
  const auto digest = name.substr(name.size() - 32);
  EXPECT_EQ(store::lock_path(env, name).string(),
            "/var/cache/me/awsx/locks/" + digest + ".lock");
  plan.profile = "team/prod";
  EXPECT_EQ(store::lock_path(env, store::session_name(plan, "https://sts.amazonaws.com"))
                .parent_path()
                .string(),
            "/var/cache/me/awsx/locks")
      << "a '/' in the profile makes no sub-folder";
  EXPECT_THROW(store::lock_path(env, "credentials/prod"), StorageError);
  EXPECT_THROW(store::lock_path(util::MapEnvironment{}, name), StorageError);
}
