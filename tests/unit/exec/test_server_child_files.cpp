#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "awsx/exec/server_child_files.hpp"

using namespace awsx;
namespace fs = std::filesystem;

namespace {

class TempHome {
public:
  TempHome() {
    std::string pattern = (fs::temp_directory_path() / "awsx-child-files-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempHome() { fs::remove_all(path_); }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = (path_ / name).string();
    std::ofstream(file) << text;
    return file;
  }
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned mode_of(const std::string& path) {
  struct stat info {};
  ::lstat(path.c_str(), &info);
  return info.st_mode & 07777;
}

std::string value_of(const std::vector<std::string>& env, const std::string& name) {
  for (const auto& entry : env)
    if (entry.rfind(name + "=", 0) == 0)
      return entry.substr(name.size() + 1);
  return "<unset>";
}

} // namespace

TEST(ExecServerChildFiles, the_child_gets_an_empty_credentials_file_and_a_cleaned_config) {
  const TempHome home;
  util::MapEnvironment env{
      {"TMPDIR", home.path().string()},
      {"AWS_CONFIG_FILE", home.write("config", "[default]\nregion = eu-west-1\n"
                                               "credential_process = /bin/keys\n")},
      {"AWS_SHARED_CREDENTIALS_FILE",
       home.write("credentials", "[default]\naws_access_key_id = AKIADEFAULT\n"
                                 "aws_secret_access_key = SECRETVALUE\n")}};
  std::string folder;
  {
    const exec::ServerChildFiles files(env);
    folder = files.folder();
    EXPECT_EQ(fs::path(folder).parent_path(), home.path());
    EXPECT_EQ(mode_of(folder), 0700u);
    std::vector<std::string> child = {"PATH=/bin", "AWS_CONFIG_FILE=old",
                                      "AWS_SHARED_CREDENTIALS_FILE=old"};
    files.apply(child);
    EXPECT_EQ(child.size(), 3u);
    EXPECT_EQ(value_of(child, "AWS_SHARED_CREDENTIALS_FILE"), folder + "/credentials");
    EXPECT_EQ(value_of(child, "AWS_CONFIG_FILE"), folder + "/config");
    EXPECT_EQ(read(folder + "/credentials"), "");
    EXPECT_EQ(read(folder + "/config"), "[default]\nregion = eu-west-1\n");
    EXPECT_EQ(mode_of(folder + "/credentials"), 0600u);
    EXPECT_EQ(mode_of(folder + "/config"), 0600u);
    const auto& note = files.note();
    EXPECT_NE(note.find("aws_access_key_id, aws_secret_access_key in " +
                        value_of({"x=" + home.path().string() + "/credentials"}, "x")),
              std::string::npos)
        << note;
    EXPECT_NE(note.find("credential_process in"), std::string::npos) << note;
    EXPECT_EQ(note.find("AKIADEFAULT"), std::string::npos) << "names only, never values";
    EXPECT_EQ(note.find("SECRETVALUE"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(folder)) << "removed with the object";
}

TEST(ExecServerChildFiles, a_config_without_default_credentials_is_used_as_it_is) {
  const TempHome home;
  util::MapEnvironment env{
      {"TMPDIR", home.path().string()},
      {"AWS_CONFIG_FILE", home.write("config", "[default]\nregion = eu-west-1\n")},
      {"AWS_SHARED_CREDENTIALS_FILE", (home.path() / "missing").string()}};
  const exec::ServerChildFiles files(env);
  std::vector<std::string> child = {"AWS_CONFIG_FILE=" + home.path().string() + "/config"};
  files.apply(child);
  EXPECT_EQ(value_of(child, "AWS_CONFIG_FILE"), home.path().string() + "/config");
  EXPECT_EQ(value_of(child, "AWS_SHARED_CREDENTIALS_FILE"), files.folder() + "/credentials");
  EXPECT_EQ(files.note(), "") << "nothing the child would have used instead";
}

TEST(ExecServerChildFiles, ambient_web_identity_is_taken_out) {
  const TempHome home;
  util::MapEnvironment env{{"TMPDIR", home.path().string()},
                           {"AWS_CONFIG_FILE", (home.path() / "none").string()},
                           {"AWS_SHARED_CREDENTIALS_FILE", (home.path() / "none").string()},
                           {"AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"},
                           {"AWS_ROLE_ARN", "arn:aws:iam::1:role/pod"}};
  const exec::ServerChildFiles files(env);
  std::vector<std::string> child = {"AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token",
                                    "AWS_ROLE_ARN=arn:aws:iam::1:role/pod",
                                    "AWS_ROLE_SESSION_NAME=pod", "HOME=/h"};
  files.apply(child);
  EXPECT_EQ(value_of(child, "AWS_WEB_IDENTITY_TOKEN_FILE"), "<unset>");
  EXPECT_EQ(value_of(child, "AWS_ROLE_ARN"), "<unset>");
  EXPECT_EQ(value_of(child, "AWS_ROLE_SESSION_NAME"), "<unset>");
  EXPECT_EQ(value_of(child, "HOME"), "/h");
  EXPECT_NE(files.note().find("AWS_WEB_IDENTITY_TOKEN_FILE"), std::string::npos);
}
