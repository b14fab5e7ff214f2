#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "awsx/process/helper.hpp"

using namespace awsx;
using namespace std::chrono_literals;

namespace {

process::Request request_for(std::vector<std::string> argv) {
  process::Request request;
  request.argv = std::move(argv);
  request.env = {"PATH=/usr/bin:/bin"};
  request.own_session = true;
  return request;
}

// True while `pid` runs; a zombie left for an init that doesn't reap counts as gone.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  return stat >> pid_field >> comm >> state && state != "Z" && state != "X";
}

} // namespace

TEST(ProcessHelper, a_hung_helper_and_what_it_started_are_stopped_at_the_deadline) {
  const auto pid_file =
      std::filesystem::temp_directory_path() / ("awsx-helper-" + std::to_string(::getpid()));
  // The grandchild holds stdout open too, so waiting for EOF alone would never end.
  const auto started = std::chrono::steady_clock::now();
  const auto result = process::run_helper(
      request_for({"sh", "-c", "sleep 60 & echo $! > " + pid_file.string() + "; sleep 60"}),
      300ms, 4096);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(result.timed_out);
  EXPECT_TRUE(WIFSIGNALED(result.status));
  EXPECT_LT(took, 2s);
  pid_t grandchild = 0;
  std::ifstream(pid_file) >> grandchild;
  std::filesystem::remove(pid_file);
  ASSERT_GT(grandchild, 0);
  for (int i = 0; i < 100 && running(grandchild); ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(running(grandchild)) << "grandchild " << grandchild << " survived";
}

TEST(ProcessHelper, a_helper_that_ignores_sigterm_gets_sigkill_a_second_later) {
  const auto started = std::chrono::steady_clock::now();
  const auto result =
      process::run_helper(request_for({"sh", "-c", "trap '' TERM; sleep 60"}), 200ms, 4096);
  EXPECT_TRUE(result.timed_out);
  EXPECT_TRUE(WIFSIGNALED(result.status) && WTERMSIG(result.status) == SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(ProcessHelper, output_past_the_limit_is_cut_and_flagged) {
  const auto result = process::run_helper(request_for({"yes"}), 10s, 1000);
  EXPECT_TRUE(result.overflowed);
  EXPECT_FALSE(result.timed_out);
  EXPECT_LE(result.output.size(), 1000u + 8192u);
}

TEST(ProcessHelper, a_quick_helper_is_read_whole) {
  const auto result = process::run_helper(request_for({"printf", "%s", "{}"}), 10s, 1000);
  EXPECT_EQ(result.output, "{}");
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(process::describe_status(result.status), "exited with status 0");
}

TEST(ProcessHelper, status_and_program_are_described_without_secrets) {
  EXPECT_EQ(process::describe_status(3 << 8), "exited with status 3");
  EXPECT_EQ(process::describe_status(SIGTERM), "was killed by signal 15 (Terminated)");
  EXPECT_EQ(process::program_label("/usr/bin/vault"), "/usr/bin/vault");
  EXPECT_EQ(process::program_label("TOKEN=s3cr3t"), "TOKEN=...");
}
