#include <gtest/gtest.h>

#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "awsx/util/user.hpp"

using namespace awsx;

namespace {

// A uid that the test machine's password database does not know.
constexpr uid_t unknown_uid = 54321;

} // namespace

TEST(UtilUser, the_name_comes_from_the_password_database_whatever_USER_says) {
  const auto* entry = ::getpwuid(::getuid());
  ASSERT_NE(entry, nullptr) << "this test needs an entry for uid " << ::getuid();
  const std::string expected = entry->pw_name;
  ::setenv("USER", "someone-else", 1);
  ::setenv("LOGNAME", "someone-else", 1);
  const auto user = util::real_user();
  ::unsetenv("USER");
  const auto without = util::real_user();
  EXPECT_EQ(user.uid, ::getuid());
  EXPECT_EQ(user.name, expected);
  EXPECT_EQ(without.name, expected);
}

TEST(UtilUser, a_uid_without_an_entry_has_no_name) {
  ASSERT_EQ(::getpwuid(unknown_uid), nullptr) << "uid " << unknown_uid << " exists here";
  ASSERT_EQ(::geteuid(), 0u) << "this test runs as root, to take on an unknown uid";
  const pid_t pid = ::fork();
  if (pid == 0) {
    bool ok = false;
    if (::setresuid(unknown_uid, unknown_uid, unknown_uid) == 0) {
      const auto user = util::real_user();
      ok = user.uid == unknown_uid && !user.name;
    }
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
