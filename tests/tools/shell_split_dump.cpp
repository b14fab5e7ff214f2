// Reads NUL-terminated strings on stdin and prints, one JSON line each, how
// util::shell_split splits them: {"words": [...]} or {"error": "..."}. For the
// differential test against botocore's compat_shell_split (shlex.split).
#include <cstdio>
#include <iostream>
#include <string>

#include "awsx/util/shell_words.hpp"

namespace {

// `text` as a JSON string; bytes from 0x80 up pass through (the input is UTF-8).
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

} // namespace

int main() {
  std::string input;
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, stdin))
    input.append(buffer, n);
  std::size_t start = 0;
  for (std::size_t end; (end = input.find('\0', start)) != std::string::npos; start = end + 1) {
    const auto result =
        awsx::util::shell_split(std::string_view(input).substr(start, end - start));
    if (!result) {
      std::cout << "{\"error\": " << json_string(result.error()) << "}\n";
      continue;
    }
    std::cout << "{\"words\": [";
    for (std::size_t i = 0; i < result->size(); ++i)
      std::cout << (i ? ", " : "") << json_string((*result)[i]);
    std::cout << "]}\n";
  }
  return 0;
}
