#include "awsx/cli/tty.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::cli {

std::string ask_on_tty(const std::string& prompt, bool secret, const std::string& why) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    throw CredentialError(why + ", but there is no terminal to ask on");
  termios saved{};
  const bool hide = secret && ::tcgetattr(fd, &saved) == 0;
  if (hide) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  [[maybe_unused]] auto n = ::write(fd, prompt.data(), prompt.size());
  std::string line;
  char c = 0;
  while (line.size() < 1024) {
    const auto got = ::read(fd, &c, 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0 || c == '\n')
      break;
    line.push_back(c);
  }
  if (hide) {
    ::tcsetattr(fd, TCSAFLUSH, &saved);
    n = ::write(fd, "\n", 1);
  }
  ::close(fd);
  return std::string(util::trim(line));
}

} // namespace awsx::cli
