#include <gtest/gtest.h>

#include "awsx/cli/use_script.hpp"
#include "support/run_awsx.hpp"

using namespace awsx::cli;
using awsx::test::run_awsx;
using awsx::test::TestContext;

TEST(CliUse, without_the_hook_it_says_how_to_load_it_for_the_login_shell) {
  TestContext t; // SHELL is read from the context, never from the process
  t.env.set("SHELL", "/usr/bin/zsh");
  const auto r = run_awsx({"use", "prod"}, t);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "awsx: error: awsx use needs the shell hook: eval \"$(awsx init zsh)\"");
  t.env.set("SHELL", "/usr/local/bin/fish");
  EXPECT_NE(run_awsx({"use", "prod"}, t).err.find("awsx init fish | source"),
            std::string::npos);
}

TEST(CliUse, unset_prints_the_hook_call_and_takes_no_profile) {
  const auto r = run_awsx({"use", "--unset", "--shell", "fish"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, unset_script("fish"));
  EXPECT_EQ(run_awsx({"use", "prod", "--unset", "--shell", "bash"}).status, 2);
  EXPECT_EQ(run_awsx({"use", "--unset", "--shell", "csh"}).status, 2);
}
