#include "awsx/config/ini.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <unordered_map>
#include <utility>

#include "awsx/config/python_text.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::config {

const Setting* Section::find(const std::string& key) const {
  const auto it = settings.find(key);
  return it == settings.end() ? nullptr : &it->second;
}

std::optional<std::string> Section::get(const std::string& key) const {
  const Setting* setting = find(key);
  if (setting == nullptr || setting->is_nested())
    return std::nullopt;
  return setting->value;
}

namespace {

constexpr auto npos = std::string_view::npos;

// Length in bytes of the character at the start of `text` when Python's str.isspace()
// holds for it, else 0. configparser strips and measures indentation with that
// predicate, so a no-break space pasted after a value must go too.
std::size_t space_at(std::string_view text) {
  if (text.empty())
    return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    const bool space =
        lead == ' ' || (lead >= '\t' && lead <= '\r') || (lead >= 0x1c && lead <= 0x1f);
    return space ? 1 : 0;
  }
  if (lead == 0xC2 && text.size() >= 2)
    return byte(1) == 0x85 || byte(1) == 0xA0 ? 2 : 0; // U+0085, U+00A0
  if (text.size() < 3)
    return 0;
  if ((lead & 0xF0u) != 0xE0 || (byte(1) & 0xC0u) != 0x80 || (byte(2) & 0xC0u) != 0x80)
    return 0;
  const unsigned code = (lead & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu);
  const bool space = code == 0x1680 || (code >= 0x2000 && code <= 0x200A) || code == 0x2028 ||
                     code == 0x2029 || code == 0x202F || code == 0x205F || code == 0x3000;
  return space ? 3 : 0;
}

// Like space_at() for the character that ends `text`.
std::size_t space_before_end(std::string_view text) {
  for (std::size_t length = 1; length <= 3 && length <= text.size(); ++length)
    if (space_at(text.substr(text.size() - length)) == length)
      return length;
  return 0;
}

// Most bytes are ASCII letters; deciding those inline keeps stripping cheap.
bool plainly_not_space(char c) {
  return c > ' ' && c < '\x7f';
}

std::string_view rstrip(std::string_view text) {
  while (!text.empty() && !plainly_not_space(text.back())) {
    const std::size_t length = space_before_end(text);
    if (length == 0)
      break;
    text.remove_suffix(length);
  }
  return text;
}

std::string_view strip(std::string_view text) {
  while (!text.empty() && !plainly_not_space(text.front())) {
    const std::size_t length = space_at(text);
    if (length == 0)
      break;
    text.remove_prefix(length);
  }
  return rstrip(text);
}

// Indentation in characters, not bytes, because configparser compares code points.
std::size_t indentation(std::string_view line) {
  std::size_t count = 0;
  while (const std::size_t length = space_at(line)) {
    line.remove_prefix(length);
    ++count;
  }
  return count;
}

bool may_hold_secret(std::string_view text) {
  const std::string lower = util::to_lower(text);
  for (const char* word : {"secret", "token", "password"})
    if (lower.find(word) != std::string::npos)
      return true;
  return false;
}

// Error messages quote the offending line, but a malformed line is often a mangled
// credential, so anything near a secret-looking name stays out of the terminal.
std::string shown(std::string_view line, std::string_view key) {
  if (may_hold_secret(line) || may_hold_secret(key))
    return "a line that may hold a secret (not shown)";
  if (line.size() <= 60)
    return "\"" + std::string(line) + "\"";
  std::size_t cut = 60;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0u) == 0x80)
    --cut; // never split a UTF-8 character
  return "\"" + std::string(line.substr(0, cut)) + "...\"";
}

class Parser {
public:
  Parser(std::string_view text, const std::string& path, const SettingFilter* keep,
         std::vector<SectionText>* where, int first_line)
      : text_(text), path_(path), file_(std::make_shared<const std::string>(path)), keep_(keep),
        where_(where), first_line_(first_line) {}

  std::vector<Section> run();

private:
  struct Part {
    std::string_view text; // stripped; empty for a blank line
    int line;
  };

