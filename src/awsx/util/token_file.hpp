#pragma once

#include <cstddef>
#include <string>

#include "awsx/util/result.hpp"

namespace awsx::util {

// Tokens (a container's authorization token, an OIDC token) are a few KiB at most.
inline constexpr std::size_t max_token_file_bytes = std::size_t{64} * 1024;

// The token held in the file at `path`, without the line breaks that end it (editors and
// `echo` add them). Fails, saying why, when the file can't be opened, is not a regular
// file (a FIFO would never end, nor would /dev/zero) or holds more than
// max_token_file_bytes.
Result<std::string> read_token_file(const std::string& path);

} // namespace awsx::util
