#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace awsx::store {

// A 256-bit key that is wiped from memory when it goes away.
class Key {
public:
  Key() { bytes_.fill(0); }
  Key(const Key& other) = default;
  Key& operator=(const Key& other) = default;
  ~Key();

  // The key's 32 bytes, for OpenSSL calls.
  unsigned char* data() { return bytes_.data(); }
  // The key's 32 bytes, read-only.
  const unsigned char* data() const { return bytes_.data(); }
  // Always 32.
  static constexpr std::size_t size() { return 32; }

private:
  std::array<unsigned char, 32> bytes_;
};

// Cost of scrypt (RFC 7914): 2^`log2_n` rounds over `r`-sized blocks, `p` lanes. The
// defaults take about 110 ms and 32 MiB on a 2024 laptop core; each store records the
// parameters it was created with, so new stores can use stronger ones later.
struct ScryptParams {
  int log2_n = 15;
  int r = 8;
  int p = 1;
};

// True when `params` are within the bounds awsx accepts from a store header, so a
// tampered header cannot make awsx allocate gigabytes.
bool plausible(const ScryptParams& params);

// `count` bytes from OpenSSL's CSPRNG; throws StorageError when it has no entropy.
std::string random_bytes(std::size_t count);

// The key scrypt derives from `passphrase` and `salt` with cost `params`.
Key derive_key(const std::string& passphrase, std::string_view salt,
               const ScryptParams& params);

// HMAC-SHA256 of `data` under `key`: 32 bytes.
std::string hmac_sha256(const Key& key, std::string_view data);

// A key for one job derived from `master` and the job's name `label`, so the same
// passphrase never keys two different uses.
Key subkey(const Key& master, std::string_view label);

// AES-256-GCM: a fresh 12-byte nonce, then `plaintext` encrypted under `key`, then the
// 16-byte tag that also authenticates `aad`.
std::string seal(const Key& key, std::string_view plaintext, std::string_view aad);

// The plaintext of `sealed` (as made by seal with `key` and `aad`), or nullopt when it is
// too short or fails authentication.
std::optional<std::string> unseal(const Key& key, std::string_view sealed,
                                  std::string_view aad);

// Overwrites `text` with zeros before it is freed, for passphrases and plaintexts.
void wipe(std::string& text);

} // namespace awsx::store
