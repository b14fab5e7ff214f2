#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "awsx/store/crypto.hpp"
#include "awsx/store/file_header.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/passphrase.hpp"

namespace awsx::store {

// Secrets in a private folder, one AES-256-GCM file per name. The file is named by a
// keyed hash of the name, so a listing of the folder reveals no profile names; the name
// is sealed inside with the secret, and the file name is authenticated with it, so an
// entry copied over another one is detected. The key is derived (scrypt) once per
// instance, on first use; a get or list on a keyring that was never written asks for
// no passphrase. Entries have no expiry: an expired session stays on disk (unreadable
// without the passphrase) until the next session for it replaces it or `awsx clear`.
class FileKeyring final : public Keyring {
public:
  // A keyring in folder `dir` (created on the first set), unlocked with the passphrase
  // from `passphrase`; a new keyring records and uses scrypt cost `new_params`.
  FileKeyring(std::filesystem::path dir, std::unique_ptr<PassphraseSource> passphrase,
              ScryptParams new_params = {});

  std::string backend() const override { return "file"; }
  std::optional<std::string> get(const std::string& name) override;
  void set(const std::string& name, const std::string& secret,
           std::optional<util::TimePoint> expires = std::nullopt) override;
  bool remove(const std::string& name) override;
  std::vector<std::string> list(const std::string& prefix) override;

  // The folder this keyring keeps its files in.
  const std::filesystem::path& dir() const { return dir_; }

  // The file (inside dir()) that holds the secret for `name`; lets tests tamper with it.
  std::string file_for(const std::string& name);

private:
  // The keys, derived on first call; nullopt when the keyring has no header yet and
  // `create` is false.
  const StoreKeys* keys(bool create);
  // The name and secret sealed in `file` under `keys`: nullopt when there is no such file,
  // an empty name when it fails authentication.
  std::optional<std::pair<std::string, std::string>> open_entry(const StoreKeys& keys,
                                                                const std::string& file);
  // The file for `name`: a keyed hash under `keys`, so listing the folder reveals nothing.
  std::string file_name(const StoreKeys& keys, const std::string& name) const;

  std::filesystem::path dir_;
  std::unique_ptr<PassphraseSource> passphrase_;
  ScryptParams new_params_;
  std::optional<StoreKeys> keys_;
};

} // namespace awsx::store
