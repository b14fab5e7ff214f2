#pragma once

#include <string_view>
#include <vector>

#include "awsx/util/result.hpp"

namespace awsx::util {

// Splits `text` into words exactly as Python's shlex.split(text) does in POSIX mode,
// which botocore applies to section headers and, on Linux, to credential_process.
// Quotes group, a backslash escapes the next character (inside double quotes only " and
// \), "" is an empty word, and nothing else is special: no variables, globs, `;` or
// `$(…)`. The failure is shlex's own reason: "No closing quotation" or "No escaped
// character".
Result<std::vector<std::string>> shell_split(std::string_view text);

} // namespace awsx::util
