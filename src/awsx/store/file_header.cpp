#include "awsx/store/file_header.hpp"

#include <sstream>

#include "awsx/store/passphrase.hpp"
#include "awsx/store/private_files.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::store {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view magic = "awsx file keyring 1";
constexpr std::string_view verifier_aad = "awsx file keyring verifier";
constexpr std::size_t salt_size = 32;

struct Header {
  ScryptParams params;
  std::string salt;
  std::string verifier;
};

std::optional<std::string> from_hex(const std::string& text) {
  if (text.size() % 2 != 0)
    return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int byte = 0;
    for (char c : text.substr(i, 2)) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                               : -1;
      if (digit < 0)
        return std::nullopt;
      byte = byte * 16 + digit;
    }
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

std::string format(const Header& header) {
  std::ostringstream out;
  out << magic << "\nscrypt " << header.params.log2_n << ' ' << header.params.r << ' '
      << header.params.p << "\nsalt " << util::to_hex(header.salt) << "\nverifier "
      << util::to_hex(header.verifier) << '\n';
  return out.str();
}

[[noreturn]] void damaged(const fs::path& dir) {
  throw StorageError("the header of the awsx file keyring in " + dir.string() +
                         " is damaged or from a newer awsx",
                     "restore " + (dir / header_file).string() +
                         " from a backup; without it the stored secrets cannot be read");
}

Header parse(const std::string& text, const fs::path& dir) {
  std::istringstream in(text);
  std::string line;
  std::string kdf;
  std::string salt_word;
  std::string salt_hex;
  std::string verifier_word;
  std::string verifier_hex;
  Header header;
  if (!std::getline(in, line) || line != magic ||
      !(in >> kdf >> header.params.log2_n >> header.params.r >> header.params.p) ||
      kdf != "scrypt" || !plausible(header.params) || !(in >> salt_word >> salt_hex) ||
      salt_word != "salt" || !(in >> verifier_word >> verifier_hex) ||
      verifier_word != "verifier")
    damaged(dir);
  auto salt = from_hex(salt_hex);
  auto verifier = from_hex(verifier_hex);
  if (!salt || salt->size() < 16 || !verifier)
    damaged(dir);
  header.salt = std::move(*salt);
  header.verifier = std::move(*verifier);
  return header;
}

StoreKeys derive(const std::string& passphrase, const Header& header) {
  const Key master = derive_key(passphrase, header.salt, header.params);
  return {subkey(master, "awsx file keyring: encryption"),
          subkey(master, "awsx file keyring: names")};
}

bool verifies(const StoreKeys& keys, const Header& header) {
  auto text = unseal(keys.encryption, header.verifier, verifier_aad);
  return text && *text == magic;
}

[[noreturn]] void wrong_passphrase(const fs::path& dir) {
  throw StorageError("wrong passphrase for the awsx file keyring in " + dir.string(),
                     "set AWSX_FILE_PASSPHRASE (or type at the prompt) the passphrase this "
                     "keyring was created with; nothing in it was changed");
}

// Verifies `passphrase` against the header stored in `dir`.
StoreKeys unlock_existing(const fs::path& dir, const std::string& text,
                          const std::string& passphrase) {
  const auto header = parse(text, dir);
  auto keys = derive(passphrase, header);
  if (!verifies(keys, header))
    wrong_passphrase(dir);
  return keys;
}

} // namespace

std::optional<StoreKeys> unlock_store(const fs::path& dir, PassphraseSource& source,
                                      const ScryptParams& params, bool create) {
  auto text = read_private_file(dir, header_file);
  if (!text && !create)
    return std::nullopt;
  auto passphrase = source.passphrase(dir, !text);
  struct Wiper {
    std::string& secret;
    ~Wiper() { wipe(secret); }
  } wiper{passphrase};
  if (text)
    return unlock_existing(dir, *text, passphrase);

  Header header{params, random_bytes(salt_size), {}};
  auto keys = derive(passphrase, header);
  header.verifier = seal(keys.encryption, magic, verifier_aad);
  if (create_private_file(dir, header_file, format(header)))
    return keys;
  // Another awsx created the keyring between our read and our write: join it.
  text = read_private_file(dir, header_file);
  if (!text)
    damaged(dir);
  return unlock_existing(dir, *text, passphrase);
}

std::optional<ScryptParams> recorded_params(const fs::path& dir) {
  auto text = read_private_file(dir, header_file);
  if (!text)
    return std::nullopt;
  return parse(*text, dir).params;
}

} // namespace awsx::store
