#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "awsx/process/forwarding.hpp"

using namespace awsx;

// Races between the forwarding handler and the child's start and end. Each test runs in a
// forked child (a death test): run_forwarding changes signal handlers and masks.

namespace {

// The exit code of `argv` run by run_forwarding with environment `env`, or 128+N when
// signal N killed it.
int run(std::vector<std::string> argv, std::vector<std::string> env) {
  process::Request request;
  request.argv = std::move(argv);
  request.env = std::move(env);
  const int status = process::run_forwarding(request);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

std::atomic<int> sent_to_reaped{0};

// Passes `signal` on to `pid` as kill does, counting the times `pid` was no longer an
// unreaped child of ours: by then the pid is free for any new process to take.
int checked_kill(pid_t pid, int signal) {
  const int saved_errno = errno;
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) < 0)
    ++sent_to_reaped;
  errno = saved_errno;
  return ::kill(pid, signal);
}

// The first child of thread `tid` of this process that shows in /proc within 5s, or 0.
pid_t first_child_of(pid_t tid) {
  const auto list = "/proc/self/task/" + std::to_string(tid) + "/children";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char text[32];
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::open(list.c_str(), O_RDONLY | O_CLOEXEC);
    const ssize_t size = fd >= 0 ? ::read(fd, text, sizeof text - 1) : -1;
    ::close(fd);
    if (size > 0) {
      text[size] = '\0';
      return static_cast<pid_t>(std::atoi(text));
    }
  }
  return 0;
}

// A PATH of thousands of missing folders before /usr/bin and /bin: the launcher tries
// execve in each, so a child takes milliseconds between fork and its exec.
std::string slow_path() {
  std::string path = "PATH=";
  while (path.size() < 100000)
    path += "/awsx-nx:";
  return path + "/usr/bin:/bin";
}

} // namespace

// The forwarding handler must never signal the child's pid once the child is reaped:
// another process may have it by then. A thread signals awsx without pause while short
// children start and end; every forwarded signal must reach a child not yet reaped.
// The race is not deterministic, but frequent: before the fix each run of this test
// counted 280 to 1700 signals sent to a reaped pid.
TEST(ProcessForwardingRaces, no_signal_is_passed_on_to_a_reaped_child) {
  EXPECT_EXIT(
      {
        process::block_forwarded_signals(); // as awsx does before starting threads
        process::forward_with(checked_kill);
        std::atomic<bool> done{false};
        std::thread sender([&done] {
          while (!done)
            ::kill(::getpid(), SIGWINCH); // harmless: its default action is to ignore it
        });
        int failed = 0;
        for (int i = 0; i < 200; ++i)
          failed += run({"/bin/true"}, {}) != 0;
        done = true;
        sender.join();
        std::fprintf(stderr, "%d signals sent to a reaped child, %d runs failed\n",
                     sent_to_reaped.load(), failed);
        std::exit(sent_to_reaped == 0 && failed == 0 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

// A signal that reaches the child between fork and exec must act as it would in the
// command (here: SIGUSR1 ends it), not run awsx's forwarding handler, which the child
// inherited and which would swallow it. slow_path() keeps the child long enough before
// its exec for the thread below to find it and signal it there.
TEST(ProcessForwardingRaces, a_signal_between_fork_and_exec_acts_as_in_the_command) {
  EXPECT_EXIT(
      {
        const pid_t tid = ::gettid();
        std::thread signaller([tid] {
          if (const pid_t child = first_child_of(tid); child > 0)
            ::kill(child, SIGUSR1);
        });
        const int code = run({"sh", "-c", "sleep 1; exit 0"}, {slow_path()});
        signaller.join();
        std::exit(code);
      },
      ::testing::ExitedWithCode(128 + SIGUSR1), "");
}

// --ecs-server: while the command runs, a server thread starts credential_process. A
// signal reaching that helper before its exec must not run the forwarding handler it
// inherited, which would pass the signal on to the command (here: end it).
TEST(ProcessForwardingRaces, a_signal_to_a_starting_helper_does_not_reach_the_command) {
  EXPECT_EXIT(
      {
        process::block_forwarded_signals(); // as awsx does before starting threads
        const pid_t tid = ::gettid();
        std::thread server([tid] {
          // Once the command runs (its pid is the one forwarded to), start a helper.
          first_child_of(tid);
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          const pid_t server_tid = ::gettid();
          std::thread signaller([server_tid] {
            if (const pid_t helper = first_child_of(server_tid); helper > 0)
              ::kill(helper, SIGUSR1);
          });
          process::Request helper;
          helper.argv = {"true"};
          helper.env = {slow_path()};
          process::reap(process::launch(helper), "the helper");
          signaller.join();
        });
        const int code = run({"sh", "-c", "sleep 1; exit 0"}, {"PATH=/usr/bin:/bin"});
        server.join();
        std::exit(code);
      },
      ::testing::ExitedWithCode(0), "");
}
