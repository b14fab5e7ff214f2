#include <gtest/gtest.h>

#include <cstdlib>

#include "awsx/server/supervised_child.hpp"

using namespace awsx;

// In a forked child (a death test), because run_supervised blocks the forwarded signals
// in its thread for good.
TEST(SupervisedChild, child_gets_exactly_the_given_environment_and_the_last_duplicate_wins) {
  // A name longer than the heap-held entries before it made Boost.Process's lookup read
  // past them; the sanitizer build (scripts/sanitize-test) turns that into a failure here.
  const auto check = "test \"$SHORT_ENTRY\" = value1 && test \"$B\" = 2 && "
                     "test \"$AWSX_A_NAME_LONGER_THAN_THE_ENTRIES_BEFORE_IT\" = long && "
                     "test -z \"${HOME+set}\"";
  EXPECT_EXIT(std::exit(server::run_supervised(
                  {"/bin/sh", "-c", check},
                  {"B=1", "SHORT_ENTRY=value1",
                   "AWSX_A_NAME_LONGER_THAN_THE_ENTRIES_BEFORE_IT=long", "B=2"})),
              ::testing::ExitedWithCode(0), "");
}

TEST(SupervisedChild, exit_status_of_the_child_is_returned) {
  EXPECT_EXIT(std::exit(server::run_supervised({"/bin/sh", "-c", "exit 7"}, {})),
              ::testing::ExitedWithCode(7), "");
}
