#include <gtest/gtest.h>

#include "awsx/cli/use_script.hpp"
#include "support/run_awsx.hpp"
#include "support/scoped_env.hpp"

using namespace awsx::cli;
using awsx::test::run_awsx;
using awsx::test::ScopedEnv;

TEST(CliUse, without_the_hook_it_says_how_to_load_it) {
  const ScopedEnv shell("SHELL", "/usr/bin/zsh");
  const auto r = run_awsx({"use", "prod"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "awsx: error: awsx use needs the shell hook: eval \"$(awsx init zsh)\"");
  const ScopedEnv fish("SHELL", "/usr/local/bin/fish");
  EXPECT_NE(run_awsx({"use", "prod"}).err.find("awsx init fish | source"), std::string::npos);
}

TEST(CliUse, unset_prints_the_hook_call_and_takes_no_profile) {
  const auto r = run_awsx({"use", "--unset", "--shell", "fish"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, unset_script("fish"));
  EXPECT_EQ(run_awsx({"use", "prod", "--unset", "--shell", "bash"}).status, 2);
  EXPECT_EQ(run_awsx({"use", "--unset", "--shell", "csh"}).status, 2);
}
