// The Keyring contract, run against every backend (see the instantiations in
// test_file_keyring.cpp, test_keyctl_keyring.cpp, test_memory_keyring.cpp and the
// secret-service integration test).
#include "keyring_contract.hpp"

#include <atomic>

#include <unistd.h>

#include "awsx/util/error.hpp"

namespace awsx::test {

void KeyringContract::SetUp() {
  try {
    store_ = GetParam().make();
    keyring_ = store_->open();
  } catch (const StorageError& e) {
    // A backend that cannot run here is a failure, never a skip: say what is missing.
    FAIL() << GetParam().label << " backend unavailable: " << e.what() << " (" << e.hint()
           << ")";
  }
}

void KeyringContract::TearDown() {
  keyring_.reset();
  store_.reset();
}

std::string contract_test_name(const ::testing::TestParamInfo<ContractBackend>& info) {
  return info.param.label;
}

std::string unique_scope(const std::string& kind) {
  static std::atomic<int> counter{0};
  return kind + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

namespace {

using Names = std::vector<std::string>;

TEST_P(KeyringContract, set_then_get_round_trips) {
  keyring_->set("credentials/prod", "{\"AccessKeyId\":\"AKIAEXAMPLE\"}");
  EXPECT_EQ(keyring_->get("credentials/prod"), "{\"AccessKeyId\":\"AKIAEXAMPLE\"}");
}

TEST_P(KeyringContract, set_replaces_the_previous_secret) {
  keyring_->set("credentials/prod", "first");
  keyring_->set("credentials/prod", "second, longer than the first");
  keyring_->set("credentials/prod", "third");
  EXPECT_EQ(keyring_->get("credentials/prod"), "third");
  EXPECT_EQ(keyring_->list(""), Names{"credentials/prod"});
}

TEST_P(KeyringContract, get_of_a_missing_name_is_nullopt) {
  EXPECT_EQ(keyring_->get("credentials/never-stored"), std::nullopt);
  keyring_->set("credentials/other", "x");
  EXPECT_EQ(keyring_->get("credentials/never-stored"), std::nullopt);
}

TEST_P(KeyringContract, remove_returns_true_then_false) {
  keyring_->set("session/abc", "s");
  EXPECT_TRUE(keyring_->remove("session/abc"));
  EXPECT_EQ(keyring_->get("session/abc"), std::nullopt);
  EXPECT_FALSE(keyring_->remove("session/abc"));
  EXPECT_FALSE(keyring_->remove("session/never-stored"));
  EXPECT_EQ(keyring_->list(""), Names{});
}

TEST_P(KeyringContract, list_keeps_the_prefix_and_sorts) {
  EXPECT_EQ(keyring_->list(""), Names{});
  for (const auto* name :
       {"credentials/b", "session/1", "credentials/a", "credentialsX", "credentials/a/nested"})
    keyring_->set(name, "v");
  EXPECT_EQ(keyring_->list("credentials/"),
            (Names{"credentials/a", "credentials/a/nested", "credentials/b"}));
  EXPECT_EQ(keyring_->list("session/"), Names{"session/1"});
  EXPECT_EQ(keyring_->list("nothing/"), Names{});
  EXPECT_EQ(keyring_->list("").size(), 5U);
}

TEST_P(KeyringContract, names_with_slashes_punctuation_and_length_work) {
  const std::string deep = "credentials/org/team/prod/eu-west-1/role=admin;x:y @z";
  const std::string digest(64, 'f');
  const std::string long_name = "session/" + std::string(1000, 'n');
  keyring_->set(deep, "deep");
  keyring_->set("session/" + digest, "digest");
  keyring_->set(long_name, "long");
  EXPECT_EQ(keyring_->get(deep), "deep");
  EXPECT_EQ(keyring_->get("session/" + digest), "digest");
  EXPECT_EQ(keyring_->get(long_name), "long");
  EXPECT_EQ(keyring_->list("credentials/org/"), Names{deep});
}

TEST_P(KeyringContract, a_4_kib_secret_round_trips) {
  std::string big;
  for (int i = 0; big.size() < 4096; ++i)
    big += std::to_string(i) + ",";
  big.resize(4096);
  keyring_->set("session/big", big);
  EXPECT_EQ(keyring_->get("session/big"), big);
}

TEST_P(KeyringContract, json_and_binary_secrets_round_trip_byte_for_byte) {
  const std::string json = "{\n  \"SessionToken\": \"a\\\"b'c\",\n\t\"x\": \"\\u00e9\"\r\n}\n";
  const std::string binary("\x00\x01\x7f\xff bytes \x00 after nul\n", 23);
  keyring_->set("session/json", json);
  keyring_->set("session/binary", binary);
  EXPECT_EQ(keyring_->get("session/json"), json);
  EXPECT_EQ(keyring_->get("session/binary"), binary);
}

TEST_P(KeyringContract, an_empty_secret_is_not_a_missing_one) {
  keyring_->set("session/empty", "");
  EXPECT_EQ(keyring_->get("session/empty"), std::string());
  EXPECT_EQ(keyring_->list("session/"), Names{"session/empty"});
}

TEST_P(KeyringContract, a_second_handle_sees_the_first_ones_writes) {
  auto other = store_->open();
  keyring_->set("credentials/shared", "from first");
  EXPECT_EQ(other->get("credentials/shared"), "from first");
  other->set("credentials/shared", "from second");
  other->set("credentials/only-second", "2");
  EXPECT_EQ(keyring_->get("credentials/shared"), "from second");
  EXPECT_EQ(keyring_->list("credentials/"),
            (Names{"credentials/only-second", "credentials/shared"}));
  EXPECT_TRUE(other->remove("credentials/shared"));
  EXPECT_EQ(keyring_->get("credentials/shared"), std::nullopt);
}

TEST_P(KeyringContract, a_secret_with_an_expiry_reads_back_until_then) {
  const auto in_an_hour = std::chrono::system_clock::now() + std::chrono::hours(1);
  keyring_->set("session/timed", "expires", in_an_hour);
  keyring_->set("session/timed", "replaced, expires too", in_an_hour);
  EXPECT_EQ(keyring_->get("session/timed"), "replaced, expires too");
  EXPECT_EQ(keyring_->list("session/"), Names{"session/timed"});
}

TEST_P(KeyringContract, backend_is_named_as_awsx_backend_spells_it) {
  EXPECT_EQ(keyring_->backend(), GetParam().backend);
}

TEST_P(KeyringContract, control_characters_in_names_are_refused) {
  EXPECT_THROW(keyring_->set("credentials/a\nb", "v"), StorageError);
  EXPECT_THROW(keyring_->get(""), StorageError);
}

} // namespace
} // namespace awsx::test
