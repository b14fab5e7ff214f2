#include "awsx/util/shell_words.hpp"

#include <string>
#include <utility>

namespace awsx::util {

namespace {

// shlex's whitespace: only these four; a vertical tab or form feed is part of a word.
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

Result<std::vector<std::string>> shell_split(std::string_view text) {
  std::vector<std::string> words;
  words.reserve(2);
  std::string word;
  bool in_word = false; // separate from word.empty() because "" is a word
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"') {
        if (++i == text.size())
          return fail("No escaped character");
        if (text[i] != '"' && text[i] != '\\')
          word += '\\'; // inside double quotes only \" and \\ are escapes
        word += text[i];
      } else {
        word += c;
      }
    } else if (is_blank(c)) {
      if (in_word)
        words.push_back(std::exchange(word, {}));
      in_word = false;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\') {
      // Unlike sh, shlex keeps an escaped newline as a newline instead of joining lines.
      if (++i == text.size())
        return fail("No escaped character");
      word += text[i];
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0)
    return fail("No closing quotation");
  if (in_word)
    words.push_back(std::move(word));
  return words;
}

} // namespace awsx::util
