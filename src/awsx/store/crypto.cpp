#include "awsx/store/crypto.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "awsx/util/error.hpp"

namespace awsx::store {
namespace {

constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx)
    throw StorageError("OpenSSL could not allocate a cipher context");
  return ctx;
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* bytes(std::string& text) {
  return reinterpret_cast<unsigned char*>(text.data());
}

int length(std::string_view text) {
  return static_cast<int>(text.size());
}

[[noreturn]] void fail(const char* what) {
  throw StorageError(std::string("OpenSSL failed to ") + what + " for the file keyring",
                     "check that libcrypto is OpenSSL 1.1.1 or newer");
}

} // namespace

Key::~Key() {
  OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

bool plausible(const ScryptParams& params) {
  return params.log2_n >= 10 && params.log2_n <= 22 && params.r >= 1 && params.r <= 32 &&
         params.p >= 1 && params.p <= 16;
}

std::string random_bytes(std::size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(bytes(out), static_cast<int>(count)) != 1)
    throw StorageError("the system random number generator is unavailable",
                       "check that /dev/urandom is readable");
  return out;
}

Key derive_key(const std::string& passphrase, std::string_view salt,
               const ScryptParams& params) {
  // scrypt needs 128 * r * N bytes; allow exactly that plus slack for p lanes.
  const std::uint64_t n = std::uint64_t{1} << params.log2_n;
  const std::uint64_t max_memory = 128 * static_cast<std::uint64_t>(params.r) * n *
                                       static_cast<std::uint64_t>(params.p + 1) +
                                   (std::uint64_t{1} << 20);
  Key key;
  if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(), bytes(salt), salt.size(), n,
                     static_cast<std::uint64_t>(params.r), static_cast<std::uint64_t>(params.p),
                     max_memory, key.data(), Key::size()) != 1)
    fail("derive a key with scrypt");
  return key;
}

std::string hmac_sha256(const Key& key, std::string_view data) {
  std::string out(32, '\0');
  unsigned int out_size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(Key::size()), bytes(data), data.size(),
           bytes(out), &out_size) == nullptr ||
      out_size != out.size())
    fail("compute an HMAC");
  return out;
}

Key subkey(const Key& master, std::string_view label) {
  auto mac = hmac_sha256(master, label);
  Key key;
  std::copy(mac.begin(), mac.end(), key.data());
  wipe(mac);
  return key;
}

std::string seal(const Key& key, std::string_view plaintext, std::string_view aad) {
  std::string out = random_bytes(nonce_size);
  out.resize(nonce_size + plaintext.size() + tag_size);
  auto ctx = new_ctx();
  int written = 0;
  int final_written = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(out)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &written, bytes(aad), length(aad)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), bytes(out) + nonce_size, &written, bytes(plaintext),
                        length(plaintext)) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), bytes(out) + nonce_size + written, &final_written) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size),
                          bytes(out) + nonce_size + plaintext.size()) != 1)
    fail("encrypt with AES-256-GCM");
  return out;
}

std::optional<std::string> unseal(const Key& key, std::string_view sealed,
                                  std::string_view aad) {
  if (sealed.size() < nonce_size + tag_size)
    return std::nullopt;
  const auto body = sealed.substr(nonce_size, sealed.size() - nonce_size - tag_size);
  std::string tag(sealed.substr(sealed.size() - tag_size));
  std::string out(body.size(), '\0');
  auto ctx = new_ctx();
  int written = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(sealed)) !=
          1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &written, bytes(aad), length(aad)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), bytes(out), &written, bytes(body), length(body)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size),
                          bytes(tag)) != 1)
    fail("decrypt with AES-256-GCM");
  int final_written = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), bytes(out) + written, &final_written) != 1) {
    wipe(out);
    return std::nullopt;
  }
  return out;
}

void wipe(std::string& text) {
  OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

} // namespace awsx::store
