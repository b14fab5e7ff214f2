#include "awsx/fast/cached_exec.hpp"

#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::fast {
namespace {

using namespace std::chrono_literals;

// A role profile with a unique name, since the kernel's user keyring is shared by every
// process of this user, and the session awsx-core would cache for it.
class CachedExec : public ::testing::Test {
protected:
  void SetUp() override {
    if (auto why = store::keyctl_unavailable())
      GTEST_FAIL() << *why << "; run the unit tests where keyctl works";
    profile = "fast-" + std::to_string(std::random_device{}());
    files = config::build("[profile step]\nmfa_serial = arn:aws:iam::1:mfa/u\n\n[profile " +
                              profile + "]\nrole_arn = arn:aws:iam::1:role/r\n"
                              "source_profile = step\nregion = eu-west-1\n",
                          "/cfg", "[step]\naws_access_key_id = AKIDSTEP\n"
                                  "aws_secret_access_key = step-secret\n",
                          "/creds");
    options.profile = profile;
    name = *store::cached_session_name(creds::make_plan(files, env, options), files, env);
  }

  void TearDown() override { keyring.remove(name); }

  void cache(const std::string& text) { keyring.set(name, text); }

  creds::Session session_expiring_at(util::TimePoint when) const {
    creds::Session session;
    session.profile = profile;
    session.region = "eu-west-1";
    session.credentials = {"ASIAFAST", "fast-secret", "fast-token", when};
    return session;
  }

  std::string profile;
  config::ConfigFiles files;
  util::MapEnvironment env{{"AWSX_BACKEND", "keyctl"}};
  creds::CredentialOptions options;
  std::string name;
  store::KeyctlKeyring keyring{"sessions"};
  util::FixedClock clock{util::TimePoint(std::chrono::sys_days{std::chrono::year{2026} /
                                                               11 / 22})};
};

TEST_F(CachedExec, finds_what_the_session_cache_stored) {
  cache(store::encode_session(session_expiring_at(clock.now() + 12h)));
  const auto found = cached_session(options, files, env, clock);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->credentials.session_token, "fast-token");
  EXPECT_EQ(found->profile, profile);
}

TEST_F(CachedExec, a_session_within_the_margin_is_left_to_awsx_core) {
  cache(store::encode_session(session_expiring_at(clock.now() + 4min)));
  EXPECT_FALSE(cached_session(options, files, env, clock));
  util::MapEnvironment short_margin{{"AWSX_BACKEND", "keyctl"}, {"AWSX_CACHE_MARGIN", "1m"}};
  EXPECT_TRUE(cached_session(options, files, short_margin, clock));
}

TEST_F(CachedExec, a_corrupt_entry_is_left_in_place_for_awsx_core_to_report) {
  cache("{not json");
  EXPECT_FALSE(cached_session(options, files, env, clock));
  EXPECT_EQ(keyring.get(name), "{not json");
}

TEST_F(CachedExec, other_options_name_another_session) {
  cache(store::encode_session(session_expiring_at(clock.now() + 12h)));
  auto other = options;
  other.region = "us-west-2";
  EXPECT_FALSE(cached_session(other, files, env, clock));
  other = options;
  other.no_cache = true;
  EXPECT_FALSE(cached_session(other, files, env, clock));
}

TEST(SessionsInKeyctl, follows_awsx_backend_and_else_the_kernel) {
  EXPECT_TRUE(sessions_in_keyctl(util::MapEnvironment{{"AWSX_BACKEND", "keyctl"}}));
  EXPECT_FALSE(sessions_in_keyctl(util::MapEnvironment{{"AWSX_BACKEND", "file"}}));
  EXPECT_FALSE(sessions_in_keyctl(util::MapEnvironment{{"AWSX_BACKEND", "secret-service"}}));
  EXPECT_EQ(sessions_in_keyctl(util::MapEnvironment{}), !store::keyctl_unavailable());
}

} // namespace
} // namespace awsx::fast
