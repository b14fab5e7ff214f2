#pragma once

#include <filesystem>

#include "awsx/util/error.hpp"

namespace awsx::store {

// A folder awsx will not keep secrets in, because another user could replace or redirect
// what it stores there; the message names the folder and the hint says what to fix.
class UnsafeFolder : public StorageError {
public:
  using StorageError::StorageError;
};

// Makes `dir` ready to hold secrets: every folder on its path, symbolic links resolved,
// must be one that only this user or root can change (see check_private_dir); missing
// folders are created 0700 whatever the umask, and `dir` itself, which must be ours,
// loses any group and other access. Throws UnsafeFolder, or StorageError when `dir` or a
// folder above it is not a folder or cannot be made.
void ensure_private_dir(const std::filesystem::path& dir);

// Checks, without creating anything, that secrets may be read from `dir`: each existing
// folder on its path is owned by this user or root and is not writable by group or
// others unless it is sticky (as /tmp is: there nobody can rename or delete what another
// user owns), each symbolic link on the way is owned by this user or root, and `dir`
// itself, when it exists, is ours (it loses group and other access, as above). Throws
// UnsafeFolder naming the first folder that fails.
void check_private_dir(const std::filesystem::path& dir);

} // namespace awsx::store
