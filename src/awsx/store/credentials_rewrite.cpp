#include "awsx/store/credentials_rewrite.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "awsx/config/config_files.hpp"
#include "awsx/config/ini.hpp"
#include "awsx/store/storage_failure.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/new_file.hpp"

namespace awsx::store {

namespace {

constexpr std::size_t npos = std::string_view::npos;

// The bytes [begin, end) of line `number` (1-based) of `text`, without its line break;
// lines end as Python's universal newlines end them (\n, \r\n, \r), as the parser counts.
std::pair<std::size_t, std::size_t> line_span(std::string_view text, int number) {
  std::size_t pos = 0;
  for (int line = 1; pos <= text.size(); ++line) {
    const auto end = std::min(text.find_first_of("\r\n", pos), text.size());
    if (line == number)
      return {pos, end};
    if (end == text.size())
      break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return {npos, npos};
}

// Python's str.strip() whitespace among ASCII bytes.
bool blank(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

// Where the value of the `key = value` line [begin, end) of `text` is, stripped.
std::pair<std::size_t, std::size_t> value_span(std::string_view text, std::size_t begin,
                                               std::size_t end) {
  auto at = text.substr(begin, end - begin).find_first_of("=:");
  if (at == npos)
    return {npos, npos};
  std::size_t first = begin + at + 1;
  std::size_t last = end;
  while (first < last && blank(text[first]))
    ++first;
  while (last > first && blank(text[last - 1]))
    --last;
  return {first, last};
}

// The section of `sections` that defines `profile`, or nullptr.
const config::Section* section_of(const std::vector<config::Section>& sections,
                                  const std::string& profile, bool config_file) {
  for (const auto& section : sections) {
    const auto defines = config_file ? config::profile_of_config_header(section.name)
                                     : std::optional<std::string>(section.name);
    if (section.name != config::default_section_name && defines == profile)
      return &section;
  }
  return nullptr;
}

} // namespace

util::Result<std::string> replace_keys_in_text(std::string_view text, const std::string& path,
                                               const std::string& profile, bool config_file,
                                               const aws::Credentials& from,
                                               const aws::Credentials& to) {
  std::vector<config::Section> sections;
  try {
    sections = config::parse_ini(text, path);
  } catch (const ConfigError& e) {
    return util::fail(e.what());
  }
  const auto* section = section_of(sections, profile, config_file);
  if (section == nullptr)
    return util::fail(path + " has no section of profile " + profile + " any more");
  std::string out(text);
  // Right to left, so that the first replacement leaves the second one's offsets alone.
  std::vector<std::pair<const config::Setting*, std::pair<std::string, std::string>>> edits;
  for (const auto& [key, old_value, new_value] :
       {std::tuple{"aws_access_key_id", from.access_key_id, to.access_key_id},
        std::tuple{"aws_secret_access_key", from.secret_access_key, to.secret_access_key}}) {
    const auto* setting = section->find(key);
    const std::string where =
        path + ":" + std::to_string(section->line) + ": [" + section->name + "]";
    if (setting == nullptr)
      return util::fail(where + " does not itself hold " + key);
    if (setting->last_line != setting->line || setting->value != old_value)
      return util::fail(path + ":" + std::to_string(setting->line) + ": " + key +
                        " of profile " + profile + " is not the one-line value awsx read");
    edits.push_back({setting, {old_value, new_value}});
  }
  if (edits[0].first->line < edits[1].first->line)
    std::swap(edits[0], edits[1]);
  for (const auto& [setting, values] : edits) {
    const auto [begin, end] = line_span(out, setting->line);
    const auto [first, last] =
        begin == npos ? std::pair{npos, npos} : value_span(out, begin, end);
    if (first == npos || out.compare(first, last - first, values.first) != 0)
      return util::fail(path + ":" + std::to_string(setting->line) +
                        ": cannot find the value to replace on the line");
    out.replace(first, last - first, values.second);
  }
  return out;
}

void replace_keys_in_file(const std::string& path, const std::string& profile, bool config_file,
                          const aws::Credentials& from, const aws::Credentials& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // A dotfile manager's link stays a link: the file it points at is the one replaced.
  const fs::path target = fs::is_symlink(path, ec) ? fs::canonical(path, ec) : fs::path(path);
  if (ec)
    fail_storage("resolve", path, ec.value(), fs::path(path).parent_path());
  // The reader the config loader uses: O_CLOEXEC, and a clear error naming the variable.
  const auto text = config::read_text(
      target.string(), config_file ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE");
  auto replaced = replace_keys_in_text(text, target.string(), profile, config_file, from, to);
  if (!replaced)
    throw StorageError("cannot replace the keys in " + target.string() + ": " +
                           replaced.error(),
                       "the file changed while awsx worked; check it");
  const auto temporary = target.parent_path() / ("." + target.filename().string() + ".awsx-" +
                                                 std::to_string(::getpid()));
  ::unlink(temporary.c_str()); // a leftover of a crashed run with the same pid
  const auto written = util::write_new_private_file(temporary, *replaced, true);
  if (written.error != 0)
    fail_storage("write", temporary, written.error, target.parent_path());
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(temporary.c_str());
    fail_storage("replace", target, err, target.parent_path());
  }
}

} // namespace awsx::store
