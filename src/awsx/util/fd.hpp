#pragma once

#include <unistd.h>

namespace awsx::util {

// A file descriptor that closes itself; -1 holds none.
class Fd {
public:
  // Owns `fd` (may be -1).
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  // The descriptor, or -1.
  int get() const { return fd_; }

  // Closes the descriptor now, if there is one, ignoring errors.
  void reset() { close(); }

  // Closes the descriptor now and returns close(2)'s result (0 when there was none), so
  // a deferred write error (NFS, quotas) can be reported.
  int close() {
    const int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

private:
  int fd_;
};

} // namespace awsx::util
