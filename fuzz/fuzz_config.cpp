// Fuzzes the botocore-compatible INI parser and the profile map built on it. Input is the
// config file, optionally followed by a NUL byte and the credentials file.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "awsx/config/config_files.hpp"
#include "awsx/config/lint.hpp"
#include "awsx/util/error.hpp"
#include "fuzz_support.hpp"

namespace {

const std::string config_path = "/home/fuzz/.aws/config";
const std::string credentials_path = "/home/fuzz/.aws/credentials";

bool is_one_of_the_files(const std::string& file) {
  return file == config_path || file == credentials_path;
}

// Every position the parser hands out must name one of the two files and a real line.
void check_positions(const std::map<std::string, awsx::config::Section>& sections) {
  using awsx::fuzz::require;
  for (const auto& [name, section] : sections) {
    require(is_one_of_the_files(*section.file), "a section names one of the two files");
    require(section.line >= 1, "a section starts on line 1 or later");
    for (const auto& [key, setting] : section.settings) {
      require(is_one_of_the_files(*setting.file), "a setting names one of the two files");
      require(setting.line >= 1, "a setting starts on line 1 or later");
      require(setting.value.empty() || !setting.is_nested(),
              "a setting holds a value or nested keys, never both");
    }
  }
}

// The cached exec's reading must match the whole one on every section it keeps, and
// fail with the same message.
void check_profile_reading(std::string_view config, std::string_view credentials,
                           const awsx::config::ConfigFiles* full, const std::string& error) {
  using awsx::fuzz::require;
  const std::string profile = full != nullptr && !full->profiles.empty()
                                  ? full->profiles.begin()->first
                                  : std::string("default");
  try {
    const auto part = awsx::config::build_for_profile(profile, config, config_path,
                                                      credentials, credentials_path);
    require(full != nullptr, "build_for_profile fails where build fails");
    for (const auto& [name, section] : part.profiles) {
      const auto* whole = full->profile(name);
      require(whole != nullptr && whole->settings.size() == section.settings.size() &&
                  whole->line == section.line,
              "build_for_profile keeps profiles exactly as build reads them");
      for (const auto& [key, setting] : section.settings) {
        const auto* other = whole->find(key);
        require(other != nullptr && other->value == setting.value &&
                    other->nested == setting.nested && other->line == setting.line,
                "build_for_profile keeps settings exactly as build reads them");
      }
    }
  } catch (const awsx::ConfigError& e) {
    require(full == nullptr && error == e.what(), "build_for_profile fails as build does");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = awsx::fuzz::as_text(data, size);
  const auto nul = input.find('\0');
  const std::string_view config = input.substr(0, nul);
  const std::string_view credentials =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  try {
    const auto files = awsx::config::build(config, config_path, credentials, credentials_path);
    check_positions(files.profiles);
    check_positions(files.sso_sessions);
    check_positions(files.services);
    check_positions(files.others);
    for (const auto& finding : awsx::config::lint_unknown_keys(files))
      awsx::fuzz::require(is_one_of_the_files(finding.file), "a lint finding names a file");
    check_profile_reading(config, credentials, &files, {});
  } catch (const awsx::ConfigError& e) {
    check_profile_reading(config, credentials, nullptr, e.what());
    // Malformed input is expected; its message must say where, as `path:line: ...`.
    const std::string_view message = e.what();
    awsx::fuzz::require(message.starts_with(config_path + ":") ||
                            message.starts_with(credentials_path + ":"),
                        "a ConfigError starts with the file's path");
  }
  return 0;
}