  void on_line(std::string_view raw, int number);
  void on_header(std::string_view text, int number);
  void on_option(std::string_view text, int number);
  void finish_option();
  void fill_multiline(Setting& setting);
  void add_nested(Setting& setting, std::string_view line, int number);
  void fail_if_inherited(int before) const;
  [[noreturn]] void fail(int number, const std::string& message) const;

  // A malformed block nested under a [DEFAULT] key: botocore only parses it, and fails,
  // in the sections that inherit the key, so awsx waits to see whether any does.
  struct Deferred {
    int line; // the first line of the block that is not `k = v`
    std::string key;
    std::string message;
  };

  std::string_view text_;
  const std::string& path_;
  SourcePath file_;
  std::vector<Section> sections_;
  std::unordered_map<std::string_view, std::size_t> index_; // header -> sections_ slot
  std::size_t section_ = npos;
  std::size_t indent_level_ = 0; // indentation of the last header or key line
  Setting* open_ = nullptr;      // the setting indented lines would continue
  std::string key_;              // the last key seen in the current section
  std::string_view first_value_; // of open_, filled in once its lines are all seen
  std::vector<Part> parts_;      // continuation lines of open_
  std::vector<Deferred> deferred_;
  bool valid_utf8_ = false;
  const SettingFilter* keep_;                          // nullptr: store every setting
  std::vector<std::pair<std::string, int>> dropped_;   // keys not stored, in this section
  Setting scratch_;                                    // the value of a dropped key
  std::vector<SectionText>* where_;                    // nullptr: not asked for
  int first_line_;
  std::size_t line_begin_ = 0; // offset of the line being read
  std::size_t open_text_ = npos; // the where_ entry that the lines being read extend
};

std::vector<Section> Parser::run() {
  // botocore decodes the file as plain UTF-8, so a BOM becomes text before the first
  // header and the file is rejected; saying so beats inventing a section name.
  if (text_.starts_with("\xEF\xBB\xBF"))
    fail(1, "the file starts with a UTF-8 byte order mark (BOM), which the AWS CLI cannot "
            "read either; save it as UTF-8 without a BOM");
  // Sizing up front spares re-hashing and moving thousands of sections.
  std::size_t headers = 0;
  for (auto at = text_.find('['); at != npos; at = text_.find('[', at + 1))
    ++headers;
  sections_.reserve(headers);
  index_.reserve(headers);
  // Python reads text files with universal newlines: \n, \r\n and a lone \r all end a
  // line. Without any \r, memchr finds line ends much faster than a byte loop.
  const bool has_cr = text_.find('\r') != npos;
  // One pass over the whole text; only a file with a bad byte is checked line by line,
  // to name the line.
  valid_utf8_ = invalid_utf8_at(text_) == npos;
  std::size_t pos = 0;
  int number = first_line_ - 1;
  while (pos < text_.size()) {
    std::size_t end = has_cr ? text_.find_first_of("\r\n", pos) : text_.find('\n', pos);
    end = std::min(end, text_.size());
    line_begin_ = pos;
    on_line(text_.substr(pos, end - pos), ++number);
    if (end + 1 < text_.size() && text_[end] == '\r' && text_[end + 1] == '\n')
      ++end;
    pos = end + 1;
  }
  finish_option();
  fail_if_inherited(INT_MAX);
  if (open_text_ != npos)
    (*where_)[open_text_].end = text_.size();
  return std::move(sections_);
}

void Parser::on_line(std::string_view raw, int number) {
  if (const std::size_t bad = valid_utf8_ ? npos : invalid_utf8_at(raw); bad != npos) {
    finish_option(); // a value that is malformed already fails at an earlier line
    char shown_byte[8];
    std::snprintf(shown_byte, sizeof shown_byte, "0x%02X",
                  static_cast<unsigned char>(raw[bad]));
    fail(number, std::string("byte ") + shown_byte + " in column " + std::to_string(bad + 1) +
                     " is not UTF-8, which the AWS CLI cannot read either; save the file "
                     "as UTF-8");
  }
  const std::string_view text = strip(raw);
  if (text.empty() || text[0] == '#' || text[0] == ';') {
    // Blank lines belong to a multi-line value (trailing ones are trimmed later);
    // comment lines vanish without ending it.
    if (text.empty() && open_ != nullptr)
      parts_.push_back({{}, number});
    return;
  }
  const std::size_t indent = indentation(raw);
  if (open_ != nullptr && indent > indent_level_) {
    parts_.push_back({text, number});
    return;
  }
  finish_option();
  indent_level_ = indent;
  if (text[0] == '[')
    on_header(text, number);
  else if (section_ == npos)
    fail(number, "got " + shown(text, {}) +
                     " before any [section] header; start the file with a header such as "
                     "[default] or [profile NAME]");
  else
    on_option(text, number);
}

