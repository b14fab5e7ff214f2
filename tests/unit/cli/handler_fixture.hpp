#pragma once

#include <chrono>
#include <fstream>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "store/store_support.hpp"
#include "support/context.hpp"
#include "support/run_awsx.hpp"

namespace awsx::test {

// A TestContext whose environment names a config and a credentials file in a scratch
// folder, which each test writes with `files`; the process environment is never read.
class HandlerTest : public ::testing::Test {
protected:
  void SetUp() override {
    t.env.set("HOME", home());
    t.env.set("AWS_CONFIG_FILE", config_path());
    t.env.set("AWS_SHARED_CREDENTIALS_FILE", credentials_path());
  }

  std::string home() const { return dir.path().string(); }
  std::string config_path() const { return home() + "/config"; }
  std::string credentials_path() const { return home() + "/credentials"; }

  // Writes `config` and `credentials` as the two files.
  void files(const std::string& config, const std::string& credentials = "") {
    std::ofstream(config_path()) << config;
    std::ofstream(credentials_path()) << credentials;
  }

  // Stores long-term keys with id `key_id` for `profile` in the credentials keyring.
  void store_keys(const std::string& profile, const std::string& key_id) {
    t.keyrings.entries(store::Purpose::credentials)->items[store::credentials_name(profile)] =
        store::encode_keys({key_id, "stored-secret", "", std::nullopt});
  }

  // Caches a session that ends `left` from now (never when nullopt) under the name awsx
  // gives the plan of `options` in environment `env` (t.env when null).
  void cache(const creds::CredentialOptions& options, std::optional<std::chrono::seconds> left,
             const util::Environment* env = nullptr) {
    const util::Environment& in = env != nullptr ? *env : t.env;
    const auto config = config::load(in);
    creds::PresumedStoredKeys stored;
    const auto plan = creds::make_plan(config, in, options, &stored);
    std::optional<util::TimePoint> expires;
    if (left)
      expires = t.clock.now() + *left;
    MemoryKeyring sessions(t.keyrings.entries(store::Purpose::sessions));
    store::SessionCache(sessions, t.clock, store::default_refresh_margin,
                        [](const std::string&) {})
        .save(*store::cached_session_name(plan, config, in),
              {{"ASIACACHED", "cached-secret", "cached-token", expires},
               plan.region,
               plan.profile});
  }

  // Caches a session of `profile` that ends `left` from now.
  void cache(const std::string& profile, std::optional<std::chrono::seconds> left) {
    creds::CredentialOptions options;
    options.profile = profile;
    cache(options, left);
  }

  // Runs awsx on `args` in `t`.
  Captured awsx(const std::vector<std::string>& args) { return run_awsx(args, t); }

  StoreTempDir dir;
  TestContext t;
};

} // namespace awsx::test
