#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "awsx/util/token_file.hpp"

using awsx::util::max_token_file_bytes;
using awsx::util::read_token_file;

namespace {

struct Folder {
  std::string path;
  Folder() {
    char name[] = "/tmp/awsx-token-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~Folder() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path + "/" + name, std::ios::binary) << text;
    return path + "/" + name;
  }
};

} // namespace

TEST(UtilTokenFile, the_token_without_its_final_line_breaks) {
  Folder folder;
  const auto token = read_token_file(folder.write("t", "eyJ.abc.def\r\n\n"));
  ASSERT_TRUE(token) << token.error();
  EXPECT_EQ(*token, "eyJ.abc.def");
}

TEST(UtilTokenFile, files_that_never_end_or_are_too_large_are_refused) {
  Folder folder;
  const auto fifo = folder.path + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const auto& path : {fifo, std::string("/dev/zero"), folder.path}) {
    const auto token = read_token_file(path);
    ASSERT_FALSE(token) << path;
    EXPECT_EQ(token.error(), "it is not a regular file") << path;
  }
  const auto big =
      read_token_file(folder.write("big", std::string(max_token_file_bytes + 1, 'x')));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error(), "it holds more than 64 KiB, which no token does");
  EXPECT_TRUE(read_token_file(folder.write("max", std::string(max_token_file_bytes, 'x'))));
  EXPECT_FALSE(read_token_file(folder.path + "/missing"));
}
