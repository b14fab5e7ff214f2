#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "awsx/cli/app.hpp"
#include "awsx/cli/use_script.hpp"

using namespace awsx::cli;

namespace {

struct Captured {
  int status;
  std::string out;
  std::string err;
};

Captured run_awsx(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  Console console{out, err};
  const int status = run(args, console);
  return {status, out.str(), err.str()};
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Sets an environment variable for one test.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name))
      old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

private:
  const char* name_;
  std::optional<std::string> old_;
};

} // namespace

TEST(CliInit, prints_the_hook_file_byte_for_byte) {
  for (const std::string shell : {"bash", "zsh", "fish"}) {
    const auto r = run_awsx({"init", shell});
    EXPECT_EQ(r.status, 0) << r.err;
    const auto expected = file_bytes(AWSX_SOURCE_DIR "/shell/awsx." + shell);
    ASSERT_FALSE(expected.empty()) << shell;
    EXPECT_EQ(r.out, expected) << shell;
  }
}

TEST(CliInit, unknown_or_missing_shell_is_a_usage_error) {
  EXPECT_EQ(run_awsx({"init", "tcsh"}).status, 2);
  const auto r = run_awsx({"init"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("awsx init needs a shell: bash, zsh or fish"), std::string::npos);
}

TEST(CliUse, without_the_hook_it_says_how_to_load_it) {
  const ScopedEnv shell("SHELL", "/usr/bin/zsh");
  const auto r = run_awsx({"use", "prod"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "awsx: error: awsx use needs the shell hook: eval \"$(awsx init zsh)\"");
  const ScopedEnv fish("SHELL", "/usr/local/bin/fish");
  EXPECT_NE(run_awsx({"use", "prod"}).err.find("awsx init fish | source"), std::string::npos);
}

TEST(CliUse, unset_prints_the_hook_call_and_takes_no_profile) {
  const auto r = run_awsx({"use", "--unset", "--shell", "fish"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, unset_script("fish"));
  EXPECT_EQ(run_awsx({"use", "prod", "--unset", "--shell", "bash"}).status, 2);
  EXPECT_EQ(run_awsx({"use", "--unset", "--shell", "csh"}).status, 2);
}

TEST(CliCompletion, profiles_come_from_the_config_file_named_by_the_environment) {
  const std::string dir = ::testing::TempDir();
  const std::string config = dir + "/awsx-completion-config";
  std::ofstream(config) << "[default]\n[profile b]\n[profile a]\n[sso-session s]\n";
  const ScopedEnv config_env("AWS_CONFIG_FILE", config);
  const ScopedEnv credentials_env("AWS_SHARED_CREDENTIALS_FILE", dir + "/awsx-none");
  const auto r = run_awsx({"completion", "--profiles"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "a\nb\ndefault\n");
  EXPECT_EQ(run_awsx({"completion", "bash", "--profiles"}).status, 2);
}
