#include "awsx/util/sha256.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "awsx/util/strings.hpp"

namespace awsx::util {
namespace {

std::string openssl_sha256_hex(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EXPECT_EQ(EVP_Digest(data.data(), data.size(), out, &size, EVP_sha256(), nullptr), 1);
  return to_hex(std::string_view(reinterpret_cast<const char*>(out), size));
}

// FIPS 180-4 example messages.
TEST(Sha256, matches_the_published_examples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Every length around the block and padding boundaries, with random bytes.
TEST(Sha256, agrees_with_openssl_on_every_length_up_to_four_blocks) {
  std::mt19937 random(20261122);
  std::uniform_int_distribution<int> byte(0, 255);
  for (std::size_t length = 0; length <= 256; ++length) {
    std::string data(length, '\0');
    for (auto& c : data)
      c = static_cast<char>(byte(random));
    ASSERT_EQ(sha256_hex(data), openssl_sha256_hex(data)) << "length " << length;
  }
}

} // namespace
} // namespace awsx::util