void Parser::on_header(std::string_view text, int number) {
  // configparser's `\[(.+)\]` is greedy and unanchored at the end: the name runs to the
  // last `]` and whatever follows it is ignored.
  const auto close = text.rfind(']');
  // Without a "]" after at least one character the line is no header to configparser:
  // inside a section `[abc = 1` is the key "[abc".
  if ((close == npos || close == 1) && section_ != npos && text.find_first_of("=:") != npos)
    return on_option(text, number);
  if (close == 1)
    fail(number, "empty section name \"[]\"; write e.g. [profile NAME]");
  if (close == npos)
    fail(number, "unterminated section header " + shown(text, {}) + "; end it with \"]\"");
  const std::string_view name = text.substr(1, close - 1);
  key_.clear();
  dropped_.clear();
  if (open_text_ != npos) {
    (*where_)[open_text_].end = line_begin_;
    open_text_ = npos;
  }
  const auto [it, inserted] = index_.try_emplace(name, sections_.size());
  if (!inserted) {
    // configparser lets [DEFAULT] reopen; any other repeat is a strict-mode error.
    if (name != default_section_name)
      fail(number, "duplicate section [" + std::string(name) + "] (first on line " +
                       std::to_string(sections_[it->second].line) +
                       "); merge the two or delete one");
    section_ = it->second;
    return;
  }
  sections_.push_back(Section{std::string(name), file_, number, {}});
  section_ = sections_.size() - 1;
  if (where_ != nullptr) {
    where_->push_back({line_begin_, text_.size(), number});
    open_text_ = where_->size() - 1;
  }
}

void Parser::on_option(std::string_view text, int number) {
  // A plain loop: find_first_of("=:") would call memchr for every character.
  std::size_t separator = 0;
  while (separator < text.size() && text[separator] != '=' && text[separator] != ':')
    ++separator;
  if (separator == text.size())
    fail(number, "expected \"key = value\" or \"[section]\", got " + shown(text, key_) +
                     "; fix the line or comment it out with \"#\"");
  const std::string_view key = rstrip(text.substr(0, separator));
  if (key.empty())
    fail(number, std::string("missing key name before \"") + text[separator] +
                     "\"; write \"key = value\"");
  key_.assign(key); // reuses key_'s buffer, unlike util::to_lower
  for (char& c : key_)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  if (std::any_of(key.begin(), key.end(), [](char c) { return (c & 0x80) != 0; }))
    key_ = python_lower(key); // configparser's str.lower(): "ÜBER" is "über"
  Section& section = sections_[section_];
  const auto duplicate = [&](int first) {
    fail(number, "duplicate key \"" + key_ + "\" in [" + section.name + "] (first on line " +
                     std::to_string(first) + "); keep only one");
  };
  if (keep_ != nullptr && !(*keep_)(section.name, key_)) {
    for (const auto& [seen, line] : dropped_)
      if (seen == key_)
        duplicate(line);
    dropped_.emplace_back(key_, number);
    scratch_ = Setting{};
    open_ = &scratch_; // read and checked like any value, then forgotten
  } else {
    const auto [it, inserted] = section.settings.try_emplace(key_);
    if (!inserted)
      duplicate(it->second.line);
    it->second.file = file_;
    it->second.line = number;
    open_ = &it->second; // map nodes never move, so this survives later inserts
  }
  first_value_ = strip(text.substr(separator + 1));
  parts_.clear();
}

