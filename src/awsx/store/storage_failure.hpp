#pragma once

#include <filesystem>
#include <string>

// How the store reports a failed file operation; internal to the store library.
namespace awsx::store {

// Throws StorageError "cannot `what` `path`: <strerror(`err`)>", with advice for `err`
// about folder `dir` (free space, make it writable, check the disk) when there is some.
[[noreturn]] void fail_storage(const std::string& what, const std::filesystem::path& path,
                               int err, const std::filesystem::path& dir);

} // namespace awsx::store
