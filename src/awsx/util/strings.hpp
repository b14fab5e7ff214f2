#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace awsx::util {

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view text);

// `text` with ASCII letters lowered.
std::string to_lower(std::string_view text);

// `text` cut at every `separator`; empty pieces are kept.
std::vector<std::string> split(std::string_view text, char separator);

// `bytes` as lowercase hexadecimal.
std::string to_hex(std::string_view bytes);

// True when `text` is non-empty and made only of ASCII digits.
bool is_digits(std::string_view text);

// `items` as the NULL-terminated array of C strings that execve takes; `items` must
// outlive it and stay unchanged.
std::vector<char*> c_string_array(const std::vector<std::string>& items);

// `text` with every character outside [A-Za-z0-9-_.~] percent-encoded (RFC 3986).
std::string uri_encode(std::string_view text, bool keep_slash = false);

// `words` with `separator` between each two.
std::string join(const std::vector<std::string>& words, std::string_view separator);

} // namespace awsx::util
