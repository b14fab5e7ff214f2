#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "awsx/store/passphrase.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::test {
namespace {

using store::make_passphrase_source;

TEST(Passphrase, the_environment_variable_wins) {
  const util::MapEnvironment env{{"AWSX_FILE_PASSPHRASE", "from env"}};
  EXPECT_EQ(make_passphrase_source(env)->passphrase("/k", true), "from env");
}

TEST(Passphrase, without_variable_or_terminal_the_error_says_what_to_do) {
  // A child in a new session has no controlling terminal, whatever runs the tests.
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 1;
    try {
      ::setsid();
      make_passphrase_source(util::MapEnvironment{{"AWSX_FILE_PASSPHRASE", ""}})
          ->passphrase("/k", false);
    } catch (const StorageError& e) {
      const std::string what = e.what();
      code = what.rfind("the file keyring in /k needs a passphrase", 0) == 0 &&
                     e.hint() == "set AWSX_FILE_PASSPHRASE or run awsx in a terminal"
                 ? 0
                 : 2;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

} // namespace
} // namespace awsx::test
