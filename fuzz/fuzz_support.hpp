#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Shared by the libFuzzer targets in fuzz/ and their corpus-replay driver.
namespace awsx::fuzz {

// The fuzzer's input `data` of `size` bytes as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

// Aborts, so that libFuzzer records the input as a crash, when a property `holds` fails;
// `what` names the property in the report.
inline void require(bool holds, const char* what) {
  if (holds)
    return;
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

} // namespace awsx::fuzz
