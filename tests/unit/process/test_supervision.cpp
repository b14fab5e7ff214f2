#include <gtest/gtest.h>

#include "awsx/process/supervision.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;
using namespace std::chrono_literals;

// --no-prompt: the prompt hook's renewal and --ecs-server renewals (cmd_exec sets it).
TEST(ProcessSupervision, renewals_are_never_interactive_and_read_no_stdin) {
  const auto how = process::helper_supervision(true, util::MapEnvironment{});
  EXPECT_FALSE(how.interactive);
  EXPECT_TRUE(how.stdin_null);
  EXPECT_EQ(how.timeout, process::default_process_timeout);
}

TEST(ProcessSupervision, the_limit_comes_from_awsx_process_timeout) {
  EXPECT_EQ(
      process::helper_supervision(true, util::MapEnvironment{{"AWSX_PROCESS_TIMEOUT", "2m"}})
          .timeout,
      120s);
  EXPECT_EQ(
      process::helper_supervision(true, util::MapEnvironment{{"AWSX_PROCESS_TIMEOUT", "0"}})
          .timeout,
      0s);
  EXPECT_THROW(
      process::helper_supervision(true, util::MapEnvironment{{"AWSX_PROCESS_TIMEOUT", "soon"}}),
      UsageError);
}

TEST(ProcessSupervision, the_advice_names_the_setting_and_the_hook_limit) {
  const auto advice = process::timeout_advice({false, 7s, true});
  EXPECT_NE(advice.find("AWSX_PROCESS_TIMEOUT to allow more than 7s"), std::string::npos)
      << advice;
  EXPECT_NE(advice.find("at most 5s"), std::string::npos) << advice;
}

// Interactive or not, helpers get the caller's environment, never awsx's private variables.
TEST(ProcessSupervision, helpers_get_the_entries_of_the_given_environment) {
  const util::MapEnvironment env{
      {"PATH", "/bin"}, {"AWSX_FILE_PASSPHRASE", "pw"}, {"AWS_PROFILE", "dev"}};
  const std::vector<std::string> expected = {"AWS_PROFILE=dev", "PATH=/bin"};
  EXPECT_EQ(process::helper_supervision(true, env).env, expected);
  EXPECT_EQ(process::helper_supervision(false, env).env, expected);
}
