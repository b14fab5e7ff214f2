#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "awsx/config/config_files.hpp"
#include "awsx/util/error.hpp"

// build_for_profile() must agree with build() on every section it keeps, keep every
// section the profile reaches, and fail exactly where build() fails: the cached exec
// relies on it instead of build().
namespace awsx::config {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void expect_same_section(const Section& want, const Section& got, const std::string& what) {
  EXPECT_EQ(got.name, want.name) << what;
  EXPECT_EQ(*got.file, *want.file) << what;
  EXPECT_EQ(got.line, want.line) << what;
  ASSERT_EQ(got.settings.size(), want.settings.size()) << what;
  for (const auto& [key, setting] : want.settings) {
    const auto* other = got.find(key);
    ASSERT_NE(other, nullptr) << what << " lost " << key;
    EXPECT_EQ(other->value, setting.value) << what << " " << key;
    EXPECT_EQ(other->nested, setting.nested) << what << " " << key;
    EXPECT_EQ(*other->file, *setting.file) << what << " " << key;
    EXPECT_EQ(other->line, setting.line) << what << " " << key;
  }
}

void expect_subset(const std::map<std::string, Section>& full,
                   const std::map<std::string, Section>& part, const std::string& what) {
  for (const auto& [name, section] : part) {
    const auto it = full.find(name);
    ASSERT_NE(it, full.end()) << what << " invented " << name;
    expect_same_section(it->second, section, what + " " + name);
  }
}

// Checks build_for_profile against build for every profile of the files, and a missing one.
void check_case(const std::string& label, const std::string& config, const std::string& creds) {
  const std::string config_path = "/corpus/" + label + ".config";
  const std::string creds_path = "/corpus/" + label + ".credentials";
  std::optional<ConfigFiles> full;
  std::string full_error;
  try {
    full = build(config, config_path, creds, creds_path);
  } catch (const ConfigError& e) {
    full_error = e.what();
  }
  std::set<std::string> names = {"default", "no-such-profile"};
  if (full)
    for (const auto& name : full->profile_names())
      names.insert(name);
  for (const auto& name : names) {
    const std::string what = label + " for profile " + name;
    if (!full) {
      try {
        build_for_profile(name, config, config_path, creds, creds_path);
        ADD_FAILURE() << what << ": no error, but build() failed with " << full_error;
      } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), full_error) << what;
      }
      continue;
    }
    const auto part = build_for_profile(name, config, config_path, creds, creds_path);
    expect_subset(full->profiles, part.profiles, what);
    expect_subset(full->sso_sessions, part.sso_sessions, what);
    expect_subset(full->services, part.services, what);
    // Everything the profile reaches is there.
    std::vector<std::string> todo{name};
    std::set<std::string> seen;
    while (!todo.empty()) {
      const auto next = todo.back();
      todo.pop_back();
      if (!seen.insert(next).second)
        continue;
      const auto* section = full->profile(next);
      if (section == nullptr)
        continue;
      EXPECT_NE(part.profile(next), nullptr) << what << " misses " << next;
      if (auto source = section->get("source_profile"))
        todo.push_back(*source);
      const auto session = section->get("sso_session");
      if (session && full->sso_sessions.contains(*session)) {
        EXPECT_TRUE(part.sso_sessions.contains(*session)) << what << " misses " << *session;
      }
      const auto services = section->get("services");
      if (services && full->services.contains(*services)) {
        EXPECT_TRUE(part.services.contains(*services)) << what << " misses " << *services;
      }
    }
  }
}

TEST(BuildForProfile, agrees_with_build_on_every_file_of_the_botocore_corpus) {
  const fs::path corpus = fs::path(AWSX_SOURCE_DIR) / "tests/integration/data/config_corpus";
  std::set<std::string> stems;
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.path().extension() == ".config" || entry.path().extension() == ".credentials")
      stems.insert(entry.path().stem().string());
  ASSERT_GT(stems.size(), 50u) << corpus;
  for (const auto& stem : stems) {
    const auto config = corpus / (stem + ".config");
    const auto creds = corpus / (stem + ".credentials");
    check_case(stem, fs::exists(config) ? read(config) : "", fs::exists(creds) ? read(creds) : "");
  }
}

