#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/run_awsx.hpp"

using awsx::test::run_awsx;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

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
