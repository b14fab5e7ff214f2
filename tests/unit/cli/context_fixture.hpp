#pragma once

#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "store/store_support.hpp"
#include "support/context.hpp"

namespace awsx::test {

// A TestContext whose environment alone names a config in a scratch HOME: role profile
// `dev` (source `base`, keys in the credentials file) and `vault`, whose keys are only in
// the in-memory keyring. The process environment is never set.
class ContextTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto home = dir.path().string();
    std::ofstream(home + "/config")
        << "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\n"
           "source_profile = base\nregion = eu-west-1\n\n[profile base]\nregion = eu-west-1\n";
    std::ofstream(home + "/credentials")
        << "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = "
           "base-secret\n";
    t.env.set("HOME", home);
    t.env.set("AWS_CONFIG_FILE", home + "/config");
    t.env.set("AWS_SHARED_CREDENTIALS_FILE", home + "/credentials");
    t.keyrings.entries(store::Purpose::credentials)->items[store::credentials_name("vault")] =
        store::encode_keys({"AKIAVAULTVAULTVAULTV", "vault-secret", "", std::nullopt});
    dev.profile = "dev";
  }

  // The name `dev`'s session is cached under, as awsx computes it from `t`'s environment.
  std::string dev_session_name() {
    const auto files = config::load(t.env);
    return *store::cached_session_name(creds::make_plan(files, t.env, dev), files, t.env);
  }

  // Puts a session for `dev` with key `key_id` in the sessions keyring, valid for an hour.
  void cache_dev_session(const std::string& key_id) {
    MemoryKeyring sessions(t.keyrings.entries(store::Purpose::sessions));
    creds::Session session{
        {key_id, "cached-secret", "cached-token", t.clock.now() + std::chrono::hours(1)},
        "eu-west-1",
        "dev"};
    store::SessionCache(sessions, t.clock, store::default_refresh_margin,
                        [](const std::string&) {})
        .save(dev_session_name(), session);
  }

  StoreTempDir dir;
  TestContext t;
  creds::CredentialOptions dev;
};

} // namespace awsx::test
