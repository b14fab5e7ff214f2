#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>

#include "awsx/process/forwarding.hpp"

using namespace awsx;

// Each test runs in a forked child (a death test): run_forwarding changes signal
// handlers and the signal mask of its thread.

namespace {

// The exit code of `argv` run by run_forwarding with environment `env`, or 128+N when
// signal N killed it.
int run(std::vector<std::string> argv, std::vector<std::string> env = {"PATH=/usr/bin:/bin"}) {
  process::Request request;
  request.argv = std::move(argv);
  request.env = std::move(env);
  const int status = process::run_forwarding(request);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

volatile sig_atomic_t usr1_seen = 0;

} // namespace

TEST(ProcessForwarding, child_gets_exactly_the_given_environment_and_the_last_duplicate_wins) {
  // A name longer than the heap-held entries before it made Boost.Process's lookup read
  // past them; the sanitizer build (scripts/sanitize-test) turns that into a failure here.
  const auto check = "test \"$SHORT_ENTRY\" = value1 && test \"$B\" = 2 && "
                     "test \"$AWSX_A_NAME_LONGER_THAN_THE_ENTRIES_BEFORE_IT\" = long && "
                     "test -z \"${HOME+set}\"";
  EXPECT_EXIT(std::exit(run({"/bin/sh", "-c", check},
                            {"B=1", "SHORT_ENTRY=value1",
                             "AWSX_A_NAME_LONGER_THAN_THE_ENTRIES_BEFORE_IT=long", "B=2"})),
              ::testing::ExitedWithCode(0), "");
}

// The child asks another process (kill) to signal awsx, which passes it on: the child's
// trap ends it with 42. Unforwarded, it would loop until the test's timeout.
TEST(ProcessForwarding, a_term_sent_to_awsx_reaches_the_child) {
  const auto script = "trap 'exit 42' TERM; kill -TERM $PPID; "
                      "i=0; while [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; exit 1";
  EXPECT_EXIT(std::exit(run({"/bin/sh", "-c", script})), ::testing::ExitedWithCode(42), "");
}

TEST(ProcessForwarding, a_signal_that_kills_the_child_is_in_the_status) {
  EXPECT_EXIT(std::exit(run({"/bin/sh", "-c", "kill -USR2 $$"})),
              ::testing::ExitedWithCode(128 + SIGUSR2), "");
}

// Afterwards awsx handles the signals as before, and no longer blocks them.
TEST(ProcessForwarding, the_previous_handlers_come_back) {
  EXPECT_EXIT(
      {
        ::signal(SIGUSR1, [](int) { usr1_seen = 1; });
        const int code = run({"/bin/sh", "-c", "exit 3"});
        ::raise(SIGUSR1);
        std::exit(code == 3 && usr1_seen == 1 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(ProcessForwarding, a_missing_program_is_a_launch_error_and_unblocks_the_signals) {
  EXPECT_EXIT(
      {
        try {
          run({"awsx-no-such-program"});
        } catch (const process::LaunchError& e) {
          sigset_t mask;
          ::pthread_sigmask(SIG_SETMASK, nullptr, &mask);
          std::exit(e.error() == ENOENT && !sigismember(&mask, SIGTERM) ? 0 : 1);
        }
        std::exit(2);
      },
      ::testing::ExitedWithCode(0), "");
}

// `nohup awsx exec --ecs-server ...`: a signal awsx ignores stays ignored in the child,
// as it does for plain exec, so a hang-up does not end the command.
TEST(ProcessForwarding, a_signal_ignored_by_awsx_stays_ignored_in_the_child) {
  EXPECT_EXIT(
      {
        ::signal(SIGHUP, SIG_IGN);
        std::exit(run({"/bin/sh", "-c", "kill -HUP $$; kill -HUP $PPID; exit 5"}));
      },
      ::testing::ExitedWithCode(5), "");
}
