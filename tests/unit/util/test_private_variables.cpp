#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "awsx/util/environment.hpp"

using namespace awsx;

extern char** environ;

TEST(UtilPrivateVariables, only_the_keyring_passphrase_is_private) {
  EXPECT_TRUE(util::is_private_variable("AWSX_FILE_PASSPHRASE"));
  EXPECT_FALSE(util::is_private_variable("AWSX_FILE_PASSPHRASE_X"));
  EXPECT_FALSE(
      util::is_private_variable("AWS_SECRET_ACCESS_KEY")); // the user's, cleared elsewhere
}

TEST(UtilPrivateVariables, taken_out_of_the_environment_but_still_readable_by_awsx) {
  EXPECT_EXIT(
      {
        ::setenv("AWSX_FILE_PASSPHRASE", "hunter2-passphrase", 1);
        const char* original = std::getenv("AWSX_FILE_PASSPHRASE");
        util::take_private_variables();
        const auto inheritable = util::inheritable_environment();
        const bool gone =
            std::getenv("AWSX_FILE_PASSPHRASE") == nullptr &&
            std::none_of(inheritable.begin(), inheritable.end(), [](const std::string& e) {
              return e.find("hunter2") != std::string::npos;
            });
        // The bytes are wiped where they were, so /proc/PID/environ can't show them.
        const bool wiped = std::strstr(original, "hunter2") == nullptr;
        const bool readable =
            util::ProcessEnvironment().get("AWSX_FILE_PASSPHRASE") == "hunter2-passphrase";
        std::_Exit(gone && wiped && readable ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(UtilPrivateVariables, inheritable_environment_leaves_out_the_passphrase) {
  EXPECT_EXIT(
      {
        ::setenv("AWSX_FILE_PASSPHRASE", "hunter2", 1);
        ::setenv("AWSX_TEST_KEPT", "yes", 1);
        const auto env = util::inheritable_environment();
        const auto has = [&](const char* entry) {
          return std::find(env.begin(), env.end(), entry) != env.end();
        };
        std::_Exit(!has("AWSX_FILE_PASSPHRASE=hunter2") && has("AWSX_TEST_KEPT=yes") ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}
