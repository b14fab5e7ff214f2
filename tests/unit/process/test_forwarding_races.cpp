#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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

} // namespace

// A signal that reaches the child between fork and exec must act as it would in the
// command (here: SIGUSR1 ends it), not run awsx's forwarding handler, which the child
// inherited and which would swallow it or pass it on to another process. Thousands of
// missing folders in PATH keep the child trying execve for milliseconds, long enough for
// the thread below to find it and signal it before its exec succeeds.
TEST(ProcessForwardingRaces, a_signal_between_fork_and_exec_acts_as_in_the_command) {
  EXPECT_EXIT(
      {
        const pid_t tid = ::gettid();
        std::thread signaller([tid] {
          if (const pid_t child = first_child_of(tid); child > 0)
            ::kill(child, SIGUSR1);
        });
        std::string path = "PATH=";
        while (path.size() < 100000)
          path += "/awsx-nx:";
        path += "/usr/bin:/bin";
        const int code = run({"sh", "-c", "sleep 1; exit 0"}, {path});
        signaller.join();
        std::exit(code);
      },
      ::testing::ExitedWithCode(128 + SIGUSR1), "");
}
