#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "awsx/store/crypto.hpp"

namespace awsx::store {

class PassphraseSource;

// The name of the file, in each file keyring folder, that records the scrypt salt and
// cost and a verifier: a known text sealed with the derived key, which tells a wrong
// passphrase apart from a damaged entry.
inline constexpr const char* header_file = "header";

// The keys of one file keyring; separate keys so that the file names, which anyone can
// read, reveal nothing usable about the encryption key.
struct StoreKeys {
  Key encryption;
  Key names;
};

// The keys of the file keyring in `dir`, from the passphrase `source` gives. When `dir`
// has no header yet, returns nullopt, or with `create` first writes a new header with a
// fresh salt and cost `params`. Throws StorageError on a wrong passphrase or a damaged
// header, before anything is written.
std::optional<StoreKeys> unlock_store(const std::filesystem::path& dir,
                                      PassphraseSource& source, const ScryptParams& params,
                                      bool create);

// The scrypt cost recorded in the header of the file keyring in `dir`, or nullopt when
// there is no header yet; lets tests and `doctor` show what a store was made with.
std::optional<ScryptParams> recorded_params(const std::filesystem::path& dir);

} // namespace awsx::store
