#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace awsx::store {

// These work inside a folder made ready with ensure_private_dir (private_dirs.hpp).

// The bytes of `dir`/`name`, or nullopt when there is no such file; other failures
// throw StorageError naming the file.
std::optional<std::string> read_private_file(const std::filesystem::path& dir,
                                             const std::string& name);

// Replaces `dir`/`name` with `bytes` (mode 0600) so that a crash, a full disk or an I/O
// error leaves either the old file or the new one, and never a stray temporary file.
void replace_private_file(const std::filesystem::path& dir, const std::string& name,
                          const std::string& bytes);

// Creates `dir`/`name` holding `bytes` (mode 0600) as replace_private_file does, but only
// when it does not exist yet; returns false when another process got there first.
bool create_private_file(const std::filesystem::path& dir, const std::string& name,
                         const std::string& bytes);

// Deletes `dir`/`name` durably; returns false when it did not exist.
bool remove_private_file(const std::filesystem::path& dir, const std::string& name);

// The names of the files in `dir` that end with `suffix` (none when `dir` is missing).
std::vector<std::string> list_private_files(const std::filesystem::path& dir,
                                            const std::string& suffix);

// The prefix of the temporary files the writers above use; they are never listed.
inline constexpr const char* temp_prefix = ".tmp-";

} // namespace awsx::store
