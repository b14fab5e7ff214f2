#include "awsx/config/python_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "awsx/config/python_lower_table.hpp"
#include "awsx/util/utf8.hpp"

namespace awsx::config {

namespace {

constexpr auto npos = std::string_view::npos;

unsigned char byte_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]);
}

// The code point that ends just before `end` in valid UTF-8 `text`.
util::CodePoint decode_before(std::string_view text, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && (byte_at(text, start) & 0xC0u) == 0x80)
    --start;
  return util::decode_utf8(text, start).value();
}

bool in_ranges(char32_t code, const unicode_tables::CodeRange* ranges, std::size_t count) {
  const auto end = ranges + count;
  const auto after = std::upper_bound(
      ranges, end, code, [](char32_t c, const auto& range) { return c < range.first; });
  return after != ranges && code <= (after - 1)->last;
}

bool is_cased(char32_t code) {
  return in_ranges(code, unicode_tables::cased, unicode_tables::cased_count);
}

bool is_case_ignorable(char32_t code) {
  return in_ranges(code, unicode_tables::case_ignorable, unicode_tables::case_ignorable_count);
}

// The simple lowercase mapping of `code`.
char32_t lower_code(char32_t code) {
  using unicode_tables::lower_runs;
  const auto end = lower_runs + unicode_tables::lower_run_count;
  const auto after = std::upper_bound(
      lower_runs, end, code, [](char32_t c, const auto& run) { return c < run.first; });
  if (after == lower_runs)
    return code;
  const auto& run = *(after - 1);
  if (code > run.last || (code - run.first) % run.stride != 0)
    return code;
  return static_cast<char32_t>(static_cast<std::int32_t>(code) + run.delta);
}

// CPython's handle_capital_sigma: the U+03A3 at [at, at + 2) ends a word when a cased
// letter comes before it and none after it, case-ignorable characters aside.
bool is_final_sigma(std::string_view text, std::size_t at) {
  std::size_t i = at;
  util::CodePoint before{0, 0};
  while (i > 0) {
    before = decode_before(text, i);
    i -= before.length;
    if (!is_case_ignorable(before.code))
      break;
    before.length = 0;
  }
  if (before.length == 0 || !is_cased(before.code))
    return false;
  for (i = at + 2; i < text.size();) {
    const auto after = util::decode_utf8(text, i).value();
    if (!is_case_ignorable(after.code))
      return !is_cased(after.code);
    i += after.length;
  }
  return true;
}

} // namespace

std::size_t invalid_utf8_at(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte_at(text, i);
    if (lead < 0x80) {
      ++i;
      // Config files are nearly all ASCII: skip eight such bytes at a time.
      std::uint64_t word = 0;
      while (
          i + sizeof word <= text.size() &&
          (std::memcpy(&word, text.data() + i, sizeof word), (word & 0x8080808080808080u) == 0))
        i += sizeof word;
      continue;
    }
    const auto decoded = util::decode_utf8(text, i);
    if (!decoded)
      return i;
    i += decoded->length;
  }
  return npos;
}

LineBreak find_extra_line_break(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = byte_at(text, i);
    if (c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E))
      return {i, 1};
    if (c == 0xC2 && i + 1 < text.size() && byte_at(text, i + 1) == 0x85)
      return {i, 2};
    if (c == 0xE2 && i + 2 < text.size() && byte_at(text, i + 1) == 0x80 &&
        (byte_at(text, i + 2) == 0xA8 || byte_at(text, i + 2) == 0xA9))
      return {i, 3};
  }
  return {npos, 0};
}

std::string python_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto at = util::decode_utf8(text, i).value();
    if (at.code < 0x80)
      out += static_cast<char>(at.code >= 'A' && at.code <= 'Z' ? at.code + 32 : at.code);
    else if (at.code == 0x130) // the one code point whose lowercase is two
      out += "i\xCC\x87";
    else if (at.code == 0x3A3)
      util::append_utf8(is_final_sigma(text, i) ? 0x3C2 : 0x3C3, out);
    else
      util::append_utf8(lower_code(at.code), out);
    i += at.length;
  }
  return out;
}

} // namespace awsx::config
