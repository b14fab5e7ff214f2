#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// INI parsing that reproduces Python's configparser (strict mode, no interpolation) as
// botocore drives it, because botocore's reading of ~/.aws/config is the contract.
namespace awsx::config {

// The path a section or setting was read from. Shared, because every setting of a file
// names the same one: a 10,000-profile config would otherwise hold 50,000 copies.
using SourcePath = std::shared_ptr<const std::string>;

// One `key = value` line. A key whose value is empty and continues on indented
// `k = v` lines holds those in `nested` instead (e.g. `s3 =\n  addressing_style = path`).
struct Setting {
  std::string value; // empty when `nested` is used
  std::map<std::string, std::string> nested;
  SourcePath file; // where the key was set, for messages
  int line = 0;

  // True when the setting holds nested keys rather than a plain value.
  bool is_nested() const { return !nested.empty(); }
};

// A `[section]` with its settings; `name` is the header text or, after build(), the
// profile / sso-session / services name it defines.
struct Section {
  std::string name;
  SourcePath file;
  int line = 0;
  std::map<std::string, Setting> settings; // keys lowercased

  // The setting named `key` (lowercase), or nullptr when absent.
  const Setting* find(const std::string& key) const;

  // The plain value of `key`, or nullopt when it is absent or holds nested keys.
  std::optional<std::string> get(const std::string& key) const;
};

// configparser's special section, whose keys every other section of the same file
// inherits; botocore never sees it as a section of its own.
inline constexpr std::string_view default_section_name = "DEFAULT";

// Parses INI text `text` read from `path` into raw sections in file order, `[DEFAULT]`
// included; throws ConfigError (`path:line: ...`) on malformed input.
std::vector<Section> parse_ini(std::string_view text, const std::string& path);

} // namespace awsx::config
