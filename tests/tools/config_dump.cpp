// Test-only: loads AWS config/credentials files through awsx's own loader and prints
// what it understood as JSON, so tests/integration/test_config_differential.py can
// compare it with botocore's reading of the same files.
//
//   awsx_config_dump CONFIG CREDENTIALS [CONFIG CREDENTIALS]...
//
// Each pair is read exactly as `awsx` reads AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE (name a missing path for "no such file"), and yields one
// line: {"profiles": …, "sso_sessions": …, "services": …, "others": …} or
// {"error": "<file>:<line>: …"}. Pairs are batched so that thousands of generated
// configs cost one process start. Exits 1 when any pair failed, 2 on a bad command line.

#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include "awsx/config/config_files.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"

namespace {

using awsx::config::Section;
using awsx::util::json_quote; // bytes >= 0x80 pass through, so bad UTF-8 would show

// `entries` as a JSON object, each value written by `write`.
template <typename Map, typename Write> std::string object(const Map& entries, Write write) {
  std::string out = "{";
  for (const auto& [key, value] : entries) {
    if (out.size() > 1)
      out += ',';
    (out += json_quote(key)) += ':';
    out += write(value);
  }
  return out += '}';
}

// A section's keys; a nested setting becomes an object, as botocore's nested dict.
std::string section_json(const Section& section) {
  return object(section.settings, [](const awsx::config::Setting& setting) {
    if (!setting.is_nested())
      return json_quote(setting.value);
    return object(setting.nested, [](const std::string& value) { return json_quote(value); });
  });
}

std::string sections_json(const std::map<std::string, Section>& sections) {
  return object(sections, section_json);
}

// One pair's result line; sets `failed` (and tells stderr) when awsx rejects the files.
std::string dump(const std::string& config, const std::string& credentials, bool& failed) {
  awsx::util::MapEnvironment env;
  if (const auto home = awsx::util::ProcessEnvironment().get("HOME"))
    env.set("HOME", *home);
  env.set("AWS_CONFIG_FILE", config);
  env.set("AWS_SHARED_CREDENTIALS_FILE", credentials);
  try {
    const auto files = awsx::config::load(env);
    return "{\"profiles\":" + sections_json(files.profiles) +
           ",\"sso_sessions\":" + sections_json(files.sso_sessions) +
           ",\"services\":" + sections_json(files.services) +
           ",\"others\":" + sections_json(files.others) + "}";
  } catch (const awsx::ConfigError& error) {
    std::cerr << "awsx: error: " << error.what() << '\n';
    failed = true;
    return "{\"error\":" + json_quote(error.what()) + "}";
  }
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc % 2 == 0) {
    std::cerr << "usage: " << argv[0] << " CONFIG CREDENTIALS [CONFIG CREDENTIALS]...\n";
    return 2;
  }
  bool failed = false;
  for (int i = 1; i + 1 < argc; i += 2)
    std::cout << dump(argv[i], argv[i + 1], failed) << '\n';
  return failed ? 1 : 0;
}
