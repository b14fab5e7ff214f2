#include "awsx/store/passphrase.hpp"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "awsx/store/crypto.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {
namespace {

constexpr std::size_t max_passphrase = 1024;

const char* const no_passphrase_hint = "set AWSX_FILE_PASSPHRASE or run awsx in a terminal";

[[noreturn]] void no_passphrase(const std::filesystem::path& dir, const std::string& why) {
  throw StorageError("the file keyring in " + dir.string() + " needs a passphrase: " + why,
                     no_passphrase_hint);
}

void put(int fd, const std::string& text) {
  // A prompt that fails to show is not fatal; reading the answer will tell.
  [[maybe_unused]] auto ignored = ::write(fd, text.data(), text.size());
}

// Reads one line from `fd` with echo off, restoring the terminal afterwards.
std::string read_hidden_line(int fd, const std::filesystem::path& dir) {
  termios saved{};
  if (::tcgetattr(fd, &saved) != 0)
    no_passphrase(dir, "/dev/tty is not a terminal");
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ICANON;
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  std::string line;
  char c = 0;
  bool ended = false;
  while (!ended) {
    const auto n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    ended = n <= 0 || c == '\n';
    if (!ended && line.size() < max_passphrase)
      line.push_back(c);
  }
  ::tcsetattr(fd, TCSAFLUSH, &saved);
  put(fd, "\n");
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

class EnvPassphrase final : public PassphraseSource {
public:
  explicit EnvPassphrase(std::string value) : value_(std::move(value)) {}
  ~EnvPassphrase() override { wipe(value_); }
  std::string passphrase(const std::filesystem::path&, bool) override { return value_; }

private:
  std::string value_;
};

class TerminalPassphrase final : public PassphraseSource {
public:
  std::string passphrase(const std::filesystem::path& dir, bool creating) override {
    static std::mutex mutex;
    static std::optional<std::string> remembered;
    const std::lock_guard lock(mutex);
    if (remembered)
      return *remembered;
    const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
      no_passphrase(dir, "AWSX_FILE_PASSPHRASE is not set and there is no terminal to ask on");
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } closer{fd};
    put(fd, creating ? "New passphrase for the awsx keyring in " + dir.string() + ": "
                     : "Passphrase for the awsx keyring in " + dir.string() + ": ");
    auto first = read_hidden_line(fd, dir);
    if (first.empty())
      no_passphrase(dir, "an empty passphrase was entered");
    if (creating) {
      put(fd, "Repeat the passphrase: ");
      auto second = read_hidden_line(fd, dir);
      const bool same = first == second;
      wipe(second);
      if (!same) {
        wipe(first);
        throw StorageError("the two passphrases for the new file keyring in " + dir.string() +
                               " differ",
                           "run the command again and type the same passphrase twice");
      }
    }
    remembered = first;
    return first;
  }
};

} // namespace

std::unique_ptr<PassphraseSource> make_passphrase_source(const util::Environment& env) {
  if (auto value = env.get_nonempty("AWSX_FILE_PASSPHRASE"))
    return std::make_unique<EnvPassphrase>(std::move(*value));
  return std::make_unique<TerminalPassphrase>();
}

} // namespace awsx::store
