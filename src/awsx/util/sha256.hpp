#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace awsx::util {

// SHA-256 (FIPS 180-4), written here so that the cached-exec fast path can name a
// session without loading OpenSSL; the SigV4 suite and a differential test against
// OpenSSL keep it honest.
std::array<std::uint8_t, 32> sha256(std::string_view data);

// The SHA-256 digest of `data` as lowercase hex.
std::string sha256_hex(std::string_view data);

} // namespace awsx::util
