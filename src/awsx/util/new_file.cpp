#include "awsx/util/new_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "awsx/util/fd.hpp"

namespace awsx::util {

NewFile write_new_private_file(const std::string& path, std::string_view bytes, bool sync) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0)
    return {errno, false};
  int err = 0;
  if (::fchmod(fd.get(), 0600) != 0)
    err = errno;
  for (std::size_t done = 0; err == 0 && done < bytes.size();) {
    const auto n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno != EINTR)
      err = errno;
    else if (n > 0)
      done += static_cast<std::size_t>(n);
  }
  if (err == 0 && sync && ::fsync(fd.get()) != 0)
    err = errno;
  // Closing reports a deferred write error (NFS, quotas).
  if (fd.close() != 0 && err == 0)
    err = errno;
  if (err != 0)
    ::unlink(path.c_str());
  return {err, true};
}

} // namespace awsx::util
