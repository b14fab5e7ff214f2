#include "awsx/config/config_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "awsx/util/error.hpp"

namespace awsx::config {
namespace {

namespace fs = std::filesystem;

const std::string config_path = "/home/u/.aws/config";
const std::string credentials_path = "/home/u/.aws/credentials";

ConfigFiles build_from(std::string_view config, std::string_view credentials = {}) {
  return build(config, config_path, credentials, credentials_path);
}

// The ConfigError message of `run`, or empty when it succeeds.
template <typename F> std::string error_of(F run) {
  try {
    run();
  } catch (const ConfigError& error) {
    return error.what();
  }
  return {};
}

// The plain value of `key` in profile `name`, or "<none>".
std::string value(const ConfigFiles& files, const std::string& name, const std::string& key) {
  const Section* profile = files.profile(name);
  if (profile == nullptr)
    return "<no profile>";
  return profile->get(key).value_or("<none>");
}

// A scratch directory removed on destruction.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "awsx-config-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, ignored);
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `name` under the directory and returns its full path.
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = fs::path(path_) / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

  const std::string& path() const { return path_; }

private:
  std::string path_;
};

TEST(ConfigFiles, profile_sections_become_profiles) {
  const auto files = build_from("[profile dev]\nregion = eu-west-1\n[default]\nregion = x\n");
  EXPECT_EQ(files.profile_names(), (std::vector<std::string>{"default", "dev"}));
  const Section* dev = files.profile("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->name, "dev");
  EXPECT_EQ(*dev->file, config_path);
  EXPECT_EQ(dev->line, 1);
  EXPECT_EQ(dev->get("region"), "eu-west-1");
  EXPECT_EQ(files.config_path, config_path);
  EXPECT_EQ(files.credentials_path, credentials_path);
}

TEST(ConfigFiles, missing_profile_is_nullptr) {
  EXPECT_EQ(build_from("[profile a]\n").profile("b"), nullptr);
  EXPECT_TRUE(build_from("").profile_names().empty());
}

TEST(ConfigFiles, profile_names_are_sorted) {
  const auto files = build_from("[profile zeta]\n[profile alpha]\n[default]\n", "[mid]\n");
  EXPECT_EQ(files.profile_names(),
            (std::vector<std::string>{"alpha", "default", "mid", "zeta"}));
}

TEST(ConfigFiles, later_profile_default_replaces_default_wholesale) {
  const auto files = build_from("[default]\na = 1\n[profile default]\nb = 2\n");
  EXPECT_EQ(value(files, "default", "b"), "2");
  EXPECT_EQ(value(files, "default", "a"), "<none>");
  EXPECT_EQ(files.profile("default")->line, 3);
}

TEST(ConfigFiles, later_default_replaces_profile_default_wholesale) {
  const auto files = build_from("[profile default]\nb = 2\n[default]\na = 1\n");
  EXPECT_EQ(value(files, "default", "a"), "1");
  EXPECT_EQ(value(files, "default", "b"), "<none>");
}

TEST(ConfigFiles, headers_naming_the_same_profile_later_wins) {
  const auto files = build_from("[profile a]\nx = 1\n[profile  a ]\ny = 2\n");
  EXPECT_EQ(value(files, "a", "y"), "2");
  EXPECT_EQ(value(files, "a", "x"), "<none>");
}

TEST(ConfigFiles, quoted_profile_names_are_shell_split) {
  const auto files = build_from("[profile \"a b\"]\nk = 1\n[profile 'c d']\nk = 2\n"
                                "[profile x\\ y]\nk = 3\n[profile \"q\\\"r\"]\nk = 4\n"
                                "[profile e'f g'h]\nk = 5\n[profile \"\"]\nk = 6\n");
  EXPECT_EQ(value(files, "a b", "k"), "1");
  EXPECT_EQ(value(files, "c d", "k"), "2");
  EXPECT_EQ(value(files, "x y", "k"), "3");
  EXPECT_EQ(value(files, "q\"r", "k"), "4");
  EXPECT_EQ(value(files, "ef gh", "k"), "5");
  EXPECT_EQ(value(files, "", "k"), "6");
  EXPECT_EQ(files.profiles.size(), 6u);
}

TEST(ConfigFiles, profile_headers_without_exactly_one_name_are_dropped) {
  const auto files =
      build_from("[profile]\n[profile a b]\n[profile \"open]\n[profiles]\n[profile a\\]\n");
  EXPECT_TRUE(files.profiles.empty());
  EXPECT_TRUE(files.others.empty());
}

TEST(ConfigFiles, any_header_starting_with_profile_counts_like_botocore) {
  const auto files = build_from("[profileX foo]\nk = 1\n[profile-dev bar]\nk = 2\n");
  EXPECT_EQ(value(files, "foo", "k"), "1");
  EXPECT_EQ(value(files, "bar", "k"), "2");
}

TEST(ConfigFiles, trailing_text_after_header_is_ignored) {
  const auto files = build_from("[profile a] # prod\nk = 1\n");
  EXPECT_EQ(value(files, "a", "k"), "1");
}

TEST(ConfigFiles, sso_session_and_services_sections_are_kept) {
  const auto files = build_from("[sso-session corp]\nsso_start_url = https://x\n"
                                "[services \"my svc\"]\ns3 =\n  endpoint_url = http://y\n"
                                "[profile a]\nsso_session = corp\nservices = my svc\n");
  ASSERT_EQ(files.sso_sessions.count("corp"), 1u);
  EXPECT_EQ(files.sso_sessions.at("corp").name, "corp");
  EXPECT_EQ(files.sso_sessions.at("corp").get("sso_start_url"), "https://x");
  ASSERT_EQ(files.services.count("my svc"), 1u);
  EXPECT_EQ(files.services.at("my svc").find("s3")->nested.at("endpoint_url"), "http://y");
  EXPECT_EQ(files.profile_names(), std::vector<std::string>{"a"});
}

TEST(ConfigFiles, other_config_sections_are_kept_apart) {
  const auto files = build_from("[plugins]\np = 1\n[Profile X]\n[ default ]\n[preview]\n");
  EXPECT_TRUE(files.profiles.empty());
  EXPECT_EQ(files.others.size(), 4u);
  EXPECT_EQ(files.others.at("plugins").get("p"), "1");
  EXPECT_EQ(files.others.count("Profile X"), 1u);
  EXPECT_EQ(files.others.count(" default "), 1u);
}

TEST(ConfigFiles, credentials_headers_are_profile_names_verbatim) {
  const auto files = build_from("", "[default]\na = 1\n[profile x]\nb = 2\n[sso-session s]\n");
  EXPECT_EQ(files.profile_names(),
            (std::vector<std::string>{"default", "profile x", "sso-session s"}));
  EXPECT_TRUE(files.sso_sessions.empty());
  EXPECT_EQ(*files.profile("default")->file, credentials_path);
}

TEST(ConfigFiles, credentials_keys_override_config_keys) {
  const auto files = build_from("[profile dev]\nregion = eu-west-1\naws_access_key_id = OLD\n",
                                "[dev]\naws_access_key_id = NEW\naws_secret_access_key = S\n");
  const Section* dev = files.profile("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->get("aws_access_key_id"), "NEW");
  EXPECT_EQ(dev->get("aws_secret_access_key"), "S");
  EXPECT_EQ(dev->get("region"), "eu-west-1");
  EXPECT_EQ(*dev->file, config_path);
  EXPECT_EQ(*dev->find("aws_access_key_id")->file, credentials_path);
  EXPECT_EQ(dev->find("aws_access_key_id")->line, 2);
  EXPECT_EQ(*dev->find("region")->file, config_path);
}

TEST(ConfigFiles, credentials_merge_into_default_from_either_header) {
  const auto files = build_from("[profile default]\nregion = x\n", "[default]\nk = 1\n");
  EXPECT_EQ(value(files, "default", "region"), "x");
  EXPECT_EQ(value(files, "default", "k"), "1");
}

TEST(ConfigFiles, default_section_keys_fill_every_section_of_its_file) {
  const auto files = build_from("[profile a]\nregion = own\n[DEFAULT]\nregion = d\nout = o\n"
                                "[sso-session s]\n",
                                "[DEFAULT]\nk = c\n[b]\n");
  EXPECT_EQ(value(files, "a", "region"), "own");
  EXPECT_EQ(value(files, "a", "out"), "o");
  EXPECT_EQ(value(files, "a", "k"), "<none>");
  EXPECT_EQ(files.sso_sessions.at("s").get("region"), "d");
  EXPECT_EQ(value(files, "b", "k"), "c");
  EXPECT_EQ(value(files, "b", "region"), "<none>");
  EXPECT_EQ(files.profile("DEFAULT"), nullptr);
  EXPECT_TRUE(files.others.empty());
}

TEST(ConfigFiles, errors_name_the_file_they_come_from) {
  EXPECT_EQ(error_of([] { build_from("[a]\n[a]\n"); }).rfind(config_path + ":2: ", 0), 0u);
  EXPECT_EQ(
      error_of([] { build_from("", "[a]\nk=1\nk=2\n"); }).rfind(credentials_path + ":3: ", 0),
      0u);
}

TEST(ConfigFilesLoad, reads_the_files_named_by_the_environment) {
  const TempDir dir;
  const auto config = dir.write("cfg", "[profile dev]\nregion = eu-west-1\n");
  const auto credentials = dir.write("creds", "[dev]\naws_access_key_id = AKIA\n");
  const util::MapEnvironment env(
      {{"AWS_CONFIG_FILE", config}, {"AWS_SHARED_CREDENTIALS_FILE", credentials}});
  const auto files = load(env);
  EXPECT_EQ(files.config_path, config);
  EXPECT_EQ(files.credentials_path, credentials);
  EXPECT_EQ(value(files, "dev", "region"), "eu-west-1");
  EXPECT_EQ(value(files, "dev", "aws_access_key_id"), "AKIA");
}

TEST(ConfigFilesLoad, defaults_to_dot_aws_under_home) {
  const TempDir dir;
  dir.write(".aws/config", "[default]\nregion = x\n");
  dir.write(".aws/credentials", "[default]\naws_access_key_id = A\n");
  const auto files = load(util::MapEnvironment({{"HOME", dir.path() + "/"}}));
  EXPECT_EQ(files.config_path, dir.path() + "/.aws/config");
  EXPECT_EQ(files.credentials_path, dir.path() + "/.aws/credentials");
  EXPECT_EQ(value(files, "default", "region"), "x");
  EXPECT_EQ(value(files, "default", "aws_access_key_id"), "A");
}

TEST(ConfigFilesLoad, missing_files_are_empty) {
  const TempDir dir;
  const util::MapEnvironment env({{"HOME", dir.path()},
                                  {"AWS_CONFIG_FILE", dir.path() + "/nope"},
                                  {"AWS_SHARED_CREDENTIALS_FILE", dir.path() + "/no/such"}});
  EXPECT_TRUE(load(env).profiles.empty());
  EXPECT_TRUE(load(util::MapEnvironment({{"HOME", dir.path()}})).profiles.empty());
}

TEST(ConfigFilesLoad, empty_variable_or_dev_null_means_no_file) {
  const TempDir dir;
  dir.write(".aws/config", "[default]\n");
  dir.write(".aws/credentials", "[other]\n");
  const util::MapEnvironment env({{"HOME", dir.path()},
                                  {"AWS_CONFIG_FILE", ""},
                                  {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"}});
  EXPECT_TRUE(load(env).profiles.empty());
}

TEST(ConfigFilesLoad, tilde_and_variables_are_expanded) {
  const TempDir dir;
  const auto config = dir.write("sub/config", "[profile t]\n");
  const auto credentials = dir.write("sub/credentials", "[c]\n");
  const util::MapEnvironment env(
      {{"HOME", dir.path()},
       {"SUB", "sub"},
       {"AWS_CONFIG_FILE", "~/$SUB/config"},
       {"AWS_SHARED_CREDENTIALS_FILE", "${HOME}/${SUB}/credentials"}});
  const auto files = load(env);
  EXPECT_EQ(files.config_path, config);
  EXPECT_EQ(files.credentials_path, credentials);
  EXPECT_EQ(files.profile_names(), (std::vector<std::string>{"c", "t"}));
}

TEST(ConfigFilesLoad, expand_path_follows_python) {
  const util::MapEnvironment env({{"HOME", "/home/u/"}, {"A", "x"}, {"EMPTY", ""}});
  EXPECT_EQ(expand_path("~", env), "/home/u");
  EXPECT_EQ(expand_path("~/.aws/config", env), "/home/u/.aws/config");
  EXPECT_EQ(expand_path("/a/~/b", env), "/a/~/b");
  EXPECT_EQ(expand_path("$A/${A}/$UNSET/${UNSET}/$/${}/$EMPTY.", env),
            "x/x/$UNSET/${UNSET}/$/${}/.");
  EXPECT_EQ(expand_path("${A", env), "${A");
  EXPECT_EQ(expand_path("~no-such-user-awsx/c", env), "~no-such-user-awsx/c");
  const util::MapEnvironment empty_home{{"HOME", ""}};
  EXPECT_EQ(expand_path("~", empty_home), "/");
  EXPECT_EQ(expand_path("~/c", empty_home), "/c");
}

TEST(ConfigFilesLoad, directory_is_an_error_naming_the_path) {
  const TempDir dir;
  const util::MapEnvironment env({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", dir.path()}});
  const auto message = error_of([&] { load(env); });
  EXPECT_EQ(message.rfind(dir.path() + ": is a directory", 0), 0u) << message;
  EXPECT_NE(message.find("AWS_CONFIG_FILE"), std::string::npos) << message;
}

// Runs `body` as an unprivileged user when the test runs as root (root ignores file
// modes), returning what it returned; the check then runs for real in both cases.
std::string unprivileged(const std::function<std::string()>& body) {
  if (::geteuid() != 0)
    return body();
  int fds[2];
  if (::pipe(fds) != 0)
    return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string out = "could not drop privileges";
    if (::setgid(65534) == 0 && ::setuid(65534) == 0)
      out = body();
    [[maybe_unused]] auto n = ::write(fds[1], out.data(), out.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buffer[512];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    out.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  ::waitpid(pid, nullptr, 0);
  return out;
}

TEST(ConfigFilesLoad, unreadable_file_is_an_error_naming_the_path) {
  const TempDir dir;
  const auto credentials = dir.write("creds", "[a]\n");
  ::chmod(dir.path().c_str(), 0755);
  ::chmod(credentials.c_str(), 0);
  const util::MapEnvironment env(
      {{"HOME", dir.path()}, {"AWS_SHARED_CREDENTIALS_FILE", credentials}});
  const auto message = unprivileged([&] { return error_of([&] { load(env); }); });
  EXPECT_EQ(message.rfind(credentials + ": cannot open: ", 0), 0u) << message;
  EXPECT_NE(message.find("AWS_SHARED_CREDENTIALS_FILE"), std::string::npos) << message;
}

TEST(ConfigFilesLoad, symlink_loop_is_an_error_naming_the_path) {
  const TempDir dir;
  const std::string loop = dir.path() + "/loop";
  fs::create_symlink(loop, loop);
  const util::MapEnvironment env({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", loop}});
  const auto message = error_of([&] { load(env); });
  EXPECT_EQ(message.rfind(loop + ": cannot open: ", 0), 0u) << message;
}

TEST(ConfigFilesLoad, parse_errors_name_the_expanded_path) {
  const TempDir dir;
  const auto config = dir.write("config", "[default]\r\nregion = x\r\nbroken\r\n");
  const util::MapEnvironment env({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", "~/config"}});
  const auto message = error_of([&] { load(env); });
  EXPECT_EQ(message.rfind(config + ":3: expected \"key = value\"", 0), 0u) << message;
}

TEST(ConfigFilesLoad, crlf_file_loads) {
  const TempDir dir;
  const auto config = dir.write("config", "[profile a]\r\nregion = x\r\n");
  const auto files =
      load(util::MapEnvironment({{"HOME", dir.path()}, {"AWS_CONFIG_FILE", config}}));
  EXPECT_EQ(value(files, "a", "region"), "x");
}

} // namespace
} // namespace awsx::config
