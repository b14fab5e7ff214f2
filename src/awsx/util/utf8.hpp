#pragma once

#include <cstddef>
#include <optional>
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

} // namespace awsx::util
