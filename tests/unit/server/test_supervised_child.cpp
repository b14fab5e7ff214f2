#include <gtest/gtest.h>

#include <signal.h>

#include <cstdlib>

#include "awsx/server/supervised_child.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

// In a forked child (a death test), because run_supervised changes the signal handlers
// and mask of its thread; the forwarding itself is tested in tests/unit/process.

TEST(SupervisedChild, exit_status_of_the_child_is_returned) {
  EXPECT_EXIT(std::exit(server::run_supervised({"/bin/sh", "-c", "exit 7"}, {})),
              ::testing::ExitedWithCode(7), "");
}

TEST(SupervisedChild, a_child_killed_by_signal_n_gives_128_plus_n) {
  EXPECT_EXIT(std::exit(server::run_supervised({"/bin/sh", "-c", "kill -TERM $$"}, {})),
              ::testing::ExitedWithCode(128 + SIGTERM), "");
}

TEST(SupervisedChild, a_missing_command_is_exit_127_with_a_hint) {
  try {
    server::run_supervised({"awsx-no-such-command"}, {"PATH=/nonexistent"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "command not found: awsx-no-such-command");
    EXPECT_EQ(e.code(), ExitCode::not_found);
    EXPECT_FALSE(e.hint().empty());
  }
}
