#include "awsx/store/passphrase.hpp"

#include <cstring>
#include <mutex>
#include <optional>

#include "awsx/store/crypto.hpp"
#include "awsx/store/errors.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/terminal.hpp"

namespace awsx::store {
namespace {

constexpr std::size_t max_passphrase = 1024;

const char* const no_passphrase_hint = "set AWSX_FILE_PASSPHRASE or run awsx in a terminal";

[[noreturn]] void no_passphrase(const std::filesystem::path& dir, const std::string& why) {
  throw PassphraseUnavailable("the file keyring in " + dir.string() +
                                  " needs a passphrase: " + why,
                              no_passphrase_hint);
}

// Reads one line with echo off from `terminal`, the passphrase of the keyring in `dir`.
std::string read_hidden_line(util::Terminal& terminal, const std::filesystem::path& dir) {
  auto line = terminal.read_line(true, max_passphrase);
  if (!line)
    no_passphrase(dir, "/dev/tty is not a terminal");
  return std::move(*line);
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
    auto terminal = util::Terminal::open();
    if (!terminal)
      no_passphrase(dir, "AWSX_FILE_PASSPHRASE is not set and there is no terminal to ask on");
    terminal->write(creating ? "New passphrase for the awsx keyring in " + dir.string() + ": "
                             : "Passphrase for the awsx keyring in " + dir.string() + ": ");
    auto first = read_hidden_line(*terminal, dir);
    if (first.empty())
      no_passphrase(dir, "an empty passphrase was entered");
    if (creating) {
      terminal->write("Repeat the passphrase: ");
      auto second = read_hidden_line(*terminal, dir);
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
