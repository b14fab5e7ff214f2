#pragma once

#include <functional>
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
  int last_line = 0; // of the value's last non-blank line: [line, last_line] hold the setting

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

// Which settings parse_ini stores: `keep(header, key)` for setting `key` (lowercased) of
// section `[header]`. The others are read and checked exactly as stored ones are, so a
// malformed line or a duplicate anywhere fails the same way, and then dropped.
using SettingFilter = std::function<bool(std::string_view header, std::string_view key)>;

// Thrown by a filtered parse_ini for a file that can only be judged with every setting
// stored (a malformed block nested under a [DEFAULT] key); parse it unfiltered instead.
struct NeedsFullParse {};

// Where a section's lines are in the text: bytes [begin, end), from its header line, which
// is line `first_line`. Parsing that slice alone, from that line number, gives the same
// section (before [DEFAULT] applies).
struct SectionText {
  std::size_t begin = 0;
  std::size_t end = 0;
  int first_line = 1;
};

// Parses INI text `text` read from `path` into raw sections in file order, `[DEFAULT]`
// included; throws ConfigError (`path:line: ...`) on malformed input. With `keep`, only
// the settings it accepts are stored; with `where`, it receives each section's
// SectionText (a reopened [DEFAULT]: its first part). Lines are numbered from `first_line`.
std::vector<Section> parse_ini(std::string_view text, const std::string& path,
                               const SettingFilter* keep = nullptr,
                               std::vector<SectionText>* where = nullptr, int first_line = 1);

} // namespace awsx::config
