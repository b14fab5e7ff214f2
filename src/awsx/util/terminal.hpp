#pragma once

#include <optional>
#include <string>

namespace awsx::util {

// The controlling terminal (/dev/tty): prompts go here, never to stdout, so awsx can
// ask for codes and passphrases while its output is captured or piped.
class Terminal {
public:
  // Opens /dev/tty; nullopt when the process has no controlling terminal.
  static std::optional<Terminal> open();

  ~Terminal();
  Terminal(Terminal&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  Terminal& operator=(Terminal&&) = delete;

  // Shows `text`; a prompt that fails to show is not fatal, reading the answer will tell.
  void write(const std::string& text);

  // One typed line without its line end, keeping at most `max` bytes; with `hidden` the
  // echo is off while typing. nullopt when `hidden` and echo can't be turned off.
  std::optional<std::string> read_line(bool hidden, std::size_t max = 1024);

private:
  explicit Terminal(int fd) : fd_(fd) {}
  int fd_;
};

} // namespace awsx::util
