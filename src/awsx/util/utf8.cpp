#include "awsx/util/utf8.hpp"

namespace awsx::util {

std::optional<CodePoint> decode_utf8(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80)
    return CodePoint{lead, 1};
  // The second byte's range is what rules out overlong forms, surrogates and > U+10FFFF.
  std::size_t length = 4;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : low;
    high = lead == 0xED ? 0x9F : high;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    low = lead == 0xF0 ? 0x90 : low;
    high = lead == 0xF4 ? 0x8F : high;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high)
    return std::nullopt;
  char32_t code = lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80)
      return std::nullopt;
    code = code << 6 | (byte(i + k) & 0x3Fu);
  }
  return CodePoint{code, length};
}

void append_utf8(char32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
    return;
  }
  const std::size_t length = code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  static constexpr unsigned char leads[] = {0, 0, 0xC0, 0xE0, 0xF0};
  char bytes[4];
  for (std::size_t k = length - 1; k > 0; --k, code >>= 6)
    bytes[k] = static_cast<char>(0x80 | (code & 0x3Fu));
  bytes[0] = static_cast<char>(leads[length] | code);
  out.append(bytes, length);
}

} // namespace awsx::util
