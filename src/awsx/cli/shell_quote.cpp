#include "awsx/cli/shell_quote.hpp"

#include <algorithm>

namespace awsx::cli {

std::string posix_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string fish_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\n') {
      out += "'\\n'";
      continue;
    }
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

std::string shell_word(std::string_view text, std::string (*quote)(std::string_view)) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '+' || c == '@' ||
           c == ',';
  });
  return plain ? std::string(text) : quote(text);
}

} // namespace awsx::cli