void Parser::finish_option() {
  if (open_ == nullptr)
    return;
  if (open_ == &scratch_ && parts_.empty()) {
    open_ = nullptr; // a dropped one-line value has nothing left to check
    return;
  }
  open_->last_line = open_->line;
  for (const Part& part : parts_)
    if (!part.text.empty())
      open_->last_line = part.line;
  if (parts_.empty())
    open_->value = first_value_;
  else
    fill_multiline(*open_);
  open_ = nullptr;
}

void Parser::fill_multiline(Setting& setting) {
  bool nested = first_value_.empty();
  if (nested) {
    nested = false;
    for (const Part& part : parts_)
      nested = nested || !part.text.empty();
  }
  if (!nested) {
    // configparser joins the lines with "\n" and trims the end.
    std::string value(first_value_);
    for (const Part& part : parts_)
      (value += '\n') += part.text;
    value.resize(rstrip(value).size());
    setting.value = std::move(value);
    return;
  }
  // botocore reads a value that starts with a newline as one level of `k = v` lines,
  // split by str.splitlines(), which also breaks at \f, U+2028 and the like.
  const std::size_t deferred = deferred_.size();
  for (const Part& part : parts_) {
    for (std::string_view rest = part.text; !rest.empty() && deferred_.size() == deferred;) {
      const LineBreak cut = find_extra_line_break(rest);
      const std::string_view line = strip(rest.substr(0, cut.at));
      rest = cut.at == npos ? std::string_view{} : rest.substr(cut.at + cut.length);
      if (!line.empty())
        add_nested(setting, line, part.line);
    }
  }
}

// Only "=" separates, keys keep their case, and a repeated key silently wins.
void Parser::add_nested(Setting& setting, std::string_view line, int number) {
  const auto equals = line.find('=');
  if (equals != npos) {
    setting.nested.insert_or_assign(std::string(strip(line.substr(0, equals))),
                                    std::string(strip(line.substr(equals + 1))));
    return;
  }
  std::string message = "expected \"key = value\" (with \"=\") in the block nested under \"" +
                        key_ + "\", got " + shown(line, key_);
  if (sections_[section_].name != default_section_name)
    fail(number, message);
  if (keep_ != nullptr)
    throw NeedsFullParse{}; // whether it fails depends on settings a filter drops
  deferred_.push_back({number, key_, std::move(message)});
}

// Throws when a malformed [DEFAULT] block reaches a section before line `before`: at
// the first line where botocore, reading the file up to there, would parse it in a
// section that has no key of that name yet. At the end of the file (`before` is
// INT_MAX) that takes a section that never sets the key, as botocore reads it whole.
void Parser::fail_if_inherited(int before) const {
  const Deferred* worst = nullptr;
  const Section* heir = nullptr;
  int first = INT_MAX;
  bool inherited = before != INT_MAX;
  for (const Deferred& block : deferred_) {
    for (const Section& section : sections_) {
      if (section.name == default_section_name)
        continue;
      const Setting* own = section.find(block.key);
      const int own_line = own == nullptr ? INT_MAX : own->line;
      inherited = inherited || own_line == INT_MAX;
      const int at = std::max(section.line, block.line);
      if (at < first && at < before && own_line > at) {
        first = at;
        worst = &block;
        heir = &section;
      }
    }
  }
  if (!inherited || worst == nullptr)
    return;
  const std::string where =
      "[" + heir->name + "] inherits \"" + worst->key + "\" from [DEFAULT]";
  throw ConfigError(path_ + ":" + std::to_string(first) + ": " + where +
                    ", whose nested block is malformed: line " + std::to_string(worst->line) +
                    ": " + worst->message);
}

void Parser::fail(int number, const std::string& message) const {
  fail_if_inherited(number); // an earlier line may already have broken the file
  throw ConfigError(path_ + ":" + std::to_string(number) + ": " + message);
}

} // namespace

std::vector<Section> parse_ini(std::string_view text, const std::string& path,
                               const SettingFilter* keep, std::vector<SectionText>* where,
                               int first_line) {
  if (where != nullptr)
    where->clear();
  return Parser(text, path, keep, where, first_line).run();
}

} // namespace awsx::config
