#pragma once

#include <chrono>
#include <string>

#include "awsx/util/error.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// Another process kept the lock past the timeout.
class LockTimeout : public StorageError {
public:
  using StorageError::StorageError;
};

// How long to wait for another awsx holding a lock: AWSX_LOCK_TIMEOUT in `env`, default
// 120 s; throws UsageError when it is not a duration.
std::chrono::seconds lock_timeout(const util::Environment& env);

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
