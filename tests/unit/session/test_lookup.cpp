#include "awsx/session/lookup.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/session/lazy_keys.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "support/context.hpp"
#include "support/memory_keyring.hpp"

namespace awsx::session {
namespace {

using namespace std::chrono_literals;

// Role profile `prod` (source `step`, keys in the credentials file) and `vault`, a
// keyring-only profile with MFA: its keys come from `awsx add`, its config section holds
// only mfa_serial.
class Lookup : public ::testing::Test {
protected:
  Lookup() {
    files = config::build("[profile step]\nmfa_serial = arn:aws:iam::1:mfa/u\n\n"
                          "[profile prod]\nrole_arn = arn:aws:iam::1:role/r\n"
                          "source_profile = step\nregion = eu-west-1\n\n"
                          "[profile vault]\nmfa_serial = arn:aws:iam::1:mfa/v\n",
                          "/cfg",
                          "[step]\naws_access_key_id = AKIDSTEP\n"
                          "aws_secret_access_key = step-secret\n",
                          "/creds");
    prod.profile = "prod";
  }

  // Looks `options` up in `sessions`, counting how often the keyring is opened.
  CachedLookup look(const creds::CredentialOptions& options,
                    const util::Environment& in = util::MapEnvironment{}) {
    return lookup_cached(options, files, in, clock, [this] {
      ++opened;
      return sessions.reopen();
    });
  }

  // The name `options`' session is cached under.
  std::string name_of(const creds::CredentialOptions& options) { return *look(options).name; }

  // Stores a session for `options` expiring at `when`.
  void cache(const creds::CredentialOptions& options, util::TimePoint when) {
    creds::Session session{
        {"ASIACACHED", "cached-secret", "cached-token", when}, "eu-west-1", options.profile};
    sessions.set(name_of(options), store::encode_session(session));
  }

  config::ConfigFiles files;
  test::MemoryKeyring sessions;
  util::FixedClock clock{
      util::TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22})};
  creds::CredentialOptions prod;
  int opened = 0;
};

TEST_F(Lookup, finds_what_the_session_cache_stored) {
  cache(prod, clock.now() + 12h);
  const auto found = look(prod);
  ASSERT_TRUE(found.session);
  EXPECT_EQ(found.session->credentials.session_token, "cached-token");
  EXPECT_EQ(found.session->profile, "prod");
  EXPECT_EQ(found.plan.roles.size(), 1u);
  EXPECT_TRUE(found.damage.empty());
}

TEST_F(Lookup, a_session_within_the_margin_is_a_miss_unless_the_margin_is_shorter) {
  cache(prod, clock.now() + 4min);
  EXPECT_FALSE(look(prod).session);
  EXPECT_TRUE(look(prod, util::MapEnvironment{{"AWSX_CACHE_MARGIN", "1m"}}).session);
}

TEST_F(Lookup, a_corrupt_entry_is_reported_and_left_in_place) {
  sessions.set(name_of(prod), "{not json");
  const auto found = look(prod);
  EXPECT_FALSE(found.session);
  EXPECT_FALSE(found.damage.empty());
  EXPECT_EQ(sessions.get(*found.name), "{not json");
}

TEST_F(Lookup, a_damaged_entry_is_reported_not_thrown) {
  cache(prod, clock.now() + 12h);
  sessions.corrupt.insert(name_of(prod)); // get() fails as a tampered file entry does
  const auto found = look(prod);
  EXPECT_FALSE(found.session);
  EXPECT_FALSE(found.damage.empty());
}

TEST_F(Lookup, other_options_name_another_session) {
  cache(prod, clock.now() + 12h);
  auto other = prod;
  other.region = "us-west-2";
  EXPECT_FALSE(look(other).session);
  EXPECT_NE(look(other).name, look(prod).name);
}

TEST_F(Lookup, no_cache_and_sessionless_plans_never_open_the_keyring) {
  cache(prod, clock.now() + 12h);
  opened = 0;
  auto no_cache = prod;
  no_cache.no_cache = true;
  const auto uncached = look(no_cache);
  EXPECT_FALSE(uncached.name);
  EXPECT_FALSE(uncached.session);
  creds::CredentialOptions keys_as_they_are;
  keys_as_they_are.profile = "step";
  keys_as_they_are.no_session = true;
  EXPECT_FALSE(look(keys_as_they_are).name);
  EXPECT_EQ(opened, 0);
}

// The front-end and awsx-core find a keyring-only profile's session without reading the
// long-term keyring; that works because the name made with presumed keys is the one
// awsx-core saves under, planning with the real keys.
TEST_F(Lookup, presumed_keys_name_the_session_the_real_stored_keys_make) {
  test::MemoryKeyrings keyrings;
  test::MemoryKeyring credentials(keyrings.entries(store::Purpose::credentials));
  credentials.set(
      store::credentials_name("vault"),
      store::encode_keys({"AKIAVAULTVAULTVAULTV", "vault-secret", "", std::nullopt}));
  credentials.set(
      store::credentials_name("orphan"),
      store::encode_keys({"AKIAORPHANORPHANORPH", "orphan-secret", "", std::nullopt}));
  util::MapEnvironment env;
  for (const char* profile : {"vault", "orphan"}) {
    creds::CredentialOptions options;
    options.profile = profile;
    LazyKeyringKeys stored(keyrings);
    const auto real = creds::make_plan(files, env, options, &stored);
    ASSERT_TRUE(real.base.from_store) << profile;
    EXPECT_EQ(look(options).name, store::cached_session_name(real, files, env)) << profile;
  }
}

} // namespace
} // namespace awsx::session
