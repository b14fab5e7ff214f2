#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsx::util {

// The two-character escapes JSON writers use: json_escaped[i] is written as a backslash
// and json_escape_letters[i]. A reader also takes \/ for '/'.
inline constexpr std::string_view json_escaped = "\"\\\b\f\n\r\t";
inline constexpr std::string_view json_escape_letters = "\"\\bfnrt";

// A cursor over JSON text for FlatObject's reader: each read consumes one token and returns
// nullopt (or false) at malformed input, leaving the cursor where it stopped.
class JsonReader {
public:
  // Reads `text`; with `utf8_only` a string holding bytes that are not well-formed UTF-8 is
  // malformed, as in Python's json.loads of decoded text (documents from outside), while
  // without it any byte passes through (keyring entries may hold any byte).
  JsonReader(std::string_view text, bool utf8_only) : text_(text), utf8_only_(utf8_only) {}

  // Skips JSON whitespace (space, tab, LF, CR).
  void skip_space();

  // True when the whole text has been read.
  bool at_end() const { return pos_ == text_.size(); }

  // How many bytes have been read.
  std::size_t position() const { return pos_; }

  // The text between byte `from` and the cursor.
  std::string_view since(std::size_t from) const { return text_.substr(from, pos_ - from); }

  // The next character after whitespace, or '\0' at the end.
  char peek();

  // Consumes `c` after whitespace; false when something else comes.
  bool consume(char c);

  // Consumes the bare word `word` (true, false, null) after whitespace.
  bool consume_word(std::string_view word);

  // A string literal after whitespace, escapes decoded (\u surrogate pairs to one UTF-8
  // sequence; a lone surrogate is malformed).
  std::optional<std::string> string();

  // A number after whitespace, as written: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
  std::optional<std::string_view> number();

private:
  std::optional<char32_t> hex4();
  bool append_escaped(std::string& out);
  bool append_raw(std::string& out);

  std::string_view text_;
  bool utf8_only_;
  std::size_t pos_ = 0;
};

} // namespace awsx::util
