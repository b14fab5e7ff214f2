#include "awsx/store/file_lock.hpp"

#include "awsx/util/environment.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "awsx/store/private_dirs.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {

std::chrono::seconds lock_timeout(const util::Environment& env) {
  return util::duration_setting(env, "AWSX_LOCK_TIMEOUT", std::chrono::seconds(120));
}

FileLock::FileLock(const std::string& path, std::chrono::milliseconds timeout,
                   const std::string& what) {
  ensure_private_dir(std::filesystem::path(path).parent_path());
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0)
    throw StorageError("cannot open lock file " + path + ": " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const std::string reason = std::strerror(errno);
      ::close(fd_);
      throw StorageError("cannot lock " + path + ": " + reason);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      throw LockTimeout("another awsx process has been fetching " + what + " for over " +
                            std::to_string(timeout.count() / 1000) + "s (lock " + path + ")",
                        "finish or stop that awsx (it may be waiting for an MFA code), or "
                        "raise AWSX_LOCK_TIMEOUT");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0)
    ::close(fd_);
}

} // namespace awsx::store
