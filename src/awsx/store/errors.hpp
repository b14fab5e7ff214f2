#pragma once

#include <string>
#include <utility>

#include "awsx/util/error.hpp"

namespace awsx::store {

// A stored entry exists but cannot be read back (truncated, tampered with, or moved
// from another name). Callers that keep only caches (the session cache) catch it,
// warn and remove the entry; everyone else lets it end the run like any StorageError.
// A wrong passphrase is never reported this way, so discarding is always safe.
class CorruptEntry : public StorageError {
public:
  // Builds the error with message `message` and advice `hint`.
  explicit CorruptEntry(const std::string& message, std::string hint = {})
      : StorageError(message, std::move(hint)) {}
};

// The file keyring needs a passphrase and none was given: AWSX_FILE_PASSPHRASE is unset
// and there is no terminal to ask on (or an empty line was typed). The session cache,
// which a run can do without, catches it and fetches; stored keys can't, so it ends that
// run. A wrong passphrase is a plain StorageError: someone tried, and should know.
class PassphraseUnavailable : public StorageError {
public:
  // Builds the error with message `message` and advice `hint`.
  explicit PassphraseUnavailable(const std::string& message, std::string hint = {})
      : StorageError(message, std::move(hint)) {}
};

} // namespace awsx::store
