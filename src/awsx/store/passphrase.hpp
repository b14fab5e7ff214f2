#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// Where the file keyring gets its passphrase; an interface so tests need no terminal.
class PassphraseSource {
public:
  virtual ~PassphraseSource() = default;

  // The passphrase for the keyring in `dir`; `creating` is true when it is about to
  // protect a new keyring, so a prompt asks twice. Throws StorageError when there is none.
  virtual std::string passphrase(const std::filesystem::path& dir, bool creating) = 0;
};

// AWSX_FILE_PASSPHRASE from `env` when set, else a prompt on /dev/tty with echo off.
// A typed passphrase is remembered for the rest of the process, so the credentials and
// session stores ask only once between them.
std::unique_ptr<PassphraseSource> make_passphrase_source(const util::Environment& env);

} // namespace awsx::store
