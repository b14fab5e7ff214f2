#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsx::util {

// One code point decoded from UTF-8, and how many bytes it took.
struct CodePoint {
  char32_t code;
  std::size_t length;
};

// The code point whose encoding starts at byte `i` of `text`, when a well-formed one
// does by the rules of Python's strict decoder (no overlong forms, no surrogates, nothing
// past U+10FFFF, no truncated sequence); nullopt otherwise. `i` must be < text.size().
std::optional<CodePoint> decode_utf8(std::string_view text, std::size_t i);

// Appends the UTF-8 encoding of `code` (at most U+10FFFF) to `out`.
void append_utf8(char32_t code, std::string& out);

} // namespace awsx::util
