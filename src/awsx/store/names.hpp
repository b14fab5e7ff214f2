#pragma once

#include <string>
#include <string_view>

namespace awsx::store {

// Longest accepted secret name; keyctl descriptions stop at 4095 bytes, and awsx's names
// ("credentials/<profile>", "session/<profile>/<digest>") stay below it unless a profile
// name is itself about a kilobyte long.
inline constexpr std::size_t max_name_length = 1024;

// Throws StorageError naming `backend` unless `name` is 1..max_name_length bytes with no
// control characters, so every backend can keep it as a description or an attribute.
void check_name(const std::string& name, std::string_view backend);

} // namespace awsx::store
