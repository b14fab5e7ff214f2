#include <gtest/gtest.h>

#include <sys/stat.h>

#include "awsx/store/file_header.hpp"
#include "awsx/store/file_keyring.hpp"
#include "keyring_contract.hpp"
#include "store_support.hpp"

namespace awsx::test {
namespace {

namespace fs = std::filesystem;
using store::FileKeyring;

class FileStore final : public StoreUnderTest {
public:
  std::unique_ptr<store::Keyring> open() override {
    return std::make_unique<FileKeyring>(dir_.path() / "keyring",
                                         std::make_unique<FixedPassphrase>("correct horse"),
                                         fast_scrypt);
  }

private:
  StoreTempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(File, KeyringContract,
                         ::testing::Values(ContractBackend{
                             "file", "file", [] { return std::make_unique<FileStore>(); }}),
                         contract_test_name);

FileKeyring open_in(const fs::path& dir, const std::string& passphrase = "correct horse",
                    int* asked = nullptr) {
  return FileKeyring(dir, std::make_unique<FixedPassphrase>(passphrase, asked), fast_scrypt);
}

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// Sets the umask for one scope, whatever the test runner's was.
class Umask {
public:
  explicit Umask(mode_t mask) : saved_(::umask(mask)) {}
  ~Umask() { ::umask(saved_); }

private:
  mode_t saved_;
};

TEST(FileKeyring, folders_are_0700_and_files_0600_whatever_the_umask) {
  StoreTempDir tmp;
  const Umask loose(022);
  const auto dir = tmp.path() / "data" / "awsx" / "keyring";
  auto keyring = open_in(dir);
  keyring.set("credentials/prod", "secret");
  keyring.set("session/1", "secret");
  EXPECT_EQ(mode_of(tmp.path() / "data"), 0700U);
  EXPECT_EQ(mode_of(tmp.path() / "data" / "awsx"), 0700U);
  EXPECT_EQ(mode_of(dir), 0700U);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_EQ(mode_of(entry.path()), 0600U) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 3); // the header and two entries
}

TEST(FileKeyring, an_existing_open_folder_is_made_private) {
  StoreTempDir tmp;
  const auto dir = tmp.path() / "keyring";
  fs::create_directory(dir);
  ::chmod(dir.c_str(), 0755);
  open_in(dir).set("credentials/prod", "secret");
  EXPECT_EQ(mode_of(dir), 0700U);
}

TEST(FileKeyring, neither_secrets_nor_names_appear_in_the_files) {
  StoreTempDir tmp;
  const auto dir = tmp.path() / "keyring";
  auto keyring = open_in(dir);
  keyring.set("credentials/acme-production", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  keyring.set("session/acme-production", "{\"SessionToken\":\"FwoGZXIvYXdzEXAMPLE\"}");
  for (const auto& [file, bytes] : snapshot(dir)) {
    for (const char* clear :
         {"wJalrXUtnFEMI", "FwoGZXIvYXdz", "SessionToken", "acme-production"}) {
      EXPECT_EQ(bytes.find(clear), std::string::npos) << clear << " in " << file;
      EXPECT_EQ(file.find(clear), std::string::npos) << clear << " in the name " << file;
    }
  }
}

TEST(FileKeyring, the_key_is_derived_once_per_keyring) {
  StoreTempDir tmp;
  int asked = 0;
  auto keyring = open_in(tmp.path() / "keyring", "correct horse", &asked);
  for (int i = 0; i < 5; ++i) {
    keyring.set("session/" + std::to_string(i), "v");
    keyring.get("session/" + std::to_string(i));
  }
  keyring.list("");
  EXPECT_EQ(asked, 1);
}

TEST(FileKeyring, reading_a_keyring_never_written_asks_nothing_and_creates_nothing) {
  StoreTempDir tmp;
  int asked = 0;
  const auto dir = tmp.path() / "keyring";
  auto keyring = open_in(dir, "correct horse", &asked);
  EXPECT_EQ(keyring.get("credentials/prod"), std::nullopt);
  EXPECT_EQ(keyring.list(""), std::vector<std::string>{});
  EXPECT_FALSE(keyring.remove("credentials/prod"));
  EXPECT_EQ(asked, 0);
  EXPECT_FALSE(fs::exists(dir));
}

TEST(FileKeyring, a_new_keyring_records_the_default_scrypt_cost) {
  StoreTempDir tmp;
  const auto dir = tmp.path() / "keyring";
  FileKeyring(dir, std::make_unique<FixedPassphrase>("p")).set("credentials/prod", "v");
  const auto params = store::recorded_params(dir);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->log2_n, 15);
  EXPECT_EQ(params->r, 8);
  EXPECT_EQ(params->p, 1);
}

TEST(FileKeyring, a_keyring_made_with_another_cost_still_opens) {
  StoreTempDir tmp;
  const auto dir = tmp.path() / "keyring";
  open_in(dir).set("credentials/prod", "v");
  // Opened with default (stronger) parameters for new stores: the recorded ones win.
  FileKeyring reader(dir, std::make_unique<FixedPassphrase>("correct horse"));
  EXPECT_EQ(reader.get("credentials/prod"), "v");
  EXPECT_EQ(store::recorded_params(dir)->log2_n, fast_scrypt.log2_n);
}

TEST(FileKeyring, a_handle_opened_before_the_keyring_existed_joins_it) {
  StoreTempDir tmp;
  const auto dir = tmp.path() / "keyring";
  auto first = open_in(dir);
  auto second = open_in(dir);
  EXPECT_EQ(second.get("x/y"), std::nullopt); // sees no header yet
  first.set("credentials/a", "1");
  second.set("credentials/b", "2");
  EXPECT_EQ(first.get("credentials/b"), "2");
  EXPECT_EQ(second.get("credentials/a"), "1");
}

} // namespace
} // namespace awsx::test
