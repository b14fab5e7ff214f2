#pragma once

#include <string>
#include <string_view>

namespace awsx::cli {

// `text` in POSIX single quotes, read literally by bash and zsh whatever it holds.
std::string posix_quoted(std::string_view text);

// `text` as fish reads it literally: single quotes, with a newline written as an
// unquoted \n so that the result stays on one line.
std::string fish_quoted(std::string_view text);

// `text` as it is when it holds only characters no shell treats specially, else quoted by
// `quote`; keeps generated scripts readable.
std::string shell_word(std::string_view text, std::string (*quote)(std::string_view));

} // namespace awsx::cli
