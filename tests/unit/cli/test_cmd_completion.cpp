#include <gtest/gtest.h>

#include <fstream>

#include "support/run_awsx.hpp"

using awsx::test::run_awsx;
using awsx::test::TestContext;

TEST(CliCompletion, profiles_come_from_the_config_file_named_by_the_environment) {
  const std::string dir = ::testing::TempDir();
  const std::string config = dir + "/awsx-completion-config";
  std::ofstream(config) << "[default]\n[profile b]\n[profile a]\n[sso-session s]\n";
  TestContext t;
  t.env.set("AWS_CONFIG_FILE", config);
  t.env.set("AWS_SHARED_CREDENTIALS_FILE", dir + "/awsx-none");
  const auto r = run_awsx({"completion", "--profiles"}, t);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "a\nb\ndefault\n");
  EXPECT_EQ(run_awsx({"completion", "bash", "--profiles"}, t).status, 2);
}
