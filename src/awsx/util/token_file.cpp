#include "awsx/util/token_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "awsx/util/fd.hpp"

namespace awsx::util {

Result<std::string> read_token_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (fd.get() < 0)
    return fail(std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0)
    return fail(std::strerror(errno));
  if (!S_ISREG(info.st_mode))
    return fail("it is not a regular file");
  std::string token;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0)
      break;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return fail(std::strerror(errno));
    }
    token.append(buffer, static_cast<std::size_t>(n));
    if (token.size() > max_token_file_bytes)
      return fail("it holds more than " + std::to_string(max_token_file_bytes / 1024) +
                  " KiB, which no token does");
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
    token.pop_back();
  return token;
}

} // namespace awsx::util
