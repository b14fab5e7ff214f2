// The Keyring contract against a real Secret Service. Run only through
// run-with-keyring.sh, which starts a private D-Bus session and a throwaway GNOME Keyring.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/store/secret_service_keyring.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "store/keyring_contract.hpp"

namespace awsx::test {
namespace {

using store::SecretServiceKeyring;

// Items under an awsx-purpose of their own, cleared afterwards.
class SecretServiceStore final : public StoreUnderTest {
public:
  SecretServiceStore() : purpose_(unique_scope("test")) {
    // Never write test items into a developer's real login keyring.
    if (std::getenv("AWSX_TEST_PRIVATE_KEYRING") == nullptr)
      throw StorageError("not on a private keyring",
                         "run this through tests/integration/store/run-with-keyring.sh "
                         "(ctest -R store.secret_service)");
  }
  ~SecretServiceStore() override {
    try {
      SecretServiceKeyring keyring(env_, purpose_);
      for (const auto& name : keyring.list(""))
        keyring.remove(name);
    } catch (const StorageError&) {
      // Nothing to clean when the service never answered.
    }
  }
  std::unique_ptr<store::Keyring> open() override {
    return std::make_unique<SecretServiceKeyring>(env_, purpose_);
  }
  const std::string& purpose() const { return purpose_; }

private:
  util::ProcessEnvironment env_;
  std::string purpose_;
};

INSTANTIATE_TEST_SUITE_P(SecretService, KeyringContract,
                         ::testing::Values(ContractBackend{
                             "secret_service", "secret-service",
                             [] { return std::make_unique<SecretServiceStore>(); }}),
                         contract_test_name);

// Long-term keys go to the running service; sessions stay in the kernel keyring, so a
// cached exec never waits on D-Bus.
TEST(SecretServiceKeyring, auto_detection_puts_keys_in_the_service_and_sessions_in_keyctl) {
  ASSERT_NE(std::getenv("AWSX_TEST_PRIVATE_KEYRING"), nullptr)
      << "run through run-with-keyring.sh";
  EXPECT_TRUE(store::secret_service_running());
  util::MapEnvironment env;
  env.set("DBUS_SESSION_BUS_ADDRESS", std::getenv("DBUS_SESSION_BUS_ADDRESS"));
  EXPECT_EQ(store::open_keyring(env, store::Purpose::credentials)->backend(), "secret-service");
  EXPECT_EQ(store::open_keyring(env, store::Purpose::sessions)->backend(),
            store::keyctl_unavailable() ? "secret-service" : "keyctl");
}

TEST(SecretServiceKeyring, purposes_do_not_see_each_other) {
  SecretServiceStore one;
  SecretServiceStore two;
  one.open()->set("credentials/prod", "1");
  EXPECT_EQ(two.open()->get("credentials/prod"), std::nullopt);
  EXPECT_EQ(two.open()->list(""), std::vector<std::string>{});
}

// Runs alone (its own ctest entry, its own keyring): it leaves the collection locked, and
// only a prompt could unlock it again.
TEST(SecretServiceLocked, a_locked_collection_is_an_error_not_a_missing_secret) {
  SecretServiceStore store;
  auto keyring = store.open();
  keyring->set("credentials/prod", "v");
  ASSERT_EQ(std::system("dbus-send --session --print-reply --dest=org.freedesktop.secrets "
                        "/org/freedesktop/secrets org.freedesktop.Secret.Service.Lock "
                        "array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null"),
            0);
  const auto start = std::chrono::steady_clock::now();
  for (int operation = 0; operation < 3; ++operation) {
    try {
      if (operation == 0)
        keyring->get("credentials/prod");
      else if (operation == 1)
        keyring->remove("credentials/prod");
      else
        keyring->set("credentials/prod", "w");
      ADD_FAILURE() << "operation " << operation << " ignored the lock";
    } catch (const StorageError& e) {
      EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
    }
  }
  // Listing reads attributes only, and a name never stored is still simply missing.
  EXPECT_EQ(keyring->list(""), std::vector<std::string>{"credentials/prod"});
  EXPECT_EQ(keyring->get("credentials/never-stored"), std::nullopt);
  // With no display the prompt fails at once: nothing may wait for a user.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

} // namespace
} // namespace awsx::test
