#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "awsx/store/file_lock.hpp"
#include "store_support.hpp"

using namespace awsx;
using namespace std::chrono_literals;

TEST(StoreFileLock, a_second_process_waits_then_times_out_with_a_clear_error) {
  test::StoreTempDir dir;
  const auto path = (dir.path() / "locks" / "x.lock").string();
  store::FileLock held(path, 1s, "a session for profile prod");
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir.path() / "locks").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  // flock is per open file description, so a child process contends for real.
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      store::FileLock second(path, 200ms, "a session for profile prod");
      ::_exit(1);
    } catch (const store::LockTimeout& e) {
      const std::string what = e.what();
      ::_exit(what.find("a session for profile prod") != std::string::npos &&
                      !e.hint().empty()
                  ? 0
                  : 2);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(StoreFileLock, released_when_the_holder_goes_away) {
  test::StoreTempDir dir;
  const auto path = (dir.path() / "y.lock").string();
  { store::FileLock first(path, 1s, "x"); }
  EXPECT_NO_THROW(store::FileLock(path, 100ms, "x"));
}
