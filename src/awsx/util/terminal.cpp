#include "awsx/util/terminal.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace awsx::util {

std::optional<Terminal> Terminal::open() {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  return Terminal(fd);
}

Terminal::~Terminal() {
  if (fd_ >= 0)
    ::close(fd_);
}

void Terminal::write(const std::string& text) {
  [[maybe_unused]] auto ignored = ::write(fd_, text.data(), text.size());
}

std::optional<std::string> Terminal::read_line(bool hidden, std::size_t max) {
  termios saved{};
  if (hidden) {
    if (::tcgetattr(fd_, &saved) != 0)
      return std::nullopt;
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ICANON;
    ::tcsetattr(fd_, TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  for (;;) {
    const auto n = ::read(fd_, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0 || c == '\n')
      break;
    if (line.size() < max)
      line.push_back(c);
  }
  if (hidden) {
    ::tcsetattr(fd_, TCSAFLUSH, &saved);
    write("\n"); // the user's Enter was not echoed
  }
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

} // namespace awsx::util
