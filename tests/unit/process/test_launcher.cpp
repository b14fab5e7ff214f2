#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "awsx/process/helper.hpp"
#include "awsx/process/launcher.hpp"

using namespace awsx;

namespace {

const std::vector<std::string> base_env = {"PATH=/usr/bin:/bin"};

// What `argv` prints on stdout, run with `env` by the launcher.
std::string output_of(std::vector<std::string> argv, std::vector<std::string> env = base_env,
                      bool own_session = false) {
  process::Request request;
  request.argv = std::move(argv);
  request.env = std::move(env);
  request.own_session = own_session;
  const auto result = process::run_helper(request, std::chrono::seconds(0), 1 << 16);
  EXPECT_TRUE(WIFEXITED(result.status) && WEXITSTATUS(result.status) == 0)
      << process::describe_status(result.status);
  return result.output;
}

// A folder under /tmp, removed with everything in it at the end of the test.
class Folder {
public:
  Folder() {
    char name[] = "/tmp/awsx-launcher-XXXXXX";
    path_ = ::mkdtemp(name);
  }
  ~Folder() { std::filesystem::remove_all(path_); }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  // Writes `text` to `name` in the folder with permissions `mode`; returns its path.
  std::string write(const std::string& name, const std::string& text, mode_t mode) const {
    const auto path = path_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path.string();
  }
  std::string path() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

} // namespace

TEST(ProcessLauncher, words_reach_the_program_as_they_are_with_no_shell) {
  EXPECT_EQ(output_of({"printf", "%s|", "a b", "$(touch M)", "`id`", ";", "$HOME", "*"}),
            "a b|$(touch M)|`id`|;|$HOME|*|");
}

TEST(ProcessLauncher, path_search_skips_what_cannot_run_as_pythons_subprocess_does) {
  Folder folder;
  // Not executable, then a script without "#!" (execvp would hand it to /bin/sh), then
  // the real one: Python's subprocess, and so awsx, runs the third.
  folder.write("a/tool", "#!/bin/sh\necho a\n", 0644);
  folder.write("b/tool", "echo b\n", 0755);
  folder.write("c/tool", "#!/bin/sh\necho c\n", 0755);
  const auto path = "PATH=" + folder.path() + "/a:" + folder.path() + "/b:" + folder.path() +
                    "/c:/usr/bin:/bin";
  EXPECT_EQ(output_of({"tool"}, {path}), "c\n");
}

TEST(ProcessLauncher, the_first_real_error_is_reported_and_a_missing_program_is_enoent) {
  Folder folder;
  folder.write("a/tool", "#!/bin/sh\necho a\n", 0644);
  process::Request request;
  request.argv = {"tool"};
  request.env = {"PATH=/nonexistent:" + folder.path() + "/a"};
  try {
    process::launch(request);
    FAIL() << "a file without the x bit was run";
  } catch (const process::LaunchError& e) {
    EXPECT_EQ(e.error(), EACCES) << e.what();
  }
  request.argv = {"awsx-no-such-program"};
  try {
    process::launch(request);
    FAIL() << "a missing program was run";
  } catch (const process::LaunchError& e) {
    EXPECT_EQ(e.error(), ENOENT) << e.what();
  }
}

TEST(ProcessLauncher, a_child_that_could_not_run_is_reaped_not_left_a_zombie) {
  Folder folder;
  folder.write("tool", "#!/bin/sh\necho a\n", 0644);
  process::Request request;
  request.argv = {folder.path() + "/tool"};
  request.env = {"PATH=/usr/bin:/bin"};
  for (int i = 0; i < 3; ++i)
    EXPECT_THROW(process::launch(request), process::LaunchError);
  // The failed children belong to this process: any left unreaped would show here.
  siginfo_t info{};
  const int rc = ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT);
  EXPECT_TRUE((rc < 0 && errno == ECHILD) || (rc == 0 && info.si_pid == 0))
      << "zombie child " << info.si_pid;
}

TEST(ProcessLauncher, of_duplicate_variables_the_last_one_wins) {
  EXPECT_EQ(output_of({"sh", "-c", "printf %s \"$X\""}, {"PATH=/usr/bin:/bin", "X=1", "X=2"}),
            "2");
}

TEST(ProcessLauncher, the_child_gets_no_descriptor_of_ours_and_no_blocked_signal) {
  const int forgot_cloexec = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(forgot_cloexec, 3);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &usr1, nullptr);
  const auto leaked = output_of(
      {"sh", "-c",
       "if test -e /proc/$$/fd/" + std::to_string(forgot_cloexec) + "; then echo leaked; fi"});
  // grep reads its own mask: what the launcher left it, since exec keeps the mask.
  const auto seen = output_of({"grep", "SigBlk", "/proc/self/status"});
  ::pthread_sigmask(SIG_UNBLOCK, &usr1, nullptr);
  ::close(forgot_cloexec);
  EXPECT_EQ(leaked, "");
  EXPECT_EQ(seen, "SigBlk:\t0000000000000000\n");
}

TEST(ProcessLauncher, own_session_means_a_new_session_and_process_group) {
  const auto script = "read -r pid comm state ppid pgrp sid rest < /proc/$$/stat; "
                      "[ \"$sid\" = $$ ] && [ \"$pgrp\" = $$ ] && echo own || echo shared";
  EXPECT_EQ(output_of({"sh", "-c", script}, base_env, true), "own\n");
  EXPECT_EQ(output_of({"sh", "-c", script}, base_env, false), "shared\n");
}
