#include "awsx/cli/session_source.hpp"

#include <gtest/gtest.h>

#include "cli/context_fixture.hpp"
#include "support/fakes.hpp"

namespace awsx::test {
namespace {

using SessionSource = ContextTest;

TEST_F(SessionSource, a_cached_session_comes_from_the_context_keyring_without_a_transport) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  auto ctx = t.context();
  const auto session = cli::obtain_session(dev, ctx);
  EXPECT_EQ(session.credentials.access_key_id, "ASIACACHEDCACHEDCACH");
  EXPECT_EQ(session.profile, "dev");
  EXPECT_EQ(t.transports.made, 0);
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(SessionSource, a_miss_fetches_through_the_context_transport_and_caches_the_session) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T06:00:00Z"));
  auto ctx = t.context();
  const auto session = cli::obtain_session(dev, ctx);
  EXPECT_EQ(session.credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  ASSERT_EQ(t.transports.fake.requests.size(), 1u);
  EXPECT_EQ(t.transports.fake.requests[0].host, "sts.eu-west-1.amazonaws.com");
  const auto& cached = t.keyrings.entries(store::Purpose::sessions)->items;
  ASSERT_EQ(cached.count(dev_session_name()), 1u);
  // The next run finds it: no second request.
  EXPECT_EQ(cli::obtain_session(dev, ctx).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  EXPECT_EQ(t.transports.fake.requests.size(), 1u);
}

TEST_F(SessionSource, no_cache_fetches_and_leaves_the_keyring_alone) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T06:00:00Z"));
  dev.no_cache = true;
  auto ctx = t.context();
  EXPECT_EQ(cli::obtain_session(dev, ctx).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  EXPECT_EQ(t.keyrings.opened, 0);
}

} // namespace
} // namespace awsx::test
