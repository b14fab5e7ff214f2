#include "awsx/store/file_keyring.hpp"

#include <algorithm>

#include "awsx/store/errors.hpp"
#include "awsx/store/names.hpp"
#include "awsx/store/private_dirs.hpp"
#include "awsx/store/private_files.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* entry_suffix = ".secret";
constexpr std::string_view entry_magic = "AWSX1";

// Binds each entry to its file name (which is bound to its secret's name), so an entry
// moved or copied under another name fails authentication.
std::string entry_aad(const std::string& file) {
  return "awsx file keyring entry " + file;
}

} // namespace

FileKeyring::FileKeyring(fs::path dir, std::unique_ptr<PassphraseSource> passphrase,
                         ScryptParams new_params)
    : dir_(std::move(dir)), passphrase_(std::move(passphrase)), new_params_(new_params) {}

const StoreKeys* FileKeyring::keys(bool create) {
  if (!keys_) {
    if (create)
      ensure_private_dir(dir_);
    else
      check_private_dir(dir_);
    keys_ = unlock_store(dir_, *passphrase_, new_params_, create);
  }
  return keys_ ? &*keys_ : nullptr;
}

std::string FileKeyring::file_name(const StoreKeys& keys, const std::string& name) const {
  // 128 bits of the HMAC: collisions are out of reach, and names stay short.
  return util::to_hex(hmac_sha256(keys.names, name).substr(0, 16)) + entry_suffix;
}

std::string FileKeyring::file_for(const std::string& name) {
  check_name(name, "file");
  const auto* k = keys(true);
  return file_name(*k, name);
}

std::optional<std::pair<std::string, std::string>>
FileKeyring::open_entry(const StoreKeys& keys, const std::string& file) {
  auto bytes = read_private_file(dir_, file);
  if (!bytes)
    return std::nullopt;
  const std::string_view view(*bytes);
  if (view.substr(0, entry_magic.size()) != entry_magic)
    return std::pair<std::string, std::string>{};
  auto plain = unseal(keys.encryption, view.substr(entry_magic.size()), entry_aad(file));
  const auto split = plain ? plain->find('\0') : std::string::npos;
  if (split == std::string::npos)
    return std::pair<std::string, std::string>{};
  std::pair<std::string, std::string> out{plain->substr(0, split), plain->substr(split + 1)};
  wipe(*plain);
  return out;
}

std::optional<std::string> FileKeyring::get(const std::string& name) {
  check_name(name, "file");
  const auto* k = keys(false);
  if (k == nullptr)
    return std::nullopt;
  const auto file = file_name(*k, name);
  auto entry = open_entry(*k, file);
  if (!entry)
    return std::nullopt;
  if (entry->first != name)
    throw CorruptEntry("the awsx file keyring entry for \"" + name + "\" (" +
                           (dir_ / file).string() + ") is damaged or was tampered with",
                       "delete that file; awsx will store the secret again when it has it");
  return std::move(entry->second);
}

void FileKeyring::set(const std::string& name, const std::string& secret,
                      std::optional<util::TimePoint> /*expires*/) {
  check_name(name, "file");
  // Checked on every write, not only when the keys are derived (keys() checks then): the
  // folder may not have existed then, and whoever made it since must be us.
  const bool derived = keys_.has_value();
  const auto* k = keys(true);
  if (derived)
    ensure_private_dir(dir_);
  const auto file = file_name(*k, name);
  std::string plain = name;
  plain.push_back('\0');
  plain += secret;
  const auto bytes = std::string(entry_magic) + seal(k->encryption, plain, entry_aad(file));
  wipe(plain);
  replace_private_file(dir_, file, bytes);
}

bool FileKeyring::remove(const std::string& name) {
  check_name(name, "file");
  const auto* k = keys(false);
  // Removing needs no decryption, so a damaged entry can always be discarded.
  return k != nullptr && remove_private_file(dir_, file_name(*k, name));
}

std::vector<std::string> FileKeyring::list(const std::string& prefix) {
  std::vector<std::string> names;
  const auto* k = keys(false);
  if (k == nullptr)
    return names;
  for (const auto& file : list_private_files(dir_, entry_suffix)) {
    // A damaged entry has no readable name to list; get() reports it by name instead.
    auto entry = open_entry(*k, file);
    if (entry && !entry->first.empty() && entry->first.rfind(prefix, 0) == 0)
      names.push_back(std::move(entry->first));
    if (entry)
      wipe(entry->second);
  }
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace awsx::store