TEST(BuildForProfile, follows_chains_sessions_services_and_default_keys) {
  const std::string config =
      "[DEFAULT]\nregion = eu-west-1\n\n"
      "[profile prod]\nrole_arn = r\nsource_profile = mid\nservices = local\n\n"
      "[profile mid]\nrole_arn = m\nsource_profile = sso\n\n"
      "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = x\n\n"
      "[profile unrelated]\nregion = us-east-1\n\n"
      "[sso-session corp]\nsso_start_url = https://x\n\n"
      "[sso-session other]\nsso_start_url = https://y\n\n"
      "[services local]\nsts =\n  endpoint_url = http://127.0.0.1:1\n\n"
      "[plugins]\nx = y\n";
  const std::string creds = "[mid]\naws_access_key_id = A\n[unrelated]\naws_access_key_id = B\n";
  const auto part = build_for_profile("prod", config, "/c", creds, "/k");
  EXPECT_EQ(part.profile_names(), (std::vector<std::string>{"mid", "prod", "sso"}));
  EXPECT_TRUE(part.sso_sessions.contains("corp"));
  EXPECT_FALSE(part.sso_sessions.contains("other"));
  EXPECT_TRUE(part.services.contains("local"));
  EXPECT_EQ(part.profile("sso")->get("region"), "eu-west-1"); // [DEFAULT] still applies
  EXPECT_EQ(part.profile("mid")->get("aws_access_key_id"), "A");
  check_case("chains", config, creds);
}

TEST(BuildForProfile, a_broken_line_in_a_section_it_drops_still_fails) {
  const std::string config = "[profile prod]\nregion = x\n\n[profile other]\nnot a setting\n";
  try {
    build_for_profile("prod", config, "/c", "", "/k");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/c:5: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(build_for_profile("prod", "[profile prod]\n[profile x]\na=1\na=2\n", "/c", "", "/k"),
               ConfigError);
}

// botocore reads the config file first, so its error is the one to report.
TEST(BuildForProfile, a_broken_config_is_reported_before_a_broken_credentials_file) {
  const std::string config = "[profile a]\noops\n";
  const std::string creds = "[a]\nalso oops\n";
  for (const bool filtered : {false, true}) {
    try {
      filtered ? build_for_profile("a", config, "/c", creds, "/k") : build(config, "/c", creds, "/k");
      ADD_FAILURE() << "no error";
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("/c:2: ", 0), 0u) << e.what();
    }
  }
}

// Random files mixing the constructs that matter: chains, duplicates, DEFAULT blocks,
// nested values, broken lines, credentials merges.
TEST(BuildForProfile, agrees_with_build_on_generated_files) {
  std::mt19937 random(7);
  const std::vector<std::string> names = {"a", "b", "c", "default", "d e"};
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
  };
  const std::vector<std::string> headers = {"[profile a]", "[profile b]", "[profile c]",
                                            "[default]",   "[profile default]", "[profile \"d e\"]",
                                            "[sso-session s]", "[services v]", "[DEFAULT]",
                                            "[plugins]"};
  const std::vector<std::string> lines = {
      "source_profile = a", "source_profile = b", "source_profile = c",
      "source_profile = default", "sso_session = s", "services = v", "region = r",
      "role_arn = x", "s3 =\n  max = 1", "k =\n  bogus", "broken line", "region = again",
      "nested =\n  a = 1\n  b = 2", "", "# comment"};
  for (int round = 0; round < 400; ++round) {
    std::string config, creds;
    for (int s = std::uniform_int_distribution<int>(1, 6)(random); s > 0; --s) {
      config += pick(headers) + "\n";
      for (int l = std::uniform_int_distribution<int>(0, 3)(random); l > 0; --l)
        config += pick(lines) + "\n";
    }
    for (int s = std::uniform_int_distribution<int>(0, 2)(random); s > 0; --s)
      creds += "[" + pick(names) + "]\n" + pick(lines) + "\n";
    check_case("generated-" + std::to_string(round), config, creds);
  }
}

} // namespace
} // namespace awsx::config
