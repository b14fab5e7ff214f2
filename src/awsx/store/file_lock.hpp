#pragma once

#include <chrono>
#include <string>

#include "awsx/util/error.hpp"

namespace awsx::store {

// Another process kept the lock past the timeout.
class LockTimeout : public StorageError {
public:
  using StorageError::StorageError;
};

// An exclusive flock(2) on a file, held until destruction. The kernel drops it when
// the process dies, so a crash never leaves a stale lock behind.
class FileLock {
public:
  // Locks `path` (created 0600, its folder 0700), waiting up to `timeout`; throws
  // StorageError naming `what` when another process keeps holding it.
  FileLock(const std::string& path, std::chrono::milliseconds timeout, const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

private:
  int fd_ = -1;
};

} // namespace awsx::store
