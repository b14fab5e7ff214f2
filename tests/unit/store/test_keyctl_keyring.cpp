#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <keyutils.h>
#include <sys/wait.h>
#include <unistd.h>

#include "awsx/store/errors.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "keyring_contract.hpp"

namespace awsx::test {
namespace {

using store::KeyctlKeyring;

// Keys under a scope of their own in the real user keyring, purged afterwards.
class KeyctlStore final : public StoreUnderTest {
public:
  KeyctlStore() : scope_(unique_scope("test")) {
    if (auto why = store::keyctl_unavailable())
      throw StorageError(*why, "this test needs the add_key and keyctl system calls");
  }
  ~KeyctlStore() override {
    try {
      KeyctlKeyring keyring(scope_);
      for (const auto& name : keyring.list(""))
        keyring.remove(name);
    } catch (const StorageError&) {
      // Nothing to clean when the keyring never worked.
    }
  }
  std::unique_ptr<store::Keyring> open() override {
    return std::make_unique<KeyctlKeyring>(scope_);
  }
  const std::string& scope() const { return scope_; }

private:
  std::string scope_;
};

INSTANTIATE_TEST_SUITE_P(Keyctl, KeyringContract,
                         ::testing::Values(ContractBackend{
                             "keyctl", "keyctl",
                             [] { return std::make_unique<KeyctlStore>(); }}),
                         contract_test_name);

// Runs `body` in a child process that has left our session keyring for a new, empty
// one, so it possesses nothing we made; returns its exit status (0 when `body` is true).
int in_stranger_process(const std::function<bool()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    bool ok = false;
    try {
      ok = keyctl_join_session_keyring(nullptr) >= 0 && body();
    } catch (...) {
    }
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(KeyctlKeyring, a_key_written_by_one_process_is_read_by_a_later_one) {
  KeyctlStore store;
  const auto& scope = store.scope();
  EXPECT_EQ(in_stranger_process([&] {
              KeyctlKeyring(scope).set("credentials/prod", "written by the first process");
              return true;
            }),
            0);
  EXPECT_EQ(in_stranger_process([&] {
              KeyctlKeyring keyring(scope);
              return keyring.get("credentials/prod") == "written by the first process" &&
                     keyring.list("") == std::vector<std::string>{"credentials/prod"};
            }),
            0);
  EXPECT_EQ(in_stranger_process([&] {
              KeyctlKeyring keyring(scope);
              keyring.set("credentials/prod", "replaced by the third");
              return keyring.remove("credentials/prod") == true;
            }),
            0);
  EXPECT_EQ(KeyctlKeyring(scope).get("credentials/prod"), std::nullopt);
}

TEST(KeyctlKeyring, keys_belong_to_the_user_and_never_to_group_or_others) {
  KeyctlStore store;
  KeyctlKeyring(store.scope()).set("session/abc", "v");
  const auto id = keyctl_search(KEY_SPEC_USER_KEYRING, "user",
                                ("awsx:" + store.scope() + ":session/abc").c_str(), 0);
  ASSERT_GE(id, 0);
  char* text = nullptr;
  ASSERT_GE(keyctl_describe_alloc(id, &text), 0);
  const std::string info(text);
  std::free(text);
  // type;uid;gid;perm;description
  EXPECT_NE(info.find(";3f3f0000;awsx:"), std::string::npos) << info;
}

// The kernel's id of the key `name` in `scope`, or -1.
key_serial_t key_id(const std::string& scope, const std::string& name) {
  return keyctl_search(KEY_SPEC_USER_KEYRING, "user", ("awsx:" + scope + ":" + name).c_str(),
                       0);
}

// The timeout column of /proc/keys for key `id`: "perm", "expd", "59m", "11h"...
std::string proc_keys_timeout(key_serial_t id) {
  char serial[16];
  std::snprintf(serial, sizeof serial, "%08x", static_cast<unsigned>(id));
  std::ifstream in("/proc/keys");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(serial, 0) != 0)
      continue;
    std::istringstream fields(line);
    std::string skip;
    std::string timeout;
    fields >> skip >> skip >> skip >> timeout;
    return timeout;
  }
  return "(not in /proc/keys)";
}

TEST(KeyctlKeyring, a_key_with_an_expiry_carries_it_as_a_kernel_timeout) {
  KeyctlStore store;
  KeyctlKeyring keyring(store.scope());
  keyring.set("session/timed", "v", std::chrono::system_clock::now() + std::chrono::hours(2));
  keyring.set("credentials/prod", "k");
  // Two hours, rounded up to whole seconds and then down to hours by /proc/keys.
  const auto timeout = proc_keys_timeout(key_id(store.scope(), "session/timed"));
  EXPECT_TRUE(timeout == "1h" || timeout == "2h") << timeout;
  EXPECT_EQ(proc_keys_timeout(key_id(store.scope(), "credentials/prod")), "perm");
}

TEST(KeyctlKeyring, a_key_is_gone_once_its_expiry_has_passed) {
  KeyctlStore store;
  KeyctlKeyring keyring(store.scope());
  const auto expires = std::chrono::system_clock::now() + std::chrono::seconds(1);
  keyring.set("session/brief", "v", expires);
  EXPECT_EQ(keyring.get("session/brief"), "v");
  const auto id = key_id(store.scope(), "session/brief");
  std::this_thread::sleep_until(expires + std::chrono::milliseconds(1500));
  EXPECT_EQ(keyring.get("session/brief"), std::nullopt);
  EXPECT_EQ(key_id(store.scope(), "session/brief"), -1);
  const auto timeout = proc_keys_timeout(id); // the kernel frees it after gc_delay
  EXPECT_TRUE(timeout == "expd" || timeout == "(not in /proc/keys)") << timeout;
}

TEST(KeyctlKeyring, an_expiry_already_past_never_makes_the_key_permanent) {
  KeyctlStore store;
  KeyctlKeyring keyring(store.scope());
  keyring.set("session/late", "v", std::chrono::system_clock::now() - std::chrono::hours(1));
  // A timeout of 0 would have made it permanent.
  EXPECT_NE(proc_keys_timeout(key_id(store.scope(), "session/late")), "perm");
}

TEST(KeyctlKeyring, a_foreign_key_with_our_description_is_corrupt) {
  KeyctlStore store;
  const auto desc = "awsx:" + store.scope() + ":session/foreign";
  ASSERT_GE(add_key("user", desc.c_str(), "raw", 3, KEY_SPEC_USER_KEYRING), 0);
  KeyctlKeyring keyring(store.scope());
  EXPECT_THROW(keyring.get("session/foreign"), store::CorruptEntry);
  EXPECT_TRUE(keyring.remove("session/foreign"));
}

TEST(KeyctlKeyring, scopes_do_not_see_each_other) {
  KeyctlStore one;
  KeyctlStore two;
  KeyctlKeyring(one.scope()).set("credentials/prod", "1");
  EXPECT_EQ(KeyctlKeyring(two.scope()).get("credentials/prod"), std::nullopt);
  EXPECT_EQ(KeyctlKeyring(two.scope()).list(""), std::vector<std::string>{});
}

TEST(KeyctlKeyring, a_secret_over_the_kernel_limit_is_refused_by_name) {
  KeyctlStore store;
  try {
    KeyctlKeyring(store.scope()).set("session/huge", std::string(40000, 's'));
    FAIL() << "no StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("session/huge"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("AWSX_BACKEND=file"), std::string::npos) << e.hint();
  }
}

} // namespace
} // namespace awsx::test
