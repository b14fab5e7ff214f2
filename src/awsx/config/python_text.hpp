#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// The parts of Python's str that configparser leans on and that C++ lacks, so that awsx
// reads ~/.aws/config byte for byte as botocore does.
namespace awsx::config {

// The offset of the first byte in `text` that Python's strict UTF-8 decoder rejects
// (overlong forms, surrogates and code points past U+10FFFF included), or npos.
std::size_t invalid_utf8_at(std::string_view text);

// Where the first line boundary that str.splitlines() knows beyond \r and \n (\v, \f,
// \x1c-\x1e, U+0085, U+2028, U+2029) starts in `text` and how many bytes it takes;
// {npos, 0} when there is none.
struct LineBreak {
  std::size_t at;
  std::size_t length;
};
LineBreak find_extra_line_break(std::string_view text);

// `text` (valid UTF-8) lowercased like Python's str.lower(): full case mapping, with
// U+03A3 becoming final sigma at the end of a word.
std::string python_lower(std::string_view text);

} // namespace awsx::config
